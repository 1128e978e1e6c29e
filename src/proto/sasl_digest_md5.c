/* DIGEST-MD5 (RFC 2831), historic since RFC 6331: the server sends a
 * key=value challenge, the client answers with an MD5 digest over the
 * password and both nonces, and the server proves itself with rspauth=.
 * Only qop=auth (authentication without a security layer) is supported.
 * The challenge comes from the network, so its parser is strict and
 * bounded: curl and Cyrus SASL both had overflows here. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sasl_mechs.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define CHALLENGE_MAX 4096u /* RFC 2831 section 2.1.1 says less than 2048 */
#define PAIRS_MAX 32
#define MD5_LEN 16
#define HEX_LEN (2 * MD5_LEN)

enum stage { ST_START, ST_ANSWERED, ST_VERIFIED };

struct digest {
	char *authzid, *user, *password, *cnonce, *uri;
	char rspauth[HEX_LEN + 1]; /* what the server must send back */
	enum stage stage;
	bool pinned; /* the cnonce came from creds, not the RNG */
};

/* One directive; the value is unquoted and unescaped, NUL-terminated. */
struct pair {
	const char *key;
	size_t keylen;
	char *value;
};

/* What the challenge says; the values point into the parsed pairs. */
struct challenge {
	struct pair pairs[PAIRS_MAX];
	size_t n;
	const char *realm, *nonce, *qop, *charset, *algorithm, *cipher, *maxbuf;
	size_t realms, unknown;
};

static void *digest_init(const struct sasl_creds *creds)
{
	struct digest *d = xcalloc(1, sizeof *d);
	d->authzid = sasl_strdup_opt(creds->authzid);
	d->user = sasl_strdup_opt(creds->user);
	d->password = sasl_strdup_opt(creds->password);
	d->cnonce = sasl_make_nonce(creds->nonce);
	d->pinned = creds->nonce != NULL;
	if (creds->digest_uri) {
		d->uri = xstrdup(creds->digest_uri);
	} else if (creds->host) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "smtp/%s", creds->host);
		d->uri = buf_steal(&b);
	}
	return d;
}

static void challenge_free(struct challenge *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->pairs[i].value);
	c->n = 0;
}

static void digest_done(void *state)
{
	struct digest *d = state;
	if (!d)
		return;
	sasl_wipe_str(d->authzid);
	sasl_wipe_str(d->user);
	sasl_wipe_str(d->password);
	sasl_wipe_str(d->cnonce);
	free(d->uri);
	wipe(d->rspauth, sizeof d->rspauth);
	free(d);
}

static bool is_lws(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* token characters (RFC 2616 section 2.2): visible ASCII but separators. */
static bool is_tokenchar(uint8_t c)
{
	return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", c);
}

/* Parse "key=value, key="quoted", ..." into c. Returns NULL, or why not. */
static const char *parse(const uint8_t *p, size_t n, struct challenge *c)
{
	size_t i = 0;

	memset(c, 0, sizeof *c);
	if (n > CHALLENGE_MAX)
		return _("the challenge is longer than 4096 bytes (RFC 2831 allows less than "
			 "2048): refused rather than parsed");
	for (size_t k = 0; k < n; k++)
		if ((p[k] < 0x20 && !is_lws(p[k])) || p[k] == 0x7f)
			return _("the challenge contains a control character");
	for (;;) {
		/* #rule lists allow empty elements and LWS around commas. */
		while (i < n && (is_lws(p[i]) || p[i] == ','))
			i++;
		if (i == n)
			return NULL;
		if (c->n == PAIRS_MAX)
			return _("more than 32 directives in the challenge");
		struct pair *pr = &c->pairs[c->n];
		pr->key = (const char *)p + i;
		while (i < n && is_tokenchar(p[i]))
			i++;
		pr->keylen = (size_t)((const char *)p + i - pr->key);
		while (i < n && is_lws(p[i]))
			i++;
		if (!pr->keylen || i == n || p[i] != '=')
			return _("a directive is not of the form key=value");
		i++;
		while (i < n && is_lws(p[i]))
			i++;
		struct buf v;
		buf_init(&v, 0);
		if (i < n && p[i] == '"') {
			/* quoted-string: a backslash makes the next byte literal. */
			for (i++; i < n && p[i] != '"'; i++) {
				if (p[i] == '\\' && ++i == n)
					break;
				buf_addc(&v, (char)p[i]);
			}
			if (i >= n) {
				buf_free(&v);
				return _("a quoted value is not terminated");
			}
			i++;
		} else {
			size_t start = i;
			while (i < n && is_tokenchar(p[i]))
				i++;
			buf_add(&v, p + start, i - start);
		}
		pr->value = buf_steal(&v);
		c->n++;
		while (i < n && is_lws(p[i]))
			i++;
		if (i < n && p[i] != ',')
			return _("a value is followed by something other than a comma");
	}
}

static bool key_is(const struct pair *pr, const char *k)
{
	size_t n = strlen(k);
	return pr->keylen == n && !strncasecmp(pr->key, k, n);
}

/* Does the comma-separated qop list offer "auth"? */
static bool offers(const char *list, const char *want)
{
	size_t n = strlen(want);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t k = strcspn(p, ", \t");
		if (k == n && !strncasecmp(p, want, n))
			return true;
		p += k;
	}
	return false;
}

