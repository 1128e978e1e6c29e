/* serve's log, explained and bare: the real server session in memory,
 * its log through serve_log, and the records it saves replayed again. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/narrate_brief.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/serve_log.h"
#include "smtpdbg/server.h"

TestSuite(serve_log, .timeout = 30);

#define PASSWORD "IchbinkeinSpammer"
#define PASSWORD_B64 "SWNoYmlua2VpblNwYW1tZXI="
/* "\0Max Mustermann\0IchbinkeinSpammer" */
#define PLAIN_B64 "AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy"

struct t {
	struct server_session *s;
	struct serve_log *log;
	struct buf out;      /* what serve prints */
	struct tf_list recs; /* what it saves */
	int64_t now;
};

static uint64_t fixed_random(void *arg)
{
	(void)arg;
	return 1896609055;
}

static int64_t fixed_now(void *arg)
{
	(void)arg;
	return 1700000000;
}

static void on_record(void *arg, const struct tf_record *r)
{
	struct t *t = arg;
	tf_list_add(&t->recs, r->kind, r->t_ms, r->flags, r->data, r->len);
}

static void on_log(void *arg, const struct server_log *e)
{
	struct t *t = arg;
	serve_log_entry(t->log, e, t->now++, &t->out);
}

static void drain(struct t *t)
{
	const uint8_t *p;
	size_t n = server_session_tx(t->s, &p);
	server_session_tx_done(t->s, n);
}

static void start(struct t *t, const char *personality, bool explain, bool reveal, bool tls)
{
	memset(t, 0, sizeof *t);
	buf_init(&t->out, 0);
	tf_list_init(&t->recs);
	t->log = serve_log_new(&(struct serve_log_opts){.id = 7, .explain = explain,
							.show_secrets = reveal,
							.record = on_record, .arg = t});
	struct server_config c = {.personality = server_personality_find(personality),
				  .tls_available = tls, .random = fixed_random, .now = fixed_now,
				  .log = on_log, .log_arg = t};
	cr_assert_not_null(c.personality);
	t->s = server_session_new(&c);
	drain(t);
}

static void feed(struct t *t, const char *s)
{
	server_session_feed(t->s, s, strlen(s));
	drain(t);
}

static void stop(struct t *t)
{
	serve_log_end(t->log, "the session ended", t->now, &t->out);
	server_session_free(t->s);
	serve_log_free(t->log);
}

static void cleanup(struct t *t)
{
	buf_free(&t->out);
	tf_list_free(&t->recs);
}

static const char *out(struct t *t)
{
	return t->out.data ? t->out.data : "";
}

#define HAS(t, s) cr_assert(strstr(out(t), s), "no '%s' in:\n%s", s, out(t))
#define LACKS(t, s) cr_assert_null(strstr(out(t), s), "'%s' in:\n%s", s, out(t))

/* Every line of the log begins with the session's number. */
static void all_prefixed(struct t *t)
{
	for (const char *p = out(t); *p;) {
		cr_assert(!strncmp(p, "[7] ", 4), "a line without [7]: %.60s", p);
		const char *nl = strchr(p, '\n');
		cr_assert_not_null(nl);
		p = nl + 1;
	}
}

Test(serve_log, login_explained_password_masked)
{
	struct t t;
	start(&t, "tutorial", true, false, false);
	feed(&t, "EHLO relay.client.com\r\nAUTH LOGIN\r\n");
	feed(&t, "TWF4IE11c3Rlcm1hbm4=\r\n");
	feed(&t, PASSWORD_B64 "\r\n");
	feed(&t, "QUIT\r\n");
	stop(&t);
	all_prefixed(&t);
	HAS(&t, "[7] S: 220 smtp.server.com ESMTP Postfix\n[7]   # As the greeting: Greeting\n");
	HAS(&t, "[7] C: EHLO relay.client.com\n[7]   # EHLO  Extended hello\n");
	HAS(&t, "[7] S: 250 AUTH CRAM-MD5 LOGIN PLAIN\n[7]   # Answering EHLO: Extensions follow\n");
	/* the challenges and the user name decoded */
	HAS(&t, "[7] S: 334 VXNlcm5hbWU6\n[7]   # decoded: Username:\n");
	HAS(&t, "[7] C: TWF4IE11c3Rlcm1hbm4=\n[7]   # decoded: Max Mustermann\n");
	HAS(&t, "[7] S: 334 UGFzc3dvcmQ6\n[7]   # decoded: Password:\n");
	/* the password masked, decoded or not */
	HAS(&t, "[7] C: ********\n[7]   # a secret");
	LACKS(&t, PASSWORD);
	LACKS(&t, PASSWORD_B64);
	HAS(&t, "[7] S: 235 OK\n[7]   # Answering AUTH: Authenticated\n");
	/* AUTH LOGIN in clear on a server without STARTTLS: the engine's rule */
	HAS(&t, "[7]   # ! warning: this mechanism sends the password itself");
	LACKS(&t, "before STARTTLS");
	HAS(&t, "[7]   # connection closed: the session ended\n");
	cleanup(&t);
}

