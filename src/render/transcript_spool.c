#define _GNU_SOURCE /* O_TMPFILE, mkostemp */
/* The :save records of a live session, bounded in memory (see
 * transcript_spool.h). */
#include "smtpdbg/transcript_spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/xmalloc.h"

#define SPOOL_DEFAULT ((size_t)16 << 20)

void tf_spool_init(struct tf_spool *s, size_t limit)
{
	memset(s, 0, sizeof *s);
	tf_list_init(&s->mem);
	s->limit = limit ? limit : SPOOL_DEFAULT;
	s->fd = -1;
}

void tf_spool_free(struct tf_spool *s)
{
	tf_list_free(&s->mem);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static size_t record_bytes(const struct tf_record *r)
{
	return sizeof *r + r->len + 1;
}

/* A private, already unlinked file in $TMPDIR (or /tmp). */
static int spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || dir[0] != '/')
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	char path[4096];
	snprintf(path, sizeof path, "%s/smtpdbg-spill-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Move the older half of the records in memory to the spill file, masked
 * as :save writes them. */
static void spill(struct tf_spool *s)
{
	size_t k = s->mem.n / 2, freed = 0;
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < k; i++)
		tf_format_record(&b, &s->mem.v[i], false);
	if (s->fd < 0)
		s->fd = spill_file();
	if (s->fd >= 0 && s->spilled + b.len <= TF_SPOOL_SPILL_MAX && write_all(s->fd, b.data, b.len))
		s->spilled += b.len;
	else
		s->lost += k;
	buf_free(&b);
	for (size_t i = 0; i < k; i++) {
		struct tf_record *r = &s->mem.v[i];
		freed += record_bytes(r);
		if (r->flags & TF_F_SECRET)
			wipe(r->data, r->len);
		free(r->data);
	}
	memmove(s->mem.v, s->mem.v + k, (s->mem.n - k) * sizeof *s->mem.v);
	s->mem.n -= k;
	s->mem_bytes -= freed;
}

static void added(struct tf_spool *s, size_t from)
{
	for (size_t i = from; i < s->mem.n; i++)
		s->mem_bytes += record_bytes(&s->mem.v[i]);
	s->records += s->mem.n - from;
	if (s->mem_bytes > s->limit && s->mem.n > 1)
		spill(s);
}

void tf_spool_add_event(struct tf_spool *s, const struct smtp_event *ev, int64_t t_ms, bool tls)
{
	size_t from = s->mem.n;
	tf_list_add_event(&s->mem, ev, t_ms, tls);
	added(s, from);
}

void tf_spool_add(struct tf_spool *s, enum tf_kind kind, int64_t t_ms, unsigned flags,
		  const void *p, size_t n)
{
	size_t from = s->mem.n;
	tf_list_add(&s->mem, kind, t_ms, flags, p, n);
	added(s, from);
}

/* Copy the spill file's bytes to f. */
static bool copy_spill(const struct tf_spool *s, struct safefile *f)
{
	char chunk[65536];
	off_t at = 0;
	for (;;) {
		ssize_t r = pread(s->fd, chunk, sizeof chunk, at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			f->err = errno;
			return false;
		}
		if (r == 0)
			return true;
		if (safefile_write(f, chunk, (size_t)r) < 0)
			return false;
		at += r;
	}
}

int tf_spool_save_as(const struct tf_spool *s, const struct tf_header *hdr, const char *path,
		     unsigned flags, char *why, size_t whylen)
{
	/* A new file (0600, no link followed); with SF_FORCE an existing one
	 * is replaced through a temporary file, fsync and rename. Any failure
	 * leaves no half-written file behind. */
	struct safefile f;
	if (safefile_open(&f, path, flags & SF_FORCE, why, whylen) < 0)
		return -1;
	struct buf b;
	buf_init(&b, 0);
	tf_format_header(&b, hdr);
	if (s->lost) {
		struct tf_record note = {.kind = TF_WARN};
		struct buf t;
		buf_init(&t, 0);
		buf_printf(&t, P_("%zu earlier record is missing: the spill file was full or could "
				  "not be written",
				  "%zu earlier records are missing: the spill file was full or could "
				  "not be written", s->lost),
			   s->lost);
		note.data = (uint8_t *)t.data;
		note.len = t.len;
		tf_format_record(&b, &note, false);
		buf_free(&t);
	}
	bool ok = safefile_write(&f, b.data, b.len) == 0;
	buf_free(&b);
	if (ok && s->fd >= 0)
		ok = copy_spill(s, &f);
	for (size_t i = 0; ok && i < s->mem.n; i++) {
		buf_init(&b, 0);
		tf_format_record(&b, &s->mem.v[i], false);
		ok = safefile_write(&f, b.data, b.len) == 0;
		buf_free(&b);
	}
	return safefile_close(&f, why, whylen);
}

int tf_spool_save(const struct tf_spool *s, const struct tf_header *hdr, const char *path,
		  char *why, size_t whylen)
{
	return tf_spool_save_as(s, hdr, path, 0, why, whylen);
}
