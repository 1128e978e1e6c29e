/* Lines typed in a live session, without a network: empty lines are sent
 * (in a message and outside one), the reply to a message is timed from its
 * final ".", a typed AUTH line with an initial response is explained as
 * one, Base64 typed where a field encodes for the user is asked about, and
 * the advice against AUTH in clear follows what the server offers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/session.h"

static struct session_opts opts = {.conn = {.host = "mx.test", .port = "25", .timeout_s = 30}};

static char *sent(struct session *s)
{
	const uint8_t *p;
	struct smtp_client *c = session_client(s);
	size_t n = smtp_client_tx(c, &p);
	char *r = n ? strndup((const char *)p, n) : strdup("");
	smtp_client_tx_done(c, n);
	return r;
}

static void drain(struct session *s)
{
	free(sent(s));
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
	session_submit(s, "EHLO x");
	expect_sent(s, "EHLO x\r\n");
	feed(s, ehlo_reply);
	return s;
}

/* The explanation of entry i, as text. */
static char *explained(struct session *s, size_t i)
{
	struct buf b;
	buf_init(&b, 0);
	session_explain_text(s, i, false, &b);
	char *r = strdup(b.data ? b.data : "");
	buf_free(&b);
	return r;
}

/* The last entry sent by the client. */
static size_t last_client(struct session *s)
{
	const struct transcript *t = session_transcript(s);
	for (size_t i = t->n; i-- > 0;)
		if (t->v[i].kind == TR_CLIENT)
			return i;
	cr_assert_fail("no client line");
	return 0;
}

