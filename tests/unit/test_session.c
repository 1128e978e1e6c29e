/* The session driver without a network or a terminal: server bytes are fed
 * in, what the client would send is drained from the engine. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/session.h"

static struct session_opts opts = {.conn = {.host = "mx.test", .port = "25", .timeout_s = 30}};

/* Everything the client sent since the last call. */
static char *sent(struct session *s)
{
	const uint8_t *p;
	struct smtp_client *c = session_client(s);
	size_t n = smtp_client_tx(c, &p);
	char *r = n ? strndup((const char *)p, n) : strdup("");
	smtp_client_tx_done(c, n);
	return r;
}

static void expect_sent(struct session *s, const char *want)
{
	char *got = sent(s);
	cr_assert_str_eq(got, want);
	free(got);
}

static void feed(struct session *s, const char *text)
{
	session_feed(s, text, strlen(text));
}

static struct session *greeted(const char *ehlo_reply)
{
	struct session *s = session_new(&opts, NULL);
	feed(s, "220 mx.test ESMTP\r\n");
	cr_assert(session_submit(s, "EHLO x"));
	expect_sent(s, "EHLO x\r\n");
	feed(s, ehlo_reply);
	return s;
}

static long find(const struct transcript *t, const char *text, bool reveal)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(tr_text(t, i, reveal), text))
			return (long)i;
	return -1;
}

static bool anywhere(struct session *s, const char *needle)
{
	const struct transcript *t = session_transcript(s);
	for (size_t i = 0; i < t->n; i++) {
		struct buf b;
		buf_init(&b, 0);
		session_explain_text(s, i, false, &b);
		bool hit = strstr(tr_text(t, i, false), needle) || strstr(b.data ? b.data : "", needle);
		buf_free(&b);
		if (hit)
			return true;
	}
	return false;
}

Test(session, nothing_is_sent_until_the_user_types)
{
	struct session *s = session_new(&opts, NULL);
	feed(s, "220 mx.test ESMTP\r\n");
	expect_sent(s, "");
	const struct transcript *t = session_transcript(s);
	cr_assert_eq(t->n, 1);
	cr_assert_eq(t->v[0].kind, TR_SERVER);
	struct buf b;
	buf_init(&b, 0);
	session_explain_text(s, 0, false, &b);
	cr_assert(strstr(b.data, "Service ready"), "%s", b.data);
	cr_assert(strstr(b.data, "Now: "), "what comes next: %s", b.data);
	buf_free(&b);
	session_free(s);
}

Test(session, typed_lines_go_out_verbatim)
{
	struct session *s = greeted("250 mx.test\r\n");
	/* a debugger sends what is typed, even out of order */
	cr_assert(session_submit(s, "RCPT TO:<a@b>"));
	expect_sent(s, "RCPT TO:<a@b>\r\n");
	session_free(s);
}

Test(session, ehlo_keywords_explained_line_by_line)
{
	struct session *s = greeted("250-mx.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n");
	const struct transcript *t = session_transcript(s);
	long i = find(t, "250-STARTTLS", false);
	cr_assert_geq(i, 0);
	struct buf b;
	buf_init(&b, 0);
	session_explain_text(s, (size_t)i, false, &b);
	cr_assert(!strncmp(b.data, "STARTTLS  Start TLS  [RFC 3207]", 31), "%s", b.data);
	cr_assert(strstr(b.data, "PIPELINING"), "the whole reply too: %s", b.data);
	buf_free(&b);
	cr_assert_geq(t->v[i].group, 0);
	cr_assert_eq(t->v[i].group, (size_t)find(t, "250-mx.test", false));
	cr_assert_geq(t->v[find(t, "250-mx.test", false)].latency_ms, 0);
	session_free(s);
}

