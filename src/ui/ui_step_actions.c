/* What keys, typed lines and tool commands do in STEP and REPLAY mode:
 * the step keys (forward, back, first, last, back to the lesson's path),
 * scrolling the lesson table and the transcript so far, the input line as
 * the lesson's prompt (a 334 answered as in a live session), and the tool
 * commands that need no connection. The input line reads its prompt from
 * a session; here that session has no connection and only holds the
 * prompt the stepper wants (session_set_prompt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <readline/history.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/handout.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/stepper.h"
#include "ui.h"
#include "ui_keymap.h"

/* After a move both panes follow the current row again. */
static void follow(struct ui *u)
{
	u->ex_manual = false;
	u->follow = true;
}

static void edge(struct ui *u, bool forward)
{
	ui_message(u, forward ? _("the end: Backspace or PgUp goes back, q quits")
			      : _("the start: Space or PgDn goes forward"));
	u->msg_edge = true;
}

void ui_step(struct ui *u, bool forward)
{
	bool moved = forward ? stepper_forward(u->step) : stepper_back(u->step);
	follow(u);
	if (!moved) {
		edge(u, forward);
	} else if (u->msg_edge) { /* a step away from the edge: the note is stale */
		u->msg[0] = 0;
		u->msg_edge = false;
	}
}

static void jump(struct ui *u, bool last)
{
	bool moved = last ? stepper_last(u->step) : stepper_first(u->step);
	follow(u);
	if (!moved)
		edge(u, last);
	else
		u->msg[0] = 0, u->msg_edge = false;
}

static void rewind_lesson(struct ui *u)
{
	if (stepper_rewind(u->step)) {
		follow(u);
		ui_message(u, "%s", _("back to the last row that followed the lesson"));
	} else {
		ui_message(u, "%s", stepper_kind(u->step) == STEPPER_LESSON
					    ? _("the session follows the lesson: nothing to go back to")
					    : _("a replay has no lesson to go back to"));
	}
}

/* Scroll the pane that has the focus (the lesson table unless it is the
 * transcript so far). */
static void scroll(struct ui *u, long delta)
{
	if (u->focus == FOCUS_TRANSCRIPT) {
		long t = (long)u->top + delta;
		u->top = t < 0 ? 0 : (size_t)t;
		u->follow = false;
	} else {
		long t = (long)u->ex_top + delta;
		u->ex_top = t < 0 ? 0 : (size_t)t;
		u->ex_manual = true;
	}
}

static long page(const struct ui *u)
{
	int h = u->focus == FOCUS_TRANSCRIPT ? u->r.transcript.h : u->r.explain.h;
	return h > 2 ? h - 2 : 1;
}

bool ui_step_key(struct ui *u, int key)
{
	switch (keymap_lookup_step(key)) {
	case ACT_STEP_FWD:
	case ACT_STEP_BACK:
		ui_step(u, keymap_lookup_step(key) == ACT_STEP_FWD);
		return true;
	case ACT_STEP_FIRST:
	case ACT_STEP_LAST:
		jump(u, keymap_lookup_step(key) == ACT_STEP_LAST);
		return true;
	case ACT_STEP_REWIND:
		rewind_lesson(u);
		return true;
	case ACT_DOWN:
		scroll(u, 1);
		return true;
	case ACT_UP:
		scroll(u, -1);
		return true;
	case ACT_HALF_DN:
		scroll(u, page(u) / 2);
		return true;
	case ACT_HALF_UP:
		scroll(u, -page(u) / 2);
		return true;
	case ACT_PGDN:
		scroll(u, page(u));
		return true;
	case ACT_PGUP:
		scroll(u, -page(u));
		return true;
	case ACT_SEARCH:
	case ACT_NEXT:
	case ACT_PREV:
		ui_message(u, _("search works on a live session"));
		return true;
	default:
		return false;
	}
}

void ui_step_line(struct ui *u, char *line)
{
	const char *label;
	bool field = stepper_prompt(u->step, &label) != STEPPER_PROMPT_LINE;
	char msg[512];
	stepper_submit(u->step, line, msg, sizeof msg);
	/* Never the answer to a field: a user name, a password. */
	if (!field && stepper_kind(u->step) == STEPPER_LESSON)
		add_history(line);
	follow(u);
	if (*msg)
		ui_message(u, "%s", msg);
}

