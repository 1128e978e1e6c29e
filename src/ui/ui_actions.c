/* What keys and finished input lines do: moving, searching, toggles,
 * focus, quitting, and handing lines and tool commands to the session. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>

#include "smtpdbg/handout.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/xmalloc.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_keymap.h"
#include "ui_watch.h"

void ui_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msg_edge = false;
}

static int page(const struct ui *u)
{
	int h = u->focus == FOCUS_EXPLAIN ? u->r.explain.h : u->r.transcript.h;
	return h > 2 ? h - 2 : 1;
}

/* Keep the cursor inside the transcript and on screen. */
void ui_clamp(struct ui *u)
{
	if (!u->s || u->step)
		return; /* STEP and REPLAY mode follow the current row */
	const struct transcript *t = session_transcript(u->s);
	/* Lines dropped from the front (the byte budget) shift the indices:
	 * keep the cursor on the line it was on, or the oldest one left. */
	size_t gone = t->dropped - u->dropped_seen;
	u->dropped_seen = t->dropped;
	u->cur = u->cur > gone ? u->cur - gone : 0;
	u->top = u->top > gone ? u->top - gone : 0;
	if (t->n == 0) {
		u->cur = u->top = 0;
		return;
	}
	if (u->follow || u->cur >= t->n)
		u->cur = t->n - 1;
	int rows = u->r.transcript.h - 1;
	if (rows < 1)
		rows = 1;
	/* Fill the pane: no empty rows below the last line while earlier
	 * lines are hidden (after a resize, say). */
	if (u->top + (size_t)rows > t->n)
		u->top = t->n > (size_t)rows ? t->n - (size_t)rows : 0;
	if (u->cur < u->top)
		u->top = u->cur;
	if (u->cur >= u->top + (size_t)rows)
		u->top = u->cur - (size_t)rows + 1;
}

static void move_cursor(struct ui *u, long delta)
{
	if (!u->s)
		return;
	const struct transcript *t = session_transcript(u->s);
	if (u->focus == FOCUS_EXPLAIN) {
		long top = (long)u->ex_top + delta;
		u->ex_top = top < 0 ? 0 : (size_t)top;
		return;
	}
	if (t->n == 0)
		return;
	long c = (long)u->cur + delta;
	if (c < 0)
		c = 0;
	if (c >= (long)t->n)
		c = (long)t->n - 1;
	if ((size_t)c != u->cur)
		u->ex_top = 0;
	u->cur = (size_t)c;
	u->follow = u->cur == t->n - 1;
}

void ui_search_next(struct ui *u, bool forward)
{
	if (!u->s) {
		ui_message(u, _("search works on a live session"));
		return;
	}
	const struct transcript *t = session_transcript(u->s);
	if (!u->search) {
		ui_message(u, _("no search yet: / starts one"));
		return;
	}
	bool wrapped, bad;
	long i = tr_search(t, u->cur, forward, u->search, u->reveal, &wrapped, &bad);
	if (bad) {
		ui_message(u, _("not a valid regular expression: %s"), u->search);
	} else if (i < 0) {
		ui_message(u, _("pattern not found: %s"), u->search);
	} else {
		u->cur = (size_t)i;
		u->follow = false;
		u->ex_top = 0;
		if (wrapped)
			ui_message(u, forward ? _("search hit BOTTOM, continuing at TOP")
					      : _("search hit TOP, continuing at BOTTOM"));
		else
			u->msg[0] = 0;
	}
}

void ui_quit(struct ui *u, bool ask)
{
	if (u->watch) {
		ui_watch_quit(u, ask);
		return;
	}
	if (!u->s) { /* nothing to close */
		u->running = false;
		return;
	}
	struct session_status st;
	session_status(u->s, &st);
	if (ask && st.connected) {
		u->ask = ASK_QUIT;
		ui_message(u, _("Quit and close the connection to %s? (y/n)"), st.peer);
		return;
	}
	u->running = false;
}

static void focus_step(struct ui *u, int dir)
{
	static const enum ui_focus order[] = {FOCUS_TRANSCRIPT, FOCUS_EXPLAIN, FOCUS_INPUT};
	int i = 0;
	while (order[i] != u->focus)
		i++;
	i = (i + 3 + dir) % 3;
	/* One pane at a time: Tab flips the pane shown. */
	u->focus = order[i];
	u->line = LINE_SESSION;
}