Test(session, auth_login_in_clear_asks_then_fields)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH LOGIN PLAIN\r\n");
	const char *label;
	cr_assert_not(session_submit(s, "AUTH LOGIN"));
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	expect_sent(s, "");
	session_submit(s, "y");
	expect_sent(s, "AUTH LOGIN\r\n");
	feed(s, "334 VXNlcm5hbWU6\r\n");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_FIELD);
	cr_assert_str_eq(label, "Username: ");
	cr_assert_not(session_submit(s, "Max Mustermann"));
	expect_sent(s, "TWF4IE11c3Rlcm1hbm4=\r\n");
	feed(s, "334 UGFzc3dvcmQ6\r\n");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	cr_assert_str_eq(label, "Password: ");
	cr_assert_not(session_submit(s, "IchbinkeinSpammer"), "a password never enters history");
	expect_sent(s, "SWNoYmlua2VpblNwYW1tZXI=\r\n");
	feed(s, "235 2.7.0 Authentication successful\r\n");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SMTP);

	const struct transcript *t = session_transcript(s);
	long pw = find(t, "********", false);
	cr_assert_geq(pw, 0);
	cr_assert_str_eq(tr_text(t, (size_t)pw, true), "SWNoYmlua2VpblNwYW1tZXI=");
	cr_assert_str_eq(tr_decoded(t, (size_t)pw, true), "IchbinkeinSpammer");
	cr_assert_not(anywhere(s, "IchbinkeinSpammer"));
	cr_assert_not(anywhere(s, "SWNoYmlua2VpblNwYW1tZXI="));
	long user = find(t, "TWF4IE11c3Rlcm1hbm4=", false);
	cr_assert_str_eq(tr_decoded(t, (size_t)user, false), "Max Mustermann");

	struct session_status st;
	session_status(s, &st);
	cr_assert_str_eq(st.auth, "AUTH ok");
	cr_assert_str_eq(st.state, "ready");

	/* :save writes the transcript format, secrets masked, mode 0600 */
	char path[] = "/tmp/smtpdbg-test-save-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink(path); /* :save writes a new file */
	cr_assert_eq(session_save(s, path), 0);
	FILE *f = fopen(path, "r");
	char text[16384];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = 0;
	fclose(f);
	unlink(path);
	cr_assert(!strncmp(text, "smtpdbg-transcript 1\n@peer mx.test:25\n", 37), "%s", text);
	cr_assert(strstr(text, " - 220 mx.test ESMTP\n"), "%s", text);
	cr_assert(strstr(text, " - AUTH LOGIN\n"));
	cr_assert(strstr(text, " SM ********\n"));
	cr_assert_not(strstr(text, "IchbinkeinSpammer"));
	cr_assert_not(strstr(text, "SWNoYmlua2VpblNwYW1tZXI="));

	/* Replayed, every protocol line comes back with the explanation the
	 * live session gave it: the knowledge base's heading for it. */
	struct tf_list l;
	tf_list_init(&l);
	cr_assert_eq(tf_parse(&l, text, n, "saved", NULL, NULL, NULL), 0);
	struct teach_rows rows;
	teach_rows_init(&rows);
	replay_rows(&l, &(struct narrate_opts){.explain = true}, &rows);
	size_t checked = 0;
	for (size_t i = 0; i < rows.n; i++) {
		const struct teach_row *w = &rows.v[i];
		if (w->party != 'S' || !w->detail)
			continue;
		const char *last_line = strrchr(w->wire, '\n');
		long li = find(t, last_line ? last_line + 1 : w->wire, false);
		cr_assert_geq(li, 0, "%s", w->wire);
		struct buf e;
		buf_init(&e, 0);
		session_explain_text(s, (size_t)li, false, &e);
		const char *nl = strchr(w->detail, '\n');
		char *head = strndup(w->detail, nl ? (size_t)(nl - w->detail) : strlen(w->detail));
		cr_assert(strstr(e.data, head), "live: %s\nreplay: %s", e.data, head);
		free(head);
		buf_free(&e);
		checked++;
	}
	cr_assert_geq(checked, 5);
	teach_rows_free(&rows);
	tf_list_free(&l);
	session_free(s);
}

