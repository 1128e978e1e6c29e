/* OAUTH10A (RFC 7628 section 3.2.2): the OAUTHBEARER message with an
 * OAuth 1.0a (RFC 5849) signed "auth=OAuth ..." value instead of a bearer
 * token. The client signs a base string (method, URI, sorted parameters)
 * with HMAC-SHA1 under the consumer secret and the token secret; the
 * secrets never cross the wire. Obsolete for mail: providers moved to
 * OAuth 2.0, whose tokens travel with OAUTHBEARER (or XOAUTH2).
 *
 * The credential is one line, "CONSUMER-KEY:CONSUMER-SECRET:TOKEN:TOKEN-SECRET",
 * read like a bearer token (--token-env, --token-file). */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sasl_mechs.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define KVSEP '\x01'

struct oauth1 {
	char *authzid, *host;
	unsigned port;
	char *ckey, *csecret, *token, *tsecret; /* from the credential line */
	char *nonce, *timestamp;
	int phase; /* 0: nothing sent, 1: sent, 2: error answered */
};

/* RFC 5849 section 3.6: everything but ALPHA, DIGIT, "-", ".", "_", "~"
 * as %XX with upper-case hex. */
static void pct(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static int cmp_pair(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	int c = strcmp(x[0], y[0]);
	return c ? c : strcmp(x[1], y[1]);
}

char *sasl_oauth1_base(const char *method, const char *uri, const char *const *pairs, size_t n)
{
	/* Encode each name and value, then sort by name, then value
	 * (RFC 5849 section 3.4.1.3.2). */
	char **enc = xcalloc(2 * n + 1, sizeof *enc);
	for (size_t i = 0; i < 2 * n; i++) {
		struct buf b;
		buf_init(&b, 0);
		pct(&b, pairs[i]);
		enc[i] = b.data ? buf_steal(&b) : xstrdup("");
	}
	qsort(enc, n, 2 * sizeof *enc, cmp_pair);
	struct buf norm, base;
	buf_init(&norm, 0);
	buf_init(&base, 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&norm, "%s%s=%s", i ? "&" : "", enc[2 * i], enc[2 * i + 1]);
	buf_adds(&base, method);
	buf_addc(&base, '&');
	pct(&base, uri);
	buf_addc(&base, '&');
	pct(&base, norm.data ? norm.data : "");
	for (size_t i = 0; i < 2 * n; i++)
		free(enc[i]);
	free(enc);
	buf_free(&norm);
	return buf_steal(&base);
}

char *sasl_oauth1_key(const char *consumer_secret, const char *token_secret)
{
	struct buf k;
	buf_init(&k, 0);
	pct(&k, consumer_secret);
	buf_addc(&k, '&');
	pct(&k, token_secret);
	return buf_steal(&k);
}

char *sasl_oauth1_sign(const char *key, const char *base)
{
	uint8_t mac[20];
	size_t len = 0;
	static const char zero[1] = {0};
	/* An empty key (no secrets at all) is "&", never zero bytes. */
	const char *k = *key ? key : zero;
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, k, *key ? strlen(key) : 1,
		       (const unsigned char *)base, strlen(base), mac, sizeof mac, &len) ||
	    len != sizeof mac)
		return NULL;
	return b64_encode(mac, sizeof mac);
}

