/* The mechanisms behind sasl_find(), and helpers they share.
 * Private to src/proto: callers find mechanisms by name.
 *
 * Conventions: a step that produces a response returns SASL_CONTINUE, even
 * the mechanism's last one, since the response must still be sent; a
 * challenge after the last response is refused by the mechanism itself
 * (SASL_FAIL, "the server kept asking"), which bounds the round trips.
 * Explanations never contain the password, and escape everything that came
 * from the server or the user. */
#ifndef SMTPDBG_SASL_MECHS_H
#define SMTPDBG_SASL_MECHS_H

#include "smtpdbg/sasl.h"

extern const struct sasl_mech sasl_mech_plain;
extern const struct sasl_mech sasl_mech_login;
extern const struct sasl_mech sasl_mech_cram_md5;
extern const struct sasl_mech sasl_mech_digest_md5;
extern const struct sasl_mech sasl_mech_scram_sha1;
extern const struct sasl_mech sasl_mech_scram_sha1_plus;
extern const struct sasl_mech sasl_mech_scram_sha256;
extern const struct sasl_mech sasl_mech_scram_sha256_plus;
extern const struct sasl_mech sasl_mech_xoauth2;
extern const struct sasl_mech sasl_mech_oauthbearer;
extern const struct sasl_mech sasl_mech_external;

/* The largest response a mechanism builds. RFC 4954 section 4 caps an AUTH
 * line at 12,288 octets, so anything near this limit would be refused by the
 * server anyway; refusing here gives a clear message instead of a 500. */
#define SASL_RESPONSE_MAX (64u * 1024u)

/* What explanations show instead of a password (never its length). */
#define SASL_MASK "********"

/* Explain a failure and return SASL_FAIL, so error paths are one line. */
enum sasl_status sasl_fail(struct sasl_step *out, const char *why);

/* Append untrusted or user-given bytes to an explanation, escaped. */
void sasl_explain_bytes(struct sasl_step *out, const void *p, size_t n);

/* Append n bytes as lowercase hex. */
void sasl_explain_hex(struct sasl_step *out, const void *p, size_t n);

/* The client nonce: a copy of pinned, or 24 random bytes from OpenSSL,
 * Base64-encoded (printable, no ',', no '"'). NULL if the RNG fails. */
char *sasl_make_nonce(const char *pinned);

/* Copy an optional credential; NULL stays NULL. */
char *sasl_strdup_opt(const char *s);
/* Wipe and free a credential copy. */
void sasl_wipe_str(char *s);

#endif
