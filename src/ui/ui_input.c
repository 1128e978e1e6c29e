/* The readline bridge: readline edits the input line, with history and
 * completion, but never touches the terminal. We hand it keyboard bytes one
 * at a time (rl_getc_function), it tells us the line is done (the callback
 * handler), and we draw rl_line_buffer ourselves with curses. A password
 * field draws nothing of what is typed and never enters history. */
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

#include "smtpdbg/kb.h"
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
	buf_adds(&b, "completions:");
	for (int i = 1; i <= n; i++)
		if (buf_printf(&b, " %s", matches[i]) < 0)
			break;
	ui_message(the_ui, "%s", b.data);
	buf_free(&b);
}

/* ---- history ----------------------------------------------------------- */

static char *history_file(void)
{
	const char *st = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	struct buf b;
	buf_init(&b, 0);
	if (st && st[0] == '/')
		buf_printf(&b, "%s/smtpdbg", st);
	else if (home && *home)
		buf_printf(&b, "%s/.local/state/smtpdbg", home);
	else {
		buf_free(&b);
		return NULL;
	}
	/* Create the directories, private. */
	for (char *p = b.data + 1; *p; p++) {
		if (*p == '/') {
			*p = 0;
			mkdir(b.data, 0700);
			*p = '/';
		}
	}
	mkdir(b.data, 0700);
	buf_adds(&b, "/history");
	return buf_steal(&b);
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
	u->history_path = history_file();
	if (u->history_path)
		read_history(u->history_path);
	snprintf(prompt_now, sizeof prompt_now, "smtp> ");
	rl_callback_handler_install(prompt_now, on_line);
}

void ui_input_done(struct ui *u)
{
	rl_callback_handler_remove();
	if (u->history_path) {
		int fd = open(u->history_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		chmod(u->history_path, 0600);
		write_history(u->history_path);
		chmod(u->history_path, 0600);
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
	(void)u;
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
	else if (u->s)
		p = session_prompt(u->s, &label);
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
	if (rl_line_buffer && rl_end > 0)
		wipe(rl_line_buffer, (size_t)rl_end);
	rl_replace_line("", 1);
	rl_point = rl_end = 0;
}

bool ui_input_empty(void)
{
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
		ui_put(y, x, cols - x, typing ? "(hidden)" : "", ui_attr(THEME_SECRET_MASKED));
		if (typing)
			u->cursor_y = y, u->cursor_x = x;
		return;
	}
	const char *buf = rl_line_buffer ? rl_line_buffer : "";
	char *before = xstrndup(buf, (size_t)rl_point);
	int cx = ui_width(before);
	free(before);
	/* Scroll horizontally so the cursor stays visible. */
	int room = cols - x - 1;
	const char *shown = buf;
	while (room > 0 && cx > room && *shown) {
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
	ui_put(y, x, cols - x, shown, ui_attr(THEME_DEFAULT));
	if (!typing)
		ui_put(y, x + ui_width(shown) + 1, cols - x - ui_width(shown) - 1,
		       "(i or Enter to type, ? for help)", ui_attr(THEME_TRANSCRIPT_META));
	if (typing)
		u->cursor_y = y, u->cursor_x = x + cx;
}
