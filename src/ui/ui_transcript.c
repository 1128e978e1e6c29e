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

static void draw_line(struct ui *u, const struct transcript *t, size_t i, int y,
		      const struct ui_box *b, bool focused)
{
	const struct tr_line *l = &t->v[i];
	bool cur = i == u->cur;
	attr_t a = ui_attr(role_of(l));
	if (cur)
		a = ui_attr(focused ? THEME_TRANSCRIPT_CURSOR : THEME_TRANSCRIPT_CURSOR_BLUR);
	char head[48];
	int hn = 0;
	if (u->times)
		hn = snprintf(head, sizeof head, "%4lld.%03lld ", (long long)(l->t_ms / 1000),
			      (long long)(l->t_ms % 1000));
	snprintf(head + hn, sizeof head - (size_t)hn, "%c%c%c %c ", cur ? '>' : ' ',
		 tr_marker(l->kind), l->tls ? 'T' : ' ', glyph(t, i));
	/* Fill the row so the cursor's reverse video spans the width. */
	move(y, b->x);
	attrset(a);
	for (int k = 0; k < b->w; k++)
		addch(' ');
	attrset(A_NORMAL);
	int x = b->x;
	x += ui_put(y, x, b->w, head, a);
	if (l->repeat) {
		/* Before the text, so a long warning cannot push it off the row. */
		char rep[40];
		snprintf(rep, sizeof rep, "\xc3\x97%lu ", l->repeat + 1);
		x += ui_put(y, x, b->x + b->w - x, rep, a | ui_attr(THEME_WARNING));
	}
	const char *text = tr_text(t, i, u->reveal);
	int tx = x;
	x += ui_put(y, x, b->x + b->w - x, text, a);
	const char *d = tr_decoded(t, i, u->reveal);
	if (d) {
		x += ui_put(y, x, b->x + b->w - x, "  = ", a | ui_attr(THEME_TRANSCRIPT_META));
		x += ui_put(y, x, b->x + b->w - x, *d ? d : _("(empty)"), a | ui_attr(THEME_DECODED));
	}
	if (l->latency_ms >= 0) {
		char lat[32];
		snprintf(lat, sizeof lat, "  (%lld ms)", (long long)l->latency_ms);
		x += ui_put(y, x, b->x + b->w - x, lat, a | ui_attr(THEME_TIMESTAMP));
	}
	if (u->search && *u->search)
		mark_match(u, y, tx, b->x + b->w - tx, text, a);
}

void ui_draw_transcript(struct ui *u)
{
	const struct ui_box *b = &u->r.transcript;
	if (b->h <= 0 || b->w <= 0)
		return;
	const struct transcript *t = session_transcript(u->s);
	bool focused = u->focus == FOCUS_TRANSCRIPT;
	char title[200], older[64] = "";
	if (t->dropped)
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
