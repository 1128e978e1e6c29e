/* SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), with and without
 * channel binding (-PLUS). Three messages from the client's side:
 *   client-first  gs2-header "n=" user ",r=" cnonce
 *   client-final  "c=" base64(gs2-header [cb-data]) ",r=" nonce ",p=" proof
 *   (empty)       the answer to the server-final "v=" signature, once checked
 * The password never crosses the wire, and the server proves that it knows
 * it too (v=), so the client checks that before believing a 235. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define HASH_MAX 32     /* SHA-256 */
#define CB_MAX 64       /* EVP_MAX_MD_SIZE: the largest tls-server-end-point */
#define MSG_MAX 12288u  /* a server message longer than an AUTH line is hostile */
#define ITER_MIN_RFC 4096u   /* RFC 7677 section 4 */
#define ITER_MAX 1000000u    /* more is a denial of service (RFC 5802 section 9) */

enum stage { ST_START, ST_FIRST_SENT, ST_FINAL_SENT, ST_VERIFIED };

struct scram {
	const char *md;     /* OpenSSL digest name */
	size_t hlen;
	bool plus;
	bool pinned; /* the nonce came from creds, not the RNG */
	char *authzid, *user, *password, *nonce;
	sasl_cb_fn cb;
	void *cb_ctx;
	struct buf first_bare; /* client-first-message-bare, for AuthMessage */
	struct buf cbind;      /* gs2-header [cb-data]: what c= carries */
	size_t gs2_len;        /* the gs2 header's part of cbind */
	uint8_t server_sig[HASH_MAX];
	enum stage stage;
};

static void *scram_init(const struct sasl_creds *creds, const char *md, size_t hlen, bool plus)
{
	struct scram *s = xcalloc(1, sizeof *s);
	s->md = md;
	s->hlen = hlen;
	s->plus = plus;
	s->authzid = sasl_strdup_opt(creds->authzid);
	s->user = sasl_strdup_opt(creds->user);
	s->password = sasl_strdup_opt(creds->password);
	s->nonce = sasl_make_nonce(creds->nonce);
	s->pinned = creds->nonce != NULL;
	s->cb = creds->channel_binding;
	s->cb_ctx = creds->cb_ctx;
	buf_init(&s->first_bare, MSG_MAX);
	buf_init(&s->cbind, 0);
	return s;
}

static void *sha1_init(const struct sasl_creds *c)
{
	return scram_init(c, "SHA1", 20, false);
}
static void *sha1_plus_init(const struct sasl_creds *c)
{
	return scram_init(c, "SHA1", 20, true);
}
static void *sha256_init(const struct sasl_creds *c)
{
	return scram_init(c, "SHA256", 32, false);
}
static void *sha256_plus_init(const struct sasl_creds *c)
{
	return scram_init(c, "SHA256", 32, true);
}

static void scram_done(void *state)
{
	struct scram *s = state;
	if (!s)
		return;
	sasl_wipe_str(s->authzid);
	sasl_wipe_str(s->user);
	sasl_wipe_str(s->password);
	sasl_wipe_str(s->nonce);
	buf_free(&s->first_bare);
	buf_free(&s->cbind);
	wipe(s->server_sig, sizeof s->server_sig);
	free(s);
}

/* "label hex", a calculation step at depth 1. */
static void explain_hex(struct sasl_step *out, const char *label, const uint8_t *p, size_t n)
{
	char *hex = sasl_hex(p, n, false);
	sasl_say(out, AK_CALC, 1, "%s%s", label, hex);
	free(hex);
}

/* A password-equivalent key: masked, its hex beside it for a face that
 * can reveal it. */
static void explain_secret_hex(struct sasl_step *out, const char *masked, const char *label,
			       const uint8_t *p, size_t n, const char *why)
{
	char *hex = sasl_hex(p, n, false);
	struct buf r;
	buf_init(&r, 0);
	buf_printf(&r, "%s%s%s", label, hex, why);
	sasl_say_secret(out, 1, masked, r.data);
	wipe(hex, strlen(hex));
	free(hex);
	buf_wipe_free(&r);
}

/* saslname (RFC 5802 section 5.1): "," and "=" would end or confuse the
 * attribute, so they become "=2C" and "=3D". */
