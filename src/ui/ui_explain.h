/* Explanation items as lines to draw: wrapped, each with the theme role of
 * its kind. No curses here, so tests can check that colours follow kinds
 * and never words. Private to src/ui. */
#ifndef SMTPDBG_UI_EXPLAIN_H
#define SMTPDBG_UI_EXPLAIN_H

#include <stddef.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/theme.h"

struct ui_xline {
	char *text;
	enum theme_role role;
};

struct ui_xlines {
	struct ui_xline *v;
	size_t n, cap;
};

/* The role that draws items of kind k. */
enum theme_role ui_role_for_kind(enum annot_kind k);
/* What the pane shows of items: secrets revealed (S) or masked, Base64's
 * 6-bit groups shown (B, :bits) or left out with a line that says how to
 * show them. */
struct ui_xopts {
	bool reveal;
	bool bits;
};

/* Append a's items to out, wrapped to width, indented two spaces a level,
 * "  [ref]" after the text: every item, secrets masked. */
void ui_explain_lines(const struct annot_items *a, int width, struct ui_xlines *out);
/* The same as o says. */
void ui_explain_lines_opt(const struct annot_items *a, int width, const struct ui_xopts *o,
			  struct ui_xlines *out);
void ui_lines_free(struct ui_xlines *l);

#endif
