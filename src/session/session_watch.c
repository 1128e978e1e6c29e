/* serve --watch: a student's session seen from the server. What the server
 * received goes to a client engine as if typed, what it sent is fed back
 * as the server's bytes: the engine only observes (its output is dropped),
 * so every line is annotated by the same code as a live session's. The
 * order is the server's: a pipelined group shows one command, one reply.
 * The message content comes unstuffed from the server; it is stuffed again
 * so the engine sees what the client sent; the "." that ends it comes from
 * the server's log (or, cut short by a reply, is put back before it). */
#include "smtpdbg/session_watch.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define LAST_MAX 200       /* bytes of the latest reply line the list keeps */
#define USER_MAX 64        /* bytes of a user name the list keeps */
#define HELD_MAX 8         /* notes held while the message is open */
#define BODY_LINE_MAX 1000 /* RFC 5322's 998 and CRLF: past it a line is cut */

struct session_watch {
	struct session *s;
	bool tls, closed;
	char *why;
	/* the list's facts */
	char *last;
	int last_code;
	unsigned errors, warnings, messages;
	/* AUTH, as the server saw it */
	char mech[24];
	bool in_auth, sasl_turn, authed;
	unsigned answers;
	char *user;
	/* the message */
	bool in_body, await_dot;
	struct buf line;  /* a content line not ended yet */
	bool cut;         /* ... past BODY_LINE_MAX: the rest of it is skipped */
	size_t body_lines, body_bytes;
	bool body_hidden; /* the rest of this message is not shown */
	char *held[HELD_MAX]; /* notes that came before the "." was put back */
	size_t nheld;
};

struct session_watch *session_watch_new(const struct session_opts *o, const char *peer)
{
	struct session_watch *w = xcalloc(1, sizeof *w);
	w->s = session_new(o, NULL);
	w->s->observer = true;
	w->s->connected = true;
	snprintf(w->s->peer, sizeof w->s->peer, "%s", peer);
	buf_init(&w->line, BODY_LINE_MAX);
	return w;
}

void session_watch_free(struct session_watch *w)
{
	if (!w)
		return;
	session_free(w->s);
	for (size_t i = 0; i < w->nheld; i++)
		free(w->held[i]);
	buf_free(&w->line);
	free(w->why);
	free(w->last);
	free(w->user);
	free(w);
}

struct session *session_watch_session(struct session_watch *w)
{
	return w->s;
}

/* Lines added so far, dropped ones included: where the next one starts. */
static size_t mark(const struct session_watch *w)
{
	return w->s->tr.n + w->s->tr.dropped;
}

/* After the engine moved: its events into the transcript, the lines since
 * from marked with the TLS phase and counted. What the engine would send
 * goes nowhere, and a prompt or message meant for someone at the keyboard
 * is dropped: here the student answers, not the one watching. */
static void settle(struct session_watch *w, size_t from)
{
	struct session *s = w->s;
	const uint8_t *p;
	size_t n;
	while ((n = smtp_client_tx(s->c, &p)) > 0)
		smtp_client_tx_done(s->c, n);
	session_pump(s);
	struct transcript *t = &s->tr;
	size_t first = from > t->dropped ? from - t->dropped : 0;
	for (size_t i = first; i < t->n; i++) {
		t->v[i].tls = w->tls;
		if (t->v[i].kind == TR_WARN)
			w->warnings++;
	}
	session_set_prompt(s, SESSION_PROMPT_SMTP, "");
	free(session_take_message(s));
}

static void note_now(struct session_watch *w, const char *text)
{
	size_t from = mark(w);
	session_note(w->s, TR_NOTE, text);
	settle(w, from);
}