/* B and :bits: the Base64 arithmetic in the explanation, shown or not. */
static void toggle_bits(struct ui *u)
{
	u->b64_bits = !u->b64_bits;
	ui_message(u, u->b64_bits ? _("Base64 in 6-bit groups shown in the explanation (B or :bits "
				      "hides them)")
				  : _("Base64's 6-bit groups hidden (B or :bits shows them)"));
}

void ui_action_key(struct ui *u, int key)
{
	if (u->ask == ASK_QUIT) {
		u->ask = ASK_NONE;
		if (i18n_yes_key(key))
			u->running = false;
		else
			ui_message(u, _("not quitting"));
		return;
	}
	if (u->help) {
		if (key == 'j' || key == K_DOWN)
			u->help_top++;
		else if ((key == 'k' || key == K_UP) && u->help_top > 0)
			u->help_top--;
		else if (key == ' ' || key == K_PGDN)
			u->help_top += 10;
		else
			u->help = false;
		return;
	}
	if (u->step && ui_step_key(u, key))
		return;
	if (u->watch && ui_watch_key(u, key))
		return;
	if (key == K_PGUP || key == K_PGDN) { /* also from the input line */
		enum ui_focus f = u->focus;
		if (f == FOCUS_INPUT)
			u->focus = FOCUS_TRANSCRIPT;
		move_cursor(u, key == K_PGUP ? -page(u) : page(u));
		u->focus = f;
		return;
	}
	switch (keymap_lookup(key)) {
	case ACT_NONE:
		break;
	case ACT_FOCUS_NEXT:
		focus_step(u, 1);
		break;
	case ACT_FOCUS_PREV:
		focus_step(u, -1);
		break;
	case ACT_INPUT:
		u->focus = FOCUS_INPUT;
		u->line = LINE_SESSION;
		break;
	case ACT_AUTH_NEXT:
		if (u->step) {
			ui_message(u, _("AUTH needs a live session"));
			break;
		}
		/* The mechanism's questions (user name, password) are typed. */
		u->focus = FOCUS_INPUT;
		u->line = LINE_SESSION;
		session_tool(u->s, &(struct tool_parsed){.cmd = TOOL_AUTH, .arg = "next"});
		break;
	case ACT_COMMAND:
		u->line = LINE_SESSION;
		ui_input_start(u, LINE_SESSION, ":");
		break;
	case ACT_DOWN:
		move_cursor(u, 1);
		break;
	case ACT_UP:
		move_cursor(u, -1);
		break;
	case ACT_PGDN:
		move_cursor(u, page(u));
		break;
	case ACT_PGUP:
		move_cursor(u, -page(u));
		break;
	case ACT_HALF_DN:
		move_cursor(u, page(u) / 2);
		break;
	case ACT_HALF_UP:
		move_cursor(u, -page(u) / 2);
		break;
	case ACT_TOP:
		if (u->s)
			move_cursor(u, -(long)session_transcript(u->s)->n - 1);
		u->follow = false;
		break;
	case ACT_BOTTOM:
		if (u->s)
			move_cursor(u, (long)session_transcript(u->s)->n);
		u->follow = true;
		break;
	case ACT_SEARCH:
		ui_input_start(u, LINE_SEARCH, NULL);
		break;
	case ACT_NEXT:
		ui_search_next(u, true);
		break;
	case ACT_PREV:
		ui_search_next(u, false);
		break;
	case ACT_CLEAR:
		free(u->search);
		u->search = NULL;
		u->msg[0] = 0;
		break;
	case ACT_HELP:
		u->help = true;
		u->help_top = 0;
		break;
	case ACT_SECRETS:
		u->reveal = !u->reveal;
		if (u->step)
			stepper_set_reveal(u->step, u->reveal);
		ui_message(u, u->reveal ? _("secrets shown on screen (S masks them; :save always masks)")
					: _("secrets masked"));
		break;
	case ACT_B64_BITS:
		toggle_bits(u);
		break;
	case ACT_ZOOM:
		u->zoom = !u->zoom;
		break;
	case ACT_LAYOUT:
		u->pinned = u->r.mode == LAYOUT_SIDE ? ORIENT_STACKED : ORIENT_SIDE;
		break;
	case ACT_TIMES:
		u->times = !u->times;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_QUIT:
		ui_quit(u, true);
		break;
	case ACT_QUIT_NOW:
		ui_quit(u, false);
		break;
	case ACT_STEP_FWD:
	case ACT_STEP_BACK:
	case ACT_STEP_FIRST:
	case ACT_STEP_LAST:
	case ACT_STEP_REWIND:
	case ACT_COUNT:
		break;
	}
}

