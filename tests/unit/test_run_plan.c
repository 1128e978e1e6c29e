/* The run plan against scripted servers: what it sends, and how it ends. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/run_plan.h"

struct sim {
	struct smtp_client *c;
	struct run_plan *p;
	enum run_action last;
	bool dropped;    /* the plan asked to close without QUIT */
	struct buf sent; /* everything the client sent, CRLF-separated */
};

static void pump(struct sim *s)
{
	struct smtp_event ev;
	while (smtp_client_next_event(s->c, &ev)) {
		enum run_action a = run_plan_event(s->p, s->c, &ev);
		if (a == RUN_SEND_BODY) {
			smtp_client_body(s->c, "Subject: t\n\nhello\n", 18);
			smtp_client_body_end(s->c);
		} else if (a == RUN_START_TLS) {
			run_plan_tls_ready(s->p);
			smtp_client_tls_ready(s->c, true);
		}
		s->last = a;
		s->dropped |= a == RUN_DROP;
	}
	const uint8_t *p;
	size_t n = smtp_client_tx(s->c, &p);
	buf_add(&s->sent, p, n);
	smtp_client_tx_done(s->c, n);
}

static void server(struct sim *s, const char *bytes)
{
	smtp_client_feed(s->c, bytes, strlen(bytes));
	pump(s);
}

static void sim_init(struct sim *s, const struct run_opts *o)
{
	s->c = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = o->ehlo,
		.tls_active = o->tls == CONN_TLS_IMPLICIT});
	s->p = run_plan_new(o);
	buf_init(&s->sent, 0);
	s->last = RUN_GO_ON;
	s->dropped = false;
}

static void sim_free(struct sim *s)
{
	run_plan_free(s->p);
	smtp_client_free(s->c);
	buf_free(&s->sent);
}

static const char *const one_rcpt[] = {"b@lab.test"};

static struct run_opts submission(void)
{
	return (struct run_opts){
		.ehlo = "client.test", .tls = CONN_TLS_STARTTLS, .auth = sasl_find("PLAIN"),
		.creds = {.user = "tim", .password = "tanstaaftanstaaf"},
		.from = "a@client.test", .to = one_rcpt, .nto = 1, .has_body = true,
		.quit_after = -1,
	};
}

static void to_auth(struct sim *s)
{
	server(s, "220 mx ESMTP\r\n");
	server(s, "250-mx\r\n250-STARTTLS\r\n250 AUTH LOGIN\r\n");
	server(s, "220 2.0.0 Ready\r\n");
	server(s, "250-mx\r\n250 AUTH PLAIN LOGIN\r\n");
}

Test(run_plan, full_submission)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	server(&s, "250 2.1.5 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "250 2.0.0 queued\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_str_eq(s.sent.data,
			 "EHLO client.test\r\nSTARTTLS\r\nEHLO client.test\r\n"
			 "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n"
			 "MAIL FROM:<a@client.test>\r\nRCPT TO:<b@lab.test>\r\nDATA\r\n"
			 "Subject: t\r\n\r\nhello\r\n.\r\nQUIT\r\n");
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_eq(run_plan_exit(s.p), 0);
	cr_assert_null(run_plan_reason(s.p));
	sim_free(&s);
}

Test(run_plan, wrong_password_is_the_auth_stage)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "535 5.7.8 Error: authentication failed\r\n");
	cr_assert(strstr(s.sent.data, "\r\nQUIT\r\n"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 14);
	cr_assert(strstr(run_plan_reason(s.p), "535"));
	sim_free(&s);
}

Test(run_plan, starttls_required_but_missing)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH PLAIN\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nQUIT\r\n", "never falls back to clear");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 13);
	cr_assert(strstr(run_plan_reason(s.p), "does not offer STARTTLS"));
	sim_free(&s);
}

