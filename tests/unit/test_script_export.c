/* :export: a session's records as a run script, a run command line and a
 * swaks command line; the password never inline. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/script_export.h"

static void S(struct tf_list *l, const char *t)
{
	tf_list_add(l, TF_SERVER, 0, 0, t, strlen(t));
}

static void C(struct tf_list *l, const char *t, unsigned flags)
{
	tf_list_add(l, TF_CLIENT, 0, flags, t, strlen(t));
}

/* The article's session: AUTH LOGIN as Max Mustermann after STARTTLS. */
static void article(struct tf_list *l)
{
	tf_list_init(l);
	S(l, "220 smtp.server.com ESMTP");
	C(l, "EHLO laptop.example", 0);
	S(l, "250-smtp.server.com");
	S(l, "250 STARTTLS");
	C(l, "STARTTLS", 0);
	S(l, "220 2.0.0 Ready");
	C(l, "EHLO laptop.example", TF_F_TLS);
	S(l, "250 AUTH LOGIN PLAIN");
	C(l, "AUTH LOGIN", TF_F_TLS);
	S(l, "334 VXNlcm5hbWU6");
	C(l, "TWF4IE11c3Rlcm1hbm4=", TF_F_TLS);
	S(l, "334 UGFzc3dvcmQ6");
	C(l, "SWNoYmlua2VpblNwYW1tZXI=", TF_F_TLS | TF_F_SECRET);
	S(l, "235 2.7.0 Authentication successful");
	C(l, "MAIL FROM:<max@example.org>", TF_F_TLS);
	S(l, "250 2.1.0 Ok");
	C(l, "RCPT TO:<a@example.net>", TF_F_TLS);
	S(l, "250 2.1.5 Ok");
	C(l, "RCPT TO:<b@example.net>", TF_F_TLS);
	S(l, "250 2.1.5 Ok");
	C(l, "DATA", TF_F_TLS);
	S(l, "354 End data with <CR><LF>.<CR><LF>");
	C(l, "Subject: it's me", TF_F_TLS);
	C(l, "", TF_F_TLS);
	C(l, "..a line with a dot", TF_F_TLS);
	C(l, ".", TF_F_TLS);
	S(l, "250 2.0.0 Ok: queued");
	C(l, "NOOP", TF_F_TLS);
	S(l, "250 2.0.0 Ok");
	C(l, "QUIT", TF_F_TLS);
	S(l, "221 2.0.0 Bye");
}

Test(script_export, the_article_session)
{
	struct tf_list l;
	article(&l);
	struct script_export x;
	script_export(&l, &(struct script_export_in){.target = "smtp.server.com:587", .file = "s.txt"},
		      &x);
	cr_assert_str_eq(x.run.data, "SMTPDBG_PASSWORD=... smtpdbg run --starttls --ehlo "
				     "laptop.example --auth LOGIN --user 'Max Mustermann' "
				     "--password-env SMTPDBG_PASSWORD --script s.txt "
				     "smtp.server.com:587");
	const char *want_lines = "MAIL FROM:<max@example.org>\nRCPT TO:<a@example.net>\n"
				 "RCPT TO:<b@example.net>\nDATA\nSubject: it's me\n\n"
				 "..a line with a dot\n.\nNOOP\nQUIT\n";
	size_t n = strlen(x.script.data), wn = strlen(want_lines);
	cr_assert(n > wn && !strcmp(x.script.data + n - wn, want_lines), "%s", x.script.data);
	cr_assert_eq(x.lines, 10);
	/* the header: '#' lines only, then the first line to send */
	cr_assert_eq(strncmp(x.script.data, "# ", 2), 0);
	cr_assert(strstr(x.script.data, "\n#   SMTPDBG_PASSWORD=... smtpdbg run"), "%s",
		  x.script.data);
	cr_assert_null(strstr(x.script.data, "SWNoYmlua2VpblNwYW1tZXI="), "no password");
	cr_assert_null(strstr(x.script.data, "IchbinkeinSpammer"));
	cr_assert_null(strstr(x.script.data, "\nAUTH"), "AUTH is an option, not a line");
	cr_assert_null(strstr(x.script.data, "\nSTARTTLS\n"));
	cr_assert_null(strstr(x.script.data, "\nEHLO"));
	cr_assert_str_eq(x.swaks.data,
			 "swaks --server smtp.server.com:587 --tls --ehlo laptop.example --auth LOGIN "
			 "--auth-user 'Max Mustermann' --auth-password \"$SMTPDBG_PASSWORD\" --from "
			 "max@example.org --to a@example.net,b@example.net --data 'Subject: it'\\''s "
			 "me\\n\\n.a line with a dot'");
	cr_assert(strstr(x.notes.data, "NOOP"), "swaks cannot NOOP: %s", x.notes.data);
	cr_assert_null(strstr(x.swaks.data, "SWNoYmlu"));
	script_export_free(&x);
	tf_list_free(&l);
}