static int add_saslname(struct buf *b, const char *s)
{
	for (; *s; s++) {
		int rc = *s == ',' ? buf_adds(b, "=2C")
			 : *s == '=' ? buf_adds(b, "=3D")
				     : buf_addc(b, *s);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* printable (RFC 5802): %x21-2B / %x2D-7E, i.e. visible ASCII but ",". */
static bool printable(const void *vp, size_t n)
{
	const uint8_t *p = vp;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x21 || p[i] > 0x7e || p[i] == ',')
			return false;
	return n > 0;
}

/* SASLprep (RFC 4013) leaves visible ASCII and space unchanged and
 * prohibits controls; non-ASCII would need Unicode tables, so it is sent
 * as given and the explanation says so. Returns false on a control. */
static bool check_password(const char *pw, struct sasl_step *out)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (*p >= 0x80)
			ascii = false;
	}
	if (ascii)
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("password: ASCII, so SASLprep (RFC 4013) leaves it unchanged"));
	else
		sasl_say(out, AK_WARNING, 0, "%s",
			 _("password: not ASCII; smtpdbg does not apply SASLprep normalisation "
			   "(RFC 4013), so it is used byte for byte as given: if the server "
			   "normalises it differently, authentication fails"));
	return true;
}

/* The gs2 header and, for -PLUS, the channel binding data after it. */
static enum sasl_status build_cbind(struct scram *s, struct sasl_step *out)
{
	const char *type = NULL;
	uint8_t data[CB_MAX];
	size_t len = sizeof data;

	if (s->plus) {
		if (!s->cb || s->cb(s->cb_ctx, &type, data, &len) < 0 || !type || !len ||
		    len > sizeof data)
			return sasl_fail(out, _("-PLUS binds the authentication to the TLS "
						"connection, and no channel binding data is "
						"available (it needs a live TLS connection); "
						"use the mechanism without -PLUS"));
		size_t tl = strlen(type);
		if (tl > 64 || strspn(type, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "0123456789.-") != tl)
			return sasl_fail(out, _("the channel binding type is not a valid cb-name "
						"(RFC 5802 section 7)"));
		buf_printf(&s->cbind, "p=%s,", type);
		sasl_say(out, AK_CALC, 0,
			 _("gs2 header: p=%s, (the client uses channel binding of type %s, "
			   "RFC 5056)"), type, type);
	} else {
		buf_adds(&s->cbind, "n,");
		sasl_say(out, AK_CALC, 0, "%s",
			 _("gs2 header: n, (no channel binding: this mechanism is not -PLUS)"));
	}
	if (s->authzid && *s->authzid) {
		buf_adds(&s->cbind, "a=");
		add_saslname(&s->cbind, s->authzid);
		sasl_say_bytes(out, AK_CALC, 0, _("authzid: "), s->authzid, strlen(s->authzid),
			       _(" (act as this identity, if the server allows it)"));
	}
	buf_addc(&s->cbind, ',');
	s->gs2_len = s->cbind.len;
	if (s->plus) {
		buf_add(&s->cbind, data, len);
		char *hex = sasl_hex(data, len < 8 ? len : 8, false);
		sasl_say(out, AK_CALC, 0,
			 _("channel binding data: %zu bytes, starting %s; c= will be Base64(gs2 "
			   "header followed by these bytes), so the server can see that both ends "
			   "share one TLS connection"), len, hex);
		free(hex);
		wipe(data, sizeof data);
	}
	return SASL_CONTINUE;
}

static enum sasl_status client_first(struct scram *s, struct sasl_step *out)
{
	if (!s->user || !*s->user)
		return sasl_fail(out, _("SCRAM needs a user name"));
	if (!s->password || !*s->password)
		return sasl_fail(out, _("SCRAM needs a password, and none was given"));
	if (!s->nonce)
		return sasl_fail(out, _("OpenSSL's random generator failed: no client nonce"));
	if (!printable(s->nonce, strlen(s->nonce)))
		return sasl_fail(out, _("the client nonce must be visible ASCII without "
					"\",\" (RFC 5802 section 7)"));
	if (!check_password(s->password, out))
		return sasl_fail(out, _("the password contains a control character, which "
					"SASLprep prohibits (RFC 4013 section 2.3)"));
	if (build_cbind(s, out) == SASL_FAIL)
		return SASL_FAIL;

