/* STEP and REPLAY mode panes. The right pane is the lesson as a table like
 * the seed's: a marker (> the current row, . still to come), the party, the
 * line as on the wire with its decoded Base64 beside it, and the
 * explanation: in full for the current row, its first line for the others.
 * The left pane is the transcript so far. Lines are coloured as in a live
 * session (the client's, the server's by the class of the reply code); the
 * current row adds the theme's step.current attributes. Markers say what
 * the colours say. Both panes follow the current row until scrolled. */
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

/* One drawn line: up to three parts, each with its role. */
struct dpart {
	char *text;
	enum theme_role role;
};

struct dline {
	struct dpart part[3];
	long row;     /* the row it belongs to, -1 for the introduction */
	bool current; /* a wire line of the current row: drawn highlighted */
};

struct dlines {
	struct dline *v;
	size_t n, cap;
};

static struct dline *add_parts(struct dlines *d, long row, bool current)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	struct dline *l = &d->v[d->n++];
	memset(l, 0, sizeof *l);
	l->row = row;
	l->current = current;
	return l;
}

static void add(struct dlines *d, const char *text, enum theme_role role, long row)
{
	add_parts(d, row, false)->part[0] = (struct dpart){xstrdup(text), role};
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

/* The colour of one wire line, as the live transcript has it. */
static enum theme_role wire_role(const struct teach_row *w, const char *line)
{
	switch (w->party) {
	case 'S':
		switch (line[0]) {
		case '2': return THEME_CODE_2XX;
		case '3': return THEME_CODE_3XX;
		case '4': return THEME_CODE_4XX;
		case '5': return THEME_CODE_5XX;
		default: return THEME_TRANSCRIPT_SERVER;
		}
	case 'C':
		return w->secret && !strcmp(line, "********") ? THEME_SECRET_MASKED
							       : THEME_TRANSCRIPT_CLIENT;
	case '!':
		return THEME_WARNING;
	default:
		return THEME_INFO;
	}
}

/* The wire lines of a row, the decoded form and the row's marks beside
 * the last one. */
static void add_wire(struct dlines *d, const struct teach_row *w, long i, bool table)
{
	const char *p = w->wire ? w->wire : "";
	bool pending = table && w->state == TEACH_PENDING;
	char mark = !table ? ' ' : w->state == TEACH_CURRENT ? '>' : pending ? '.' : ' ';
	for (bool first = true;; first = false) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *text = xstrndup(p, len);
		struct dline *l = add_parts(d, i, w->state == TEACH_CURRENT);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "%c%c%c %s", first ? mark : ' ', first ? w->party : ' ',
			   w->tls ? 'T' : ' ', text);
		l->part[0] = (struct dpart){buf_steal(&b),
					    pending ? THEME_STEP_PENDING : wire_role(w, text)};
		free(text);
		if (!nl && w->decoded) {
			buf_init(&b, 0);
			buf_printf(&b, "  = %s", *w->decoded ? w->decoded : _("(empty)"));
			l->part[1] = (struct dpart){buf_steal(&b),
						    pending ? THEME_STEP_PENDING : THEME_DECODED};
		}
		if (!nl && (w->typed || w->unexpected)) {
			buf_init(&b, 0);
			if (w->typed)
				buf_adds(&b, _("  (typed)"));
			if (w->unexpected)
				buf_adds(&b, _("  (not the reply the lesson expected)"));
			l->part[2] = (struct dpart){buf_steal(&b),
						    w->unexpected ? THEME_WARNING : THEME_INFO};
		}
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
	/* The introduction, a paragraph per line of it. */
	for (const char *p = about; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *para = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		add_wrapped(d, para, 0, width, THEME_EXPLAIN_TEXT, -1, 50);
		add(d, "", THEME_DEFAULT, -1);
		free(para);
		p = nl ? nl + 1 : NULL;
	}
	const struct teach_rows *rows = stepper_rows(u->step);
	long left = stepper_left(u->step), cur = stepper_current(u->step);
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		add_wire(d, w, (long)i, true);
		enum theme_role er = w->state == TEACH_PENDING ? THEME_STEP_PENDING : THEME_EXPLAIN_TEXT;
		/* A line the learner typed keeps its explanation in view: it
		 * says how it differs from the lesson's. */
		if (w->state == TEACH_CURRENT || (w->typed && w->state == TEACH_DONE)) {
			/* Off the lesson's path: the way back first, in view. */
			if (w->state == TEACH_CURRENT && left >= 0 && cur >= left)
				add_wrapped(d, _("r goes back to the last row that followed the lesson; "
						 "Backspace goes back one row."),
					    4, width, THEME_INFO, (long)i, 4);
			if (w->explain)
				add_wrapped(d, w->explain, 4, width, er, (long)i, 200);
			/* smtpdbg's own words: the heading beside a lesson's text,
			 * all of them in a replay (which has no lesson text); a
			 * reply the lesson did not expect has them in its text. */
			if (w->detail && !w->unexpected) {
				char *h = w->explain ? first_line(w->detail) : xstrdup(w->detail);
				add_wrapped(d, h, 4, width, THEME_EXPLAIN_CALC, (long)i, 200);
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
				add_wrapped(d, h, 4, width,
					    w->state == TEACH_PENDING ? THEME_STEP_PENDING : THEME_STEP_DONE,
					    (long)i, 1);
				free(h);
			}
		}
	}
}

