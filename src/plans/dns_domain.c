/* smtpdbg dns DOMAIN: ask for every record a mail domain publishes and
 * say what each one means. The checks follow the RFCs: RFC 5321 §5.1 and
 * RFC 7505 (MX), RFC 7208 (SPF), RFC 7489 (DMARC), RFC 6376 (DKIM), RFC
 * 8461 (MTA-STS), RFC 8460 (TLS-RPT), RFC 7672 (DANE for SMTP). */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_report_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/xmalloc.h"

enum { TXT_MAX = 4096, MX_MAX = 32, ADDR_MAX = 16, SPF_FOLLOW_MAX = 20 };

/* Whether the answer contains a CNAME (the records after it are the
 * target's). */
static bool has_cname(const struct dns_answer *a, char target[DNS_NAME_MAX])
{
	size_t off = a->msg.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	while (dns_msg_next(&a->msg, &off, &i, &rr) == 1)
		if (rr.type == DNS_T_CNAME && dns_rr_name(&a->msg, &rr, target) == 0)
			return true;
	return false;
}

/* The TXT strings at name that start as want() says. Returns how many,
 * the first in first (TXT_MAX bytes); -1 when the question failed. */
static int txt_records(struct dnsr_ctx *x, const char *section, const char *name,
		       bool (*want)(const char *, size_t), char *first, int *malformed)
{
	struct dns_answer a;
	*malformed = 0;
	first[0] = 0;
	if (!dnsr_ask(x, section, name, DNS_T_TXT, &a)) {
		dns_answer_free(&a);
		return -1;
	}
	int n = 0;
	size_t off = a.msg.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	char *t = xmalloc(TXT_MAX);
	int r;
	while ((r = dns_msg_next(&a.msg, &off, &i, &rr)) == 1) {
		if (rr.type != DNS_T_TXT)
			continue;
		int len = dns_rr_txt(&a.msg, &rr, t, TXT_MAX);
		if (len < 0) {
			++*malformed;
			continue;
		}
		if (want(t, (size_t)len) && n++ == 0)
			memcpy(first, t, (size_t)len + 1);
	}
	if (r < 0)
		++*malformed;
	free(t);
	dns_answer_free(&a);
	return n;
}

/* --- MX --------------------------------------------------------------- */

struct mx {
	unsigned pref;
	char host[DNS_NAME_MAX];
};

static int by_pref(const void *a, const void *b)
{
	const struct mx *x = a, *y = b;
	return x->pref < y->pref ? -1 : x->pref > y->pref;
}

/* The name PTR asks for. */
static void reverse_name(int af, const unsigned char *ip, char out[96])
{
	char labels[72];
	dnsr_reverse_labels(af, ip, labels, sizeof labels);
	snprintf(out, 96, "%s.%s", labels, af == AF_INET ? "in-addr.arpa" : "ip6.arpa");
}

/* Whether name has the address ip (forward-confirmed reverse DNS). */
static bool forward_has(struct dnsr_ctx *x, const char *name, int af, const unsigned char *ip)
{
	struct dns_answer a;
	bool found = false;
	unsigned type = af == AF_INET ? DNS_T_A : DNS_T_AAAA;
	size_t len = af == AF_INET ? 4 : 16;
	if (dnsr_ask(x, "PTR", name, type, &a)) {
		size_t off = a.msg.an_off;
		unsigned i = 0;
		struct dns_rr rr;
		while (dns_msg_next(&a.msg, &off, &i, &rr) == 1)
			if (rr.type == type && rr.rdlen == len &&
			    !memcmp(a.msg.p + rr.rdata_off, ip, len))
				found = true;
	}
	dns_answer_free(&a);
	return found;
}

