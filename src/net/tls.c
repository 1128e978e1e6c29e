#include "smtpdbg/tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "smtpdbg/dane.h"
#include "smtpdbg/escape.h"
#include "tls_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"


/* --- A socket BIO that cannot raise SIGPIPE ------------------------------
 * OpenSSL's socket BIO writes with write(), which raises SIGPIPE when the
 * peer has gone; send(MSG_NOSIGNAL) returns EPIPE instead. */

static BIO_METHOD *nosig_method;
static CRYPTO_ONCE nosig_once = CRYPTO_ONCE_STATIC_INIT;

static int bio_fd(BIO *b)
{
	return (int)(intptr_t)BIO_get_data(b);
}

static bool would_block(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

static int nosig_write(BIO *b, const char *p, int n)
{
	ssize_t r = send(bio_fd(b), p, (size_t)n, MSG_NOSIGNAL);
	BIO_clear_retry_flags(b);
	if (r < 0 && would_block(errno))
		BIO_set_retry_write(b);
	return (int)r;
}

static int nosig_read(BIO *b, char *p, int n)
{
	ssize_t r = recv(bio_fd(b), p, (size_t)n, 0);
	if (r > 0)
		net_quickack(bio_fd(b));
	BIO_clear_retry_flags(b);
	if (r < 0 && would_block(errno))
		BIO_set_retry_read(b);
	else if (r == 0)
		BIO_set_flags(b, BIO_FLAGS_IN_EOF); /* as the socket BIO: EOF is news */
	return (int)r;
}

static long nosig_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	switch (cmd) {
	case BIO_C_GET_FD:
		if (ptr)
			*(int *)ptr = bio_fd(b);
		return bio_fd(b);
	case BIO_CTRL_GET_CLOSE:
		return BIO_get_shutdown(b);
	case BIO_CTRL_SET_CLOSE:
		BIO_set_shutdown(b, (int)num);
		return 1;
	case BIO_CTRL_DUP:
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_EOF:
		return BIO_test_flags(b, BIO_FLAGS_IN_EOF) != 0;
	default:
		return 0;
	}
}

static void nosig_init(void)
{
	BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK |
					     BIO_TYPE_DESCRIPTOR,
				     "smtpdbg socket");
	if (m && BIO_meth_set_write(m, nosig_write) && BIO_meth_set_read(m, nosig_read) &&
	    BIO_meth_set_ctrl(m, nosig_ctrl))
		nosig_method = m;
	else
		BIO_meth_free(m);
}

/* The fd is not owned: closing it stays the caller's job. */
static BIO *nosig_bio(int fd)
{
	if (!CRYPTO_THREAD_run_once(&nosig_once, nosig_init) || !nosig_method)
		return NULL;
	BIO *b = BIO_new(nosig_method);
	if (b) {
		BIO_set_data(b, (void *)(intptr_t)fd);
		BIO_set_init(b, 1);
	}
	return b;
}

/* --- Errors -------------------------------------------------------------- */

static void set_error(struct tls_conn *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_error(struct tls_conn *t, const char *fmt, ...)
{
	buf_reset(&t->err);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&t->err, fmt, ap);
	va_end(ap);
}

/* The oldest error in OpenSSL's queue (usually the cause), then clear it. */
static void add_queue_reason(struct buf *b)
{
	unsigned long e = ERR_peek_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	if (e && ERR_SYSTEM_ERROR(e)) {
		buf_adds(b, strerror(ERR_GET_REASON(e))); /* e.g. a missing file */
	} else if (r) {
		buf_adds(b, r);
	} else if (e) {
		char tmp[256];
		ERR_error_string_n(e, tmp, sizeof tmp);
		buf_adds(b, tmp);
	} else {
		buf_adds(b, _("unknown error"));
	}
	ERR_clear_error();
}

void tls_add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	esc_append(b, s, strlen(s), 0);
	buf_addc(b, '"');
}

/* "cannot load the CA file "x": reason" */
static void file_error(struct buf *err, const char *what, const char *path)
{
	buf_adds(err, what);
	buf_addc(err, ' ');
	tls_add_quoted(err, path);
	buf_adds(err, ": ");
	add_queue_reason(err);
}

long tls_verify_result(const struct tls_conn *t)
{
	if (t->own_verify)
		return t->verify_err;
	return t->verify_err != X509_V_OK ? t->verify_err : SSL_get_verify_result(t->ssl);
}

