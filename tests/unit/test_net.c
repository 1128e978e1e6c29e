#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/buf.h"

#include "smtpdbg/net.h"

/* Generous: loopback answers in microseconds. */
#define SLOW_MS 10000

TestSuite(net, .timeout = 60);

/* --- net_split_hostport ------------------------------------------------------- */

static void split_ok(const char *arg, const char *want_host, const char *want_port)
{
	struct buf err;
	buf_init(&err, 0);
	char *host = NULL, *port = NULL;
	int r = net_split_hostport(arg, "25", &host, &port, &err);
	cr_assert_eq(r, 0, "\"%s\" was rejected: %s", arg, err.data ? err.data : "");
	cr_assert_str_eq(host, want_host, "host of \"%s\"", arg);
	cr_assert_str_eq(port, want_port, "port of \"%s\"", arg);
	free(host);
	free(port);
	buf_free(&err);
}

static void split_bad(const char *arg, const char *want_in_message)
{
	struct buf err;
	buf_init(&err, 0);
	char *host = (char *)"x", *port = (char *)"x";
	int r = net_split_hostport(arg, "25", &host, &port, &err);
	cr_assert_eq(r, -1, "\"%s\" was accepted", arg);
	cr_assert_null(host);
	cr_assert_null(port);
	cr_assert(err.data && strstr(err.data, want_in_message),
		  "message for \"%s\" lacks \"%s\": %s", arg, want_in_message,
		  err.data ? err.data : "(none)");
	buf_free(&err);
}

Test(net, split_accepts_every_form)
{
	split_ok("mx.example.org", "mx.example.org", "25");
	split_ok("mx.example.org:2525", "mx.example.org", "2525");
	split_ok("localhost:587", "localhost", "587");
	split_ok("127.0.0.1", "127.0.0.1", "25");
	split_ok("127.0.0.1:10025", "127.0.0.1", "10025");
	split_ok("[::1]:587", "::1", "587");
	split_ok("[::1]", "::1", "25");
	split_ok("::1", "::1", "25");
	split_ok("2001:db8::25", "2001:db8::25", "25");
	split_ok("[2001:db8::25]:465", "2001:db8::25", "465");
	split_ok("[fe80::1%eth0]:25", "fe80::1%eth0", "25");
	split_ok("mail_relay.internal:65535", "mail_relay.internal", "65535");
	split_ok("mx.example.org.:1", "mx.example.org.", "1");
	split_ok("host:025", "host", "25"); /* the port is normalised */
}

Test(net, split_rejects_bad_input_with_a_reason)
{
	split_bad("", "no host");
	split_bad(":25", "no host");
	split_bad("host:", "no port");
	split_bad("host:smtp", "not a number from 1 to 65535");
	split_bad("host:0", "not a number from 1 to 65535");
	split_bad("host:65536", "not a number from 1 to 65535");
	split_bad("host:-1", "not a number from 1 to 65535");
	split_bad("host:+25", "not a number from 1 to 65535");
	split_bad("host:1234567", "not a number from 1 to 65535");
	split_bad("[::1", "missing \"]\"");
	split_bad("[::1]25", "expected \":port\"");
	split_bad("[::1]:", "not a number");
	split_bad("[mx.example.org]:25", "not an IPv6 address");
	split_bad("[]:25", "not an IPv6 address");
	split_bad("host:25:26", "[address]:port");
	split_bad("1:2:3:zz::1", "neither host:port nor an IPv6 address");
	split_bad("a b", "not a valid host name");
	split_bad("mx..example.org", "not a valid host name");
	split_bad(".example.org", "not a valid host name");
	split_bad("bücher.example", "xn--");
}

Test(net, split_escapes_control_characters_in_messages)
{
	struct buf err;
	buf_init(&err, 0);
	char *host, *port;
	cr_assert_eq(net_split_hostport("evil\x1b]0;title\x07:25", "25", &host, &port, &err), -1);
	for (size_t i = 0; i < err.len; i++)
		cr_assert_geq((unsigned char)err.data[i], 0x20, "raw control byte in: %s", err.data);
	cr_assert(strstr(err.data, "\\x1b"), "%s", err.data);
	buf_free(&err);
}