static void check_ptr(struct dnsr_ctx *x, const char *addr, int af, const unsigned char *ip)
{
	char rev[96];
	reverse_name(af, ip, rev);
	struct dns_answer a;
	if (!dnsr_ask(x, "PTR", rev, DNS_T_PTR, &a)) {
		dns_answer_free(&a);
		return;
	}
	char name[DNS_NAME_MAX] = "";
	size_t off = a.msg.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	while (dns_msg_next(&a.msg, &off, &i, &rr) == 1)
		if (rr.type == DNS_T_PTR && dns_rr_name(&a.msg, &rr, name) == 0)
			break;
	dns_answer_free(&a);
	if (!name[0]) {
		dnsr_add(x->r, "PTR", rev, NULL, DNS_L_WARN,
		    _("%s has no PTR record: many receivers distrust or refuse mail from an address without reverse DNS"),
		    addr);
		return;
	}
	if (forward_has(x, name, af, ip))
		dnsr_add(x->r, "PTR", rev, name, DNS_L_GOOD,
		    _("%s is %s, and that name has the address again (forward-confirmed reverse DNS)"),
		    addr, name);
	else
		dnsr_add(x->r, "PTR", rev, name, DNS_L_WARN,
		    _("%s is %s, but that name does not have the address: the reverse DNS is not forward-confirmed"),
		    addr, name);
}

/* The TLSA records of host's port 25 (RFC 7672 §2.2), and whether the
 * resolver validated them. */
static void check_tlsa(struct dnsr_ctx *x, const char *host)
{
	char name[DNS_NAME_MAX + 16];
	snprintf(name, sizeof name, "_25._tcp.%s", host);
	struct dns_answer a;
	if (!dnsr_ask(x, "DANE", name, DNS_T_TLSA, &a)) {
		dns_answer_free(&a);
		return;
	}
	size_t off = a.msg.an_off;
	unsigned i = 0, n = 0, usable = 0;
	struct dns_rr rr;
	while (dns_msg_next(&a.msg, &off, &i, &rr) == 1) {
		if (rr.type != DNS_T_TLSA)
			continue;
		n++;
		struct tlsa_record t;
		int ok = tlsa_parse(a.msg.p + rr.rdata_off, rr.rdlen, &t);
		struct buf v;
		buf_init(&v, 0);
		buf_printf(&v, "%u %u %u ", t.usage, t.selector, t.mtype);
		for (size_t k = 0; k < t.len && k < 64; k++)
			buf_printf(&v, "%02x", t.data[k]);
		if (ok < 0)
			dnsr_add(x->r, "DANE", name, v.data, DNS_L_BAD, _("a broken TLSA record: %s"),
			    _(t.error));
		else if (t.usage < 2)
			dnsr_add(x->r, "DANE", name, v.data, DNS_L_WARN,
			    _("%s %s %s: usages PKIX-TA and PKIX-EE are not for SMTP (RFC 7672 §3.1.3); a sending server treats this record as unusable"),
			    tlsa_usage_name(t.usage), tlsa_selector_name(t.selector),
			    tlsa_mtype_name(t.mtype));
		else {
			usable++;
			dnsr_add(x->r, "DANE", name, v.data, DNS_L_INFO,
			    t.usage == 3 ? _("%s %s %s: the server's own certificate (or its key) must match; names and dates are not checked (RFC 7672 §3.1.1)")
					 : _("%s %s %s: the server's chain must contain this authority, and the certificate must name the MX host (RFC 7672 §3.1.2)"),
			    tlsa_usage_name(t.usage), tlsa_selector_name(t.selector),
			    tlsa_mtype_name(t.mtype));
		}
		buf_free(&v);
	}
	if (n == 0)
		dnsr_add(x->r, "DANE", name, NULL, DNS_L_INFO,
		    _("no TLSA records: DANE does not protect mail to %s"), host);
	else if (!a.msg.ad)
		dnsr_add(x->r, "DANE", name, NULL, DNS_L_WARN,
		    _("TLSA records present, but the resolver did not validate them (no AD bit): without DNSSEC a sender must ignore them, so this is not DANE. Ask a validating resolver (--resolver), or sign the zone"));
	else if (usable)
		dnsr_add(x->r, "DANE", name, NULL, DNS_L_GOOD,
		    _("TLSA records present and validated by the resolver (AD bit): a DANE-aware sender will insist on TLS with a matching certificate. Whether the certificate matches, only a connection shows"));
	else
		dnsr_add(x->r, "DANE", name, NULL, DNS_L_BAD,
		    _("TLSA records validated, but none is usable: a DANE-aware sender will not deliver to %s"),
		    host);
	dns_answer_free(&a);
}

/* The addresses of an MX host (or of the domain, as the implicit MX),
 * each with its PTR. Returns how many. */
