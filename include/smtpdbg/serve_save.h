/* `smtpdbg serve --save-dir DIR`: each session as a transcript file
 * (docs/transcript-format.md) that `smtpdbg replay` opens, written as the
 * session goes, so a file read while its session is still open holds
 * every line so far. Secrets are always masked in it; mode 0600, made new
 * in a private directory (safedir.h), never replacing a file. */
#ifndef SMTPDBG_SERVE_SAVE_H
#define SMTPDBG_SERVE_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "smtpdbg/transcript_file.h"

/* A session's file stops growing here, with a warning as its last line. */
#define SERVE_SAVE_MAX (16u * 1024 * 1024)

struct serve_save;

/* The file name for a session begun at start (UTC) with the client at
 * addr and port: "YYYYMMDDTHHMMSSZ-ADDR-PORT-ID.txt", an IPv6 address with
 * '_' for ':'; a second try adds "-2" before ".txt", and so on. */
void serve_save_name(char *out, size_t size, time_t start, const char *addr, unsigned port,
		     unsigned id, unsigned attempt);

/* A new file for the session in dirfd (safedir_open), its header written:
 * @peer ADDR:PORT ([ADDR]:PORT for IPv6), @start, @tool. A name that is
 * taken is never opened: the next one is tried. NULL with why. */
struct serve_save *serve_save_open(int dirfd, time_t start, const char *addr, unsigned port,
				   unsigned id, char *why, size_t whylen);
/* The file's name (in the directory). */
const char *serve_save_file(const struct serve_save *f);
/* Append one record, masked, in one write. Returns 0, or -1 on the first
 * failure (errno in why; later calls do nothing and return 0). */
int serve_save_record(struct serve_save *f, const struct tf_record *r, char *why, size_t whylen);
/* fsync and close; frees f. Returns 0 or -1 with why. */
int serve_save_close(struct serve_save *f, char *why, size_t whylen);

#endif