Test(net, split_without_default_port_needs_one)
{
	struct buf err;
	buf_init(&err, 0);
	char *host, *port;
	cr_assert_eq(net_split_hostport("mx.example.org", NULL, &host, &port, &err), -1);
	cr_assert(strstr(err.data, "no port"), "%s", err.data);
	buf_reset(&err);
	cr_assert_eq(net_split_hostport("mx.example.org:26", NULL, &host, &port, &err), 0);
	cr_assert_str_eq(port, "26");
	free(host);
	free(port);
	buf_free(&err);
}

/* --- Connect ---------------------------------------------------------------- */

struct result {
	int calls;
	int fd;
	char peer[128];
	char why[1024];
};

static void on_connect(int fd, const char *peer, const char *why, void *arg)
{
	struct result *r = arg;
	r->calls++;
	r->fd = fd;
	snprintf(r->peer, sizeof r->peer, "%s", peer ? peer : "");
	snprintf(r->why, sizeof r->why, "%s", why ? why : "");
}

/* A socket bound to an ephemeral port on a loopback address; listening
 * with `backlog` unless backlog < 0. Returns the fd; *port gets the port. */
static int loopback_socket(int family, int backlog, char port[8])
{
	int s = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_geq(s, 0, "socket: %s", strerror(errno));
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof ss);
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *a;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		len = sizeof *a;
	}
	cr_assert_eq(bind(s, (struct sockaddr *)&ss, len), 0, "bind: %s", strerror(errno));
	if (backlog >= 0)
		cr_assert_eq(listen(s, backlog), 0);
	len = sizeof ss;
	cr_assert_eq(getsockname(s, (struct sockaddr *)&ss, &len), 0);
	unsigned p = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					     : ((struct sockaddr_in6 *)&ss)->sin6_port);
	snprintf(port, 8, "%u", p);
	return s;
}

static void wait_for(struct loop *l, const struct result *r)
{
	int64_t end = loop_now_ms() + SLOW_MS;
	while (r->calls == 0 && loop_now_ms() < end)
		cr_assert_eq(loop_once(l, 100), 0);
	cr_assert_eq(r->calls, 1, "no result within %d ms", SLOW_MS);
}

/* Keep the loop running a little: a second callback would show up. */
static void spin(struct loop *l, int ms)
{
	int64_t end = loop_now_ms() + ms;
	while (loop_now_ms() < end)
		loop_once(l, 10);
}

