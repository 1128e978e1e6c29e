/* Session scripts (tests/data/sessions) replayed through the engine. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/client.h"
#include "smtpdbg/xmalloc.h"

struct run {
	struct smtp_client *c;
	bool bytewise;
	const char *file;
	int lineno;
	struct buf burst;
	char *violations[64];
	size_t nviol;
	int last_code;
	char last_answers[16];
	char last_decoded[256];
};

static size_t unescape(const char *s, char *out)
{
	size_t n = 0;
	while (*s) {
		if (*s == '\\' && s[1]) {
			s++;
			switch (*s) {
			case 'r': out[n++] = '\r'; break;
			case 'n': out[n++] = '\n'; break;
			case '0': out[n++] = '\0'; break;
			case 'x': {
				char h[3] = {s[1], s[2], 0};
				out[n++] = (char)strtol(h, NULL, 16);
				s += 2;
				break;
			}
			default: out[n++] = *s;
			}
			s++;
		} else {
			out[n++] = *s++;
		}
	}
	return n;
}

static void drain(struct run *r)
{
	struct smtp_event ev;
	while (smtp_client_next_event(r->c, &ev)) {
		switch (ev.type) {
		case SMTP_EV_VIOLATION:
			cr_assert_lt(r->nviol, 64);
			r->violations[r->nviol++] = xstrdup(ev.text);
			break;
		case SMTP_EV_REPLY:
			r->last_code = ev.reply->code;
			snprintf(r->last_answers, sizeof r->last_answers, "%s",
				 ev.answers ? ev.answers : "(none)");
			break;
		case SMTP_EV_AUTH_STEP:
			if (ev.data)
				snprintf(r->last_decoded, sizeof r->last_decoded, "%.*s",
					 (int)ev.len, (const char *)ev.data);
			break;
		default:
			break;
		}
	}
}

static void flush_burst(struct run *r)
{
	if (r->burst.len == 0)
		return;
	if (r->bytewise)
		for (size_t i = 0; i < r->burst.len; i++)
			smtp_client_feed(r->c, r->burst.data + i, 1);
	else
		smtp_client_feed(r->c, r->burst.data, r->burst.len);
	buf_reset(&r->burst);
	drain(r);
}

static void expect_no_violation(struct run *r)
{
	cr_assert_eq(r->nviol, 0, "%s:%d (%s): unexpected violation: %s", r->file, r->lineno,
		     r->bytewise ? "bytewise" : "whole", r->nviol ? r->violations[0] : "");
}

static void expect_tx(struct run *r, const char *line)
{
	const uint8_t *p;
	size_t n = smtp_client_tx(r->c, &p);
	size_t want = strlen(line);
	cr_assert(n >= want + 2 && !memcmp(p, line, want) && !memcmp(p + want, "\r\n", 2),
		  "%s:%d: engine sent '%.*s', want '%s'", r->file, r->lineno, (int)n,
		  (const char *)p, line);
	smtp_client_tx_done(r->c, want + 2);
}

static void run_script(const char *path, bool bytewise)
{
	FILE *f = fopen(path, "r");
	cr_assert(f, "cannot open %s", path);
	struct run r = {.bytewise = bytewise, .file = path};
	r.c = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "relay.client.com"});
	buf_init(&r.burst, 0);
	char line[4096], raw[4096];

	while (fgets(line, sizeof line, f)) {
		r.lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char kind = line[0], sep = line[1];
		const char *arg = line[2] == ' ' ? line + 3 : line + 2;
		if (kind == 'S') {
			size_t n = unescape(arg, raw);
			buf_add(&r.burst, raw, n);
			if (sep == ':')
				buf_add(&r.burst, "\r\n", 2);
			continue;
		}
		flush_burst(&r);
		switch (kind) {
		case 'C':
			if (sep == ':') {
				expect_no_violation(&r);
				cr_assert_eq(smtp_client_send(r.c, arg, strlen(arg), 0), 0);
				drain(&r);
			}
			expect_tx(&r, arg);
			break;
		case 'A': {
			char mech[32], user[128], pw[128];
			cr_assert_eq(sscanf(arg, "%31s %127s %127[^\n]", mech, user, pw), 3);
			for (char *p = user; *p; p++)
				if (*p == '_')
					*p = ' ';
			const struct sasl_mech *m = sasl_find(mech);
			cr_assert(m, "unknown mechanism %s", mech);
			expect_no_violation(&r);
			enum sasl_ir ir = sep == '+'   ? SASL_IR_ALWAYS
					  : sep == '-' ? SASL_IR_NEVER
						       : SASL_IR_DEFAULT;
			cr_assert_eq(smtp_client_auth(r.c, m, &(struct sasl_creds){.user = user,
								    .password = pw,
								    .ir = ir}), 0);
			drain(&r);
			break;
		}
		case '!':
			cr_assert(r.nviol > 0, "%s:%d: expected a violation '%s'", path, r.lineno, arg);
			cr_assert(strstr(r.violations[0], arg), "%s:%d: violation '%s' lacks '%s'",
				  path, r.lineno, r.violations[0], arg);
			free(r.violations[0]);
			memmove(r.violations, r.violations + 1, --r.nviol * sizeof r.violations[0]);
			break;
		case '=':
			cr_assert_str_eq(smtp_state_name(smtp_client_state(r.c)), arg, "%s:%d",
					 path, r.lineno);
			break;
		case 'R': {
			int code;
			char verb[16];
			cr_assert_eq(sscanf(arg, "%d %15s", &code, verb), 2);
			cr_assert_eq(r.last_code, code, "%s:%d", path, r.lineno);
			cr_assert_str_eq(r.last_answers, verb, "%s:%d", path, r.lineno);
			break;
		}
		case 'D':
			cr_assert_str_eq(r.last_decoded, arg, "%s:%d", path, r.lineno);
			break;
		case 'T':
			smtp_client_tls_ready(r.c, false);
			drain(&r);
			break;
		case '@':
			cr_assert_eq(smtp_client_authenticated(r.c), !strcmp(arg, "yes"),
				     "%s:%d: authenticated, want %s", path, r.lineno, arg);
			break;
		case 'K':
			cr_assert_eq(caps_has(smtp_client_caps(r.c), arg), sep == ':',
				     "%s:%d: capability %s", path, r.lineno, arg);
			break;
		case 'E':
			smtp_client_closed(r.c, "test");
			drain(&r);
			break;
		default:
			cr_assert_fail("%s:%d: unknown directive %c", path, r.lineno, kind);
		}
	}
	flush_burst(&r);
	expect_no_violation(&r);
	const uint8_t *p;
	cr_assert_eq(smtp_client_tx(r.c, &p), 0, "%s: unchecked bytes sent: %s", path,
		     (const char *)p);
	fclose(f);
	buf_free(&r.burst);
	smtp_client_free(r.c);
}

Test(client, session_scripts)
{
	const char *dir = TEST_DATA_DIR "/sessions";
	DIR *d = opendir(dir);
	cr_assert(d);
	struct dirent *e;
	int count = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".txt"))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		run_script(path, false);
		run_script(path, true);
		count++;
	}
	closedir(d);
	cr_assert_geq(count, 8, "session scripts found: %d", count);
}

/* Drive a session to the DATA state. */
static struct smtp_client *at_data(void)
{
	struct smtp_client *c = smtp_client_new(NULL);
	const char *script[][2] = {
		{NULL, "220 mx ESMTP\r\n"},
		{"EHLO x", "250 mx\r\n"},
		{"MAIL FROM:<a@b>", "250 ok\r\n"},
		{"RCPT TO:<c@d>", "250 ok\r\n"},
		{"DATA", "354 go\r\n"},
	};
	for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
		if (script[i][0])
			smtp_client_send(c, script[i][0], strlen(script[i][0]), 0);
		smtp_client_feed(c, script[i][1], strlen(script[i][1]));
	}
	cr_assert_eq(smtp_client_state(c), SMTP_ST_DATA);
	const uint8_t *p;
	smtp_client_tx_done(c, smtp_client_tx(c, &p));
	return c;
}

