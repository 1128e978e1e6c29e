/* The teaching server on a connected socket, inside the caller's poll loop:
 * moves bytes between the fd and a pure server session, runs the STARTTLS
 * handshake when the session asks (all on the connection driver, so one
 * client cannot starve the others), and ends idle, slow and overlong
 * sessions. Used for each
 * accepted socket by `smtpdbg serve`, and with one end of a socketpair()
 * to run the demo server in-process without a port. */
#ifndef SMTPDBG_SERVER_CONN_H
#define SMTPDBG_SERVER_CONN_H

#include <stdint.h>

#include "smtpdbg/loop.h"
#include "smtpdbg/server.h"
#include "smtpdbg/tls_server.h"

#define SERVER_CONN_IDLE_MS (5 * 60 * 1000)
#define SERVER_CONN_SESSION_MS (60 * 60 * 1000)
#define SERVER_CONN_MIN_RATE 10 /* bytes a minute, in the middle of a line */

struct server_conn;

/* What a transcript of the session needs beyond the log (serve --watch):
 * the message content (unstuffed, as it arrives), the end of a STARTTLS
 * handshake (before the notes it brings) and the end of the connection,
 * each with the session's id. Any may be NULL. */
struct server_conn_tap {
	void (*data)(void *arg, unsigned id, const void *p, size_t n);
	void (*tls_up)(void *arg, unsigned id, const char *how);
	void (*closed)(void *arg, unsigned id, const char *why);
	void *arg;
};

struct server_conn_opts {
	const struct server_config *cfg; /* copied; its log fields are not used */
	struct tls_server *tls;   /* NULL: STARTTLS answers 454 (not owned) */
	/* Limits, so slow clients cannot hold every slot: */
	int64_t idle_ms;          /* between complete lines (0: SERVER_CONN_IDLE_MS);
				   * bytes that end no line do not restart it */
	int64_t session_ms;       /* the whole session (0: SERVER_CONN_SESSION_MS) */
	unsigned min_rate;        /* bytes a minute while a line is unfinished
				   * (0: none) */
	unsigned id;              /* passed to log, to tell sessions apart */
	/* Every line of the session, and notes from the driver (TLS, close). */
	void (*log)(void *arg, unsigned id, const struct server_log *e);
	/* Called once when the connection is over (the fd is closed and c is
	 * freed right after it returns). why is in words; the log has not said
	 * it (the owner does, with the session's other ends). */
	void (*closed)(void *arg, struct server_conn *c, const char *why);
	void *arg;
	const struct server_conn_tap *tap; /* serve --watch; NULL: none */
};

/* Take over fd (made non-blocking; closed when the connection ends) and
 * queue the greeting. The caller ignores SIGPIPE (tls_server.h). */
struct server_conn *server_conn_attach(struct loop *l, int fd, const struct server_conn_opts *o);

/* Say 421 for why (best effort, without waiting) and close now; the
 * closed callback runs before this returns. */
void server_conn_shutdown(struct server_conn *c, enum server_abort why);


#endif