static void check_connected(const struct result *r, int listener, const char *want_peer)
{
	cr_assert_geq(r->fd, 0, "connect failed: %s", r->why);
	cr_assert_str_eq(r->peer, want_peer);
	cr_assert_str_eq(r->why, "");
	int fl = fcntl(r->fd, F_GETFL);
	cr_assert(fl & O_NONBLOCK, "the socket must stay non-blocking");
	cr_assert(fcntl(r->fd, F_GETFD) & FD_CLOEXEC);
	int nodelay = 0;
	socklen_t len = sizeof nodelay;
	cr_assert_eq(getsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
	cr_assert(nodelay, "TCP_NODELAY is not set");
	int a = accept(listener, NULL, NULL);
	cr_assert_geq(a, 0, "the listener saw no connection");
	cr_assert_eq(write(r->fd, "x", 1), 1);
	char c = 0;
	cr_assert_eq(read(a, &c, 1), 1);
	cr_assert_eq(c, 'x');
	close(a);
}

Test(net, connect_to_listening_ipv4_port)
{
	char port[8], want[32];
	int ls = loopback_socket(AF_INET, 8, port);
	snprintf(want, sizeof want, "127.0.0.1:%s", port);
	struct loop *l = loop_new();
	struct result r = {0};
	struct net_connect *c = net_connect_start(l, "127.0.0.1", port, AF_UNSPEC, SLOW_MS,
						  on_connect, &r);
	cr_assert_not_null(c);
	cr_assert_eq(r.calls, 0, "the result must come through the loop");
	wait_for(l, &r);
	check_connected(&r, ls, want);
	spin(l, 50);
	cr_assert_eq(r.calls, 1, "the callback must run exactly once");
	close(r.fd);
	close(ls);
	loop_free(l);
}

Test(net, connect_to_closed_port_is_refused)
{
	/* Bound but not listening: the port stays ours and answers RST. */
	char port[8], want[64];
	int s = loopback_socket(AF_INET, -1, port);
	snprintf(want, sizeof want, "127.0.0.1:%s: ", port);
	struct loop *l = loop_new();
	struct result r = {0};
	struct net_connect *c = net_connect_start(l, "127.0.0.1", port, AF_INET, SLOW_MS,
						  on_connect, &r);
	if (c)
		wait_for(l, &r);
	cr_assert_eq(r.calls, 1);
	cr_assert_lt(r.fd, 0);
	cr_assert(strstr(r.why, want), "the address is not named: %s", r.why);
	cr_assert(strstr(r.why, "refused"), "not a refusal: %s", r.why);
	spin(l, 50);
	cr_assert_eq(r.calls, 1);
	close(s);
	loop_free(l);
}

Test(net, connect_to_ipv6_loopback)
{
	int probe = socket(AF_INET6, SOCK_STREAM, 0);
	if (probe < 0) {
		cr_log_warn("IPv6 not tested: socket(AF_INET6) failed: %s", strerror(errno));
		return;
	}
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
	if (bind(probe, (struct sockaddr *)&a, sizeof a) < 0 && errno == EADDRNOTAVAIL) {
		cr_log_warn("IPv6 not tested: this machine has no ::1 (bind: %s)", strerror(errno));
		close(probe);
		return;
	}
	close(probe);

	char port[8], want[32];
	int ls = loopback_socket(AF_INET6, 8, port);
	snprintf(want, sizeof want, "[::1]:%s", port);
	struct loop *l = loop_new();
	struct result r = {0};
	cr_assert_not_null(
		net_connect_start(l, "::1", port, AF_UNSPEC, SLOW_MS, on_connect, &r));
	wait_for(l, &r);
	check_connected(&r, ls, want);
	close(r.fd);
	close(ls);
	loop_free(l);
}

Test(net, family_restriction_is_honoured)
{
	struct loop *l = loop_new();
	struct result r = {0};
	cr_assert_null(net_connect_start(l, "::1", "25", AF_INET, SLOW_MS, on_connect, &r));
	cr_assert_eq(r.calls, 1);
	cr_assert_lt(r.fd, 0);
	cr_assert(strstr(r.why, "cannot resolve \"::1\""), "%s", r.why);
	loop_free(l);
}

Test(net, missing_host_or_port_fails_at_once)
{
	struct loop *l = loop_new();
	struct result r = {0};
	cr_assert_null(net_connect_start(l, "", "25", AF_UNSPEC, SLOW_MS, on_connect, &r));
	cr_assert_eq(r.calls, 1);
	cr_assert(strstr(r.why, "no host"), "%s", r.why);
	cr_assert_null(net_connect_start(l, "127.0.0.1", NULL, AF_UNSPEC, SLOW_MS, on_connect, &r));
	cr_assert_eq(r.calls, 2);
	cr_assert(strstr(r.why, "no port"), "%s", r.why);
	loop_free(l);
}

/* A listener whose accept queue is full drops new SYNs: a connect to it
 * stays in progress, like one to a host that does not answer. */
static int silent_listener(char port[8], int *filler)
{
	int ls = loopback_socket(AF_INET, 0, port);
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)atoi(port)),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	*filler = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_eq(connect(*filler, (struct sockaddr *)&a, sizeof a), 0);
	/* connect() returns when the SYN-ACK arrives; the filler is in the
	 * accept queue (the queue full) only once the listener has taken its
	 * ACK. The listener is readable from then on: wait for that, or the
	 * test's own SYN could still find room. */
	struct pollfd p = {.fd = ls, .events = POLLIN};
	cr_assert_eq(poll(&p, 1, SLOW_MS), 1, "the filler never reached the accept queue");
	return ls;
}