Test(session, declining_cleartext_sends_nothing)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	session_submit(s, "AUTH PLAIN AHUAcA==");
	session_submit(s, "n");
	expect_sent(s, "");
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SMTP);
	char *m = session_take_message(s);
	cr_assert_str_eq(m, "not sent");
	free(m);
	session_free(s);
}

Test(session, typed_initial_response_is_secret_and_not_history)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH CRAM-MD5\r\n");
	/* CRAM-MD5 does not reveal the password: no question */
	cr_assert_not(session_submit(s, "AUTH XYZ c2VjcmV0"));
	expect_sent(s, "AUTH XYZ c2VjcmV0\r\n");
	cr_assert_geq(find(session_transcript(s), "AUTH XYZ ********", false), 0);
	session_free(s);
}

/* Secrets by role, never by what a prompt says: LOGIN's second answer is
 * the password whatever the server asks, and an empty or unknown prompt
 * counts as a password prompt. */
static struct session *login_started(void)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH LOGIN\r\n");
	session_submit(s, "AUTH LOGIN");
	session_submit(s, "y"); /* in clear: this test has no TLS */
	expect_sent(s, "AUTH LOGIN\r\n");
	return s;
}

Test(session, login_password_is_secret_whatever_the_prompt)
{
	struct session *s = login_started();
	const char *label;
	feed(s, "334 QmVudXR6ZXJuYW1lOg==\r\n"); /* "Benutzername:" */
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_FIELD, "a user name is shown");
	session_submit(s, "max");
	expect_sent(s, "bWF4\r\n");
	feed(s, "334 S2VubndvcnQ6\r\n"); /* "Kennwort:" has no "pass" in it */
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	cr_assert_not(session_submit(s, "S3cretPassw0rd"), "a password never enters history");
	expect_sent(s, "UzNjcmV0UGFzc3cwcmQ=\r\n");
	cr_assert_not(anywhere(s, "S3cretPassw0rd"));
	cr_assert_not(anywhere(s, "UzNjcmV0UGFzc3cwcmQ="));
	char path[] = "/tmp/smtpdbg-test-role-XXXXXX";
	close(mkstemp(path));
	unlink(path); /* saving writes a new file */
	cr_assert_eq(session_save(s, path), 0);
	FILE *f = fopen(path, "r");
	char text[16384];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(path);
	cr_assert_null(strstr(text, "UzNjcmV0UGFzc3cwcmQ="), "%s", text);
	session_free(s);
}

Test(session, login_empty_or_hostile_prompt_counts_as_password)
{
	const char *prompts[] = {"334 \r\n", "334 G1sySg==\r\n" /* ESC [2J */,
				 "334 Pz8/\r\n" /* "???" */};
	for (size_t i = 0; i < 3; i++) {
		struct session *s = login_started();
		const char *label;
		feed(s, prompts[i]);
		cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET, "prompt %zu", i);
		session_free(s);
	}
}

Test(session, leading_blanks_do_not_hide_an_auth_line)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	const char *label;
	/* The clear-text question comes, as for "AUTH PLAIN ..." */
	cr_assert_not(session_submit(s, "  AUTH PLAIN AG1heABzZWNyZXQ="));
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	cr_assert_not(session_submit(s, "y"), "an answer never enters history");
	expect_sent(s, "  AUTH PLAIN AG1heABzZWNyZXQ=\r\n");
	cr_assert_geq(find(session_transcript(s), "  AUTH PLAIN ********", false), 0);
	cr_assert_not(anywhere(s, "AG1heABzZWNyZXQ="));
	session_free(s);
}

Test(session, cram_md5_computed_with_steps)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH CRAM-MD5\r\n");
	const char *label;
	cr_assert(session_submit(s, "AUTH CRAM-MD5"));
	expect_sent(s, "AUTH CRAM-MD5\r\n");
	/* RFC 2195's example */
	char *chal = b64_encode("<1896.697170952@postoffice.reston.mci.net>", 42);
	char line[128];
	snprintf(line, sizeof line, "334 %s\r\n", chal);
	free(chal);
	feed(s, line);
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_FIELD);
	cr_assert_str_eq(label, "Username: ");
	session_submit(s, "tim");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	session_submit(s, "tanstaaftanstaaf");
	expect_sent(s, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n");
	cr_assert(anywhere(s, "HMAC-MD5"));
	cr_assert(anywhere(s, "b913a602c7eda7a495b4e6e7334d3890"));
	cr_assert_not(anywhere(s, "tanstaaftanstaaf"));
	session_free(s);
}

