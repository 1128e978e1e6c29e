/* Drives one server session on a socket through the connection driver
 * (conn.h): bytes in, the session's replies out, STARTTLS, and the limits
 * that keep a slow or idle client from holding a slot. */
#include "smtpdbg/server_conn.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "smtpdbg/conn.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define RATE_INTERVAL_MS (60 * 1000)
/* After a 421 or 552 that closes the session, the client may still be
 * sending (a long line, a message cut off). Closing a socket with unread
 * bytes makes the kernel send a reset, which can destroy the reply before
 * the client reads it; so the server stops writing, reads and drops what
 * still comes for a moment, and closes when the client does. */
#define LINGER_MS 2000
#define LINGER_BYTES (1024 * 1024)

struct server_conn {
	struct loop *loop;
	struct conn *conn;
	struct server_conn_opts o;
	struct server_config cfg;
	struct server_session *s;
	bool timed_out;         /* the 421 is on its way */
	bool partial;           /* the client is in the middle of a line */
	bool gone;              /* closed: only the owner's callback is left */
	bool lingering;         /* the last reply is sent: reading to drop (above) */
	size_t rate_bytes;      /* received in this interval */
	size_t lingered;        /* bytes dropped while lingering */
	uint64_t idle_timer, session_timer, rate_timer, linger_timer;
	const char *abort_why;  /* why a 421 was queued, for the close note */
	unsigned depth;         /* entry points running: c is freed on the way out */
};

static void enter(struct server_conn *c)
{
	c->depth++;
}

/* Leave an entry point; c is freed here once closed and nothing runs. */
static void leave(struct server_conn *c)
{
	if (--c->depth == 0 && c->gone) {
		server_session_free(c->s);
		free(c);
	}
}

static void note(struct server_conn *c, const char *text)
{
	if (!c->o.log)
		return;
	struct server_log e = {.kind = SERVER_LOG_NOTE, .text = text, .len = strlen(text),
			       .tls = server_session_tls_active(c->s)};
	e.shown = e.len;
	c->o.log(c->o.arg, c->o.id, &e);
}

static void forward_log(void *arg, const struct server_log *e)
{
	struct server_conn *c = arg;
	if (c->o.log)
		c->o.log(c->o.arg, c->o.id, e);
}

/* serve --watch's tap: the message content, with the session's id. */
static void tap_data(void *arg, const void *p, size_t n)
{
	struct server_conn *c = arg;
	c->o.tap->data(c->o.tap->arg, c->o.id, p, n);
}

static void cancel(struct server_conn *c, uint64_t *t)
{
	if (*t)
		loop_cancel(c->loop, *t);
	*t = 0;
}

/* The end: the socket closes and the owner hears of it; c itself is freed
 * when the entry point running leaves. */
static void finish(struct server_conn *c, const char *why)
{
	if (c->gone)
		return;
	c->gone = true;
	if (c->o.tap && c->o.tap->closed)
		c->o.tap->closed(c->o.tap->arg, c->o.id, why);
	/* The owner logs the end (closed): it also ends the session's files. */
	cancel(c, &c->idle_timer);
	cancel(c, &c->session_timer);
	cancel(c, &c->rate_timer);
	cancel(c, &c->linger_timer);
	conn_tls_shutdown(c->conn);
	conn_free(c->conn);
	if (c->o.closed)
		c->o.closed(c->o.arg, c, why);
}

static void on_idle(struct loop *l, void *arg);

static const char *close_why(const struct server_conn *c)
{
	return c->abort_why ? c->abort_why : _("the session ended");
}

static void on_linger_end(struct loop *l, void *arg)
{
	struct server_conn *c = arg;
	enter(c);
	(void)l;
	c->linger_timer = 0;
	finish(c, close_why(c));
	leave(c);
}

/* The session's last reply is out: close now after QUIT or under TLS
 * (close_notify ends it cleanly), else half-close and linger (see
 * LINGER_MS). */