static int check_host(struct dnsr_ctx *x, const char *host, bool is_mx)
{
	int count = 0;
	bool cname_said = false;
	for (int k = 0; k < 2; k++) {
		int af = k ? AF_INET6 : AF_INET;
		unsigned type = k ? DNS_T_AAAA : DNS_T_A;
		struct dns_answer a;
		if (!dnsr_ask(x, "MX", host, type, &a)) {
			dns_answer_free(&a);
			continue;
		}
		char target[DNS_NAME_MAX];
		if (is_mx && !cname_said && has_cname(&a, target)) {
			cname_said = true;
			dnsr_add(x->r, "MX", host, target, DNS_L_WARN,
			    _("the MX host %s is an alias (CNAME) of %s: RFC 2181 §10.3 forbids it; many senders follow it, some refuse"),
			    host, target);
		}
		size_t off = a.msg.an_off;
		unsigned i = 0;
		struct dns_rr rr;
		while (dns_msg_next(&a.msg, &off, &i, &rr) == 1) {
			size_t len = af == AF_INET ? 4 : 16;
			if (rr.type != type || rr.rdlen != len || count >= ADDR_MAX)
				continue;
			unsigned char ip[16];
			memcpy(ip, a.msg.p + rr.rdata_off, len);
			char addr[INET6_ADDRSTRLEN];
			inet_ntop(af, ip, addr, sizeof addr);
			count++;
			dnsr_add(x->r, "MX", host, addr, DNS_L_INFO, _("%s has the address %s"), host, addr);
			check_ptr(x, addr, af, ip);
		}
		dns_answer_free(&a);
	}
	if (!count)
		dnsr_add(x->r, "MX", host, NULL, DNS_L_BAD,
		    is_mx ? _("the MX host %s has no address (neither A nor AAAA): mail cannot be delivered to it")
			  : _("%s has no MX and no address: mail to this domain cannot be delivered"),
		    host);
	return count;
}

static void check_mx(struct dnsr_ctx *x, const char *domain)
{
	struct dns_answer a;
	if (!dnsr_ask(x, "MX", domain, DNS_T_MX, &a)) {
		dns_answer_free(&a);
		return;
	}
	if (a.msg.rcode == 3) {
		x->r->no_domain = true;
		dnsr_add(x->r, "MX", domain, NULL, DNS_L_BAD,
		    _("the domain %s does not exist (NXDOMAIN)"), domain);
		dns_answer_free(&a);
		return;
	}
	struct mx mx[MX_MAX];
	size_t n = 0;
	size_t off = a.msg.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	int r;
	while ((r = dns_msg_next(&a.msg, &off, &i, &rr)) == 1)
		if (rr.type == DNS_T_MX && n < MX_MAX && dns_rr_mx(&a.msg, &rr, &mx[n].pref, mx[n].host) == 0)
			n++;
	if (r < 0)
		dnsr_add(x->r, "MX", domain, NULL, DNS_L_BAD,
		    "%s", _("the answer is malformed: the records after the damage are left out"));
	dns_answer_free(&a);
	qsort(mx, n, sizeof *mx, by_pref);
	bool null_mx = false;
	for (size_t k = 0; k < n; k++)
		if (!strcmp(mx[k].host, "."))
			null_mx = true;
	if (null_mx) {
		if (n == 1 && mx[0].pref == 0)
			dnsr_add(x->r, "MX", domain, "0 .", DNS_L_INFO,
			    _("null MX (RFC 7505): this domain accepts no mail; senders bounce mail to it at once"));
		else
			dnsr_add(x->r, "MX", domain, NULL, DNS_L_BAD,
			    _("a null MX (\".\") among other MX records: RFC 7505 §3 allows it only alone, with preference 0"));
		return;
	}
	if (n == 0) {
		dnsr_add(x->r, "MX", domain, NULL, DNS_L_WARN,
		    _("no MX records: senders use the domain's own address as the implicit MX (RFC 5321 §5.1)"));
		check_host(x, domain, false);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		char v[DNS_NAME_MAX + 16];
		snprintf(v, sizeof v, "%u %s", mx[k].pref, mx[k].host);
		dnsr_add(x->r, "MX", domain, v, DNS_L_INFO,
		    _("preference %u: %s (lower is tried first; equal preferences in random order)"),
		    mx[k].pref, mx[k].host);
	}
	for (size_t k = 0; k < n; k++)
		if (check_host(x, mx[k].host, true))
			check_tlsa(x, mx[k].host);
}