static char *message(struct session *s)
{
	char *m = session_take_message(s);
	return m ? m : strdup("");
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* ---- empty lines ------------------------------------------------------ */

Test(empty_lines, are_sent_in_a_message_and_the_first_is_explained)
{
	struct session *s = greeted("250 mx.test\r\n");
	session_submit(s, "MAIL FROM:<a@example.org>");
	feed(s, "250 ok\r\n");
	session_submit(s, "RCPT TO:<b@example.org>");
	feed(s, "250 ok\r\n");
	session_submit(s, "DATA");
	feed(s, "354 go ahead\r\n");
	drain(s);
	const char *body[] = {"Subject: t", "", "para1", "", "para2", "."};
	size_t blank[2], nb = 0;
	for (size_t k = 0; k < sizeof body / sizeof body[0]; k++) {
		session_submit(s, body[k]);
		if (!*body[k])
			blank[nb++] = last_client(s);
	}
	expect_sent(s, "Subject: t\r\n\r\npara1\r\n\r\npara2\r\n.\r\n");
	char *e = explained(s, blank[0]);
	cr_assert(strstr(e, "ends the header fields"), "%s", e);
	free(e);
	e = explained(s, blank[1]);
	cr_assert_null(strstr(e, "ends the header fields"), "%s", e);
	free(e);
	feed(s, "250 2.0.0 queued\r\n");
	/* The next message's first empty line is its separator again. */
	session_submit(s, "MAIL FROM:<a@example.org>");
	feed(s, "250 ok\r\n");
	session_submit(s, "RCPT TO:<b@example.org>");
	feed(s, "250 ok\r\n");
	session_submit(s, "DATA");
	feed(s, "354 go ahead\r\n");
	session_submit(s, "");
	e = explained(s, last_client(s));
	cr_assert(strstr(e, "ends the header fields"), "%s", e);
	free(e);
	session_free(s);
}

Test(empty_lines, are_sent_outside_a_message_and_explained)
{
	struct session *s = greeted("250 mx.test\r\n");
	session_submit(s, "");
	expect_sent(s, "\r\n");
	char *e = explained(s, last_client(s));
	cr_assert(strstr(e, "An empty line: not a command"), "%s", e);
	free(e);
	/* Its 500 is the answer to it, not to a later command. */
	feed(s, "500 5.5.2 Error: bad syntax\r\n");
	session_submit(s, "NOOP");
	feed(s, "250 2.0.0 Ok\r\n");
	const struct transcript *t = session_transcript(s);
	cr_assert_str_eq(tr_text(t, t->n - 1, false), "250 2.0.0 Ok");
	session_free(s);
}

/* ---- the reply to a message is timed from its "." ------------------------ */

Test(timing, data_reply_is_timed_from_the_final_dot)
{
	struct session *s = greeted("250 mx.test\r\n");
	session_submit(s, "MAIL FROM:<a@example.org>");
	feed(s, "250 ok\r\n");
	session_submit(s, "RCPT TO:<b@example.org>");
	feed(s, "250 ok\r\n");
	session_submit(s, "DATA");
	feed(s, "354 go ahead\r\n");
	session_submit(s, "Subject: slow typist");
	sleep_ms(400); /* the user types the body */
	session_submit(s, "");
	session_submit(s, "body");
	sleep_ms(400);
	session_submit(s, ".");
	feed(s, "250 2.0.0 queued\r\n");
	const struct transcript *t = session_transcript(s);
	const struct tr_line *l = &t->v[t->n - 1];
	cr_assert_eq(l->kind, TR_SERVER);
	cr_assert_geq(l->latency_ms, 0);
	/* From the first body line it would be 800 ms or more. */
	cr_assert_lt(l->latency_ms, 400, "latency %lld ms", (long long)l->latency_ms);
	session_free(s);
}

/* ---- AUTH PLAIN with an initial response, typed -------------------------- */

static void check_initial_response(struct session *s)
{
	const struct transcript *t = session_transcript(s);
	size_t i = last_client(s);
	cr_assert_str_eq(tr_text(t, i, false), "AUTH PLAIN ********");
	char *e = explained(s, i);
	cr_assert(strstr(e, "The initial response carries the credentials"), "%s", e);
	cr_assert_null(strstr(e, "No initial response"), "%s", e);
	free(e);
}

Test(auth_line, typed_initial_response_is_explained_as_one)
{
	/* Through the question about AUTH in clear ... */
	struct session *s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	cr_assert_not(session_submit(s, "AUTH PLAIN AHUAcA=="));
	session_submit(s, "y");
	expect_sent(s, "AUTH PLAIN AHUAcA==\r\n");
	check_initial_response(s);
	session_free(s);
	/* ... and without it (the explanation of smtpdbg explain, the same). */
	s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	session_submit(s, "auth plain AHUAcA==");
	session_submit(s, "y");
	struct annot_items a;
	annot_items_init(&a);
	explain_command(&a, "AUTH PLAIN AHUAcA==", strlen("AUTH PLAIN AHUAcA=="));
	struct buf b;
	buf_init(&b, 0);
	annot_items_text(&a, &b);
	cr_assert(strstr(b.data, "The initial response carries the credentials"));
	buf_free(&b);
	annot_items_free(&a);
	const struct transcript *t = session_transcript(s);
	cr_assert_str_eq(tr_text(t, last_client(s), false), "auth plain ********");
	char *e = explained(s, last_client(s));
	cr_assert(strstr(e, "The initial response carries the credentials"), "%s", e);
	free(e);
	session_free(s);
}

/* ---- Base64 typed where the field encodes -------------------------------- */

static struct session *at_login_user(void)
{
	struct session *s = greeted("250-mx.test\r\n250-STARTTLS\r\n250 AUTH LOGIN\r\n");
	session_submit(s, "AUTH LOGIN");
	session_submit(s, "y"); /* in clear */
	expect_sent(s, "AUTH LOGIN\r\n");
	feed(s, "334 VXNlcm5hbWU6\r\n");
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_FIELD);
	free(message(s));
	return s;
}

Test(base64_field, pasted_base64_is_asked_about_and_sent_as_is)
{
	struct session *s = at_login_user();
	const char *label;
	session_submit(s, "TWF4IE11c3Rlcm1hbm4=");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	expect_sent(s, ""); /* nothing before the answer */
	char *m = message(s);
	cr_assert(strstr(m, "Base64 already, of \"Max Mustermann\""), "%s", m);
	free(m);
	session_submit(s, ""); /* Enter: as is */
	expect_sent(s, "TWF4IE11c3Rlcm1hbm4=\r\n");
	m = message(s);
	cr_assert(strstr(m, "sent as typed, not encoded again: TWF4IE11c3Rlcm1hbm4="), "%s", m);
	free(m);
	const struct transcript *t = session_transcript(s);
	cr_assert_str_eq(tr_decoded(t, last_client(s), false), "Max Mustermann");
	/* The password prompt comes next, as usual. */
	feed(s, "334 UGFzc3dvcmQ6\r\n");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	session_free(s);
}

