/* What the files of the TLS client share. Private to src/net. */
#ifndef SMTPDBG_TLS_IMPL_H
#define SMTPDBG_TLS_IMPL_H

#include <stdbool.h>

#include <openssl/ssl.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/tls.h"

struct tls_conn {
	SSL_CTX *ctx;
	SSL *ssl;
	char *host;     /* the name (or address) checked against the certificate */
	bool insecure;
	bool done;      /* the handshake completed */
	bool fatal;     /* OpenSSL forbids SSL_shutdown after a fatal error */
	int verify_err; /* the first problem the certificate check found */
	bool show_chain;      /* the description ends in the PEM chain */
	int keylog_fd;        /* -1: no key log */
	char *keylog;         /* its path */
	bool keylog_from_env; /* from SSLKEYLOGFILE: a warning each session */
	int keylog_errno;     /* the first failed write */
	const struct dane_set *dane; /* the TLSA lookup, or NULL */
	bool dane_on;      /* OpenSSL matches usable TLSA records */
	bool dane_enforce; /* ... validated ones: DANE decides (RFC 7672 §2.2) */
	bool own_verify;   /* verify_err is our own WebPKI check (unvalidated
			    * records: DANE matched for the report only) */
	int dane_err;      /* then: DANE's first failure */
	struct buf err;
};

/* DANE on t->ssl for the usable records of s (tls_dane.c). -1 with err. */
int tls_dane_setup(struct tls_conn *t, const struct dane_set *s, struct buf *err);
/* Unvalidated records: the WebPKI verification the handshake did not do
 * (X509_V_OK or the first error). */
long tls_pkix_verify(const struct tls_conn *t);
/* The outcome lines of the description. */
void tls_dane_describe(const struct tls_conn *t, struct buf *out);

/* The first problem the certificate check found (X509_V_OK: none). */
long tls_verify_result(const struct tls_conn *t);
/* OpenSSL's reason for v, and the name it was checked against. */
void tls_add_verify_reason(const struct tls_conn *t, struct buf *b, long v);
/* Versions, lists, OCSP request and key log of c (NULL: defaults) on
 * t->ctx, before SSL_new. -1 with err. */
int tls_apply_choice(struct tls_conn *t, const struct tls_choice *c, struct buf *err);
/* Lines of the description (tls_describe.c, tls_chain.c). */
void tls_add_name(struct buf *out, const char *label, const X509_NAME *name);
void tls_add_sans_list(struct buf *out, const X509 *cert);
void tls_add_validity(struct buf *out, const X509 *cert);
void tls_add_key(struct buf *out, const X509 *cert);
void tls_add_fingerprint(struct buf *out, const X509 *cert);
void tls_add_cert_facts(struct buf *out, const char *prefix, const X509 *cert);
/* After the leaf (NULL: none): its facts, the chain, OCSP, session, key
 * log, PEM. */
void tls_describe_more(const struct tls_conn *t, struct buf *out, const X509 *leaf);
/* s in double quotes, escaped. */
void tls_add_quoted(struct buf *b, const char *s);

#endif