/* --- SPF --------------------------------------------------------------- */

/* Count the lookups of name's SPF record and of what it includes or
 * redirects to (RFC 7208 §4.6.4). Returns the count, or -1 after an
 * error was reported. */
static int spf_lookups(struct dnsr_ctx *x, const char *name, int depth, int *budget)
{
	if (depth > 10 || --*budget < 0)
		return 0; /* beyond the limit already: counted by the caller */
	char *txt = xmalloc(TXT_MAX);
	int bad;
	int n = txt_records(x, "SPF", name, spf_is_spf, txt, &bad);
	int total = 0;
	struct spf_record rec;
	if (n <= 0 || n > 1 || spf_parse(txt, strlen(txt), &rec) < 0) {
		if (n == 0)
			dnsr_add(x->r, "SPF", name, NULL, DNS_L_BAD,
			    _("%s has no SPF record: the include or redirect that names it is a permanent error (RFC 7208 §5.2)"),
			    name);
		else if (n > 0)
			dnsr_add(x->r, "SPF", name, txt, DNS_L_BAD,
			    _("%s's SPF record is not valid: a permanent error for every domain that includes it"),
			    name);
		free(txt);
		return -1;
	}
	total = rec.lookups;
	for (size_t k = 0; k < rec.nterms; k++) {
		const struct spf_term *t = &rec.terms[k];
		bool follow = !strcmp(t->name, "include") || t == rec.redirect;
		if (!follow || t->arg_len >= DNS_NAME_MAX || memchr(t->arg, '%', t->arg_len))
			continue; /* macros depend on the sender: not followed */
		char sub[DNS_NAME_MAX];
		memcpy(sub, t->arg, t->arg_len);
		sub[t->arg_len] = 0;
		int more = spf_lookups(x, sub, depth + 1, budget);
		if (more < 0) {
			free(txt);
			return -1;
		}
		total += more;
	}
	free(txt);
	return total;
}

static void check_spf(struct dnsr_ctx *x, const char *domain)
{
	char *txt = xmalloc(TXT_MAX);
	int bad;
	int n = txt_records(x, "SPF", domain, spf_is_spf, txt, &bad);
	if (n == 0)
		dnsr_add(x->r, "SPF", domain, NULL, DNS_L_WARN,
		    _("no SPF record: receivers cannot tell which servers may send as %s, and many treat its mail with suspicion"),
		    domain);
	else if (n > 1)
		dnsr_add(x->r, "SPF", domain, txt, DNS_L_BAD,
		    _("%d SPF records: RFC 7208 §4.5 makes that a permanent error, as if there were none valid; merge them into one"),
		    n);
	if (n != 1) {
		free(txt);
		return;
	}
	struct spf_record rec;
	if (spf_parse(txt, strlen(txt), &rec) < 0) {
		dnsr_add(x->r, "SPF", domain, txt, DNS_L_BAD,
		    _("not valid SPF at byte %zu: %s (a permanent error: receivers ignore it or refuse)"),
		    rec.error_at + 1, _(rec.error));
		free(txt);
		return;
	}
	dnsr_add(x->r, "SPF", domain, txt, DNS_L_INFO,
	    _("the SPF record has %zu terms; each is tried from left to right, the first that matches decides"),
	    rec.nterms);
	int budget = SPF_FOLLOW_MAX;
	int total = spf_lookups(x, domain, 0, &budget);
	if (total > SPF_LOOKUP_LIMIT)
		dnsr_add(x->r, "SPF", domain, NULL, DNS_L_BAD,
		    _("%d DNS lookups (include, a, mx, ptr, exists, redirect, counted through every include): more than 10 is a permanent error (RFC 7208 §4.6.4), and receivers then ignore the whole record"),
		    total);
	else if (total >= 0)
		dnsr_add(x->r, "SPF", domain, NULL, DNS_L_GOOD,
		    _("%d of at most 10 DNS lookups (counted through every include)"), total);
	switch (rec.all) {
	case '+':
		dnsr_add(x->r, "SPF", domain, "+all", DNS_L_BAD,
		    _("+all: every server on the Internet may send as %s; the record protects nothing"),
		    domain);
		break;
	case '?':
		dnsr_add(x->r, "SPF", domain, "?all", DNS_L_WARN,
		    _("?all: neutral, says nothing about other servers; the record barely protects"));
		break;
	case '~':
		dnsr_add(x->r, "SPF", domain, "~all", DNS_L_GOOD,
		    _("~all: mail from other servers is a soft failure (usually accepted, marked; DMARC decides)"));
		break;
	case '-':
		dnsr_add(x->r, "SPF", domain, "-all", DNS_L_GOOD,
		    _("-all: mail from other servers fails SPF"));
		break;
	default:
		if (!rec.redirect)
			dnsr_add(x->r, "SPF", domain, NULL, DNS_L_WARN,
			    _("no \"all\" at the end and no redirect=: other servers get the default, neutral (like ?all)"));
	}
	free(txt);
}

