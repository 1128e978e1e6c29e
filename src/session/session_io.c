/* The session's network edge: connect, TLS (implicit and STARTTLS), reads
 * and writes on the caller's poll loop, and a note when a reply is overdue.
 * Nothing here ends the session on its own: the user decides. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "session_impl.h"
#include "smtpdbg/i18n.h"

static void handshake(struct session *s);

void session_io_free(struct session *s)
{
	if (s->connecting)
		net_connect_cancel(s->connecting);
	s->connecting = NULL;
	if (s->timer && s->loop)
		loop_cancel(s->loop, s->timer);
	s->timer = 0;
	if (s->tls) {
		tls_shutdown(s->tls);
		tls_free(s->tls);
		s->tls = NULL;
	}
	if (s->fd >= 0) {
		if (s->loop)
			loop_unwatch(s->loop, s->fd);
		close(s->fd);
	}
	s->fd = -1;
	s->handshaking = false;
}

void session_closed(struct session *s, const char *why)
{
	if (s->closed)
		return;
	s->closed = true;
	smtp_client_closed(s->c, why);
	session_pump(s);
	if (s->tls) { /* keep what was learnt about TLS for the status bar */
		tls_free(s->tls);
		s->tls = NULL;
	}
	session_io_free(s);
}

static void on_overdue(struct loop *l, void *arg)
{
	struct session *s = arg;
	(void)l;
	s->timer = 0;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("no answer from the server within %d s; still waiting (:quit gives up)"),
		   s->o->conn.timeout_s);
	session_note(s, TR_WARN, b.data);
	buf_free(&b);
}

static void do_read(struct session *s)
{
	char b[16384];
	for (;;) {
		size_t got = 0;
		if (s->tls) {
			enum tls_io st = tls_read(s->tls, b, sizeof b, &got);
			if (st == TLS_IO_WANT_READ)
				break;
			if (st == TLS_IO_WANT_WRITE) {
				s->tls_wants_write = true;
				break;
			}
			if (st == TLS_IO_CLOSED || st == TLS_IO_ERROR) {
				session_closed(s, tls_error(s->tls));
				return;
			}
		} else {
			ssize_t n = recv(s->fd, b, sizeof b, 0);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				break;
			if (n <= 0) {
				session_closed(s, n == 0 ? _("the server closed the connection")
							 : strerror(errno));
				return;
			}
			got = (size_t)n;
		}
		session_feed(s, b, got);
		if (s->handshaking || s->closed)
			break;
	}
}

