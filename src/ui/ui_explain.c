/* The explanation pane: the annotated items of the selected transcript
 * line, wrapped to the pane's width, each coloured by its kind (never by
 * its words, which a translation changes). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "ui.h"
#include "ui_explain.h"
#include "ui_colors.h"

void ui_draw_explain(struct ui *u)
{
	const struct ui_box *b = &u->r.explain;
	if (b->h <= 0 || b->w <= 0)
		return;
	const struct transcript *t = session_transcript(u->s);
	bool focused = u->focus == FOCUS_EXPLAIN;
	struct annot_items items;
	annot_items_init(&items);
	if (t->n && (t->v[u->cur].kind == TR_SERVER || t->v[u->cur].kind == TR_CLIENT) &&
	    ui_transcript_cut(u, u->cur)) {
		/* The row is cut at the pane's edge (marked): the whole line here
		 * (a note's or a warning's explanation is its whole text anyway). */
		const char *text = tr_text(t, u->cur, u->reveal);
		int w = ui_width(text);
		annot_add(&items, AK_NOTE, 0, NULL,
			  P_("The whole line, %d column:", "The whole line, %d columns:", w), w);
		annot_add(&items, AK_TEXT, 1, NULL, "%s", text);
	}
	if (t->n)
		session_explain(u->s, u->cur, u->reveal, &items);
	else
		annot_add(&items, AK_TEXT, 0, NULL, "%s", _("(nothing selected yet)"));
	struct ui_xlines lines = {0};
	ui_explain_lines_opt(&items, b->w - 1,
			     &(struct ui_xopts){.reveal = u->reveal, .bits = u->b64_bits}, &lines);
	annot_items_free(&items);
	size_t n = lines.n;
	int rows = b->h - 1;
	if (u->ex_top + (size_t)rows > n)
		u->ex_top = n > (size_t)rows ? n - (size_t)rows : 0;

	char title[128];
	if (t->n)
		snprintf(title, sizeof title, _(" %sExplain: line %zu (%c)%s "),
			 u->r.mode != LAYOUT_SINGLE ? ""
			 : u->watch		     ? _("ONE PANE (Tab: session list) ")
						     : _("ONE PANE (Tab: input) "),
			 u->cur + 1,
			 tr_marker(t->v[u->cur].kind),
			 n > (size_t)rows ? _("  more: j/k after Tab") : "");
	else
		snprintf(title, sizeof title, "%s", _(" Explain "));
	attr_t ta = ui_attr(focused ? THEME_TITLE_FOCUS : THEME_TITLE_BLUR);
	move(b->y, b->x);
	attrset(ta);
	for (int k = 0; k < b->w; k++)
		addch(focused ? '=' : '-');
	attrset(A_NORMAL);
	ui_put(b->y, b->x + 1, b->w - 1, title, ta);
	for (int k = 0; k < rows && u->ex_top + (size_t)k < n; k++) {
		const struct ui_xline *l = &lines.v[u->ex_top + (size_t)k];
		ui_put(b->y + 1 + k, b->x + 1, b->w - 1, l->text, ui_attr(l->role));
	}
	ui_lines_free(&lines);
	if (focused)
		u->cursor_y = b->y + 1, u->cursor_x = b->x;
}
