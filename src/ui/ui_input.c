/* The readline bridge: readline edits the input line, with history and
 * completion, but never touches the terminal. We hand it keyboard bytes one
 * at a time (rl_getc_function), it tells us the line is done (the callback
 * handler), and we draw rl_line_buffer ourselves with curses. A password
 * field draws nothing of what is typed and never reaches readline at all:
 * its bytes are kept here (struct secret_field), so they never enter
 * readline's kill ring, undo list or history, and Ctrl-Y at the next
 * prompt cannot paste them back. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/xmalloc.h"
#include "ui.h"
#include "ui_colors.h"

#define HISTORY_MAX 1000

static struct ui *the_ui; /* readline's callbacks carry no context */
static int pending_byte;
static bool have_byte;
static char prompt_now[160];
static bool secret_now;
static FILE *devnull;

/* The hidden field: what is typed, edited with Backspace, cleared with
 * Ctrl-U or Ctrl-W (nothing is saved anywhere), wiped after use. */
#define SECRET_MAX 1024
static struct secret_field {
	char buf[SECRET_MAX];
	size_t len;
	int esc; /* inside an escape sequence (arrows and such): 1 after ESC, 2 after CSI/SS3 */
} hidden;

static void secret_wipe(void)
{
	wipe(hidden.buf, sizeof hidden.buf);
	hidden.len = 0;
	hidden.esc = 0;
}

static void secret_byte(struct ui *u, int byte)
{
	unsigned char c = (unsigned char)byte;
	if (hidden.esc == 1) { /* ESC x: skip x, or the CSI/SS3 sequence it starts */
		hidden.esc = c == '[' || c == 'O' ? 2 : 0;
		return;
	}
	if (hidden.esc == 2) {
		if (c >= 0x40 && c <= 0x7e)
			hidden.esc = 0;
		return;
	}
	switch (c) {
	case '\r':
	case '\n': {
		char *line = xstrndup(hidden.buf, hidden.len);
		secret_wipe();
		ui_run_line(u, line);
		wipe(line, strlen(line));
		free(line);
		return;
	}
	case 0x7f: /* Backspace: one character, UTF-8 aware */
	case 0x08:
		while (hidden.len > 0 && (hidden.buf[hidden.len - 1] & 0xc0) == 0x80)
			hidden.buf[--hidden.len] = 0;
		if (hidden.len > 0)
			hidden.buf[--hidden.len] = 0;
		return;
	case 0x15: /* Ctrl-U, Ctrl-W: clear the field; nothing is kept */
	case 0x17:
		secret_wipe();
		return;
	case 0x1b:
		hidden.esc = 1;
		return;
	default:
		if (c < 0x20)
			return; /* other control keys do nothing here */
		if (hidden.len + 1 < sizeof hidden.buf)
			hidden.buf[hidden.len++] = (char)c;
		else
			ui_message(u, _("the hidden field is full (%d bytes)"), SECRET_MAX - 1);
	}
}

static int getc_hook(FILE *f)
{
	(void)f;
	if (!have_byte)
		return EOF;
	have_byte = false;
	return pending_byte;
}

static int available_hook(void)
{
	return have_byte;
}

static void redisplay_hook(void)
{
	/* Drawn from the loop's before-sleep hook with everything else. */
}

static void on_line(char *line)
{
	if (!line) /* Ctrl-D on an empty line: nothing to do */
		return;
	/* Readline's own buffer still holds a password: wipe it too. */
	if (secret_now && rl_line_buffer)
		wipe(rl_line_buffer, strlen(rl_line_buffer));
	ui_run_line(the_ui, line);
	wipe(line, strlen(line));
	free(line);
}

/* ---- completion -------------------------------------------------------- */

static const char *const extra_words[] = {"MAIL FROM:<", "RCPT TO:<", NULL};

static char *complete_word(const char *text, int state)
{
	static size_t i, phase;
	size_t len = strlen(text);
	if (!state)
		i = 0, phase = 0;
	if (text[0] == ':' || (rl_line_buffer && rl_line_buffer[0] == ':')) {
		size_t n;
		const struct tool_info *t = tool_table(&n);
		const char *w = text[0] == ':' ? text + 1 : text;
		while (i < n) {
			const char *name = t[i++].name;
			if (!strncasecmp(name, w, strlen(w))) {
				struct buf b;
				buf_init(&b, 0);
				buf_printf(&b, "%s%s", text[0] == ':' ? ":" : "", name);
				return buf_steal(&b);
			}
		}
		return NULL;
	}
	if (phase == 0) {
		size_t n;
		const struct kb_entry *e = kb_commands(&n);
		while (i < n) {
			const char *k = e[i++].key;
			if (!strncasecmp(k, text, len))
				return xstrdup(k);
		}
		phase = 1, i = 0;
	}
	while (extra_words[i]) {
		const char *w = extra_words[i++];
		if (!strncasecmp(w, text, len))
			return xstrdup(w);
	}
	return NULL;
}

