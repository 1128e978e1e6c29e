/* The rest of what the handshake showed, after the leaf's description:
 * per certificate its key, signature algorithm and fingerprint, the
 * certificates above the leaf, the stapled OCSP answer, whether the
 * session was resumed, the key log warning and, when asked, the PEM. */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "smtpdbg/i18n.h"
#include "tls_impl.h"

/* "RSA 2048 bits", "EC 256 bits (prime256v1)", "ED25519 256 bits". */
void tls_add_key(struct buf *out, const X509 *cert)
{
	EVP_PKEY *k = X509_get0_pubkey(cert);
	if (!k) {
		buf_adds(out, "?");
		return;
	}
	const char *type = EVP_PKEY_get0_type_name(k);
	buf_printf(out, P_("%s %d bit", "%s %d bits", (unsigned long)EVP_PKEY_get_bits(k)),
		   type ? type : "?", EVP_PKEY_get_bits(k));
	char group[64];
	size_t glen = 0;
	if (EVP_PKEY_get_group_name(k, group, sizeof group, &glen) == 1 && glen)
		buf_printf(out, " (%s)", group);
}

void tls_add_fingerprint(struct buf *out, const X509 *cert)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!X509_digest(cert, EVP_sha256(), md, &n)) {
		buf_adds(out, "?");
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		buf_printf(out, i ? ":%02X" : "%02X", md[i]);
}

/* Key, signature and fingerprint lines, each with prefix before it. */
void tls_add_cert_facts(struct buf *out, const char *prefix, const X509 *cert)
{
	buf_printf(out, _("%skey: "), prefix);
	tls_add_key(out, cert);
	int nid = X509_get_signature_nid(cert);
	buf_printf(out, _("\n%ssignature: %s\n"), prefix,
		   nid != NID_undef ? OBJ_nid2ln(nid) : "?");
	buf_printf(out, _("%sSHA-256 fingerprint: "), prefix);
	tls_add_fingerprint(out, cert);
	buf_addc(out, '\n');
}

/* The certificates the server sent after its own. */
static void add_chain(struct buf *out, STACK_OF(X509) *chain)
{
	int n = chain ? sk_X509_num(chain) : 0;
	for (int i = 1; i < n; i++) {
		X509 *x = sk_X509_value(chain, i);
		buf_printf(out, _("chain certificate %d of %d:\n"), i + 1, n);
		tls_add_name(out, _("  subject: "), X509_get_subject_name(x));
		tls_add_name(out, _("  issuer: "), X509_get_issuer_name(x));
		buf_adds(out, "  ");
		tls_add_validity(out, x);
		tls_add_cert_facts(out, "  ", x);
	}
}

static void add_ocsp(struct buf *out, SSL *ssl)
{
	const unsigned char *p = NULL;
	long len = SSL_get_tlsext_status_ocsp_resp(ssl, &p);
	buf_adds(out, _("OCSP stapling: "));
	if (len <= 0 || !p) {
		buf_adds(out, _("asked for; the server stapled no response\n"));
		return;
	}
	OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, len);
	int st = r ? OCSP_response_status(r) : -1;
	OCSP_BASICRESP *b = st == OCSP_RESPONSE_STATUS_SUCCESSFUL ? OCSP_response_get1_basic(r)
								 : NULL;
	if (!r) {
		buf_adds(out, _("a response that does not parse\n"));
	} else if (!b) {
		buf_printf(out, _("the responder said \"%s\"\n"), OCSP_response_status_str(st));
	} else {
		/* The first single response: a server staples its own. */
		OCSP_SINGLERESP *s = OCSP_resp_get0(b, 0);
		int reason = 0;
		int cs = s ? OCSP_single_get0_status(s, &reason, NULL, NULL, NULL) : -1;
		buf_printf(out, _("stapled, certificate status \"%s\" (the response's signature "
				  "is not checked)\n"),
			   cs >= 0 ? OCSP_cert_status_str(cs) : "?");
	}
	OCSP_BASICRESP_free(b);
	OCSP_RESPONSE_free(r);
}

static void add_session(struct buf *out, SSL *ssl)
{
	SSL_SESSION *s = SSL_get0_session(ssl);
	if (SSL_session_reused(ssl))
		buf_adds(out, _("session: resumed (no certificate exchange this time)\n"));
	else if (s && SSL_SESSION_is_resumable(s))
		buf_adds(out, _("session: new; the server allows resuming it\n"));
	else if (SSL_version(ssl) >= TLS1_3_VERSION)
		buf_adds(out, _("session: new (a TLS 1.3 server sends its tickets after the "
				"handshake)\n"));
	else
		buf_adds(out, _("session: new; the server does not allow resuming it\n"));
}

static void add_pem(struct buf *out, STACK_OF(X509) *chain)
{
	BIO *m = BIO_new(BIO_s_mem());
	for (int i = 0; m && chain && i < sk_X509_num(chain); i++)
		PEM_write_bio_X509(m, sk_X509_value(chain, i));
	char *p;
	long n = m ? BIO_get_mem_data(m, &p) : 0;
	if (n > 0)
		buf_add(out, p, (size_t)n);
	BIO_free(m);
}

void tls_describe_more(const struct tls_conn *t, struct buf *out, const X509 *leaf)
{
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(t->ssl);
	if (leaf) {
		tls_add_cert_facts(out, "", leaf);
		add_chain(out, chain);
	}
	if (t->done) {
		add_ocsp(out, t->ssl);
		add_session(out, t->ssl);
	}
	if (t->keylog) {
		if (t->keylog_from_env)
			buf_adds(out, _("warning: the TLS session keys are being logged to "));
		else
			buf_adds(out, _("the TLS session keys are logged to "));
		tls_add_quoted(out, t->keylog);
		if (t->keylog_from_env)
			buf_adds(out, _(" (SSLKEYLOGFILE is set): anyone who can read it can "
					"decrypt this session"));
		if (t->keylog_errno)
			buf_printf(out, _(" (writing failed: %s)"), strerror(t->keylog_errno));
		buf_addc(out, '\n');
	}
	if (t->show_chain)
		add_pem(out, chain);
}
