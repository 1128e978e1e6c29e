/* Pure parsers for what a mail domain publishes in DNS: the DNS message
 * itself (header, answer records, compressed names), SPF (RFC 7208), DMARC
 * (RFC 7489) and TLSA (RFC 6698, RFC 7672). No I/O and no allocation: the
 * results point into the caller's bytes. Errors are N_() strings. */
#ifndef SMTPDBG_DNS_RECORDS_H
#define SMTPDBG_DNS_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DNS_T_A = 1, DNS_T_CNAME = 5, DNS_T_PTR = 12, DNS_T_MX = 15, DNS_T_TXT = 16,
       DNS_T_AAAA = 28, DNS_T_TLSA = 52 };
enum { DNS_NAME_MAX = 254 }; /* 253 characters and the NUL */

/* A DNS answer: its header and where the answer section starts. */
struct dns_msg {
	const uint8_t *p;
	size_t n;
	unsigned rcode;       /* 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED */
	bool qr, tc, aa, ad;  /* ad: the resolver says it validated (DNSSEC) */
	unsigned qd, an;
	size_t an_off;        /* the first answer record */
};

struct dns_rr {
	char owner[DNS_NAME_MAX];
	unsigned type, cls;
	uint32_t ttl;
	size_t rdata_off, rdlen; /* in the message (names in it may point back) */
};

/* Check the header and skip the question section. Returns 0, or -1 when
 * the bytes are not a whole DNS response. */
int dns_msg_parse(const uint8_t *p, size_t n, struct dns_msg *m);
/* The next answer record from *off (start with m->an_off and a counter
 * i = 0). Returns 1 with rr filled, 0 after the last one, -1 malformed. */
int dns_msg_next(const struct dns_msg *m, size_t *off, unsigned *i, struct dns_rr *rr);
/* Read the (possibly compressed) name at off into out ("." for the root,
 * no trailing dot otherwise); *end is where the name's bytes end at off.
 * Returns 0, or -1 when malformed, looping or longer than 253. */
int dns_name_read(const uint8_t *p, size_t n, size_t off, char out[DNS_NAME_MAX], size_t *end);
/* Whether s is a DNS name we can ask for: 1 to 253 characters, labels of
 * 1 to 63, no spaces or control characters. A trailing dot is allowed. */
bool dns_name_ok(const char *s);

/* rdata of the record types the report reads. */
int dns_rr_mx(const struct dns_msg *m, const struct dns_rr *rr, unsigned *pref,
	      char host[DNS_NAME_MAX]);
int dns_rr_name(const struct dns_msg *m, const struct dns_rr *rr, char name[DNS_NAME_MAX]);
/* The character-strings of a TXT record joined (RFC 7208 §3.3), at most
 * size - 1 bytes; NULs are kept out. Returns the length, or -1. */
int dns_rr_txt(const struct dns_msg *m, const struct dns_rr *rr, char *out, size_t size);

/* --- SPF ------------------------------------------------------------- */

enum { SPF_MAX_TERMS = 64, SPF_LOOKUP_LIMIT = 10 };

struct spf_term {
	char qual;            /* '+', '-', '~', '?' (mechanisms); '=' modifiers */
	char name[12];        /* "include", "ip4", "all", "redirect", ... lower case */
	const char *arg;      /* after ':' or '=' (or '/' for a/mx with a prefix) */
	size_t arg_len;
	bool lookup;          /* counts against the limit of 10 DNS lookups */
};

struct spf_record {
	struct spf_term terms[SPF_MAX_TERMS];
	size_t nterms;
	int lookups;          /* in this record only: include, a, mx, ptr, exists, redirect */
	char all;             /* the qualifier of "all", or 0 */
	const struct spf_term *redirect;
	const char *error;    /* N_(): why it is not valid SPF, else NULL */
	size_t error_at;      /* offset of the bad term */
};

/* Whether the TXT string is an SPF record ("v=spf1" then a space or the
 * end, case-insensitive). */
bool spf_is_spf(const char *s, size_t n);
/* Parse one SPF record. Returns 0, or -1 with r->error set. */
int spf_parse(const char *s, size_t n, struct spf_record *r);

/* --- DMARC ----------------------------------------------------------- */

struct dmarc_record {
	const char *p, *sp;   /* policy and subdomain policy (NULL when absent) */
	size_t p_len, sp_len;
	char adkim, aspf;     /* 'r' relaxed (default) or 's' strict */
	int pct;              /* 0..100, default 100 */
	const char *rua, *ruf; /* reporting addresses, comma-separated URIs */
	size_t rua_len, ruf_len;
	const char *error;    /* N_() */
};

bool dmarc_is_dmarc(const char *s, size_t n);
/* Parse one DMARC record. Returns 0, or -1 with d->error set. */
int dmarc_parse(const char *s, size_t n, struct dmarc_record *d);

/* --- TLSA ------------------------------------------------------------ */

struct tlsa_record {
	unsigned usage, selector, mtype;
	const uint8_t *data;
	size_t len;
	const char *error;    /* N_(): wrong length, or a field out of range */
};

int tlsa_parse(const uint8_t *rdata, size_t n, struct tlsa_record *t);
/* "PKIX-TA(0)", "DANE-EE(3)", ... for the report. */
const char *tlsa_usage_name(unsigned usage);
const char *tlsa_selector_name(unsigned selector);
const char *tlsa_mtype_name(unsigned mtype);

#endif