Test(net, unanswered_connect_times_out)
{
	char port[8], want[64];
	int filler, ls = silent_listener(port, &filler);
	snprintf(want, sizeof want, "127.0.0.1:%s: no answer within 300 ms", port);
	struct loop *l = loop_new();
	struct result r = {0};
	int64_t t0 = loop_now_ms();
	cr_assert_not_null(
		net_connect_start(l, "127.0.0.1", port, AF_INET, 300, on_connect, &r));
	wait_for(l, &r);
	int64_t took = loop_now_ms() - t0;
	cr_assert_lt(r.fd, 0, "connected although the queue was full (kernel behaviour?)");
	cr_assert_str_eq(r.why, want);
	cr_assert_geq(took, 250, "gave up after %lld ms", (long long)took);
	close(filler);
	close(ls);
	loop_free(l);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	cr_assert_not_null(d);
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

Test(net, cancel_stops_the_connect_and_closes_the_socket)
{
	char port[8];
	int ls = loopback_socket(AF_INET, 8, port);
	struct loop *l = loop_new();
	struct result r = {0};
	int before = open_fds();
	struct net_connect *c = net_connect_start(l, "127.0.0.1", port, AF_INET, SLOW_MS,
						  on_connect, &r);
	cr_assert_not_null(c);
	cr_assert_eq(open_fds(), before + 1);
	net_connect_cancel(c);
	cr_assert_eq(open_fds(), before, "the cancelled socket was not closed");
	spin(l, 100);
	cr_assert_eq(r.calls, 0, "fn ran after cancel");
	close(ls);
	loop_free(l);
}

Test(net, cancel_of_a_waiting_connect_stops_its_timer)
{
	char port[8];
	int filler, ls = silent_listener(port, &filler);
	struct loop *l = loop_new();
	struct result r = {0};
	struct net_connect *c =
		net_connect_start(l, "127.0.0.1", port, AF_INET, 50, on_connect, &r);
	cr_assert_not_null(c);
	loop_once(l, 0);
	net_connect_cancel(c);
	spin(l, 200);
	cr_assert_eq(r.calls, 0, "the timeout fired after cancel");
	close(filler);
	close(ls);
	loop_free(l);
}

/* --- Resolving through a DNS server of the test's own ------------------------- */

/* A UDP socket on 127.0.0.1 standing in for a DNS server. */
static int udp_server(char port[8])
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	cr_assert_geq(s, 0, "socket: %s", strerror(errno));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	cr_assert_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0, "bind: %s", strerror(errno));
	socklen_t len = sizeof a;
	cr_assert_eq(getsockname(s, (struct sockaddr *)&a, &len), 0);
	snprintf(port, 8, "%u", ntohs(a.sin_port));
	return s;
}

static void use_resolver(const char *port)
{
	char addr[32];
	snprintf(addr, sizeof addr, "127.0.0.1:%s", port);
	struct buf err;
	buf_init(&err, 0);
	cr_assert_eq(net_set_resolver(addr, &err), 0, "%s", err.data ? err.data : "");
	buf_free(&err);
}

static void on_tick(struct loop *l, void *arg)
{
	(void)l;
	*(int64_t *)arg = loop_now_ms();
}

Test(net, a_silent_resolver_does_not_block_the_loop_and_times_out)
{
	char dns_port[8], want[128];
	int dns = udp_server(dns_port);
	use_resolver(dns_port);
	snprintf(want, sizeof want,
		 "never.example: the resolver 127.0.0.1:%s did not answer within 1.5 s", dns_port);
	struct loop *l = loop_new();
	struct result r = {0};
	int64_t t0 = loop_now_ms();
	struct net_connect *c =
		net_connect_start(l, "never.example", "25", AF_UNSPEC, 1500, on_connect, &r);
	int64_t blocked = loop_now_ms() - t0;
	cr_assert_not_null(c, "failed at once: %s", r.why);
	cr_assert_eq(r.calls, 0);
	cr_assert_lt(blocked, 500, "net_connect_start blocked for %lld ms", (long long)blocked);

	/* Other timers keep firing while the name resolves. */
	int64_t ticked = 0;
	loop_timer(l, 50, on_tick, &ticked);
	int64_t end = loop_now_ms() + SLOW_MS;
	while (r.calls == 0 && loop_now_ms() < end) {
		cr_assert_eq(loop_once(l, 100), 0);
		if (!ticked)
			cr_assert_eq(r.calls, 0, "the lookup ended before a 50 ms timer fired");
	}
	int64_t took = loop_now_ms() - t0;
	cr_assert_eq(r.calls, 1, "no result within %d ms", SLOW_MS);
	cr_assert_gt(ticked, 0, "the 50 ms timer did not fire while resolving");
	cr_assert_lt(r.fd, 0);
	cr_assert_str_eq(r.why, want);
	cr_assert_geq(took, 1400, "gave up after %lld ms", (long long)took);

	/* The question did reach our server. */
	char q[512];
	cr_assert_gt(recv(dns, q, sizeof q, MSG_DONTWAIT), 12, "no DNS query arrived");
	spin(l, 50);
	cr_assert_eq(r.calls, 1, "the callback must run exactly once");
	loop_free(l);
	close(dns);
	struct buf err;
	buf_init(&err, 0);
	net_set_resolver(NULL, &err);
	buf_free(&err);
}

