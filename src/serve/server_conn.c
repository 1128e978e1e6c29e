/* Drives one server session on a socket: read, feed, write, STARTTLS.
 * Interest is recomputed after every step, so no before-sleep hook is
 * needed and any number of connections (and the TUI) share one loop. */
#include "smtpdbg/server_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define READ_CHUNK 16384

struct server_conn {
	struct loop *loop;
	int fd;
	struct server_conn_opts o;
	struct server_config cfg;
	struct server_session *s;
	struct tls_srv_conn *tls;
	bool handshaking;
	bool readable;        /* poll said so, and no read has said EAGAIN yet */
	bool tls_want_write;  /* the last TLS call waits for POLLOUT */
	bool tls_want_read;   /* ... or for POLLIN, even while replies wait */
	bool timed_out;
	uint64_t timer;
};

static void note(struct server_conn *c, const char *text)
{
	if (!c->o.log)
		return;
	struct server_log e = {.kind = SERVER_LOG_NOTE, .text = text, .len = strlen(text)};
	e.shown = e.len;
	c->o.log(c->o.arg, c->o.id, &e);
}

static void forward_log(void *arg, const struct server_log *e)
{
	struct server_conn *c = arg;
	if (c->o.log)
		c->o.log(c->o.arg, c->o.id, e);
}

/* The end: c is freed; callers return at once. */
static void conn_close(struct server_conn *c, const char *why)
{
	if (c->tls && !c->handshaking)
		tls_srv_shutdown(c->tls); /* close_notify, best effort */
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connection closed: %s"), why);
	note(c, b.data);
	buf_free(&b);
	loop_unwatch(c->loop, c->fd);
	if (c->timer)
		loop_cancel(c->loop, c->timer);
	close(c->fd);
	if (c->o.closed)
		c->o.closed(c->o.arg, c, why);
	tls_srv_free(c->tls);
	server_session_free(c->s);
	free(c);
}

static void on_idle(struct loop *l, void *arg);

static void arm_idle(struct server_conn *c)
{
	if (c->timer)
		loop_cancel(c->loop, c->timer);
	c->timer = loop_timer(c->loop, c->o.idle_ms, on_idle, c);
}

/* Send what the session queued. Returns false when the connection broke
 * (and is gone). */
static bool flush(struct server_conn *c)
{
	const uint8_t *p;
	size_t n;
	while ((n = server_session_tx(c->s, &p)) > 0) {
		size_t put = 0;
		if (c->tls) {
			enum tls_io r = tls_srv_write(c->tls, p, n, &put);
			c->tls_want_write = r == TLS_IO_WANT_WRITE;
			c->tls_want_read = r == TLS_IO_WANT_READ;
			if (r == TLS_IO_WANT_WRITE || r == TLS_IO_WANT_READ)
				return true;
			if (r != TLS_IO_OK) {
				conn_close(c, tls_srv_error(c->tls));
				return false;
			}
		} else {
			ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
			if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				return true;
			if (w < 0) {
				conn_close(c, strerror(errno));
				return false;
			}
			put = (size_t)w;
		}
		server_session_tx_done(c->s, put);
	}
	return true;
}

/* One read. Returns 1 with data fed, 0 when nothing is there now, -1
 * when the connection ended (and is gone). */
static int read_some(struct server_conn *c)
{
	char b[READ_CHUNK];
	size_t got = 0;
	if (c->tls) {
		enum tls_io r = tls_srv_read(c->tls, b, sizeof b, &got);
		c->tls_want_write = r == TLS_IO_WANT_WRITE;
		if (r == TLS_IO_WANT_READ || r == TLS_IO_WANT_WRITE)
			return 0;
		if (r != TLS_IO_OK) {
			conn_close(c, tls_srv_error(c->tls));
			return -1;
		}
	} else {
		ssize_t n = recv(c->fd, b, sizeof b, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return 0;
		if (n <= 0) {
			conn_close(c, n == 0 ? _("the client closed the connection") : strerror(errno));
			return -1;
		}
		got = (size_t)n;
	}
	arm_idle(c);
	server_session_feed(c->s, b, got);
	return 1;
}

static bool handshake(struct server_conn *c)
{
	enum tls_io r = tls_srv_handshake(c->tls);
	c->tls_want_write = r == TLS_IO_WANT_WRITE;
	c->tls_want_read = r == TLS_IO_WANT_READ;
	if (r == TLS_IO_WANT_READ || r == TLS_IO_WANT_WRITE)
		return true;
	if (r != TLS_IO_OK) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("TLS handshake failed: %s"), tls_srv_error(c->tls));
		conn_close(c, b.data);
		buf_free(&b);
		return false;
	}
	c->handshaking = false;
	c->readable = true; /* the client's next command may already be decrypted */
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("TLS established: %s"), tls_srv_describe(c->tls));
	note(c, b.data);
	buf_free(&b);
	server_session_tls_ready(c->s);
	return true;
}

