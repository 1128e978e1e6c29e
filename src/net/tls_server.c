#include "smtpdbg/tls_server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct tls_server {
	SSL_CTX *ctx;
	char fingerprint[8 + 32 * 3];
};

struct tls_srv_conn {
	SSL *ssl;
	bool done;
	bool fatal; /* OpenSSL forbids SSL_shutdown after a fatal error */
	struct buf err;
	char desc[128];
};

static void queue_reason(struct buf *b)
{
	unsigned long e = ERR_peek_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	buf_adds(b, r ? r : _("unknown error"));
	ERR_clear_error();
}

/* --- The certificate ------------------------------------------------------ */

static bool add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	bool ok = ext && X509_add_ext(x, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

/* A certificate valid from a day ago for a year, for hostname and the
 * loopback addresses, signed by its own key. */
static X509 *make_cert(EVP_PKEY *key, const char *hostname)
{
	X509 *x = X509_new();
	if (!x)
		return NULL;
	struct buf san;
	buf_init(&san, 0);
	buf_printf(&san, "DNS:%s,IP:127.0.0.1,IP:::1", hostname);
	X509_NAME *name = X509_get_subject_name(x);
	bool ok = X509_set_version(x, X509_VERSION_3) == 1 &&
		  ASN1_INTEGER_set(X509_get_serialNumber(x), 1) == 1 &&
		  X509_gmtime_adj(X509_getm_notBefore(x), -86400) &&
		  X509_gmtime_adj(X509_getm_notAfter(x), 365L * 86400) &&
		  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
					     (const unsigned char *)"smtpdbg teaching server", -1,
					     -1, 0) == 1 &&
		  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					     (const unsigned char *)hostname, -1, -1, 0) == 1 &&
		  X509_set_issuer_name(x, name) == 1 && X509_set_pubkey(x, key) == 1 &&
		  add_ext(x, NID_subject_alt_name, san.data) &&
		  add_ext(x, NID_basic_constraints, "critical,CA:FALSE") &&
		  add_ext(x, NID_ext_key_usage, "serverAuth") &&
		  X509_sign(x, key, EVP_sha256()) > 0;
	buf_free(&san);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static void set_fingerprint(struct tls_server *ts, X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	strcpy(ts->fingerprint, "SHA256");
	if (!X509_digest(x, EVP_sha256(), md, &n))
		return;
	char *p = ts->fingerprint + 6;
	for (unsigned i = 0; i < n && i < 32; i++, p += 3)
		snprintf(p, 4, "%c%02X", i ? ':' : ' ', md[i]);
}

struct tls_server *tls_server_new(const char *hostname, struct buf *err)
{
	struct tls_server *ts = xcalloc(1, sizeof *ts);
	ERR_clear_error();
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = key ? make_cert(key, hostname) : NULL;
	ts->ctx = x ? SSL_CTX_new(TLS_server_method()) : NULL;
	if (!ts->ctx || SSL_CTX_set_min_proto_version(ts->ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_use_certificate(ts->ctx, x) != 1 || SSL_CTX_use_PrivateKey(ts->ctx, key) != 1) {
		buf_adds(err, _("cannot make the server's TLS certificate: "));
		queue_reason(err);
		X509_free(x);
		EVP_PKEY_free(key);
		tls_server_free(ts);
		return NULL;
	}
	SSL_CTX_set_mode(ts->ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
					  SSL_MODE_ENABLE_PARTIAL_WRITE);
	set_fingerprint(ts, x);
	X509_free(x);
	EVP_PKEY_free(key);
	return ts;
}

struct tls_server *tls_server_new_pem(const char *cert_pem, const char *key_pem,
				      struct buf *err)
{
	struct tls_server *ts = xcalloc(1, sizeof *ts);
	ERR_clear_error();
	BIO *cb = BIO_new_mem_buf(cert_pem, -1), *kb = BIO_new_mem_buf(key_pem, -1);
	X509 *x = cb ? PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
	EVP_PKEY *key = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL) : NULL;
	ts->ctx = x && key ? SSL_CTX_new(TLS_server_method()) : NULL;
	bool ok = ts->ctx && SSL_CTX_set_min_proto_version(ts->ctx, TLS1_2_VERSION) == 1 &&
		  SSL_CTX_use_certificate(ts->ctx, x) == 1 &&
		  SSL_CTX_use_PrivateKey(ts->ctx, key) == 1;
	/* The rest of the PEM is the chain sent after the leaf. */
	X509 *extra;
	while (ok && (extra = PEM_read_bio_X509(cb, NULL, NULL, NULL)))
		if (SSL_CTX_add0_chain_cert(ts->ctx, extra) != 1) {
			X509_free(extra);
			ok = false;
		}
	if (ok)
		ERR_clear_error(); /* the end of the PEM */
	BIO_free(cb);
	BIO_free(kb);
	EVP_PKEY_free(key);
	if (!ok) {
		buf_adds(err, _("cannot make the server's TLS certificate: "));
		queue_reason(err);
		X509_free(x);
		tls_server_free(ts);
		return NULL;
	}
	SSL_CTX_set_mode(ts->ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
					  SSL_MODE_ENABLE_PARTIAL_WRITE);
	set_fingerprint(ts, x);
	X509_free(x);
	return ts;
}

