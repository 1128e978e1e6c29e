/* What the parts of `smtpdbg dns` share (src/plans/dns_report.c): the
 * findings list, the checked question, the reversed address. Private to
 * src/plans. */
#ifndef SMTPDBG_DNS_REPORT_IMPL_H
#define SMTPDBG_DNS_REPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/dns_report.h"

struct dnsr_ctx {
	struct dns_client *c;
	struct dns_report *r;
};

/* Add a finding; the text is formatted (translated by the caller). */
void dnsr_add(struct dns_report *r, const char *section, const char *name, const char *value,
	      enum dns_level level, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Whether the response parses, every answer record included. */
bool dnsr_whole(struct dns_answer *a);
/* Ask, and report what kept the question from an answer. Returns true
 * when a has an answer to read (NOERROR or NXDOMAIN). */
bool dnsr_ask(struct dnsr_ctx *x, const char *section, const char *name, unsigned type,
	      struct dns_answer *a);
/* The labels of an address reversed ("1.2.0.192", or 32 nibbles). */
void dnsr_reverse_labels(int af, const unsigned char *ip, char *out, size_t size);

#endif
