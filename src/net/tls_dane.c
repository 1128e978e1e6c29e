/* DANE in the TLS client (RFC 7672) with OpenSSL's own support: the usable
 * TLSA records handed to SSL_dane_tlsa_add, the match read back with
 * SSL_get0_dane_tlsa. Validated records decide the verification; records
 * the resolver did not validate are matched for the report only, and the
 * usual WebPKI check (tls_pkix_verify) decides. */
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "smtpdbg/dane.h"
#include "smtpdbg/i18n.h"
#include "tls_impl.h"

int tls_dane_setup(struct tls_conn *t, const struct dane_set *s, struct buf *err)
{
	t->dane = s;
	if (s->status != DANE_L_FOUND || s->usable == 0)
		return 0; /* nothing OpenSSL could match: reported only */
	/* The base domain is the name checked for DANE-TA(2): the MX host
	 * (or --verify-name), the name the TLSA records were asked for. */
	const char *base = t->host ? t->host : s->host;
	if (SSL_CTX_dane_enable(t->ctx) <= 0 || SSL_dane_enable(t->ssl, base) <= 0) {
		buf_adds(err, _("cannot set up DANE: "));
		unsigned long e = ERR_get_error();
		buf_adds(err, e ? ERR_reason_error_string(e) : _("unknown error"));
		ERR_clear_error();
		return -1;
	}
	/* RFC 7672 §3.1.1: a DANE-EE(3) match is the whole check, names
	 * included. */
	SSL_dane_set_flags(t->ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
	int added = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct dane_tlsa *r = &s->rec[i];
		if (r->usable && SSL_dane_tlsa_add(t->ssl, r->usage, r->selector, r->mtype,
						   r->data, r->len) > 0)
			added++;
	}
	ERR_clear_error(); /* a record OpenSSL refused is simply not matched */
	t->dane_on = added > 0;
	t->dane_enforce = t->dane_on && s->validated;
	t->dane_err = X509_V_OK;
	return 0;
}

long tls_pkix_verify(const struct tls_conn *t)
{
	X509 *leaf = SSL_get0_peer_certificate(t->ssl);
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(t->ssl);
	X509_STORE_CTX *x = X509_STORE_CTX_new();
	long v = X509_V_ERR_UNSPECIFIED;
	if (x && leaf &&
	    X509_STORE_CTX_init(x, SSL_CTX_get_cert_store(t->ctx), leaf, chain) == 1) {
		X509_STORE_CTX_set_default(x, "ssl_server");
		/* The same names and flags the handshake would have checked. */
		X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(x), SSL_get0_param(t->ssl));
		v = X509_verify_cert(x) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(x);
	}
	X509_STORE_CTX_free(x);
	ERR_clear_error();
	return v;
}

void tls_dane_outcome(const struct tls_conn *t, struct dane_outcome *o)
{
	o->matched = -1;
	o->depth = -1;
	if (t->dane_on) {
		uint8_t u, sel, mt;
		const unsigned char *data;
		size_t len;
		int depth = SSL_get0_dane_tlsa(t->ssl, &u, &sel, &mt, &data, &len);
		for (size_t i = 0; depth >= 0 && i < t->dane->n; i++) {
			const struct dane_tlsa *r = &t->dane->rec[i];
			if (r->usable && r->usage == u && r->selector == sel && r->mtype == mt &&
			    r->len == len && !memcmp(r->data, data, len)) {
				o->matched = (int)i;
				o->depth = depth;
				break;
			}
		}
	}
	o->result = dane_judge(t->dane, false, t->done, o->matched);
	/* Records OpenSSL refused (a full certificate that does not parse)
	 * were never matched: unusable, not a failed match. */
	if (o->result != DANE_R_LOOKUP_FAILED && t->dane && t->dane->usable && !t->dane_on)
		o->result = DANE_R_UNUSABLE;
}

void tls_dane_describe(const struct tls_conn *t, struct buf *out)
{
	if (!t->dane || t->dane->status == DANE_L_NOT_ASKED)
		return;
	struct dane_outcome o;
	tls_dane_outcome(t, &o);
	dane_describe_outcome(t->dane, &o, out);
}