	buf_adds(&s->first_bare, "n=");
	if (add_saslname(&s->first_bare, s->user) < 0 || buf_adds(&s->first_bare, ",r=") < 0 ||
	    buf_adds(&s->first_bare, s->nonce) < 0)
		return sasl_fail(out, _("the user name is too large for an AUTH line"));
	if (strpbrk(s->user, ",="))
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("user name: \",\" and \"=\" are sent as \"=2C\" and \"=3D\" "
			   "(RFC 5802 section 5.1)"));
	sasl_say_bytes(out, AK_CALC, 0, _("client nonce: "), s->nonce, strlen(s->nonce),
		       s->pinned ? _(" (pinned: right for reproducing an example, never for "
				     "a real login)")
				 : _(" (fresh and random, so an old exchange cannot be "
				     "replayed)"));
	if (buf_add(&out->response, s->cbind.data, s->gs2_len) < 0 ||
	    buf_add(&out->response, s->first_bare.data, s->first_bare.len) < 0)
		return sasl_fail(out, _("the user name is too large for an AUTH line"));
	sasl_say_bytes(out, AK_CALC, 0, _("client-first message: "), out->response.data,
		       out->response.len, NULL);
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("the password is not sent: the server answers with a salt and an "
		   "iteration count, and both sides derive keys from them"));
	s->stage = ST_FIRST_SENT;
	return SASL_CONTINUE;
}

