/* Teaching rows: engine events as table rows, printed as text or
 * Markdown. The notes come from narrate_event itself, so a row says
 * exactly what `run` says about the same line. */
#include "smtpdbg/teach_row.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/transcript_file.h"
#include "smtpdbg/xmalloc.h"

#define WRAP 76

void teach_rows_init(struct teach_rows *r)
{
	memset(r, 0, sizeof *r);
}

static void row_free(struct teach_row *w)
{
	free(w->wire);
	if (w->decoded)
		wipe(w->decoded, strlen(w->decoded));
	free(w->decoded);
	free(w->explain);
	if (!w->shared)
		free(w->detail);
	annot_items_free(&w->maths);
}

/* ---- the pool of shared details --------------------------------------- */

struct teach_pool {
	char **v; /* open addressing, NULL: empty */
	size_t cap, n;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *pool_get(struct teach_pool *p, char *s)
{
	if (p->n * 2 >= p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		char **v = xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < p->cap; i++)
			if (p->v[i]) {
				size_t k = hash(p->v[i]) & (cap - 1);
				while (v[k])
					k = (k + 1) & (cap - 1);
				v[k] = p->v[i];
			}
		free(p->v);
		p->v = v;
		p->cap = cap;
	}
	size_t k = hash(s) & (p->cap - 1);
	for (; p->v[k]; k = (k + 1) & (p->cap - 1))
		if (!strcmp(p->v[k], s)) {
			free(s);
			return p->v[k];
		}
	p->n++;
	return p->v[k] = s;
}

void teach_rows_share(struct teach_rows *r)
{
	if (!r->pool)
		r->pool = xcalloc(1, sizeof *r->pool);
	for (; r->shared + 1 < r->n; r->shared++) {
		struct teach_row *w = &r->v[r->shared];
		if (w->detail && !w->shared) {
			w->detail = (char *)pool_get(r->pool, w->detail);
			w->shared = true;
		}
	}
}

/* A row's own copy of its detail before it changes. */
static void own_detail(struct teach_row *w)
{
	if (w->shared && w->detail)
		w->detail = xstrdup(w->detail);
	w->shared = false;
}

void teach_rows_truncate(struct teach_rows *r, size_t n)
{
	while (r->n > n)
		row_free(&r->v[--r->n]);
	if (r->shared > r->n)
		r->shared = r->n;
}

void teach_rows_free(struct teach_rows *r)
{
	teach_rows_truncate(r, 0);
	free(r->v);
	if (r->pool) {
		for (size_t i = 0; i < r->pool->cap; i++)
			free(r->pool->v[i]);
		free(r->pool->v);
		free(r->pool);
	}
	memset(r, 0, sizeof *r);
}

struct teach_row *teach_rows_add(struct teach_rows *r, char party)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	struct teach_row *w = &r->v[r->n++];
	memset(w, 0, sizeof *w);
	w->party = party;
	w->step = -1;
	return w;
}

static void join(char **dst, const char *text, const char *sep)
{
	if (!text)
		return;
	if (!*dst) {
		*dst = xstrdup(text);
		return;
	}
	size_t a = strlen(*dst), b = strlen(sep), c = strlen(text);
	*dst = xrealloc(*dst, a + b + c + 1);
	memcpy(*dst + a, sep, b);
	memcpy(*dst + a + b, text, c + 1);
}

void teach_row_add_detail(struct teach_row *row, const char *text)
{
	if (text && *text) {
		own_detail(row);
		join(&row->detail, text, "\n");
	}
}

void teach_row_add_explain(struct teach_row *row, const char *text)
{
	if (text && *text)
		join(&row->explain, text, "\n");
}

char *teach_decode(const char *p, size_t n, unsigned esc_flags)
{
	uint8_t *dec;
	size_t dlen, pos;
	const char *err;
	if (n == 0 || b64_decode(p, n, &dec, &dlen, &err, &pos) < 0)
		return NULL;
	char *s = dlen ? esc_str(dec, dlen, esc_flags) : NULL;
	wipe(dec, dlen);
	free(dec);
	return s;
}