static void flush_held(struct session_watch *w)
{
	for (size_t i = 0; i < w->nheld; i++) {
		note_now(w, w->held[i]);
		free(w->held[i]);
	}
	w->nheld = 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A line as the client sent it; bytes a command line cannot hold (CR,
 * NUL) go raw with the CRLF that ended them, so the reply still answers
 * them. */
static void send_line(struct session_watch *w, const char *line, size_t n, unsigned flags)
{
	if (!memchr(line, '\r', n) && !memchr(line, '\0', n)) {
		smtp_client_send(w->s->c, line, n, flags);
		return;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_add(&b, line, n);
	buf_add(&b, "\r\n", 2);
	smtp_client_send(w->s->c, b.data, b.len, flags | SMTP_F_RAW);
	buf_wipe_free(&b);
}

/* --- who logs in ------------------------------------------------------- */

/* The user name in answer k of the exchange: PLAIN's authcid, LOGIN's
 * first answer, the name before CRAM-MD5's digest. */
static void answer(struct session_watch *w, const char *p, size_t n, unsigned k)
{
	if (k != 0 || (n == 1 && p[0] == '*'))
		return;
	uint8_t *d;
	size_t dl, at;
	const char *err;
	if (b64_decode(p, n, &d, &dl, &err, &at) < 0)
		return;
	const uint8_t *u = NULL;
	size_t ul = 0;
	if (!strcasecmp(w->mech, "PLAIN")) {
		const uint8_t *n1 = memchr(d, '\0', dl);
		const uint8_t *n2 = n1 ? memchr(n1 + 1, '\0', dl - (size_t)(n1 + 1 - d)) : NULL;
		if (n2)
			u = n1 + 1, ul = (size_t)(n2 - u);
	} else if (!strcasecmp(w->mech, "LOGIN")) {
		u = d, ul = dl;
	} else if (!strcasecmp(w->mech, "CRAM-MD5")) {
		for (size_t i = dl; i-- > 0;)
			if (d[i] == ' ') {
				u = d, ul = i;
				break;
			}
	}
	if (u && ul && !w->authed) {
		free(w->user);
		w->user = esc_str(u, ul < USER_MAX ? ul : USER_MAX, w->s->esc);
	}
	wipe(d, dl);
	free(d);
}

static void track_client(struct session_watch *w, const char *line, size_t n)
{
	if (w->sasl_turn) {
		w->sasl_turn = false;
		answer(w, line, n, w->answers++);
		return;
	}
	size_t i = 0;
	while (i < n && blank(line[i]))
		i++;
	if (n - i < 5 || strncasecmp(line + i, "AUTH", 4) || !blank(line[i + 4]))
		return;
	i += 5;
	while (i < n && blank(line[i]))
		i++;
	size_t m = i;
	while (i < n && !blank(line[i]))
		i++;
	snprintf(w->mech, sizeof w->mech, "%.*s", (int)(i - m), line + m);
	while (i < n && blank(line[i]))
		i++;
	w->in_auth = true;
	w->answers = 0;
	if (i < n)
		answer(w, line + i, n - i, w->answers++);
}

/* --- what the server saw ---------------------------------------------- */

static void end_message(struct session_watch *w);

void session_watch_client(struct session_watch *w, const char *line, size_t n)
{
	if (w->closed)
		return;
	if (w->in_body && n == 1 && line[0] == '.') { /* the server logs the end */
		size_t from = mark(w);
		end_message(w);
		settle(w, from);
		flush_held(w);
		return;
	}
	flush_held(w);
	size_t from = mark(w);
	track_client(w, line, n);
	/* The engine's masking, the one rule of every face: LOGIN's user name
	 * shows, where the server's log masks the whole AUTH line. */
	send_line(w, line, n, 0);
	settle(w, from);
}

/* One content line, stuffed again as the client sent it. */
static void body_line(struct session_watch *w)
{
	size_t n = w->line.len;
	const char *p = w->line.data ? w->line.data : "";
	if (n && p[n - 1] == '\r')
		n--;
	if (w->body_lines < SESSION_WATCH_BODY_LINES && w->body_bytes < SESSION_WATCH_BODY_BYTES) {
		w->body_lines++;
		w->body_bytes += n;
		if (n && p[0] == '.') {
			struct buf b;
			buf_init(&b, 0);
			buf_addc(&b, '.');
			buf_add(&b, p, n);
			send_line(w, b.data, b.len, 0);
			buf_free(&b);
		} else {
			send_line(w, p, n, 0);
		}
	} else if (!w->body_hidden) {
		w->body_hidden = true;
		session_note(w->s, TR_NOTE,
			     _("the rest of the message is not shown here (the server's note says how "
			       "big it was)"));
	}
	buf_reset(&w->line);
	w->cut = false;
}

void session_watch_data(struct session_watch *w, const void *vp, size_t n)
{
	if (w->closed || !w->in_body)
		return;
	const char *p = vp;
	size_t from = mark(w);
	while (n > 0) {
		const char *lf = memchr(p, '\n', n);
		size_t take = lf ? (size_t)(lf - p) : n;
		if (!w->cut) {
			size_t room = w->line.limit - w->line.len;
			buf_add(&w->line, p, take < room ? take : room);
			w->cut = take > room;
		}
		if (!lf)
			break;
		body_line(w);
		p = lf + 1;
		n -= take + 1;
	}
	settle(w, from);
}

/* The reply to the end of the message is here: the "." went before it. */
static void end_message(struct session_watch *w)
{
	if (w->line.len || w->cut)
		body_line(w);
	w->in_body = false;
	w->await_dot = true;
	smtp_client_send(w->s->c, ".", 1, 0);
}

static int reply_code(const char *p, size_t n)
{
	if (n < 3 || p[0] < '2' || p[0] > '5' || p[1] < '0' || p[1] > '9' || p[2] < '0' ||
	    p[2] > '9')
		return 0;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* A reply's last line: what the list shows, and where AUTH and the
 * message stand. */
static void track_reply(struct session_watch *w, int code, const char *line, size_t n)
{
	free(w->last);
	w->last = esc_str(line, n < LAST_MAX ? n : LAST_MAX, w->s->esc);
	w->last_code = code;
	if (code >= 400)
		w->errors++;
	if (w->await_dot) {
		w->await_dot = false;
		w->messages += code == 250;
	}
	if (code == 354 && smtp_client_state(w->s->c) == SMTP_ST_DATA) {
		w->in_body = true;
		w->body_lines = w->body_bytes = 0;
		w->body_hidden = false;
	}
	if (w->in_auth) {
		w->sasl_turn = code == 334;
		if (code != 334) {
			w->in_auth = false;
			w->authed |= code == 235;
		}
	}
}

void session_watch_server(struct session_watch *w, const char *line, size_t n)
{
	if (w->closed)
		return;
	size_t from = mark(w);
	int code = reply_code(line, n);
	/* A 421 can interrupt the message: then no "." was sent. */
	if (w->in_body && code != 421)
		end_message(w);
	settle(w, from);
	flush_held(w);
	from = mark(w);
	struct buf b;
	buf_init(&b, 0);
	buf_add(&b, line, n);
	buf_add(&b, "\r\n", 2);
	smtp_client_feed(w->s->c, b.data, b.len);
	buf_free(&b);
	if (n <= 3 || line[3] != '-')
		track_reply(w, code, line, n);
	settle(w, from);
}

void session_watch_note(struct session_watch *w, const char *text)
{
	/* After the end, the driver's closing note repeats why. */
	if (w->closed)
		return;
	if (w->in_body && w->nheld < HELD_MAX) {
		w->held[w->nheld++] = xstrdup(text);
		return;
	}
	note_now(w, text);
}

void session_watch_tls(struct session_watch *w)
{
	if (w->closed)
		return;
	size_t from = mark(w);
	w->tls = true;
	smtp_client_tls_ready(w->s->c, false);
	settle(w, from);
}

void session_watch_closed(struct session_watch *w, const char *why)
{
	if (w->closed)
		return;
	flush_held(w);
	size_t from = mark(w);
	w->closed = true;
	w->s->closed = true;
	w->why = esc_str(why, strlen(why), w->s->esc);
	smtp_client_closed(w->s->c, why);
	settle(w, from);
}

void session_watch_facts(const struct session_watch *w, struct session_watch_facts *f)
{
	*f = (struct session_watch_facts){
		.peer = w->s->peer,
		.user = w->user ? w->user : "",
		.authed = w->authed,
		.state = smtp_state_name(smtp_client_state(w->s->c)),
		.last = w->last ? w->last : "",
		.last_code = w->last_code,
		.errors = w->errors,
		.warnings = w->warnings,
		.messages = w->messages,
		.tls = w->tls,
		.closed = w->closed,
		.why = w->why ? w->why : "",
	};
}

size_t session_watch_bytes(const struct session_watch *w)
{
	return w->s->tr.bytes;
}
