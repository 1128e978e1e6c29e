/* The key table and the terminal key decoder (see ui_keymap.h). Keys
 * follow less, vim, tig and mitmproxy: j/k, g/G, /, n/N, Tab, ?, q. */
#include "ui_keymap.h"

#include <stdbool.h>
#include <string.h>

#include "smtpdbg/i18n.h"

static const struct ui_key keys[] = {
	{KEY_TAB_, "Tab", ACT_FOCUS_NEXT},
	{K_BTAB, "Shift-Tab", ACT_FOCUS_PREV},
	{'i', "i", ACT_INPUT},
	{KEY_ENTER_, "Enter", ACT_INPUT},
	{':', ":", ACT_COMMAND},
	{'j', "j", ACT_DOWN},
	{K_DOWN, "Down", ACT_DOWN},
	{CTRL_('n'), "Ctrl-N", ACT_DOWN},
	{'k', "k", ACT_UP},
	{K_UP, "Up", ACT_UP},
	{CTRL_('p'), "Ctrl-P", ACT_UP},
	{K_PGDN, "PgDn", ACT_PGDN},
	{' ', "Space", ACT_PGDN},
	{CTRL_('f'), "Ctrl-F", ACT_PGDN},
	{K_PGUP, "PgUp", ACT_PGUP},
	{'b', "b", ACT_PGUP},
	{CTRL_('b'), "Ctrl-B", ACT_PGUP},
	{CTRL_('d'), "Ctrl-D", ACT_HALF_DN},
	{CTRL_('u'), "Ctrl-U", ACT_HALF_UP},
	{'g', "g", ACT_TOP},
	{K_HOME, "Home", ACT_TOP},
	{'G', "G", ACT_BOTTOM},
	{K_END, "End", ACT_BOTTOM},
	{'/', "/", ACT_SEARCH},
	{'n', "n", ACT_NEXT},
	{'N', "N", ACT_PREV},
	{KEY_ESC_, "Esc", ACT_CLEAR},
	{'?', "?", ACT_HELP},
	{K_F1, "F1", ACT_HELP},
	{'S', "S", ACT_SECRETS},
	{'B', "B", ACT_B64_BITS},
	{'A', "A", ACT_AUTH_NEXT},
	{'\\', "\\", ACT_ZOOM},
	{'|', "|", ACT_LAYOUT},
	{'t', "t", ACT_TIMES},
	{CTRL_('l'), "Ctrl-L", ACT_REDRAW},
	{'q', "q", ACT_QUIT},
	{'Q', "Q", ACT_QUIT_NOW},
};

/* A presenter's clicker sends PgUp/PgDn; Backspace is 127 or Ctrl-H. */
static const struct ui_key step_keys[] = {
	{' ', "Space", ACT_STEP_FWD},
	{K_PGDN, "PgDn", ACT_STEP_FWD},
	{K_RIGHT, "Right", ACT_STEP_FWD},
	{'.', ".", ACT_STEP_FWD},
	{KEY_BS_, "Backspace", ACT_STEP_BACK},
	{CTRL_('h'), "Ctrl-H", ACT_STEP_BACK},
	{K_PGUP, "PgUp", ACT_STEP_BACK},
	{K_LEFT, "Left", ACT_STEP_BACK},
	{',', ",", ACT_STEP_BACK},
	{'g', "g", ACT_STEP_FIRST},
	{K_HOME, "Home", ACT_STEP_FIRST},
	{'G', "G", ACT_STEP_LAST},
	{K_END, "End", ACT_STEP_LAST},
	{'r', "r", ACT_STEP_REWIND},
};

