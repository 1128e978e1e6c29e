/* The TLSA lookup for DANE (RFC 7672 §2.2): _PORT._tcp.HOST asked once
 * inside the session's loop (dns_async.c), within --timeout, and the
 * resolver's AD bit kept, since only a validated answer binds. */
#include "smtpdbg/dane_lookup.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/dns_async.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

bool dane_lookup_applies(const char *host)
{
	unsigned char a[16];
	if (!host || !*host || host[0] == '/')
		return false;
	/* An address has no TLSA name (RFC 7672 §2.2.2 starts from a name). */
	return inet_pton(AF_INET, host, a) != 1 && inet_pton(AF_INET6, host, a) != 1 &&
	       !strchr(host, '%');
}

/* What the answer says, into s. */
static void read_answer(struct dane_set *s, struct dns_answer *a)
{
	if (a->status != DNS_OK) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", a->why);
		return;
	}
	struct dns_msg *m = &a->msg;
	if (dns_msg_parse(a->buf, a->len, m) < 0) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", _("the answer is malformed"));
		return;
	}
	s->validated = m->ad;
	if (m->rcode == 3) { /* NXDOMAIN: no records */
		s->status = DANE_L_NONE;
		return;
	}
	if (m->rcode != 0) {
		s->status = DANE_L_FAILED;
		if (m->rcode == 2)
			snprintf(s->why, sizeof s->why, "%s",
				 _("the resolver answered SERVFAIL (a broken name server, or records "
				   "that failed DNSSEC validation)"));
		else
			snprintf(s->why, sizeof s->why, _("the resolver answered RCODE %u"), m->rcode);
		return;
	}
	size_t off = m->an_off;
	unsigned i = 0;
	struct dns_rr rr;
	int rc;
	/* The resolver follows a CNAME for us: its records come after it. */
	while ((rc = dns_msg_next(m, &off, &i, &rr)) == 1) {
		if (rr.type == DNS_T_CNAME)
			s->cname = true;
		else if (rr.type == DNS_T_TLSA)
			dane_set_add(s, m->p + rr.rdata_off, rr.rdlen);
	}
	if (rc < 0) {
		dane_set_free(s);
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", _("the answer is malformed"));
		return;
	}
	s->status = s->n ? DANE_L_FOUND : DANE_L_NONE;
}

struct dane_query {
	struct dns_async *q;
	struct dane_set *s;
	dane_query_fn done;
	void *arg;
};

static void on_answer(void *arg, struct dns_answer *a)
{
	struct dane_query *d = arg;
	read_answer(d->s, a);
	d->done(d->arg); /* may free d */
}

struct dane_query *dane_query_start(struct loop *l, const char *host, const char *port,
				    int64_t timeout_ms, struct dane_set *s, dane_query_fn done,
				    void *arg)
{
	memset(s, 0, sizeof *s);
	size_t n = strlen(host);
	snprintf(s->host, sizeof s->host, "%.*s", (int)(n && host[n - 1] == '.' ? n - 1 : n), host);
	if (dane_qname(host, port, s->qname, sizeof s->qname) < 0 || !dns_name_ok(s->qname))
		s->qname[0] = '\0'; /* reported as a name DNS cannot ask for */
	struct dane_query *d = xcalloc(1, sizeof *d);
	d->s = s;
	d->done = done;
	d->arg = arg;
	d->q = dns_async_ask(l, s->qname, DNS_T_TLSA, timeout_ms, on_answer, d);
	return d;
}

void dane_query_free(struct dane_query *d)
{
	if (!d)
		return;
	dns_async_free(d->q);
	free(d);
}
