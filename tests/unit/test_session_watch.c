/* serve --watch's view of a session: a real server session in memory, its
 * log and message content fed to a session_watch as server_conn feeds it,
 * and the transcript the panes would draw checked line by line. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/server.h"
#include "smtpdbg/serve_watch.h"
#include "smtpdbg/session_watch.h"

struct rig {
	struct server_session *srv;
	struct session_watch *w;
	struct session_opts so;
};

static void on_log(void *arg, const struct server_log *e)
{
	struct rig *r = arg;
	if (e->kind == SERVER_LOG_CLIENT)
		session_watch_client(r->w, e->text, e->len);
	else if (e->kind == SERVER_LOG_SERVER)
		session_watch_server(r->w, e->text, e->len);
	else {
		char *t = strndup(e->text, e->len);
		session_watch_note(r->w, t);
		free(t);
	}
}

static void on_data(void *arg, const void *p, size_t n)
{
	struct rig *r = arg;
	session_watch_data(r->w, p, n);
}

static void drain(struct rig *r)
{
	const uint8_t *p;
	size_t n = server_session_tx(r->srv, &p);
	server_session_tx_done(r->srv, n);
}

static void start(struct rig *r, const char *personality)
{
	memset(r, 0, sizeof *r);
	r->so.max_transcript = 256 * 1024;
	r->w = session_watch_new(&r->so, "127.0.0.1:40000");
	struct server_config c = {.personality = server_personality_find(personality),
				  .log = on_log, .log_arg = r, .data = on_data, .data_arg = r};
	r->srv = server_session_new(&c);
	drain(r);
}

static void stop(struct rig *r)
{
	server_session_free(r->srv);
	session_watch_free(r->w);
}

static void say(struct rig *r, const char *bytes)
{
	server_session_feed(r->srv, bytes, strlen(bytes));
	drain(r);
}

static const struct transcript *tr(struct rig *r)
{
	return session_transcript(session_watch_session(r->w));
}

/* The entry whose text (as drawn) starts with prefix, from index from. */
static long find_from(struct rig *r, size_t from, const char *prefix, bool reveal)
{
	const struct transcript *t = tr(r);
	for (size_t i = from; i < t->n; i++)
		if (!strncmp(tr_text(t, i, reveal), prefix, strlen(prefix)))
			return (long)i;
	return -1;
}

static long find(struct rig *r, const char *prefix)
{
	return find_from(r, 0, prefix, false);
}

static char *explain(struct rig *r, size_t i, bool reveal)
{
	struct buf b;
	buf_init(&b, 0);
	session_explain_text(session_watch_session(r->w), i, reveal, &b);
	return buf_steal(&b);
}

static bool anywhere(struct rig *r, const char *needle, bool reveal)
{
	const struct transcript *t = tr(r);
	for (size_t i = 0; i < t->n; i++) {
		const char *d = tr_decoded(t, i, reveal);
		char *x = explain(r, i, reveal);
		bool hit = strstr(tr_text(t, i, reveal), needle) || (d && strstr(d, needle)) ||
			   strstr(x, needle);
		free(x);
		if (hit)
			return true;
	}
	return false;
}

Test(session_watch, plain_in_clear_is_masked_warned_and_decoded)
{
	struct rig r;
	start(&r, "tutorial");
	say(&r, "EHLO student\r\n");
	/* "\0Max Mustermann\0IchbinkeinSpammer" */
	char *b64 = b64_encode("\0Max Mustermann\0IchbinkeinSpammer", 33);
	char line[200];
	snprintf(line, sizeof line, "AUTH PLAIN %s\r\n", b64);
	say(&r, line);
	const struct transcript *t = tr(&r);
	long a = find(&r, "AUTH PLAIN");
	cr_assert_geq(a, 0);
	cr_assert_str_eq(tr_text(t, a, false), "AUTH PLAIN ********");
	cr_assert(t->v[a].secret);
	/* S shows it whole; masked, the password appears nowhere. */
	cr_assert(strstr(tr_text(t, a, true), b64));
	cr_assert_not(anywhere(&r, "IchbinkeinSpammer", false));
	cr_assert(anywhere(&r, "IchbinkeinSpammer", true));
	/* The user name is in the maths, the warning about clear text follows. */
	cr_assert(anywhere(&r, "authcid: Max Mustermann", false));
	cr_assert(find(&r, "warning: this mechanism sends the password") > a);
	cr_assert_geq(find(&r, "235 "), 0);
	struct session_watch_facts f;
	session_watch_facts(r.w, &f);
	cr_assert_str_eq(f.user, "Max Mustermann");
	cr_assert(f.authed);
	cr_assert_eq(f.warnings, 1);
	cr_assert_eq(f.errors, 0);
	cr_assert_eq(f.last_code, 235);
	cr_assert_str_eq(f.state, "ready");
	free(b64);
	stop(&r);
}

