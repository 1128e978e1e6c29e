/* What `serve --watch` shows: the list of sessions, the server's own row
 * first (its notes: who connected, who was refused), then every student's
 * session by arrival (session_watch.h). A session that ends stays in the
 * list, marked closed, until more than keep_closed have ended; then the
 * oldest closed one goes. Every transcript has a byte budget worked out
 * from the whole budget, so memory stays bounded however many students
 * connect or however much they send. Fed by the log and the connection
 * driver's tap (server_conn.h); no I/O, no terminal. */
#ifndef SMTPDBG_SERVE_WATCH_H
#define SMTPDBG_SERVE_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/server.h"
#include "smtpdbg/server_conn.h"
#include "smtpdbg/session_watch.h"

#define SERVE_WATCH_KEEP 100                     /* closed sessions kept */
#define SERVE_WATCH_BYTES ((size_t)64 << 20)     /* every transcript together */
#define SERVE_WATCH_SESSION_MIN ((size_t)16 << 10)  /* one session's budget, at least */
#define SERVE_WATCH_SESSION_MAX ((size_t)256 << 10) /* ... and at most */

struct serve_watch_opts {
	const char *server;   /* the server row's address ("127.0.0.1:2525") */
	size_t max_open;      /* sessions at once (--max-clients) */
	size_t keep_closed;   /* 0: SERVE_WATCH_KEEP */
	size_t budget;        /* 0: SERVE_WATCH_BYTES */
};

struct serve_watch;

struct serve_watch *serve_watch_new(const struct serve_watch_opts *o);
void serve_watch_free(struct serve_watch *w);

/* The tap to give each connection (server_conn_opts.tap). */
const struct server_conn_tap *serve_watch_tap(struct serve_watch *w);
/* A session starts (before its greeting is logged). */
void serve_watch_open(struct serve_watch *w, unsigned id, const char *peer);
/* A line of session id's log; id 0, or a session not in the list, goes
 * to the server's row as a note. */
void serve_watch_log(struct serve_watch *w, unsigned id, const struct server_log *e);
/* A note of the server's own (id 0: the server's row). */
void serve_watch_note(struct serve_watch *w, unsigned id, const char *text);

/* The list: row 0 is the server's. */
size_t serve_watch_count(const struct serve_watch *w);
unsigned serve_watch_id(const struct serve_watch *w, size_t i);
/* The row of session id, or -1 when it is not (or no longer) listed. */
long serve_watch_find(const struct serve_watch *w, unsigned id);
struct session_watch *serve_watch_at(const struct serve_watch *w, size_t i);
size_t serve_watch_open_count(const struct serve_watch *w);
/* The session someone is reading: never dropped while held (0: none). */
void serve_watch_hold(struct serve_watch *w, unsigned id);
/* Closed sessions dropped from the list so far. */
size_t serve_watch_dropped(const struct serve_watch *w);
/* The bytes every transcript holds together, and one session's budget. */
size_t serve_watch_bytes(const struct serve_watch *w);
size_t serve_watch_session_budget(const struct serve_watch *w);

#endif