Test(base64_field, no_encodes_it_again_and_says_so)
{
	struct session *s = at_login_user();
	session_submit(s, "TWF4IE11c3Rlcm1hbm4=");
	session_submit(s, "n");
	char *twice = b64_encode("TWF4IE11c3Rlcm1hbm4=", 20);
	char want[128];
	snprintf(want, sizeof want, "%s\r\n", twice);
	expect_sent(s, want);
	char *m = message(s);
	cr_assert(strstr(m, twice), "%s", m);
	cr_assert(strstr(m, "the Base64 of \"TWF4IE11c3Rlcm1hbm4=\""), "%s", m);
	free(m);
	free(twice);
	session_free(s);
}

Test(base64_field, plain_text_and_binary_base64_are_encoded_without_a_question)
{
	const char *typed[] = {"Max Mustermann", "test", "user"}; /* test, user: Base64 of binary */
	for (size_t k = 0; k < 3; k++) {
		struct session *s = at_login_user();
		const char *label;
		session_submit(s, typed[k]);
		cr_assert_neq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM, "%s", typed[k]);
		char *b = b64_encode(typed[k], strlen(typed[k]));
		char want[128];
		snprintf(want, sizeof want, "%s\r\n", b);
		expect_sent(s, want);
		char *m = message(s);
		cr_assert(strstr(m, b), "%s", m); /* what went out is said */
		free(m);
		free(b);
		session_free(s);
	}
}

Test(base64_field, raw_sends_what_was_typed)
{
	struct session *s = at_login_user();
	session_submit(s, ":raw dXNlcg==");
	expect_sent(s, "dXNlcg==\r\n");
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SMTP);
	session_free(s);
}

Test(base64_field, a_hidden_field_asks_without_showing_it)
{
	struct session *s = at_login_user();
	session_submit(s, "Max Mustermann");
	feed(s, "334 UGFzc3dvcmQ6\r\n");
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	drain(s);
	free(message(s));
	/* "IchbinkeinSpammer" in Base64, pasted into the hidden field */
	session_submit(s, "SWNoYmlua2VpblNwYW1tZXI=");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	char *m = message(s);
	cr_assert_null(strstr(m, "IchbinkeinSpammer"), "%s", m);
	cr_assert_null(strstr(m, "SWNoYmlua2VpblNwYW1tZXI="), "%s", m);
	free(m);
	session_submit(s, "y");
	expect_sent(s, "SWNoYmlua2VpblNwYW1tZXI=\r\n");
	m = message(s);
	cr_assert_null(strstr(m, "SWNoYmlua2VpblNwYW1tZXI="), "%s", m);
	free(m);
	const struct transcript *t = session_transcript(s);
	cr_assert_str_eq(tr_text(t, last_client(s), false), "********");
	session_free(s);
}

Test(base64_field, cancel_at_the_question_sends_a_star)
{
	struct session *s = at_login_user();
	session_submit(s, "TWF4IE11c3Rlcm1hbm4=");
	session_cancel_prompt(s);
	expect_sent(s, "*\r\n");
	session_free(s);
}

Test(base64_field, plain_user_name_in_base64_is_decoded_when_asked)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	session_submit(s, "AUTH PLAIN");
	session_submit(s, "y");
	feed(s, "334 \r\n");
	drain(s);
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_FIELD);
	cr_assert_str_eq(label, "Username: ");
	session_submit(s, "TWF4IE11c3Rlcm1hbm4=");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	session_submit(s, "y");
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_SECRET);
	char *m = message(s);
	cr_assert(strstr(m, "Max Mustermann"), "%s", m);
	free(m);
	session_submit(s, "pw");
	char *b = b64_encode("\0Max Mustermann\0pw", 18);
	char want[128];
	snprintf(want, sizeof want, "%s\r\n", b);
	expect_sent(s, want);
	free(b);
	session_free(s);
}

