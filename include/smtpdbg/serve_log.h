/* What `smtpdbg serve` makes of one session's log (server.h's struct
 * server_log): the lines it prints, prefixed "[N] ", and the transcript
 * records it saves.
 *
 * Explained, the session is mirrored through the client engine exactly as
 * `smtpdbg replay` would feed a saved file (replay.h), so each line gets
 * the annotated line's decoded Base64, meaning, diagnosis and warnings
 * (narrate_brief.h), plus what only the server's side can tell: a client
 * that sent PLAIN or LOGIN before the STARTTLS it was offered. Bare, the
 * lines are printed as received, secrets masked. Either way every byte
 * from the client is escaped. Pure: text out into a buffer, records out
 * through a callback; the caller prints, saves and keeps the clock. */
#ifndef SMTPDBG_SERVE_LOG_H
#define SMTPDBG_SERVE_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/server.h"
#include "smtpdbg/transcript_file.h"

struct serve_log_opts {
	unsigned id;        /* the session's number: "[id] " before each line */
	bool explain;       /* the brief explanation under each line */
	bool show_secrets;  /* passwords and their Base64 as received (the log only) */
	unsigned esc_flags; /* escape.h flags */
	/* Each transcript record, secret lines flagged (masked when written),
	 * or NULL. The message content is never a record, only its size in a
	 * note and the "." that ended it. */
	void (*record)(void *arg, const struct tf_record *r);
	void *arg;
};

struct serve_log;

struct serve_log *serve_log_new(const struct serve_log_opts *o);
void serve_log_free(struct serve_log *s);

/* One entry of the session's log, t_ms after it began: its lines appended
 * to out (each ending in "\n"), its record handed on. */
void serve_log_entry(struct serve_log *s, const struct server_log *e, int64_t t_ms,
		     struct buf *out);
/* A note of the caller's ("connection from ..."), the same way. */
void serve_log_note(struct serve_log *s, const char *text, int64_t t_ms, struct buf *out);
/* The connection ended, why in words: "connection closed: why" and the
 * transcript's last record. Entries after it are ignored. */
void serve_log_end(struct serve_log *s, const char *why, int64_t t_ms, struct buf *out);

#endif
