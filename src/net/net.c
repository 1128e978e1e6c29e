#include "smtpdbg/net.h"

#include <ares.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
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

/* --- The resolver ----------------------------------------------------- */

/* The DNS server set by net_set_resolver, as c-ares takes it ("addr:port",
 * "[v6]:port"); NULL: the system's (/etc/resolv.conf). */
static char *resolver_csv;

int net_set_resolver(const char *addr, struct buf *err)
{
	if (!addr) {
		free(resolver_csv);
		resolver_csv = NULL;
		return 0;
	}
	char *host, *port;
	if (net_split_hostport(addr, "53", &host, &port, err) < 0)
		return -1;
	unsigned char a[sizeof(struct in6_addr)];
	bool v4 = inet_pton(AF_INET, host, a) == 1;
	if (!v4 && inet_pton(AF_INET6, host, a) != 1) {
		char *q = quote(host, strlen(host));
		buf_printf(err,
			   _("%s is not an IP address (the resolver is given by its address, "
			     "IPv6 without a zone)"),
			   q);
		free(q);
		free(host);
		free(port);
		return -1;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, v4 ? "%s:%s" : "[%s]:%s", host, port);
	free(host);
	free(port);
	free(resolver_csv);
	resolver_csv = buf_steal(&b);
	return 0;
}

const char *net_resolver(void)
{
	return resolver_csv;
}

/* --- Non-blocking connect ---------------------------------------------- */

/* One address to try, from getaddrinfo (numeric hosts) or c-ares. */
struct addr {
	struct addr *next;
	int family, socktype, protocol;
	socklen_t len;
	struct sockaddr_storage sa;
};

struct net_connect {
	struct loop *loop;
	net_connect_fn fn;
	void *arg;
	int64_t timeout_ms;
	char *local;                /* --local-address, or NULL */
	char *host;                 /* escaped for messages */
	struct addr *addrs, *cur;   /* all addresses; the one being tried */
	int fd;
	uint64_t timer;
	char peer[NI_MAXHOST + NI_MAXSERV + 4]; /* the current address */
	struct buf why;                         /* "addr: error" per address */

	/* While the name resolves: c-ares' channel, the sockets it asked us
	 * to watch, its retry timer and the deadline of the whole lookup. */
	ares_channel ch;
	int *ares_fds;
	size_t n_ares_fds, cap_ares_fds;
	uint64_t ares_timer, deadline;
	int64_t started;            /* loop_now_ms() when the lookup began */
	bool resolved;              /* the lookup's callback has run */
	int ares_status;
	struct ares_addrinfo *ares_res;
};