static void *oauth1_init(const struct sasl_creds *creds)
{
	struct oauth1 *o = xcalloc(1, sizeof *o);
	o->authzid = sasl_strdup_opt(creds->authzid ? creds->authzid : creds->user);
	o->host = sasl_strdup_opt(creds->host);
	o->port = creds->port;
	if (creds->token) {
		/* Split the credential line at its first three colons. */
		char *t = xstrdup(creds->token), *f[4] = {0};
		char *p = t;
		for (int i = 0; i < 3 && p; i++) {
			f[i] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		f[3] = p;
		if (f[3]) {
			o->ckey = xstrdup(f[0]);
			o->csecret = xstrdup(f[1]);
			o->token = xstrdup(f[2]);
			o->tsecret = xstrdup(f[3]);
		}
		wipe(t, strlen(creds->token));
		free(t);
	}
	if (creds->nonce) {
		o->nonce = xstrdup(creds->nonce);
	} else {
		uint8_t r[16];
		if (RAND_bytes(r, sizeof r) == 1)
			o->nonce = sasl_hex(r, sizeof r, false);
	}
	if (creds->timestamp) {
		o->timestamp = xstrdup(creds->timestamp);
	} else {
		char ts[24];
		snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
		o->timestamp = xstrdup(ts);
	}
	return o;
}

static void oauth1_done(void *state)
{
	struct oauth1 *o = state;
	if (!o)
		return;
	sasl_wipe_str(o->authzid);
	sasl_wipe_str(o->host);
	sasl_wipe_str(o->ckey);
	sasl_wipe_str(o->csecret);
	sasl_wipe_str(o->token);
	sasl_wipe_str(o->tsecret);
	free(o->nonce);
	free(o->timestamp);
	free(o);
}

static bool has_kvsep(const char *s)
{
	return s && strchr(s, KVSEP);
}

static enum sasl_status first(struct oauth1 *o, struct sasl_step *out)
{
	sasl_say(out, AK_WARNING, 0, "%s",
		 _("OAUTH10A is obsolete for mail: OAuth 1.0a signed requests gave way to "
		   "OAuth 2.0 bearer tokens, which travel with OAUTHBEARER (RFC 7628) or "
		   "XOAUTH2; use those where a server offers them"));
	if (!o->ckey)
		return sasl_fail(out, _("OAUTH10A needs its credential as one line: "
					"CONSUMER-KEY:CONSUMER-SECRET:TOKEN:TOKEN-SECRET"));
	if (!o->host || !*o->host)
		return sasl_fail(out, _("OAUTH10A signs the server's name: it needs the host"));
	if (!o->nonce)
		return sasl_fail(out, _("OpenSSL's random generator failed"));
	if (has_kvsep(o->authzid) || has_kvsep(o->host) || has_kvsep(o->ckey) ||
	    has_kvsep(o->token) || has_kvsep(o->nonce) || has_kvsep(o->timestamp))
		return sasl_fail(out, _("a field contains the byte 0x01, which separates the "
					"message's fields"));

	/* RFC 7628 section 3.2.2: POST to the server's host, port and "/". */
	char uri[600];
	if (o->port && o->port != 80)
		snprintf(uri, sizeof uri, "http://%.500s:%u/", o->host, o->port);
	else
		snprintf(uri, sizeof uri, "http://%.500s/", o->host);
	const char *pairs[] = {"oauth_consumer_key",     o->ckey,     "oauth_nonce",
			       o->nonce,                 "oauth_signature_method", "HMAC-SHA1",
			       "oauth_timestamp",        o->timestamp, "oauth_token",
			       o->token,                 "oauth_version", "1.0"};
	char *base = sasl_oauth1_base("POST", uri, pairs, 6);
	char *key = sasl_oauth1_key(o->csecret, o->tsecret);
	char *sig = sasl_oauth1_sign(key, base);
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("OAuth 1.0a signature (RFC 5849 section 3.4), step by step:"));
	sasl_say_bytes(out, AK_CALC, 1, _("request: POST "), uri, strlen(uri),
		       _(" (RFC 7628: the server's host and port, path \"/\")"));
	sasl_say(out, AK_CALC, 1, "%s",
		 _("parameters: oauth_consumer_key, oauth_nonce, oauth_signature_method, "
		   "oauth_timestamp, oauth_token, oauth_version; each name and value "
		   "percent-encoded, sorted, joined with \"&\""));
	sasl_say_bytes(out, AK_CALC, 1, _("signature base string = "), base, strlen(base), NULL);
	{
		struct buf r;
		buf_init(&r, 0);
		buf_printf(&r, _("key = encode(consumer secret) & encode(token secret) = %s"), key);
		sasl_say_secret(out, 1,
				_("key = encode(consumer secret) & encode(token secret) = ********"),
				r.data);
		buf_wipe_free(&r);
	}
	enum sasl_status st = SASL_CONTINUE;
	if (!sig) {
		st = sasl_fail(out, _("OpenSSL could not compute HMAC-SHA1"));
	} else {
		sasl_say(out, AK_CALC, 1, _("oauth_signature = Base64(HMAC-SHA1(key, base string)) = %s"),
			 sig);
		struct buf auth, gs2;
		buf_init(&auth, 0);
		buf_init(&gs2, 0);
		buf_adds(&auth, "OAuth oauth_consumer_key=\"");
		pct(&auth, o->ckey);
		buf_adds(&auth, "\",oauth_token=\"");
		pct(&auth, o->token);
		buf_adds(&auth, "\",oauth_signature_method=\"HMAC-SHA1\",oauth_timestamp=\"");
		pct(&auth, o->timestamp);
		buf_adds(&auth, "\",oauth_nonce=\"");
		pct(&auth, o->nonce);
		buf_adds(&auth, "\",oauth_version=\"1.0\",oauth_signature=\"");
		pct(&auth, sig);
		buf_adds(&auth, "\"");
		buf_adds(&gs2, "n,");
		if (o->authzid && *o->authzid) {
			buf_adds(&gs2, "a=");
			for (const char *c = o->authzid; *c; c++)
				buf_adds(&gs2, *c == ',' ? "=2C" : *c == '=' ? "=3D" : (char[]){*c, 0});
		}
		buf_adds(&gs2, ",");
		struct buf *r = &out->response;
		buf_add(r, gs2.data, gs2.len);
		buf_addc(r, KVSEP);
		buf_printf(r, "host=%s", o->host);
		buf_addc(r, KVSEP);
		if (o->port) {
			buf_printf(r, "port=%u", o->port);
			buf_addc(r, KVSEP);
		}
		buf_adds(r, "auth=");
		buf_add(r, auth.data, auth.len);
		buf_addc(r, KVSEP);
		buf_addc(r, KVSEP);
		sasl_say_bytes(out, AK_CALC, 1, "auth=", auth.data, auth.len, NULL);
		sasl_say(out, AK_CALC, 1, "%s",
			 _("message = gs2-header kvsep host=... kvsep [port=... kvsep] "
			   "auth=OAuth ... kvsep kvsep, kvsep being the byte 0x01 (RFC 7628 "
			   "section 3.1)"));
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("the secrets are not sent, but the signed request works for whoever "
			   "holds it until the server forgets the nonce: use it only over TLS"));
		buf_free(&auth);
		buf_free(&gs2);
		o->phase = 1;
	}
	if (key) {
		wipe(key, strlen(key));
		free(key);
	}
	free(base);
	free(sig);
	return st;
}

