/* Transcripts on disk: the writer and the reader (format in
 * docs/transcript-format.md). */
#include "smtpdbg/transcript_file.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

static const char flag_letters[] = "TSMRLD"; /* bit i is letter i */

void tf_list_init(struct tf_list *l)
{
	memset(l, 0, sizeof *l);
}

void tf_list_free(struct tf_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		wipe(l->v[i].data, l->v[i].len);
		free(l->v[i].data);
	}
	free(l->v);
	free(l->hdr.peer);
	free(l->hdr.start);
	free(l->hdr.tool);
	free(l->hdr.live);
	memset(l, 0, sizeof *l);
}

void tf_list_add(struct tf_list *l, enum tf_kind kind, int64_t t_ms, unsigned flags,
		 const void *p, size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct tf_record *r = &l->v[l->n++];
	r->kind = kind;
	r->t_ms = t_ms;
	r->flags = flags & TF_F_MASKED ? flags | TF_F_SECRET : flags;
	r->data = xmalloc(n + 1);
	if (n)
		memcpy(r->data, p, n);
	r->data[n] = '\0';
	r->len = n;
	r->lineno = 0;
}

size_t tf_list_add_event(struct tf_list *l, const struct smtp_event *ev, int64_t t_ms, bool tls)
{
	unsigned base = tls ? TF_F_TLS : 0;
	switch (ev->type) {
	case SMTP_EV_REPLY:
		for (size_t i = 0; i < ev->reply->nlines; i++) {
			const struct reply_line *rl = &ev->reply->lines[i];
			tf_list_add(l, TF_SERVER, t_ms, base | (rl->flags & RF_BARE_LF ? TF_F_BARE_LF : 0),
				    rl->raw, rl->len);
		}
		return ev->reply->nlines;
	case SMTP_EV_SENT:
		tf_list_add(l, TF_CLIENT, t_ms,
			    base | (ev->flags & SMTP_F_SECRET ? TF_F_SECRET : 0) |
				    (ev->flags & SMTP_F_RAW ? TF_F_RAW : 0) |
				    (ev->flags & SMTP_F_CHUNK ? TF_F_CHUNK : 0),
			    ev->data, ev->len);
		return 1;
	case SMTP_EV_CLOSED:
		tf_list_add(l, TF_CLOSED, t_ms, base, ev->text, strlen(ev->text));
		return 1;
	default:
		return 0;
	}
}

/* ---- writing ---------------------------------------------------------- */

void tf_escape(struct buf *out, const void *vp, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = vp;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c == '\\')
			buf_adds(out, "\\\\");
		else if (c >= 0x20 && c < 0x7f)
			buf_addc(out, (char)c);
		else if (c == '\r' || c == '\n' || c == '\t')
			buf_adds(out, c == '\r' ? "\\r" : c == '\n' ? "\\n" : "\\t");
		else
			buf_add(out, (char[]){'\\', 'x', hex[c >> 4], hex[c & 15]}, 4);
	}
}

static void header_field(struct buf *out, const char *name, const char *value)
{
	if (!value)
		return;
	buf_printf(out, "@%s ", name);
	tf_escape(out, value, strlen(value));
	buf_addc(out, '\n');
}

void tf_format_header(struct buf *out, const struct tf_header *h)
{
	buf_printf(out, "%s %d\n", TF_MAGIC, TF_VERSION);
	header_field(out, "peer", h->peer);
	header_field(out, "start", h->start);
	header_field(out, "tool", h->tool);
	header_field(out, "live", h->live);
}

void tf_format_record(struct buf *out, const struct tf_record *r, bool reveal)
{
	unsigned flags = r->flags;
	size_t shown = r->len;
	bool mask = (flags & TF_F_SECRET) && !(flags & TF_F_MASKED) && !reveal;
	if (mask) {
		shown = r->kind == TF_CLIENT ? annot_public_prefix(r->data, r->len) : 0;
		flags |= TF_F_MASKED;
	}
	buf_printf(out, "%c %" PRId64 " ", (char)r->kind, r->t_ms < 0 ? 0 : r->t_ms);
	if (!flags)
		buf_addc(out, '-');
	for (size_t i = 0; flag_letters[i]; i++)
		if (flags & (1u << i))
			buf_addc(out, flag_letters[i]);
	if (shown || mask)
		buf_addc(out, ' ');
	tf_escape(out, r->data, shown);
	if (mask)
		buf_printf(out, "%s%s", shown ? " " : "", TF_MASK);
	buf_addc(out, '\n');
}

