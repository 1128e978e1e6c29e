/* The resolved theme on the terminal: curses colour pairs and attributes
 * for each role. Colour is never the only signal, so the callers also draw
 * text markers; this file only decides how each role looks. */
#ifndef SMTPDBG_UI_COLORS_H
#define SMTPDBG_UI_COLORS_H

#include <curses.h>
#include <stdbool.h>

#include "smtpdbg/theme.h"

/* After initscr(): pick colour or mono (mono when no_color, NO_COLOR is
 * set and non-empty, TERM=dumb, or !has_colors()), call
 * use_default_colors(), and make one pair per role. Safe to call again on
 * :theme. Never calls init_color(). */
void ui_colors_apply(const struct theme *t, bool no_color);

/* The curses attributes (COLOR_PAIR and A_*) for drawing role r. */
attr_t ui_attr(enum theme_role r);

/* True when colours are in use (false in mono). */
bool ui_colors_on(void);

#endif
