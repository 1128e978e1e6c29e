/* TLS on a non-blocking socket with OpenSSL 3: STARTTLS and implicit TLS.
 * Verification is on unless `insecure`: the chain against the system store
 * or `cafile`, and the host name (or IP address) with SSL_set1_host. A
 * failed verification fails the handshake; its reason is in the error.
 * Writes to the socket use send(MSG_NOSIGNAL), but callers must still
 * ignore SIGPIPE: other writes (plaintext, the terminal) can raise it. */
#ifndef SMTPDBG_TLS_H
#define SMTPDBG_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "smtpdbg/buf.h"

struct dane_set;

/* What the user chose of the TLS handshake (DESIGN §2): versions, cipher
 * lists as OpenSSL spells them, the name verified apart from the target,
 * the PEM chain shown, the session keys logged for Wireshark. NULL fields
 * keep the defaults (TLS 1.2 and up, OpenSSL's lists). */
struct tls_choice {
	const char *tls_min, *tls_max; /* "1.0" ... "1.3" */
	const char *ciphers;           /* TLS <= 1.2 (SSL_set_cipher_list) */
	const char *ciphersuites;      /* TLS 1.3 (SSL_set_ciphersuites) */
	const char *groups;            /* key exchange groups, "X25519:P-256" */
	const char *verify_name;       /* check this name instead of the host */
	const char *keylog;            /* append NSS key log lines here (0600) */
	bool keylog_from_env;          /* keylog came from SSLKEYLOGFILE: warn */
	bool show_chain;               /* the description ends in the PEM chain */
	bool any_strength;             /* accept weak keys and hashes (tls-report
					* judges them itself): security level 0 */
};

/* "1.2" -> TLS1_2_VERSION; 0 for anything else. */
int tls_version_number(const char *s);
/* Whether OpenSSL takes the cipher and group lists of c: 0, or -1 with
 * the reason in err (for a usage error before connecting). */
int tls_choice_check(const struct tls_choice *c, struct buf *err);

struct tls_opts {
	const char *host;   /* name to verify (and to send as SNI if a DNS name) */
	const char *sni;    /* SNI override; NULL: host when it is a DNS name; "": none */
	const char *cafile; /* trust these CAs instead of the system store */
	const char *cert, *key; /* client certificate, optional */
	bool insecure;      /* do not verify (the result is still reported) */
	const struct tls_choice *choice; /* NULL: the defaults */
	void *resume;       /* a session from tls_session_get to offer, or NULL */
	/* DANE (RFC 7672): the TLSA lookup's result, or NULL for none. With
	 * usable records OpenSSL matches them; validated ones decide instead
	 * of the WebPKI, unvalidated ones are only reported. Must outlive the
	 * connection. */
	const struct dane_set *dane;
};

enum tls_io {
	TLS_IO_OK,          /* done / bytes transferred */
	TLS_IO_WANT_READ,   /* wait for POLLIN, then call the same function */
	TLS_IO_WANT_WRITE,  /* wait for POLLOUT, then call the same function */
	TLS_IO_CLOSED,      /* the peer closed the TLS session (with or without
			     * close_notify; tls_error says which). A close
			     * during the handshake is TLS_IO_ERROR. */
	TLS_IO_ERROR,       /* see tls_error */
};

struct tls_conn;

/* Prepare a client session on fd (not owned). NULL with err on failure
 * (bad cafile, cert or key). */
struct tls_conn *tls_new(int fd, const struct tls_opts *o, struct buf *err);
void tls_free(struct tls_conn *t);

/* Drive the handshake; call again after the wanted readiness. */
enum tls_io tls_handshake(struct tls_conn *t);

/* Read up to n bytes; *got receives the count on TLS_IO_OK. */
enum tls_io tls_read(struct tls_conn *t, void *p, size_t n, size_t *got);
/* Write up to n bytes; *put may be less than n (partial writes are on): send
 * the rest next. On WANT_* call again with the same bytes and length. */
enum tls_io tls_write(struct tls_conn *t, const void *p, size_t n, size_t *put);
/* Send close_notify once the session is up (does not wait for the peer's);
 * TLS_IO_OK when sent or nothing is left to do (no session, fatal error). */
enum tls_io tls_shutdown(struct tls_conn *t);
/* Decrypted bytes waiting in OpenSSL (poll() cannot see them). */
bool tls_pending(const struct tls_conn *t);
/* The last error, in words (verification reason, alert, syscall). */
const char *tls_error(const struct tls_conn *t);

/* After the handshake: the protocol and cipher ("TLSv1.3 TLS_AES_256_GCM_SHA384"),
 * whether verification passed (and why not), and the peer certificate:
 * subject, subject alternative names, issuer, validity. UTF-8 lines. */
void tls_describe(const struct tls_conn *t, struct buf *out);
const char *tls_version(const struct tls_conn *t);
const char *tls_cipher(const struct tls_conn *t);
bool tls_verified(const struct tls_conn *t);
/* Whole days until the server certificate's notAfter (negative once it
 * has expired). Returns 0, or -1 when there is no certificate. */
int tls_cert_days(const struct tls_conn *t, int *days);

/* After the handshake (or its failure): the DANE outcome, which record
 * matched at which depth (dane.h). */
struct dane_outcome;
void tls_dane_outcome(const struct tls_conn *t, struct dane_outcome *o);

/* Channel binding data for SCRAM-*-PLUS (RFC 5056) after the handshake:
 * "tls-exporter" (RFC 9266) on TLS 1.3, "tls-server-end-point" (RFC 5929)
 * before. out has room for *len bytes; *len is set to what was written.
 * Returns 0, or -1 when there is none. */
int tls_channel_binding(const struct tls_conn *t, const char **type, uint8_t *out, size_t *len);

/* For tls-report, after a handshake made with insecure (verification
 * recorded, not enforced): each certificate sent, how the chain verified,
 * whether it is valid for name, the OCSP staple (tls_facts.c). */
struct tls_report_facts;
void tls_gather_facts(const struct tls_conn *t, const char *name, struct tls_report_facts *f);
/* The key exchange group of the session ("X25519"), or "". */
const char *tls_group(const struct tls_conn *t);
/* The session to offer on a later connection (tls_opts.resume), NULL when
 * the server gave none; free it with tls_session_free. tls_resumed: the
 * server took the offered one. */
void *tls_session_get(const struct tls_conn *t);
void tls_session_free(void *session);
bool tls_resumed(const struct tls_conn *t);

/* Acknowledge received bytes at once (TCP_QUICKACK), after every read
 * from a socket: no 40 ms stall behind a server's Nagle (quickack.c). */
void net_quickack(int fd);

#endif
