/* The DNS blocklists `smtpdbg dns --blocklists` asks, with what their
 * answers mean and where to look up and remove a listing. The data sits
 * beside the diagnosis rules that recognise the same lists in a refusal
 * (src/proto/diag_rules_dnsbl.c), so the two cannot drift apart. */
#ifndef SMTPDBG_DNSBL_H
#define SMTPDBG_DNSBL_H

#include <stdbool.h>
#include <stddef.h>

struct dnsbl_code {
	const char *addr;        /* the A record answered, "127.0.0.2" */
	const char *meaning;     /* N_() */
	bool refusal;            /* not a listing: the list refused the question */
};

struct dnsbl_list {
	const char *name;        /* "Spamhaus ZEN" */
	const char *zone;        /* "zen.spamhaus.org" */
	bool domains;            /* lists domains (DBL, SURBL, URIBL), not addresses */
	const char *page;        /* where to look a listing up and ask for removal */
	const struct dnsbl_code *codes; /* ended by {0} */
};

extern const struct dnsbl_list dnsbl_lists[];
extern const size_t dnsbl_lists_n;

/* The meaning of an answer of list l, or NULL when the code is not one the
 * list documents. */
const struct dnsbl_code *dnsbl_code_find(const struct dnsbl_list *l, const char *addr);

#endif
