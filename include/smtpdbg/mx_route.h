/* `run --mx`: the target is a mail domain, and the hosts to try come from
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

/* Ask for domain's MX and fill r. Returns 0 (r->null_mx may be set), or -1
 * with why filled (no answer, NXDOMAIN, a malformed answer). */
int mx_route_find(struct dns_client *c, const char *domain, struct mx_route *r, struct buf *why);
/* The route in words, for the note before the first connect. */
void mx_route_describe(const struct mx_route *r, const char *domain, struct buf *out);
void mx_route_free(struct mx_route *r);

#endif