Test(net, cancel_during_a_lookup_stops_it_and_closes_its_sockets)
{
	char dns_port[8];
	int dns = udp_server(dns_port);
	use_resolver(dns_port);
	struct loop *l = loop_new();
	struct result r = {0};
	int before = open_fds();
	struct net_connect *c =
		net_connect_start(l, "never.example", "25", AF_UNSPEC, 300, on_connect, &r);
	cr_assert_not_null(c, "failed at once: %s", r.why);
	spin(l, 100);
	cr_assert_eq(r.calls, 0);
	cr_assert_gt(open_fds(), before, "the resolver opened no socket");
	net_connect_cancel(c);
	cr_assert_eq(open_fds(), before, "the resolver's socket was not closed");
	spin(l, 500); /* past the 300 ms deadline */
	cr_assert_eq(r.calls, 0, "fn ran after cancel");
	loop_free(l);
	close(dns);
}

/* A DNS server in the test's loop: it keeps the queries it receives and
 * answers them when told (hold = false): "mx.example" A gets 127.0.0.1,
 * any other name NXDOMAIN, any other type an empty answer. */
struct fake_dns {
	int fd;
	bool hold;
	int queries, answered;
	struct {
		unsigned char msg[512];
		size_t len;
		struct sockaddr_storage from;
		socklen_t fromlen;
	} kept[16];
	int nkept;
};

static void dns_answer(struct fake_dns *d, const unsigned char *q, size_t n,
		       const struct sockaddr *to, socklen_t tolen)
{
	if (n < 12)
		return;
	/* The question: labels, then type and class. */
	char name[256] = "";
	size_t i = 12, nl = 0;
	while (i < n && q[i] != 0) {
		size_t len = q[i++];
		if (len > 63 || i + len > n || nl + len + 2 > sizeof name)
			return;
		if (nl)
			name[nl++] = '.';
		memcpy(name + nl, q + i, len);
		nl += len;
		name[nl] = '\0';
		i += len;
	}
	if (i + 5 > n)
		return;
	size_t qend = i + 5;
	unsigned qtype = (unsigned)q[i + 1] << 8 | q[i + 2];
	bool known = strcasecmp(name, "mx.example") == 0;
	bool a = known && qtype == 1;

	unsigned char out[512];
	memcpy(out, q, 2);                       /* id */
	out[2] = (unsigned char)(0x80 | (q[2] & 0x79)); /* QR, opcode, RD */
	out[3] = known ? 0x80 : 0x83;            /* RA; NXDOMAIN for others */
	out[4] = 0, out[5] = 1;                  /* one question */
	out[6] = 0, out[7] = a ? 1 : 0;          /* answers */
	memset(out + 8, 0, 4);                   /* no authority, no additional */
	memcpy(out + 12, q + 12, qend - 12);
	size_t o = qend;
	if (a) {
		static const unsigned char rr[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60,
						   0, 4, 127, 0, 0, 1};
		memcpy(out + o, rr, sizeof rr);
		o += sizeof rr;
	}
	cr_assert_eq(sendto(d->fd, out, o, 0, to, tolen), (ssize_t)o, "sendto: %s",
		     strerror(errno));
	d->answered++;
}

static void on_dns_query(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)revents;
	struct fake_dns *d = arg;
	unsigned char q[512];
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof from;
	ssize_t n = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&from, &fromlen);
	if (n <= 0)
		return;
	d->queries++;
	if (!d->hold) {
		dns_answer(d, q, (size_t)n, (struct sockaddr *)&from, fromlen);
		return;
	}
	cr_assert_lt(d->nkept, 16, "too many queries");
	memcpy(d->kept[d->nkept].msg, q, (size_t)n);
	d->kept[d->nkept].len = (size_t)n;
	d->kept[d->nkept].from = from;
	d->kept[d->nkept].fromlen = fromlen;
	d->nkept++;
}

static void dns_release(struct fake_dns *d)
{
	d->hold = false;
	for (int k = 0; k < d->nkept; k++)
		dns_answer(d, d->kept[k].msg, d->kept[k].len, (struct sockaddr *)&d->kept[k].from,
			   d->kept[k].fromlen);
	d->nkept = 0;
}

