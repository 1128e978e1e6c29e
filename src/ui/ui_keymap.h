/* Keys and what they do: one table, from which the help overlay is
 * generated, so the help can never disagree with the keys. Pure: the
 * decoder turns terminal bytes into keys without curses. */
#ifndef SMTPDBG_UI_KEYMAP_H
#define SMTPDBG_UI_KEYMAP_H

#include <stddef.h>

enum {
	KEY_TAB_ = 9,
	KEY_ENTER_ = 13,
	KEY_ESC_ = 27,
	KEY_BS_ = 127,
	K_UP = 0x1000, K_DOWN, K_LEFT, K_RIGHT, K_PGUP, K_PGDN, K_HOME, K_END, K_BTAB, K_F1,
	K_NONE = -1,
};

#define CTRL_(c) ((c) & 0x1f)

enum ui_act {
	ACT_NONE,
	ACT_FOCUS_NEXT, ACT_FOCUS_PREV, ACT_INPUT, ACT_COMMAND,
	ACT_DOWN, ACT_UP, ACT_PGDN, ACT_PGUP, ACT_HALF_DN, ACT_HALF_UP, ACT_TOP, ACT_BOTTOM,
	ACT_SEARCH, ACT_NEXT, ACT_PREV, ACT_CLEAR,
	ACT_HELP, ACT_SECRETS, ACT_B64_BITS, ACT_ZOOM, ACT_LAYOUT, ACT_TIMES, ACT_REDRAW,
	ACT_QUIT, ACT_QUIT_NOW,
	ACT_AUTH_NEXT, /* :auth next */
	ACT_STEP_FWD, ACT_STEP_BACK, /* STEP and REPLAY mode */
	ACT_STEP_FIRST, ACT_STEP_LAST, ACT_STEP_REWIND,
	ACT_COUNT
};

struct ui_key {
	int key;
	const char *name; /* as the help shows it */
	enum ui_act act;
};

/* The action of a key in NAV focus (ACT_NONE if unbound). */
enum ui_act keymap_lookup(int key);
/* The same in STEP and REPLAY mode: the step keys first (Space and PgDn
 * step there instead of scrolling), then the others. */
enum ui_act keymap_lookup_step(int key);
/* The tables, and what each action does in words. */
const struct ui_key *keymap_table(size_t *n);
const struct ui_key *keymap_step_table(size_t *n);
const char *keymap_help(enum ui_act a);

/* Decode one key from n bytes at p: returns the bytes used (0: an
 * incomplete sequence, wait for more) and sets *key. A lone ESC at the end
 * of the input is the Esc key. */
size_t keymap_decode(const unsigned char *p, size_t n, int *key);

#endif
