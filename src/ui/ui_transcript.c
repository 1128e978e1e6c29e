/* The transcript pane: one row per entry, with the cursor, direction
 * marker, TLS marker, optional time, the text (masked secrets), the decoded
 * Base64 beside it and the reply latency. Colour is never the only signal:
 * the marker letters and "********" say the same in any theme. */
#include <curses.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "ui.h"
#include "ui_colors.h"

static enum theme_role role_of(const struct tr_line *l)
{
	switch (l->kind) {
	case TR_CLIENT:
		return l->secret ? THEME_SECRET_MASKED : THEME_TRANSCRIPT_CLIENT;
	case TR_SERVER:
		switch (l->code / 100) {
		case 2: return THEME_CODE_2XX;
		case 3: return THEME_CODE_3XX;
		case 4: return THEME_CODE_4XX;
		case 5: return THEME_CODE_5XX;
		default: return THEME_TRANSCRIPT_SERVER;
		}
	case TR_NOTE:
		return THEME_TRANSCRIPT_META;
	case TR_WARN:
		return THEME_WARNING;
	case TR_TOOL:
		return THEME_INFO;
	}
	return THEME_DEFAULT;
}

/* The outcome of a reply without colour: + done, > go on, ~ try later,
 * x failed (on its first line). */
static char glyph(const struct transcript *t, size_t i)
{
	const struct tr_line *l = &t->v[i];
	if (l->kind != TR_SERVER || l->group != i)
		return ' ';
	switch (l->code / 100) {
	case 2: return '+';
	case 3: return '>';
	case 4: return '~';
	case 5: return 'x';
	default: return '?';
	}
}

/* Underline the first match of the search in the drawn text. */
static void mark_match(struct ui *u, int y, int x, int width, const char *text, attr_t base)
{
	regex_t re;
	regmatch_t m;
	bool caps = false;
	for (const char *p = u->search; *p; p++)
		caps |= *p >= 'A' && *p <= 'Z';
	if (regcomp(&re, u->search, REG_EXTENDED | (caps ? 0 : REG_ICASE)) != 0)
		return;
	if (regexec(&re, text, 1, &m, 0) == 0 && m.rm_eo > m.rm_so) {
		char pre[4096];
		size_t pl = (size_t)m.rm_so < sizeof pre - 1 ? (size_t)m.rm_so : sizeof pre - 1;
		memcpy(pre, text, pl);
		pre[pl] = 0;
		int col = ui_width(pre);
		if (col < width) {
			char hit[4096];
			size_t hl = (size_t)(m.rm_eo - m.rm_so);
			if (hl > sizeof hit - 1)
				hl = sizeof hit - 1;
			memcpy(hit, text + m.rm_so, hl);
			hit[hl] = 0;
			ui_put(y, x + col, width - col, hit, base | ui_attr(THEME_SEARCH_MATCH));
		}
	}
	regfree(&re);
}

/* The parts of an entry's row after its head, in drawing order. */
struct row_parts {
	char head[48];
	char rep[40];   /* "×N " for a repeated warning, or "" */
	const char *text;
	bool empty;     /* a line the client sent empty: shown as a placeholder */
	const char *decoded;
	char lat[32];   /* "  (N ms)", or "" */
};

static void row_parts(const struct ui *u, const struct transcript *t, size_t i,
		      struct row_parts *p)
{
	const struct tr_line *l = &t->v[i];
	int hn = 0;
	if (u->times)
		hn = snprintf(p->head, sizeof p->head, "%4lld.%03lld ", (long long)(l->t_ms / 1000),
			      (long long)(l->t_ms % 1000));
	snprintf(p->head + hn, sizeof p->head - (size_t)hn, "%c%c%c %c ", i == u->cur ? '>' : ' ',
		 tr_marker(l->kind), l->tls ? 'T' : ' ', glyph(t, i));
	p->rep[0] = 0;
	if (l->repeat)
		snprintf(p->rep, sizeof p->rep, "\xc3\x97%lu ", l->repeat + 1);
	p->text = tr_text(t, i, u->reveal);
	p->empty = l->kind == TR_CLIENT && !*p->text;
	p->decoded = tr_decoded(t, i, u->reveal);
	p->lat[0] = 0;
	if (l->latency_ms >= 0)
		snprintf(p->lat, sizeof p->lat, "  (%lld ms)", (long long)l->latency_ms);
}

/* The placeholder of an empty line: visible, and never taken for text. */
static const char *empty_text(void)
{
	return _("(empty line)");
}

static int row_width(const struct row_parts *p)
{
	int w = ui_width(p->head) + ui_width(p->rep) +
		ui_width(p->empty ? empty_text() : p->text) + ui_width(p->lat);
	if (p->decoded)
		w += ui_width("  = ") + ui_width(*p->decoded ? p->decoded : _("(empty)"));
	return w;
}

