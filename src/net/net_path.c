/* The handshakes between the TCP connect and SMTP (see net_path.h): bytes
 * built and parsed by path_proto.c, moved here without blocking. Replies
 * are read one byte at a time, so nothing of the server's greeting that
 * follows them is taken from the connection handed on. */
#include "smtpdbg/net_path.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

enum step { S_GREET, S_AUTH, S_CONNECT, S_HTTP, S_PREP, S_HEADER };

struct net_hop {
	struct loop *loop;
	int fd;
	const struct net_path *p;
	char *host, *port;
	net_hop_note_fn note;
	net_hop_fn fn;
	void *arg;
	uint64_t timer;
	int64_t timeout_ms;
	enum step step;
	struct buf out;   /* the request being sent */
	size_t sent;
	bool awaiting;    /* the request went; its reply is being read */
	struct buf in;    /* the reply so far */
};

bool net_path_has_hop(const struct net_path *p)
{
	return p && (p->proxy.kind != PATH_PROXY_NONE || p->proxy_protocol);
}

static const char *step_name(enum step s)
{
	switch (s) {
	case S_GREET: return _("SOCKS greeting");
	case S_AUTH: return _("SOCKS login");
	case S_CONNECT: return _("SOCKS connect");
	case S_HTTP: return _("HTTP CONNECT");
	default: return _("PROXY header");
	}
}

static void release(struct net_hop *h, bool close_fd)
{
	if (h->timer)
		loop_cancel(h->loop, h->timer);
	if (h->fd >= 0) {
		loop_unwatch(h->loop, h->fd);
		if (close_fd)
			close(h->fd);
	}
	free(h->host);
	free(h->port);
	buf_wipe_free(&h->out); /* it may hold the proxy's password */
	buf_free(&h->in);
	free(h);
}

static void fail(struct net_hop *h, const char *why)
{
	char *copy = xstrdup(why);
	net_hop_fn fn = h->fn;
	void *arg = h->arg;
	release(h, true);
	fn(-1, copy, arg);
	free(copy);
}

static void done(struct net_hop *h)
{
	int fd = h->fd;
	net_hop_fn fn = h->fn;
	void *arg = h->arg;
	loop_unwatch(h->loop, fd);
	h->fd = -1;
	release(h, false);
	fn(fd, NULL, arg);
}

static void on_io(struct loop *l, int fd, short revents, void *arg);

static void queue(struct net_hop *h)
{
	h->sent = 0;
	h->awaiting = false;
	buf_reset(&h->in);
	loop_set_events(h->loop, h->fd, POLLOUT);
}

/* The numeric address of either end of the socket. */
static bool sock_addr(int fd, bool peer, char *host, size_t hs, char *port, size_t ps)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if ((peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
		  : getsockname(fd, (struct sockaddr *)&ss, &len)) < 0)
		return false;
	return getnameinfo((struct sockaddr *)&ss, len, host, (socklen_t)hs, port, (socklen_t)ps,
			   NI_NUMERICHOST | NI_NUMERICSERV) == 0;
}

/* The PROXY header: from --proxy-source (or our own address) to the
 * server's address, which through a proxy must be given as one. */
static bool start_header(struct net_hop *h)
{
	char dst[NI_MAXHOST], dport[NI_MAXSERV], src[NI_MAXHOST], sport[NI_MAXSERV];
	struct buf why;
	buf_init(&why, 0);
	if (h->p->proxy.kind != PATH_PROXY_NONE) {
		snprintf(dst, sizeof dst, "%s", h->host);
		snprintf(dport, sizeof dport, "%s", h->port);
	} else if (!sock_addr(h->fd, true, dst, sizeof dst, dport, sizeof dport)) {
		fail(h, strerror(errno));
		buf_free(&why);
		return false;
	}
	if (h->p->source_host) {
		snprintf(src, sizeof src, "%s", h->p->source_host);
		snprintf(sport, sizeof sport, "%s", h->p->source_port);
	} else if (!sock_addr(h->fd, false, src, sizeof src, sport, sizeof sport)) {
		fail(h, strerror(errno));
		buf_free(&why);
		return false;
	}
	buf_reset(&h->out);
	if (proxy_header(&h->out, h->p->proxy_protocol, src, sport, dst, dport, &why) < 0) {
		fail(h, why.data);
		buf_free(&why);
		return false;
	}
	buf_free(&why);
	char note[2 * NI_MAXHOST + 100];
	snprintf(note, sizeof note, _("sending a PROXY protocol v%d header: the client is %s port "
				      "%s, the server %s port %s"),
		 h->p->proxy_protocol, src, sport, dst, dport);
	h->note(note, h->arg);
	h->step = S_HEADER;
	queue(h);
	return true;
}

/* After the proxy (if any) is through: the header, or the end. */
static void tunnel_up(struct net_hop *h)
{
	if (h->p->proxy_protocol) {
		start_header(h);
		return;
	}
	done(h);
}

static void start_socks_connect(struct net_hop *h)
{
	buf_reset(&h->out);
	if (socks5_connect_request(&h->out, h->host, h->port) < 0) {
		fail(h, _("the server's name is too long for SOCKS (at most 255 bytes)"));
		return;
	}
	h->step = S_CONNECT;
	queue(h);
}