void tls_server_free(struct tls_server *ts)
{
	if (!ts)
		return;
	SSL_CTX_free(ts->ctx);
	free(ts);
}

const char *tls_server_fingerprint(const struct tls_server *ts)
{
	return ts->fingerprint;
}

/* --- Sessions ------------------------------------------------------------- */

struct tls_srv_conn *tls_srv_new(struct tls_server *ts, int fd, struct buf *err)
{
	struct tls_srv_conn *c = xcalloc(1, sizeof *c);
	buf_init(&c->err, 4096);
	ERR_clear_error();
	c->ssl = SSL_new(ts->ctx);
	if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
		buf_adds(err, _("cannot set up TLS: "));
		queue_reason(err);
		tls_srv_free(c);
		return NULL;
	}
	SSL_set_accept_state(c->ssl);
	return c;
}

void tls_srv_free(struct tls_srv_conn *c)
{
	if (!c)
		return;
	SSL_free(c->ssl);
	buf_free(&c->err);
	free(c);
}

static enum tls_io map(struct tls_srv_conn *c, int ret, int saved_errno)
{
	int e = SSL_get_error(c->ssl, ret);
	buf_reset(&c->err);
	switch (e) {
	case SSL_ERROR_WANT_READ:
		return TLS_IO_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return TLS_IO_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		buf_adds(&c->err, _("the client closed the TLS session"));
		return TLS_IO_CLOSED;
	case SSL_ERROR_SYSCALL:
		c->fatal = true;
		if (ERR_peek_error()) {
			queue_reason(&c->err);
		} else if (saved_errno) {
			buf_adds(&c->err, strerror(saved_errno));
		} else {
			buf_adds(&c->err, _("the client closed the connection"));
			return c->done ? TLS_IO_CLOSED : TLS_IO_ERROR;
		}
		return TLS_IO_ERROR;
	default:
		c->fatal = true;
		queue_reason(&c->err);
		return TLS_IO_ERROR;
	}
}

enum tls_io tls_srv_handshake(struct tls_srv_conn *c)
{
	if (c->done)
		return TLS_IO_OK;
	ERR_clear_error();
	errno = 0;
	int r = SSL_accept(c->ssl);
	int saved = errno;
	if (r != 1)
		return map(c, r, saved);
	c->done = true;
	const SSL_CIPHER *ci = SSL_get_current_cipher(c->ssl);
	snprintf(c->desc, sizeof c->desc, "%s %s", SSL_get_version(c->ssl),
		 ci ? SSL_CIPHER_get_name(ci) : "?");
	return TLS_IO_OK;
}

enum tls_io tls_srv_read(struct tls_srv_conn *c, void *p, size_t n, size_t *got)
{
	*got = 0;
	ERR_clear_error();
	errno = 0;
	int r = SSL_read_ex(c->ssl, p, n, got);
	int saved = errno;
	return r == 1 ? TLS_IO_OK : map(c, r, saved);
}

enum tls_io tls_srv_write(struct tls_srv_conn *c, const void *p, size_t n, size_t *put)
{
	*put = 0;
	if (n == 0)
		return TLS_IO_OK;
	ERR_clear_error();
	errno = 0;
	int r = SSL_write_ex(c->ssl, p, n, put);
	int saved = errno;
	return r == 1 ? TLS_IO_OK : map(c, r, saved);
}

enum tls_io tls_srv_shutdown(struct tls_srv_conn *c)
{
	if (!c->done || c->fatal)
		return TLS_IO_OK;
	ERR_clear_error();
	int r = SSL_shutdown(c->ssl);
	if (r >= 0)
		return TLS_IO_OK;
	return map(c, r, errno);
}

const char *tls_srv_error(const struct tls_srv_conn *c)
{
	return c->err.data ? c->err.data : "";
}

const char *tls_srv_describe(const struct tls_srv_conn *c)
{
	return c->desc;
}

bool tls_srv_pending(const struct tls_srv_conn *c)
{
	return SSL_pending(c->ssl) > 0;
}
