/* smtpdbg dns: what its parts share, and the report written out: the
 * findings, each with a level, as text or as one JSON object. The
 * domain's records are checked in dns_domain.c, blocklists in
 * dns_blocklists.c. */
#include "smtpdbg/dns_report.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_report_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/xmalloc.h"

void dnsr_add(struct dns_report *r, const char *section, const char *name, const char *value,
		enum dns_level level, const char *fmt, ...)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->items = xrealloc(r->items, r->cap * sizeof *r->items);
	}
	struct buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->items[r->n++] = (struct dns_item){.section = section, .name = xstrdup(name),
					     .value = value ? xstrdup(value) : NULL,
					     .level = level, .text = buf_steal(&b)};
}

/* Whether the response parses, every answer record included: a cut or
 * lying answer is refused as a whole rather than read in part. */
bool dnsr_whole(struct dns_answer *a)
{
	if (dns_msg_parse(a->buf, a->len, &a->msg) < 0)
		return false;
	size_t off = a->msg.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	int r;
	while ((r = dns_msg_next(&a->msg, &off, &i, &rr)) == 1)
		;
	return r == 0;
}

/* Ask, and report what kept the question from an answer. Returns true
 * when a has an answer to read (NOERROR or NXDOMAIN). */
bool dnsr_ask(struct dnsr_ctx *x, const char *section, const char *name, unsigned type,
		struct dns_answer *a)
{
	x->r->queries++;
	if (!dns_name_ok(name)) {
		memset(a, 0, sizeof *a);
		dnsr_add(x->r, section, name, NULL, DNS_L_BAD, "%s",
		    _("not a name DNS can ask for (at most 253 characters, labels of 1 to 63)"));
		return false;
	}
	dns_ask(x->c, name, type, a);
	if (a->status == DNS_OK && !dnsr_whole(a)) {
		a->status = DNS_FAILED;
		snprintf(a->why, sizeof a->why, "%s", _("the answer is malformed"));
	}
	if (a->status == DNS_OK && (a->msg.rcode == 0 || a->msg.rcode == 3))
		return true;
	if (a->status == DNS_BADNAME) {
		dnsr_add(x->r, section, name, NULL, DNS_L_BAD, "%s", a->why);
		return false;
	}
	x->r->resolver_failed = true;
	if (a->status == DNS_OK)
		dnsr_add(x->r, section, name, NULL, DNS_L_BAD,
		    a->msg.rcode == 5 ? _("the resolver refused the question (REFUSED)")
		    : a->msg.rcode == 2 ? _("the resolver could not get an answer (SERVFAIL): a broken or unreachable name server, or a DNSSEC failure")
					: _("the resolver answered with an error code (RCODE %u)"),
		    a->msg.rcode);
	else
		dnsr_add(x->r, section, name, NULL, DNS_L_BAD, _("no answer from the resolver: %s"), a->why);
	return false;
}

/* The labels of a numeric address reversed ("1.2.0.192", or 32 nibbles
 * for IPv6), for PTR and for the blocklists. */
void dnsr_reverse_labels(int af, const unsigned char *ip, char *out, size_t size)
{
	size_t len = 0;
	out[0] = 0;
	if (af == AF_INET) {
		snprintf(out, size, "%u.%u.%u.%u", ip[3], ip[2], ip[1], ip[0]);
		return;
	}
	for (int i = 15; i >= 0 && len + 4 < size; i--)
		len += (size_t)snprintf(out + len, size - len, "%s%x.%x", i == 15 ? "" : ".",
					ip[i] & 15, ip[i] >> 4);
}

static const char *level_key(enum dns_level l)
{
	static const char *const keys[] = {"info", "ok", "warn", "bad"};
	return keys[l];
}

void dns_report_text(struct buf *out, const struct dns_report *r)
{
	const char *section = NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct dns_item *it = &r->items[i];
		if (!section || strcmp(section, it->section)) {
			section = it->section;
			buf_printf(out, "%s%s\n", i ? "\n" : "", section);
		}
		const char *mark = it->level == DNS_L_GOOD ? _("ok")
				   : it->level == DNS_L_WARN ? _("warning")
				   : it->level == DNS_L_BAD ? _("problem")
							   : "";
		/* The name once for a run of findings about it. */
		if (it->value || i == 0 || strcmp(r->items[i - 1].name, it->name) ||
		    strcmp(r->items[i - 1].section, it->section))
			buf_printf(out, "  %s%s%s\n", it->name, it->value ? "  " : "",
				   it->value ? it->value : "");
		buf_printf(out, "  # %s%s%s\n", mark, *mark ? ": " : "", it->text);
	}
	buf_printf(out, "\n");
	buf_printf(out, P_("%d question in %lld ms\n", "%d questions in %lld ms\n", r->queries),
		   r->queries, r->ms);
}

void dns_report_json(struct buf *out, const struct dns_report *r)
{
	buf_adds(out, "{\"domain\":");
	jsonl_string(out, r->domain);
	buf_adds(out, ",\"items\":[");
	for (size_t i = 0; i < r->n; i++) {
		const struct dns_item *it = &r->items[i];
		buf_adds(out, i ? ",{\"record\":" : "{\"record\":");
		jsonl_string(out, it->section);
		buf_adds(out, ",\"name\":");
		jsonl_string(out, it->name);
		if (it->value) {
			buf_adds(out, ",\"value\":");
			jsonl_string(out, it->value);
		}
		buf_printf(out, ",\"level\":\"%s\",\"text\":", level_key(it->level));
		jsonl_string(out, it->text);
		buf_adds(out, "}");
	}
	buf_printf(out, "],\"queries\":%d,\"ms\":%lld,\"exit\":%d}\n", r->queries, r->ms,
		   dns_report_exit(r));
}

int dns_report_exit(const struct dns_report *r)
{
	if (r->resolver_failed || r->no_domain)
		return 10;
	for (size_t i = 0; i < r->n; i++)
		if (r->items[i].level == DNS_L_BAD)
			return 1;
	return 0;
}

void dns_report_free(struct dns_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].name);
		free(r->items[i].value);
		free(r->items[i].text);
	}
	free(r->items);
	free(r->domain);
	free(r);
}