Test(session_watch, login_shows_the_user_name_and_masks_the_password)
{
	struct rig r;
	start(&r, "tutorial");
	say(&r, "EHLO student\r\n");
	char *u = b64_encode("Max Mustermann", 14), *p = b64_encode("wrong-pass", 10);
	char line[200];
	snprintf(line, sizeof line, "AUTH LOGIN %s\r\n", u); /* smtplib's way: the user on the AUTH line */
	say(&r, line);
	snprintf(line, sizeof line, "%s\r\n", p);
	say(&r, line);
	const struct transcript *t = tr(&r);
	long a = find(&r, "AUTH LOGIN");
	cr_assert_geq(a, 0);
	cr_assert_str_eq(tr_decoded(t, a, false), "Max Mustermann");
	long pw = find(&r, "********");
	cr_assert_gt(pw, a);
	cr_assert_null(tr_decoded(t, pw, false), "masked: not even the decoded form");
	cr_assert_str_eq(tr_decoded(t, pw, true), "wrong-pass");
	struct session_watch_facts f;
	session_watch_facts(r.w, &f);
	cr_assert_str_eq(f.user, "Max Mustermann");
	cr_assert_not(f.authed);
	cr_assert_eq(f.errors, 1);
	cr_assert_eq(f.last_code, 535);
	free(u);
	free(p);
	stop(&r);
}

Test(session_watch, starttls_marks_what_follows_and_forgets_nothing_wrongly)
{
	struct rig r;
	memset(&r, 0, sizeof r);
	r.so.max_transcript = 256 * 1024;
	r.w = session_watch_new(&r.so, "127.0.0.1:40000");
	struct server_config c = {.personality = server_personality_find("submission"),
				  .tls_available = true, .log = on_log, .log_arg = &r,
				  .data = on_data, .data_arg = &r};
	r.srv = server_session_new(&c);
	drain(&r);
	say(&r, "EHLO s\r\nSTARTTLS\r\n");
	cr_assert(server_session_want_tls(r.srv));
	/* server_conn: the tap first, then the session's own note. */
	session_watch_tls(r.w);
	server_session_tls_ready(r.srv);
	say(&r, "EHLO s\r\n");
	char *b64 = b64_encode("\0Max Mustermann\0IchbinkeinSpammer", 33);
	char line[200];
	snprintf(line, sizeof line, "AUTH PLAIN %s\r\n", b64);
	say(&r, line);
	free(b64);
	const struct transcript *t = tr(&r);
	long ready = find(&r, "220 2.0.0 Ready");
	long again = find_from(&r, (size_t)ready + 1, "EHLO s", false);
	cr_assert_gt(again, ready);
	cr_assert_not(t->v[ready].tls, "the 220 to STARTTLS went in clear");
	cr_assert(t->v[again].tls);
	cr_assert(t->v[t->n - 1].tls);
	struct session_watch_facts f;
	session_watch_facts(r.w, &f);
	cr_assert(f.tls);
	cr_assert(f.authed);
	cr_assert_eq(f.warnings, 0, "AUTH PLAIN inside TLS breaks no rule");
	cr_assert_eq(f.last_code, 235);
	stop(&r);
}

Test(session_watch, message_lines_and_the_dot_come_back)
{
	struct rig r;
	start(&r, "open-relay");
	say(&r, "EHLO s\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n");
	say(&r, "Subject: hi\r\n\r\n..leading dot\r\nbody\r\n.\r\n");
	say(&r, "QUIT\r\n");
	long subj = find(&r, "Subject: hi");
	cr_assert_gt(subj, find(&r, "354 "));
	long dots = find(&r, "..leading dot");
	cr_assert_gt(dots, subj, "the stuffing is shown as the client sent it");
	long end = find_from(&r, (size_t)dots + 1, ".", false);
	const struct transcript *t = tr(&r);
	cr_assert_str_eq(tr_text(t, end, false), ".");
	long note = find(&r, "message of ");
	long ok = find(&r, "250 2.0.0 Ok");
	cr_assert(end < note && note < ok, "\".\", the server's note, then its reply");
	cr_assert_not(anywhere(&r, "a reply arrived with no command outstanding", false));
	struct session_watch_facts f;
	session_watch_facts(r.w, &f);
	cr_assert_eq(f.messages, 1);
	cr_assert_eq(f.warnings, 0);
	stop(&r);
}

Test(session_watch, a_long_message_is_shown_up_to_its_bound)
{
	struct rig r;
	start(&r, "open-relay");
	say(&r, "EHLO s\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n");
	for (int i = 0; i < SESSION_WATCH_BODY_LINES + 50; i++)
		say(&r, "x\r\n");
	say(&r, ".\r\n");
	size_t xs = 0;
	const struct transcript *t = tr(&r);
	for (size_t i = 0; i < t->n; i++)
		xs += !strcmp(tr_text(t, i, false), "x");
	cr_assert_eq(xs, SESSION_WATCH_BODY_LINES);
	cr_assert_geq(find(&r, "the rest of the message is not shown"), 0);
	cr_assert_geq(find(&r, "250 2.0.0 Ok"), 0);
	stop(&r);
}