Test(client, body_is_dot_stuffed_and_crlf)
{
	static const char body[] = "Subject: x\n\n.hidden\r\n..two\rbare cr\n.\nend";
	static const char want[] = "Subject: x\r\n\r\n..hidden\r\n...two\r\nbare cr\r\n..\r\nend\r\n.\r\n";
	for (size_t step = 1; step <= sizeof body; step++) {
		struct smtp_client *c = at_data();
		for (size_t i = 0; i < sizeof body - 1; i += step) {
			size_t n = sizeof body - 1 - i < step ? sizeof body - 1 - i : step;
			smtp_client_body(c, body + i, n);
		}
		smtp_client_body_end(c);
		const uint8_t *p;
		size_t n = smtp_client_tx(c, &p);
		cr_assert_eq(n, sizeof want - 1, "step %zu: %.*s", step, (int)n, (const char *)p);
		cr_assert(!memcmp(p, want, n), "step %zu: %.*s", step, (int)n, (const char *)p);
		cr_assert_str_eq(smtp_client_awaiting(c), "DOT");
		smtp_client_feed(c, "250 queued\r\n", 12);
		cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
		smtp_client_free(c);
	}
}

Test(client, body_ending_in_newline_gets_no_blank_line)
{
	struct smtp_client *c = at_data();
	smtp_client_body(c, "line\r\n", 6);
	smtp_client_body_end(c);
	const uint8_t *p;
	size_t n = smtp_client_tx(c, &p);
	cr_assert_eq(n, strlen("line\r\n.\r\n"));
	cr_assert(!memcmp(p, "line\r\n.\r\n", n));
	smtp_client_free(c);
}

