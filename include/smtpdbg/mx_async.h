/* --mx in the interactive mode: the MX route asked inside the session's
 * event loop, so the screen stays live while the resolver thinks. */
#ifndef SMTPDBG_MX_ASYNC_H
#define SMTPDBG_MX_ASYNC_H

#include <stdint.h>

#include "smtpdbg/loop.h"
#include "smtpdbg/mx_route.h"

struct mx_query;
/* Called once, from the loop: why is NULL when r has hosts to try, else
 * the reason there are none (mx_route_from_answer's). May free the query. */
typedef void (*mx_query_fn)(void *arg, const char *why);

/* Ask for domain's MX within timeout_ms and fill r (free it with
 * mx_route_free). mx_query_free before done cancels it. */
struct mx_query *mx_query_start(struct loop *l, const char *domain, int64_t timeout_ms,
				struct mx_route *r, mx_query_fn done, void *arg);
void mx_query_free(struct mx_query *q);

#endif