Test(session_watch, hostile_bytes_are_escaped)
{
	struct rig r;
	start(&r, "tutorial");
	say(&r, "EHLO \x1b[2J\x1b]0;pwned\x07 x\r\n");
	say(&r, "NOOP \x9b" "31m\r\n");
	const struct transcript *t = tr(&r);
	for (size_t i = 0; i < t->n; i++) {
		for (int rev = 0; rev < 2; rev++) {
			const char *s = tr_text(t, i, rev);
			cr_assert_null(strchr(s, '\x1b'), "line %zu: %s", i, s);
			cr_assert_null(strchr(s, '\x07'));
			cr_assert_null(strstr(s, "\xc2\x9b"));
		}
	}
	cr_assert_geq(find(&r, "EHLO \\x1b[2J"), 0);
	stop(&r);
}

Test(session_watch, closed_ends_the_session_once)
{
	struct rig r;
	start(&r, "tutorial");
	say(&r, "EHLO s\r\nMAIL FROM:<a@b>\r\n");
	session_watch_closed(r.w, "the client went away");
	session_watch_note(r.w, "connection closed: the client went away");
	struct session_watch_facts f;
	session_watch_facts(r.w, &f);
	cr_assert(f.closed);
	cr_assert_str_eq(f.why, "the client went away");
	cr_assert_str_eq(f.state, "closed");
	long end = find(&r, "connection closed: the client went away");
	cr_assert_geq(end, 0);
	cr_assert_eq(find_from(&r, (size_t)end + 1, "connection closed", false), -1,
		     "the driver's note repeats why: shown once");
	stop(&r);
}

/* --- the list ------------------------------------------------------------ */

static void log_line(struct serve_watch *w, unsigned id, enum server_log_kind k, const char *s)
{
	struct server_log e = {.kind = k, .text = s, .len = strlen(s), .shown = strlen(s)};
	serve_watch_log(w, id, &e);
}

Test(serve_watch, closed_sessions_stay_up_to_the_bound)
{
	struct serve_watch *w = serve_watch_new(&(struct serve_watch_opts){
		.server = "127.0.0.1:2525", .max_open = 4, .keep_closed = 3});
	const struct server_conn_tap *tap = serve_watch_tap(w);
	for (unsigned id = 1; id <= 6; id++) {
		serve_watch_open(w, id, "127.0.0.1:5000");
		log_line(w, id, SERVER_LOG_SERVER, "220 smtp.server.com ESMTP");
	}
	cr_assert_eq(serve_watch_count(w), 7);
	cr_assert_eq(serve_watch_open_count(w), 6);
	for (unsigned id = 1; id <= 5; id++)
		tap->closed(tap->arg, id, "done");
	/* 5 closed, 3 kept: 1 and 2 went, the open one stays. */
	cr_assert_eq(serve_watch_count(w), 5);
	cr_assert_eq(serve_watch_dropped(w), 2);
	cr_assert_eq(serve_watch_find(w, 1), -1);
	cr_assert_eq(serve_watch_find(w, 3), 1);
	cr_assert_eq(serve_watch_find(w, 6), 4);
	cr_assert_eq(serve_watch_open_count(w), 1);
	/* A line of a dropped session goes nowhere; a note goes to the server. */
	log_line(w, 1, SERVER_LOG_CLIENT, "NOOP");
	serve_watch_note(w, 0, "too many connections");
	struct session *srv = session_watch_session(serve_watch_at(w, 0));
	const struct transcript *t = session_transcript(srv);
	cr_assert_str_eq(tr_text(t, t->n - 1, false), "too many connections");
	serve_watch_free(w);
}

Test(serve_watch, memory_stays_within_the_budget)
{
	size_t budget = 4u << 20;
	struct serve_watch *w = serve_watch_new(&(struct serve_watch_opts){
		.server = "x", .max_open = 8, .keep_closed = 8, .budget = budget});
	size_t per = serve_watch_session_budget(w);
	cr_assert_leq(per * 17, budget + per);
	const struct server_conn_tap *tap = serve_watch_tap(w);
	char line[400];
	memset(line, 'A', sizeof line - 1);
	line[sizeof line - 1] = 0;
	memcpy(line, "NOOP ", 5);
	for (unsigned id = 1; id <= 40; id++) {
		serve_watch_open(w, id, "127.0.0.1:1");
		log_line(w, id, SERVER_LOG_SERVER, "220 x ESMTP");
		for (int k = 0; k < 2000; k++) {
			log_line(w, id, SERVER_LOG_CLIENT, line);
			log_line(w, id, SERVER_LOG_SERVER, "250 2.0.0 Ok");
		}
		if (id > 8)
			tap->closed(tap->arg, id - 8, "done");
		cr_assert_leq(serve_watch_bytes(w), budget, "after %u: %zu", id,
			      serve_watch_bytes(w));
	}
	serve_watch_free(w);
}
