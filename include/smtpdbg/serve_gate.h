/* Who may connect to `smtpdbg serve`: the limits that hold before a
 * session exists, so that one student's program (or a stranger on the
 * network) cannot take every slot. Sessions at once in all and from one
 * address, and connection attempts a minute from one address (a token
 * bucket: a burst of N, then one every 60/N seconds). Memory is bounded: a
 * fixed table of addresses, the oldest idle one forgotten when it is full.
 * An IPv6 address counts by its /64, which one machine usually has whole;
 * an IPv4-mapped IPv6 address counts as the IPv4 address. No clock of its
 * own: the caller passes the time. */
#ifndef SMTPDBG_SERVE_GATE_H
#define SMTPDBG_SERVE_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "smtpdbg/buf.h"

struct serve_gate_limits {
	unsigned max_clients; /* sessions at once in all */
	unsigned per_address; /* sessions at once from one address (0: no limit) */
	unsigned per_minute;  /* connection attempts a minute from one address
			       * (0: no limit); refused attempts count too */
};

enum serve_gate_verdict {
	SERVE_GATE_OK,
	SERVE_GATE_FULL,    /* max_clients sessions run */
	SERVE_GATE_ADDRESS, /* per_address sessions from this address run */
	SERVE_GATE_RATE,    /* per_minute attempts from this address */
};

/* What an address counts as (see above). */
struct serve_peer {
	uint8_t a[16];
};

struct serve_gate;

struct serve_gate *serve_gate_new(const struct serve_gate_limits *l);
void serve_gate_free(struct serve_gate *g);

/* The key of a peer's address (AF_INET or AF_INET6). */
void serve_peer_of(const struct sockaddr *sa, struct serve_peer *p);
/* The key in words: "192.0.2.7" or "2001:db8:1:2::/64". */
void serve_peer_print(struct buf *b, const struct serve_peer *p);

/* A connection attempt from p at now_ms. SERVE_GATE_OK counts it as a
 * session until serve_gate_leave; a refusal sets *quiet when the same
 * address was refused in the last SERVE_GATE_NOTE_MS already: the caller
 * does not log it, the refusal is counted and reported by
 * serve_gate_refusals instead (repeated warnings are counted, not
 * copied). */
enum serve_gate_verdict serve_gate_enter(struct serve_gate *g, const struct serve_peer *p,
					 int64_t now_ms, bool *quiet);
void serve_gate_leave(struct serve_gate *g, const struct serve_peer *p);

#define SERVE_GATE_NOTE_MS 10000

/* Each address with refusals not yet logged: fn is called with the
 * count, which is then reset. Called every SERVE_GATE_NOTE_MS. */
void serve_gate_refusals(struct serve_gate *g,
			 void (*fn)(void *arg, const struct serve_peer *p, unsigned count),
			 void *arg);

/* Sessions running now, in all. */
unsigned serve_gate_sessions(const struct serve_gate *g);

#endif
