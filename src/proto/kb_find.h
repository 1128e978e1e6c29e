/* Lookup shared by the knowledge-base tables. Private to src/proto. */
#ifndef SMTPDBG_KB_FIND_H
#define SMTPDBG_KB_FIND_H

#include <stddef.h>

#include "smtpdbg/kb.h"

#define KB_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The entry of t[count] whose key equals the n bytes of s, ignoring case;
 * NULL if none (or s is NULL). The tables are small: a scan is enough. */
const struct kb_entry *kb_find(const struct kb_entry *t, size_t count, const char *s, size_t n);

#endif