static void linger(struct server_conn *c)
{
	int fd = conn_fd(c->conn);
	if (server_session_quit(c->s) || conn_tls_server(c->conn) || fd < 0 ||
	    shutdown(fd, SHUT_WR) < 0) {
		finish(c, close_why(c));
		return;
	}
	c->lingering = true;
	cancel(c, &c->idle_timer);
	cancel(c, &c->rate_timer);
	cancel(c, &c->session_timer);
	c->linger_timer = loop_timer(c->loop, LINGER_MS, on_linger_end, c);
}

static void arm_idle(struct server_conn *c)
{
	cancel(c, &c->idle_timer);
	c->idle_timer = loop_timer(c->loop, c->o.idle_ms, on_idle, c);
}

/* After the session moved: send, then close or start TLS once everything
 * queued has gone. Returns false when c is gone. */
static bool advance(struct server_conn *c, bool kick)
{
	if (kick)
		conn_kick(c->conn);
	if (c->gone)
		return false;
	const uint8_t *p;
	bool waiting = server_session_tx(c->s, &p) > 0;
	/* A client that does not read its replies is not read either. */
	conn_pause_reading(c->conn, waiting);
	if (waiting)
		return true;
	if (server_session_closing(c->s)) {
		if (!c->lingering)
			linger(c);
		return !c->gone;
	}
	if (server_session_want_tls(c->s) && !conn_tls_server(c->conn)) {
		struct buf err;
		buf_init(&err, 0);
		if (conn_start_tls_server(c->conn, c->o.tls, &err) < 0) {
			finish(c, err.data);
			buf_free(&err);
			return false;
		}
		buf_free(&err);
	}
	return !c->gone;
}

/* Give up with a 421 for why, then close once it is sent. */
static void abort_session(struct server_conn *c, enum server_abort how, const char *why)
{
	if (c->timed_out) { /* the 421 could not even be sent */
		finish(c, why);
		return;
	}
	c->timed_out = true;
	c->abort_why = why;
	note(c, why);
	server_session_abort(c->s, how);
	arm_idle(c);
	advance(c, true);
}

static void on_idle(struct loop *l, void *arg)
{
	struct server_conn *c = arg;
	enter(c);
	(void)l;
	c->idle_timer = 0;
	abort_session(c, SERVER_ABORT_TIMEOUT, _("idle timeout"));
	leave(c);
}

static void on_session_limit(struct loop *l, void *arg)
{
	struct server_conn *c = arg;
	enter(c);
	(void)l;
	c->session_timer = 0;
	abort_session(c, SERVER_ABORT_TIMEOUT, _("session time limit"));
	leave(c);
}

/* Every interval: a client stuck in the middle of a line must be sending
 * at least min_rate bytes a minute. */
static void on_rate(struct loop *l, void *arg)
{
	struct server_conn *c = arg;
	enter(c);
	(void)l;
	c->rate_timer = 0;
	bool slow = c->partial && c->rate_bytes < c->o.min_rate;
	c->rate_bytes = 0;
	if (slow) {
		abort_session(c, SERVER_ABORT_TIMEOUT, _("too slow: below the minimum data rate"));
		goto out;
	}
	c->rate_timer = loop_timer(c->loop, RATE_INTERVAL_MS, on_rate, c);
out:
	leave(c);
}

static void on_bytes(void *arg, const void *p, size_t n)
{
	struct server_conn *c = arg;
	enter(c);
	if (c->lingering) {
		c->lingered += n;
		if (c->lingered > LINGER_BYTES)
			finish(c, close_why(c));
		goto out;
	}
	if (c->timed_out)
		goto out; /* the 421 is on its way: nothing more is taken */
	c->rate_bytes += n;
	/* Only a complete line shows the client is alive: bytes trickling in
	 * one at a time must not hold the slot forever. */
	if (memchr(p, '\n', n))
		arm_idle(c);
	c->partial = ((const char *)p)[n - 1] != '\n';
	server_session_feed(c->s, p, n);
	advance(c, true);
out:
	leave(c);
}

