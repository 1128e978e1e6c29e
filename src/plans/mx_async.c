/* The MX route asked in the caller's loop (dns_async.c), for a session
 * that must not freeze while it waits; the answer is read as the blocking
 * lookup reads it (mx_route.c). */
#include "smtpdbg/mx_async.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/dns_async.h"
#include "smtpdbg/dns_records.h"
#include "smtpdbg/xmalloc.h"

struct mx_query {
	struct dns_async *q;
	char *domain;
	struct mx_route *r;
	mx_query_fn done;
	void *arg;
};

static void on_answer(void *arg, struct dns_answer *a)
{
	struct mx_query *m = arg;
	struct buf why;
	buf_init(&why, 0);
	int rc = mx_route_from_answer(a, m->domain, m->r, &why);
	/* done may free m: take what is needed first */
	mx_query_fn done = m->done;
	void *darg = m->arg;
	done(darg, rc == 0 ? NULL : why.data);
	buf_free(&why);
}

struct mx_query *mx_query_start(struct loop *l, const char *domain, int64_t timeout_ms,
				struct mx_route *r, mx_query_fn done, void *arg)
{
	struct mx_query *m = xcalloc(1, sizeof *m);
	memset(r, 0, sizeof *r);
	m->domain = xstrdup(domain);
	m->r = r;
	m->done = done;
	m->arg = arg;
	m->q = dns_async_ask(l, domain, DNS_T_MX, timeout_ms, on_answer, m);
	return m;
}

void mx_query_free(struct mx_query *m)
{
	if (!m)
		return;
	dns_async_free(m->q);
	free(m->domain);
	free(m);
}
