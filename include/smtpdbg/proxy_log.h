/* What `smtpdbg proxy` tells about one proxied session: the lines the
 * mail program and the server exchanged, narrated as `smtpdbg run`
 * narrates its own (narrate.h: "S: "/"C: " lines, "  # " explanations),
 * and handed on as transcript records (transcript_file.h) for --output.
 *
 * The lines are mirrored through the client engine exactly as `smtpdbg
 * replay` feeds a saved file (replay.h), so every line gets the same
 * decoded Base64, SASL steps, warnings and masking as a live session; a
 * line the engine finds secret by its role is flagged secret in its
 * record too. Pure: text to a FILE the caller owns, records through a
 * callback; the caller keeps the clock. */
#ifndef SMTPDBG_PROXY_LOG_H
#define SMTPDBG_PROXY_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "smtpdbg/narrate.h"
#include "smtpdbg/transcript_file.h"

struct proxy_log_opts {
	FILE *out;               /* the narration, or NULL */
	struct narrate_opts no;  /* explain, masking, escaping */
	void (*record)(void *arg, const struct tf_record *r); /* or NULL */
	void *arg;
};

struct proxy_log;

struct proxy_log *proxy_log_new(const struct proxy_log_opts *o);
void proxy_log_free(struct proxy_log *l);

/* A protocol line (TF_CLIENT or TF_SERVER, without its line end; flags
 * TF_F_TLS, TF_F_BARE_LF), t_ms after the session began. */
void proxy_log_line(struct proxy_log *l, enum tf_kind kind, unsigned flags, const char *p,
		    size_t n, int64_t t_ms);
/* A note or (warn) a warning of the proxy's, each line of text one. */
void proxy_log_note(struct proxy_log *l, bool warn, const char *text, int64_t t_ms);
/* The end: why in words. Lines after it are ignored. */
void proxy_log_end(struct proxy_log *l, const char *why, int64_t t_ms);

#endif