void tls_add_verify_reason(const struct tls_conn *t, struct buf *b, long v)
{
	buf_adds(b, X509_verify_cert_error_string(v));
	if ((v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH) &&
	    t->host) {
		buf_adds(b, _(": the certificate is not valid for "));
		tls_add_quoted(b, t->host);
	}
	if (v == X509_V_ERR_DANE_NO_MATCH && t->dane)
		buf_printf(b, _(" (DANE FAILED: the TLSA records of %s, validated by DNSSEC, match "
				"none of the server's certificates, RFC 7672)"),
			   t->dane->qname);
}

static enum tls_io peer_eof(struct tls_conn *t)
{
	ERR_clear_error();
	t->fatal = true;
	if (!t->done) {
		set_error(t, "%s", _("the peer closed the connection during the TLS handshake"));
		return TLS_IO_ERROR;
	}
	set_error(t, "%s", _("the peer closed the connection without a TLS close_notify"));
	return TLS_IO_CLOSED;
}

static enum tls_io queue_error(struct tls_conn *t)
{
	unsigned long e = ERR_peek_error();
	int reason = ERR_GET_LIB(e) == ERR_LIB_SSL ? ERR_GET_REASON(e) : 0;
	if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
		return peer_eof(t);
	t->fatal = true;
	buf_reset(&t->err);
	if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
		buf_adds(&t->err, _("certificate verify failed: "));
		tls_add_verify_reason(t, &t->err, tls_verify_result(t));
		ERR_clear_error();
		return TLS_IO_ERROR;
	}
	add_queue_reason(&t->err);
	/* What a plaintext greeting looks like to a TLS client. */
	if (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG)
		buf_adds(&t->err, _(" (the server did not answer in TLS: is this a plaintext "
				    "or STARTTLS port?)"));
	return TLS_IO_ERROR;
}

/* Map the outcome of an SSL call that did not succeed. saved_errno is errno
 * right after the call (set to 0 before it). */
static enum tls_io map(struct tls_conn *t, int ret, int saved_errno)
{
	int e = SSL_get_error(t->ssl, ret);
	switch (e) {
	case SSL_ERROR_NONE:
		return TLS_IO_OK;
	case SSL_ERROR_WANT_READ:
		return TLS_IO_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return TLS_IO_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		set_error(t, "%s", _("the peer closed the TLS session"));
		return TLS_IO_CLOSED;
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_error())
			return queue_error(t);
		if (saved_errno == 0)
			return peer_eof(t);
		t->fatal = true;
		set_error(t, "%s", strerror(saved_errno));
		return TLS_IO_ERROR;
	case SSL_ERROR_SSL:
		return queue_error(t);
	default:
		t->fatal = true;
		set_error(t, _("unexpected OpenSSL state %d"), e);
		ERR_clear_error();
		return TLS_IO_ERROR;
	}
}

/* --- Set-up --------------------------------------------------------------- */

/* Record the first failed check. Verification goes on when insecure, so
 * the handshake completes and the result can still be shown. */
static int on_verify(int ok, X509_STORE_CTX *x)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_conn *t = ssl ? SSL_get_app_data(ssl) : NULL;
	if (!ok && t && t->dane_on && !t->dane_enforce) {
		/* Unvalidated records: DANE's verdict is only reported; the
		 * WebPKI check after the handshake decides. */
		if (t->dane_err == X509_V_OK)
			t->dane_err = X509_STORE_CTX_get_error(x);
		return 1;
	}
	if (!ok && t && t->verify_err == X509_V_OK)
		t->verify_err = X509_STORE_CTX_get_error(x);
	return t && t->insecure ? 1 : ok;
}

/* OpenSSL's default would prompt on the terminal, under the UI. */
static int no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)arg;
	return -1;
}

/* An IP literal, copied without any zone ("fe80::1%eth0") into out. */
static bool ip_literal(const char *s, char *out, size_t size)
{
	size_t n = strcspn(s, "%");
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	unsigned char a[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, out, a) == 1 || inet_pton(AF_INET6, out, a) == 1;
}