static void fake_dns_start(struct loop *l, struct fake_dns *d, bool hold)
{
	char port[8];
	memset(d, 0, sizeof *d);
	d->fd = udp_server(port);
	d->hold = hold;
	use_resolver(port);
	loop_watch(l, d->fd, POLLIN, on_dns_query, d);
}

static void fake_dns_stop(struct loop *l, struct fake_dns *d)
{
	loop_unwatch(l, d->fd);
	close(d->fd);
}

Test(net, a_name_the_resolver_answers_is_connected_to)
{
	char port[8], want[32];
	int ls = loopback_socket(AF_INET, 8, port);
	snprintf(want, sizeof want, "127.0.0.1:%s", port);
	struct loop *l = loop_new();
	struct fake_dns d;
	fake_dns_start(l, &d, true);
	struct result r = {0};
	struct net_connect *c =
		net_connect_start(l, "mx.example", port, AF_UNSPEC, SLOW_MS, on_connect, &r);
	cr_assert_not_null(c, "failed at once: %s", r.why);

	/* The server holds the answers: the connect must wait for them. */
	int64_t end = loop_now_ms() + SLOW_MS;
	while (d.nkept < 2 && loop_now_ms() < end) /* A and AAAA */
		cr_assert_eq(loop_once(l, 100), 0);
	cr_assert_geq(d.nkept, 2, "the A and AAAA queries did not both arrive");
	cr_assert_eq(r.calls, 0, "a result came before the resolver answered");
	dns_release(&d);
	wait_for(l, &r);
	check_connected(&r, ls, want);
	close(r.fd);
	fake_dns_stop(l, &d);
	close(ls);
	loop_free(l);
}

Test(net, a_name_the_resolver_does_not_know_is_reported)
{
	struct loop *l = loop_new();
	struct fake_dns d;
	fake_dns_start(l, &d, false);
	struct result r = {0};
	if (net_connect_start(l, "nowhere.example", "25", AF_INET, SLOW_MS, on_connect, &r))
		wait_for(l, &r);
	cr_assert_eq(r.calls, 1);
	cr_assert_lt(r.fd, 0);
	cr_assert_str_eq(r.why, "nowhere.example: name not found");
	cr_assert_gt(d.answered, 0);
	fake_dns_stop(l, &d);
	loop_free(l);
}

Test(net, a_numeric_address_needs_no_resolver)
{
	/* A silent resolver would make a lookup wait: a literal never asks. */
	char dns_port[8], port[8];
	int dns = udp_server(dns_port);
	use_resolver(dns_port);
	int ls = loopback_socket(AF_INET, 8, port);
	struct loop *l = loop_new();
	struct result r = {0};
	cr_assert_not_null(
		net_connect_start(l, "127.0.0.1", port, AF_UNSPEC, SLOW_MS, on_connect, &r));
	wait_for(l, &r);
	cr_assert_geq(r.fd, 0, "%s", r.why);
	char q[512];
	cr_assert_lt(recv(dns, q, sizeof q, MSG_DONTWAIT), 0, "a DNS query was sent");
	close(r.fd);
	close(ls);
	close(dns);
	loop_free(l);
}

static void resolver_ok(const char *arg)
{
	struct buf err;
	buf_init(&err, 0);
	cr_assert_eq(net_set_resolver(arg, &err), 0, "\"%s\" was rejected: %s", arg,
		     err.data ? err.data : "");
	buf_free(&err);
}

static void resolver_bad(const char *arg, const char *want_in_message)
{
	struct buf err;
	buf_init(&err, 0);
	cr_assert_eq(net_set_resolver(arg, &err), -1, "\"%s\" was accepted", arg);
	cr_assert(err.data && strstr(err.data, want_in_message), "message for \"%s\": %s", arg,
		  err.data ? err.data : "(none)");
	buf_free(&err);
}

Test(net, resolver_addresses_are_checked)
{
	resolver_ok("127.0.0.1");
	resolver_ok("127.0.0.1:5353");
	resolver_ok("::1");
	resolver_ok("[::1]:5353");
	resolver_ok(NULL);
	resolver_bad("dns.example", "not an IP address");
	resolver_bad("dns.example:53", "not an IP address");
	resolver_bad("[fe80::1%eth0]:53", "not an IP address");
	resolver_bad("127.0.0.1:0", "not a number from 1 to 65535");
	resolver_bad("127.0.0.1:domain", "not a number from 1 to 65535");
	resolver_bad("", "no host");
}
