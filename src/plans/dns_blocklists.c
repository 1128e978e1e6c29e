/* smtpdbg dns --blocklists ADDR|DOMAIN: the address or domain on the DNS
 * blocklists of include/smtpdbg/dnsbl.h, a listing told apart from a
 * list's refusal to answer and from a resolver that makes answers up. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_report_impl.h"
#include "smtpdbg/dnsbl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/xmalloc.h"

/* The TXT record a list gives with a listing (its reason, often a URL). */
static void listing_reason(struct dnsr_ctx *x, const char *name, char *out, size_t size)
{
	struct dns_answer a;
	out[0] = 0;
	x->r->queries++;
	dns_ask(x->c, name, DNS_T_TXT, &a);
	if (a.status == DNS_OK && dnsr_whole(&a) && a.msg.rcode == 0) {
		size_t off = a.msg.an_off;
		unsigned i = 0;
		struct dns_rr rr;
		while (dns_msg_next(&a.msg, &off, &i, &rr) == 1)
			if (rr.type == DNS_T_TXT && dns_rr_txt(&a.msg, &rr, out, size) >= 0)
				break;
	}
	dns_answer_free(&a);
}

static void check_list(struct dnsr_ctx *x, const struct dnsbl_list *l, const char *key, const char *what)
{
	char name[2 * DNS_NAME_MAX];
	snprintf(name, sizeof name, "%s.%s", key, l->zone);
	struct dns_answer a;
	if (!dns_name_ok(name)) {
		dnsr_add(x->r, "DNSBL", name, NULL, DNS_L_WARN, "%s",
		    _("not a name DNS can ask for (at most 253 characters, labels of 1 to 63)"));
		return;
	}
	if (!dnsr_ask(x, "DNSBL", name, DNS_T_A, &a)) {
		dns_answer_free(&a);
		return;
	}
	char addr[INET_ADDRSTRLEN] = "";
	size_t off = a.msg.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	while (!addr[0] && dns_msg_next(&a.msg, &off, &i, &rr) == 1)
		if (rr.type == DNS_T_A && rr.rdlen == 4)
			inet_ntop(AF_INET, a.msg.p + rr.rdata_off, addr, sizeof addr);
	dns_answer_free(&a);
	if (!addr[0]) {
		dnsr_add(x->r, "DNSBL", name, NULL, DNS_L_GOOD, _("%s: %s is not listed"), l->name, what);
		return;
	}
	const struct dnsbl_code *code = dnsbl_code_find(l, addr);
	if (code && code->refusal) {
		dnsr_add(x->r, "DNSBL", name, addr, DNS_L_WARN,
		    _("%s did not answer the question, so this says nothing about %s: %s"), l->name,
		    what, _(code->meaning));
		return;
	}
	if (strncmp(addr, "127.", 4)) {
		dnsr_add(x->r, "DNSBL", name, addr, DNS_L_WARN,
		    _("%s answered %s, which no blocklist answers (they use 127.0.0.0/8): the resolver makes up answers for names that do not exist, so the lists cannot be checked through it"),
		    l->name, addr);
		return;
	}
	char reason[512];
	listing_reason(x, name, reason, sizeof reason);
	dnsr_add(x->r, "DNSBL", name, reason[0] ? reason : addr, DNS_L_BAD,
	    _("%s lists %s (answer %s): %s. Look it up and ask for removal at %s"), l->name, what, addr,
	    code ? _(code->meaning) : _("listed"), l->page);
}

struct dns_report *dns_report_blocklists(struct dns_client *c, const char *target)
{
	struct dns_report *r = xcalloc(1, sizeof *r);
	int64_t t0 = loop_now_ms();
	r->domain = xstrdup(target);
	size_t len = strlen(target);
	if (len > 1 && r->domain[len - 1] == '.')
		r->domain[len - 1] = 0;
	struct dnsr_ctx x = {.c = c, .r = r};
	unsigned char ip[16];
	int af = inet_pton(AF_INET, r->domain, ip) == 1 ? AF_INET
		 : inet_pton(AF_INET6, r->domain, ip) == 1 ? AF_INET6
							    : 0;
	char key[DNS_NAME_MAX];
	if (af)
		dnsr_reverse_labels(af, ip, key, sizeof key);
	else
		snprintf(key, sizeof key, "%s", r->domain);
	for (size_t k = 0; k < dnsbl_lists_n && !r->resolver_failed; k++)
		if (dnsbl_lists[k].domains == !af)
			check_list(&x, &dnsbl_lists[k], key, r->domain);
	r->ms = loop_now_ms() - t0;
	return r;
}