static char *complete_mech(const char *text, int state)
{
	static size_t i;
	if (!state)
		i = 0;
	const struct sasl_mech *const *all = sasl_all();
	while (all[i]) {
		const char *n = all[i++]->name;
		if (!strncasecmp(n, text, strlen(text)))
			return xstrdup(n);
	}
	return NULL;
}

static char **completer(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1; /* never complete file names */
	if (secret_now)
		return NULL;
	const char *b = rl_line_buffer;
	if (start > 0 && (!strncasecmp(b, "AUTH ", 5) || !strncasecmp(b, ":auth ", 6)))
		return rl_completion_matches(text, complete_mech);
	if (start > 0 && b[0] != ':')
		return NULL;
	return rl_completion_matches(text, complete_word);
}

static void show_matches(char **matches, int n, int longest)
{
	(void)longest;
	struct buf b;
	buf_init(&b, 900);
	buf_adds(&b, _("completions:"));
	for (int i = 1; i <= n; i++)
		if (buf_printf(&b, " %s", matches[i]) < 0)
			break;
	ui_message(the_ui, "%s", b.data);
	buf_free(&b);
}

/* ---- history ----------------------------------------------------------- */

/* Why the history could not be written at exit, printed once the screen
 * is back to normal (an atexit handler: the UI closes the terminal after
 * ui_input_done). */
static char history_error[600];
/* Why there is no history this time, shown at the first draw (the
 * session's "Connecting ..." message comes after ui_input_init). */
static char history_notice[600];

static void print_history_error(void)
{
	if (history_error[0])
		fprintf(stderr, "smtpdbg: %s\n", history_error);
}

/* The history file in the private state directory, or NULL (and a message
 * for the user) when there is none or the directory is not private: it is
 * created 0700, and one owned by someone else or writable by group or
 * others is refused rather than repaired. */
static char *history_file(struct ui *u)
{
	const char *st = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	struct buf b;
	buf_init(&b, 0);
	if (st && st[0] == '/')
		buf_printf(&b, "%s/smtpdbg", st);
	else if (home && home[0] == '/')
		buf_printf(&b, "%s/.local/state/smtpdbg", home);
	else {
		buf_free(&b);
		return NULL;
	}
	char why[256];
	if (safefile_private_dir(b.data, why, sizeof why) < 0) {
		char *safe = esc_str(b.data, b.len, esc_flags_for_locale());
		snprintf(history_notice, sizeof history_notice,
			 _("no input history: the state directory %s is refused: %s"), safe, why);
		ui_message(u, "%s", history_notice);
		free(safe);
		buf_free(&b);
		return NULL;
	}
	buf_adds(&b, "/history");
	return buf_steal(&b);
}

/* Read the history unless the file is not a plain file of ours (a link is
 * not followed) or implausibly large. */
#define HISTORY_FILE_MAX (4 << 20)
static void load_history(struct ui *u, const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_size > HISTORY_FILE_MAX) {
		char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
		snprintf(history_notice, sizeof history_notice, _("input history %s not read: %s"), safe,
			   S_ISLNK(st.st_mode)   ? _("a symbolic link is not followed")
			   : !S_ISREG(st.st_mode) ? _("not a regular file")
			   : st.st_uid != geteuid() ? _("it belongs to another user")
						 : _("larger than 4 MiB"));
		ui_message(u, "%s", history_notice);
		free(safe);
		return;
	}
	read_history(path);
}

/* Write the history as a whole new file: temporary file in the same
 * directory, fsync, rename over the old one, mode 0600, no link followed. */
static void save_history(const char *path)
{
	struct buf b;
	buf_init(&b, 0);
	HIST_ENTRY **list = history_list();
	for (size_t i = 0; list && list[i]; i++)
		buf_printf(&b, "%s\n", list[i]->line);
	char why[256];
	if (safefile_write_file(path, b.data ? b.data : "", b.len, SF_FORCE, why, sizeof why) < 0) {
		char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
		snprintf(history_error, sizeof history_error, _("input history not saved to %s: %s"),
			 safe, why);
		free(safe);
		static bool registered;
		if (!registered && atexit(print_history_error) == 0)
			registered = true;
	}
	buf_free(&b);
}

void ui_input_init(struct ui *u)
{
	the_ui = u;
	devnull = fopen("/dev/null", "w");
	rl_readline_name = "smtpdbg";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = getc_hook;
	rl_input_available_hook = available_hook;
	rl_redisplay_function = redisplay_hook;
	rl_outstream = devnull;
	rl_instream = stdin;
	rl_attempted_completion_function = completer;
	rl_completion_display_matches_hook = show_matches;
	rl_inhibit_completion = 0;
	using_history();
	stifle_history(HISTORY_MAX);
	u->history_path = history_file(u);
	if (u->history_path)
		load_history(u, u->history_path);
	snprintf(prompt_now, sizeof prompt_now, "smtp> ");
	rl_callback_handler_install(prompt_now, on_line);
}

void ui_input_done(struct ui *u)
{
	rl_callback_handler_remove();
	secret_wipe();
	if (u->history_path) {
		save_history(u->history_path);
		free(u->history_path);
		u->history_path = NULL;
	}
	clear_history();
	if (devnull)
		fclose(devnull);
	devnull = NULL;
}