static void do_write(struct session *s)
{
	const uint8_t *p;
	size_t n = smtp_client_tx(s->c, &p);
	while (n > 0) {
		size_t put = 0;
		if (s->tls) {
			enum tls_io st = tls_write(s->tls, p, n, &put);
			if (st == TLS_IO_WANT_WRITE || st == TLS_IO_WANT_READ)
				return;
			if (st != TLS_IO_OK) {
				session_closed(s, tls_error(s->tls));
				return;
			}
		} else {
			ssize_t w = send(s->fd, p, n, MSG_NOSIGNAL);
			if (w < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (w < 0) {
				session_closed(s, strerror(errno));
				return;
			}
			put = (size_t)w;
		}
		smtp_client_tx_done(s->c, put);
		n = smtp_client_tx(s->c, &p);
	}
}

static void handshake(struct session *s)
{
	enum tls_io st = tls_handshake(s->tls);
	if (st == TLS_IO_WANT_READ || st == TLS_IO_WANT_WRITE) {
		s->tls_wants_write = st == TLS_IO_WANT_WRITE;
		return;
	}
	s->handshaking = false;
	s->tls_wants_write = false;
	struct buf b;
	buf_init(&b, 0);
	if (st != TLS_IO_OK) {
		buf_printf(&b, _("TLS handshake failed: %s\n(--cafile FILE trusts another CA; --insecure "
				 "continues without verification)"),
			   tls_error(s->tls));
		session_note(s, TR_WARN, b.data);
		session_say(s, "%s", b.data);
		buf_free(&b);
		session_closed(s, _("TLS handshake failed"));
		return;
	}
	snprintf(s->tls_info, sizeof s->tls_info, "%s %s %s", tls_version(s->tls),
		 tls_cipher(s->tls), tls_verified(s->tls) ? _("verified") : _("NOT verified"));
	buf_adds(&b, _("TLS is up: "));
	tls_describe(s->tls, &b);
	session_note(s, TR_NOTE, b.data);
	buf_free(&b);
	if (smtp_client_state(s->c) == SMTP_ST_TLS) { /* STARTTLS, not implicit */
		smtp_client_tls_ready(s->c, false);
		session_pump(s);
		session_say(s, "%s", _("TLS is up: send EHLO again (RFC 3207 §4.2)"));
	}
}

void session_io_start_tls(struct session *s)
{
	if (s->fd < 0 || !s->loop)
		return;
	struct buf err;
	buf_init(&err, 0);
	struct tls_opts to = {.host = s->o->conn.host, .sni = s->o->conn.sni, .cafile = s->o->conn.cafile,
			      .cert = s->o->conn.cert, .key = s->o->conn.key, .insecure = s->o->conn.insecure};
	s->tls = tls_new(s->fd, &to, &err);
	if (!s->tls) {
		session_note(s, TR_WARN, err.data);
		session_closed(s, err.data);
	} else {
		s->handshaking = true;
		handshake(s); /* the client speaks first */
	}
	buf_free(&err);
}

static void on_io(struct loop *l, int fd, short revents, void *arg)
{
	struct session *s = arg;
	(void)l;
	(void)fd;
	if (s->handshaking) {
		handshake(s);
		return;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR))
		do_read(s);
	if (s->fd >= 0 && !s->handshaking && (revents & POLLOUT || s->tls_wants_write)) {
		s->tls_wants_write = false;
		do_write(s);
	}
}

int session_before_sleep(struct session *s)
{
	if (s->fd < 0 || !s->loop)
		return -1;
	const uint8_t *p;
	bool pending_tx = !s->handshaking && smtp_client_tx(s->c, &p) > 0;
	loop_set_events(s->loop, s->fd,
			(short)(POLLIN | (pending_tx || s->tls_wants_write ? POLLOUT : 0)));
	/* The server owes a reply: note it when it is overdue. */
	bool owed = smtp_client_outstanding(s->c) > 0 || s->handshaking;
	if (owed && !s->timer)
		s->timer = loop_timer(s->loop, (int64_t)s->o->conn.timeout_s * 1000, on_overdue, s);
	else if (!owed && s->timer) {
		loop_cancel(s->loop, s->timer);
		s->timer = 0;
	}
	if (s->tls && !s->handshaking && tls_pending(s->tls)) {
		do_read(s);
		return 0;
	}
	return -1;
}

static void on_connected(int fd, const char *peer, const char *why, void *arg)
{
	struct session *s = arg;
	s->connecting = NULL;
	if (fd < 0) {
		session_note(s, TR_WARN, why);
		session_say(s, "%s", why);
		s->closed = true;
		return;
	}
	s->fd = fd;
	snprintf(s->peer, sizeof s->peer, "%s", peer);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connected to %s"), peer);
	session_note(s, TR_NOTE, b.data);
	buf_free(&b);
	loop_watch(s->loop, fd, POLLIN, on_io, s);
	if (s->o->conn.tls == CONN_TLS_IMPLICIT)
		session_io_start_tls(s);
}

void session_start(struct session *s)
{
	if (!s->loop)
		return;
	s->connecting = net_connect_start(s->loop, s->o->conn.host, s->o->conn.port, s->o->conn.family,
					  (int64_t)s->o->conn.timeout_s * 1000, on_connected, s);
}