bool ui_transcript_cut(const struct ui *u, size_t i)
{
	const struct transcript *t = session_transcript(u->s);
	if (i >= t->n)
		return false;
	struct row_parts p;
	row_parts(u, t, i, &p);
	return row_width(&p) > u->r.transcript.w;
}

static void draw_line(struct ui *u, const struct transcript *t, size_t i, int y,
		      const struct ui_box *b, bool focused)
{
	const struct tr_line *l = &t->v[i];
	bool cur = i == u->cur;
	attr_t a = ui_attr(role_of(l));
	if (cur)
		a = ui_attr(focused ? THEME_TRANSCRIPT_CURSOR : THEME_TRANSCRIPT_CURSOR_BLUR);
	struct row_parts p;
	row_parts(u, t, i, &p);
	/* Fill the row so the cursor's reverse video spans the width. */
	move(y, b->x);
	attrset(a);
	for (int k = 0; k < b->w; k++)
		addch(' ');
	attrset(A_NORMAL);
	bool cut = row_width(&p) > b->w;
	/* A cut row ends in a marker: the last column is kept for it. */
	int right = b->x + b->w - (cut ? 1 : 0);
	int x = b->x;
	x += ui_put(y, x, right - x, p.head, a);
	/* A repeat count before the text, so a long warning cannot push it off the row. */
	if (p.rep[0])
		x += ui_put(y, x, right - x, p.rep, a | ui_attr(THEME_WARNING));
	int tx = x;
	if (p.empty)
		x += ui_put(y, x, right - x, empty_text(), a | ui_attr(THEME_TRANSCRIPT_META));
	else
		x += ui_put(y, x, right - x, p.text, a);
	if (p.decoded) {
		x += ui_put(y, x, right - x, "  = ", a | ui_attr(THEME_TRANSCRIPT_META));
		x += ui_put(y, x, right - x, *p.decoded ? p.decoded : _("(empty)"),
			    a | ui_attr(THEME_DECODED));
	}
	if (p.lat[0])
		x += ui_put(y, x, right - x, p.lat, a | ui_attr(THEME_TIMESTAMP));
	if (cut) /* the rest is in the explanation pane */
		ui_put(y, right, 1, ui_cut_marker(), a | ui_attr(THEME_TRANSCRIPT_META));
	if (u->search && *u->search && !p.empty)
		mark_match(u, y, tx, right - tx, p.text, a);
}

void ui_draw_transcript(struct ui *u)
{
	const struct ui_box *b = &u->r.transcript;
	if (b->h <= 0 || b->w <= 0)
		return;
	const struct transcript *t = session_transcript(u->s);
	bool focused = u->focus == FOCUS_TRANSCRIPT;
	char title[200], older[64] = "";
	if (t->dropped && u->watch)
		snprintf(older, sizeof older,
			 P_("  (%zu older line dropped)", "  (%zu older lines dropped)", t->dropped),
			 t->dropped);
	else if (t->dropped)
		snprintf(older, sizeof older,
			 P_("  (%zu older line: :save has it)", "  (%zu older lines: :save has them)",
			    t->dropped),
			 t->dropped);
	snprintf(title, sizeof title, _(" %sTranscript %zu/%zu%s%s "),
		 u->r.mode == LAYOUT_SINGLE ? _("ONE PANE (Tab: explanation) ") : "",
		 t->n ? u->cur + 1 : 0, t->n, u->follow ? _("  FOLLOW") : "", older);
	attr_t ta = ui_attr(focused ? THEME_TITLE_FOCUS : THEME_TITLE_BLUR);
	move(b->y, b->x);
	attrset(ta);
	for (int k = 0; k < b->w; k++)
		addch(focused ? '=' : '-');
	attrset(A_NORMAL);
	ui_put(b->y, b->x + 1, b->w - 1, title, ta);
	int rows = b->h - 1;
	/* A warning that keeps repeating (a flood) stays in view, pinned to
	 * the bottom row with its count, when it has scrolled away above. */
	bool pin = t->last_warn < t->n && t->last_warn < u->top && t->v[t->last_warn].repeat &&
		   rows >= 4;
	size_t first = u->top;
	if (pin && u->cur >= first + (size_t)rows - 1)
		first = u->cur - (size_t)rows + 2; /* the cursor stays above the pin */
	for (int k = 0; k < rows - pin; k++) {
		size_t i = first + (size_t)k;
		if (i >= t->n)
			break;
		draw_line(u, t, i, b->y + 1 + k, b, focused);
	}
	if (pin)
		draw_line(u, t, t->last_warn, b->y + rows, b, focused);
	if (focused)
		u->cursor_y = b->y + 1 + (int)(u->cur - first), u->cursor_x = b->x;
}
