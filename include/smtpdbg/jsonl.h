/* Engine events as JSON Lines: one object per line, for scripts.
 * Fields: "t" (milliseconds since the session started), "type" (reply,
 * sent, state, caps, tls, auth, violation, closed, note), "dir" ("S" or
 * "C" for protocol lines), "line" (the raw line, escaped as the transcript
 * shows it; secrets masked), "decoded" (Base64 payloads decoded, when not
 * secret), "code", "answers", "explanation", "text", "secret". Strings are
 * valid UTF-8 and carry no control characters. */
#ifndef SMTPDBG_JSONL_H
#define SMTPDBG_JSONL_H

#include <stdint.h>
#include <stdio.h>

#include "smtpdbg/client.h"
#include "smtpdbg/narrate.h"

void jsonl_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev,
		 int64_t t_ms);
/* A free-standing note (TLS details, the final result). */
void jsonl_note(FILE *f, const char *type, const char *text, int64_t t_ms);
/* Append s as a JSON string literal (quotes included). */
void jsonl_string(struct buf *out, const char *s);

#endif
