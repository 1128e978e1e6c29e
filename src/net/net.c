#include "smtpdbg/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* --- "host:port" ------------------------------------------------------ */

/* The argument may come from a script file: quote it visibly. */
static char *quote(const char *p, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	buf_addc(&b, '"');
	esc_append(&b, p, n, 0);
	buf_addc(&b, '"');
	return buf_steal(&b);
}

/* An IPv6 literal, optionally with a zone ("fe80::1%eth0"). */
static bool is_ipv6(const char *p, size_t n)
{
	const char *pct = memchr(p, '%', n);
	size_t addr_len = pct ? (size_t)(pct - p) : n;
	if (pct && pct + 1 == p + n)
		return false;
	char tmp[INET6_ADDRSTRLEN];
	if (addr_len == 0 || addr_len >= sizeof tmp)
		return false;
	memcpy(tmp, p, addr_len);
	tmp[addr_len] = '\0';
	struct in6_addr a;
	return inet_pton(AF_INET6, tmp, &a) == 1;
}

/* Numeric ports only: a service name would depend on /etc/services. */
static int check_port(const char *p, size_t n, char **port, struct buf *err)
{
	unsigned long v = 0;
	bool ok = n > 0 && n <= 5;
	for (size_t i = 0; ok && i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			ok = false;
		else
			v = v * 10 + (unsigned long)(p[i] - '0');
	}
	if (!ok || v < 1 || v > 65535) {
		char *q = quote(p, n);
		buf_printf(err, _("port %s is not a number from 1 to 65535"), q);
		free(q);
		return -1;
	}
	char tmp[8];
	snprintf(tmp, sizeof tmp, "%lu", v);
	*port = xstrdup(tmp);
	return 0;
}

static int check_hostname(const char *p, size_t n, struct buf *err)
{
	bool ok = n > 0 && n <= 253 && p[0] != '.' && p[0] != '-';
	for (size_t i = 0; ok && i < n; i++) {
		char c = p[i];
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '-' || c == '_' || (c == '.' && (i + 1 == n || p[i + 1] != '.'));
	}
	if (!ok) {
		char *q = quote(p, n);
		buf_printf(err,
			   _("%s is not a valid host name (letters, digits, '-', '_' and '.' "
			     "between labels; an internationalised name needs its xn-- form)"),
			   q);
		free(q);
		return -1;
	}
	return 0;
}

static int default_port_or_fail(const char *default_port, char **port, struct buf *err)
{
	if (!default_port) {
		buf_adds(err, _("no port given (write host:port)"));
		return -1;
	}
	*port = xstrdup(default_port);
	return 0;
}

static int split(const char *arg, const char *default_port, char **host, char **port,
		 struct buf *err)
{
	size_t len = strlen(arg);
	if (len == 0) {
		buf_adds(err, _("no host given"));
		return -1;
	}
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');
		if (!close) {
			char *q = quote(arg, len);
			buf_printf(err, _("%s: missing \"]\" after the IPv6 address"), q);
			free(q);
			return -1;
		}
		size_t hl = (size_t)(close - arg - 1);
		if (!is_ipv6(arg + 1, hl)) {
			char *q = quote(arg + 1, hl);
			buf_printf(err, _("%s is not an IPv6 address"), q);
			free(q);
			return -1;
		}
		*host = xstrndup(arg + 1, hl);
		if (close[1] == '\0')
			return default_port_or_fail(default_port, port, err);
		if (close[1] != ':') {
			char *q = quote(close + 1, strlen(close + 1));
			buf_printf(err, _("unexpected %s after \"]\" (expected \":port\")"), q);
			free(q);
			return -1;
		}
		return check_port(close + 2, strlen(close + 2), port, err);
	}
	const char *colon = strchr(arg, ':');
	if (colon && strchr(colon + 1, ':')) {
		/* Two or more colons: only a bare IPv6 address makes sense. */
		if (!is_ipv6(arg, len)) {
			char *q = quote(arg, len);
			buf_printf(err,
				   _("%s is neither host:port nor an IPv6 address "
				     "(write an IPv6 address with a port as [address]:port)"),
				   q);
			free(q);
			return -1;
		}
		*host = xstrdup(arg);
		return default_port_or_fail(default_port, port, err);
	}
	size_t hl = colon ? (size_t)(colon - arg) : len;
	if (hl == 0) {
		buf_adds(err, _("no host before \":\""));
		return -1;
	}
	if (check_hostname(arg, hl, err) < 0)
		return -1;
	*host = xstrndup(arg, hl);
	if (!colon)
		return default_port_or_fail(default_port, port, err);
	if (colon[1] == '\0') {
		buf_adds(err, _("no port after \":\""));
		return -1;
	}
	return check_port(colon + 1, strlen(colon + 1), port, err);
}

int net_split_hostport(const char *arg, const char *default_port, char **host, char **port,
		       struct buf *err)
{
	*host = *port = NULL;
	if (split(arg ? arg : "", default_port, host, port, err) == 0)
		return 0;
	free(*host);
	free(*port);
	*host = *port = NULL;
	return -1;
}