static void free_lines(struct dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		for (int k = 0; k < 3; k++)
			free(d->v[i].part[k].text);
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

/* A part's look: its role, and on the current row the attributes of
 * step.current (reverse and bold in the shipped themes) over its colour. */
static attr_t look(enum theme_role role, bool current)
{
	attr_t a = ui_attr(role);
	if (current)
		a = (a & A_COLOR ? a : (a | (ui_attr(THEME_STEP_CURRENT) & A_COLOR))) |
		    (ui_attr(THEME_STEP_CURRENT) & ~A_COLOR);
	return a;
}

/* Draw lines from top; the current row's wire lines fill the width. */
static void draw_lines(const struct ui_box *b, const struct dlines *d, size_t top)
{
	for (int k = 0; k < b->h - 1 && top + (size_t)k < d->n; k++) {
		const struct dline *l = &d->v[top + (size_t)k];
		int y = b->y + 1 + k;
		if (l->current) {
			move(y, b->x);
			attrset(look(l->part[0].role, true));
			for (int c = 0; c < b->w; c++)
				addch(' ');
			attrset(A_NORMAL);
		}
		int x = b->x + 1;
		for (int p = 0; p < 3 && x < b->x + b->w; p++)
			if (l->part[p].text)
				x += ui_put(y, x, b->x + b->w - x, l->part[p].text,
					    look(l->part[p].role, l->current));
	}
}

/* The first line to show: the one kept by hand (scrolled), else the
 * current row in view; remembered so that scrolling starts from it. */
static size_t place(size_t *kept, bool by_hand, size_t wanted, size_t n, size_t rows)
{
	size_t max = n > rows ? n - rows : 0;
	size_t top = by_hand ? *kept : wanted;
	if (top > max)
		top = max;
	*kept = top;
	return top;
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
	top = place(&u->ex_top, u->ex_manual, top, d.n, rows);
	char t[512];
	snprintf(t, sizeof t, " %s%s ", u->r.mode == LAYOUT_SINGLE ? _("ONE PANE (Tab: input) ") : "",
		 stepper_title(u->step));
	title(b, t, u->focus == FOCUS_EXPLAIN);
	draw_lines(b, &d, top);
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
	size_t top = place(&u->top, !u->follow, d.n > h ? d.n - h : 0, d.n, h);
	draw_lines(b, &d, top);
	free_lines(&d);
}
