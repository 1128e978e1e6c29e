/* The connection driver (see conn.h). */
#include "smtpdbg/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/net_path.h"
#include "smtpdbg/xmalloc.h"

struct conn {
	struct loop *loop;
	struct conn_ops ops;
	void *arg;
	int fd;
	struct net_connect *connecting;
	struct net_hop *hop;          /* a proxy's handshake, a PROXY header */
	const struct net_path *path;  /* NULL: straight to the server */
	char *target;                 /* "host:port" past the proxy, for connected() */
	char *host, *port;
	int64_t hop_timeout_ms;
	struct tls_conn *tls;         /* client side */
	struct tls_srv_conn *srv;     /* server side */
	bool handshaking;
	bool tls_wants_write;         /* the last TLS call waits for POLLOUT */
	bool tls_wants_read;          /* ... or for POLLIN, even while writing */
	bool paused;
	bool server;                  /* the peer is a client (conn_adopt) */
	bool ended;                   /* closed() was reported */
	unsigned depth;               /* callbacks running */
	bool doomed;                  /* conn_free was called inside one */
};

/* ---- TLS, client or server -------------------------------------------- */

static enum tls_io t_handshake(struct conn *c)
{
	return c->srv ? tls_srv_handshake(c->srv) : tls_handshake(c->tls);
}

static enum tls_io t_read(struct conn *c, void *p, size_t n, size_t *got)
{
	return c->srv ? tls_srv_read(c->srv, p, n, got) : tls_read(c->tls, p, n, got);
}

static enum tls_io t_write(struct conn *c, const void *p, size_t n, size_t *put)
{
	return c->srv ? tls_srv_write(c->srv, p, n, put) : tls_write(c->tls, p, n, put);
}

static const char *t_error(struct conn *c)
{
	return c->srv ? tls_srv_error(c->srv) : tls_error(c->tls);
}

static bool t_pending(struct conn *c)
{
	return c->srv ? tls_srv_pending(c->srv) : tls_pending(c->tls);
}

static bool has_tls(const struct conn *c)
{
	return c->tls || c->srv;
}

/* ---- lifetime --------------------------------------------------------- */

static int before(struct loop *l, void *arg);

struct conn *conn_new(struct loop *l, const struct conn_ops *ops, void *arg)
{
	struct conn *c = xcalloc(1, sizeof *c);
	c->loop = l;
	c->ops = *ops;
	c->arg = arg;
	c->fd = -1;
	loop_before_sleep(l, before, c);
	return c;
}

static void release(struct conn *c)
{
	if (c->connecting)
		net_connect_cancel(c->connecting);
	c->connecting = NULL;
	net_hop_cancel(c->hop);
	c->hop = NULL;
	if (c->fd >= 0) {
		loop_unwatch(c->loop, c->fd);
		close(c->fd);
	}
	c->fd = -1;
	tls_free(c->tls);
	tls_srv_free(c->srv);
	c->tls = NULL;
	c->srv = NULL;
}

void conn_free(struct conn *c)
{
	if (!c)
		return;
	release(c);
	loop_before_sleep_remove(c->loop, before, c);
	free(c->target);
	free(c->host);
	free(c->port);
	c->target = c->host = c->port = NULL;
	if (c->depth) {
		c->doomed = true; /* the callback's caller frees it on the way out */
		return;
	}
	free(c);
}

/* Callbacks run between enter and leave; leave says whether c is still
 * there (false: it was freed, touch nothing). */
static void enter(struct conn *c)
{
	c->depth++;
}

static bool leave(struct conn *c)
{
	if (--c->depth == 0 && c->doomed) {
		free(c);
		return false;
	}
	return !c->doomed;
}

/* The end, reported once; the socket is closed at once. */
static void end(struct conn *c, const char *why, bool tls)
{
	if (c->ended)
		return;
	c->ended = true;
	char *copy = xstrdup(why);
	release(c);
	enter(c);
	if (c->ops.closed)
		c->ops.closed(c->arg, copy, tls);
	free(copy);
	leave(c);
}

/* ---- moving bytes ----------------------------------------------------- */

