/* Allocation that cannot fail: out of memory ends the program with a
 * message, so callers need no error path for it. */
#ifndef SMTPDBG_XMALLOC_H
#define SMTPDBG_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Zero n bytes in a way the compiler may not optimise away (secrets). */
void wipe(void *p, size_t n);

#endif
