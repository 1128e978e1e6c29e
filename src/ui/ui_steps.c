/* STEP and REPLAY mode panes. The right pane is the lesson as a table like
 * the seed's: a marker (> the current row, . still to come), the party, the
 * line as on the wire with its decoded Base64 beside it, and the
 * explanation: in full for the current row, its first line for the others.
 * The left pane is the transcript so far. Markers say what the colours say. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/xmalloc.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_explain.h"

struct dline {
	char *text;
	enum theme_role role;
	long row; /* the row it belongs to, -1 for the introduction */
};

struct dlines {
	struct dline *v;
	size_t n, cap;
};

static void add(struct dlines *d, const char *text, enum theme_role role, long row)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = (struct dline){xstrdup(text), role, row};
}

/* text wrapped to width, each line after indent spaces. */
static void add_wrapped(struct dlines *d, const char *text, int indent, int width,
			enum theme_role role, long row, size_t max)
{
	char **w;
	size_t n = ui_wrap(text, width - indent > 8 ? width - indent : 8, &w);
	for (size_t i = 0; i < n && i < max; i++) {
		char line[4096];
		snprintf(line, sizeof line, "%*s%s", indent, "", w[i]);
		add(d, line, role, row);
	}
	ui_wrap_free(w, n);
}

static enum theme_role role_of(const struct teach_row *w)
{
	return w->state == TEACH_CURRENT ? THEME_STEP_CURRENT
	       : w->state == TEACH_DONE  ? THEME_STEP_DONE
					 : THEME_STEP_PENDING;
}

/* The wire lines of a row, the decoded form beside the last one. */
static void add_wire(struct dlines *d, const struct teach_row *w, long i, bool table)
{
	const char *p = w->wire ? w->wire : "";
	char mark = !table ? ' ' : w->state == TEACH_CURRENT ? '>' : w->state == TEACH_PENDING ? '.' : ' ';
	enum theme_role role = table ? role_of(w) : w->state == TEACH_CURRENT ? THEME_STEP_CURRENT
							      : THEME_STEP_DONE;
	for (bool first = true;; first = false) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "%c%c%c %.*s", first ? mark : ' ', first ? w->party : ' ', w->tls ? 'T' : ' ',
			   (int)len, p);
		if (!nl && w->decoded)
			buf_printf(&b, "  = %s", *w->decoded ? w->decoded : _("(empty)"));
		if (!nl && w->typed)
			buf_adds(&b, _("  (typed)"));
		if (!nl && w->unexpected)
			buf_adds(&b, _("  (not the reply the lesson expected)"));
		add(d, b.data, role, i);
		buf_free(&b);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* The first line of a text. */
static char *first_line(const char *s)
{
	const char *nl = strchr(s, '\n');
	return xstrndup(s, nl ? (size_t)(nl - s) : strlen(s));
}

static void build_table(struct ui *u, int width, struct dlines *d)
{
	const char *about = stepper_about(u->step);
	if (about) {
		add_wrapped(d, about, 0, width, THEME_TRANSCRIPT_META, -1, 50);
		add(d, "", THEME_DEFAULT, -1);
	}
	const struct teach_rows *rows = stepper_rows(u->step);
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		add_wire(d, w, (long)i, true);
		enum theme_role er = w->state == TEACH_PENDING ? THEME_STEP_PENDING : THEME_EXPLAIN_TEXT;
		/* A line the learner typed keeps its explanation in view: it
		 * says how it differs from the lesson's. */
		if (w->state == TEACH_CURRENT || (w->typed && w->state == TEACH_DONE)) {
			if (w->explain)
				add_wrapped(d, w->explain, 4, width, er, (long)i, 200);
			if (w->detail) {
				/* smtpdbg's own words: the heading beside a lesson's text,
				 * all of them in a replay (which has no lesson text). */
				char *h = w->explain ? first_line(w->detail) : xstrdup(w->detail);
				add_wrapped(d, h, 4, width, THEME_EXPLAIN_REF, (long)i, 200);
				free(h);
			}
			/* The current row's arithmetic, coloured by kind as in
			 * the live pane. */
			struct ui_xlines x = {0};
			if (w->state == TEACH_CURRENT)
				ui_explain_lines_opt(&w->maths, width > 12 ? width - 4 : 8,
						     &(struct ui_xopts){u->reveal, u->b64_bits}, &x);
			for (size_t k = 0; k < x.n; k++)
				add_wrapped(d, x.v[k].text, 4, width, x.v[k].role, (long)i, 200);
			ui_lines_free(&x);
		} else {
			const char *t = w->explain ? w->explain : w->detail;
			if (t) {
				char *h = first_line(t);
				add_wrapped(d, h, 4, width, er == THEME_EXPLAIN_TEXT ? THEME_TRANSCRIPT_META : er,
					    (long)i, 1);
				free(h);
			}
		}
	}
}