/* Read at most the budget. Returns false when c is gone or ended. */
static bool do_read(struct conn *c)
{
	char b[16384];
	size_t total = 0;
	while (total < CONN_READ_BUDGET && !c->paused) {
		size_t got = 0;
		if (has_tls(c)) {
			enum tls_io st = t_read(c, b, sizeof b, &got);
			c->tls_wants_write = st == TLS_IO_WANT_WRITE;
			if (st == TLS_IO_WANT_READ || st == TLS_IO_WANT_WRITE)
				break;
			if (st != TLS_IO_OK) {
				end(c, t_error(c), false);
				return false;
			}
		} else {
			ssize_t n = recv(c->fd, b, sizeof b, 0);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				break;
			if (n <= 0) {
				end(c, n != 0	   ? strerror(errno)
				       : c->server ? _("the client closed the connection")
						   : _("the server closed the connection"),
				    false);
				return false;
			}
			got = (size_t)n;
			net_quickack(c->fd);
		}
		total += got;
		enter(c);
		c->ops.bytes(c->arg, b, got);
		if (!leave(c) || c->ended)
			return false;
		if (c->handshaking)
			break; /* STARTTLS: what follows is the handshake's */
	}
	return true;
}

/* Write what the owner queued. Returns false when c is gone or ended. */
static bool do_write(struct conn *c)
{
	const uint8_t *p;
	size_t n;
	while (c->fd >= 0 && (n = c->ops.tx(c->arg, &p)) > 0) {
		size_t put = 0;
		if (has_tls(c)) {
			enum tls_io st = t_write(c, p, n, &put);
			c->tls_wants_write = st == TLS_IO_WANT_WRITE;
			c->tls_wants_read = st == TLS_IO_WANT_READ;
			if (st == TLS_IO_WANT_WRITE || st == TLS_IO_WANT_READ)
				return true;
			if (st != TLS_IO_OK) {
				end(c, t_error(c), false);
				return false;
			}
		} else {
			ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
			if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				return true;
			if (w < 0) {
				end(c, strerror(errno), false);
				return false;
			}
			put = (size_t)w;
		}
		enter(c);
		c->ops.tx_done(c->arg, put);
		if (!leave(c) || c->ended)
			return false;
	}
	return true;
}

static bool handshake(struct conn *c)
{
	enum tls_io st = t_handshake(c);
	c->tls_wants_write = st == TLS_IO_WANT_WRITE;
	c->tls_wants_read = st == TLS_IO_WANT_READ;
	if (st == TLS_IO_WANT_READ || st == TLS_IO_WANT_WRITE)
		return true;
	c->handshaking = false;
	c->tls_wants_write = c->tls_wants_read = false;
	if (st != TLS_IO_OK) {
		end(c, t_error(c), true);
		return false;
	}
	enter(c);
	if (c->ops.tls_up)
		c->ops.tls_up(c->arg);
	return leave(c) && !c->ended;
}

/* What to wait for now. */
static void interest(struct conn *c)
{
	if (c->fd < 0)
		return;
	const uint8_t *p;
	short ev = 0;
	if (c->handshaking)
		ev = c->tls_wants_write ? POLLOUT : POLLIN;
	else {
		if (!c->paused || c->tls_wants_read)
			ev |= POLLIN;
		if (c->tls_wants_write || c->ops.tx(c->arg, &p) > 0)
			ev |= POLLOUT;
	}
	loop_set_events(c->loop, c->fd, ev);
}

static void on_io(struct loop *l, int fd, short revents, void *arg)
{
	struct conn *c = arg;
	(void)l;
	(void)fd;
	enter(c);
	if (c->handshaking) {
		if (!handshake(c) || c->handshaking)
			goto out;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR) || c->tls_wants_read)
		if (!do_read(c))
			goto out;
	if (!c->handshaking && c->fd >= 0)
		do_write(c);
out:
	if (leave(c) && !c->ended)
		interest(c);
}

/* Before each poll(): the interest may have changed (the owner queued
 * bytes), and OpenSSL may hold decrypted bytes the socket will never
 * signal: read them next turn without waiting. */
static int before(struct loop *l, void *arg)
{
	struct conn *c = arg;
	(void)l;
	if (c->fd < 0 || c->ended)
		return -1;
	interest(c);
	if (has_tls(c) && !c->handshaking && !c->paused && t_pending(c)) {
		enter(c);
		do_read(c);
		if (!leave(c) || c->ended)
			return 0;
		interest(c);
		return t_pending(c) ? 0 : -1;
	}
	return -1;
}

/* ---- starting --------------------------------------------------------- */

static void up(struct conn *c, int fd, const char *peer)
{
	c->fd = fd;
	loop_watch(c->loop, fd, POLLIN, on_io, c);
	enter(c);
	if (c->ops.connected)
		c->ops.connected(c->arg, peer);
	if (leave(c) && !c->ended)
		interest(c);
}

static void hop_note(const char *note, void *arg)
{
	struct conn *c = arg;
	if (c->ops.hop) {
		enter(c);
		c->ops.hop(c->arg, note);
		leave(c);
	}
}