Test(client, refuses_line_breaks_outside_raw)
{
	struct smtp_client *c = smtp_client_new(NULL);
	cr_assert_eq(smtp_client_send(c, "RCPT TO:<a@b>\r\nDATA", 19, 0), -1);
	cr_assert_eq(smtp_client_send(c, "NOOP\0x", 6, 0), -1);
	const uint8_t *p;
	cr_assert_eq(smtp_client_tx(c, &p), 0, "nothing queued");
	/* Raw mode sends exactly what it is given and still tracks replies. */
	smtp_client_feed(c, "220 mx\r\n", 8);
	cr_assert_eq(smtp_client_send(c, "EHLO x\r\nNOOP\r\n", 14, SMTP_F_RAW), 0);
	cr_assert_eq(smtp_client_tx(c, &p), 14);
	cr_assert(!memcmp(p, "EHLO x\r\nNOOP\r\n", 14));
	cr_assert_eq(smtp_client_outstanding(c), 2);
	smtp_client_free(c);
}

Test(client, events_in_order)
{
	struct smtp_client *c = smtp_client_new(NULL);
	smtp_client_feed(c, "220 mx\r\n", 8);
	smtp_client_send(c, "EHLO x", 6, 0);
	smtp_client_feed(c, "250-mx\r\n250 STARTTLS\r\n", 22);
	smtp_client_send(c, "STARTTLS", 8, 0);
	smtp_client_feed(c, "220 go\r\n", 8);
	enum smtp_ev_type want[] = {SMTP_EV_REPLY, SMTP_EV_STATE, SMTP_EV_SENT, SMTP_EV_REPLY,
				    SMTP_EV_CAPS, SMTP_EV_STATE, SMTP_EV_SENT, SMTP_EV_REPLY,
				    SMTP_EV_STATE, SMTP_EV_NEED_TLS};
	struct smtp_event ev;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cr_assert(smtp_client_next_event(c, &ev), "event %zu missing", i);
		cr_assert_eq(ev.type, want[i], "event %zu: %d", i, ev.type);
	}
	cr_assert(!smtp_client_next_event(c, &ev));
	cr_assert_eq(smtp_client_state(c), SMTP_ST_TLS);
	const uint8_t *p;
	smtp_client_tx_done(c, smtp_client_tx(c, &p));
	smtp_client_tls_ready(c, true);
	size_t n = smtp_client_tx(c, &p);
	cr_assert_eq(n, 18);
	cr_assert(!memcmp(p, "EHLO [127.0.0.1]\r\n", 18), "after TLS, EHLO again, never localhost");
	cr_assert(smtp_client_tls(c));
	cr_assert(!smtp_client_caps(c)->known);
	smtp_client_free(c);
}

Test(client, drop_while_waiting_is_reported)
{
	struct smtp_client *c = smtp_client_new(NULL);
	smtp_client_feed(c, "220 mx\r\n", 8);
	smtp_client_send(c, "EHLO x", 6, 0);
	smtp_client_closed(c, "connection reset by peer");
	struct smtp_event ev;
	bool violation = false, closed = false;
	while (smtp_client_next_event(c, &ev)) {
		if (ev.type == SMTP_EV_VIOLATION && strstr(ev.text, "awaited a reply"))
			violation = true;
		if (ev.type == SMTP_EV_CLOSED) {
			closed = true;
			cr_assert_str_eq(ev.text, "connection reset by peer");
		}
	}
	cr_assert(violation && closed);
	cr_assert_eq(smtp_client_send(c, "NOOP", 4, 0), -1, "nothing is sent after close");
	smtp_client_free(c);
}

/* Secrets by role in an exchange the engine does not drive (typed lines,
 * a --script, a replayed file whose lines carry no S flag): the caller's
 * flags do not matter. */
static unsigned sent_flags(struct smtp_client *c, const char *line)
{
	cr_assert_eq(smtp_client_send(c, line, strlen(line), 0), 0);
	struct smtp_event ev;
	unsigned flags = 0;
	bool seen = false;
	while (smtp_client_next_event(c, &ev))
		if (ev.type == SMTP_EV_SENT && !seen) {
			flags = ev.flags;
			seen = true;
		}
	cr_assert(seen);
	return flags;
}

static void feed_str(struct smtp_client *c, const char *s)
{
	smtp_client_feed(c, s, strlen(s));
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		;
}

