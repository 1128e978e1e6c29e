/* --mx: the target is a mail domain, and the hosts to try come from
 * its MX records as RFC 5321 §5.1 says: lowest preference first, equal
 * preferences in random order, the domain itself when it has no MX (the
 * implicit MX), and none at all for a null MX (RFC 7505). */
#ifndef SMTPDBG_MX_ROUTE_H
#define SMTPDBG_MX_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/dns_query.h"

struct mx_host {
	unsigned pref;
	char name[DNS_NAME_MAX];
};

struct mx_route {
	struct mx_host *hosts;   /* in the order to try */
	const char **names;      /* the same, as a list of names for the driver */
	size_t n;
	bool implicit;           /* no MX: the domain itself */
	bool null_mx;            /* "0 .": the domain accepts no mail */
	bool secure;             /* the MX answer was validated (AD bit): DANE
				  * may trust the host names (RFC 7672 §2.2.1) */
};

/* Sort by preference and shuffle each run of equal preferences with
 * rnd(n), a number below n. Pure. */
void mx_order(struct mx_host *h, size_t n, unsigned (*rnd)(unsigned n, void *ctx), void *ctx);

/* The route from an answer to domain's MX question (however it was
 * asked). Returns 0 with at least one host to try, or -1 with why filled:
 * no answer, NXDOMAIN, a malformed answer, or a null MX (r->null_mx set).
 * Every -1 is the connect stage's failure (exit 10) in every mode. */
int mx_route_from_answer(struct dns_answer *a, const char *domain, struct mx_route *r,
			 struct buf *why);
/* The same, asked of the resolver --resolver chose within timeout_s,
 * blocking (before a session starts: run, relay-test, proxy). */
int mx_route_lookup(const char *domain, int timeout_s, struct mx_route *r, struct buf *why);
/* The route in words, for the note before the first connect. */
void mx_route_describe(const struct mx_route *r, const char *domain, struct buf *out);
/* The note after a failed connect: why, and the next host tried (the same
 * words in every mode). */
void mx_route_next_note(const char *why, const char *next, struct buf *out);
void mx_route_free(struct mx_route *r);

#endif