/* --- Non-blocking connect ---------------------------------------------- */

struct net_connect {
	struct loop *loop;
	net_connect_fn fn;
	void *arg;
	int64_t timeout_ms;
	struct addrinfo *res, *cur; /* all addresses; the one being tried */
	int fd;
	uint64_t timer;
	char peer[NI_MAXHOST + NI_MAXSERV + 4]; /* the current address */
	struct buf why;                         /* "addr: error" per address */
};

static void format_peer(const struct sockaddr *sa, socklen_t len, char *out, size_t size)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(out, size, "?");
		return;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(out, size, "[%s]:%s", host, serv);
	else
		snprintf(out, size, "%s:%s", host, serv);
}

static void note_failure(struct net_connect *c, const char *what)
{
	if (c->why.len)
		buf_adds(&c->why, "; ");
	buf_printf(&c->why, "%s: %s", c->peer, what);
}

/* Stop waiting on the current socket. */
static void drop_try(struct net_connect *c)
{
	if (c->timer) {
		loop_cancel(c->loop, c->timer);
		c->timer = 0;
	}
	if (c->fd >= 0) {
		loop_unwatch(c->loop, c->fd);
		close(c->fd);
		c->fd = -1;
	}
}

static void release(struct net_connect *c)
{
	drop_try(c);
	if (c->res)
		freeaddrinfo(c->res);
	buf_free(&c->why);
	free(c);
}

/* Report the outcome (exactly once) and free the handle. */
static void finish(struct net_connect *c, int fd)
{
	if (fd < 0 && c->why.len == 0)
		buf_adds(&c->why, _("the name has no address to connect to"));
	c->fn(fd, fd >= 0 ? c->peer : NULL, fd >= 0 ? NULL : c->why.data, c->arg);
	release(c);
}

static void on_writable(struct loop *l, int fd, short revents, void *arg);
static void on_timeout(struct loop *l, void *arg);

/* Start connecting to c->cur or a later address. Returns false when no
 * address is left (each failure is noted in c->why). */
static bool try_from_current(struct net_connect *c)
{
	for (; c->cur; c->cur = c->cur->ai_next) {
		struct addrinfo *ai = c->cur;
		format_peer(ai->ai_addr, ai->ai_addrlen, c->peer, sizeof c->peer);
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				ai->ai_protocol);
		if (fd < 0) {
			note_failure(c, strerror(errno));
			continue;
		}
		/* Even an immediate success is reported through the loop, so fn
		 * never runs before net_connect_start has returned the handle. */
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS ||
		    errno == EINTR) {
			c->fd = fd;
			loop_watch(c->loop, fd, POLLOUT, on_writable, c);
			if (c->timeout_ms > 0)
				c->timer = loop_timer(c->loop, c->timeout_ms, on_timeout, c);
			return true;
		}
		note_failure(c, strerror(errno));
		close(fd);
	}
	return false;
}

static void try_next(struct net_connect *c)
{
	drop_try(c);
	c->cur = c->cur->ai_next;
	if (!try_from_current(c))
		finish(c, -1);
}

static void on_writable(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)revents;
	struct net_connect *c = arg;
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		note_failure(c, strerror(err));
		try_next(c);
		return;
	}
	/* Commands are small and interactive: send each at once. */
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->fd = -1; /* handed over, not closed by drop_try */
	loop_unwatch(c->loop, fd);
	drop_try(c);
	finish(c, fd);
}

static void on_timeout(struct loop *l, void *arg)
{
	(void)l;
	struct net_connect *c = arg;
	c->timer = 0;
	char what[96];
	snprintf(what, sizeof what, _("no answer within %lld ms"), (long long)c->timeout_ms);
	note_failure(c, what);
	try_next(c);
}

struct net_connect *net_connect_start(struct loop *l, const char *host, const char *port,
				      int family, int64_t timeout_ms, net_connect_fn fn,
				      void *arg)
{
	struct net_connect *c = xcalloc(1, sizeof *c);
	c->loop = l;
	c->fn = fn;
	c->arg = arg;
	c->timeout_ms = timeout_ms;
	c->fd = -1;
	buf_init(&c->why, 0);

	if (!host || !*host || !port || !*port) {
		buf_adds(&c->why, !host || !*host ? _("no host given") : _("no port given"));
		finish(c, -1);
		return NULL;
	}
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	/* getaddrinfo blocks the loop while the resolver works; it has its
	 * own timeouts (resolv.conf), and most lookups are answered at once. */
	int r = getaddrinfo(host, port, &hints, &c->res);
	if (r != 0) {
		char *q = quote(host, strlen(host));
		buf_printf(&c->why, _("cannot resolve %s: %s"), q,
			   r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
		free(q);
		c->res = NULL;
		finish(c, -1);
		return NULL;
	}
	c->cur = c->res;
	if (!try_from_current(c)) {
		finish(c, -1);
		return NULL;
	}
	return c;
}

void net_connect_cancel(struct net_connect *c)
{
	if (c)
		release(c);
}