static bool start_tls(struct server_conn *c)
{
	struct buf err;
	buf_init(&err, 0);
	c->tls = tls_srv_new(c->o.tls, c->fd, &err);
	if (!c->tls) {
		conn_close(c, err.data);
		buf_free(&err);
		return false;
	}
	buf_free(&err);
	c->handshaking = true;
	return true;
}

/* Move bytes until nothing more can happen without waiting, then set
 * what to wait for. Returns false when c is gone. */
static bool progress(struct server_conn *c)
{
	for (;;) {
		if (c->handshaking) {
			if (!handshake(c))
				return false;
			if (c->handshaking)
				break;
		}
		if (!flush(c))
			return false;
		const uint8_t *p;
		if (server_session_tx(c->s, &p) > 0)
			break; /* the client reads slowly: stop reading too */
		if (server_session_closing(c->s)) {
			conn_close(c, c->timed_out ? _("idle timeout") : _("the session ended"));
			return false;
		}
		if (server_session_want_tls(c->s)) {
			if (!start_tls(c))
				return false;
			continue;
		}
		if (!c->readable)
			break;
		int r = read_some(c);
		if (r < 0)
			return false;
		if (r == 0)
			c->readable = false;
	}
	const uint8_t *p;
	bool tx = server_session_tx(c->s, &p) > 0;
	short ev = 0;
	if (c->handshaking)
		ev = c->tls_want_write ? POLLOUT : POLLIN;
	else if (tx)
		ev = (short)(POLLOUT | (c->tls_want_read ? POLLIN : 0));
	else
		ev = (short)(POLLIN | (c->tls_want_write ? POLLOUT : 0));
	loop_set_events(c->loop, c->fd, ev);
	return true;
}

static void on_io(struct loop *l, int fd, short revents, void *arg)
{
	struct server_conn *c = arg;
	(void)l;
	(void)fd;
	/* Under TLS a read may wait for POLLOUT; a spurious read is harmless. */
	if (revents & (POLLIN | POLLHUP | POLLERR) || c->tls)
		c->readable = true;
	progress(c);
}

static void on_idle(struct loop *l, void *arg)
{
	struct server_conn *c = arg;
	(void)l;
	c->timer = 0;
	if (c->timed_out) { /* the 421 could not even be sent */
		conn_close(c, _("idle timeout"));
		return;
	}
	c->timed_out = true;
	note(c, _("idle timeout"));
	server_session_abort(c->s, SERVER_ABORT_TIMEOUT);
	arm_idle(c);
	progress(c);
}

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
	c->fd = fd;
	c->o = *o;
	if (!c->o.idle_ms)
		c->o.idle_ms = SERVER_CONN_IDLE_MS;
	c->cfg = *o->cfg;
	c->cfg.tls_available = o->tls != NULL;
	c->cfg.log = forward_log;
	c->cfg.log_arg = c;
	if (!c->cfg.random)
		c->cfg.random = real_random;
	if (!c->cfg.now)
		c->cfg.now = real_now;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	c->s = server_session_new(&c->cfg);
	loop_watch(l, fd, POLLOUT, on_io, c);
	arm_idle(c);
	return c;
}

void server_conn_shutdown(struct server_conn *c, enum server_abort why)
{
	if (!c->handshaking) {
		server_session_abort(c->s, why);
		if (!flush(c))
			return;
	}
	conn_close(c, why == SERVER_ABORT_SHUTDOWN ? _("the server is stopping")
			: why == SERVER_ABORT_BUSY	? _("too many connections")
							: _("idle timeout"));
}