static bool got_reply(struct net_hop *h)
{
	const struct path_url *u = &h->p->proxy;
	size_t used = 0;
	int method = 0, status = 0;
	char bound[300] = "";
	struct buf why;
	buf_init(&why, 0);
	enum path_parse r = PATH_MORE;
	const uint8_t *d = (const uint8_t *)h->in.data;
	switch (h->step) {
	case S_GREET:
		r = socks5_parse_method(d, h->in.len, u->user != NULL, &method, &used, &why);
		break;
	case S_AUTH: r = socks5_parse_auth(d, h->in.len, &used, &why); break;
	case S_CONNECT:
		r = socks5_parse_connect(d, h->in.len, &used, bound, sizeof bound, &why);
		break;
	case S_HTTP: r = http_parse_connect(d, h->in.len, &used, &status, &why); break;
	default: break;
	}
	if (r == PATH_MORE) {
		buf_free(&why);
		return true;
	}
	if (r == PATH_BAD) {
		fail(h, why.data);
		buf_free(&why);
		return false;
	}
	buf_free(&why);
	char note[600];
	switch (h->step) {
	case S_GREET:
		if (method == 2) {
			buf_reset(&h->out);
			socks5_auth_request(&h->out, u->user, u->password);
			h->step = S_AUTH;
			queue(h);
			return false;
		}
		start_socks_connect(h);
		return false;
	case S_AUTH:
		snprintf(note, sizeof note, _("the SOCKS proxy accepted the login as %s"), u->user);
		h->note(note, h->arg);
		start_socks_connect(h);
		return false;
	case S_CONNECT:
		snprintf(note, sizeof note,
			 _("the SOCKS proxy connected to %s port %s (from its address %s)"), h->host,
			 h->port, bound);
		h->note(note, h->arg);
		tunnel_up(h);
		return false;
	case S_HTTP:
		snprintf(note, sizeof note, _("the HTTP proxy opened a tunnel to %s port %s (%d)"),
			 h->host, h->port, status);
		h->note(note, h->arg);
		tunnel_up(h);
		return false;
	default: return false;
	}
}

static void on_io(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)revents;
	struct net_hop *h = arg;
	char what[300];
	if (h->step == S_PREP) {
		start_header(h);
		return;
	}
	if (!h->awaiting) {
		ssize_t n = send(fd, h->out.data + h->sent, h->out.len - h->sent, MSG_NOSIGNAL);
		if (n < 0 && (errno == ECONNRESET || errno == EPIPE)) {
			snprintf(what, sizeof what, _("the proxy closed the connection during the %s"),
				 step_name(h->step));
			fail(h, what);
			return;
		}
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			snprintf(what, sizeof what, _("the %s failed: %s"), step_name(h->step),
				 strerror(errno));
			fail(h, what);
			return;
		}
		h->sent += (size_t)n;
		if (h->sent < h->out.len)
			return;
		if (h->step == S_HEADER) {
			done(h);
			return;
		}
		h->awaiting = true;
		loop_set_events(h->loop, fd, POLLIN);
		return;
	}
	enum step s = h->step;
	for (;;) { /* one byte at a time: never past the reply */
		char c;
		ssize_t n = recv(fd, &c, 1, 0);
		if (n == 0) {
			snprintf(what, sizeof what, _("the proxy closed the connection during the %s"),
				 step_name(s));
			fail(h, what);
			return;
		}
		if (n < 0 && errno == ECONNRESET) { /* closed with our bytes unread */
			snprintf(what, sizeof what, _("the proxy closed the connection during the %s"),
				 step_name(s));
			fail(h, what);
			return;
		}
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			snprintf(what, sizeof what, _("the %s failed: %s"), step_name(s), strerror(errno));
			fail(h, what);
			return;
		}
		buf_addc(&h->in, c);
		if (!got_reply(h)) /* h is gone or has moved on */
			return;
	}
}

static void on_timeout(struct loop *l, void *arg)
{
	(void)l;
	struct net_hop *h = arg;
	h->timer = 0;
	char what[300];
	snprintf(what, sizeof what, _("no answer from the proxy within %lld ms during the %s"),
		 (long long)h->timeout_ms, step_name(h->step));
	fail(h, what);
}

struct net_hop *net_hop_start(struct loop *l, int fd, const struct net_path *p,
			      const char *host, const char *port, int64_t timeout_ms,
			      net_hop_note_fn note, net_hop_fn fn, void *arg)
{
	struct net_hop *h = xcalloc(1, sizeof *h);
	h->loop = l;
	h->fd = fd;
	h->p = p;
	h->host = xstrdup(host);
	h->port = xstrdup(port);
	h->note = note;
	h->fn = fn;
	h->arg = arg;
	h->timeout_ms = timeout_ms;
	buf_init(&h->out, 0);
	buf_init(&h->in, 0);
	loop_watch(l, fd, POLLOUT, on_io, h);
	if (timeout_ms > 0)
		h->timer = loop_timer(l, timeout_ms, on_timeout, h);
	switch (p->proxy.kind) {
	case PATH_PROXY_SOCKS5:
	case PATH_PROXY_SOCKS5H:
		socks5_greeting(&h->out, p->proxy.user != NULL);
		h->step = S_GREET;
		break;
	case PATH_PROXY_HTTP:
		http_connect_request(&h->out, host, port, p->proxy.user, p->proxy.password);
		h->step = S_HTTP;
		break;
	default: /* the header alone, made once the loop runs */
		h->step = S_PREP;
		break;
	}
	return h;
}

void net_hop_cancel(struct net_hop *h)
{
	if (h)
		release(h, true);
}
