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
	struct buf err;
};

/* The first problem the certificate check found (X509_V_OK: none). */
long tls_verify_result(const struct tls_conn *t);
/* OpenSSL's reason for v, and the name it was checked against. */
void tls_add_verify_reason(const struct tls_conn *t, struct buf *b, long v);
/* s in double quotes, escaped. */
void tls_add_quoted(struct buf *b, const char *s);

#endif