static void free_lines(struct dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
}

static void title(const struct ui_box *b, const char *text, bool focused)
{
	attr_t ta = ui_attr(focused ? THEME_TITLE_FOCUS : THEME_TITLE_BLUR);
	move(b->y, b->x);
	attrset(ta);
	for (int k = 0; k < b->w; k++)
		addch(focused ? '=' : '-');
	attrset(A_NORMAL);
	ui_put(b->y, b->x + 1, b->w - 1, text, ta);
}

/* Draw lines from top, the current row's lines filling the width. */
static void draw_lines(const struct ui_box *b, const struct dlines *d, size_t top, long cur)
{
	for (int k = 0; k < b->h - 1 && top + (size_t)k < d->n; k++) {
		const struct dline *l = &d->v[top + (size_t)k];
		attr_t a = ui_attr(l->role);
		if (l->row >= 0 && l->row == cur && l->role == THEME_STEP_CURRENT) {
			move(b->y + 1 + k, b->x);
			attrset(a);
			for (int c = 0; c < b->w; c++)
				addch(' ');
			attrset(A_NORMAL);
		}
		ui_put(b->y + 1 + k, b->x + 1, b->w - 1, l->text, a);
	}
}

void ui_draw_step_table(struct ui *u)
{
	const struct ui_box *b = &u->r.explain;
	if (b->h <= 1 || b->w <= 0)
		return;
	struct dlines d = {0};
	build_table(u, b->w - 1, &d);
	long cur = stepper_current(u->step);
	/* Keep the current row in view, with some rows before it. */
	size_t first = 0, last = 0, rows = (size_t)(b->h - 1);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].row == cur && cur >= 0) {
			if (!last)
				first = i;
			last = i + 1;
		}
	/* Scroll only when the current row (and a few after it) would not
	 * fit; a row taller than the pane shows from its start. */
	size_t top = 0, after = last + 4 < d.n ? last + 4 : d.n;
	if (last && after > rows)
		top = after - rows;
	if (top > first)
		top = first;
	char t[512];
	snprintf(t, sizeof t, " %s%s ", u->r.mode == LAYOUT_SINGLE ? _("ONE PANE (Tab: input) ") : "",
		 stepper_title(u->step));
	title(b, t, u->focus == FOCUS_EXPLAIN);
	draw_lines(b, &d, top, cur);
	free_lines(&d);
}

void ui_draw_step_lines(struct ui *u)
{
	const struct ui_box *b = &u->r.transcript;
	if (b->h <= 1 || b->w <= 0)
		return;
	struct dlines d = {0};
	const struct teach_rows *rows = stepper_rows(u->step);
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].state != TEACH_PENDING)
			add_wire(&d, &rows->v[i], (long)i, false);
	size_t h = (size_t)(b->h - 1);
	char t[160];
	snprintf(t, sizeof t, P_(" %sTranscript so far: %zu line ", " %sTranscript so far: %zu lines ", d.n),
		 u->r.mode == LAYOUT_SINGLE ? _("ONE PANE (Tab: lesson) ") : "", d.n);
	title(b, t, u->focus == FOCUS_TRANSCRIPT);
	draw_lines(b, &d, d.n > h ? d.n - h : 0, stepper_current(u->step));
	free_lines(&d);
}