/* ---- the advice against AUTH in clear ------------------------------------- */

static char *advice_for(const char *ehlo_reply)
{
	struct session *s = session_new(&opts, NULL);
	feed(s, "220 mx.test ESMTP\r\n");
	if (ehlo_reply) {
		session_submit(s, "EHLO x");
		feed(s, ehlo_reply);
	}
	free(message(s));
	session_submit(s, "AUTH LOGIN");
	char *m = message(s);
	session_free(s);
	return m;
}

Test(cleartext, starttls_is_advised_only_when_offered)
{
	char *m = advice_for("250-mx.test\r\n250-STARTTLS\r\n250 AUTH LOGIN\r\n");
	cr_assert(strstr(m, "type STARTTLS first"), "%s", m);
	free(m);
	m = advice_for("250-mx.test\r\n250 AUTH LOGIN\r\n");
	cr_assert_null(strstr(m, "STARTTLS first"), "%s", m);
	cr_assert(strstr(m, "does not offer STARTTLS"), "%s", m);
	free(m);
	m = advice_for(NULL);
	cr_assert(strstr(m, "Send EHLO first"), "%s", m);
	free(m);
}

/* ---- commands cite RFC 5321 §4.1 ------------------------------------------ */

static const char *ref_of(const char *line, const char *sub)
{
	static char ref[64];
	struct annot_items a;
	annot_items_init(&a);
	explain_command(&a, line, strlen(line));
	ref[0] = 0;
	for (size_t i = 0; i < a.n; i++)
		if (strstr(a.v[i].text, sub) && a.v[i].ref)
			snprintf(ref, sizeof ref, "%s", a.v[i].ref);
	annot_items_free(&a);
	return ref;
}

Test(refs, commands_cite_section_4_1)
{
	cr_assert_str_eq(ref_of("XYZZY", "Not an SMTP command"), "RFC 5321 §4.1");
	cr_assert_str_eq(ref_of("MAIL FROM:<a@b> FOO=1", "Unknown parameter"),
			 "RFC 5321 §4.1.1.11");
	cr_assert_str_eq(ref_of("", "empty line"), "RFC 5321 §4.1");
}

/* ---- a tab between the words is a separator, as servers read it ----------- */

Test(auth_line, a_tab_before_the_initial_response_still_makes_it_secret)
{
	struct smtp_client *c = smtp_client_new(&(struct smtp_client_opts){0});
	const char greet[] = "220 mx.test ESMTP\r\n250 mx.test\r\n";
	smtp_client_feed(c, greet, 19);
	smtp_client_send(c, "EHLO x", 6, 0);
	smtp_client_feed(c, greet + 19, strlen(greet) - 19);
	const char line[] = "AUTH PLAIN\tAHUAcA==";
	smtp_client_send(c, line, strlen(line), 0);
	struct smtp_event ev;
	bool seen = false;
	while (smtp_client_next_event(c, &ev))
		if (ev.type == SMTP_EV_SENT && ev.len == strlen(line)) {
			seen = true;
			cr_assert(ev.flags & SMTP_F_SECRET, "not flagged secret");
		}
	cr_assert(seen);
	smtp_client_free(c);
}

Test(auth_line, a_tab_before_the_initial_response_is_asked_about_and_masked_in_the_session)
{
	struct session *s = greeted("250-mx.test\r\n250 AUTH PLAIN\r\n");
	/* The question about AUTH in clear comes, and the line is no history. */
	cr_assert_not(session_submit(s, "AUTH PLAIN\tAHUAcA=="));
	const char *label;
	cr_assert_eq(session_prompt(s, &label), SESSION_PROMPT_CONFIRM);
	session_submit(s, "y");
	expect_sent(s, "AUTH PLAIN\tAHUAcA==\r\n");
	const struct transcript *t = session_transcript(s);
	cr_assert(t->v[last_client(s)].secret);
	session_free(s);
}
