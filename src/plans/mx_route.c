/* The hosts --mx tries (run, relay-test, the interactive mode, proxy), from the domain's MX records (RFC 5321
 * §5.1, RFC 7505). */
#include "smtpdbg/mx_route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

enum { MX_MAX = 32 };

static int by_pref(const void *a, const void *b)
{
	const struct mx_host *x = a, *y = b;
	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	return strcmp(x->name, y->name); /* a stable start for the shuffle */
}

void mx_order(struct mx_host *h, size_t n, unsigned (*rnd)(unsigned n, void *ctx), void *ctx)
{
	qsort(h, n, sizeof *h, by_pref);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && h[j].pref == h[i].pref)
			j++;
		for (size_t k = j - 1; k > i; k--) { /* Fisher-Yates within [i, j) */
			size_t pick = i + rnd((unsigned)(k - i + 1), ctx);
			struct mx_host t = h[k];
			h[k] = h[pick];
			h[pick] = t;
		}
		i = j;
	}
}

static unsigned system_rnd(unsigned n, void *ctx)
{
	(void)ctx;
	return arc4random_uniform(n);
}

int mx_route_from_answer(struct dns_answer *a, const char *domain, struct mx_route *r,
			 struct buf *why)
{
	memset(r, 0, sizeof *r);
	if (a->status != DNS_OK) {
		buf_printf(why, _("the MX lookup of %s failed: %s"), domain, a->why);
		return -1;
	}
	struct dns_msg *m = &a->msg;
	if (dns_msg_parse(a->buf, a->len, m) < 0 || (m->rcode != 0 && m->rcode != 3)) {
		buf_printf(why, m->rcode ? _("the MX lookup of %s failed: the resolver answered RCODE %u")
					 : _("the MX lookup of %s failed: the answer is malformed"),
			   domain, m->rcode);
		return -1;
	}
	r->secure = m->ad;
	if (m->rcode == 3) {
		buf_printf(why, _("the domain %s does not exist (NXDOMAIN)"), domain);
		return -1;
	}
	struct mx_host hosts[MX_MAX];
	size_t n = 0, off = m->an_off;
	unsigned i = 0;
	struct dns_rr rr;
	int rc;
	while ((rc = dns_msg_next(m, &off, &i, &rr)) == 1)
		if (rr.type == DNS_T_MX && n < MX_MAX && dns_rr_mx(m, &rr, &hosts[n].pref, hosts[n].name) == 0)
			n++;
	if (rc < 0) {
		buf_printf(why, _("the MX lookup of %s failed: the answer is malformed"), domain);
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		if (!strcmp(hosts[k].name, ".")) {
			r->null_mx = true; /* no host to try: the connect stage fails */
			mx_route_describe(r, domain, why);
			return -1;
		}
	if (n == 0) {
		r->implicit = true;
		hosts[0].pref = 0;
		snprintf(hosts[0].name, sizeof hosts[0].name, "%s", domain);
		n = 1;
	}
	mx_order(hosts, n, system_rnd, NULL);
	r->hosts = xmalloc(n * sizeof *r->hosts);
	r->names = xmalloc(n * sizeof *r->names);
	memcpy(r->hosts, hosts, n * sizeof *hosts);
	for (size_t k = 0; k < n; k++)
		r->names[k] = r->hosts[k].name;
	r->n = n;
	return 0;
}

int mx_route_lookup(const char *domain, int timeout_s, struct mx_route *r, struct buf *why)
{
	memset(r, 0, sizeof *r);
	struct dns_client *c = dns_client_new((int64_t)timeout_s * 1000, why);
	if (!c)
		return -1;
	struct dns_answer a;
	dns_ask(c, domain, DNS_T_MX, &a);
	int rc = mx_route_from_answer(&a, domain, r, why);
	dns_answer_free(&a);
	dns_client_free(c);
	return rc;
}

void mx_route_describe(const struct mx_route *r, const char *domain, struct buf *out)
{
	if (r->null_mx) {
		buf_printf(out, _("%s publishes a null MX (RFC 7505): this domain accepts no mail"), domain);
		return;
	}
	if (r->implicit) {
		buf_printf(out, _("%s has no MX records: trying the domain itself, the implicit MX (RFC 5321 §5.1)"),
			   domain);
		return;
	}
	buf_printf(out, _("MX of %s, in the order tried (lowest preference first, equal ones in random order):"),
		   domain);
	for (size_t k = 0; k < r->n; k++)
		buf_printf(out, " %u %s%s", r->hosts[k].pref, r->hosts[k].name, k + 1 < r->n ? "," : "");
}

void mx_route_next_note(const char *why, const char *next, struct buf *out)
{
	buf_printf(out, _("%s; trying the next MX host, %s"), why, next);
}

void mx_route_free(struct mx_route *r)
{
	free(r->hosts);
	free(r->names);
	memset(r, 0, sizeof *r);
}