static const char *const help[ACT_COUNT] = {
	[ACT_FOCUS_NEXT] = N_("next pane: transcript, explanation, input"),
	[ACT_FOCUS_PREV] = N_("previous pane; from the input (also Ctrl-]) back to the panes"),
	[ACT_INPUT] = N_("type at the smtp> prompt"),
	[ACT_COMMAND] = N_("type a tool command (:help lists them)"),
	[ACT_DOWN] = N_("next line (scrolls the explanation when it has focus)"),
	[ACT_UP] = N_("previous line"),
	[ACT_PGDN] = N_("page down (also from the input line)"),
	[ACT_PGUP] = N_("page up (also from the input line)"),
	[ACT_HALF_DN] = N_("half a page down"),
	[ACT_HALF_UP] = N_("half a page up"),
	[ACT_TOP] = N_("first line"),
	[ACT_BOTTOM] = N_("last line, and follow new lines again"),
	[ACT_SEARCH] = N_("search (extended regex; case-insensitive unless it has a capital)"),
	[ACT_NEXT] = N_("next match"),
	[ACT_PREV] = N_("previous match"),
	[ACT_CLEAR] = N_("clear the search highlight; close this help"),
	[ACT_HELP] = N_("this help"),
	[ACT_SECRETS] = N_("reveal or mask secrets on screen (:save always masks)"),
	[ACT_B64_BITS] = N_("show or hide how Base64 is made: 6-bit groups and their places in "
			    "the alphabet (also :bits)"),
	[ACT_ZOOM] = N_("zoom: the focused pane fills the screen, again to restore"),
	[ACT_LAYOUT] = N_("side by side or stacked"),
	[ACT_TIMES] = N_("show or hide timestamps (seconds since connecting)"),
	[ACT_REDRAW] = N_("redraw the screen"),
	[ACT_QUIT] = N_("quit (asks first while connected)"),
	[ACT_QUIT_NOW] = N_("quit at once"),
	[ACT_AUTH_NEXT] = N_("after AUTH failed: try the next mechanism the server offers (:auth next)"),
	[ACT_STEP_FWD] = N_("STEP/REPLAY: the next row (also from the input line: PgDn)"),
	[ACT_STEP_BACK] = N_("STEP/REPLAY: the row before (also from the input line: PgUp)"),
	[ACT_STEP_FIRST] = N_("STEP/REPLAY: back to the start"),
	[ACT_STEP_LAST] = N_("STEP/REPLAY: to the last row"),
	[ACT_STEP_REWIND] = N_("STEP: back to the last row that followed the lesson, after the "
			       "session left it"),
};

enum ui_act keymap_lookup(int key)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].key == key)
			return keys[i].act;
	return ACT_NONE;
}

enum ui_act keymap_lookup_step(int key)
{
	for (size_t i = 0; i < sizeof step_keys / sizeof step_keys[0]; i++)
		if (step_keys[i].key == key)
			return step_keys[i].act;
	return keymap_lookup(key);
}

const struct ui_key *keymap_step_table(size_t *n)
{
	*n = sizeof step_keys / sizeof step_keys[0];
	return step_keys;
}

const struct ui_key *keymap_table(size_t *n)
{
	*n = sizeof keys / sizeof keys[0];
	return keys;
}

const char *keymap_help(enum ui_act a)
{
	return (unsigned)a < ACT_COUNT && help[a] ? _(help[a]) : "";
}

static const struct {
	const char *seq;
	int key;
} seqs[] = {
	{"\033[A", K_UP},    {"\033[B", K_DOWN},  {"\033[C", K_RIGHT}, {"\033[D", K_LEFT},
	{"\033OA", K_UP},    {"\033OB", K_DOWN},  {"\033OC", K_RIGHT}, {"\033OD", K_LEFT},
	{"\033[5~", K_PGUP}, {"\033[6~", K_PGDN}, {"\033[H", K_HOME},  {"\033[F", K_END},
	{"\033OH", K_HOME},  {"\033OF", K_END},   {"\033[1~", K_HOME}, {"\033[4~", K_END},
	{"\033[7~", K_HOME}, {"\033[8~", K_END},  {"\033[Z", K_BTAB},  {"\033OP", K_F1},
	{"\033[11~", K_F1},
};

size_t keymap_decode(const unsigned char *p, size_t n, int *key)
{
	if (n == 0)
		return 0;
	if (p[0] != 0x1b) {
		*key = p[0] == '\n' ? KEY_ENTER_ : p[0];
		return 1;
	}
	if (n == 1) {
		*key = KEY_ESC_;
		return 1;
	}
	bool prefix = false;
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
		size_t l = strlen(seqs[i].seq);
		if (n >= l && !memcmp(p, seqs[i].seq, l)) {
			*key = seqs[i].key;
			return l;
		}
		if (n < l && !memcmp(p, seqs[i].seq, n))
			prefix = true;
	}
	if (prefix)
		return 0;
	/* An unknown sequence: skip ESC [ ... final byte, or ESC and one byte. */
	size_t k = 1;
	if (p[1] == '[' || p[1] == 'O') {
		for (k = 2; k < n && !(p[k] >= 0x40 && p[k] <= 0x7e); k++)
			;
		if (k == n)
			return 0;
		k++;
	} else {
		k = 2;
	}
	*key = K_NONE;
	return k;
}