int tf_write(FILE *f, const struct tf_list *l, bool reveal)
{
	struct buf b;
	buf_init(&b, 0);
	tf_format_header(&b, &l->hdr);
	int rc = fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		buf_reset(&b);
		tf_format_record(&b, &l->v[i], reveal);
		if (fwrite(b.data, 1, b.len, f) != b.len)
			rc = -1;
	}
	buf_wipe_free(&b);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tf_unescape(struct buf *out, const char *s, size_t n, const char **why)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			*why = _("a control byte in the text (it must be written escaped, e.g. \\x1b)");
			return -1;
		}
		if (c != '\\') {
			buf_addc(out, (char)c);
			continue;
		}
		if (++i == n) {
			*why = _("a lone backslash at the end of the text (write \\\\ for a backslash)");
			return -1;
		}
		switch (s[i]) {
		case '\\': buf_addc(out, '\\'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'x': {
			int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*why = _("\\x needs two hexadecimal digits");
				return -1;
			}
			buf_addc(out, (char)(hi << 4 | lo));
			i += 2;
			break;
		}
		default:
			*why = _("unknown escape (only \\\\, \\r, \\n, \\t and \\xNN exist)");
			return -1;
		}
	}
	return 0;
}

bool tf_kind_valid(int c)
{
	return c == TF_SERVER || c == TF_CLIENT || c == TF_NOTE || c == TF_WARN || c == TF_CLOSED;
}

struct reader {
	struct tf_list *l;
	const char *file;
	tf_error_fn err;
	void *arg;
	unsigned lineno;
};

static int fail(struct reader *rd, const char *msg)
{
	if (rd->err)
		rd->err(rd->arg, rd->file, rd->lineno, msg);
	return -1;
}

/* "KIND TIME FLAGS[ TEXT]" */
static int parse_record(struct reader *rd, const char *s, size_t n)
{
	if (n < 2 || !tf_kind_valid((unsigned char)s[0]) || s[1] != ' ')
		return fail(rd, _("a record starts with S, C, #, ! or X and a space"));
	size_t i = 2;
	int64_t t = 0;
	size_t digits = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (digits == 15)
			return fail(rd, _("the time is too large"));
		t = t * 10 + (s[i] - '0');
	}
	if (!digits || i == n || s[i] != ' ')
		return fail(rd, _("the time (milliseconds since the start) must be a number followed by a space"));
	i++;
	unsigned flags = 0;
	size_t fstart = i;
	if (i < n && s[i] == '-') {
		i++;
	} else {
		for (; i < n && s[i] != ' '; i++) {
			const char *at = memchr(flag_letters, s[i], sizeof flag_letters - 1);
			if (!at)
				return fail(rd, _("unknown flag (T, S, M, R, L, D, or - for none)"));
			unsigned bit = 1u << (at - flag_letters);
			if (flags & bit)
				return fail(rd, _("a flag is given twice"));
			flags |= bit;
		}
	}
	if (i == fstart || (i < n && s[i] != ' '))
		return fail(rd, _("flags must be letters (T, S, M, R, L, D) or -, followed by a space"));
	size_t text = i < n ? i + 1 : n;
	struct buf b;
	buf_init(&b, 0);
	const char *why;
	if (tf_unescape(&b, s + text, n - text, &why) < 0) {
		buf_wipe_free(&b);
		return fail(rd, why);
	}
	tf_list_add(rd->l, (enum tf_kind)s[0], t, flags, b.data ? b.data : "", b.len);
	rd->l->v[rd->l->n - 1].lineno = rd->lineno;
	buf_wipe_free(&b);
	return 0;
}