Test(session, cancel_a_field_sends_star)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH LOGIN\r\n");
	session_submit(s, "AUTH LOGIN");
	session_submit(s, "y");
	expect_sent(s, "AUTH LOGIN\r\n");
	feed(s, "334 VXNlcm5hbWU6\r\n");
	session_cancel_prompt(s);
	expect_sent(s, "*\r\n");
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SMTP);
	session_free(s);
}

Test(session, auth_tool_runs_the_whole_exchange)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	struct tool_parsed t = tool_parse(":auth plain");
	const char *label;
	session_tool(s, &t);
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	session_submit(s, "yes");
	cr_assert_str_eq(label, "Username: ");
	session_submit(s, "u");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	session_submit(s, "p");
	expect_sent(s, "AUTH PLAIN AHUAcA==\r\n");
	cr_assert_geq(find(session_transcript(s), "AUTH PLAIN ********", false), 0);
	feed(s, "235 2.7.0 ok\r\n");
	struct session_status st;
	session_status(s, &st);
	cr_assert_str_eq(st.auth, "AUTH ok");
	session_free(s);
}

/* After the server refused the mechanism (534 5.7.9, 538 5.7.11, 504
 * 5.5.4) the explanation names the next one, strongest first, and :auth
 * next runs it; when none is left it says so. */
Test(session, auth_next_tries_the_next_mechanism)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH LOGIN CRAM-MD5 PLAIN\r\n");
	const char *label;
	struct tool_parsed t = tool_parse(":auth cram-md5");
	session_tool(s, &t);
	session_submit(s, "tim");
	session_submit(s, "wrong");
	expect_sent(s, "AUTH CRAM-MD5\r\n");
	char *chal = b64_encode("<1.2@mx.test>", 13);
	char line[64];
	snprintf(line, sizeof line, "334 %s\r\n", chal);
	free(chal);
	feed(s, line);
	free(sent(s));
	feed(s, "534 5.7.9 Authentication mechanism is too weak\r\n");
	cr_assert(anywhere(s, "tries PLAIN"), "PLAIN ranks above LOGIN");

	t = tool_parse(":auth next");
	session_tool(s, &t);
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM, "PLAIN in clear asks");
	session_submit(s, "y");
	session_submit(s, "tim");
	session_submit(s, "wrong");
	expect_sent(s, "AUTH PLAIN AHRpbQB3cm9uZw==\r\n");
	feed(s, "538 5.7.11 Encryption required for requested authentication mechanism\r\n");
	cr_assert(anywhere(s, "tries LOGIN"));

	t = tool_parse(":auth next");
	session_tool(s, &t);
	session_submit(s, "y");
	session_submit(s, "tim");
	session_submit(s, "wrong");
	expect_sent(s, "AUTH LOGIN\r\n");
	feed(s, "334 VXNlcm5hbWU6\r\n");
	feed(s, "334 UGFzc3dvcmQ6\r\n");
	free(sent(s));
	feed(s, "504 5.5.4 Unrecognized authentication type\r\n");
	cr_assert(anywhere(s, "Every mechanism the server offers"));
	t = tool_parse(":auth next");
	session_tool(s, &t);
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SMTP, "nothing left to try");
	session_free(s);
}

/* Wrong credentials stay wrong with every mechanism: after 535 5.7.8 the
 * explanation is about the credentials, and no other mechanism is named
 * (issue: the TUI offered ":auth next" after a wrong password). */