static void format_peer(const struct sockaddr *sa, socklen_t len, char *out, size_t size)
{
	if (sa->sa_family == AF_UNIX) {
		const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
		char *safe = esc_str(un->sun_path, strnlen(un->sun_path, sizeof un->sun_path), 0);
		snprintf(out, size, "unix:%s", safe);
		free(safe);
		return;
	}
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

static void add_addr(struct addr ***tail, int family, int socktype, int protocol,
		     const struct sockaddr *sa, socklen_t len)
{
	if (len > sizeof(struct sockaddr_storage))
		return;
	struct addr *a = xcalloc(1, sizeof *a);
	a->family = family;
	a->socktype = socktype;
	a->protocol = protocol;
	a->len = len;
	memcpy(&a->sa, sa, len);
	**tail = a;
	*tail = &a->next;
}

static void free_addrs(struct addr *a)
{
	while (a) {
		struct addr *next = a->next;
		free(a);
		a = next;
	}
}

/* Stop c-ares: its sockets are closed and unwatched (through
 * on_ares_socket), its callback runs with ARES_EDESTRUCTION. */
static void drop_resolver(struct net_connect *c)
{
	if (c->deadline) {
		loop_cancel(c->loop, c->deadline);
		c->deadline = 0;
	}
	if (c->ares_timer) {
		loop_cancel(c->loop, c->ares_timer);
		c->ares_timer = 0;
	}
	if (c->ch) {
		ares_destroy(c->ch);
		c->ch = NULL;
		ares_library_cleanup();
	}
	for (size_t i = 0; i < c->n_ares_fds; i++) /* none left, normally */
		loop_unwatch(c->loop, c->ares_fds[i]);
	c->n_ares_fds = 0;
	free(c->ares_fds);
	c->ares_fds = NULL;
	c->cap_ares_fds = 0;
	if (c->ares_res) {
		ares_freeaddrinfo(c->ares_res);
		c->ares_res = NULL;
	}
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
	drop_resolver(c);
	drop_try(c);
	free_addrs(c->addrs);
	free(c->local);
	free(c->host);
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

/* --local-address: bind to it before connecting, in the address's family
 * (a local IPv4 address cannot reach an IPv6 server). Returns false with
 * the failure noted. */
static bool bind_local(struct net_connect *c, int fd, int family)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	if (getaddrinfo(c->local, NULL, &hints, &res) != 0 || !res) {
		char what[200];
		snprintf(what, sizeof what,
			 family == AF_INET6 ? _("the local address %s is not an IPv6 address")
					    : _("the local address %s is not an IPv4 address"),
			 c->local);
		note_failure(c, what);
		return false;
	}
	int r = bind(fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (r < 0) {
		char what[200];
		snprintf(what, sizeof what, _("cannot connect from %s: %s"), c->local,
			 strerror(errno));
		note_failure(c, what);
		return false;
	}
	return true;
}

/* Start connecting to c->cur or a later address. Returns false when no
 * address is left (each failure is noted in c->why). */
static bool try_from_current(struct net_connect *c)
{
	for (; c->cur; c->cur = c->cur->next) {
		struct addr *ai = c->cur;
		format_peer((struct sockaddr *)&ai->sa, ai->len, c->peer, sizeof c->peer);
		int fd = socket(ai->family, ai->socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				ai->protocol);
		if (fd < 0) {
			note_failure(c, strerror(errno));
			continue;
		}
		if (c->local && ai->family != AF_UNIX && !bind_local(c, fd, ai->family)) {
			close(fd);
			continue;
		}
		/* Even an immediate success is reported through the loop, so fn
		 * never runs before net_connect_start has returned the handle. */
		if (connect(fd, (struct sockaddr *)&ai->sa, ai->len) == 0 ||
		    errno == EINPROGRESS || errno == EINTR) {
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
	c->cur = c->cur->next;
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

/* --- Resolving through c-ares in the caller's loop ---------------------- */

/* "1.5", "30": milliseconds as seconds, without the locale's comma. */
static void format_secs(int64_t ms, char *out, size_t size)
{
	if (ms % 1000 == 0) {
		snprintf(out, size, "%lld", (long long)(ms / 1000));
		return;
	}
	int n = snprintf(out, size, "%lld.%03lld", (long long)(ms / 1000),
			 (long long)(ms % 1000));
	while (n > 0 && (size_t)n < size && out[n - 1] == '0')
		out[--n] = '\0';
}

static void resolver_failed(struct net_connect *c, const char *what)
{
	buf_printf(&c->why, "%s: %s", c->host, what);
}

/* "host: the resolver [ADDR] did not answer within N s"; the resolver is
 * named when --resolver chose it. */
static void resolver_silent(struct net_connect *c, int64_t ms)
{
	struct buf who;
	buf_init(&who, 0);
	if (resolver_csv)
		buf_printf(&who, _("the resolver %s"), resolver_csv);
	else
		buf_adds(&who, _("the resolver"));
	char secs[32];
	format_secs(ms, secs, sizeof secs);
	buf_printf(&c->why, _("%s: %s did not answer within %s s"), c->host, who.data, secs);
	buf_free(&who);
}

static void on_resolved(void *arg, int status, int timeouts, struct ares_addrinfo *res)
{
	(void)timeouts;
	struct net_connect *c = arg;
	if (status == ARES_EDESTRUCTION || c->resolved) {
		if (res)
			ares_freeaddrinfo(res);
		return;
	}
	c->resolved = true;
	c->ares_status = status;
	c->ares_res = res;
}

/* The lookup is over: connect to what it found, or report why not.
 * Returns false when fn has been called (c is freed). */
static bool after_lookup(struct net_connect *c)
{
	int status = c->ares_status;
	struct addr **tail = &c->addrs;
	if (status == ARES_SUCCESS && c->ares_res)
		for (struct ares_addrinfo_node *n = c->ares_res->nodes; n; n = n->ai_next)
			add_addr(&tail, n->ai_family, n->ai_socktype ? n->ai_socktype : SOCK_STREAM,
				 n->ai_protocol, n->ai_addr, n->ai_addrlen);
	drop_resolver(c);
	switch (status) {
	case ARES_SUCCESS:
		if (!c->addrs)
			resolver_failed(c, _("the name has no address to connect to"));
		break;
	case ARES_ENOTFOUND:
	case ARES_ENONAME:
		resolver_failed(c, _("name not found"));
		break;
	case ARES_ENODATA:
		resolver_failed(c, _("the name has no address to connect to"));
		break;
	case ARES_ETIMEOUT: /* c-ares gave up before our deadline */
		resolver_silent(c, loop_now_ms() - c->started);
		break;
	case ARES_ESERVFAIL:
		resolver_failed(c, _("the resolver could not look the name up (SERVFAIL)"));
		break;
	case ARES_EREFUSED:
		resolver_failed(c, _("the resolver refused to answer (REFUSED)"));
		break;
	case ARES_ECONNREFUSED:
		resolver_failed(c, _("no resolver listens at the address given"));
		break;
	default:
		resolver_failed(c, ares_strerror(status));
		break;
	}
	c->cur = c->addrs;
	if (status != ARES_SUCCESS || !try_from_current(c)) {
		finish(c, -1);
		return false;
	}
	return true;
}

static void on_ares_timer(struct loop *l, void *arg);

/* After c-ares has worked: finish the lookup, or wait for its next
 * retry. Returns false when fn has been called (c is freed). */
static bool after_ares(struct net_connect *c)
{
	if (c->resolved)
		return after_lookup(c);
	if (c->ares_timer) {
		loop_cancel(c->loop, c->ares_timer);
		c->ares_timer = 0;
	}
	struct timeval tv, *tvp = ares_timeout(c->ch, NULL, &tv);
	if (tvp) {
		int64_t ms = (int64_t)tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000;
		c->ares_timer = loop_timer(c->loop, ms, on_ares_timer, c);
	}
	return true;
}

static void on_ares_timer(struct loop *l, void *arg)
{
	(void)l;
	struct net_connect *c = arg;
	c->ares_timer = 0;
	ares_process_fd(c->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	after_ares(c);
}

static void on_ares_fd(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	struct net_connect *c = arg;
	ares_socket_t rfd = revents & (POLLIN | POLLERR | POLLHUP) ? fd : ARES_SOCKET_BAD;
	ares_socket_t wfd = revents & POLLOUT ? fd : ARES_SOCKET_BAD;
	ares_process_fd(c->ch, rfd, wfd);
	after_ares(c);
}

/* c-ares opens, closes and changes the interest of its sockets. */
static void on_ares_socket(void *data, ares_socket_t fd, int readable, int writable)
{
	struct net_connect *c = data;
	size_t i = 0;
	while (i < c->n_ares_fds && c->ares_fds[i] != fd)
		i++;
	if (!readable && !writable) {
		if (i < c->n_ares_fds) {
			loop_unwatch(c->loop, fd);
			c->ares_fds[i] = c->ares_fds[--c->n_ares_fds];
		}
		return;
	}
	short events = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
	if (i < c->n_ares_fds) {
		loop_set_events(c->loop, fd, events);
		return;
	}
	if (c->n_ares_fds == c->cap_ares_fds) {
		c->cap_ares_fds = c->cap_ares_fds ? 2 * c->cap_ares_fds : 4;
		c->ares_fds = xrealloc(c->ares_fds, c->cap_ares_fds * sizeof *c->ares_fds);
	}
	c->ares_fds[c->n_ares_fds++] = fd;
	loop_watch(c->loop, fd, events, on_ares_fd, c);
}

static void on_deadline(struct loop *l, void *arg)
{
	(void)l;
	struct net_connect *c = arg;
	c->deadline = 0;
	resolver_silent(c, c->timeout_ms);
	finish(c, -1);
}

/* Start looking host up; the answer comes through the loop (or at once,
 * from /etc/hosts). Returns false when fn has been called (c is freed). */
static bool start_lookup(struct net_connect *c, const char *host, const char *port, int family)
{
	int r = ares_library_init(ARES_LIB_INIT_ALL);
	if (r != ARES_SUCCESS) {
		resolver_failed(c, ares_strerror(r));
		finish(c, -1);
		return false;
	}
	struct ares_options o;
	memset(&o, 0, sizeof o);
	o.sock_state_cb = on_ares_socket;
	o.sock_state_cb_data = c;
	int mask = ARES_OPT_SOCK_STATE_CB;
	if (c->timeout_ms > 0) {
		/* Three tries, each twice as long as the one before: up to
		 * a 20 s timeout they outlast the deadline, which then ends
		 * a lookup nobody answers. */
		int64_t first = c->timeout_ms / 4;
		o.timeout = (int)(first < 100 ? 100 : first > 5000 ? 5000 : first);
		o.tries = 3;
		mask |= ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	}
	r = ares_init_options(&c->ch, &o, mask);
	if (r != ARES_SUCCESS) {
		c->ch = NULL;
		ares_library_cleanup();
		resolver_failed(c, ares_strerror(r));
		finish(c, -1);
		return false;
	}
	if (resolver_csv && (r = ares_set_servers_ports_csv(c->ch, resolver_csv)) != ARES_SUCCESS) {
		buf_printf(&c->why, _("the resolver %s cannot be used: %s"), resolver_csv,
			   ares_strerror(r));
		finish(c, -1);
		return false;
	}
	struct ares_addrinfo_hints hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = ARES_AI_NUMERICSERV;
	c->started = loop_now_ms();
	ares_getaddrinfo(c->ch, host, port, &hints, on_resolved, c);
	if (c->resolved)
		return after_lookup(c);
	if (c->timeout_ms > 0)
		c->deadline = loop_timer(c->loop, c->timeout_ms, on_deadline, c);
	return after_ares(c);
}

/* A unix socket (LMTP's usual home): one address, no lookup. Returns
 * false when fn has been called (c is freed). */
static bool connect_unix(struct net_connect *c, const char *path)
{
	struct sockaddr_un un;
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	size_t n = path ? strlen(path) : 0;
	if (n == 0 || n >= sizeof un.sun_path) {
		buf_printf(&c->why, n ? _("the socket path is too long (at most %zu bytes)")
				      : _("no socket path given"),
			   sizeof un.sun_path - 1);
		finish(c, -1);
		return false;
	}
	memcpy(un.sun_path, path, n);
	struct addr **tail = &c->addrs;
	add_addr(&tail, AF_UNIX, SOCK_STREAM, 0, (struct sockaddr *)&un, (socklen_t)sizeof un);
	c->cur = c->addrs;
	if (!try_from_current(c)) {
		finish(c, -1);
		return false;
	}
	return true;
}

struct net_connect *net_connect_start(struct loop *l, const char *host, const char *port,
				      int family, int64_t timeout_ms, net_connect_fn fn,
				      void *arg)
{
	return net_connect_from(l, host, port, family, NULL, timeout_ms, fn, arg);
}

struct net_connect *net_connect_from(struct loop *l, const char *host, const char *port,
				     int family, const char *local, int64_t timeout_ms,
				     net_connect_fn fn, void *arg)
{
	struct net_connect *c = xcalloc(1, sizeof *c);
	c->loop = l;
	c->local = local ? xstrdup(local) : NULL;
	c->fn = fn;
	c->arg = arg;
	c->timeout_ms = timeout_ms;
	c->fd = -1;
	buf_init(&c->why, 0);

	if (family == AF_UNIX)
		return connect_unix(c, host) ? c : NULL;
	if (!host || !*host || !port || !*port) {
		buf_adds(&c->why, !host || !*host ? _("no host given") : _("no port given"));
		finish(c, -1);
		return NULL;
	}
	struct buf h;
	buf_init(&h, 0);
	esc_append(&h, host, strlen(host), 0);
	c->host = buf_steal(&h);

	/* A numeric address needs no resolver: getaddrinfo answers at once. */
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	int r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		struct addrinfo *any = NULL;
		hints.ai_family = AF_UNSPEC;
		hints.ai_flags = AI_NUMERICHOST;
		bool literal = getaddrinfo(host, NULL, &hints, &any) == 0;
		if (any)
			freeaddrinfo(any);
		if (!literal)
			return start_lookup(c, host, port, family) ? c : NULL;
		char *q = quote(host, strlen(host));
		buf_printf(&c->why, _("cannot resolve %s: %s"), q,
			   r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
		free(q);
		finish(c, -1);
		return NULL;
	}
	struct addr **tail = &c->addrs;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
		add_addr(&tail, ai->ai_family, ai->ai_socktype, ai->ai_protocol, ai->ai_addr,
			 ai->ai_addrlen);
	freeaddrinfo(res);
	c->cur = c->addrs;
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