Test(serve_log, plain_before_starttls_is_warned)
{
	struct t t;
	start(&t, "strict-submission", true, false, true);
	feed(&t, "EHLO x\r\n");
	feed(&t, "AUTH PLAIN " PLAIN_B64 "\r\n");
	feed(&t, "QUIT\r\n");
	stop(&t);
	HAS(&t, "[7] S: 250-STARTTLS\n");
	HAS(&t, "[7] C: AUTH PLAIN ********\n[7]   # AUTH  Authenticate\n"
		"[7]   # ! this client sent PLAIN before STARTTLS, which the server offered");
	HAS(&t, "[7] S: 530 5.7.0 Must issue a STARTTLS command first\n");
	HAS(&t, "[7]   # Diagnosis (likely): The server requires STARTTLS first\n");
	LACKS(&t, PLAIN_B64);
	LACKS(&t, "decoded: ");
	cleanup(&t);
}

Test(serve_log, login_typed_in_clear_is_explained)
{
	/* The "[12] C: Max Mustermann": not Base64, and why. */
	struct t t;
	start(&t, "tutorial", true, false, false);
	feed(&t, "EHLO x\r\nAUTH LOGIN\r\nMax Mustermann\r\n");
	stop(&t);
	HAS(&t, "[7] C: Max Mustermann\n[7]   # ! not valid Base64: the server will reject it with "
		"501");
	HAS(&t, "[7] S: 501 5.5.2 Cannot decode response\n");
	cleanup(&t);
}

Test(serve_log, show_secrets_decodes_plain)
{
	struct t t;
	start(&t, "tutorial", true, true, false);
	feed(&t, "EHLO x\r\nAUTH PLAIN " PLAIN_B64 "\r\n");
	stop(&t);
	HAS(&t, "[7] C: AUTH PLAIN " PLAIN_B64 "\n");
	HAS(&t, PASSWORD); /* decoded, its NULs escaped */
	for (size_t i = 0; i < t.out.len; i++)
		cr_assert_neq(t.out.data[i], '\0');
	/* the file never reveals */
	bool masked = false;
	for (size_t i = 0; i < t.recs.n; i++)
		if (t.recs.v[i].kind == TF_CLIENT && (t.recs.v[i].flags & TF_F_SECRET))
			masked = true;
	cr_assert(masked);
	cleanup(&t);
}

Test(serve_log, cram_md5_digest_is_a_secret)
{
	struct t t;
	start(&t, "tutorial", true, false, false);
	feed(&t, "EHLO x\r\nAUTH CRAM-MD5\r\n");
	HAS(&t, "[7]   # decoded: <1896609055.1700000000@smtp.server.com>\n");
	feed(&t, "TWF4IE11c3Rlcm1hbm4gMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=\r\n");
	stop(&t);
	HAS(&t, "[7] C: ********\n");
	LACKS(&t, "TWF4IE11c3Rlcm1hbm4gMDAw");
	cleanup(&t);
}

Test(serve_log, client_bytes_are_escaped)
{
	struct t t;
	start(&t, "tutorial", true, false, false);
	feed(&t, "EHLO \x1b[2J\x1b]0;title\x07\xe2\x80\xae\xff\r\n");
	stop(&t);
	for (size_t i = 0; i < t.out.len; i++) {
		unsigned char c = (unsigned char)t.out.data[i];
		cr_assert(c == '\n' || (c >= 0x20 && c != 0x7f), "byte 0x%02x in the log", c);
	}
	cr_assert_null(strstr(out(&t), "\xe2\x80\xae"), "a bidi override reached the log");
	HAS(&t, "[7] C: EHLO \\x1b[2J");
	cleanup(&t);
}

Test(serve_log, bare_is_the_lines_alone)
{
	struct t t;
	start(&t, "tutorial", false, false, false);
	feed(&t, "EHLO x\r\nAUTH PLAIN " PLAIN_B64 "\r\nQUIT\r\n");
	stop(&t);
	cr_assert_str_eq(out(&t), "[7] S: 220 smtp.server.com ESMTP Postfix\n"
				  "[7] C: EHLO x\n"
				  "[7] S: 250-smtp.server.com Guten Tag\n"
				  "[7] S: 250 AUTH CRAM-MD5 LOGIN PLAIN\n"
				  "[7] C: AUTH PLAIN ********\n"
				  "[7] S: 235 OK\n"
				  "[7] C: QUIT\n"
				  "[7] S: 221 2.0.0 Bye\n"
				  "[7]   # connection closed: the session ended\n");
	cleanup(&t);
}