/* A positive decimal within [1, ITER_MAX], without leading zeros; 0 if not. */
static unsigned parse_iter(const char *p, size_t n)
{
	unsigned v = 0;
	if (n == 0 || n > 7 || p[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	return v <= ITER_MAX ? v : 0;
}

struct server_first {
	const char *nonce, *salt_b64, *iter;
	size_t nonce_len, salt_len, iter_len;
	size_t extensions;
};

/* Split the server-first message: r=,s=,i= in this order (RFC 5802 section
 * 5.1), then optional extensions. Returns NULL, or why it is malformed. */
static const char *split_server_first(const char *m, size_t n, struct server_first *f)
{
	const char *end = m + n;
	const char **vals[3] = {&f->nonce, &f->salt_b64, &f->iter};
	size_t *lens[3] = {&f->nonce_len, &f->salt_len, &f->iter_len};
	static const char names[3] = {'r', 's', 'i'};

	memset(f, 0, sizeof *f);
	if (n >= 2 && m[0] == 'm' && m[1] == '=')
		return _("it starts with m=, a mandatory extension smtpdbg does not know: RFC "
			 "5802 section 5.1 says the client must then fail");
	for (size_t k = 0; m <= end; k++) {
		const char *comma = memchr(m, ',', (size_t)(end - m));
		const char *stop = comma ? comma : end;
		if (stop - m < 2 || m[1] != '=')
			return _("an attribute is not of the form x=value");
		if (k < 3) {
			if (m[0] != names[k])
				return k == 0 ? _("the first attribute is not r= (the nonce)")
				       : k == 1 ? _("the second attribute is not s= (the salt)")
						: _("the third attribute is not i= (the iteration "
						    "count)");
			*vals[k] = m + 2;
			*lens[k] = (size_t)(stop - m - 2);
		} else if (strchr("rsim", m[0]) || !((m[0] >= 'a' && m[0] <= 'z') ||
						     (m[0] >= 'A' && m[0] <= 'Z'))) {
			return _("an attribute after i= repeats r=, s=, i= or m=, or its "
				 "name is not a letter");
		} else {
			f->extensions++;
		}
		if (!comma)
			break;
		m = comma + 1;
	}
	if (!f->iter)
		return _("it lacks the r=, s= and i= attributes in this order");
	return NULL;
}

/* Explain the meaning of a server's e= error (RFC 5802 section 7). */
static enum sasl_status server_error(struct sasl_step *out, const uint8_t *p, size_t n)
{
	sasl_say_bytes(out, AK_CALC, 0, _("server error: "), p, n, NULL);
	if (n == 13 && !memcmp(p, "invalid-proof", 13))
		return sasl_fail(out, _("the server rejects the proof: the password is wrong "
					"(or the user is unknown)"));
	if (n >= 16 && !memcmp(p, "channel-binding", 15))
		return sasl_fail(out, _("the server rejects the channel binding"));
	return sasl_fail(out, _("the server ended the SCRAM exchange with an error "
				"(e=, RFC 5802 section 7)"));
}

static bool hmac(const struct scram *s, const uint8_t *key, size_t klen, const void *msg,
		 size_t n, uint8_t *out)
{
	size_t outlen = 0;
	return EVP_Q_mac(NULL, "HMAC", NULL, s->md, NULL, key, klen, msg, n, out, HASH_MAX,
			 &outlen) &&
	       outlen == s->hlen;
}

struct keys {
	uint8_t salted[HASH_MAX], client_key[HASH_MAX], stored_key[HASH_MAX];
	uint8_t client_sig[HASH_MAX], proof[HASH_MAX], server_key[HASH_MAX];
};

static bool derive(struct scram *s, const uint8_t *salt, size_t saltlen, unsigned iter,
		   const struct buf *auth, struct keys *k)
{
	const EVP_MD *md = EVP_get_digestbyname(s->md);
	size_t len = 0;
	if (!md ||
	    !PKCS5_PBKDF2_HMAC(s->password, (int)strlen(s->password), salt, (int)saltlen,
			       (int)iter, md, (int)s->hlen, k->salted) ||
	    !hmac(s, k->salted, s->hlen, "Client Key", 10, k->client_key) ||
	    !EVP_Q_digest(NULL, s->md, NULL, k->client_key, s->hlen, k->stored_key, &len) ||
	    len != s->hlen ||
	    !hmac(s, k->stored_key, s->hlen, auth->data, auth->len, k->client_sig) ||
	    !hmac(s, k->salted, s->hlen, "Server Key", 10, k->server_key) ||
	    !hmac(s, k->server_key, s->hlen, auth->data, auth->len, s->server_sig))
		return false;
	for (size_t i = 0; i < s->hlen; i++)
		k->proof[i] = k->client_key[i] ^ k->client_sig[i];
	return true;
}

static void explain_keys(const struct scram *s, const struct keys *k, unsigned iter,
			 struct sasl_step *out)
{
	const char *h = s->hlen == 20 ? "SHA-1" : "SHA-256";
	struct buf m, l;
	buf_init(&m, 0);
	buf_init(&l, 0);
	buf_printf(&m, _("SaltedPassword = PBKDF2-HMAC-%s(password, salt, %u) = %s (masked: "
			 "it is password-equivalent, whoever has it can log in)"), h, iter, SASL_MASK);
	buf_printf(&l, _("SaltedPassword = PBKDF2-HMAC-%s(password, salt, %u) = "), h, iter);
	explain_secret_hex(out, m.data, l.data, k->salted, s->hlen,
			   _(" (password-equivalent: whoever has it can log in)"));
	buf_reset(&m);
	buf_printf(&m, _("ClientKey = HMAC(SaltedPassword, \"Client Key\") = %s (masked: "
			 "password-equivalent)"), SASL_MASK);
	explain_secret_hex(out, m.data, _("ClientKey = HMAC(SaltedPassword, \"Client Key\") = "),
			   k->client_key, s->hlen, _(" (password-equivalent)"));
	buf_free(&m);
	buf_free(&l);
	explain_hex(out, _("StoredKey = H(ClientKey) = "), k->stored_key, s->hlen);
	explain_hex(out, _("ClientSignature = HMAC(StoredKey, AuthMessage) = "), k->client_sig,
		    s->hlen);
	explain_hex(out, _("ClientProof = ClientKey XOR ClientSignature = "), k->proof, s->hlen);
	explain_hex(out, _("ServerKey = HMAC(SaltedPassword, \"Server Key\") = "), k->server_key,
		    s->hlen);
	explain_hex(out, _("expected ServerSignature = HMAC(ServerKey, AuthMessage) = "),
		    s->server_sig, s->hlen);
}

static enum sasl_status client_final(struct scram *s, const uint8_t *m, size_t n,
				     struct sasl_step *out)
{
	struct server_first f;
	const char *why;

	sasl_say_bytes(out, AK_CALC, 0, _("server-first message: "), m, n, NULL);
	if (n >= 2 && m[0] == 'e' && m[1] == '=')
		return server_error(out, m + 2, n - 2);
	if (n > MSG_MAX)
		return sasl_fail(out, _("the server-first message is longer than any AUTH line"));
	if (memchr(m, '\0', n))
		return sasl_fail(out, _("the server-first message contains a NUL byte"));
	if ((why = split_server_first((const char *)m, n, &f)))
		return sasl_fail(out, why);

	size_t cn = strlen(s->nonce);
	if (!printable(f.nonce, f.nonce_len))
		return sasl_fail(out, _("the server nonce (r=) is empty or not visible ASCII"));
	if (f.nonce_len <= cn || memcmp(f.nonce, s->nonce, cn))
		return sasl_fail(out, _("the server nonce (r=) does not start with the client "
					"nonce followed by the server's own part: a replayed or "
					"forged exchange (RFC 5802 section 5.1)"));
	uint8_t *salt = NULL;
	size_t saltlen = 0, pos;
	const char *err;
	if (!f.salt_len || b64_decode(f.salt_b64, f.salt_len, &salt, &saltlen, &err, &pos) < 0 ||
	    !saltlen) {
		free(salt);
		return sasl_fail(out, _("the salt (s=) is empty or not valid Base64"));
	}
	unsigned iter = parse_iter(f.iter, f.iter_len);
	if (!iter) {
		free(salt);
		return sasl_fail(out, _("the iteration count (i=) is not a number from 1 to "
					"1,000,000: larger counts would let a hostile server make "
					"the client compute for minutes (RFC 5802 section 9)"));
	}
	sasl_say(out, AK_CALC, 1, "%s", _("server nonce: the client's nonce, extended by the server"));
	char *hex = sasl_hex(salt, saltlen, false);
	sasl_say(out, AK_CALC, 1, _("salt: %zu bytes, %s"), saltlen, hex);
	free(hex);
	sasl_say(out, AK_CALC, 1, _("iteration count: %u%s"), iter,
		 iter < ITER_MIN_RFC ? _(" (below the 4096 RFC 7677 section 4 recommends: a "
					 "stolen server database is easier to crack)")
				     : "");
	if (f.extensions)
		sasl_say(out, AK_TEXT, 1, "%s",
			 _("note: the server added optional extensions, which are ignored"));

	/* client-final-without-proof, and AuthMessage over all three messages. */
	struct buf final, auth;
	buf_init(&final, SASL_RESPONSE_MAX);
	buf_init(&auth, 0);
	char *c64 = b64_encode(s->cbind.data, s->cbind.len);
	buf_printf(&final, "c=%s,r=", c64);
	buf_add(&final, f.nonce, f.nonce_len);
	free(c64);
	buf_add(&auth, s->first_bare.data, s->first_bare.len);
	buf_addc(&auth, ',');
	buf_add(&auth, m, n);
	buf_addc(&auth, ',');
	buf_add(&auth, final.data, final.len);
	sasl_say_bytes(out, AK_CALC, 1,
		       _("AuthMessage = client-first-bare , server-first , client-final-without-proof = "),
		       auth.data, auth.len, NULL);

	struct keys k;
	bool ok = derive(s, salt, saltlen, iter, &auth, &k);
	wipe(salt, saltlen);
	free(salt);
	if (ok) {
		explain_keys(s, &k, iter, out);
		char *p64 = b64_encode(k.proof, s->hlen);
		buf_adds(&final, ",p=");
		buf_adds(&final, p64);
		free(p64);
	}
	wipe(&k, sizeof k);
	buf_free(&auth);
	if (!ok) {
		buf_free(&final);
		return sasl_fail(out, _("OpenSSL could not compute the SCRAM keys"));
	}
	if (buf_add(&out->response, final.data, final.len) < 0) {
		buf_free(&final);
		return sasl_fail(out, _("the client-final message is too large for an AUTH line"));
	}
	buf_free(&final);
	sasl_say(out, AK_TEXT, 0,
		 _("c=: Base64 of the gs2 header%s, so the server can check the client "
		   "did not change it"),
		 s->plus ? _(" and the channel binding data") : "");
	sasl_say_bytes(out, AK_CALC, 0, _("client-final message: "), out->response.data,
		       out->response.len, NULL);
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("the proof shows the client knows the password without revealing it; the "
		   "server must now prove the same with its signature (v=)"));
	s->stage = ST_FINAL_SENT;
	return SASL_CONTINUE;
}

static enum sasl_status verify_final(struct scram *s, const uint8_t *m, size_t n,
				     struct sasl_step *out)
{
	sasl_say_bytes(out, AK_CALC, 0, _("server-final message: "), m, n, NULL);
	if (n >= 2 && m[0] == 'e' && m[1] == '=')
		return server_error(out, m + 2, n - 2);
	if (n < 2 || m[0] != 'v' || m[1] != '=')
		return sasl_fail(out, _("the server-final message has neither v= (the server's "
					"signature) nor e= (an error)"));
	const uint8_t *comma = memchr(m, ',', n);
	size_t vlen = (size_t)((comma ? comma : m + n) - m) - 2;
	uint8_t *sig = NULL;
	size_t siglen = 0, pos;
	const char *err;
	if (b64_decode((const char *)m + 2, vlen, &sig, &siglen, &err, &pos) < 0 ||
	    siglen != s->hlen) {
		free(sig);
		return sasl_fail(out, _("the server signature (v=) is not valid Base64 of the "
					"right length: the server did not prove it knows the "
					"password"));
	}
	/* Constant time: a timing difference must not reveal how much matched. */
	bool ok = CRYPTO_memcmp(sig, s->server_sig, s->hlen) == 0;
	explain_hex(out, _("ServerSignature received (v=, decoded) = "), sig, siglen);
	explain_hex(out, _("ServerSignature expected (HMAC(ServerKey, AuthMessage)) = "),
		    s->server_sig, s->hlen);
	free(sig);
	if (!ok)
		return sasl_fail(out, _("the server signature (v=) is wrong: the server does not "
					"know the password, so it may be an impostor; the "
					"client cancels with \"*\""));
	sasl_say(out, AK_CALC, 0, "%s",
		 _("server signature verified: the server knows the password (or a "
		   "StoredKey/ServerKey derived from it), so it is the real one"));
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("response: empty (SMTP has no other way to finish, RFC 4954 section 4)"));
	s->stage = ST_VERIFIED;
	return SASL_CONTINUE;
}

