/* What the connection's certificate and TLS parameters are, in words:
 * the description behind "TLS established" and a failed verification. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "smtpdbg/dane.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "tls_impl.h"

/* The server's certificate; after a failed verification OpenSSL keeps it
 * only in the chain, which is exactly when the user needs to see it. */
static X509 *peer_cert(const struct tls_conn *t)
{
	X509 *x = SSL_get0_peer_certificate(t->ssl);
	STACK_OF(X509) *chain = x ? NULL : SSL_get_peer_cert_chain(t->ssl);
	if (chain && sk_X509_num(chain) > 0)
		x = sk_X509_value(chain, 0);
	return x;
}

/* --- Description ------------------------------------------------------------ */

void tls_add_name(struct buf *out, const char *label, const X509_NAME *name)
{
	buf_adds(out, label);
	BIO *m = BIO_new(BIO_s_mem());
	/* RFC 2253 order (CN first), UTF-8 kept; esc_append makes it inert. */
	if (m && X509_NAME_print_ex(m, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		char *p;
		long n = BIO_get_mem_data(m, &p);
		esc_append(out, p, n > 0 ? (size_t)n : 0, 0);
	}
	BIO_free(m);
	buf_addc(out, '\n');
}

static void add_string(struct buf *out, const char *prefix, const ASN1_STRING *s)
{
	buf_adds(out, prefix);
	esc_append(out, ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s), 0);
}

/* "DNS:a, IP:192.0.2.1", nothing when there are none. */
void tls_add_sans_list(struct buf *out, const X509 *cert)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	int n = gens ? sk_GENERAL_NAME_num(gens) : 0;
	for (int i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		if (i)
			buf_adds(out, ", ");
		if (g->type == GEN_DNS) {
			add_string(out, "DNS:", g->d.dNSName);
		} else if (g->type == GEN_IPADD) {
			char a[INET6_ADDRSTRLEN];
			int len = ASN1_STRING_length(g->d.iPAddress);
			int af = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
			if (af && inet_ntop(af, ASN1_STRING_get0_data(g->d.iPAddress), a, sizeof a))
				buf_printf(out, "IP:%s", a);
			else
				buf_adds(out, "IP:?");
		} else if (g->type == GEN_EMAIL) {
			add_string(out, "email:", g->d.rfc822Name);
		} else if (g->type == GEN_URI) {
			add_string(out, "URI:", g->d.uniformResourceIdentifier);
		} else {
			buf_printf(out, _("(a name of type %d)"), g->type);
		}
	}
	GENERAL_NAMES_free(gens);
}

static void add_sans(struct buf *out, const X509 *cert)
{
	buf_adds(out, _("alt names: "));
	size_t before = out->len;
	tls_add_sans_list(out, cert);
	if (out->len == before)
		buf_adds(out, _("none"));
	buf_addc(out, '\n');
}

static void add_time(struct buf *out, const ASN1_TIME *at)
{
	struct tm tm;
	char s[32];
	if (ASN1_TIME_to_tm(at, &tm) == 1 && strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S UTC", &tm))
		buf_adds(out, s);
	else
		buf_adds(out, "?");
}

void tls_add_validity(struct buf *out, const X509 *cert)
{
	const ASN1_TIME *from = X509_get0_notBefore(cert), *until = X509_get0_notAfter(cert);
	buf_adds(out, _("valid: "));
	add_time(out, from);
	buf_adds(out, _(" to "));
	add_time(out, until);
	int days = 0, secs = 0;
	if (X509_cmp_current_time(until) < 0)
		buf_adds(out, _(" (expired)"));
	else if (X509_cmp_current_time(from) > 0)
		buf_adds(out, _(" (not yet valid)"));
	else if (ASN1_TIME_diff(&days, &secs, NULL, until) == 1)
		buf_printf(out, P_(" (%d day left)", " (%d days left)", (unsigned long)days), days);
	buf_addc(out, '\n');
}

static void add_verification(const struct tls_conn *t, struct buf *out, bool have_cert)
{
	buf_adds(out, _("verification: "));
	long v = tls_verify_result(t);
	if (!have_cert) {
		buf_adds(out, _("no certificate received"));
	} else if (v == X509_V_OK && !t->done) {
		buf_adds(out, _("not finished"));
	} else if (v == X509_V_OK && t->dane_enforce) {
		buf_adds(out, _("passed by DANE (a TLSA record validated by DNSSEC matched; the "
				"WebPKI does not decide, RFC 7672)"));
	} else if (v == X509_V_OK && t->host) {
		buf_adds(out, _("passed (chain and name "));
		tls_add_quoted(out, t->host);
		buf_addc(out, ')');
	} else if (v == X509_V_OK) {
		buf_adds(out, _("chain passed; no host name was checked"));
	} else {
		buf_adds(out, _("FAILED: "));
		tls_add_verify_reason(t, out, v);
		if (t->insecure)
			buf_adds(out, _(" (ignored: verification is off)"));
	}
	buf_addc(out, '\n');
}

void tls_describe(const struct tls_conn *t, struct buf *out)
{
	if (*tls_version(t)) {
		buf_printf(out, _("protocol: %s\n"), tls_version(t));
		buf_printf(out, _("cipher: %s\n"), tls_cipher(t));
	}
	X509 *cert = peer_cert(t);
	add_verification(t, out, cert != NULL);
	tls_dane_describe(t, out);
	if (!cert) {
		tls_describe_more(t, out, NULL);
		return;
	}
	tls_add_name(out, _("subject: "), X509_get_subject_name(cert));
	add_sans(out, cert);
	tls_add_name(out, _("issuer: "), X509_get_issuer_name(cert));
	tls_add_validity(out, cert);
	tls_describe_more(t, out, cert);
}


int tls_cert_days(const struct tls_conn *t, int *days)
{
	X509 *cert = t && t->ssl ? SSL_get0_peer_certificate(t->ssl) : NULL;
	int d = 0, secs = 0;
	if (!cert || ASN1_TIME_diff(&d, &secs, NULL, X509_get0_notAfter(cert)) != 1)
		return -1;
	/* Whole days: 9 days and 23 hours left is 9 days. */
	if (d < 0 || (d == 0 && secs < 0))
		*days = d - (secs < 0 ? 1 : 0);
	else
		*days = d;
	return 0;
}
