/* Careful file writing (see safefile.h). */
#define _GNU_SOURCE /* mkostemp */
#include "smtpdbg/safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

static int fail(char *why, size_t whylen, int err)
{
	if (why && whylen)
		snprintf(why, whylen, "%s", strerror(err));
	errno = err;
	return -1;
}

static int fail_text(char *why, size_t whylen, int err, const char *text)
{
	if (why && whylen)
		snprintf(why, whylen, "%s", text);
	errno = err;
	return -1;
}

/* A temporary file next to path: ".NAME.XXXXXX" in the same directory,
 * so that rename() replaces path in one step. */
static int make_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	struct buf b;
	buf_init(&b, 0);
	if (slash)
		buf_printf(&b, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		buf_printf(&b, ".%s.XXXXXX", path);
	int fd = mkostemp(b.data, O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		buf_free(&b);
		errno = err;
		return -1;
	}
	*tmp = buf_steal(&b);
	return fd;
}

static int create_new(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
}

int safefile_open(struct safefile *f, const char *path, unsigned flags, char *why, size_t whylen)
{
	memset(f, 0, sizeof *f);
	f->fd = -1;
	f->stream = flags & SF_STREAM;
	if (!path || !*path)
		return f->err = ENOENT, fail(why, whylen, ENOENT);
	struct stat st;
	int fd = -1;
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			return f->err = errno, fail(why, whylen, errno);
		fd = create_new(path);
		f->created = f->regular = true;
	} else if (S_ISLNK(st.st_mode)) {
		f->err = ELOOP;
		return fail_text(why, whylen, ELOOP,
				 _("it is a symbolic link, which smtpdbg does not follow"));
	} else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
		/* A device or a pipe is written as it is: nothing is replaced.
		 * O_NONBLOCK: a pipe nobody reads is an error (ENXIO), not a
		 * program frozen in open(); the writes then block as usual. */
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
		if (fd >= 0)
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		struct stat now;
		if (fd >= 0 && (fstat(fd, &now) < 0 || S_ISREG(now.st_mode))) {
			close(fd); /* it changed under us */
			fd = -1;
			errno = EEXIST;
		}
	} else if (!S_ISREG(st.st_mode)) {
		f->err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return fail_text(why, whylen, f->err,
				 S_ISDIR(st.st_mode) ? strerror(EISDIR) : _("not a regular file"));
	} else if (!(flags & SF_FORCE)) {
		f->err = EEXIST;
		return fail(why, whylen, EEXIST);
	} else if (f->stream) {
		/* Replaced at once, so that PATH holds what was written so far. */
		if (unlink(path) < 0 && errno != ENOENT)
			return f->err = errno, fail(why, whylen, errno);
		fd = create_new(path);
		f->created = f->regular = true;
	} else {
		char *tmp = NULL;
		fd = make_temp(path, &tmp);
		if (fd >= 0)
			f->tmp = tmp;
		f->created = f->regular = true;
	}
	if (fd < 0) {
		f->created = false;
		f->err = errno;
		free(f->tmp);
		f->tmp = NULL;
		if (f->err == ENXIO && S_ISFIFO(st.st_mode))
			return fail_text(why, whylen, ENXIO, _("it is a pipe that nobody reads"));
		return fail(why, whylen, f->err);
	}
	f->fd = fd;
	f->path = xstrdup(path);
	return 0;
}

int safefile_write(struct safefile *f, const void *p, size_t n)
{
	if (f->err || f->fd < 0) {
		if (!f->err)
			f->err = EBADF;
		return -1;
	}
	const char *c = p;
	while (n) {
		ssize_t w = write(f->fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->err = w < 0 ? errno : EIO;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static void release(struct safefile *f, bool remove_created)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (remove_created && f->created) {
		if (f->tmp)
			unlink(f->tmp);
		else if (f->path)
			unlink(f->path);
	}
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
}

/* Make the rename itself durable: fsync the directory (best effort). */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int safefile_close(struct safefile *f, char *why, size_t whylen)
{
	if (f->fd < 0 && !f->err)
		f->err = EBADF;
	if (!f->err && f->regular && fsync(f->fd) < 0 && errno != EINVAL && errno != EROFS)
		f->err = errno;
	if (f->fd >= 0) {
		int rc = close(f->fd);
		if (rc < 0 && !f->err && errno != EINTR)
			f->err = errno;
		f->fd = -1;
	}
	if (!f->err && f->tmp) {
		if (rename(f->tmp, f->path) < 0)
			f->err = errno;
		else {
			free(f->tmp);
			f->tmp = NULL;
			f->created = false; /* nothing left to remove */
		}
	}
	if (!f->err && f->regular)
		sync_dir(f->path);
	int err = f->err;
	release(f, err && !f->stream);
	if (err)
		return fail(why, whylen, err);
	return 0;
}

void safefile_abort(struct safefile *f)
{
	release(f, !f->stream);
}

int safefile_write_file(const char *path, const void *data, size_t len, unsigned flags,
			char *why, size_t whylen)
{
	struct safefile f;
	if (safefile_open(&f, path, flags & ~(unsigned)SF_STREAM, why, whylen) < 0)
		return -1;
	safefile_write(&f, data, len);
	return safefile_close(&f, why, whylen);
}

static int check_dir(const char *dir, char *why, size_t whylen)
{
	struct stat st;
	if (lstat(dir, &st) < 0)
		return fail(why, whylen, errno);
	if (S_ISLNK(st.st_mode))
		return fail_text(why, whylen, ELOOP,
				 _("it is a symbolic link, which smtpdbg does not follow"));
	if (!S_ISDIR(st.st_mode))
		return fail(why, whylen, ENOTDIR);
	if (st.st_uid != geteuid())
		return fail_text(why, whylen, EPERM, _("it belongs to another user"));
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return fail_text(why, whylen, EPERM,
				 _("group or others may write to it (chmod 700 would fix it)"));
	return 0;
}

int safefile_private_dir(const char *dir, char *why, size_t whylen)
{
	if (!dir || dir[0] != '/')
		return fail_text(why, whylen, EINVAL, _("not an absolute path"));
	char *p = xstrdup(dir);
	/* Missing parents are made private too; existing ones are left as
	 * they are (they are the user's or the system's). */
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			int err = errno;
			free(p);
			return fail(why, whylen, err);
		}
		*s = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST) {
		int err = errno;
		free(p);
		return fail(why, whylen, err);
	}
	free(p);
	return check_dir(dir, why, whylen);
}