static int load_files(struct tls_conn *t, const struct tls_opts *o, struct buf *err)
{
	if (o->cafile) {
		if (SSL_CTX_load_verify_file(t->ctx, o->cafile) != 1) {
			file_error(err, _("cannot load the CA file"), o->cafile);
			return -1;
		}
	} else if (SSL_CTX_set_default_verify_paths(t->ctx) != 1) {
		buf_adds(err, _("cannot load the system's trusted certificates: "));
		add_queue_reason(err);
		return -1;
	}
	if (!o->cert)
		return 0;
	if (SSL_CTX_use_certificate_chain_file(t->ctx, o->cert) != 1) {
		file_error(err, _("cannot load the client certificate"), o->cert);
		return -1;
	}
	const char *key = o->key ? o->key : o->cert;
	if (SSL_CTX_use_PrivateKey_file(t->ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(t->ctx) != 1) {
		file_error(err, _("cannot use the client key"), key);
		return -1;
	}
	return 0;
}

/* Name check (DNS name or IP address) and SNI (DNS names only: RFC 6066
 * §3 forbids addresses there). */
static int set_names(struct tls_conn *t, const struct tls_opts *o, struct buf *err)
{
	char ip[INET6_ADDRSTRLEN];
	bool is_ip = t->host && ip_literal(t->host, ip, sizeof ip);
	if (t->host) {
		int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(t->ssl), ip)
			       : SSL_set1_host(t->ssl, t->host);
		if (ok != 1) {
			file_error(err, _("cannot check the certificate against"), t->host);
			return -1;
		}
		/* A name is checked against the DNS names (or addresses) in the
		 * subjectAltName only: OpenSSL would otherwise fall back to the
		 * subject's CN when there is no DNS SAN, which RFC 6125 §6.4.4
		 * leaves to legacy clients and which lets a CN-only certificate
		 * pass for any name it happens to carry. */
		SSL_set_hostflags(t->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |
						  X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
	}
	/* A unix socket's path is no name to send. */
	const char *sni = o->sni ? o->sni : is_ip || (t->host && t->host[0] == '/') ? NULL : t->host;
	if (sni && *sni && SSL_set_tlsext_host_name(t->ssl, sni) != 1) {
		file_error(err, _("cannot send the server name"), sni);
		return -1;
	}
	return 0;
}

struct tls_conn *tls_new(int fd, const struct tls_opts *o, struct buf *err)
{
	const char *vname = o->choice ? o->choice->verify_name : NULL;
	const char *host = vname && *vname ? vname : o->host && *o->host ? o->host : NULL;
	if (!host && !o->insecure) {
		buf_adds(err, _("no host name to check the server's certificate against"));
		return NULL;
	}
	if (o->key && !o->cert) {
		buf_adds(err, _("a client key needs a client certificate"));
		return NULL;
	}
	struct tls_conn *t = xcalloc(1, sizeof *t);
	buf_init(&t->err, 4096);
	t->insecure = o->insecure;
	t->verify_err = X509_V_OK;
	t->keylog_fd = -1;
	if (host) {
		/* "mx.example." names the same host; certificates never end in a dot. */
		size_t n = strlen(host);
		t->host = xstrndup(host, n > 1 && host[n - 1] == '.' ? n - 1 : n);
	}

	ERR_clear_error();
	t->ctx = SSL_CTX_new(TLS_client_method());
	if (!t->ctx || SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION) != 1) {
		buf_adds(err, _("cannot set up TLS: "));
		add_queue_reason(err);
		goto fail;
	}
	SSL_CTX_set_mode(t->ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
	SSL_CTX_set_default_passwd_cb(t->ctx, no_passphrase);
	if (load_files(t, o, err) < 0 || tls_apply_choice(t, o->choice, err) < 0)
		goto fail;

	t->ssl = SSL_new(t->ctx);
	BIO *bio = t->ssl ? nosig_bio(fd) : NULL;
	if (!bio) {
		buf_adds(err, _("cannot set up TLS: "));
		add_queue_reason(err);
		goto fail;
	}
	SSL_set_bio(t->ssl, bio, bio);
	SSL_set_app_data(t->ssl, t);
	SSL_set_verify(t->ssl, o->insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, on_verify);
	if (set_names(t, o, err) < 0 || (o->dane && tls_dane_setup(t, o->dane, err) < 0))
		goto fail;
	if (o->resume && SSL_set_session(t->ssl, o->resume) != 1)
		ERR_clear_error(); /* offered nothing: a full handshake */
	return t;
fail:
	tls_free(t);
	return NULL;
}

void tls_free(struct tls_conn *t)
{
	if (!t)
		return;
	SSL_free(t->ssl);
	SSL_CTX_free(t->ctx);
	free(t->host);
	if (t->keylog_fd >= 0)
		close(t->keylog_fd);
	free(t->keylog);
	buf_free(&t->err);
	free(t);
}

/* --- I/O ------------------------------------------------------------------ */

enum tls_io tls_handshake(struct tls_conn *t)
{
	if (t->done)
		return TLS_IO_OK;
	ERR_clear_error();
	errno = 0;
	int r = SSL_connect(t->ssl);
	int saved = errno;
	if (r != 1)
		return map(t, r, saved);
	/* A verified result means nothing without a certificate (anonymous
	 * ciphers): SSL_get_verify_result(3), BUGS. */
	if (!t->insecure && !SSL_get0_peer_certificate(t->ssl)) {
		t->fatal = true;
		set_error(t, "%s", _("the server sent no certificate"));
		return TLS_IO_ERROR;
	}
	if (t->dane_on && !t->dane_enforce) {
		t->own_verify = true;
		t->verify_err = (int)tls_pkix_verify(t);
		if (t->verify_err != X509_V_OK && !t->insecure) {
			t->fatal = true;
			buf_reset(&t->err);
			buf_adds(&t->err, _("certificate verify failed: "));
			tls_add_verify_reason(t, &t->err, t->verify_err);
			return TLS_IO_ERROR;
		}
	}
	t->done = true;
	buf_reset(&t->err);
	return TLS_IO_OK;
}

enum tls_io tls_read(struct tls_conn *t, void *p, size_t n, size_t *got)
{
	*got = 0;
	if (n == 0)
		return TLS_IO_OK;
	ERR_clear_error();
	errno = 0;
	int r = SSL_read_ex(t->ssl, p, n, got);
	int saved = errno;
	if (r == 1)
		return TLS_IO_OK;
	*got = 0;
	return map(t, r, saved);
}

enum tls_io tls_write(struct tls_conn *t, const void *p, size_t n, size_t *put)
{
	*put = 0;
	if (n == 0)
		return TLS_IO_OK;
	ERR_clear_error();
	errno = 0;
	int r = SSL_write_ex(t->ssl, p, n, put);
	int saved = errno;
	if (r == 1)
		return TLS_IO_OK;
	*put = 0;
	return map(t, r, saved);
}

enum tls_io tls_shutdown(struct tls_conn *t)
{
	if (!t->done || t->fatal)
		return TLS_IO_OK;
	ERR_clear_error();
	errno = 0;
	int r = SSL_shutdown(t->ssl);
	int saved = errno;
	if (r >= 0)
		return TLS_IO_OK; /* close_notify sent; the peer's is not awaited */
	return map(t, r, saved);
}

bool tls_pending(const struct tls_conn *t)
{
	/* Not SSL_has_pending: it also counts partial records, which can
	 * yield no data and would keep the loop from ever sleeping. */
	return SSL_pending(t->ssl) > 0;
}

const char *tls_error(const struct tls_conn *t)
{
	return t->err.data ? t->err.data : "";
}

const char *tls_version(const struct tls_conn *t)
{
	return SSL_get_current_cipher(t->ssl) ? SSL_get_version(t->ssl) : "";
}

const char *tls_cipher(const struct tls_conn *t)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(t->ssl);
	return c ? SSL_CIPHER_get_name(c) : "";
}

