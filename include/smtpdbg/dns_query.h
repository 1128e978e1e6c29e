/* Asking a DNS server one question at a time, for the report of what a
 * mail domain publishes (smtpdbg dns). Each question has a deadline; the
 * server is the one net_set_resolver chose, else the system's. */
#ifndef SMTPDBG_DNS_QUERY_H
#define SMTPDBG_DNS_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/dns_records.h"

struct dns_client;

/* What one question got. */
enum dns_status {
	DNS_OK,        /* bytes came back (the caller parses them: NXDOMAIN is an answer) */
	DNS_TIMEOUT,   /* nobody answered within the deadline */
	DNS_FAILED,    /* SERVFAIL, REFUSED, a malformed answer or no server */
	DNS_BADNAME,   /* the name cannot be asked (too long, a bad label) */
};

struct dns_answer {
	enum dns_status status;
	uint8_t *buf;            /* the response's bytes, owned */
	size_t len;
	struct dns_msg msg;      /* for the caller: dns_msg_parse(buf, len) */
	int64_t ms;              /* how long it took */
	char why[160];           /* for a person, when status is not DNS_OK */
};

/* A client whose every question waits at most timeout_ms. Returns NULL
 * with a message in err. */
struct dns_client *dns_client_new(int64_t timeout_ms, struct buf *err);
void dns_client_free(struct dns_client *c);
/* Ask for name/type with the AD bit set (RFC 6840 §5.7), so a validating
 * resolver says whether it validated the answer. Fills a; free it with
 * dns_answer_free. */
void dns_ask(struct dns_client *c, const char *name, unsigned type, struct dns_answer *a);
void dns_answer_free(struct dns_answer *a);

#endif