Test(client, secrets_by_role_without_flags)
{
	struct smtp_client *c = smtp_client_new(NULL);
	feed_str(c, "220 mx ESMTP\r\n");
	sent_flags(c, "EHLO x");
	feed_str(c, "250-mx\r\n250 AUTH LOGIN PLAIN CRAM-MD5\r\n");
	cr_assert(sent_flags(c, "  AUTH PLAIN AGEAYg==") & SMTP_F_SECRET, "PLAIN's initial response");
	feed_str(c, "535 5.7.8 no\r\n");
	cr_assert_not(sent_flags(c, "AUTH LOGIN") & SMTP_F_SECRET);
	feed_str(c, "334 S2VubndvcnQ6\r\n"); /* "Kennwort:" first: still the user name step */
	cr_assert_not(sent_flags(c, "dXNlcg==") & SMTP_F_SECRET, "LOGIN's first answer: the user");
	feed_str(c, "334 \r\n"); /* an empty prompt */
	cr_assert(sent_flags(c, "cGFzcw==") & SMTP_F_SECRET, "LOGIN's second answer: the password");
	feed_str(c, "535 5.7.8 no\r\n");
	cr_assert_not(sent_flags(c, "AUTH LOGIN dXNlcg==") & SMTP_F_SECRET, "LOGIN's IR: the user");
	feed_str(c, "334 UGFzc3dvcmQ6\r\n");
	cr_assert(sent_flags(c, "cGFzcw==") & SMTP_F_SECRET);
	feed_str(c, "535 5.7.8 no\r\n");
	cr_assert(sent_flags(c, "AUTH XYZ c2VjcmV0") & SMTP_F_SECRET, "an unknown mechanism");
	feed_str(c, "535 5.7.8 no\r\n");
	/* GSSAPI: the tokens are credentials, the empty answer after the
	 * AP-REP (RFC 4752 §3.1) hides nothing and is not masked. */
	cr_assert_not(sent_flags(c, "AUTH GSSAPI") & SMTP_F_SECRET);
	feed_str(c, "334 \r\n");
	cr_assert(sent_flags(c, "YIICxwYJKoZIhvcSAQIC") & SMTP_F_SECRET, "the AP-REQ");
	feed_str(c, "334 YIGZBgkqhkiG9xIBAgICAG8=\r\n");
	cr_assert_not(sent_flags(c, "") & SMTP_F_SECRET, "the empty answer");
	feed_str(c, "334 BQQF/wAMAAAAAAAA\r\n");
	cr_assert(sent_flags(c, "BQQE/wAMAAAAAAAA") & SMTP_F_SECRET, "the wrapped layer choice");
	smtp_client_free(c);
}

/* The reply to the client's own "*" judges no password: Exim answers a
 * cancelled NTLM exchange with 535 "Incorrect authentication data", which
 * is no sign of a wrong password. It is marked, explained as the answer to
 * the cancel, and not diagnosed; a 535 to a real answer still is. */
static bool reply_event(struct smtp_client *c, const char *reply, struct annot_line *l)
{
	smtp_client_feed(c, reply, strlen(reply));
	struct smtp_event ev;
	bool got = false;
	while (smtp_client_next_event(c, &ev))
		if (ev.type == SMTP_EV_REPLY && !got) {
			annot_event(&ev, &(struct annot_policy){0}, l);
			got = true;
		}
	return got;
}

static bool has_item(const struct annot_line *l, const char *text)
{
	for (size_t i = 0; i < l->items.n; i++)
		if (l->items.v[i].text && strstr(l->items.v[i].text, text))
			return true;
	return false;
}

Test(client, the_reply_to_a_cancel_is_no_verdict_on_the_password)
{
	struct smtp_client *c = smtp_client_new(NULL);
	feed_str(c, "220 exim ESMTP\r\n");
	sent_flags(c, "EHLO x");
	feed_str(c, "250-exim\r\n250 AUTH NTLM CRAM-MD5\r\n");
	sent_flags(c, "AUTH NTLM TlRMTVNTUAABAAAAB4IIAA==");
	feed_str(c, "334 TlRMTVNTUAACAAAAAAAAAAAoAAAAAYIAAA==\r\n");
	sent_flags(c, "*");
	struct annot_line l;
	cr_assert(reply_event(c, "535 Incorrect authentication data\r\n", &l));
	cr_assert(has_item(&l, "answers the client's \"*\""));
	cr_assert_null(l.diag.kind, "no diagnosis of a cancel's reply");
	for (size_t i = 0; i < l.items.n; i++)
		cr_assert_neq(l.items.v[i].kind, AK_DIAGNOSIS);
	annot_line_free(&l);

	/* The same reply to a real answer: diagnosed, no note. */
	sent_flags(c, "AUTH CRAM-MD5");
	feed_str(c, "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+\r\n");
	sent_flags(c, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	cr_assert(reply_event(c, "535 Incorrect authentication data\r\n", &l));
	cr_assert_not(has_item(&l, "answers the client's"));
	cr_assert_not_null(l.diag.kind);
	annot_line_free(&l);
	smtp_client_free(c);
}
