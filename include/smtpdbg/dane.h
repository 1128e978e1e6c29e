/* DANE for SMTP (RFC 7672): the TLSA records of a server, which of them
 * an SMTP client may use, and the outcome in words. The matching itself is
 * OpenSSL's (SSL_dane_enable, tls.c); this part is pure: no I/O. */
#ifndef SMTPDBG_DANE_H
#define SMTPDBG_DANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/dns_records.h"

/* --dane: check when records exist and report (auto), fail the TLS stage
 * unless DANE authenticates the server (require), or no lookup (off). */
enum dane_mode { DANE_AUTO, DANE_REQUIRE, DANE_OFF };
/* "auto", "require", "off"; NULL is auto. -1 for anything else. */
int dane_mode_parse(const char *s);

struct dane_tlsa {
	uint8_t usage, selector, mtype;
	uint8_t *data; /* owned */
	size_t len;
	bool usable;   /* DANE-TA(2) or DANE-EE(3), well formed (RFC 7672 §3.1.3) */
	bool malformed;
};

enum dane_lookup {
	DANE_L_NOT_ASKED, /* --dane off, or nothing to ask (an address, a socket) */
	DANE_L_NONE,      /* NXDOMAIN or no TLSA records: DANE is not in use */
	DANE_L_FOUND,     /* TLSA records came back */
	DANE_L_FAILED,    /* SERVFAIL, no answer, a malformed answer */
};

/* What the TLSA lookup found, for the handshake and the report. */
struct dane_set {
	char qname[DNS_NAME_MAX + 16]; /* "_25._tcp.mx.example.org" */
	char host[DNS_NAME_MAX];       /* the base domain: the MX host name */
	enum dane_lookup status;
	bool validated;  /* the resolver set the AD bit */
	bool cname;      /* the answer came through a CNAME */
	bool mx_insecure; /* --mx: the MX answer naming the host was not
			   * validated, so the records count as not validated
			   * (RFC 7672 §2.2.1) */
	char why[200];   /* DANE_L_FAILED: the reason */
	struct dane_tlsa *rec;
	size_t n, usable;
};

/* The TLSA name for host and port: "_25._tcp.host" without a trailing
 * dot. -1 when it does not fit. */
int dane_qname(const char *host, const char *port, char *out, size_t size);
/* Keep a copy of one record's rdata (parsed or not). */
void dane_set_add(struct dane_set *s, const uint8_t *rdata, size_t n);
void dane_set_free(struct dane_set *s);
/* Whether SMTP may use a record of this certificate usage: DANE-TA(2) and
 * DANE-EE(3) only; PKIX-TA(0) and PKIX-EE(1) are unusable (RFC 7672
 * §3.1.3: an SMTP client has no list of trusted CAs to apply them to). */
bool dane_usage_usable(unsigned usage);
/* With usable records that the resolver validated, DANE decides and
 * the WebPKI verification does not (RFC 7672 §2.2). */
bool dane_enforced(const struct dane_set *s);
/* --mx: the records of an MX host count as validated only when the MX
 * answer that named the host was validated too (RFC 7672 §2.2.1: a
 * forged MX answer chooses the host and its records). */
void dane_mx_security(struct dane_set *s, bool mx_validated);

enum dane_result {
	DANE_R_OFF,               /* --dane off */
	DANE_R_NONE,              /* no TLSA records (or none asked for) */
	DANE_R_LOOKUP_FAILED,     /* the TLSA lookup failed */
	DANE_R_UNUSABLE,          /* records, but none SMTP can use */
	DANE_R_NOT_CHECKED,       /* the handshake ended before the certificate */
	DANE_R_AUTHENTICATED,     /* validated, and a record matched */
	DANE_R_MATCH_UNVALIDATED, /* a record matched, not validated by DNSSEC */
	DANE_R_NO_MATCH,          /* validated, and no record matched: failure */
	DANE_R_NO_MATCH_UNVALIDATED,
};

/* The outcome of one handshake: which record matched (index into rec,
 * -1: none) at which depth of the chain (0: the server's certificate). */
struct dane_outcome {
	enum dane_result result;
	int matched;
	int depth;
};

/* The result from the lookup and the handshake: off (--dane off), checked
 * (the certificate was seen), matched (-1: none). */
enum dane_result dane_judge(const struct dane_set *s, bool off, bool checked, int matched);
/* Only this one is "DANE OK". */
static inline bool dane_result_authenticated(enum dane_result r)
{
	return r == DANE_R_AUTHENTICATED;
}
/* The JSON spelling: "off", "none", "lookup-failed", "unusable",
 * "not-checked", "authenticated", "matching-not-validated", "no-match",
 * "no-match-not-validated". Never translated. */
const char *dane_result_key(enum dane_result r);
/* One sentence for the result (translated). */
const char *dane_result_text(enum dane_result r);
/* The lookup in words: what was asked, what came back, each record with
 * whether SMTP can use it; one line each, every line starting "DANE: ". */
void dane_describe_lookup(const struct dane_set *s, struct buf *out);
/* The outcome in words: the result, the record that matched and at which
 * depth, what RFC 7672 then does not check. Lines start "DANE: ". */
void dane_describe_outcome(const struct dane_set *s, const struct dane_outcome *o,
			   struct buf *out);
/* "3 1 1 6a3f..." (the data in hex, shortened past 32 bytes). */
void dane_record_text(const struct dane_tlsa *r, struct buf *out);

#endif
