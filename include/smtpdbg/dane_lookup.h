/* The TLSA records of a server for DANE (RFC 7672), asked of the resolver
 * --resolver chose (else the system's), within a deadline. */
#ifndef SMTPDBG_DANE_LOOKUP_H
#define SMTPDBG_DANE_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/dane.h"
#include "smtpdbg/loop.h"

/* Whether host is a name with TLSA records to ask for (not an address, not
 * a unix socket's path). */
bool dane_lookup_applies(const char *host);
struct dane_query;
typedef void (*dane_query_fn)(void *arg);
/* Ask for the TLSA records of _port._tcp.host in the loop l; done(arg) is
 * called once, from the loop, when s is filled (free it with
 * dane_set_free): found, none, or DANE_L_FAILED with the reason (also
 * when nothing answered within timeout_ms). done may free the query;
 * dane_query_free before done cancels it. */
struct dane_query *dane_query_start(struct loop *l, const char *host, const char *port,
				    int64_t timeout_ms, struct dane_set *s, dane_query_fn done,
				    void *arg);
void dane_query_free(struct dane_query *q);

#endif
