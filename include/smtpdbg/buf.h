/* A growable byte buffer with a hard size limit.
 * Every buffer fed by the network has a limit, so a hostile peer cannot
 * exhaust memory: appends past the limit fail instead of growing. */
#ifndef SMTPDBG_BUF_H
#define SMTPDBG_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;   /* always NUL-terminated when non-NULL (not counted in len) */
	size_t len;
	size_t cap;
	size_t limit; /* 0 means no limit */
};

/* Initialise an empty buffer that may hold at most `limit` bytes (0: none). */
void buf_init(struct buf *b, size_t limit);
/* Free the storage; with `wipe`, zero it first (secrets). */
void buf_free(struct buf *b);
void buf_wipe_free(struct buf *b);
/* Append bytes. Returns 0, or -1 (and appends nothing) if the limit would be
 * exceeded. Allocation failure aborts the program. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Drop the first n bytes (n <= len). */
void buf_consume(struct buf *b, size_t n);
void buf_reset(struct buf *b);
/* Take ownership of the contents (a NUL-terminated string, never NULL);
 * the buffer is left empty. */
char *buf_steal(struct buf *b);

#endif
