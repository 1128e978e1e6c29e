/* Keyboard bytes from the terminal: in the input line they go to readline
 * (except the few keys that leave it or scroll the panes); elsewhere they
 * are decoded into keys and looked up in the keymap. */
#include <string.h>

#include "smtpdbg/i18n.h"
#include "ui.h"
#include "ui_keymap.h"

static unsigned char pend[64];
static size_t npend;

/* Keys that act even while typing; true when handled. */
static bool input_key(struct ui *u, int key)
{
	switch (key) {
	case K_BTAB:
	case CTRL_(']'):
	case KEY_ESC_:
		if (u->step) {
			if (u->step_prompt) { /* a field: nothing is sent */
				ui_step_cancel(u);
				ui_input_clear(u);
			}
		} else if (u->s && session_prompt(u->s, &(const char *){NULL}) != SESSION_PROMPT_SMTP) {
			session_cancel_prompt(u->s);
			ui_input_clear(u);
		}
		u->line = LINE_SESSION;
		/* Back to the main pane: in STEP and REPLAY mode the lesson. */
		u->focus = u->step ? FOCUS_EXPLAIN : FOCUS_TRANSCRIPT;
		return true;
	case K_PGUP:
	case K_PGDN:
		ui_action_key(u, key);
		return true;
	default:
		return false;
	}
}

static void decode_pending(struct ui *u)
{
	size_t off = 0;
	while (off < npend) {
		int key;
		size_t used = keymap_decode(pend + off, npend - off, &key);
		if (used == 0)
			break; /* an unfinished escape sequence: wait for the rest */
		if (u->focus != FOCUS_INPUT || u->help || u->ask != ASK_NONE)
			ui_action_key(u, key);
		else if (!input_key(u, key))
			for (size_t k = 0; k < used; k++)
				ui_input_byte(u, pend[off + k]);
		off += used;
	}
	memmove(pend, pend + off, npend - off);
	npend -= off;
}

/* Any amount at a time (a paste arrives in one read): through the small
 * buffer a piece at a time, so nothing typed is dropped. */
void ui_keys_feed(struct ui *u, const unsigned char *p, size_t n)
{
	while (n > 0) {
		if (npend == sizeof pend) /* junk that never made a key */
			npend = 0;
		size_t k = sizeof pend - npend;
		if (k > n)
			k = n;
		memcpy(pend + npend, p, k);
		npend += k;
		p += k;
		n -= k;
		decode_pending(u);
	}
}