bool tls_verified(const struct tls_conn *t)
{
	return t->done && t->host && SSL_get0_peer_certificate(t->ssl) &&
	       tls_verify_result(t) == X509_V_OK;
}

/* --- Channel binding (RFC 5056) ------------------------------------------ */

int tls_channel_binding(const struct tls_conn *t, const char **type, uint8_t *out, size_t *len)
{
	if (!t->done)
		return -1;
	if (SSL_version(t->ssl) >= TLS1_3_VERSION) {
		/* RFC 9266: 32 bytes of exporter output; tls-unique is undefined
		 * for TLS 1.3. */
		static const char label[] = "EXPORTER-Channel-Binding";
		if (*len < 32 || SSL_export_keying_material(t->ssl, out, 32, label,
							    sizeof label - 1, NULL, 0, 0) != 1)
			return -1;
		*type = "tls-exporter";
		*len = 32;
		return 0;
	}
	/* RFC 5929 §4.1: a hash of the server's certificate, with the
	 * certificate's own signature hash, SHA-256 in place of MD5 or SHA-1. */
	X509 *cert = SSL_get0_peer_certificate(t->ssl);
	int md_nid = NID_undef, pk_nid;
	if (!cert || !OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, &pk_nid))
		return -1;
	const EVP_MD *md = md_nid == NID_md5 || md_nid == NID_sha1 || md_nid == NID_undef
				   ? EVP_sha256()
				   : EVP_get_digestbynid(md_nid);
	unsigned int n = 0;
	if (!md || (size_t)EVP_MD_get_size(md) > *len || !X509_digest(cert, md, out, &n))
		return -1;
	*type = "tls-server-end-point";
	*len = n;
	return 0;
}
