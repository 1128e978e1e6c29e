/* The admission limits of `smtpdbg serve` (see serve_gate.h). The rate is
 * the generic cell rate algorithm: each address keeps one time, the
 * theoretical arrival time (TAT) of its next attempt; an attempt is let in
 * while TAT is at most a minute ahead, and pushes it on by 60/N seconds.
 * Refused attempts push it too, up to a full minute ahead, so an address
 * that floods stays refused until it stops. */
#include "smtpdbg/serve_gate.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/xmalloc.h"

#define MINUTE_MS 60000
/* Addresses remembered beyond those with a session. */
#define GATE_SPARE 1024

struct entry {
	struct serve_peer p;
	bool used;
	unsigned active;    /* sessions running */
	int64_t tat;        /* see above */
	bool noted;         /* a refusal was logged, at last_note */
	int64_t last_note;
	unsigned unlogged;  /* refusals since, not logged */
};

struct serve_gate {
	struct serve_gate_limits l;
	struct entry *e;
	size_t cap;
	unsigned sessions;
};

struct serve_gate *serve_gate_new(const struct serve_gate_limits *l)
{
	struct serve_gate *g = xcalloc(1, sizeof *g);
	g->l = *l;
	g->cap = (size_t)l->max_clients + GATE_SPARE;
	g->e = xcalloc(g->cap, sizeof *g->e);
	return g;
}

void serve_gate_free(struct serve_gate *g)
{
	if (!g)
		return;
	free(g->e);
	free(g);
}

void serve_peer_of(const struct sockaddr *sa, struct serve_peer *p)
{
	memset(p, 0, sizeof *p);
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)sa;
		p->a[10] = p->a[11] = 0xff;
		memcpy(p->a + 12, &v4->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)sa;
		memcpy(p->a, &v6->sin6_addr, 16);
		if (!IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr))
			memset(p->a + 8, 0, 8); /* the /64 */
	}
}

static bool v4mapped(const struct serve_peer *p)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return !memcmp(p->a, prefix, sizeof prefix);
}

void serve_peer_print(struct buf *b, const struct serve_peer *p)
{
	char text[INET6_ADDRSTRLEN] = "?";
	if (v4mapped(p)) {
		inet_ntop(AF_INET, p->a + 12, text, sizeof text);
		buf_adds(b, text);
	} else {
		inet_ntop(AF_INET6, p->a, text, sizeof text);
		buf_printf(b, "%s/64", text);
	}
}

/* The entry of p; a new one when there is none, in a free slot, else in
 * place of the idle address seen longest ago. NULL only if every slot
 * holds a session, which the capacity rules out. */
static struct entry *find(struct serve_gate *g, const struct serve_peer *p, int64_t now)
{
	struct entry *free_slot = NULL, *oldest = NULL;
	for (size_t i = 0; i < g->cap; i++) {
		struct entry *e = &g->e[i];
		if (!e->used) {
			if (!free_slot)
				free_slot = e;
			continue;
		}
		if (!memcmp(&e->p, p, sizeof *p))
			return e;
		if (e->active)
			continue;
		if (e->tat <= now && !e->unlogged && !free_slot)
			free_slot = e; /* forgotten: nothing left to count */
		else if (!oldest || e->tat < oldest->tat)
			oldest = e;
	}
	struct entry *e = free_slot ? free_slot : oldest;
	if (e)
		*e = (struct entry){.p = *p, .used = true, .tat = now};
	return e;
}

/* The token bucket: true when the attempt is within the rate. */
static bool within_rate(const struct serve_gate *g, struct entry *e, int64_t now)
{
	if (!g->l.per_minute)
		return true;
	int64_t t = MINUTE_MS / g->l.per_minute, tau = MINUTE_MS - t;
	int64_t tat = e->tat > now ? e->tat : now;
	bool ok = tat - now <= tau;
	tat += t;
	e->tat = tat - now > MINUTE_MS ? now + MINUTE_MS : tat;
	return ok;
}

enum serve_gate_verdict serve_gate_enter(struct serve_gate *g, const struct serve_peer *p,
					 int64_t now_ms, bool *quiet)
{
	*quiet = false;
	struct entry *e = find(g, p, now_ms);
	enum serve_gate_verdict v = SERVE_GATE_OK;
	if (e && !within_rate(g, e, now_ms))
		v = SERVE_GATE_RATE;
	else if (e && g->l.per_address && e->active >= g->l.per_address)
		v = SERVE_GATE_ADDRESS;
	else if (!e || g->sessions >= g->l.max_clients)
		v = SERVE_GATE_FULL;
	if (v == SERVE_GATE_OK) {
		e->active++;
		g->sessions++;
		return v;
	}
	if (e && e->noted && now_ms - e->last_note < SERVE_GATE_NOTE_MS) {
		*quiet = true;
		e->unlogged++;
	} else if (e) {
		e->noted = true;
		e->last_note = now_ms;
	}
	return v;
}

void serve_gate_leave(struct serve_gate *g, const struct serve_peer *p)
{
	for (size_t i = 0; i < g->cap; i++) {
		struct entry *e = &g->e[i];
		if (e->used && e->active && !memcmp(&e->p, p, sizeof *p)) {
			e->active--;
			g->sessions--;
			return;
		}
	}
}

void serve_gate_refusals(struct serve_gate *g,
			 void (*fn)(void *arg, const struct serve_peer *p, unsigned count),
			 void *arg)
{
	for (size_t i = 0; i < g->cap; i++) {
		struct entry *e = &g->e[i];
		if (!e->used || !e->unlogged)
			continue;
		unsigned n = e->unlogged;
		e->unlogged = 0;
		fn(arg, &e->p, n);
	}
}

unsigned serve_gate_sessions(const struct serve_gate *g)
{
	return g->sessions;
}
