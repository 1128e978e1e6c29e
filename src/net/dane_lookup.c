/* The TLSA lookup for DANE (RFC 7672 §2.2): _PORT._tcp.HOST asked once,
 * with the same deadline as every other question (dns_query.c), and the
 * resolver's AD bit kept, since only a validated answer binds. */
#include "smtpdbg/dane_lookup.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/dns_query.h"
#include "smtpdbg/i18n.h"

bool dane_lookup_applies(const char *host)
{
	unsigned char a[16];
	if (!host || !*host || host[0] == '/')
		return false;
	/* An address has no TLSA name (RFC 7672 §2.2.2 starts from a name). */
	return inet_pton(AF_INET, host, a) != 1 && inet_pton(AF_INET6, host, a) != 1 &&
	       !strchr(host, '%');
}

void dane_lookup(const char *host, const char *port, int64_t timeout_ms, struct dane_set *s)
{
	memset(s, 0, sizeof *s);
	size_t n = strlen(host);
	snprintf(s->host, sizeof s->host, "%.*s", (int)(n && host[n - 1] == '.' ? n - 1 : n), host);
	if (dane_qname(host, port, s->qname, sizeof s->qname) < 0 || !dns_name_ok(s->qname)) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", _("not a name DNS can ask for"));
		return;
	}
	struct buf err;
	buf_init(&err, 0);
	struct dns_client *c = dns_client_new(timeout_ms, &err);
	if (!c) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", err.data);
		buf_free(&err);
		return;
	}
	buf_free(&err);
	struct dns_answer a;
	dns_ask(c, s->qname, DNS_T_TLSA, &a);
	dns_client_free(c);
	if (a.status != DNS_OK) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", a.why);
		dns_answer_free(&a);
		return;
	}
	struct dns_msg *m = &a.msg;
	if (dns_msg_parse(a.buf, a.len, m) < 0) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", _("the answer is malformed"));
		dns_answer_free(&a);
		return;
	}
	s->validated = m->ad;
	if (m->rcode == 3) { /* NXDOMAIN: no records */
		s->status = DANE_L_NONE;
		dns_answer_free(&a);
		return;
	}
	if (m->rcode != 0) {
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why,
			 m->rcode == 2 ? _("the resolver answered SERVFAIL (a broken name server, or "
					   "records that failed DNSSEC validation)")
				       : _("the resolver answered RCODE %u"),
			 m->rcode);
		dns_answer_free(&a);
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
	dns_answer_free(&a);
	if (rc < 0) {
		dane_set_free(s);
		s->status = DANE_L_FAILED;
		snprintf(s->why, sizeof s->why, "%s", _("the answer is malformed"));
		return;
	}
	s->status = s->n ? DANE_L_FOUND : DANE_L_NONE;
}