/* Pick out the directives and check the ones that matter. */
static const char *interpret(struct challenge *c)
{
	static const char *const once[] = {"nonce", "qop", "charset", "algorithm", "cipher",
					   "maxbuf", "stale"};
	for (size_t i = 0; i < c->n; i++) {
		struct pair *pr = &c->pairs[i];
		const char **slot = NULL;
		if (key_is(pr, "realm")) {
			if (!c->realms++)
				c->realm = pr->value;
			continue;
		}
		for (size_t k = 0; k < sizeof once / sizeof once[0]; k++)
			if (key_is(pr, once[k]))
				for (size_t j = 0; j < i; j++)
					if (key_is(&c->pairs[j], once[k]))
						return _("a directive other than realm appears "
							 "twice (RFC 2831 section 2.1.1)");
		if (key_is(pr, "nonce"))
			slot = &c->nonce;
		else if (key_is(pr, "qop"))
			slot = &c->qop;
		else if (key_is(pr, "charset"))
			slot = &c->charset;
		else if (key_is(pr, "algorithm"))
			slot = &c->algorithm;
		else if (key_is(pr, "cipher"))
			slot = &c->cipher;
		else if (key_is(pr, "maxbuf"))
			slot = &c->maxbuf;
		else if (!key_is(pr, "stale"))
			c->unknown++;
		if (slot)
			*slot = pr->value;
	}
	if (!c->nonce || !*c->nonce)
		return _("the challenge has no nonce");
	if (!c->algorithm)
		return _("the challenge has no algorithm directive (it must be md5-sess)");
	if (strcasecmp(c->algorithm, "md5-sess"))
		return _("the algorithm is not md5-sess, the only one RFC 2831 defines");
	if (c->charset && strcasecmp(c->charset, "utf-8"))
		return _("the charset is not utf-8, the only value RFC 2831 allows");
	if (c->qop && !offers(c->qop, "auth"))
		return _("the server does not offer qop=auth (authentication only), the only "
			 "quality of protection smtpdbg supports");
	if (offers(c->qop ? c->qop : "auth", "auth-conf") != (c->cipher != NULL))
		return _("auth-conf and cipher must come together (RFC 2831 section 2.1.1)");
	if (c->maxbuf && (!*c->maxbuf || strspn(c->maxbuf, "0123456789") != strlen(c->maxbuf) ||
			  strlen(c->maxbuf) > 10))
		return _("maxbuf is not a number");
	return NULL;
}

