/* A resolved theme on the terminal. The depth decides the tier (8/16, 256
 * or direct colour); attributes the terminal cannot show are dropped, which
 * is safe because no role relies on dim or italic alone. init_color() is
 * never called: it would change colours the user chose. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1 /* curses' wide API: term_attrs() */
#endif
#include <stdlib.h>
#include <string.h>

#include "ui_colors.h"

static attr_t role_attr[THEME_ROLE_COUNT];
static bool colors_on;

/* Colour is off when asked (--no-color, NO_COLOR per no-color.org: set
 * and not empty), on dumb terminals, and when the terminal has none. */
static bool want_mono(bool no_color)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return no_color || (nc && *nc) || !term || !strcmp(term, "dumb") || !has_colors();
}

static attr_t to_curses(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & THEME_A_BOLD)
		r |= A_BOLD;
	if (a & THEME_A_DIM)
		r |= A_DIM;
	if (a & THEME_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_A_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_A_STANDOUT)
		r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & THEME_A_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* The attributes this terminal can show. */
static attr_t supported(void)
{
	attr_t t = term_attrs();
	/* Some entries have smso (standout) but report it only as reverse or
	 * bold; keep A_STANDOUT when either is there, curses maps it. */
	if (t & (A_REVERSE | A_BOLD))
		t |= A_STANDOUT;
	return t;
}

/* Colour pairs, shared by roles with the same colours, so that terminals
 * with few pairs (64 on xterm's 8-colour entry) still get every role. */
struct pair {
	int fg, bg;
};

static short pair_for(struct pair *pairs, int *npairs, int fg, int bg)
{
	if (fg == -1 && bg == -1)
		return 0; /* the terminal's own colours: pair 0 after use_default_colors() */
	for (int i = 0; i < *npairs; i++)
		if (pairs[i].fg == fg && pairs[i].bg == bg)
			return (short)(i + 1);
	if (*npairs + 1 >= COLOR_PAIRS || *npairs + 1 > THEME_ROLE_COUNT)
		return -1;
	short n = (short)(*npairs + 1);
	int ok;
#if NCURSES_EXT_COLORS
	ok = init_extended_pair(n, fg, bg);
#else
	ok = fg > 32767 || bg > 32767 ? ERR : init_pair(n, (short)fg, (short)bg);
#endif
	if (ok == ERR)
		return -1;
	pairs[*npairs] = (struct pair){fg, bg};
	(*npairs)++;
	return n;
}

void ui_colors_apply(const struct theme *t, bool no_color)
{
	attr_t can = supported();
	colors_on = !want_mono(no_color) && start_color() == OK;
	if (!colors_on) {
		for (int r = 0; r < THEME_ROLE_COUNT; r++)
			role_attr[r] = to_curses(t->role[r].mono) & can;
		return;
	}
	/* -1 means the terminal's own colour only after this; without it,
	 * curses' own default is white on black. */
	bool own = use_default_colors() == OK;
	int colors = COLORS;
	struct pair pairs[THEME_ROLE_COUNT];
	int npairs = 0;
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *s = &t->role[r];
		int fg = theme_style_fg(s, colors), bg = theme_style_bg(s, colors);
		attr_t a = to_curses(s->attrs);
		/* bright-* on 8 colours: the base colour, bold (brighter on most). */
		if (colors < 16 && s->fg >= 8 && s->fg < 16)
			a |= A_BOLD;
		if (!own) {
			fg = fg == THEME_COLOR_DEFAULT ? COLOR_WHITE : fg;
			bg = bg == THEME_COLOR_DEFAULT ? COLOR_BLACK : bg;
		}
		short p = pair_for(pairs, &npairs, fg, bg);
		role_attr[r] = (a & can) | (p > 0 ? COLOR_PAIR(p) : 0);
		/* No pair left: fall back to the role's mono look. */
		if (p < 0)
			role_attr[r] = to_curses(s->mono) & can;
	}
}

attr_t ui_attr(enum theme_role r)
{
	return (unsigned)r < THEME_ROLE_COUNT ? role_attr[r] : A_NORMAL;
}

bool ui_colors_on(void)
{
	return colors_on;
}
