/* A private directory that new files are made in, by name (DESIGN §5):
 * the directory is opened once, checked on the open descriptor, and every
 * file is created relative to it, so a link or a renamed directory cannot
 * redirect a write. For `serve --save-dir`. */
#ifndef SMTPDBG_SAFEDIR_H
#define SMTPDBG_SAFEDIR_H

#include <stddef.h>

/* Open DIR for creating files in it: made with mode 0700 when it does not
 * exist (its parent must), then refused unless it is a directory, not a
 * symbolic link, owned by the effective user and not writable by group or
 * others. Returns the descriptor, or -1 with the reason in why. */
int safedir_open(const char *dir, char *why, size_t whylen);

/* Create the new file NAME (no '/') in the directory dirfd: mode 0600,
 * O_EXCL (an existing name, or a link by it, is never opened), close on
 * exec. Returns the descriptor, or -1 with errno set. */
int safedir_create(int dirfd, const char *name);

#endif