void ui_step_tool(struct ui *u, const struct tool_parsed *t)
{
	char msg[512] = "";
	bool lesson = stepper_kind(u->step) == STEPPER_LESSON;
	switch (t->cmd) {
	case TOOL_SAVE: {
		char why[256];
		enum handout_format hf = handout_format_of(t->arg);
		if (hf != HANDOUT_NONE) {
			long n = handout_save_stepper(u->step, t->arg, hf, &u->theme, u->no_color,
						      u->reveal, t->force, why, sizeof why);
			if (n < 0)
				ui_message(u, _("cannot write %s: %s"), t->arg, why);
			else
				ui_message(u, P_("saved %ld row as a handout to %s (secrets masked)",
						 "saved %ld rows as a handout to %s (secrets masked)", n),
					   n, t->arg);
			return;
		}
		if (stepper_save(u->step, t->arg, t->force, why, sizeof why) < 0)
			ui_message(u, _("cannot write %s: %s"), t->arg, why);
		else
			ui_message(u, _("saved the transcript to %s (secrets masked; smtpdbg replay reads it)"),
				   t->arg);
		return;
	}
	case TOOL_B64_ENCODE:
	case TOOL_B64_DECODE:
		session_tool(u->s, t); /* no connection needed: the result is the message */
		return;
	case TOOL_RAW:
		stepper_raw(u->step, t->arg, msg, sizeof msg);
		follow(u);
		break;
	case TOOL_CRAM:
		stepper_cram(u->step, msg, sizeof msg);
		u->focus = FOCUS_INPUT;
		break;
	case TOOL_AUTH:
		if (!lesson) {
			snprintf(msg, sizeof msg, "%s", _("a replay sends nothing: Space or PgDn steps through it"));
		} else if (!strcasecmp(t->arg, "next")) {
			snprintf(msg, sizeof msg, "%s", _("that command needs a live session (smtpdbg HOST)"));
		} else {
			/* The AUTH line; the server's questions come as fields. */
			struct buf b;
			buf_init(&b, 0);
			buf_printf(&b, "AUTH %s", t->arg);
			stepper_submit(u->step, b.data, msg, sizeof msg);
			buf_free(&b);
			u->focus = FOCUS_INPUT;
			follow(u);
		}
		break;
	case TOOL_ERROR:
		snprintf(msg, sizeof msg, "%s", _(t->arg));
		break;
	default:
		snprintf(msg, sizeof msg, "%s", _("that command needs a live session (smtpdbg HOST)"));
		break;
	}
	if (*msg)
		ui_message(u, "%s", msg);
}

/* The prompt the stepper wants, for the input line (which reads it from
 * the session); a field that appears is announced. */
void ui_step_sync_prompt(struct ui *u)
{
	const char *label;
	enum stepper_prompt p = stepper_prompt(u->step, &label);
	session_set_prompt(u->s, p == STEPPER_PROMPT_LINE    ? SESSION_PROMPT_SMTP
				 : p == STEPPER_PROMPT_SECRET ? SESSION_PROMPT_SECRET
							      : SESSION_PROMPT_FIELD,
			   label);
	if ((int)p == u->step_prompt)
		return;
	static const char *const hint[] = {
		[STEPPER_PROMPT_FIELD] = N_("The server asks a question (decoded from Base64): i, then "
					    "type the answer as text; it is Base64-encoded for you. :raw "
					    "TEXT sends Base64 typed by hand, \"*\" cancels."),
		[STEPPER_PROMPT_SECRET] = N_("The server asks for the password: i, then type it. It is "
					     "not shown, is Base64-encoded for you and masked on screen."),
	};
	/* The hint of a field that is gone goes with it; a new one does not
	 * hide what the learner was just told (where r went, what was sent). */
	bool stale = hint[u->step_prompt] && !strcmp(u->msg, _(hint[u->step_prompt]));
	if (stale || u->msg_edge)
		u->msg[0] = 0;
	u->step_prompt = (int)p;
	if (hint[p] && !u->msg[0])
		ui_message(u, "%s", _(hint[p]));
}

/* Esc or Ctrl-C in a field: leave it; nothing is sent. */
void ui_step_cancel(struct ui *u)
{
	stepper_field_cancel(u->step);
}