static size_t on_tx(void *arg, const uint8_t **p)
{
	struct server_conn *c = arg;
	return server_session_tx(c->s, p);
}

static void on_tx_done(void *arg, size_t n)
{
	struct server_conn *c = arg;
	enter(c);
	server_session_tx_done(c->s, n);
	const uint8_t *p;
	if (server_session_tx(c->s, &p) == 0)
		advance(c, false);
	leave(c);
}

static void on_tls_up(void *arg)
{
	struct server_conn *c = arg;
	enter(c);
	const char *how = tls_srv_describe(conn_tls_server(c->conn));
	if (c->o.tap && c->o.tap->tls_up)
		c->o.tap->tls_up(c->o.tap->arg, c->o.id, how);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("TLS established: %s"), how);
	note(c, b.data);
	buf_free(&b);
	server_session_tls_ready(c->s);
	advance(c, true);
	leave(c);
}

static void on_closed(void *arg, const char *why, bool tls)
{
	struct server_conn *c = arg;
	enter(c);
	if (c->lingering) { /* the client closed after the last reply, as it should */
		finish(c, close_why(c));
		goto out;
	}
	if (!tls) {
		finish(c, why);
		goto out;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("TLS handshake failed: %s"), why);
	finish(c, b.data);
	buf_free(&b);
out:
	leave(c);
}

static const struct conn_ops server_conn_ops = {
	.bytes = on_bytes,
	.tx = on_tx,
	.tx_done = on_tx_done,
	.tls_up = on_tls_up,
	.closed = on_closed,
};

/* On a real socket the CRAM-MD5 challenge must not repeat: a recorded
 * response would otherwise log in again (RFC 2195 section 2). */
static uint64_t real_random(void *arg)
{
	(void)arg;
	uint64_t r = 0;
	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		r = (uint64_t)time(NULL) ^ (uint64_t)clock();
	return r;
}

static int64_t real_now(void *arg)
{
	(void)arg;
	return (int64_t)time(NULL);
}

struct server_conn *server_conn_attach(struct loop *l, int fd, const struct server_conn_opts *o)
{
	struct server_conn *c = xcalloc(1, sizeof *c);
	c->loop = l;
	c->o = *o;
	if (!c->o.idle_ms)
		c->o.idle_ms = SERVER_CONN_IDLE_MS;
	if (!c->o.session_ms)
		c->o.session_ms = SERVER_CONN_SESSION_MS;
	c->cfg = *o->cfg;
	c->cfg.tls_available = o->tls != NULL;
	c->cfg.log = forward_log;
	c->cfg.log_arg = c;
	if (o->tap && o->tap->data) {
		c->cfg.data = tap_data;
		c->cfg.data_arg = c;
	}
	if (!c->cfg.random)
		c->cfg.random = real_random;
	if (!c->cfg.now)
		c->cfg.now = real_now;
	c->s = server_session_new(&c->cfg);
	c->conn = conn_new(l, &server_conn_ops, c);
	conn_adopt(c->conn, fd);
	arm_idle(c);
	c->session_timer = loop_timer(l, c->o.session_ms, on_session_limit, c);
	if (c->o.min_rate)
		c->rate_timer = loop_timer(l, RATE_INTERVAL_MS, on_rate, c);
	enter(c);
	advance(c, true); /* the greeting */
	bool alive = !c->gone;
	leave(c);
	return alive ? c : NULL;
}

void server_conn_shutdown(struct server_conn *c, enum server_abort why)
{
	const char *text = why == SERVER_ABORT_SHUTDOWN ? _("the server is stopping")
			   : why == SERVER_ABORT_BUSY	? _("too many connections")
							: _("idle timeout");
	enter(c);
	if (!conn_handshaking(c->conn)) {
		server_session_abort(c->s, why);
		conn_kick(c->conn); /* best effort, without waiting */
	}
	finish(c, text);
	leave(c);
}
