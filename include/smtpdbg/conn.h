/* One connection driver for every mode that talks to a socket: run,
 * relay-test, the interactive session and the teaching server. It
 * connects (every resolved address in turn), runs the TLS handshake,
 * answers OpenSSL's WANT_READ/WANT_WRITE, reads bytes OpenSSL already
 * decrypted, writes what its owner queued, and reports through callbacks
 * (OpenSMTPD's io_set_callback is the model). It holds its own
 * before-sleep hook on the loop, so no UI has to drive I/O.
 *
 * Fairness: each loop turn reads at most CONN_READ_BUDGET bytes from one
 * connection, so keys, signals, timers, redraws and other connections run
 * within a turn whatever a peer sends.
 *
 * A callback may free the connection (conn_free): the driver notices and
 * touches nothing more. */
#ifndef SMTPDBG_CONN_H
#define SMTPDBG_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/tls.h"
#include "smtpdbg/tls_server.h"

#define CONN_READ_BUDGET (64 * 1024)

struct conn;

struct conn_ops {
	/* The TCP connection is up (conn_connect): peer is numeric. */
	void (*connected)(void *arg, const char *peer);
	/* Bytes arrived (after TLS, decrypted). */
	void (*bytes)(void *arg, const void *p, size_t n);
	/* The owner's bytes waiting to be sent, and how many went. */
	size_t (*tx)(void *arg, const uint8_t **p);
	void (*tx_done)(void *arg, size_t n);
	/* The TLS handshake finished (conn_tls/conn_tls_server describe it). */
	void (*tls_up)(void *arg);
	/* The end, once: the connect failed, the peer closed, an error, or the
	 * handshake failed (tls true). Nothing more is reported after it. */
	void (*closed)(void *arg, const char *why, bool tls);
	/* A step on the path before connected(): the proxy reached, the
	 * tunnel open, a PROXY header sent (optional). */
	void (*hop)(void *arg, const char *note);
};

/* ops is copied; arg is passed to every callback. */
struct conn *conn_new(struct loop *l, const struct conn_ops *ops, void *arg);
/* Close the socket, cancel everything, free (also from inside a callback). */
void conn_free(struct conn *c);

/* Connect to host:port; connected() or closed() follows. */
void conn_connect(struct conn *c, const char *host, const char *port, int family,
		  int64_t timeout_ms);
struct net_path;
/* The same along a path (net_path.h: a local address, a proxy, a PROXY
 * header; p must outlive the connect; NULL: straight there). */
void conn_connect_path(struct conn *c, const char *host, const char *port, int family,
		       int64_t timeout_ms, const struct net_path *p);
/* Drive an already connected socket (an accepted client); c owns it now. */
void conn_adopt(struct conn *c, int fd);
/* A client's connection that exists already (--pipe's socketpair): as if
 * conn_connect had just connected to peer. */
void conn_connected_fd(struct conn *c, int fd, const char *peer);

/* Start TLS as the client, or as the server; the handshake runs in the
 * loop and ends in tls_up() or closed(..., true). Returns 0, or -1 with
 * why (nothing started). */
int conn_start_tls(struct conn *c, const struct tls_opts *o, struct buf *why);
int conn_start_tls_server(struct conn *c, struct tls_server *ts, struct buf *why);

/* The owner queued bytes: send what can be sent now. */
void conn_kick(struct conn *c);
/* Stop reading (true) while the owner cannot take more, e.g. replies wait
 * for a client that does not read them; false reads again. */
void conn_pause_reading(struct conn *c, bool pause);
/* Send close_notify (best effort) before conn_free. */
void conn_tls_shutdown(struct conn *c);

bool conn_up(const struct conn *c);          /* connected and not closed */
int conn_fd(const struct conn *c);           /* the socket, or -1 before connecting */
bool conn_handshaking(const struct conn *c);
/* The TLS session once up (client or server), else NULL. */
struct tls_conn *conn_tls(const struct conn *c);
struct tls_srv_conn *conn_tls_server(const struct conn *c);

#endif