Test(script_export, plain_user_from_the_initial_response)
{
	struct tf_list l;
	tf_list_init(&l);
	S(&l, "220 mx ESMTP");
	C(&l, "EHLO c", 0);
	S(&l, "250 AUTH PLAIN");
	/* \0tim\0tanstaaftanstaaf */
	C(&l, "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm", TF_F_SECRET);
	S(&l, "235 ok");
	C(&l, "QUIT", 0);
	S(&l, "221 bye");
	struct script_export x;
	script_export(&l, &(struct script_export_in){.target = "mx:465", .implicit_tls = true,
						    .file = "f"},
		      &x);
	cr_assert(strstr(x.run.data, " --tls --ehlo c --auth PLAIN --user tim "), "%s", x.run.data);
	cr_assert_null(strstr(x.run.data, "tanstaaf"));
	cr_assert(strstr(x.swaks.data, "--server mx:465 --tls-on-connect"), "%s", x.swaks.data);
	cr_assert(strstr(x.swaks.data, "--quit-after auth"), "%s", x.swaks.data);
	script_export_free(&x);
	tf_list_free(&l);
}

Test(script_export, masked_user_pipe_and_raw)
{
	struct tf_list l;
	tf_list_init(&l);
	S(&l, "220 mx ESMTP");
	C(&l, "EHLO c", 0);
	S(&l, "250 AUTH PLAIN");
	C(&l, "AUTH PLAIN " TF_MASK, TF_F_SECRET | TF_F_MASKED);
	S(&l, "235 ok");
	C(&l, "NOOP\r\n", TF_F_RAW);
	S(&l, "250 ok");
	C(&l, "MAIL FROM:<a@b>", 0);
	S(&l, "250 ok");
	C(&l, "RSET", 0);
	S(&l, "250 ok");
	C(&l, "MAIL FROM:<c@d>", 0);
	S(&l, "250 ok");
	C(&l, "AUTH LOGIN", 0);
	S(&l, "503 already");
	struct script_export x;
	script_export(&l, &(struct script_export_in){.target = "pipe:sendmail -bs", .file = "f"},
		      &x);
	cr_assert(strstr(x.run.data, "--user USER"), "%s", x.run.data);
	cr_assert(strstr(x.run.data, "--script f --pipe 'sendmail -bs'"), "%s", x.run.data);
	cr_assert(strstr(x.swaks.data, "swaks --pipe 'sendmail -bs'"), "%s", x.swaks.data);
	cr_assert(strstr(x.notes.data, "USER"), "%s", x.notes.data);
	cr_assert(strstr(x.notes.data, ":raw"), "%s", x.notes.data);
	cr_assert(strstr(x.notes.data, "first transaction"), "%s", x.notes.data);
	cr_assert(strstr(x.notes.data, "STARTTLS and AUTH after"), "%s", x.notes.data);
	cr_assert_eq(x.lines, 3, "MAIL, RSET, MAIL");
	script_export_free(&x);
	tf_list_free(&l);
}

Test(script_export, nothing_after_the_greeting)
{
	struct tf_list l;
	tf_list_init(&l);
	S(&l, "220 mx ESMTP");
	C(&l, "EHLO c", 0);
	S(&l, "250 mx");
	struct script_export x;
	script_export(&l, &(struct script_export_in){.target = "unix:/run/x.sock", .file = "f"}, &x);
	cr_assert_eq(x.lines, 0);
	cr_assert(strstr(x.notes.data, "empty"), "%s", x.notes.data);
	cr_assert(strstr(x.swaks.data, "--socket /run/x.sock"), "%s", x.swaks.data);
	cr_assert(strstr(x.swaks.data, "--quit-after helo"), "%s", x.swaks.data);
	cr_assert(strstr(x.run.data, " unix:/run/x.sock"), "%s", x.run.data);
	script_export_free(&x);
	tf_list_free(&l);
}
