/* The report of `smtpdbg dns DOMAIN`: what a mail domain publishes (MX and
 * the addresses and PTR of each MX host, SPF, DMARC, DKIM, MTA-STS,
 * TLS-RPT, the TLSA records for DANE), each record checked and explained.
 * The lookups go through dns_query; the checks are the pure parsers'. */
#ifndef SMTPDBG_DNS_REPORT_H
#define SMTPDBG_DNS_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/dns_query.h"

enum dns_level { DNS_L_INFO, DNS_L_GOOD, DNS_L_WARN, DNS_L_BAD };

/* One finding: a record (or its absence) and what it means. */
struct dns_item {
	const char *section;     /* "MX", "SPF", ... (not translated: JSON too) */
	char *name;              /* the name asked for */
	char *value;             /* the record as published, or NULL */
	enum dns_level level;
	char *text;              /* the explanation, translated */
};

struct dns_report {
	char *domain;
	struct dns_item *items;
	size_t n, cap;
	bool resolver_failed;    /* a question went unanswered: exit 10 */
	bool no_domain;          /* NXDOMAIN for the domain itself: exit 10 */
	int queries;
	long long ms;
};

struct dns_report_opts {
	const char *domain;
	const char **selectors;  /* --dkim-selector, n_selectors of them */
	size_t n_selectors;
};

struct dns_report *dns_report_run(struct dns_client *c, const struct dns_report_opts *o);
/* --blocklists: an address (IPv4 or IPv6) against the address lists, a
 * domain against the domain lists (include/smtpdbg/dnsbl.h). */
struct dns_report *dns_report_blocklists(struct dns_client *c, const char *target);
void dns_report_text(struct buf *out, const struct dns_report *r);
/* One JSON object: {"domain":..,"items":[..],"exit":N} and a newline. */
void dns_report_json(struct buf *out, const struct dns_report *r);
/* 0 nothing bad, 1 a record is wrong or missing where it must not be, 10
 * the resolver did not answer or the domain does not exist. */
int dns_report_exit(const struct dns_report *r);
void dns_report_free(struct dns_report *r);

#endif