Test(run_plan, no_password_in_clear)
{
	struct run_opts o = submission();
	o.tls = CONN_TLS_NONE;
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH PLAIN LOGIN\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nQUIT\r\n");
	cr_assert_eq(run_plan_exit(s.p), 14);
	cr_assert(strstr(run_plan_reason(s.p), "--allow-plaintext-auth"));
	sim_free(&s);

	o.allow_plaintext_auth = true;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH PLAIN LOGIN\r\n");
	cr_assert(strstr(s.sent.data, "AUTH PLAIN "));
	sim_free(&s);
}

Test(run_plan, mechanism_not_offered)
{
	struct run_opts o = submission();
	o.auth = sasl_find("CRAM-MD5");
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	cr_assert_eq(run_plan_exit(s.p), 14);
	cr_assert(strstr(run_plan_reason(s.p), "PLAIN LOGIN"), "%s", run_plan_reason(s.p));
	sim_free(&s);
}

Test(run_plan, relay_refused_is_the_rcpt_stage)
{
	struct run_opts o = {.ehlo = "client.test", .from = "a@client.test", .to = one_rcpt,
			     .nto = 1, .quit_after = -1};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250 mx\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	server(&s, "554 5.7.1 <b@lab.test>: Relay access denied\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nMAIL FROM:<a@client.test>\r\n"
				      "RCPT TO:<b@lab.test>\r\nQUIT\r\n");
	cr_assert_eq(run_plan_exit(s.p), 16);
	sim_free(&s);
}

Test(run_plan, quit_after_ehlo)
{
	struct run_opts o = submission();
	o.quit_after = run_stage_parse("ehlo");
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 STARTTLS\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nQUIT\r\n");
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

Test(run_plan, banner_refusal_and_drop)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "554 5.7.1 go away\r\n");
	cr_assert_eq(run_plan_exit(s.p), 11);
	sim_free(&s);

	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	smtp_client_closed(s.c, "connection reset by peer");
	pump(&s);
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_eq(run_plan_exit(s.p), 12);
	cr_assert_str_eq(run_plan_reason(s.p), "connection reset by peer");
	sim_free(&s);
}

/* Hostile servers (tests/integration/test_hostile.sh): a reply cut by a
 * hang-up, a reply with mixed codes, and 334 for ever. */
Test(run_plan, reply_cut_by_a_hang_up)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250-SIZ");
	smtp_client_closed(s.c, "the server closed the connection");
	pump(&s);
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_eq(run_plan_exit(s.p), 12);
	cr_assert(strstr(run_plan_reason(s.p), "closed in the middle"),
		  "%s", run_plan_reason(s.p));
	sim_free(&s);
}

Test(run_plan, mixed_codes_are_no_answer)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250-STARTTLS\r\n251 AUTH PLAIN\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nQUIT\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 12);
	cr_assert(strstr(run_plan_reason(s.p), "different codes"));
	sim_free(&s);

	/* A 220 to STARTTLS whose last line is malformed starts no TLS. */
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 STARTTLS\r\n");
	server(&s, "220-go\r\n22O ahead\r\n");
	cr_assert_neq(s.last, RUN_START_TLS);
	cr_assert(strstr(s.sent.data, "\r\nQUIT\r\n"));
	cr_assert_eq(run_plan_exit(s.p), 13);
	sim_free(&s);
}

Test(run_plan, endless_auth_loop_stops_after_the_cancel)
{
	struct run_opts o = submission();
	o.auth = sasl_find("LOGIN");
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "334 VXNlcm5hbWU6\r\n");
	server(&s, "334 UGFzc3dvcmQ6\r\n");
	server(&s, "334 UGFzc3dvcmQ6\r\n"); /* LOGIN has no third step: "*" */
	cr_assert(strstr(s.sent.data, "\r\n*\r\n"));
	cr_assert_null(strstr(s.sent.data, "\r\nQUIT\r\n"));
	server(&s, "334 UGFzc3dvcmQ6\r\n"); /* and asks on: give up at once */
	cr_assert(strstr(s.sent.data, "\r\n*\r\nQUIT\r\n"));
	cr_assert_eq(run_plan_exit(s.p), 14);
	cr_assert(strstr(run_plan_reason(s.p), "kept asking"));
	sim_free(&s);
}