static int parse_header_field(struct reader *rd, const char *s, size_t n)
{
	static const char *const names[] = {"peer", "start", "tool", "live"};
	char **slots[] = {&rd->l->hdr.peer, &rd->l->hdr.start, &rd->l->hdr.tool, &rd->l->hdr.live};
	const char *sp = memchr(s, ' ', n);
	size_t nlen = sp ? (size_t)(sp - s) - 1 : n - 1;
	const char *val = sp ? sp + 1 : s + n;
	struct buf b;
	buf_init(&b, 0);
	const char *why;
	if (tf_unescape(&b, val, (size_t)(s + n - val), &why) < 0) {
		buf_free(&b);
		return fail(rd, why);
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i]) == nlen && !memcmp(s + 1, names[i], nlen)) {
			free(*slots[i]);
			*slots[i] = buf_steal(&b);
			break;
		}
	}
	/* Unknown fields are for later versions of the format: skipped. */
	buf_free(&b);
	return 0;
}

static int parse_magic(struct reader *rd, const char *s, size_t n)
{
	size_t m = strlen(TF_MAGIC);
	if (n <= m + 1 || memcmp(s, TF_MAGIC, m) != 0 || s[m] != ' ')
		return fail(rd, _("not an smtpdbg transcript (the first line must be \"" TF_MAGIC " 1\")"));
	unsigned v = 0;
	for (size_t i = m + 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > 1000)
			return fail(rd, _("the format version must be a number"));
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v != TF_VERSION)
		return fail(rd, _("this transcript format version is not supported (this smtpdbg reads version 1)"));
	return 0;
}

static struct tf_limits limits(const struct tf_limits *lim)
{
	struct tf_limits L = lim ? *lim : (struct tf_limits){0};
	if (!L.line_max)
		L.line_max = TF_DEFAULT_LINE_MAX;
	if (!L.lines_max)
		L.lines_max = TF_DEFAULT_LINES_MAX;
	if (!L.file_max)
		L.file_max = TF_DEFAULT_FILE_MAX;
	return L;
}

/* One line (without its "\n"); *records says whether one was read before.
 * Returns 0, or -1 after reporting the problem. */
static int reader_line(struct reader *rd, const struct tf_limits *L, const char *s, size_t len,
		       size_t nrecords, bool *records)
{
	rd->lineno++;
	if (len > L->line_max)
		return fail(rd, _("the line is longer than the line limit"));
	if (len && s[len - 1] == '\r')
		len--; /* a file edited with CRLF line ends */
	if (rd->lineno == 1)
		return parse_magic(rd, s, len);
	if (len == 0)
		return 0;
	if (s[0] == '@') {
		if (*records)
			return fail(rd, _("header fields (@name) must come before the first record"));
		return parse_header_field(rd, s, len);
	}
	if (nrecords >= L->lines_max)
		return fail(rd, _("more records than the limit allows"));
	if (parse_record(rd, s, len) < 0)
		return -1;
	*records = true;
	return 0;
}

int tf_parse(struct tf_list *l, const void *vp, size_t n, const char *file,
	     const struct tf_limits *lim, tf_error_fn err, void *arg)
{
	const char *p = vp;
	struct tf_limits L = limits(lim);
	struct reader rd = {.l = l, .file = file ? file : "-", .err = err, .arg = arg};
	/* Too big: read the complete lines within the limit, then say so. */
	bool too_big = n > L.file_max;
	if (too_big) {
		n = L.file_max;
		while (n > 0 && p[n - 1] != '\n')
			n--;
	}
	bool records = false;
	for (size_t off = 0; off < n;) {
		const char *nl = memchr(p + off, '\n', n - off);
		size_t len = nl ? (size_t)(nl - (p + off)) : n - off;
		const char *s = p + off;
		off += len + (nl != NULL);
		if (reader_line(&rd, &L, s, len, l->n, &records) < 0)
			return -1;
	}
	if (too_big) {
		rd.lineno++;
		return fail(&rd, _("the file is larger than the transcript size limit; the rest was not read"));
	}
	if (rd.lineno == 0) {
		rd.lineno = 1;
		return fail(&rd, _("the file is empty"));
	}
	return 0;
}

struct tf_reader {
	FILE *f;
	struct tf_limits L;
	struct tf_list l;      /* the header, and the record just read */
	struct reader rd;
	bool records, done;
	size_t nrecords, bytes;
	struct buf line;
	char *in;
	size_t pos, len;
	int rc;
};