/* What replay of the saved records prints, as `smtpdbg replay --text`. */
static void on_replayed(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	(void)rec;
	struct buf *b = arg;
	if (ev->type == SMTP_EV_SENT || ev->type == SMTP_EV_REPLY) {
		struct annot_line l;
		annot_event(ev, &(struct annot_policy){0}, &l);
		for (size_t i = 0; i < l.nwire; i++)
			buf_printf(b, "%s%s\n", ev->type == SMTP_EV_SENT ? "C: " : "S: ", l.wire[i]);
		annot_line_free(&l);
	} else if (ev->type == SMTP_EV_VIOLATION && (ev->flags & SMTP_F_SERVER)) {
		buf_printf(b, "server broke a rule: %s\n", ev->text);
	}
}

Test(serve_log, records_replay_to_the_same_lines)
{
	struct t t;
	start(&t, "tutorial", true, false, false);
	feed(&t, "EHLO x\r\nAUTH LOGIN\r\nTWF4IE11c3Rlcm1hbm4=\r\n" PASSWORD_B64 "\r\n");
	feed(&t, "MAIL FROM:<a@client.test>\r\nRCPT TO:<b@elsewhere.test>\r\nDATA\r\n");
	feed(&t, "Subject: private words\r\n\r\nsecret content\r\n.\r\nQUIT\r\n");
	stop(&t);
	struct buf b;
	buf_init(&b, 0);
	replay_run(&t.recs, &(struct replay_cb){.event = on_replayed, .arg = &b});
	const char *r = b.data;
	cr_assert_null(strstr(r, "server broke a rule"), "%s", r);
	cr_assert(strstr(r, "C: TWF4IE11c3Rlcm1hbm4=\nS: 334 UGFzc3dvcmQ6\nC: ********\nS: 235 OK\n"),
		  "%s", r);
	/* the message ends with its "." and is answered: no reply unmatched */
	cr_assert(strstr(r, "S: 354 End data with <CR><LF>.<CR><LF>\nC: .\nS: 250 2.0.0 Ok: "),
		  "%s", r);
	cr_assert(strstr(r, "C: QUIT\nS: 221 2.0.0 Bye\n"), "%s", r);
	/* the content is not kept, the password is flagged secret */
	bool secret = false;
	for (size_t i = 0; i < t.recs.n; i++) {
		const struct tf_record *x = &t.recs.v[i];
		cr_assert_null(strstr((const char *)x->data, "private words"));
		cr_assert_null(strstr((const char *)x->data, "secret content"));
		if (!strcmp((const char *)x->data, PASSWORD_B64))
			secret = x->flags & TF_F_SECRET;
	}
	cr_assert(secret);
	cr_assert_eq(t.recs.v[t.recs.n - 1].kind, TF_CLOSED);
	/* every line of the log is from the engine: no reply shown bare */
	cr_assert_null(strstr(out(&t), "server: "), "%s", out(&t));
	buf_free(&b);
	cleanup(&t);
}

Test(serve_log, starttls_lines_are_flagged_tls)
{
	struct t t;
	start(&t, "strict-submission", true, false, true);
	feed(&t, "EHLO x\r\nSTARTTLS\r\n");
	server_session_tls_ready(t.s);
	feed(&t, "EHLO x\r\n");
	stop(&t);
	HAS(&t, "[7] S: 220 2.0.0 Ready to start TLS\n");
	HAS(&t, "the TLS handshake starts now");
	HAS(&t, "[7] S: 250-AUTH PLAIN LOGIN CRAM-MD5\n");
	bool before = false, after = false;
	for (size_t i = 0; i < t.recs.n; i++) {
		const struct tf_record *x = &t.recs.v[i];
		if (x->kind == TF_SERVER && !strcmp((const char *)x->data, "220 2.0.0 Ready to start TLS"))
			before = !(x->flags & TF_F_TLS);
		if (x->kind == TF_SERVER && strstr((const char *)x->data, "AUTH PLAIN"))
			after = x->flags & TF_F_TLS;
	}
	cr_assert(before && after);
	cleanup(&t);
}

Test(serve_log, brief_meaning_of_an_unanswered_reply_is_the_codes)
{
	struct annot_line l = {.type = SMTP_EV_REPLY};
	annot_items_init(&l.items);
	annot_add(&l.items, AK_MEANING, 0, NULL, "250  Requested mail action okay, completed");
	annot_add(&l.items, AK_MEANING, 1, NULL, "Answering EHLO: Extensions follow");
	cr_assert_str_eq(narrate_brief_meaning(&l), "250  Requested mail action okay, completed");
	l.answers = "EHLO";
	cr_assert_str_eq(narrate_brief_meaning(&l), "Answering EHLO: Extensions follow");
	annot_items_free(&l.items);
}