Test(run_plan, script_lines)
{
	static const char *const script[] = {"NOOP", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA",
					     "Subject: x", "", "body", ".", "RSET"};
	struct run_opts o = {.ehlo = "client.test", .quit_after = -1, .script = script,
			     .nscript = sizeof script / sizeof script[0]};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250 mx\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "250 queued\r\n");
	server(&s, "250 reset\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nNOOP\r\nMAIL FROM:<a@b>\r\n"
				      "RCPT TO:<c@d>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n"
				      "RSET\r\nQUIT\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

Test(run_plan, stage_names_and_codes)
{
	cr_assert_eq(run_stage_parse("RCPT"), RUN_STAGE_RCPT);
	cr_assert_eq(run_stage_parse("nope"), -1);
	cr_assert_str_eq(run_stage_name(RUN_STAGE_TLS), "tls");
	/* Every stage that can fail has its own code, none of them 18. */
	for (int i = 0; i < RUN_STAGE_QUIT; i++) {
		cr_assert_neq(run_stage_exit(i), RUN_EXIT_PARTIAL);
		for (int k = i + 1; k < RUN_STAGE_QUIT; k++)
			cr_assert_neq(run_stage_exit(i), run_stage_exit(k));
	}
}

Test(run_plan, auth_auto_picks_the_strongest_usable)
{
	struct run_opts o = {.ehlo = "client.test", .auth_auto = true,
			     .creds = {.user = "tim", .password = "tanstaaftanstaaf"},
			     .quit_after = -1};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH LOGIN CRAM-MD5 XOAUTH2 PLAIN\r\n");
	cr_assert(strstr(s.sent.data, "AUTH CRAM-MD5\r\n"), "%s", s.sent.data);
	char *note = run_plan_take_note(s.p);
	cr_assert(note);
	cr_assert(strstr(note, "AUTH offered: LOGIN CRAM-MD5 XOAUTH2 PLAIN"), "%s", note);
	cr_assert(strstr(note, "chosen: CRAM-MD5"), "%s", note);
	cr_assert(strstr(note, "not LOGIN: it would send the secret in clear"), "%s", note);
	cr_assert(strstr(note, "not PLAIN: it would send the secret in clear"), "%s", note);
	free(note);
	cr_assert_null(run_plan_take_note(s.p), "a note is given once");
	sim_free(&s);
}

Test(run_plan, auth_auto_in_clear_prefers_a_challenge_to_the_password)
{
	/* --allow-plaintext-auth permits PLAIN in clear; it does not make it
	 * better than CRAM-MD5, which never sends the password. */
	struct run_opts o = {.ehlo = "client.test", .auth_auto = true, .allow_plaintext_auth = true,
			     .creds = {.user = "tim", .password = "tanstaaftanstaaf"},
			     .quit_after = -1};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH PLAIN LOGIN CRAM-MD5\r\n");
	cr_assert(strstr(s.sent.data, "AUTH CRAM-MD5\r\n"), "%s", s.sent.data);
	free(run_plan_take_note(s.p));
	sim_free(&s);
	/* With nothing better, PLAIN in clear is what was allowed. */
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH LOGIN PLAIN\r\n");
	cr_assert(strstr(s.sent.data, "AUTH PLAIN "), "%s", s.sent.data);
	free(run_plan_take_note(s.p));
	sim_free(&s);
}

Test(run_plan, auth_auto_after_tls_lists_both_offers)
{
	struct run_opts o = submission();
	o.auth = NULL;
	o.auth_auto = true;
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	cr_assert(strstr(s.sent.data, "AUTH PLAIN "), "PLAIN over TLS beats LOGIN: %s", s.sent.data);
	char *note = run_plan_take_note(s.p);
	cr_assert(strstr(note, "before TLS: LOGIN; after TLS: PLAIN LOGIN"), "%s", note);
	free(note);
	sim_free(&s);
}

Test(run_plan, auth_auto_with_nothing_usable)
{
	struct run_opts o = {.ehlo = "client.test", .auth_auto = true,
			     .creds = {.user = "tim", .password = "x"}, .quit_after = -1};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 AUTH PLAIN\r\n");
	cr_assert_eq(run_plan_exit(s.p), 14);
	cr_assert(strstr(s.sent.data, "QUIT"));
	char *note = run_plan_take_note(s.p);
	cr_assert(strstr(note, "none usable"), "%s", note);
	free(note);
	sim_free(&s);
}

/* A scripted BDAT is followed by exactly its size in data, not by a wait
 * for a reply the server cannot give before it has the data (it used to
 * hang until the timeout, and was then blamed on the ehlo stage). */
Test(run_plan, script_bdat_sends_its_chunk)
{
	static const char *const script[] = {"MAIL FROM:<a@b>", "RCPT TO:<c@d>", "BDAT 7",
					     "hello", "BDAT 5 LAST", "world"};
	struct run_opts o = {.ehlo = "client.test", .quit_after = -1, .script = script,
			     .nscript = sizeof script / sizeof script[0]};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 CHUNKING\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n"
				      "BDAT 7\r\nhello\r\n");
	server(&s, "250 7 octets received\r\n");
	cr_assert(strstr(s.sent.data, "BDAT 5 LAST\r\nworld") &&
		  !strstr(s.sent.data, "world\r\n"), "%s", s.sent.data);
	server(&s, "250 message accepted\r\n");
	cr_assert(strstr(s.sent.data, "worldQUIT\r\n"), "%s", s.sent.data);
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

static const char *const two_rcpt[] = {"b@lab.test", "c@lab.test"};

static struct run_opts plain(void)
{
	return (struct run_opts){.ehlo = "client.test", .from = "a@client.test", .to = two_rcpt,
				 .nto = 2, .has_body = true, .quit_after = -1, .msg_size = -1};
}

static void greet(struct sim *s, const char *ehlo)
{
	server(s, "220 mx ESMTP\r\n");
	server(s, ehlo);
}

/* RFC 2920: MAIL, every RCPT and DATA in one write; the replies matched. */
Test(run_plan, pipeline_sends_the_envelope_in_one_write)
{
	struct run_opts o = plain();
	o.pipeline = true;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 PIPELINING\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nMAIL FROM:<a@client.test>\r\n"
				      "RCPT TO:<b@lab.test>\r\nRCPT TO:<c@lab.test>\r\nDATA\r\n");
	server(&s, "250 ok\r\n250 ok\r\n550 5.1.1 unknown\r\n354 go\r\n");
	cr_assert(strstr(s.sent.data, "DATA\r\nSubject: t\r\n\r\nhello\r\n.\r\n"));
	char *note = run_plan_take_ext_note(s.p);
	cr_assert(note && strstr(note, "PIPELINING: 4 commands"), "%s", note ? note : "-");
	free(note);
	server(&s, "250 queued\r\n");
	server(&s, "221 bye\r\n");
	/* one of two recipients refused: the message went to the other */
	cr_assert_eq(run_plan_exit(s.p), RUN_EXIT_PARTIAL);
	cr_assert_str_eq(run_plan_refused(s.p), "c@lab.test (550)");
	sim_free(&s);
}

