#include "smtpdbg/b64.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t b64_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

char *b64_encode(const void *p, size_t n)
{
	const uint8_t *s = p;
	char *out = xmalloc(b64_encoded_len(n) + 1), *o = out;
	size_t i = 0;

	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		*o++ = alphabet[v >> 18 & 63];
		*o++ = alphabet[v >> 12 & 63];
		*o++ = alphabet[v >> 6 & 63];
		*o++ = alphabet[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)s[i] << 16;
		*o++ = alphabet[v >> 18 & 63];
		*o++ = alphabet[v >> 12 & 63];
		*o++ = '=';
		*o++ = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
		*o++ = alphabet[v >> 18 & 63];
		*o++ = alphabet[v >> 12 & 63];
		*o++ = alphabet[v >> 6 & 63];
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int fail(const char **err, size_t *errpos, const char *msg, size_t pos)
{
	if (err)
		*err = msg;
	if (errpos)
		*errpos = pos;
	return -1;
}

int b64_decode(const char *in, size_t n, uint8_t **out, size_t *outlen,
	       const char **err, size_t *errpos)
{
	*out = NULL;
	*outlen = 0;

	/* Report a bad character before a bad length: it is the likelier mistake. */
	size_t pad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			return fail(err, errpos, N_("data after '=' padding"), i);
		if (value(c) < 0)
			return fail(err, errpos,
				    c == ' ' || c == '\t' || c == '\r' || c == '\n'
					    ? N_("whitespace is not allowed in Base64 here")
					    : N_("character outside the Base64 alphabet"),
				    i);
	}
	if (n % 4)
		return fail(err, errpos,
			    N_("length is not a multiple of 4 (missing '=' padding?)"), n);
	if (pad > 2)
		return fail(err, errpos, N_("too much '=' padding"), n - pad);

	/* The bits that padding leaves unused must be zero (RFC 4648 §3.5). */
	if (pad) {
		int last = value((unsigned char)in[n - pad - 1]);
		if (last & (pad == 2 ? 0x0f : 0x03))
			return fail(err, errpos,
				    N_("non-canonical Base64: unused bits before the padding are not zero"),
				    n - pad - 1);
	}

	uint8_t *o = xmalloc(n / 4 * 3 + 1);
	size_t len = 0;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		for (size_t k = 0; k < 4; k++) {
			int d = in[i + k] == '=' ? 0 : value((unsigned char)in[i + k]);
			v = v << 6 | (uint32_t)d;
		}
		size_t bytes = i + 4 < n ? 3 : 3 - pad;
		for (size_t k = 0; k < bytes; k++)
			o[len++] = (uint8_t)(v >> (16 - 8 * k));
	}
	o[len] = '\0';
	*out = o;
	*outlen = len;
	return 0;
}
