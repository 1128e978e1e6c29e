/* The explanation pane: what the selected transcript line means, from the
 * knowledge base through the session, wrapped to the pane's width. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"
#include "ui_colors.h"

static enum theme_role role_for(const char *line)
{
	while (*line == ' ')
		line++;
	if (!strncmp(line, "Warning:", 8) || line[0] == '!')
		return THEME_WARNING;
	if (!strncmp(line, "Now:", 4) || !strncmp(line, "Decoded:", 8))
		return THEME_EXPLAIN_HEADING;
	if (!strncmp(line, "HMAC", 4) || !strncmp(line, "Base64", 6))
		return THEME_EXPLAIN_CALC;
	return THEME_EXPLAIN_TEXT;
}

void ui_draw_explain(struct ui *u)
{
	const struct ui_box *b = &u->r.explain;
	if (b->h <= 0 || b->w <= 0)
		return;
	const struct transcript *t = session_transcript(u->s);
	bool focused = u->focus == FOCUS_EXPLAIN;
	struct buf text;
	buf_init(&text, 0);
	if (t->n)
		session_explain(u->s, u->cur, u->reveal, &text);
	char **lines;
	size_t n = ui_wrap(text.len ? text.data : "(nothing selected yet)", b->w - 1, &lines);
	buf_free(&text);
	int rows = b->h - 1;
	if (u->ex_top + (size_t)rows > n)
		u->ex_top = n > (size_t)rows ? n - (size_t)rows : 0;

	char title[128];
	if (t->n)
		snprintf(title, sizeof title, " %sExplain: line %zu (%c)%s ",
			 u->r.mode == LAYOUT_SINGLE ? "ONE PANE (Tab: input) " : "", u->cur + 1,
			 tr_marker(t->v[u->cur].kind),
			 n > (size_t)rows ? "  more: j/k after Tab" : "");
	else
		snprintf(title, sizeof title, " Explain ");
	attr_t ta = ui_attr(focused ? THEME_TITLE_FOCUS : THEME_TITLE_BLUR);
	move(b->y, b->x);
	attrset(ta);
	for (int k = 0; k < b->w; k++)
		addch(focused ? '=' : '-');
	attrset(A_NORMAL);
	ui_put(b->y, b->x + 1, b->w - 1, title, ta);
	for (int k = 0; k < rows && u->ex_top + (size_t)k < n; k++) {
		const char *l = lines[u->ex_top + (size_t)k];
		ui_put(b->y + 1 + k, b->x + 1, b->w - 1, l, ui_attr(role_for(l)));
	}
	ui_wrap_free(lines, n);
	if (focused)
		u->cursor_y = b->y + 1, u->cursor_x = b->x;
}