static bool md5(const void *p, size_t n, uint8_t out[MD5_LEN])
{
	size_t len = 0;
	return EVP_Q_digest(NULL, "MD5", NULL, p, n, out, &len) && len == MD5_LEN;
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* MD5 over the parts in turn, so no buffer ever holds the password or the
 * password-equivalent MD5(user:realm:password). */
static bool md5_parts(const void *const *parts, const size_t *lens, size_t n,
		      uint8_t out[MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned len = 0;
	bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i], lens[i]);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len) && len == MD5_LEN;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* HEX(MD5(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HEX(MD5(a2)))), the
 * response (a2 = "AUTHENTICATE:" uri) or rspauth (a2 = ":" uri). */
static bool kd(const char *ha1, const struct challenge *c, const char *cnonce,
	       const char *a2, char ha2[HEX_LEN + 1], char out[HEX_LEN + 1])
{
	uint8_t h[MD5_LEN];
	bool ok = md5(a2, strlen(a2), h);
	to_hex(h, MD5_LEN, ha2);
	const void *p[] = {ha1, ":", c->nonce, ":00000001:", cnonce, ":auth:", ha2};
	size_t l[] = {HEX_LEN, 1, strlen(c->nonce), 10, strlen(cnonce), 6, HEX_LEN};
	ok = ok && md5_parts(p, l, 7, h);
	to_hex(h, MD5_LEN, out);
	wipe(h, sizeof h);
	return ok;
}

/* HEX(MD5(A1)), with A1 = MD5(user:realm:password) ":" nonce ":" cnonce
 * [":" authzid]: the password-equivalent session key. */
static bool compute_ha1(const struct digest *d, const struct challenge *c, const char *realm,
			char ha1[HEX_LEN + 1])
{
	uint8_t h[MD5_LEN];
	const char *z = d->authzid && *d->authzid ? d->authzid : NULL;
	const void *p1[] = {d->user, ":", realm, ":", d->password};
	size_t l1[] = {strlen(d->user), 1, strlen(realm), 1, strlen(d->password)};
	bool ok = md5_parts(p1, l1, 5, h);
	const void *p2[] = {h, ":", c->nonce, ":", d->cnonce, ":", z ? z : ""};
	size_t l2[] = {MD5_LEN, 1, strlen(c->nonce), 1, strlen(d->cnonce), 1, z ? strlen(z) : 0};
	ok = ok && md5_parts(p2, l2, z ? 7 : 5, h);
	to_hex(h, MD5_LEN, ha1);
	wipe(h, sizeof h);
	return ok;
}

/* key="value" with '"' and '\' escaped: values from the server and the
 * user are echoed, and a stray quote would change the message. */
static void add_quoted(struct buf *b, const char *key, const char *v)
{
	buf_printf(b, "%s=\"", key);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *v);
	}
	buf_addc(b, '"');
}

static void explain_challenge(const struct challenge *c, struct sasl_step *out)
{
	struct buf *e = &out->explain;
	buf_adds(e, _("realm: "));
	if (c->realm)
		sasl_explain_bytes(out, c->realm, strlen(c->realm));
	else
		buf_adds(e, _("(none: the empty string is used)"));
	if (c->realms > 1)
		buf_printf(e, _(" (the first of %zu offered)"), c->realms);
	buf_adds(e, _("\nnonce: "));
	sasl_explain_bytes(out, c->nonce, strlen(c->nonce));
	buf_adds(e, _("\nqop: "));
	if (c->qop)
		sasl_explain_bytes(out, c->qop, strlen(c->qop));
	else
		buf_adds(e, _("(absent: defaults to auth)"));
	buf_adds(e, _("; smtpdbg uses auth, authentication without a security layer\n"));
	if (c->unknown)
		buf_adds(e, _("note: unknown directives are ignored, as RFC 2831 asks\n"));
}

static enum sasl_status answer(struct digest *d, const struct challenge *c,
			       struct sasl_step *out)
{
	struct buf *e = &out->explain;
	const char *realm = c->realm ? c->realm : "";
	char ha1[HEX_LEN + 1], ha2[HEX_LEN + 1], resp[HEX_LEN + 1], ha2s[HEX_LEN + 1];
	struct buf a2;