struct tf_reader *tf_reader_new(FILE *f, const char *file, const struct tf_limits *lim,
				tf_error_fn err, void *arg)
{
	struct tf_reader *r = xcalloc(1, sizeof *r);
	r->f = f;
	r->L = limits(lim);
	tf_list_init(&r->l);
	r->rd = (struct reader){.l = &r->l, .file = file ? file : "-", .err = err, .arg = arg};
	buf_init(&r->line, 0);
	r->in = xmalloc(65536);
	return r;
}

void tf_reader_free(struct tf_reader *r)
{
	if (!r)
		return;
	buf_wipe_free(&r->line);
	wipe(r->in, 65536);
	free(r->in);
	tf_list_free(&r->l);
	free(r);
}

const struct tf_header *tf_reader_header(const struct tf_reader *r)
{
	return &r->l.hdr;
}

int tf_reader_status(const struct tf_reader *r)
{
	return r->rc;
}

/* Forget the record handed out last (its secret bytes wiped). */
static void drop_record(struct tf_reader *r)
{
	struct tf_header keep = r->l.hdr;
	memset(&r->l.hdr, 0, sizeof r->l.hdr);
	tf_list_free(&r->l);
	tf_list_init(&r->l);
	r->l.hdr = keep;
}

const struct tf_record *tf_reader_next(struct tf_reader *r)
{
	drop_record(r);
	while (!r->done) {
		/* One line, but never more than the line limit and one byte:
		 * a 10 GB line costs no memory, and is reported as too long. */
		buf_reset(&r->line);
		bool eol = false;
		while (!eol && r->line.len <= r->L.line_max + 1) {
			if (r->pos == r->len) {
				r->len = fread(r->in, 1, 65536, r->f);
				r->pos = 0;
				if (!r->len)
					break;
			}
			const char *nl = memchr(r->in + r->pos, '\n', r->len - r->pos);
			size_t take = nl ? (size_t)(nl - (r->in + r->pos)) + 1 : r->len - r->pos;
			buf_add(&r->line, r->in + r->pos, take);
			r->pos += take;
			eol = nl != NULL;
		}
		if (!r->line.len) {
			r->done = true;
			if (ferror(r->f))
				r->rc = fail(&r->rd, _("read error"));
			else if (r->rd.lineno == 0) {
				r->rd.lineno = 1;
				r->rc = fail(&r->rd, _("the file is empty"));
			}
			break;
		}
		r->bytes += r->line.len;
		if (r->bytes > r->L.file_max) {
			r->rd.lineno++;
			r->rc = fail(&r->rd, _("the file is larger than the transcript size limit; the rest was not read"));
			r->done = true;
			break;
		}
		size_t len = r->line.len - (eol ? 1 : 0);
		/* Records are not held here, so their number needs no limit. */
		if (reader_line(&r->rd, &r->L, r->line.data, len, 0, &r->records) < 0) {
			r->rc = -1;
			r->done = true;
			break;
		}
		if (r->l.n) {
			r->nrecords++;
			return &r->l.v[0];
		}
	}
	return NULL;
}

int tf_stream(FILE *f, const char *file, const struct tf_limits *lim, tf_error_fn err, void *arg,
	      tf_record_fn record, void *rarg)
{
	struct tf_reader *r = tf_reader_new(f, file, lim, err, arg);
	const struct tf_record *rec;
	while ((rec = tf_reader_next(r)))
		record(rarg, rec, tf_reader_header(r));
	int rc = tf_reader_status(r);
	tf_reader_free(r);
	return rc;
}

int tf_read(struct tf_list *l, FILE *f, const char *file, const struct tf_limits *lim,
	    tf_error_fn err, void *arg)
{
	/* One byte past the limit is enough for tf_parse to see it. */
	size_t max = (lim && lim->file_max ? lim->file_max : TF_DEFAULT_FILE_MAX) + 1;
	struct buf b;
	buf_init(&b, 0);
	char chunk[65536];
	size_t got;
	while (b.len < max && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got < max - b.len ? got : max - b.len);
	int rc;
	if (ferror(f)) {
		if (err)
			err(arg, file ? file : "-", 0, _("read error"));
		rc = -1;
	} else {
		rc = tf_parse(l, b.data ? b.data : "", b.len, file, lim, err, arg);
	}
	buf_wipe_free(&b);
	return rc;
}
