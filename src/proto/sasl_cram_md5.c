/* CRAM-MD5 (RFC 2195): the server sends a challenge, the client answers
 * "user SP hex(HMAC-MD5(key = password, message = challenge))".
 * The password never crosses the wire, but the digest lets an eavesdropper
 * test guesses offline, and the server must keep the password recoverable. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define MD5_LEN 16
#define MD5_BLOCK 64

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

/* MD5 of a then b, concatenated. */
static bool md5_2(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, uint8_t out[MD5_LEN])
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	unsigned len = 0;
	bool ok = x && EVP_DigestInit_ex(x, EVP_md5(), NULL) && EVP_DigestUpdate(x, a, an) &&
		  EVP_DigestUpdate(x, b, bn) && EVP_DigestFinal_ex(x, out, &len) && len == MD5_LEN;
	EVP_MD_CTX_free(x);
	return ok;
}

/* "label k1 k2 ... kn, then XX repeated m times": the padded key XOR a
 * pad byte, masked (it gives the key back at once). */
static void pad_line(struct sasl_step *out, const char *label, const uint8_t *k, size_t klen,
		     uint8_t pad)
{
	uint8_t x[MD5_BLOCK] = {0};
	for (size_t i = 0; i < klen; i++)
		x[i] = k[i] ^ pad;
	char *hex = sasl_hex(x, klen, true);
	wipe(x, sizeof x);
	struct buf r, m;
	buf_init(&r, 0);
	buf_init(&m, 0);
	buf_printf(&r, "%s%s", label, hex);
	if (klen && klen < MD5_BLOCK)
		buf_printf(&r, _(", then %02x repeated %zu times (the zero padding XOR %02x)"), pad,
			   (size_t)MD5_BLOCK - klen, pad);
	else if (!klen)
		buf_printf(&r, _("%02x repeated 64 times (an empty key is all zero bytes)"), pad);
	buf_printf(&m, "%s%s", label, SASL_MASK);
	sasl_say_secret(out, 1, m.data, r.data);
	wipe(hex, strlen(hex));
	free(hex);
	buf_wipe_free(&r);
	buf_free(&m);
}

/* HMAC-MD5 (RFC 2104) one step at a time, so a class can follow it:
 * K = the password (or its MD5, when longer than a block), padded with
 * zeros to 64 bytes; inner = MD5(K XOR ipad || challenge); digest =
 * MD5(K XOR opad || inner). Everything that reveals the key is masked;
 * the inner hash and the digest are not (they are what an eavesdropper
 * can test guesses against anyway). Returns false if MD5 is unavailable. */
static bool explain_hmac(const struct cram *c, const uint8_t *chal, size_t clen,
			 const uint8_t want[MD5_LEN], struct sasl_step *out)
{
	uint8_t key[MD5_BLOCK] = {0}, ipad[MD5_BLOCK], opad[MD5_BLOCK];
	uint8_t inner[MD5_LEN], digest[MD5_LEN];
	size_t plen = strlen(c->password), klen = plen;
	bool ok = true;
	if (plen > MD5_BLOCK) {
		ok = md5_2((const uint8_t *)c->password, plen, NULL, 0, key);
		klen = MD5_LEN;
	} else {
		memcpy(key, c->password, plen);
	}
	for (size_t i = 0; i < MD5_BLOCK; i++) {
		ipad[i] = key[i] ^ 0x36;
		opad[i] = key[i] ^ 0x5c;
	}
	ok = ok && md5_2(ipad, sizeof ipad, chal, clen, inner) &&
	     md5_2(opad, sizeof opad, inner, sizeof inner, digest) &&
	     !memcmp(digest, want, MD5_LEN);
	if (ok) {
		struct buf r;
		buf_init(&r, 0);
		char *hex = sasl_hex(key, klen, true);
		if (plen > MD5_BLOCK) {
			sasl_say(out, AK_TEXT, 1, "%s",
				 _("the password is longer than MD5's block of 64 bytes, so the "
				   "key K is MD5(password) (RFC 2104 section 2)"));
			buf_printf(&r, _("key K = MD5(password) = %s"), hex);
			sasl_say_secret(out, 1, _("key K = MD5(password) = ********"), r.data);
		} else {
			char *pw = esc_str(c->password, plen, 0);
			buf_printf(&r, _("key K = the password: \"%s\" = %s"), pw,
				   klen ? hex : _("(no bytes)"));
			wipe(pw, strlen(pw));
			free(pw);
			sasl_say_secret(out, 1, _("key K = the password: ********"), r.data);
		}
		wipe(hex, strlen(hex));
		free(hex);
		buf_wipe_free(&r);
		sasl_say(out, AK_TEXT, 1, "%s",
			 _("K is padded with zero bytes to MD5's block size, 64 bytes; ipad is the "
			   "byte 36 and opad the byte 5c, each repeated 64 times (RFC 2104)"));
		pad_line(out, _("K XOR ipad = "), key, klen, 0x36);
		hex = sasl_hex(inner, sizeof inner, false);
		sasl_say(out, AK_CALC, 1, _("inner = MD5((K XOR ipad) || challenge) = %s"), hex);
		free(hex);
		pad_line(out, _("K XOR opad = "), key, klen, 0x5c);
		hex = sasl_hex(digest, sizeof digest, false);
		sasl_say(out, AK_CALC, 1, _("digest = MD5((K XOR opad) || inner) = %s"), hex);
		free(hex);
	}
	wipe(key, sizeof key);
	wipe(ipad, sizeof ipad);
	wipe(opad, sizeof opad);
	wipe(inner, sizeof inner);
	wipe(digest, sizeof digest);
	return ok;
}

static enum sasl_status cram_step(void *state, const uint8_t *challenge, size_t len,
				  struct sasl_step *out)
{
	struct cram *c = state;

	if (!challenge)
		return sasl_fail(out, _("CRAM-MD5 has no initial response: the server's "
					"challenge comes first (RFC 2195)"));
	sasl_say_bytes(out, AK_CALC, 0, _("challenge: "), challenge, len, NULL);
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
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("note: not in the <digits.timestamp@host> form RFC 2195 shows; "
			   "the response is computed the same way"));

	uint8_t digest[MD5_LEN];
	if (!hmac_md5(c->password, challenge, len, digest))
		return sasl_fail(out, _("OpenSSL could not compute HMAC-MD5 (is MD5 disabled, "
					"for example by a FIPS configuration?)"));
	char hex[2 * MD5_LEN + 1];
	for (size_t i = 0; i < MD5_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);

	if (buf_adds(&out->response, c->user) < 0 || buf_addc(&out->response, ' ') < 0 ||
	    buf_adds(&out->response, hex) < 0) {
		wipe(digest, sizeof digest);
		wipe(hex, sizeof hex);
		return sasl_fail(out, _("the user name is too large for an AUTH line (at most "
					"12,288 octets, RFC 4954 section 4)"));
	}
	sasl_say(out, AK_CALC, 0, _("HMAC-MD5(key = the password, message = the challenge) = %s"),
		 hex);
	explain_hmac(c, challenge, len, digest, out);
	wipe(digest, sizeof digest);
	char tail[2 * MD5_LEN + 2];
	snprintf(tail, sizeof tail, " %s", hex);
	sasl_say_bytes(out, AK_CALC, 0, _("response: "), c->user, strlen(c->user), tail);
	wipe(hex, sizeof hex);
	if (strchr(c->user, ' '))
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("note: the user name contains a space; servers split the response "
			   "at its last space, so this normally works"));
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("the password is not sent, but whoever records this response can test "
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