	buf_init(&a2, 0);
	buf_printf(&a2, "AUTHENTICATE:%s", d->uri);
	bool ok = compute_ha1(d, c, realm, ha1) && kd(ha1, c, d->cnonce, a2.data, ha2, resp);
	buf_reset(&a2);
	buf_printf(&a2, ":%s", d->uri);
	ok = ok && kd(ha1, c, d->cnonce, a2.data, ha2s, d->rspauth);
	wipe(ha1, sizeof ha1);
	if (!ok) {
		buf_free(&a2);
		return sasl_fail(out, _("OpenSSL could not compute MD5 (is MD5 disabled, for "
					"example by a FIPS configuration?)"));
	}

	struct buf r;
	buf_init(&r, 0);
	if (c->charset)
		buf_adds(&r, "charset=utf-8,");
	add_quoted(&r, "username", d->user);
	if (c->realm) {
		buf_addc(&r, ',');
		add_quoted(&r, "realm", c->realm);
	}
	buf_addc(&r, ',');
	add_quoted(&r, "nonce", c->nonce);
	buf_adds(&r, ",nc=00000001,");
	add_quoted(&r, "cnonce", d->cnonce);
	buf_addc(&r, ',');
	add_quoted(&r, "digest-uri", d->uri);
	buf_printf(&r, ",response=%s,qop=auth", resp);
	if (d->authzid && *d->authzid) {
		buf_addc(&r, ',');
		add_quoted(&r, "authzid", d->authzid);
	}
	ok = buf_add(&out->response, r.data, r.len) == 0;
	buf_free(&r);
	if (!ok) {
		buf_free(&a2);
		return sasl_fail(out, _("the response is too large for an AUTH line"));
	}

	buf_adds(e, _("cnonce: "));
	sasl_explain_bytes(out, d->cnonce, strlen(d->cnonce));
	buf_adds(e, d->pinned ? _(" (the client's nonce, pinned: never for a real login)")
			      : _(" (the client's nonce, random)"));
	buf_adds(e, _(", nc=00000001 (first use of this nonce)\n"));
	buf_adds(e, _("digest-uri: "));
	sasl_explain_bytes(out, d->uri, strlen(d->uri));
	buf_adds(e, _("\nA1 = MD5(user:realm:password) : nonce : cnonce"));
	if (d->authzid && *d->authzid)
		buf_adds(e, _(" : authzid"));
	buf_printf(e, _("\nHA1 = HEX(MD5(A1)) = %s (masked: it is password-equivalent)\n"),
		   SASL_MASK);
	buf_adds(e, _("A2 = \"AUTHENTICATE:\" digest-uri = AUTHENTICATE:"));
	sasl_explain_bytes(out, d->uri, strlen(d->uri));
	buf_printf(e, _("\nHA2 = HEX(MD5(A2)) = %s\n"), ha2);
	buf_printf(e, _("response = HEX(MD5(HA1:nonce:nc:cnonce:qop:HA2)) = %s\n"), resp);
	buf_printf(e, _("expected rspauth: the same with A2 = :digest-uri, HA2 = %s, giving "
			"%s\n"), ha2s, d->rspauth);
	buf_adds(e, _("response message: "));
	sasl_explain_bytes(out, out->response.data, out->response.len);
	buf_adds(e, _("\nthe password is not sent, but a recorded exchange lets anyone test "
		      "guesses offline, and the server must store a password equivalent"));
	buf_free(&a2);
	d->stage = ST_ANSWERED;
	return SASL_CONTINUE;
}

static enum sasl_status first(struct digest *d, const uint8_t *p, size_t n,
			      struct sasl_step *out)
{
	struct challenge c;
	const char *why;

