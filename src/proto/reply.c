#include "smtpdbg/reply.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* What one reply may keep in memory in all, whatever its line count. */
#define REPLY_BYTES_CAP (1024 * 1024)

void reply_framer_init(struct reply_framer *f, const struct reply_limits *lim)
{
	memset(f, 0, sizeof *f);
	if (lim)
		f->lim = *lim;
	if (!f->lim.line_cap)
		f->lim.line_cap = REPLY_DEFAULT_LINE_CAP;
	if (f->lim.lines_cap < 2)
		f->lim.lines_cap = REPLY_DEFAULT_LINES_CAP;
	buf_init(&f->line, f->lim.line_cap);
}

void reply_free(struct smtp_reply *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nlines; i++)
		free(r->lines[i].raw);
	free(r->lines);
	free(r);
}

void reply_framer_free(struct reply_framer *f)
{
	buf_free(&f->line);
	reply_free(f->cur);
	f->cur = NULL;
}

size_t reply_framer_pending(const struct reply_framer *f)
{
	return f->line_orig + (f->cur ? f->cur->bytes : 0);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39, then SP, "-" or
 * the end of the line. Returns the code, or 0 if the line is malformed. */
static int parse_code(const char *s, size_t n, bool *cont)
{
	if (n < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' || s[1] > '5' || !is_digit(s[2]))
		return 0;
	if (n > 3 && s[3] != ' ' && s[3] != '-')
		return 0;
	*cont = n > 3 && s[3] == '-';
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

size_t enh_parse(const char *s, size_t n, struct enh_code *out)
{
	size_t i = 0;
	int part[3];

	if (n < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	part[0] = s[0] - '0';
	i = 2;
	for (int k = 1; k < 3; k++) {
		size_t start = i;
		int v = 0;
		while (i < n && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || (i < n && is_digit(s[i])))
			return 0;
		part[k] = v;
		if (k == 1) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < n && s[i] != ' ')
		return 0;
	out->cls = part[0];
	out->subject = part[1];
	out->detail = part[2];
	return i;
}

const char *reply_line_text(const struct reply_line *l, size_t *len)
{
	bool cont;
	if (!parse_code(l->raw, l->len, &cont)) {
		*len = l->len;
		return l->raw;
	}
	if (l->len <= 4) {
		*len = 0;
		return l->raw + l->len;
	}
	*len = l->len - 4;
	return l->raw + 4;
}

static unsigned scan_line(const char *s, size_t n)
{
	unsigned flags = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			flags |= RF_NUL;
		else if (c == '\r')
			flags |= RF_STRAY_CR;
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			flags |= RF_CTL;
		else if (c >= 0x80)
			flags |= RF_EIGHTBIT;
	}
	return flags;
}

static void add_line(struct smtp_reply *r, const struct reply_framer *f,
		     const char *s, size_t n, size_t orig, unsigned flags, bool final)
{
	r->nlines_total++;
	r->flags |= flags;
	/* Keep the first lines and always the final one, within both caps. */
	bool room = r->nlines + 1 < f->lim.lines_cap && r->kept_bytes + n <= REPLY_BYTES_CAP;
	if (!room && !final) {
		r->flags |= RF_LINES_DROPPED;
		return;
	}
	if (!room)
		r->flags |= RF_LINES_DROPPED;
	r->lines = xrealloc(r->lines, (r->nlines + 1) * sizeof *r->lines);
	struct reply_line *l = &r->lines[r->nlines++];
	l->raw = xstrndup(s, n);
	r->kept_bytes += n;
	l->len = n;
	l->orig_len = orig;
	l->flags = flags;
}

/* Handle one complete line. Returns a finished reply or NULL. */
static struct smtp_reply *take_line(struct reply_framer *f, bool bare_lf, size_t wire_len)
{
	const char *s = f->line.data ? f->line.data : "";
	size_t n = f->line.len, orig = f->line_orig;
	unsigned flags = 0;

	if (bare_lf)
		flags |= RF_BARE_LF;
	flags |= scan_line(s, n);
	if (orig + 2 > REPLY_RFC_LINE_MAX)
		flags |= RF_LONG;
	if (f->line_overflow)
		flags |= RF_TRUNCATED;

	bool cont = false;
	int code = parse_code(s, n, &cont);
	struct smtp_reply *r = f->cur;
	if (!r) {
		r = xcalloc(1, sizeof *r);
		r->code = code;
		if (code) {
			size_t tn = n > 4 ? n - 4 : 0;
			size_t used = enh_parse(s + 4, tn, &r->enh);
			if (used && r->enh.cls != code / 100)
				flags |= RF_ENH_MISMATCH;
		}
	}
	r->bytes += wire_len;
	if (!code) {
		flags |= RF_MALFORMED;
		cont = false;
	} else if (r->code && code != r->code) {
		flags |= RF_CODE_MISMATCH;
	}
	add_line(r, f, s, n, orig, flags, !cont);

	buf_reset(&f->line);
	f->line_orig = 0;
	f->line_overflow = false;
	f->last_cr = false;
	f->cur = cont ? r : NULL;
	return cont ? NULL : r;
}

size_t reply_framer_feed(struct reply_framer *f, const void *vp, size_t n,
			 struct smtp_reply **out)
{
	const char *p = vp;
	size_t used = 0;

	*out = NULL;
	while (used < n) {
		const char *lf = memchr(p + used, '\n', n - used);
		size_t chunk = lf ? (size_t)(lf - (p + used)) : n - used;
		size_t room = f->lim.line_cap - f->line.len;
		if (chunk > room)
			f->line_overflow = true;
		buf_add(&f->line, p + used, chunk > room ? room : chunk);
		if (chunk)
			f->last_cr = p[used + chunk - 1] == '\r';
		f->line_orig += chunk;
		used += chunk;
		if (!lf)
			break;
		used++; /* the LF */
		size_t wire = f->line_orig + 1;
		bool crlf = f->last_cr;
		if (crlf) {
			/* The CR is part of the terminator. It was stored unless
			 * the line overflowed (then the tail, CR included, was
			 * dropped). */
			f->line_orig--;
			if (!f->line_overflow)
				f->line.data[--f->line.len] = '\0';
		}
		*out = take_line(f, !crlf, wire);
		if (*out)
			return used;
	}
	return used;
}

struct smtp_reply *reply_framer_finish(struct reply_framer *f)
{
	struct smtp_reply *r = NULL;
	/* An unterminated last line still counts, flagged as a bare end. */
	if (f->line_orig > 0 || f->line_overflow)
		r = take_line(f, true, f->line_orig);
	if (!r && f->cur) {
		r = f->cur;
		r->flags |= RF_MALFORMED | RF_INCOMPLETE;
		f->cur = NULL;
	}
	return r;
}

void reply_describe_flags(struct buf *out, unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *text;
	} names[] = {
		{RF_INCOMPLETE, N_("the connection closed in the middle of a multi-line reply: its last line never came, so the reply is incomplete and not used")},
		{RF_MALFORMED, N_("malformed reply: a reply line must start with a code 200-559 followed by a space, a hyphen or the end of the line (RFC 5321 §4.2)")},
		{RF_CODE_MISMATCH, N_("the lines of this multi-line reply carry different codes (RFC 5321 §4.2.1 requires the same code on every line)")},
		{RF_BARE_LF, N_("a line ended in a bare LF instead of CRLF (RFC 5321 §2.3.8)")},
		{RF_NUL, N_("a NUL byte inside a line: text after it must not be trusted")},
		{RF_STRAY_CR, N_("a CR inside a line (only CRLF may end a line)")},
		{RF_CTL, N_("control characters in the text (shown escaped)")},
		{RF_LONG, N_("a line is longer than the 512 octets RFC 5321 §4.5.3.1.5 allows")},
		{RF_TRUNCATED, N_("a line exceeded smtpdbg's limit; its tail was dropped")},
		{RF_LINES_DROPPED, N_("too many lines in one reply; the middle ones were dropped")},
		{RF_ENH_MISMATCH, N_("the enhanced status code's class differs from the reply code's class (RFC 3463 §2)")},
		{RF_EIGHTBIT, N_("8-bit bytes in the reply text (not ASCII)")},
	};
	bool first = out->len == 0;
	if (flags & RF_INCOMPLETE)
		flags &= ~(unsigned)RF_MALFORMED; /* its lines were well-formed, only cut */
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].flag))
			continue;
		if (!first)
			buf_adds(out, "; ");
		buf_adds(out, _(names[i].text));
		first = false;
	}
}
