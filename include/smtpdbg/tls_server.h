/* TLS, the server side, for the teaching server's STARTTLS (OpenSSL 3).
 * The certificate is self-signed and made in memory at start (EC P-256,
 * names: the server's host name, 127.0.0.1 and ::1), so nothing is read
 * from or written to disk. Clients must skip verification (or pin the
 * fingerprint printed at start): this is a lesson, not a trust anchor.
 * OpenSSL writes to the socket with write(): callers must ignore SIGPIPE. */
#ifndef SMTPDBG_TLS_SERVER_H
#define SMTPDBG_TLS_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/tls.h"

struct tls_server;
struct tls_srv_conn;

/* Make a key and certificate for hostname. NULL with err on failure. */
struct tls_server *tls_server_new(const char *hostname, struct buf *err);
/* The same with a given certificate (PEM: the leaf, then any chain to
 * send after it) and its key (PEM), e.g. one the proxy's CA issued. */
struct tls_server *tls_server_new_pem(const char *cert_pem, const char *key_pem,
				      struct buf *err);
void tls_server_free(struct tls_server *ts);
/* "SHA256 AB:CD:..." of the certificate, for people to compare. */
const char *tls_server_fingerprint(const struct tls_server *ts);

/* A server session on fd (not owned). NULL with err on failure. */
struct tls_srv_conn *tls_srv_new(struct tls_server *ts, int fd, struct buf *err);
void tls_srv_free(struct tls_srv_conn *c);

/* The same contract as the client's tls_handshake, tls_read, tls_write,
 * tls_shutdown and tls_pending (tls.h). */
enum tls_io tls_srv_handshake(struct tls_srv_conn *c);
enum tls_io tls_srv_read(struct tls_srv_conn *c, void *p, size_t n, size_t *got);
enum tls_io tls_srv_write(struct tls_srv_conn *c, const void *p, size_t n, size_t *put);
enum tls_io tls_srv_shutdown(struct tls_srv_conn *c);
const char *tls_srv_error(const struct tls_srv_conn *c);
/* Decrypted bytes OpenSSL holds that a read returns without waiting. */
bool tls_srv_pending(const struct tls_srv_conn *c);
/* "TLSv1.3 TLS_AES_256_GCM_SHA384" once the handshake is done. */
const char *tls_srv_describe(const struct tls_srv_conn *c);

#endif