/* --- DMARC, DKIM, MTA-STS, TLS-RPT ------------------------------------ */

static bool is_dkim(const char *s, size_t n)
{
	(void)n;
	return strstr(s, "p=") != NULL;
}

static bool is_sts(const char *s, size_t n)
{
	return n >= 9 && !strncmp(s, "v=STSv1", 7) && (s[7] == ';' || s[7] == ' ');
}

static bool is_tlsrpt(const char *s, size_t n)
{
	return n >= 11 && !strncmp(s, "v=TLSRPTv1", 10) && (s[10] == ';' || s[10] == ' ');
}

static void check_dmarc(struct dnsr_ctx *x, const char *domain)
{
	char name[DNS_NAME_MAX + 8];
	snprintf(name, sizeof name, "_dmarc.%s", domain);
	char *txt = xmalloc(TXT_MAX);
	int bad;
	int n = txt_records(x, "DMARC", name, dmarc_is_dmarc, txt, &bad);
	struct dmarc_record d;
	if (n == 0)
		dnsr_add(x->r, "DMARC", name, NULL, DNS_L_WARN,
		    _("no DMARC record: receivers apply no policy to mail that fails SPF and DKIM, and nobody sends you reports; large mailbox providers expect one from bulk senders"));
	else if (n > 1)
		dnsr_add(x->r, "DMARC", name, txt, DNS_L_BAD,
		    _("%d DMARC records: receivers then apply none (RFC 7489 §6.6.3)"), n);
	else if (dmarc_parse(txt, strlen(txt), &d) < 0)
		dnsr_add(x->r, "DMARC", name, txt, DNS_L_BAD, _("not valid DMARC: %s"), _(d.error));
	else {
		bool none = d.p_len == 4;
		dnsr_add(x->r, "DMARC", name, txt, none ? DNS_L_WARN : DNS_L_GOOD, "%s",
		    none ? _("p=none: monitoring only; mail that fails is still delivered as usual")
		    : d.p_len == 6
			    ? _("p=reject: receivers refuse mail whose From domain is not aligned with a passing SPF or DKIM result")
			    : _("p=quarantine: receivers put mail whose From domain is not aligned with a passing SPF or DKIM result in the spam folder"));
		dnsr_add(x->r, "DMARC", name, NULL, DNS_L_INFO,
		    _("alignment: DKIM %s, SPF %s (relaxed: the same organisational domain is enough; strict: the very same name)"),
		    d.adkim == 's' ? _("strict") : _("relaxed"), d.aspf == 's' ? _("strict") : _("relaxed"));
		if (d.pct < 100)
			dnsr_add(x->r, "DMARC", name, NULL, DNS_L_INFO,
			    _("pct=%d: the policy applies to that share of the failing mail only"), d.pct);
		if (d.rua)
			dnsr_add(x->r, "DMARC", name, NULL, DNS_L_GOOD,
			    _("aggregate reports go to %.*s"), (int)d.rua_len, d.rua);
		else
			dnsr_add(x->r, "DMARC", name, NULL, DNS_L_INFO,
			    _("no rua=: nobody receives the aggregate reports that show who sends as this domain"));
		if (d.ruf)
			dnsr_add(x->r, "DMARC", name, NULL, DNS_L_INFO,
			    _("failure reports go to %.*s (few receivers send them)"), (int)d.ruf_len, d.ruf);
	}
	free(txt);
}

