/* Reading a small file that holds secrets (`serve --users FILE`), as ssh
 * reads a private key: the file must be a regular file, no symbolic link
 * is followed, and one that belongs to someone else or that group or
 * others may read or write is refused, so that a student on the same
 * machine cannot read the class's passwords or slip in an account. */
#ifndef SMTPDBG_SECRET_FILE_H
#define SMTPDBG_SECRET_FILE_H

#include <stddef.h>

#include "smtpdbg/buf.h"

/* Read all of PATH (at most max bytes) into out (an initialised buffer,
 * whose old contents are wiped). Returns
 * 0, or -1 with the reason in why (translated). The file must be a regular
 * file, not a symbolic link, owned by the effective user (or root), with
 * no permission for group or others (mode 0600 or 0400). The caller wipes
 * out (buf_wipe_free) after use. */
int secret_file_read(const char *path, size_t max, struct buf *out, char *why, size_t whylen);

#endif
