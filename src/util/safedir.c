/* A private directory for new files (safedir.h). */
#include "smtpdbg/safedir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"

static int fail(char *why, size_t whylen, int err, const char *text)
{
	if (why && whylen)
		snprintf(why, whylen, "%s", text ? text : strerror(err));
	errno = err;
	return -1;
}

int safedir_open(const char *dir, char *why, size_t whylen)
{
	if (!dir || !*dir)
		return fail(why, whylen, ENOENT, NULL);
	/* Only the last part is made: a mistyped parent is an error, not a
	 * new tree. */
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return fail(why, whylen, errno, NULL);
	struct stat st;
	if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
		return fail(why, whylen, ELOOP,
			    _("it is a symbolic link, which smtpdbg does not follow"));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(why, whylen, errno, errno == ELOOP
				? _("it is a symbolic link, which smtpdbg does not follow") : NULL);
	/* Checked on what was opened, not on the name. */
	int err = 0;
	const char *text = NULL;
	if (fstat(fd, &st) < 0) {
		err = errno;
	} else if (st.st_uid != geteuid()) {
		err = EPERM;
		text = _("it belongs to another user");
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		err = EPERM;
		text = _("group or others may write to it (chmod 700 would fix it)");
	}
	if (err) {
		close(fd);
		return fail(why, whylen, err, text);
	}
	return fd;
}

int safedir_create(int dirfd, const char *name)
{
	if (!*name || strchr(name, '/')) {
		errno = EINVAL;
		return -1;
	}
	return openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
		      0600);
}
