/* A served session's transcript file (serve_save.h). */
#include "smtpdbg/serve_save.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/safedir.h"
#include "smtpdbg/xmalloc.h"

#define ATTEMPTS 100

struct serve_save {
	int fd;
	char *name;
	size_t bytes;
	bool full;   /* past SERVE_SAVE_MAX: the warning is written */
	bool failed; /* a write failed: nothing more is written */
};

void serve_save_name(char *out, size_t size, time_t start, const char *addr, unsigned port,
		     unsigned id, unsigned attempt)
{
	struct tm tm;
	char when[32] = "00000000T000000Z";
	if (gmtime_r(&start, &tm))
		strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	char a[64];
	snprintf(a, sizeof a, "%s", addr);
	for (char *p = a; *p; p++)
		if (*p == ':')
			*p = '_';
	if (attempt > 1)
		snprintf(out, size, "%s-%s-%u-%u-%u.txt", when, a, port, id, attempt);
	else
		snprintf(out, size, "%s-%s-%u-%u.txt", when, a, port, id);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -1 : (errno = EIO, -1);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fail(char *why, size_t whylen, int err)
{
	snprintf(why, whylen, "%s", strerror(err));
	return -1;
}

struct serve_save *serve_save_open(int dirfd, time_t start, const char *addr, unsigned port,
				   unsigned id, char *why, size_t whylen)
{
	char name[160];
	int fd = -1;
	for (unsigned k = 1; fd < 0 && k <= ATTEMPTS; k++) {
		serve_save_name(name, sizeof name, start, addr, port, id, k);
		fd = safedir_create(dirfd, name);
		if (fd < 0 && errno != EEXIST) {
			fail(why, whylen, errno);
			return NULL;
		}
	}
	if (fd < 0) {
		fail(why, whylen, EEXIST);
		return NULL;
	}
	struct tm tm;
	char iso[32] = "";
	if (gmtime_r(&start, &tm))
		strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char peer[96];
	snprintf(peer, sizeof peer, strchr(addr, ':') ? "[%s]:%u" : "%s:%u", addr, port);
	struct tf_header h = {.peer = peer, .start = iso, .live = (char *)"1",
			      .tool = (char *)"smtpdbg " SMTPDBG_VERSION " serve"};
	struct buf b;
	buf_init(&b, 0);
	tf_format_header(&b, &h);
	struct serve_save *f = xcalloc(1, sizeof *f);
	f->fd = fd;
	f->name = xstrdup(name);
	if (write_all(fd, b.data, b.len) < 0) {
		int err = errno;
		buf_free(&b);
		close(fd);
		unlinkat(dirfd, name, 0);
		free(f->name);
		free(f);
		fail(why, whylen, err);
		return NULL;
	}
	f->bytes = b.len;
	buf_free(&b);
	return f;
}

const char *serve_save_file(const struct serve_save *f)
{
	return f->name;
}

int serve_save_record(struct serve_save *f, const struct tf_record *r, char *why, size_t whylen)
{
	if (f->failed || (f->full && r->kind != TF_CLOSED))
		return 0;
	struct buf b;
	buf_init(&b, 0);
	tf_format_record(&b, r, false);
	if (!f->full && f->bytes + b.len > SERVE_SAVE_MAX && r->kind != TF_CLOSED) {
		/* One last line says so; the close still ends the file. */
		buf_reset(&b);
		const char *cut = _("the transcript stops here: the file reached its size limit");
		tf_format_record(&b, &(struct tf_record){.kind = TF_WARN, .t_ms = r->t_ms,
							 .data = (uint8_t *)cut, .len = strlen(cut)},
				 false);
		f->full = true;
	}
	int rc = write_all(f->fd, b.data, b.len);
	f->bytes += b.len;
	buf_wipe_free(&b);
	if (rc < 0) {
		f->failed = true;
		return fail(why, whylen, errno);
	}
	return 0;
}

int serve_save_close(struct serve_save *f, char *why, size_t whylen)
{
	int err = 0;
	if (fsync(f->fd) < 0 && errno != EINVAL && errno != EROFS)
		err = errno;
	if (close(f->fd) < 0 && !err && errno != EINTR)
		err = errno;
	free(f->name);
	free(f);
	return err ? fail(why, whylen, err) : 0;
}
