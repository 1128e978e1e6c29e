/* Careful reading of a file of secrets (see secret_file.h). The checks run
 * on the descriptor opened (fstat), not on the name, so the file cannot be
 * swapped between the check and the read. */
#include "smtpdbg/secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

static int fail(char *why, size_t whylen, const char *text)
{
	if (why && whylen)
		snprintf(why, whylen, "%s", text);
	return -1;
}

int secret_file_read(const char *path, size_t max, struct buf *out, char *why, size_t whylen)
{
	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			return fail(why, whylen,
				    _("it is a symbolic link, which smtpdbg does not follow"));
		return fail(why, whylen, strerror(errno));
	}
	struct stat st;
	const char *bad = NULL;
	if (fstat(fd, &st) < 0)
		bad = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		bad = S_ISDIR(st.st_mode) ? strerror(EISDIR) : _("not a regular file");
	else if (st.st_uid != geteuid() && st.st_uid != 0)
		bad = _("it belongs to another user");
	else if (st.st_mode & 077)
		bad = _("group or others may read or write it (chmod 600 would fix it)");
	else if ((unsigned long long)st.st_size > max)
		bad = _("it is too large");
	if (bad) {
		close(fd);
		return fail(why, whylen, bad);
	}
	/* One allocation of the size fstat saw, so no copy of a password is
	 * left behind in memory freed by a growing buffer. */
	size_t size = (size_t)st.st_size, len = 0;
	char *data = xmalloc(size + 2);
	while (!bad) {
		ssize_t n = read(fd, data + len, size + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			bad = strerror(errno);
		else if (n == 0)
			break;
		else if ((len += (size_t)n) > size)
			bad = _("it changed while it was read");
	}
	close(fd);
	if (bad) {
		wipe(data, size + 2);
		free(data);
		return fail(why, whylen, bad);
	}
	data[len] = '\0';
	buf_wipe_free(out);
	*out = (struct buf){.data = data, .len = len, .cap = size + 2};
	return 0;
}