static void check_dkim(struct dnsr_ctx *x, const char *domain, const char *selector)
{
	char name[2 * DNS_NAME_MAX];
	snprintf(name, sizeof name, "%s._domainkey.%s", selector, domain);
	char *txt = xmalloc(TXT_MAX);
	int bad;
	int n = txt_records(x, "DKIM", name, is_dkim, txt, &bad);
	if (n == 0)
		dnsr_add(x->r, "DKIM", name, NULL, DNS_L_BAD,
		    _("no DKIM key for the selector %s: signatures made with it cannot be verified"),
		    selector);
	else {
		const char *p = strstr(txt, "p=");
		bool revoked = p && (p[2] == ';' || p[2] == 0 || p[2] == ' ');
		dnsr_add(x->r, "DKIM", name, txt, revoked ? DNS_L_WARN : DNS_L_GOOD,
		    revoked ? _("an empty p=: the key is revoked (RFC 6376 §3.6.1); signatures with this selector fail")
			    : _("a DKIM public key: receivers verify signatures with s=%s against it"),
		    selector);
	}
	free(txt);
}

static void check_sts(struct dnsr_ctx *x, const char *domain)
{
	char name[DNS_NAME_MAX + 16];
	snprintf(name, sizeof name, "_mta-sts.%s", domain);
	char *txt = xmalloc(TXT_MAX);
	int bad;
	int n = txt_records(x, "MTA-STS", name, is_sts, txt, &bad);
	if (n == 0)
		dnsr_add(x->r, "MTA-STS", name, NULL, DNS_L_INFO,
		    _("no MTA-STS record: senders may fall back to unencrypted or unverified delivery"));
	else if (n > 1)
		dnsr_add(x->r, "MTA-STS", name, txt, DNS_L_BAD,
		    _("more than one MTA-STS record: senders ignore MTA-STS (RFC 8461 §3.1)"));
	else
		dnsr_add(x->r, "MTA-STS", name, txt, strstr(txt, "id=") ? DNS_L_GOOD : DNS_L_BAD,
		    strstr(txt, "id=")
			    ? _("an MTA-STS record: senders fetch the policy from https://mta-sts.%s/.well-known/mta-sts.txt (this report does not fetch it yet)")
			    : _("an MTA-STS record without id=: senders ignore it (RFC 8461 §3.1); the policy would be at https://mta-sts.%s/.well-known/mta-sts.txt"),
		    domain);
	free(txt);
}

static void check_tlsrpt(struct dnsr_ctx *x, const char *domain)
{
	char name[DNS_NAME_MAX + 16];
	snprintf(name, sizeof name, "_smtp._tls.%s", domain);
	char *txt = xmalloc(TXT_MAX);
	int bad;
	int n = txt_records(x, "TLS-RPT", name, is_tlsrpt, txt, &bad);
	if (n == 0)
		dnsr_add(x->r, "TLS-RPT", name, NULL, DNS_L_INFO,
		    _("no TLS-RPT record: senders do not tell you when TLS to your servers fails"));
	else
		dnsr_add(x->r, "TLS-RPT", name, txt, strstr(txt, "rua=") ? DNS_L_GOOD : DNS_L_BAD,
		    strstr(txt, "rua=") ? _("TLS-RPT: senders report TLS failures to the rua= address")
					: _("a TLS-RPT record without rua=: it is ignored (RFC 8460 §3)"));
	free(txt);
}

struct dns_report *dns_report_run(struct dns_client *c, const struct dns_report_opts *o)
{
	struct dns_report *r = xcalloc(1, sizeof *r);
	int64_t t0 = loop_now_ms();
	size_t len = strlen(o->domain);
	r->domain = xstrdup(o->domain);
	if (len > 1 && r->domain[len - 1] == '.')
		r->domain[len - 1] = 0;
	struct dnsr_ctx x = {.c = c, .r = r};
	check_mx(&x, r->domain);
	if (!r->no_domain && !r->resolver_failed) {
		check_spf(&x, r->domain);
		check_dmarc(&x, r->domain);
		for (size_t k = 0; k < o->n_selectors; k++)
			check_dkim(&x, r->domain, o->selectors[k]);
		check_sts(&x, r->domain);
		check_tlsrpt(&x, r->domain);
	}
	r->ms = loop_now_ms() - t0;
	return r;
}
