/* One student's session on the teaching server as `serve --watch` shows
 * it. The lines the server received and sent are fed to a client engine
 * that only observes (nothing goes anywhere), so the transcript and its
 * explanations are made exactly as in a live session: decoded Base64, the
 * SASL maths, the rules the client broke, secrets masked with their
 * revealed form kept for S. Also the facts the session list shows. Pure:
 * no I/O, no terminal. */
#ifndef SMTPDBG_SESSION_WATCH_H
#define SMTPDBG_SESSION_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/session.h"

struct session_watch;

/* peer: shown as the session's address. o (its max_transcript is this
 * session's budget) must outlive the session. */
struct session_watch *session_watch_new(const struct session_opts *o, const char *peer);
void session_watch_free(struct session_watch *w);
/* The session the panes draw (transcript, explanation). */
struct session *session_watch_session(struct session_watch *w);

/* What the server saw, in the order it saw it: a line it received (masked
 * by the engine's rule, as in every face), a reply line it sent, a note, message
 * content (unstuffed, as the server passes it on), the end of the TLS
 * handshake, the end of the connection. */
void session_watch_client(struct session_watch *w, const char *line, size_t n);
void session_watch_server(struct session_watch *w, const char *line, size_t n);
void session_watch_note(struct session_watch *w, const char *text);
void session_watch_data(struct session_watch *w, const void *p, size_t n);
void session_watch_tls(struct session_watch *w);
void session_watch_closed(struct session_watch *w, const char *why);

/* What the session list shows; the strings are escaped and belong to w. */
struct session_watch_facts {
	const char *peer;
	const char *user;    /* the user name given in AUTH, or "" */
	bool authed;         /* ... and the server accepted it (235) */
	const char *state;   /* the session's state ("ready", "data", ...) */
	const char *last;    /* the latest reply line, or "" */
	int last_code;       /* its code, or 0 */
	unsigned errors;     /* replies 4xx and 5xx */
	unsigned warnings;   /* rules broken (the engine's warnings) */
	unsigned messages;   /* messages the server accepted */
	bool tls, closed;
	const char *why;     /* closed: why, or "" */
};
void session_watch_facts(const struct session_watch *w, struct session_watch_facts *f);
/* The bytes its transcript holds (its budget bounds them). */
size_t session_watch_bytes(const struct session_watch *w);

/* Message content shown per message: past either bound the rest is
 * counted, not shown (the server's note says how big it was). */
#define SESSION_WATCH_BODY_LINES 200
#define SESSION_WATCH_BODY_BYTES (16 * 1024)

#endif