/* The notes `run` prints for l become the row's detail. */
static void add_notes(struct teach_row *w, const struct annot_line *l, const struct narrate_opts *o)
{
	struct buf b;
	buf_init(&b, 0);
	if (l->dropped)
		buf_printf(&b, P_("(%zu more line not kept)\n", "(%zu more lines not kept)\n", l->dropped),
			   l->dropped);
	narrate_notes(o, l, &b);
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (b.len) {
		own_detail(w);
		join(&w->detail, b.data, "\n");
	}
	buf_free(&b);
}

static void set_wire(struct teach_row *w, const struct annot_line *l)
{
	for (size_t i = 0; i < l->nwire; i++) {
		if (!w->wire)
			w->wire = xstrdup(l->wire[i]);
		else
			join(&w->wire, l->wire[i], "\n");
	}
	if (!w->wire)
		w->wire = xstrdup("");
}

void teach_row_narrate(struct teach_row *row, const struct smtp_event *ev,
		       const struct narrate_opts *o)
{
	struct annot_policy p = narrate_policy(o);
	p.auth_maths = true; /* the row keeps the maths; the notes only when asked */
	struct annot_line l;
	annot_event(ev, &p, &l);
	annot_items_take(&row->maths, &l.items, AIF_MATHS, o->auth_maths);
	add_notes(row, &l, o);
	annot_line_free(&l);
}

struct teach_row *teach_rows_event(struct teach_rows *r, const struct smtp_event *ev,
				   const struct narrate_opts *o, bool tls, bool masked)
{
	struct narrate_opts no = *o;
	if (masked)
		no.show_secrets = false;
	struct teach_row *w;
	switch (ev->type) {
	case SMTP_EV_CLOSED:
		w = teach_rows_add(r, '#');
		w->tls = tls;
		w->wire = esc_str(ev->text, strlen(ev->text), no.esc_flags);
		return w;
	case SMTP_EV_STATE:
	case SMTP_EV_CAPS:
		return NULL;
	default:
		break;
	}
	struct annot_policy p = narrate_policy(&no);
	p.auth_maths = true; /* the row keeps the maths; the notes only when asked */
	struct annot_line l;
	annot_event(ev, &p, &l);
	if (ev->type == SMTP_EV_REPLY || ev->type == SMTP_EV_SENT) {
		w = teach_rows_add(r, ev->type == SMTP_EV_REPLY ? 'S' : 'C');
		w->tls = tls;
		w->secret = l.secret;
		set_wire(w, &l);
		w->decoded = l.decoded && *l.decoded ? xstrdup(l.decoded) : NULL;
	} else {
		w = r->n ? &r->v[r->n - 1] : teach_rows_add(r, '#');
		if (!w->wire)
			w->wire = xstrdup("");
	}
	annot_items_take(&w->maths, &l.items, AIF_MATHS, no.auth_maths);
	add_notes(w, &l, &no);
	annot_line_free(&l);
	return w;
}

struct teach_row *teach_rows_note(struct teach_rows *r, char party, const void *p, size_t n,
				  unsigned esc_flags)
{
	struct teach_row *w = teach_rows_add(r, party);
	/* Escape line by line so a multi-line note keeps its lines. */
	struct buf b;
	buf_init(&b, 0);
	const char *s = p, *end = s + n;
	while (s <= end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (b.len)
			buf_addc(&b, '\n');
		esc_append(&b, s, len, esc_flags);
		if (!nl)
			break;
		s = nl + 1;
	}
	w->wire = buf_steal(&b);
	return w;
}

/* ---- Markdown --------------------------------------------------------- */

static const char *party_name(char p)
{
	switch (p) {
	case 'S': return _("Server");
	case 'C': return _("Client");
	case '!': return _("Warning");
	default: return _("Note");
	}
}

/* A code span that holds any text: a fence longer than any run of
 * backticks inside, and '|' escaped for the table. */
static void md_code(FILE *f, const char *s, size_t n)
{
	if (n == 0) {
		fputs(_("*(empty line)*"), f);
		return;
	}
	size_t run = 0, longest = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	bool pad = s[0] == '`' || s[n - 1] == '`' || longest;
	for (size_t i = 0; i <= longest; i++)
		fputc('`', f);
	if (pad)
		fputc(' ', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '|')
			fputc('\\', f);
		fputc(s[i], f);
	}
	if (pad)
		fputc(' ', f);
	for (size_t i = 0; i <= longest; i++)
		fputc('`', f);
}

