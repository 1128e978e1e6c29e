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
extern const struct sasl_mech sasl_mech_ntlm;
extern const struct sasl_mech sasl_mech_oauth10a;

/* OAuth 1.0a (RFC 5849 section 3.4), shared with the tests: the signature
 * base string of a request with n (name, value) pairs given unencoded;
 * the HMAC-SHA1 key from the two secrets; the Base64 signature (NULL if
 * OpenSSL fails). All malloc'd. */
char *sasl_oauth1_base(const char *method, const char *uri, const char *const *pairs, size_t n);
char *sasl_oauth1_key(const char *consumer_secret, const char *token_secret);
char *sasl_oauth1_sign(const char *key, const char *base);

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

/* ---- explanations as items (sasl_step.items) and words at once ---------
 * One line each; the words indent two spaces a level of depth. */

/* A line of trusted text from fmt. */
void sasl_say(struct sasl_step *out, enum annot_kind kind, unsigned depth, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* prefix, n untrusted bytes (escaped), then suffix (both trusted, may be NULL). */
void sasl_say_bytes(struct sasl_step *out, enum annot_kind kind, unsigned depth,
		    const char *prefix, const void *p, size_t n, const char *suffix);
/* A calculation line with a secret in it: masked goes into the words and
 * the item's text, revealed beside it in the item only. revealed is wiped
 * by the caller. masked NULL: a line shown only with secrets revealed. */
void sasl_say_secret(struct sasl_step *out, unsigned depth, const char *masked,
		     const char *revealed);
/* n bytes as lowercase hex, spaced ("4d 61 78") or not; malloc'd. */
char *sasl_hex(const void *p, size_t n, bool spaced);

/* The client nonce: a copy of pinned, or 24 random bytes from OpenSSL,
 * Base64-encoded (printable, no ',', no '"'). NULL if the RNG fails. */
char *sasl_make_nonce(const char *pinned);

/* Copy an optional credential; NULL stays NULL. */
char *sasl_strdup_opt(const char *s);
/* Wipe and free a credential copy. */
void sasl_wipe_str(char *s);

#endif