/* Every recipient refused, yet 354: the data phase ends with "." alone
 * (RFC 2920 §3.1) and the rcpt stage fails. */
Test(run_plan, pipeline_all_refused_ends_data_empty)
{
	struct run_opts o = plain();
	o.pipeline = true;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 PIPELINING\r\n");
	server(&s, "250 ok\r\n550 no\r\n550 no\r\n354 go\r\n");
	cr_assert(strstr(s.sent.data, "DATA\r\n.\r\n"), "%s", s.sent.data);
	cr_assert_null(strstr(s.sent.data, "hello"));
	server(&s, "554 no valid recipients\r\n");
	cr_assert(strstr(s.sent.data, ".\r\nQUIT\r\n"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 16);
	cr_assert(strstr(run_plan_reason(s.p), "no recipient"));
	sim_free(&s);
}

Test(run_plan, pipeline_refused_mail_is_the_mail_stage)
{
	struct run_opts o = plain();
	o.pipeline = true;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 PIPELINING\r\n");
	server(&s, "553 bad sender\r\n503 no\r\n503 no\r\n503 no\r\n");
	cr_assert(strstr(s.sent.data, "DATA\r\nQUIT\r\n"), "%s", s.sent.data);
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 15);
	cr_assert(strstr(run_plan_reason(s.p), "553"));
	sim_free(&s);
}

