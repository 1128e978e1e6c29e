/* GSSAPI (RFC 4752) without the GSS-API library: the parts a reader can be
 * shown and that need no credentials. The security-layer message, the
 * framing of a Kerberos token (what it is and how large, never the ticket's
 * ASN.1), and what a GSS major/minor status means and what helps. The
 * mechanism itself (src/auth/sasl_gssapi.c) calls the library. */
#ifndef SMTPDBG_GSS_WIRE_H
#define SMTPDBG_GSS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"

/* RFC 4752 §3.1: the security layers, one bit each. */
#define GSS_LAYER_NONE 0x01u
#define GSS_LAYER_INTEGRITY 0x02u
#define GSS_LAYER_CONFIDENTIALITY 0x04u

/* The server's 4-byte message (after unwrapping): the layers it offers
 * and the largest wrapped message it takes (24 bits, big-endian). */
struct gss_seclayer {
	uint8_t layers;
	uint32_t max_size;
};

/* Parse the server's security-layer message; -1 unless exactly 4 bytes. */
int gss_seclayer_parse(const uint8_t *p, size_t n, struct gss_seclayer *out);

/* The client's reply (before wrapping): the chosen layer, the largest
 * message it takes (0 with no layer), then the authzid (may be NULL or
 * empty). Returns -1 when max_size does not fit 24 bits. */
int gss_seclayer_reply(uint8_t layer, uint32_t max_size, const char *authzid, struct buf *out);

/* The offered layers in words ("no security layer, integrity"), into out. */
void gss_seclayer_names(uint8_t layers, struct buf *out);

/* What a GSS token is, from its framing (RFC 2743 §3.1, RFC 4121 §4.1 and
 * §4.2.6). */
enum gss_tok_kind {
	GSS_TOK_UNKNOWN,   /* none of the forms below */
	GSS_TOK_INITIAL,   /* 0x60, a DER length, the mechanism's OID, inner token */
	GSS_TOK_WRAP,      /* RFC 4121 Wrap token (05 04) */
	GSS_TOK_MIC,       /* RFC 4121 MIC token (04 04) */
};

/* The Kerberos message inside an initial-context token (RFC 4121 §4.1:
 * a two-byte TOK_ID after the OID). */
enum gss_krb_msg {
	GSS_KRB_NONE,
	GSS_KRB_AP_REQ,    /* 01 00: the client's ticket and authenticator */
	GSS_KRB_AP_REP,    /* 02 00: the server's proof (mutual authentication) */
	GSS_KRB_ERROR,     /* 03 00: the server refused, in a KRB-ERROR */
	GSS_KRB_OTHER,
};

struct gss_token_info {
	enum gss_tok_kind kind;
	size_t total;        /* the whole token */
	size_t header;       /* bytes before the inner token (INITIAL) */
	size_t inner;        /* the inner token's size, TOK_ID included */
	char oid[64];        /* dotted OID of the mechanism (INITIAL) */
	bool krb5;           /* the OID is Kerberos V5's 1.2.840.113554.1.2.2 */
	enum gss_krb_msg msg;
	uint16_t tok_id;     /* the inner TOK_ID (INITIAL with krb5) or the token's own */
};

/* Read a token's framing. Never fails: what is not understood is
 * GSS_TOK_UNKNOWN, and lengths are checked against n. */
void gss_token_describe(const uint8_t *p, size_t n, struct gss_token_info *out);

/* A one-line description in words ("initial-context token, Kerberos V5,
 * AP-REQ: 642 bytes (the header 17, the AP-REQ 625)"), into out. */
void gss_token_words(const struct gss_token_info *t, struct buf *out);

/* ---- status -------------------------------------------------------- */

/* What a GSS major status says (RFC 2744 §3.9.1): the routine error's and
 * calling error's names and meanings, and the supplementary bits, one
 * line each, into out. */
void gss_major_words(uint32_t major, struct buf *out);

/* A known Kerberos minor status (com_err codes of MIT krb5). */
struct gss_minor_help {
	int32_t code;
	const char *name;    /* KRB5KRB_AP_ERR_SKEW */
	const char *meaning; /* translatable (N_) */
	const char *advice;  /* what to do, with the command that helps (N_) */
};

/* The entry for a minor status, or NULL when it is not a common one. */
const struct gss_minor_help *gss_minor_find(int32_t code);

/* Advice for a major status alone (no known minor), or NULL. */
const char *gss_major_advice(uint32_t major);

#endif
