/* Files written like a careful Unix tool (DESIGN §5): every write checked,
 * new files created with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, no
 * symbolic link followed, no existing file replaced unless asked, and a
 * replacement made through a temporary file in the same directory, fsync
 * and rename. Also the check of a private state directory (0700, owned by
 * the user, not writable by group or others).
 *
 * What an existing PATH is decides what happens:
 * - nothing there: created (O_EXCL, 0600);
 * - a symbolic link: refused (ELOOP), even with SF_FORCE, so that no link
 *   is followed and none is removed;
 * - a character device or a FIFO (/dev/null, /dev/full, a pipe): opened
 *   for writing as it is; nothing is replaced, so no SF_FORCE is needed;
 * - a regular file: refused (EEXIST) without SF_FORCE; with it replaced
 *   (see SF_STREAM for how);
 * - anything else (a directory, a socket): refused. */
#ifndef SMTPDBG_SAFEFILE_H
#define SMTPDBG_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>

/* The exit status when the transcript or an output file could not be
 * written (DESIGN §2). */
#define SMTPDBG_EXIT_WRITE 19

enum safefile_flag {
	SF_FORCE = 1u << 0, /* replace an existing regular file */
	/* Written as the session goes, so that a crash keeps everything up to
	 * it at PATH itself: with SF_FORCE an existing file is unlinked and
	 * PATH created anew (O_EXCL) rather than written under a temporary name
	 * and renamed at the end; a failure keeps what was written. Without
	 * SF_STREAM a file is complete or absent: a failure removes what this
	 * writer created and leaves an existing file as it was. */
	SF_STREAM = 1u << 1,
};

struct safefile {
	int fd;          /* -1 when closed */
	char *path;      /* the name given */
	char *tmp;       /* the temporary file renamed over path at the end, or NULL */
	bool created;    /* this writer created the file at path or tmp */
	bool regular;    /* a regular file: fsync'd at the end */
	bool stream;
	int err;         /* the first error (an errno value), 0 while all is well */
};

/* Open PATH for writing as described above. Returns 0, or -1 with the
 * reason in why (strerror text; f->err holds the errno value: EEXIST when a
 * regular file is there and SF_FORCE was not given, ELOOP for a link). */
int safefile_open(struct safefile *f, const char *path, unsigned flags, char *why, size_t whylen);
/* Write all of p. After the first failure every call fails at once (the
 * file is not written further). Returns 0 or -1 (f->err says why). */
int safefile_write(struct safefile *f, const void *p, size_t n);
/* Finish: fsync (a regular file), close, rename a temporary file over
 * PATH. Returns 0, or -1 with the reason in why: then, without SF_STREAM,
 * what this writer created is removed. Frees f's strings either way. */
int safefile_close(struct safefile *f, char *why, size_t whylen);
/* Give up: close, remove what this writer created unless SF_STREAM. */
void safefile_abort(struct safefile *f);

/* The whole of data to PATH in one go (no SF_STREAM). */
int safefile_write_file(const char *path, const void *data, size_t len, unsigned flags,
			char *why, size_t whylen);

/* Make sure DIR is a private state directory: create it (and missing
 * parents) with mode 0700, then refuse it unless it is a directory, not a
 * symbolic link, owned by the effective user and not writable by group or
 * others. Returns 0, or -1 with the reason in why. */
int safefile_private_dir(const char *dir, char *why, size_t whylen);

#endif
