/* The TLSA records of a server for DANE (RFC 7672), asked of the resolver
 * --resolver chose (else the system's), within a deadline. */
#ifndef SMTPDBG_DANE_LOOKUP_H
#define SMTPDBG_DANE_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/dane.h"

/* Whether host is a name with TLSA records to ask for (not an address, not
 * a unix socket's path). */
bool dane_lookup_applies(const char *host);
/* Ask for the TLSA records of _port._tcp.host; s is filled (free it with
 * dane_set_free), never left half done: a failure is DANE_L_FAILED with
 * the reason. Waits at most timeout_ms. */
void dane_lookup(const char *host, const char *port, int64_t timeout_ms, struct dane_set *s);

#endif