	buf_adds(&out->explain, _("DIGEST-MD5 is historic (RFC 6331): MD5-based, rarely "
				  "implemented correctly; prefer SCRAM\n"));
	buf_adds(&out->explain, _("challenge: "));
	sasl_explain_bytes(out, p, n > 512 ? 512 : n);
	if (n > 512)
		buf_printf(&out->explain, _("... (%zu bytes)"), n);
	buf_addc(&out->explain, '\n');
	if (!d->user || !*d->user)
		return sasl_fail(out, _("DIGEST-MD5 needs a user name"));
	if (!d->password)
		return sasl_fail(out, _("DIGEST-MD5 needs a password, and none was given"));
	if (!d->uri)
		return sasl_fail(out, _("DIGEST-MD5 needs the server's name for digest-uri "
					"(\"smtp/\" followed by the host name): give a host or "
					"a digest-uri"));
	if (!d->cnonce)
		return sasl_fail(out, _("OpenSSL's random generator failed: no cnonce"));
	why = parse(p, n, &c);
	if (!why)
		why = interpret(&c);
	if (why) {
		challenge_free(&c);
		return sasl_fail(out, why);
	}
	explain_challenge(&c, out);
	enum sasl_status st = answer(d, &c, out);
	challenge_free(&c);
	return st;
}

static enum sasl_status verify(struct digest *d, const uint8_t *p, size_t n,
			       struct sasl_step *out)
{
	struct challenge c;
	const char *why;
	const char *got = NULL;

	buf_adds(&out->explain, _("server's answer: "));
	sasl_explain_bytes(out, p, n);
	buf_addc(&out->explain, '\n');
	why = parse(p, n, &c);
	for (size_t i = 0; !why && i < c.n; i++)
		if (key_is(&c.pairs[i], "rspauth")) {
			if (got)
				why = _("rspauth appears twice");
			got = c.pairs[i].value;
		}
	if (!why && !got)
		why = _("the server's answer has no rspauth: it did not prove it knows the "
			"password");
	bool ok = false;
	if (!why && strlen(got) == HEX_LEN) {
		char lower[HEX_LEN];
		for (size_t i = 0; i < HEX_LEN; i++)
			lower[i] = (char)((got[i] >= 'A' && got[i] <= 'F') ? got[i] + 32 : got[i]);
		/* Constant time: timing must not reveal how much matched. */
		ok = CRYPTO_memcmp(lower, d->rspauth, HEX_LEN) == 0;
	}
	challenge_free(&c);
	if (why)
		return sasl_fail(out, why);
	if (!ok)
		return sasl_fail(out, _("rspauth is wrong: the server does not know the "
					"password, so it may be an impostor; the client cancels "
					"with \"*\""));
	buf_adds(&out->explain, _("rspauth verified: the server knows the password\n"));
	buf_adds(&out->explain, _("response: empty (RFC 2831 section 2.1.3)"));
	d->stage = ST_VERIFIED;
	return SASL_CONTINUE;
}

static enum sasl_status digest_step(void *state, const uint8_t *challenge, size_t len,
				    struct sasl_step *out)
{
	struct digest *d = state;

	if (!challenge)
		return sasl_fail(out, _("DIGEST-MD5 has no initial response: the server's "
					"challenge comes first (RFC 2831 section 2.1)"));
	switch (d->stage) {
	case ST_START:
		return first(d, challenge, len, out);
	case ST_ANSWERED:
		return verify(d, challenge, len, out);
	case ST_VERIFIED:
		break;
	}
	return sasl_fail(out, _("another challenge after rspauth: the server kept asking, and "
				"the client cancels with \"*\""));
}

static enum sasl_status digest_success(void *state, struct sasl_step *out)
{
	struct digest *d = state;
	if (d->stage != ST_VERIFIED)
		return sasl_fail(out, _("the server said 235 without proving it knows the "
					"password (no verified rspauth)"));
	buf_adds(&out->explain, _("235 after a verified rspauth: both sides proved they know "
				  "the password"));
	return SASL_CONTINUE;
}

const struct sasl_mech sasl_mech_digest_md5 = {
	.name = "DIGEST-MD5",
	.client_first = false,
	.reveals_password = false,
	.rfc = "RFC 2831",
	.init = digest_init,
	.step = digest_step,
	.done = digest_done,
	.success = digest_success,
	.needs_password = true,
	.rank = 30,
};
