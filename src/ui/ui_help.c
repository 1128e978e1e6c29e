/* The help overlay: every key, generated from the keymap table, then the
 * tool commands from their table, then the legend of markers. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_keymap.h"
#include "ui_watch.h"

static void add_table(struct buf *b, const struct ui_key *k, size_t n)
{
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		char names[64] = "";
		for (size_t i = 0; i < n; i++) {
			if (k[i].act != (enum ui_act)a)
				continue;
			if (*names)
				strncat(names, ", ", sizeof names - strlen(names) - 1);
			strncat(names, k[i].name, sizeof names - strlen(names) - 1);
		}
		if (*names)
			buf_printf(b, "  %-22s %s\n", names, keymap_help((enum ui_act)a));
	}
}

static void add_keys(struct buf *b)
{
	size_t n;
	const struct ui_key *k = keymap_step_table(&n);
	buf_adds(b, _("Keys in STEP and REPLAY mode (smtpdbg, smtpdbg demo, smtpdbg replay)\n"));
	add_table(b, k, n);
	k = keymap_table(&n);
	buf_adds(b, _("\nKeys (in the panes; in the input line Tab completes, Shift-Tab, Ctrl-] or Esc leave it)\n"));
	add_table(b, k, n);
}

static void add_commands(struct buf *b)
{
	size_t n;
	const struct tool_info *t = tool_table(&n);
	buf_adds(b, _("\nCommands (type at the prompt; anything else goes to the server as typed)\n"));
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "  %-22s %s\n", t[i].usage, _(t[i].help));
}

static void add_legend(struct buf *b)
{
	buf_printf(b, "\n%s\n", _("Legend"));
	/* TRANSLATORS: two columns; keep the marks (S, C, #, !, :, T, >, +, ~,
	 * x, =) and line them up. */
	buf_adds(b, _("  S  a line from the server     C  a line the client sent\n"
		      "  #  what the session did       !  a warning (a rule broken, no answer)\n"
		      "  :  output of a tool command   T  inside TLS\n"
		      "  >  the selected line          ********  masked (S reveals)\n"
		      "  before a reply: + done  > go on  ~ failed for now, try later  x failed\n"
		      "  = TEXT  the Base64 on the line, decoded    (N ms)  how long the reply took\n"));
	buf_adds(b, _("\nAfter a 334 the prompt becomes the server's question (Username:,\n"
		      "Password:): the answer is Base64-encoded for you; a password is not shown,\n"
		      "not kept in history, and masked in the transcript and in :save.\n"));
	buf_printf(b, "\n%s\n", _("q, Esc or ? closes this help; j/k scroll it."));
}

void ui_draw_help(struct ui *u)
{
	struct buf b;
	buf_init(&b, 0);
	if (u->watch)
		ui_watch_help(&b);
	add_keys(&b);
	add_commands(&b);
	add_legend(&b);
	char **lines;
	size_t n = ui_wrap(b.data, COLS - 2, &lines);
	buf_free(&b);
	int rows = LINES - 1;
	if (rows < 1)
		rows = 1;
	if (u->help_top + (size_t)rows > n)
		u->help_top = n > (size_t)rows ? n - (size_t)rows : 0;
	erase();
	ui_put(0, 0, COLS, _(" smtpdbg help "), ui_attr(THEME_HELP_HEADING));
	for (int k = 0; k < rows - 1 && u->help_top + (size_t)k < n; k++) {
		const char *l = lines[u->help_top + (size_t)k];
		ui_put(1 + k, 1, COLS - 1, l, ui_attr(l[0] == ' ' ? THEME_HELP_TEXT : THEME_HELP_HEADING));
	}
	ui_wrap_free(lines, n);
	u->cursor_y = 0, u->cursor_x = 0;
}