static void on_hop(int fd, const char *why, void *arg)
{
	struct conn *c = arg;
	c->hop = NULL;
	if (fd < 0) {
		end(c, why, false);
		return;
	}
	up(c, fd, c->target);
}

static void on_connected(int fd, const char *peer, const char *why, void *arg)
{
	struct conn *c = arg;
	c->connecting = NULL;
	if (fd < 0) {
		end(c, why, false);
		return;
	}
	if (!net_path_has_hop(c->path)) {
		up(c, fd, peer);
		return;
	}
	/* The proxy (or the server, for a PROXY header alone) is reached:
	 * the path's handshakes come before SMTP. */
	struct buf b;
	buf_init(&b, 0);
	if (c->path->proxy.kind != PATH_PROXY_NONE) {
		buf_printf(&b, _("connected to the %s proxy %s"),
			   path_proxy_name(c->path->proxy.kind), peer);
		hop_note(b.data, c);
		buf_reset(&b);
		buf_printf(&b, _("%s:%s via the proxy %s"), c->host, c->port, peer);
	} else {
		buf_adds(&b, peer);
	}
	free(c->target);
	c->target = buf_steal(&b);
	buf_free(&b);
	c->hop = net_hop_start(c->loop, fd, c->path, c->host, c->port, c->hop_timeout_ms,
			       hop_note, on_hop, c);
}

void conn_connect(struct conn *c, const char *host, const char *port, int family,
		  int64_t timeout_ms)
{
	conn_connect_path(c, host, port, family, timeout_ms, NULL);
}

void conn_connect_path(struct conn *c, const char *host, const char *port, int family,
		       int64_t timeout_ms, const struct net_path *p)
{
	c->path = p;
	c->hop_timeout_ms = timeout_ms;
	free(c->host);
	free(c->port);
	c->host = xstrdup(host ? host : "");
	c->port = xstrdup(port ? port : "");
	bool via = p && p->proxy.kind != PATH_PROXY_NONE;
	enter(c);
	c->connecting = net_connect_from(c->loop, via ? p->proxy.host : host,
					 via ? p->proxy.port : port, family,
					 p ? p->local_address : NULL, timeout_ms, on_connected, c);
	leave(c);
}

void conn_connected_fd(struct conn *c, int fd, const char *peer)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	on_connected(fd, peer, NULL, c);
}

void conn_adopt(struct conn *c, int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	c->fd = fd;
	c->server = true;
	loop_watch(c->loop, fd, POLLIN, on_io, c);
}

static void tls_started(struct conn *c)
{
	c->handshaking = true;
	enter(c);
	handshake(c); /* the client speaks first; a server waits for it */
	if (leave(c) && !c->ended)
		interest(c);
}

int conn_start_tls(struct conn *c, const struct tls_opts *o, struct buf *why)
{
	if (c->fd < 0 || has_tls(c)) {
		buf_adds(why, _("no connection to start TLS on"));
		return -1;
	}
	c->tls = tls_new(c->fd, o, why);
	if (!c->tls)
		return -1;
	tls_started(c);
	return 0;
}

int conn_start_tls_server(struct conn *c, struct tls_server *ts, struct buf *why)
{
	if (c->fd < 0 || has_tls(c)) {
		buf_adds(why, _("no connection to start TLS on"));
		return -1;
	}
	c->srv = tls_srv_new(ts, c->fd, why);
	if (!c->srv)
		return -1;
	tls_started(c);
	return 0;
}

/* ---- the owner's requests --------------------------------------------- */

void conn_kick(struct conn *c)
{
	if (c->fd < 0 || c->ended || c->handshaking)
		return;
	enter(c);
	do_write(c);
	if (leave(c) && !c->ended)
		interest(c);
}

void conn_pause_reading(struct conn *c, bool pause)
{
	c->paused = pause;
	if (!c->ended)
		interest(c);
}

void conn_tls_shutdown(struct conn *c)
{
	if (c->handshaking)
		return;
	if (c->tls)
		tls_shutdown(c->tls);
	if (c->srv)
		tls_srv_shutdown(c->srv);
}

int conn_fd(const struct conn *c)
{
	return c ? c->fd : -1;
}

bool conn_up(const struct conn *c)
{
	return c->fd >= 0 && !c->ended;
}

bool conn_handshaking(const struct conn *c)
{
	return c->handshaking;
}

struct tls_conn *conn_tls(const struct conn *c)
{
	return c->tls;
}

struct tls_srv_conn *conn_tls_server(const struct conn *c)
{
	return c->srv;
}