static enum sasl_status scram_step(void *state, const uint8_t *challenge, size_t len,
				   struct sasl_step *out)
{
	struct scram *s = state;

	switch (s->stage) {
	case ST_START:
		if (challenge && len)
			return sasl_fail(out, _("SCRAM starts with the client: the first "
						"challenge must be empty"));
		if (challenge)
			sasl_say(out, AK_TEXT, 0, "%s",
				 _("empty challenge: AUTH was sent without an initial response, "
				   "so the server waits for the client-first message"));
		return client_first(s, out);
	case ST_FIRST_SENT:
		if (!challenge)
			break;
		return client_final(s, challenge, len, out);
	case ST_FINAL_SENT:
		if (!challenge)
			break;
		return verify_final(s, challenge, len, out);
	case ST_VERIFIED:
		break;
	}
	return sasl_fail(out, _("another challenge after the SCRAM exchange ended: the server "
				"kept asking, and the client cancels with \"*\""));
}

static enum sasl_status scram_success(void *state, struct sasl_step *out)
{
	struct scram *s = state;
	if (s->stage != ST_VERIFIED)
		return sasl_fail(out, _("the server said 235 without proving it knows the "
					"password (no verified v= server signature): SCRAM "
					"requires the client to treat this as a failure"));
	sasl_say(out, AK_CALC, 0, "%s",
		 _("235 after a verified server signature: both sides proved they know the "
		   "password"));
	return SASL_CONTINUE;
}

#define SCRAM_MECH(NAME, INIT, RFC, PLUS, RANK)                                          \
	{                                                                                \
		.name = NAME, .client_first = true, .reveals_password = false, .rfc = RFC, \
		.init = INIT, .step = scram_step, .done = scram_done,                    \
		.success = scram_success, .needs_password = true, .plus = PLUS,          \
		.rank = RANK,                                                            \
	}

const struct sasl_mech sasl_mech_scram_sha1 =
	SCRAM_MECH("SCRAM-SHA-1", sha1_init, "RFC 5802", false, 85);
const struct sasl_mech sasl_mech_scram_sha1_plus =
	SCRAM_MECH("SCRAM-SHA-1-PLUS", sha1_plus_init, "RFC 5802", true, 95);
const struct sasl_mech sasl_mech_scram_sha256 =
	SCRAM_MECH("SCRAM-SHA-256", sha256_init, "RFC 7677", false, 90);
const struct sasl_mech sasl_mech_scram_sha256_plus =
	SCRAM_MECH("SCRAM-SHA-256-PLUS", sha256_plus_init, "RFC 7677", true, 100);
