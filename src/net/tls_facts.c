/* The facts `smtpdbg tls-report` judges, read from a finished handshake:
 * each certificate sent, how the chain verified, whether the name fits,
 * the OCSP staple, the key exchange group. The judging is pure and lives
 * in src/proto/tls_findings.c. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "smtpdbg/tls_report.h"
#include "smtpdbg/xmalloc.h"
#include "tls_impl.h"

/* More is a broken or hostile server; the count still says how many. */
enum { MAX_CERTS = 100 };

/* Copy a buf's text into a fixed field, the newline dropped. */
static void take(char *dst, size_t cap, struct buf *b)
{
	size_t n = b->len;
	while (n && b->data[n - 1] == '\n')
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, b->data ? b->data : "", n);
	dst[n] = '\0';
	buf_reset(b);
}

static void fill_cert(struct tls_cert_facts *c, X509 *x)
{
	struct buf b;
	buf_init(&b, 0);
	tls_add_name(&b, "", X509_get_subject_name(x));
	take(c->subject, sizeof c->subject, &b);
	tls_add_name(&b, "", X509_get_issuer_name(x));
	take(c->issuer, sizeof c->issuer, &b);
	tls_add_sans_list(&b, x);
	take(c->sans, sizeof c->sans, &b);
	const ASN1_TIME *until = X509_get0_notAfter(x);
	struct tm tm;
	if (ASN1_TIME_to_tm(until, &tm) != 1 ||
	    !strftime(c->not_after, sizeof c->not_after, "%Y-%m-%d %H:%M:%S UTC", &tm))
		strcpy(c->not_after, "?");
	int d = 0, s = 0;
	if (ASN1_TIME_diff(&d, &s, NULL, until) == 1)
		c->days_left = d < 0 || (d == 0 && s < 0) ? d - (s < 0 ? 1 : 0) : d;
	c->expired = X509_cmp_current_time(until) < 0;
	c->not_yet_valid = X509_cmp_current_time(X509_get0_notBefore(x)) > 0;
	EVP_PKEY *k = X509_get0_pubkey(x);
	const char *type = k ? EVP_PKEY_get0_type_name(k) : NULL;
	snprintf(c->key_type, sizeof c->key_type, "%s", type ? type : "?");
	c->key_bits = k ? EVP_PKEY_get_bits(k) : 0;
	int nid = X509_get_signature_nid(x), md = NID_undef, pk = NID_undef;
	snprintf(c->signature, sizeof c->signature, "%s",
		 nid != NID_undef ? OBJ_nid2ln(nid) : "?");
	if (OBJ_find_sigid_algs(nid, &md, &pk))
		c->sig_weak_hash = md == NID_sha1 || md == NID_md5 || md == NID_md5_sha1;
	c->self_issued = X509_check_issued(x, x) == X509_V_OK;
	tls_add_fingerprint(&b, x);
	take(c->sha256, sizeof c->sha256, &b);
	buf_free(&b);
}

static int chain_state(long v, const struct tls_report_facts *f)
{
	switch (v) {
	case X509_V_OK:
		return TLS_CHAIN_TRUSTED;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return f->ncerts && f->certs[f->ncerts - 1].self_issued
			       ? TLS_CHAIN_UNTRUSTED_ROOT
			       : TLS_CHAIN_MISSING_INTERMEDIATE;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		return TLS_CHAIN_UNTRUSTED_ROOT;
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
	case X509_V_ERR_CA_MD_TOO_WEAK:
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
		return TLS_CHAIN_CERT_PROBLEM;
	default:
		return TLS_CHAIN_OTHER;
	}
}

static bool name_fits(X509 *x, const char *name)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, name, a) == 1 || inet_pton(AF_INET6, name, a) == 1)
		return X509_check_ip_asc(x, name, 0) == 1;
	return X509_check_host(x, name, 0,
			       X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |
				       X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
			       NULL) == 1;
}

void tls_gather_facts(const struct tls_conn *t, const char *name, struct tls_report_facts *f)
{
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(t->ssl);
	int n = chain ? sk_X509_num(chain) : 0;
	if (n > MAX_CERTS)
		n = MAX_CERTS;
	f->certs = n ? xcalloc((size_t)n, sizeof *f->certs) : NULL;
	f->ncerts = (size_t)n;
	for (int i = 0; i < n; i++)
		fill_cert(&f->certs[i], sk_X509_value(chain, i));
	long v = tls_verify_result(t);
	f->chain = chain_state(v, f);
	snprintf(f->chain_why, sizeof f->chain_why, "%s", X509_verify_cert_error_string(v));
	f->name = name;
	f->name_ok = n && name && name_fits(sk_X509_value(chain, 0), name);
	const unsigned char *p = NULL;
	f->ocsp_stapled = SSL_get_tlsext_status_ocsp_resp(t->ssl, &p) > 0;
}

void *tls_session_get(const struct tls_conn *t)
{
	SSL_SESSION *s = SSL_get1_session(t->ssl);
	if (s && !SSL_SESSION_is_resumable(s)) {
		SSL_SESSION_free(s);
		s = NULL;
	}
	return s;
}

void tls_session_free(void *session)
{
	SSL_SESSION_free(session);
}

bool tls_resumed(const struct tls_conn *t)
{
	return t->done && SSL_session_reused(t->ssl);
}

const char *tls_group(const struct tls_conn *t)
{
	int nid = SSL_get_negotiated_group(t->ssl);
	const char *s = nid ? SSL_group_to_name(t->ssl, nid) : NULL;
	/* The names --groups takes, as the report lists them. */
	static const char *const alias[][2] = {{"x25519", "X25519"}, {"x448", "X448"},
					       {"secp256r1", "P-256"}, {"prime256v1", "P-256"},
					       {"secp384r1", "P-384"}, {"secp521r1", "P-521"}};
	for (size_t i = 0; s && i < sizeof alias / sizeof alias[0]; i++)
		if (!strcmp(s, alias[i][0]))
			return alias[i][1];
	return s ? s : "";
}