Test(run_plan, chunking_sends_bdat_last)
{
	struct run_opts o = plain();
	o.nto = 1;
	o.chunking = true;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 CHUNKING\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n");
	cr_assert(strstr(s.sent.data, "RCPT TO:<b@lab.test>\r\nBDAT 21 LAST\r\n"
				      "Subject: t\r\n\r\nhello\r\n"), "%s", s.sent.data);
	server(&s, "250 queued\r\n");
	cr_assert(strstr(s.sent.data, "hello\r\nQUIT\r\n"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

Test(run_plan, chunking_pipelined_in_one_write)
{
	struct run_opts o = plain();
	o.chunking = o.pipeline = true;
	o.chunk_size = 10;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
	cr_assert(strstr(s.sent.data, "RCPT TO:<c@lab.test>\r\nBDAT 10\r\nSubject: tBDAT 10\r\n"
				      "\r\n\r\nhello\rBDAT 1 LAST\r\n\n"), "%s", s.sent.data);
	server(&s, "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n");
	cr_assert_null(strstr(s.sent.data, "QUIT"));
	server(&s, "250 queued\r\n");
	cr_assert(strstr(s.sent.data, "QUIT\r\n"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

/* A wish the server cannot meet stops the run before MAIL is sent. */
Test(run_plan, utf8_address_without_smtputf8_is_refused_before_mail)
{
	static const char *const to[] = {"j\xc3\xbcrgen@lab.test"};
	struct run_opts o = plain();
	o.to = to;
	o.nto = 1;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 8BITMIME\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nQUIT\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 15);
	cr_assert(strstr(run_plan_reason(s.p), "SMTPUTF8"));
	sim_free(&s);
}

Test(run_plan, utf8_address_gets_smtputf8)
{
	static const char *const to[] = {"j\xc3\xbcrgen@lab.test"};
	struct run_opts o = plain();
	o.to = to;
	o.nto = 1;
	o.dsn_notify = "SUCCESS";
	o.orcpt = true;
	o.msg_size = 19;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250-SIZE 0\r\n250-DSN\r\n250 SMTPUTF8\r\n");
	server(&s, "250 ok\r\n");
	cr_assert(strstr(s.sent.data, "MAIL FROM:<a@client.test> SIZE=19 SMTPUTF8\r\n"
				      "RCPT TO:<j\xc3\xbcrgen@lab.test> NOTIFY=SUCCESS "
				      "ORCPT=utf-8;j\xc3\xbcrgen@lab.test\r\n"), "%s", s.sent.data);
	char *note = run_plan_take_ext_note(s.p);
	cr_assert(note && strstr(note, "SMTPUTF8"));
	free(note);
	sim_free(&s);
}

/* RFC 9422: RCPTMAX=2 splits three recipients into two transactions. */
Test(run_plan, limits_split_the_recipients)
{
	static const char *const three[] = {"b@lab.test", "c@lab.test", "d@lab.test"};
	struct run_opts o = plain();
	o.to = three;
	o.nto = 3;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 LIMITS RCPTMAX=2 MAILMAX=5\r\n");
	char *note = run_plan_take_ext_note(s.p);
	cr_assert(note && strstr(note, "2 transactions"), "%s", note ? note : "-");
	free(note);
	for (int i = 0; i < 3; i++)
		server(&s, "250 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "250 queued\r\n");
	cr_assert(strstr(s.sent.data, ".\r\nMAIL FROM:<a@client.test>\r\n"), "%s", s.sent.data);
	server(&s, "250 ok\r\n");
	cr_assert(strstr(s.sent.data, ".\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<d@lab.test>\r\n"),
		  "%s", s.sent.data);
	server(&s, "250 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "250 queued\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	const char *first = strstr(s.sent.data, "hello");
	cr_assert(first && strstr(first + 1, "hello"), "the message went twice");
	sim_free(&s);
}

Test(run_plan, limits_mailmax_refuses_what_does_not_fit)
{
	static const char *const three[] = {"b@lab.test", "c@lab.test", "d@lab.test"};
	struct run_opts o = plain();
	o.to = three;
	o.nto = 3;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 LIMITS RCPTMAX=1 MAILMAX=2\r\n");
	cr_assert_null(strstr(s.sent.data, "MAIL"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 15);
	cr_assert(strstr(run_plan_reason(s.p), "LIMITS"));
	sim_free(&s);
}

/* PRDR: the per-recipient replies counted, the final one decides. */
Test(run_plan, prdr_counts_each_recipient)
{
	struct run_opts o = plain();
	o.prdr = true;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 PRDR\r\n");
	cr_assert(strstr(s.sent.data, "MAIL FROM:<a@client.test> PRDR\r\n"));
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "353 content analysis started\r\n");
	cr_assert_null(strstr(s.sent.data, "QUIT"));
	server(&s, "250 ok for b\r\n550 refused for c\r\n250 accepted for some\r\n");
	cr_assert(strstr(s.sent.data, ".\r\nQUIT\r\n"));
	char *note = run_plan_take_ext_note(s.p);
	cr_assert(note && strstr(note, "1 of 2"), "%s", note ? note : "-");
	free(note);
	server(&s, "221 bye\r\n");
	/* PRDR refused one recipient after the data: partial, 18 */
	cr_assert_eq(run_plan_exit(s.p), RUN_EXIT_PARTIAL);
	cr_assert_str_eq(run_plan_refused(s.p), "c@lab.test (550)");
	sim_free(&s);
}

/* --quit-after rcpt with --pipeline: the group has no DATA. */
Test(run_plan, pipeline_quit_after_rcpt)
{
	struct run_opts o = plain();
	o.pipeline = true;
	o.quit_after = RUN_STAGE_RCPT;
	struct sim s;
	sim_init(&s, &o);
	greet(&s, "250-mx\r\n250 PIPELINING\r\n");
	server(&s, "250 ok\r\n250 ok\r\n550 no\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nMAIL FROM:<a@client.test>\r\n"
				      "RCPT TO:<b@lab.test>\r\nRCPT TO:<c@lab.test>\r\nQUIT\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

Test(run_plan, drop_after_closes_without_quit)
{
	struct run_opts o = submission();
	o.quit_after = RUN_STAGE_MAIL;
	o.stop = RUN_STOP_DROP;
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	cr_assert_not(s.dropped);
	server(&s, "250 2.1.0 ok\r\n");
	cr_assert(s.dropped, "after MAIL's reply the plan drops the connection");
	cr_assert_null(strstr(s.sent.data, "QUIT"));
	cr_assert_null(strstr(s.sent.data, "RCPT"));
	char *note = run_plan_take_note(s.p);
	cr_assert_not_null(note);
	cr_assert(strstr(note, "--drop-after mail"), "%s", note);
	free(note);
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

Test(run_plan, drop_after_send_rcpt_after_the_last_rcpt)
{
	static const char *const two[] = {"b@lab.test", "c@lab.test"};
	struct run_opts o = submission();
	o.to = two;
	o.nto = 2;
	o.quit_after = RUN_STAGE_RCPT;
	o.stop = RUN_STOP_DROP_SEND;
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	cr_assert_not(s.dropped, "not after the first RCPT");
	server(&s, "250 2.1.5 ok\r\n");
	cr_assert(s.dropped);
	cr_assert(strstr(s.sent.data, "RCPT TO:<c@lab.test>\r\n"), "the last RCPT is sent first");
	cr_assert_null(strstr(s.sent.data, "DATA"));
	cr_assert_null(strstr(s.sent.data, "QUIT"));
	sim_free(&s);
}

Test(run_plan, drop_after_send_data_after_the_dot)
{
	struct run_opts o = submission();
	o.quit_after = RUN_STAGE_DATA;
	o.stop = RUN_STOP_DROP_SEND;
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	server(&s, "250 2.1.5 ok\r\n");
	cr_assert_not(s.dropped, "DATA itself is not the end of the data stage");
	server(&s, "354 go\r\n");
	cr_assert(s.dropped, "dropped once the final dot is queued");
	size_t n = strlen(s.sent.data);
	cr_assert(n > 5 && !strcmp(s.sent.data + n - 5, "\r\n.\r\n"), "%s", s.sent.data);
	sim_free(&s);
}

Test(run_plan, some_recipients_refused_is_exit_18)
{
	static const char *const three[] = {"b@lab.test", "nobody@lab.test", "c@lab.test"};
	struct run_opts o = submission();
	o.to = three;
	o.nto = 3;
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	server(&s, "250 2.1.5 ok\r\n");
	server(&s, "550 5.1.1 no such user\r\n");
	server(&s, "250 2.1.5 ok\r\n");
	cr_assert_null(run_plan_refused(s.p), "not partial before the message is in");
	server(&s, "354 go\r\n");
	server(&s, "250 2.0.0 queued\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), RUN_EXIT_PARTIAL);
	cr_assert_eq(RUN_EXIT_PARTIAL, 18);
	cr_assert_str_eq(run_plan_refused(s.p), "nobody@lab.test (550)");
	cr_assert_null(run_plan_reason(s.p));
	sim_free(&s);
}

Test(run_plan, every_recipient_accepted_is_not_partial)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	server(&s, "250 2.1.5 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "250 2.0.0 queued\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	cr_assert_null(run_plan_refused(s.p));
	sim_free(&s);
}

Test(run_plan, a_script_that_quits_gets_no_second_quit)
{
	static const char *const script[] = {"NOOP", "quit"};
	struct run_opts o = {.ehlo = "client.test", .quit_after = -1, .script = script, .nscript = 2};
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250 mx\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_str_eq(s.sent.data, "EHLO client.test\r\nNOOP\r\nquit\r\n");
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_eq(run_plan_exit(s.p), 0);
	sim_free(&s);
}

Test(run_plan, no_answer_to_quit_does_not_fail_the_session)
{
	struct run_opts o = submission();
	struct sim s;
	sim_init(&s, &o);
	to_auth(&s);
	server(&s, "235 2.7.0 ok\r\n");
	server(&s, "250 2.1.0 ok\r\n");
	server(&s, "250 2.1.5 ok\r\n");
	server(&s, "354 go\r\n");
	server(&s, "250 2.0.0 queued\r\n");
	run_plan_fail(s.p, "no answer from the server within 5 s");
	cr_assert_eq(run_plan_exit(s.p), 0);
	cr_assert_null(run_plan_reason(s.p));
	sim_free(&s);
}
