/* The admission limits of `serve`: sessions in all and per address, the
 * connection rate per address (a burst of N, then one every 60/N s),
 * refusals counted rather than logged each, memory bounded. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>

#include "smtpdbg/serve_gate.h"

TestSuite(serve_gate, .timeout = 30);

static struct serve_peer v4(const char *a)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	cr_assert_eq(inet_pton(AF_INET, a, &sa.sin_addr), 1);
	struct serve_peer p;
	serve_peer_of((const struct sockaddr *)&sa, &p);
	return p;
}

static struct serve_peer v6(const char *a)
{
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6};
	cr_assert_eq(inet_pton(AF_INET6, a, &sa.sin6_addr), 1);
	struct serve_peer p;
	serve_peer_of((const struct sockaddr *)&sa, &p);
	return p;
}

static enum serve_gate_verdict enter(struct serve_gate *g, struct serve_peer p, int64_t now)
{
	bool quiet;
	return serve_gate_enter(g, &p, now, &quiet);
}

static void assert_text(struct serve_peer p, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	serve_peer_print(&b, &p);
	cr_assert_str_eq(b.data, want);
	buf_free(&b);
}

Test(serve_gate, addresses_count_as_ipv4_or_a_slash_64)
{
	assert_text(v4("192.0.2.7"), "192.0.2.7");
	assert_text(v6("::ffff:192.0.2.7"), "192.0.2.7");
	assert_text(v6("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
	struct serve_peer a = v6("2001:db8:1:2::1"), b = v6("2001:db8:1:2::ffff");
	struct serve_peer c = v6("2001:db8:1:3::1");
	cr_assert(!memcmp(&a, &b, sizeof a), "one /64 is one address");
	cr_assert(memcmp(&a, &c, sizeof a));
	struct serve_peer m = v6("::ffff:10.0.0.1"), n = v4("10.0.0.1");
	cr_assert(!memcmp(&m, &n, sizeof m), "v4-mapped is the IPv4 address");
}

Test(serve_gate, sessions_in_all_and_from_one_address)
{
	struct serve_gate_limits l = {.max_clients = 5, .per_address = 2};
	struct serve_gate *g = serve_gate_new(&l);
	struct serve_peer a = v4("10.0.0.1"), b = v4("10.0.0.2");
	cr_assert_eq(enter(g, a, 0), SERVE_GATE_OK);
	cr_assert_eq(enter(g, a, 0), SERVE_GATE_OK);
	cr_assert_eq(enter(g, a, 0), SERVE_GATE_ADDRESS);
	cr_assert_eq(enter(g, b, 0), SERVE_GATE_OK);
	cr_assert_eq(enter(g, b, 0), SERVE_GATE_OK);
	cr_assert_eq(enter(g, v4("10.0.0.3"), 0), SERVE_GATE_OK);
	cr_assert_eq(serve_gate_sessions(g), 5);
	cr_assert_eq(enter(g, v4("10.0.0.4"), 0), SERVE_GATE_FULL);
	serve_gate_leave(g, &a);
	cr_assert_eq(serve_gate_sessions(g), 4);
	cr_assert_eq(enter(g, v4("10.0.0.4"), 0), SERVE_GATE_OK);
	cr_assert_eq(enter(g, a, 0), SERVE_GATE_FULL);
	serve_gate_leave(g, &b);
	cr_assert_eq(enter(g, a, 0), SERVE_GATE_OK);
	cr_assert_eq(enter(g, a, 0), SERVE_GATE_ADDRESS);
	serve_gate_free(g);
}

Test(serve_gate, a_burst_then_one_every_60_over_n_seconds)
{
	struct serve_gate_limits l = {.max_clients = 1000, .per_minute = 6};
	struct serve_gate *g = serve_gate_new(&l);
	struct serve_peer a = v4("10.0.0.1");
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(enter(g, a, 1000), SERVE_GATE_OK, "attempt %d", i);
		serve_gate_leave(g, &a);
	}
	cr_assert_eq(enter(g, a, 1000), SERVE_GATE_RATE);
	cr_assert_eq(enter(g, v4("10.0.0.2"), 1000), SERVE_GATE_OK, "others are not affected");
	/* refused attempts count: faster than one every 10 s, the bucket
	 * stays full and every one is refused */
	for (int t = 6000; t < 60000; t += 5000)
		cr_assert_eq(enter(g, a, t), SERVE_GATE_RATE, "at %d ms", t);
	/* one 10 s after the last attempt is within the rate again */
	cr_assert_eq(enter(g, a, 66000), SERVE_GATE_OK);
	serve_gate_leave(g, &a);
	cr_assert_eq(enter(g, a, 66000), SERVE_GATE_RATE);
	/* quiet for a minute: the whole burst again */
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(enter(g, a, 130000), SERVE_GATE_OK, "attempt %d", i);
		serve_gate_leave(g, &a);
	}
	cr_assert_eq(enter(g, a, 130000), SERVE_GATE_RATE);
	/* then one every 10 s */
	cr_assert_eq(enter(g, a, 140100), SERVE_GATE_OK);
	cr_assert_eq(enter(g, a, 140200), SERVE_GATE_RATE);
	serve_gate_free(g);
}

static unsigned counted;
static void count(void *arg, const struct serve_peer *p, unsigned n)
{
	(void)arg;
	(void)p;
	counted += n;
}

Test(serve_gate, repeated_refusals_are_counted_not_logged)
{
	struct serve_gate_limits l = {.max_clients = 10, .per_address = 1};
	struct serve_gate *g = serve_gate_new(&l);
	struct serve_peer a = v4("10.0.0.1");
	bool quiet;
	cr_assert_eq(serve_gate_enter(g, &a, 0, &quiet), SERVE_GATE_OK);
	cr_assert_eq(serve_gate_enter(g, &a, 0, &quiet), SERVE_GATE_ADDRESS);
	cr_assert(!quiet, "the first refusal is logged");
	for (int i = 0; i < 499; i++) {
		cr_assert_eq(serve_gate_enter(g, &a, 100 + i, &quiet), SERVE_GATE_ADDRESS);
		cr_assert(quiet);
	}
	counted = 0;
	serve_gate_refusals(g, count, NULL);
	cr_assert_eq(counted, 499);
	counted = 0;
	serve_gate_refusals(g, count, NULL);
	cr_assert_eq(counted, 0, "reported once");
	cr_assert_eq(serve_gate_enter(g, &a, SERVE_GATE_NOTE_MS + 1, &quiet), SERVE_GATE_ADDRESS);
	cr_assert(!quiet, "logged again after a while");
	serve_gate_free(g);
}

Test(serve_gate, memory_is_bounded_by_forgetting_idle_addresses)
{
	struct serve_gate_limits l = {.max_clients = 4, .per_minute = 1};
	struct serve_gate *g = serve_gate_new(&l);
	struct serve_peer held = v4("10.9.9.9");
	cr_assert_eq(enter(g, held, 0), SERVE_GATE_OK);
	/* far more addresses than the table holds, each once */
	for (unsigned i = 0; i < 20000; i++) {
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x0a000000u + i)};
		struct serve_peer p;
		serve_peer_of((const struct sockaddr *)&sa, &p);
		cr_assert_eq(enter(g, p, 1), SERVE_GATE_OK, "address %u", i);
		serve_gate_leave(g, &p);
	}
	/* the address with a session was kept: its limit still holds */
	cr_assert_eq(enter(g, held, 2), SERVE_GATE_RATE);
	serve_gate_leave(g, &held);
	cr_assert_eq(serve_gate_sessions(g), 0);
	serve_gate_free(g);
}
