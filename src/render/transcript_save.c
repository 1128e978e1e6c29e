/* Saving a transcript file: private (0600), because even masked it shows
 * whom the user talked to and when. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/transcript_file.h"

int tf_save(const char *path, const struct tf_list *l, char *why, size_t whylen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		snprintf(why, whylen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	int rc = tf_write(f, l, false);
	if (rc < 0)
		snprintf(why, whylen, "%s", strerror(errno ? errno : EIO));
	if (fclose(f) != 0 && rc == 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		rc = -1;
	}
	return rc;
}
