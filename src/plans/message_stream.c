/* A message as bytes: a --body-file taken as it is (counted first, standard
 * input spooled to a private unlinked file so its size is known), and the
 * fopencookie(3) stream that reads any message segment by segment, Base64
 * a chunk at a time and line ends made CRLF on the way, so the driver's
 * fread loop needs no change and memory stays flat. */
#define _GNU_SOURCE
#include "message_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* ---- the file sent as it is ---------------------------------------------- */

/* A private temporary file, already unlinked: mode 0600, no name left. */
static int spool_fd(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	char path[4096];
	snprintf(path, sizeof path, "%s/smtpdbg-body-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Read fd to its end (at most limit bytes when limit is set), counting the
 * normalised size; with out >= 0, copy what is read there. */
static int scan(int fd, int out, uint64_t limit, struct msg_norm *s, uint64_t *raw)
{
	char *chunk = xmalloc(RAW_CHUNK);
	*raw = 0;
	for (;;) {
		size_t want = RAW_CHUNK;
		if (limit && limit - *raw < want)
			want = (size_t)(limit - *raw);
		if (!want)
			break;
		ssize_t n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(chunk);
			return -1;
		}
		if (n == 0)
			break;
		msg_norm_feed(s, chunk, (size_t)n, NULL);
		*raw += (uint64_t)n;
		for (ssize_t w = 0; out >= 0 && w < n;) {
			ssize_t k = write(out, chunk + w, (size_t)(n - w));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				free(chunk);
				return -1;
			}
			w += k;
		}
	}
	msg_norm_end(s, NULL);
	free(chunk);
	return 0;
}

int message_open_file(struct message *m, const char *path, struct buf *why)
{
	bool is_stdin = !strcmp(path, "-");
	int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		message_fail_file(why, "--body-file", is_stdin ? _("(standard input)") : path,
			  fd >= 0 && S_ISDIR(st.st_mode) ? strerror(EISDIR) : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct msg_norm s;
	msg_norm_init(&s);
	uint64_t raw;
	if (S_ISREG(st.st_mode)) {
		/* Counted once, then sent from the start: no more than was counted. */
		if (scan(fd, -1, (uint64_t)st.st_size, &s, &raw) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
			message_fail_file(why, "--body-file", path, strerror(errno));
			close(fd);
			return -1;
		}
	} else {
		/* A pipe: spooled to a private file, so the size is known first. */
		int sp = spool_fd();
		if (sp < 0 || scan(fd, sp, 0, &s, &raw) < 0 || lseek(sp, 0, SEEK_SET) < 0) {
			message_fail_file(why, "--body-file", is_stdin ? _("(standard input)") : path,
				  strerror(errno));
			close(fd);
			if (sp >= 0)
				close(sp);
			return -1;
		}
		close(fd);
		fd = sp;
	}
	m->is_file = true;
	m->normalised = s.changed;
	m->need_8bit = s.header_8bit || s.body_8bit;
	m->need_utf8 = s.header_8bit;
	m->size = s.out;
	message_add_seg(m, (struct seg){.kind = SEG_RAW, .fd = fd, .in = raw});
	return 0;
}

/* ---- the stream ------------------------------------------------------------ */

/* Read exactly want bytes unless the file ends; -1 on error. */
static ssize_t read_full(int fd, char *p, size_t want)
{
	size_t got = 0;
	while (got < want) {
		ssize_t n = read(fd, p + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Fill the stage from the current file segment. 0: filled (or the segment
 * ended), -1: a read error or a file shorter than when it was checked. */
static int refill(struct message *m, struct seg *s)
{
	char *in = m->in;
	uint64_t left = s->in - m->done;
	m->stage_len = m->stage_off = 0;
	if (s->kind == SEG_B64) {
		size_t want = left < B64_CHUNK ? (size_t)left : B64_CHUNK;
		ssize_t n = read_full(s->fd, in, want);
		if (n != (ssize_t)want) {
			errno = n < 0 ? errno : EIO; /* the file shrank since it was checked */
			return -1;
		}
		m->stage_len = msg_b64_lines(m->stage, in, want);
		m->done += want;
		return 0;
	}
	size_t want = left < RAW_CHUNK ? (size_t)left : RAW_CHUNK;
	ssize_t n = read_full(s->fd, in, want);
	if (n < 0)
		return -1;
	m->stage_len = msg_norm_feed(&m->norm, in, (size_t)n, m->stage);
	m->done += (uint64_t)n;
	if ((size_t)n < want)
		s->in = m->done; /* it shrank: send what there is, ended properly */
	if (m->done == s->in)
		m->stage_len += msg_norm_end(&m->norm, m->stage + m->stage_len);
	return 0;
}

static ssize_t stream_read(void *cookie, char *out, size_t size)
{
	struct message *m = cookie;
	size_t w = 0;
	while (w < size && m->cur < m->nsegs) {
		struct seg *s = &m->segs[m->cur];
		if (m->stage_off < m->stage_len) {
			size_t k = m->stage_len - m->stage_off;
			if (k > size - w)
				k = size - w;
			memcpy(out + w, m->stage + m->stage_off, k);
			m->stage_off += k;
			w += k;
			continue;
		}
		if (s->kind == SEG_TEXT) {
			size_t k = s->len - (size_t)m->done;
			if (k > size - w)
				k = size - w;
			memcpy(out + w, s->text + m->done, k);
			m->done += k;
			w += k;
			if (m->done == s->len)
				m->cur++, m->done = 0;
			continue;
		}
		if (m->done == s->in) {
			m->cur++, m->done = 0;
			continue;
		}
		if (refill(m, s) < 0)
			return w ? (ssize_t)w : -1;
	}
	return (ssize_t)w;
}

FILE *message_stream(struct message *m)
{
	if (m->stream)
		return NULL; /* read once */
	m->stage = xmalloc(STAGE_CAP);
	m->in = xmalloc(B64_CHUNK);
	msg_norm_init(&m->norm);
	m->stream = fopencookie(m, "r", (cookie_io_functions_t){.read = stream_read});
	/* A buffer as large as the driver's reads: glibc then reads big
	 * requests straight into the caller's buffer (unbuffered, it would go
	 * through its one-byte buffer). */
	if (m->stream)
		setvbuf(m->stream, NULL, _IOFBF, 64 * 1024);
	return m->stream;
}