Test(session, auth_535_advises_credentials_not_another_mechanism)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH LOGIN CRAM-MD5 PLAIN\r\n");
	struct tool_parsed t = tool_parse(":auth cram-md5");
	session_tool(s, &t);
	session_submit(s, "tim");
	session_submit(s, "wrong");
	expect_sent(s, "AUTH CRAM-MD5\r\n");
	char *chal = b64_encode("<1.2@mx.test>", 13);
	char line[64];
	snprintf(line, sizeof line, "334 %s\r\n", chal);
	free(chal);
	feed(s, line);
	free(sent(s));
	feed(s, "535 5.7.8 Authentication credentials invalid\r\n");
	cr_assert(anywhere(s, "Diagnosis (certain)"), "535 after AUTH is the credentials");
	cr_assert(!anywhere(s, ":auth next"), "no other mechanism is offered after 535");
	cr_assert(!anywhere(s, "tries PLAIN"));
	session_free(s);
}

Test(session, tools_b64_and_raw)
{
	struct session *s = greeted("250 mx.test\r\n");
	struct tool_parsed t = tool_parse(":b64 encode Username:");
	session_tool(s, &t);
	cr_assert(anywhere(s, "VXNlcm5hbWU6"));
	expect_sent(s, "");
	t = tool_parse(":b64 decode !!");
	session_tool(s, &t);
	cr_assert(anywhere(s, "not valid Base64"));
	t = tool_parse(":raw NOOP\\r\\nNOOP\\r\\n");
	session_tool(s, &t);
	expect_sent(s, "NOOP\r\nNOOP\r\n");
	session_free(s);
}

Test(session, transcript_survives_the_drop)
{
	struct session *s = greeted("250 mx.test\r\n");
	session_closed(s, "the server closed the connection");
	struct session_status st;
	session_status(s, &st);
	cr_assert_not(st.connected);
	cr_assert_str_eq(st.link, "closed");
	session_submit(s, "NOOP");
	expect_sent(s, "");
	char *m = session_take_message(s);
	cr_assert(m && strstr(m, "not connected"));
	free(m);
	cr_assert(anywhere(s, "connection closed"));
	char path[] = "/tmp/smtpdbg-test-drop-XXXXXX";
	close(mkstemp(path));
	unlink(path); /* saving writes a new file */
	cr_assert_eq(session_save(s, path), 0);
	unlink(path);
	session_free(s);
}

Test(session, starttls_wanted_but_not_offered_is_a_warning)
{
	struct session_opts o = opts;
	o.conn.tls = CONN_TLS_STARTTLS;
	struct session *s = session_new(&o, NULL);
	feed(s, "220 mx.test ESMTP\r\n");
	session_submit(s, "EHLO x");
	feed(s, "250-mx.test\r\n250 PIPELINING\r\n");
	const struct transcript *t = session_transcript(s);
	cr_assert_eq(t->v[t->n - 1].kind, TR_WARN);
	cr_assert(strstr(tr_text(t, t->n - 1, false), "does not offer STARTTLS"));
	session_free(s);
}

/* Typed at the prompt, BDAT n is followed by n octets of data, a line at a
 * time; the reply after them is explained for BDAT, not for the data. */
Test(session, typed_bdat_lines_are_its_data)
{
	struct session *s = greeted("250-mx.test\r\n250 CHUNKING\r\n");
	cr_assert(session_submit(s, "MAIL FROM:<a@b>"));
	feed(s, "250 ok\r\n");
	cr_assert(session_submit(s, "RCPT TO:<c@d>"));
	feed(s, "250 ok\r\n");
	expect_sent(s, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
	cr_assert(session_submit(s, "BDAT 11 LAST"));
	cr_assert(session_submit(s, "Subject:"));
	cr_assert(session_submit(s, "x"));
	expect_sent(s, "BDAT 11 LAST\r\nSubject:\r\nx");
	feed(s, "250 2.0.0 queued\r\n");
	cr_assert(session_submit(s, "QUIT"));
	expect_sent(s, "QUIT\r\n");
	cr_assert_not(anywhere(s, "RFC 3030 §2)"), "no rule was broken");
	session_free(s);
}