static enum sasl_status oauth1_step(void *state, const uint8_t *challenge, size_t len,
				    struct sasl_step *out)
{
	struct oauth1 *o = state;
	out->secret = false;
	if (o->phase == 0) {
		if (challenge && len)
			return sasl_fail(out, _("the server sent data before the client's "
						"OAUTH10A message"));
		return first(o, out);
	}
	if (o->phase == 1) {
		/* RFC 7628 section 3.2.3: an error comes as a challenge the
		 * client answers with a single kvsep; the 535 follows. */
		sasl_say_bytes(out, AK_CALC, 0, _("the server's error: "), challenge, len, NULL);
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("the client answers an error with the byte 0x01 alone; the server "
			   "then ends the exchange with its failure reply (RFC 7628 section "
			   "3.2.3)"));
		buf_addc(&out->response, KVSEP);
		o->phase = 2;
		return SASL_CONTINUE;
	}
	return sasl_fail(out, _("a challenge after the error was answered: the server kept "
				"asking and the client cancels with \"*\""));
}

const struct sasl_mech sasl_mech_oauth10a = {
	.name = "OAUTH10A",
	.client_first = true,
	.reveals_password = false,
	.rfc = "RFC 7628",
	.init = oauth1_init,
	.step = oauth1_step,
	.done = oauth1_done,
	.needs_password = false,
	.needs_token = true,
	.rank = 35,
};