void ui_input_byte(struct ui *u, int byte)
{
	if (secret_now && u->line != LINE_SEARCH) {
		secret_byte(u, byte);
		return;
	}
	pending_byte = byte;
	have_byte = true;
	rl_callback_read_char();
	have_byte = false;
}

/* Give readline the prompt the session or the UI wants now. */
void ui_input_sync_prompt(struct ui *u)
{
	const char *label = "smtp> ";
	enum session_prompt p = SESSION_PROMPT_SMTP;
	if (u->line == LINE_SEARCH)
		label = "/";
	else if (u->watch)
		label = ""; /* only : commands: a student's prompt is not the watcher's */
	else if (u->s)
		p = session_prompt(u->s, &label);
	if (history_notice[0] && u->s) {
		ui_message(u, "%s", history_notice);
		history_notice[0] = '\0';
	}
	bool secret = u->line != LINE_SEARCH && p == SESSION_PROMPT_SECRET;
	if (strcmp(label, prompt_now) != 0 || secret != secret_now) {
		bool was_field = secret_now || strcmp(prompt_now, "smtp> ") != 0;
		snprintf(prompt_now, sizeof prompt_now, "%s", label);
		secret_now = secret;
		rl_set_prompt(prompt_now);
		/* A new field starts empty; what was typed for another is gone. */
		if (was_field || p != SESSION_PROMPT_SMTP)
			ui_input_clear(u);
		/* A question or a field wants an answer now: type it. */
		if (p != SESSION_PROMPT_SMTP)
			u->focus = FOCUS_INPUT;
	}
}

void ui_input_clear(struct ui *u)
{
	(void)u;
	secret_wipe();
	if (rl_line_buffer && rl_end > 0)
		wipe(rl_line_buffer, (size_t)rl_end);
	rl_replace_line("", 1);
	rl_point = rl_end = 0;
}

bool ui_input_empty(void)
{
	if (secret_now)
		return hidden.len == 0;
	return rl_end == 0;
}

void ui_input_start(struct ui *u, enum ui_line line, const char *initial)
{
	u->line = line;
	u->focus = FOCUS_INPUT;
	ui_input_sync_prompt(u);
	ui_input_clear(u);
	if (initial)
		rl_insert_text(initial);
}

void ui_input_draw(struct ui *u)
{
	int y = u->r.input_y;
	if (y < 0)
		return;
	int cols = COLS;
	move(y, 0);
	clrtoeol();
	bool typing = u->focus == FOCUS_INPUT;
	if (!typing && u->r.msg_y < 0 && u->msg[0]) {
		ui_put(y, 0, cols, u->msg, ui_attr(THEME_INFO));
		return;
	}
	enum theme_role pr = u->line == LINE_SEARCH ? THEME_PROMPT_CMD
			     : secret_now || strcmp(prompt_now, "smtp> ") ? THEME_PROMPT_INPUT
									   : THEME_PROMPT_SMTP;
	int x = ui_put(y, 0, cols, prompt_now, ui_attr(pr));
	if (secret_now) {
		/* Nothing of a password is drawn, not even its length. */
		ui_put(y, x, cols - x, typing ? _("(hidden)") : "", ui_attr(THEME_SECRET_MASKED));
		if (typing)
			u->cursor_y = y, u->cursor_x = x;
		return;
	}
	const char *buf = rl_line_buffer ? rl_line_buffer : "";
	char *before = xstrndup(buf, (size_t)rl_point);
	int cx = ui_width(before);
	free(before);
	/* Scroll horizontally so the cursor stays visible; once scrolled, the
	 * first column marks that the line goes on to the left. */
	int room = cols - x - 1;
	const char *shown = buf;
	while (room > 0 && cx > room - (shown != buf) && *shown) {
		int w = 1;
		const char *nx = shown + 1;
		while ((*nx & 0xc0) == 0x80)
			nx++;
		char tmp[8] = {0};
		memcpy(tmp, shown, (size_t)(nx - shown) < 7 ? (size_t)(nx - shown) : 7);
		w = ui_width(tmp);
		cx -= w;
		shown = nx;
	}
	int tx = x;
	if (shown != buf)
		tx += ui_put(y, x, 1, ui_cut_marker(), ui_attr(THEME_TRANSCRIPT_META));
	/* ... and the last one that it goes on to the right. */
	bool more = ui_width(shown) > cols - tx;
	int drawn = ui_put(y, tx, cols - tx - more, shown, ui_attr(THEME_DEFAULT));
	if (more)
		ui_put(y, cols - 1, 1, ui_cut_marker(), ui_attr(THEME_TRANSCRIPT_META));
	else if (!typing)
		ui_put(y, tx + drawn + 1, cols - tx - drawn - 1,
		       _("(i or Enter to type, ? for help)"), ui_attr(THEME_TRANSCRIPT_META));
	if (typing)
		u->cursor_y = y, u->cursor_x = tx + cx;
}
