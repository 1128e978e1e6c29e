/* Shared between the theme source files; not part of the API. */
#ifndef SMTPDBG_THEME_INT_H
#define SMTPDBG_THEME_INT_H

#include "smtpdbg/theme.h"

/* How deep `inherit` may go, counting the file that starts it. */
#define THEME_INHERIT_MAX 8

/* Recompute t->role from t->spec (the dotted-prefix fallback). */
void theme_resolve(struct theme *t);

/* The file `inherit NAME` in file `from` means: NAME.theme next to from,
 * then the search path; a NAME with '/' is a path. */
int theme_find_near(const char *name, const char *from, char *out, size_t n);

/* Whether name is acceptable as a theme name (no path, no leading dot). */
bool theme_name_ok(const char *name);

#endif