static void theme_problem(void *ctx, const char *file, unsigned line, bool warning,
			  const char *msg)
{
	(void)warning;
	ui_message(ctx, _("theme %s, line %u: %s"), file, line, msg);
}

static void run_tool(struct ui *u, const struct tool_parsed *t)
{
	switch (t->cmd) {
	case TOOL_THEME: {
		struct theme th;
		theme_init_default(&th);
		u->msg[0] = 0;
		if (theme_load(&th, t->arg, theme_problem, u) == 0) {
			u->theme = th;
			ui_colors_apply(&u->theme, u->no_color);
			if (!u->msg[0]) /* else the problem reported stays on show */
				ui_message(u, _("theme %s"), t->arg);
		}
		break;
	}
	case TOOL_HELP:
		u->help = true;
		u->help_top = 0;
		break;
	case TOOL_BITS:
		toggle_bits(u);
		break;
	case TOOL_QUIT:
		ui_quit(u, true);
		break;
	case TOOL_QUIT_NOW:
		ui_quit(u, false);
		break;
	default:
		if (u->step)
			ui_step_tool(u, t);
		else if (u->watch) /* a student's session is not the watcher's to drive */
			ui_message(u, "%s", _("not in serve --watch: :theme, :bits, :help and :quit work here"));
		else
			session_tool(u->s, t);
		break;
	}
}

/* A finished input line: a search, a tool command, or the session's. */
void ui_run_line(struct ui *u, char *line)
{
	u->msg[0] = 0; /* what the last message asked for is answered */
	if (u->line == LINE_SEARCH) {
		u->line = LINE_SESSION;
		u->focus = FOCUS_TRANSCRIPT;
		if (*line) {
			free(u->search);
			u->search = xstrdup(line);
		}
		ui_search_next(u, true);
		return;
	}
	const char *label;
	enum session_prompt p = u->s ? session_prompt(u->s, &label) : SESSION_PROMPT_SMTP;
	bool tool = p == SESSION_PROMPT_SMTP && line[0] == ':';
	/* A lesson's visible field takes tool commands too (:cram, :b64); a
	 * :raw line there is the answer, typed in Base64 by hand. */
	if (u->step && p == SESSION_PROMPT_FIELD && line[0] == ':') {
		enum tool_cmd c = tool_parse(line).cmd;
		tool = c != TOOL_NONE && c != TOOL_ERROR && c != TOOL_RAW;
	}
	if (tool) {
		struct tool_parsed t = tool_parse(line);
		/* :b64 and :raw are how credentials get encoded or sent by hand. */
		if (t.cmd != TOOL_RAW && t.cmd != TOOL_B64_ENCODE && t.cmd != TOOL_B64_DECODE)
			add_history(line);
		run_tool(u, &t);
		return;
	}
	if (u->watch) {
		ui_message(u, "%s", u->watch_proxy
				? _("the proxy only watches: the mail program types. / searches the "
				    "transcript shown; : takes :theme, :bits, :help and :quit")
				: _("serve --watch only watches: the students type. / searches the "
				    "transcript shown; : takes :theme, :bits, :help and :quit"));
		return;
	}
	if (u->step) {
		/* A line instead of a step, or the answer to the lesson's 334. */
		ui_step_line(u, line);
		return;
	}
	/* An empty line is sent too (CRLF, as telnet does): in a message it
	 * separates the header from the body and paragraphs from each other,
	 * and outside one it is something a server must cope with. */
	bool keep = session_submit(u->s, line);
	if (keep && p == SESSION_PROMPT_SMTP && *line)
		add_history(line);
	u->follow = true;
}
