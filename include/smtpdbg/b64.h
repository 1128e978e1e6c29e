/* Base64 (RFC 4648 §4, the alphabet SMTP AUTH uses).
 * The decoder is strict, as RFC 4954 §4 asks of AUTH data: no whitespace,
 * padding required, no data after padding, and unused bits must be zero, so
 * every accepted string has exactly one meaning. */
#ifndef SMTPDBG_B64_H
#define SMTPDBG_B64_H

#include <stddef.h>
#include <stdint.h>

/* Encode n bytes. Returns a NUL-terminated string the caller frees. */
char *b64_encode(const void *p, size_t n);

/* Length of the encoding of n bytes, without the terminating NUL. */
size_t b64_encoded_len(size_t n);

/* Decode `n` characters of `in`. On success returns 0 and sets *out (a
 * malloc'd buffer with a NUL after the data, so text can be printed) and
 * *outlen. On error returns -1, sets *err to a static English message and
 * *errpos to the offset of the offending character; *out is NULL. */
int b64_decode(const char *in, size_t n, uint8_t **out, size_t *outlen,
	       const char **err, size_t *errpos);

#endif
