/* CRAM-MD5 (RFC 2195): the server sends a challenge, the client answers
 * "user SP hex(HMAC-MD5(key = password, message = challenge))".
 * The password never crosses the wire, but the digest lets an eavesdropper
 * test guesses offline, and the server must keep the password recoverable. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define MD5_LEN 16

struct cram {
	char *user;
	char *password;
	bool answered;
};

static void *cram_init(const struct sasl_creds *creds)
{
	struct cram *c = xcalloc(1, sizeof *c);
	c->user = sasl_strdup_opt(creds->user);
	c->password = sasl_strdup_opt(creds->password);
	return c;
}

static void cram_done(void *state)
{
	struct cram *c = state;
	if (!c)
		return;
	sasl_wipe_str(c->user);
	sasl_wipe_str(c->password);
	free(c);
}

/* HMAC keys are zero-padded to the block size, so an empty key and a single
 * zero byte give the same MAC; the latter avoids OpenSSL's refusal of
 * zero-length keys. */
static bool hmac_md5(const char *key, const uint8_t *msg, size_t n, uint8_t out[MD5_LEN])
{
	static const char zero[1] = {0};
	size_t klen = strlen(key), outlen = 0;
	if (!klen) {
		key = zero;
		klen = 1;
	}
	return EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, key, klen, msg, n, out, MD5_LEN,
			 &outlen) &&
	       outlen == MD5_LEN;
}

/* RFC 2195 shows the challenge as a msg-id: "<" digits "." digits "@" host ">". */
static bool looks_like_msg_id(const uint8_t *p, size_t n)
{
	return n >= 3 && p[0] == '<' && p[n - 1] == '>' && memchr(p, '@', n);
}

static enum sasl_status cram_step(void *state, const uint8_t *challenge, size_t len,
				  struct sasl_step *out)
{
	struct cram *c = state;
	struct buf *e = &out->explain;

	if (!challenge)
		return sasl_fail(out, _("CRAM-MD5 has no initial response: the server's "
					"challenge comes first (RFC 2195)"));
	buf_adds(e, _("challenge: "));
	sasl_explain_bytes(out, challenge, len);
	buf_addc(e, '\n');
	if (c->answered)
		return sasl_fail(out, _("a second challenge: CRAM-MD5 has a single step, so "
					"the server kept asking and the client cancels with "
					"\"*\""));
	if (len == 0)
		return sasl_fail(out, _("the challenge is empty: CRAM-MD5 needs the server's "
					"challenge string to compute a response (RFC 2195 "
					"section 2)"));
	if (!c->user || !*c->user)
		return sasl_fail(out, _("CRAM-MD5 needs a user name"));
	if (!c->password)
		return sasl_fail(out, _("CRAM-MD5 needs a password, and none was given"));
	if (!looks_like_msg_id(challenge, len))
		buf_adds(e, _("note: not in the <digits.timestamp@host> form RFC 2195 shows; "
			      "the response is computed the same way\n"));

	uint8_t digest[MD5_LEN];
	if (!hmac_md5(c->password, challenge, len, digest))
		return sasl_fail(out, _("OpenSSL could not compute HMAC-MD5 (is MD5 disabled, "
					"for example by a FIPS configuration?)"));
	char hex[2 * MD5_LEN + 1];
	for (size_t i = 0; i < MD5_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	wipe(digest, sizeof digest);

	if (buf_adds(&out->response, c->user) < 0 || buf_addc(&out->response, ' ') < 0 ||
	    buf_adds(&out->response, hex) < 0) {
		wipe(hex, sizeof hex);
		return sasl_fail(out, _("the user name is too large for an AUTH line (at most "
					"12,288 octets, RFC 4954 section 4)"));
	}
	buf_printf(e, _("HMAC-MD5(key = the password, message = the challenge) = %s\n"), hex);
	buf_adds(e, _("response: "));
	sasl_explain_bytes(out, c->user, strlen(c->user));
	buf_printf(e, " %s\n", hex);
	wipe(hex, sizeof hex);
	if (strchr(c->user, ' '))
		buf_adds(e, _("note: the user name contains a space; servers split the response "
			      "at its last space, so this normally works\n"));
	buf_adds(e, _("the password is not sent, but whoever records this response can test "
		      "password guesses against the digest offline, and the server must "
		      "store the password in a recoverable form; prefer SCRAM, or PLAIN "
		      "over TLS"));
	/* Not the password, and the user needs to see it: not masked. */
	out->secret = false;
	c->answered = true;
	return SASL_CONTINUE;
}

const struct sasl_mech sasl_mech_cram_md5 = {
	.name = "CRAM-MD5",
	.client_first = false,
	.reveals_password = false,
	.rfc = "RFC 2195",
	.init = cram_init,
	.step = cram_step,
	.done = cram_done,
	.needs_password = true,
	.rank = 50,
};
