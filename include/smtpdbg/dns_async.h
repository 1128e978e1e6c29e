/* One DNS question inside the caller's event loop (loop.h), with the AD
 * bit asked for and one deadline: the session stays responsive while it
 * waits (the TLSA lookup before a handshake). */
#ifndef SMTPDBG_DNS_ASYNC_H
#define SMTPDBG_DNS_ASYNC_H

#include <stdint.h>

#include "smtpdbg/dns_query.h"
#include "smtpdbg/loop.h"

struct dns_async;
/* The answer (status, bytes, why), valid during the call only. The
 * callback may free the question. */
typedef void (*dns_async_fn)(void *arg, struct dns_answer *a);

/* Ask name/type of the resolver net_set_resolver chose (else the
 * system's); done is called exactly once from the loop, never from inside
 * this call: with the answer, a failure, or DNS_TIMEOUT after timeout_ms.
 * Free it with dns_async_free (before done: cancelled, done not called). */
struct dns_async *dns_async_ask(struct loop *l, const char *name, unsigned type,
				int64_t timeout_ms, dns_async_fn done, void *arg);
void dns_async_free(struct dns_async *q);

#endif