/* Lines as code spans joined by <br>. */
static void md_lines(FILE *f, const char *s)
{
	if (!s)
		return;
	for (bool first = true;; first = false) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (!first)
			fputs("<br>", f);
		md_code(f, s, n);
		if (!nl)
			break;
		s = nl + 1;
	}
}

/* Prose: Markdown's special characters backslash-escaped, lines joined by
 * <br>. */
static void md_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n')
			fputs("<br>", f);
		else if (strchr("\\`*_[]<>|#~&", *s))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

void teach_rows_markdown(FILE *f, const struct teach_rows *r, size_t from, size_t to)
{
	teach_rows_markdown_head(f);
	teach_rows_markdown_rows(f, r, from, to);
}

void teach_rows_markdown_head(FILE *f)
{
	fprintf(f, "| %s | %s | %s | %s |\n|---|---|---|---|\n", _("Party"), _("Line"),
		_("Decoded"), _("Explanation"));
}

void teach_rows_drop_front(struct teach_rows *r, size_t k)
{
	if (k > r->n)
		k = r->n;
	for (size_t i = 0; i < k; i++)
		row_free(&r->v[i]);
	memmove(r->v, r->v + k, (r->n - k) * sizeof *r->v);
	r->n -= k;
	r->shared = r->shared > k ? r->shared - k : 0;
}

void teach_rows_markdown_rows(FILE *f, const struct teach_rows *r, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < r->n; i++) {
		const struct teach_row *w = &r->v[i];
		fprintf(f, "| %s | ", party_name(w->party));
		if (w->party == 'S' || w->party == 'C')
			md_lines(f, w->wire);
		else
			md_text(f, w->wire);
		fputs(" | ", f);
		if (w->decoded)
			md_lines(f, w->decoded);
		fputs(" | ", f);
		md_text(f, w->explain ? w->explain : w->detail);
		if (w->unexpected)
			fputs(_(" **(not the reply the lesson expected)**"), f);
		fputs(" |\n", f);
	}
}

/* ---- annotated text --------------------------------------------------- */

/* "  # " lines, each paragraph wrapped at WRAP columns (bytes: the texts
 * are mostly ASCII, and a long word is never split); continuation lines
 * keep the paragraph's indentation. */
static void note_wrapped(FILE *f, const char *s)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t indent = 0;
		while (indent < n && indent < 16 && s[indent] == ' ')
			indent++;
		size_t i = 0, width = WRAP;
		do {
			size_t take = n - i;
			if (take > width) {
				take = width;
				while (take > 0 && s[i + take] != ' ')
					take--;
				if (take == 0)
					for (take = width; i + take < n && s[i + take] != ' ';)
						take++;
			}
			fprintf(f, "  # %*s%.*s\n", i ? (int)indent : 0, "", (int)take, s + i);
			i += take;
			while (i < n && s[i] == ' ')
				i++;
			width = WRAP - indent;
		} while (i < n);
		s = nl ? nl + 1 : s + n;
	}
}

void teach_rows_text(FILE *f, const struct teach_rows *r, size_t from, size_t to, bool detail)
{
	for (size_t i = from; i < to && i < r->n; i++) {
		const struct teach_row *w = &r->v[i];
		const char *s = w->wire ? w->wire : "";
		if (w->party == 'S' || w->party == 'C') {
			for (;;) {
				const char *nl = strchr(s, '\n');
				size_t n = nl ? (size_t)(nl - s) : strlen(s);
				fprintf(f, "%c: %.*s\n", w->party, (int)n, s);
				if (!nl)
					break;
				s = nl + 1;
			}
		} else {
			note_wrapped(f, s);
		}
		if (w->decoded)
			fprintf(f, "  # %s %s\n", _("decoded:"), w->decoded);
		if (w->unexpected)
			note_wrapped(f, _("! not the reply the lesson expected (see below)"));
		note_wrapped(f, w->explain);
		if (detail || !w->explain)
			note_wrapped(f, w->detail);
	}
}
