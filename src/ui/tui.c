/* smtpdbg HOST[:PORT]: the interactive debugger. Sets up the session, the
 * terminal and readline, then runs the one poll loop: the keyboard, the
 * socket, timers and signals (resize, Ctrl-C, termination) all arrive
 * there, and the screen is drawn once per iteration before it sleeps.
 * STEP and REPLAY mode (tui_steps.c) use the same loop without a socket. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/startup.h"
#include "smtpdbg/tui.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_watch.h"

static void on_stdin(struct loop *l, int fd, short revents, void *arg)
{
	struct ui *u = arg;
	unsigned char b[256];
	(void)l;
	u->redraw_now = true;
	if (u->watch) /* the selected session may have been dropped since */
		ui_watch_sync(u);
	ssize_t n = read(fd, b, sizeof b);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0 || (revents & (POLLHUP | POLLERR) && n <= 0)) {
		u->running = false; /* the terminal is gone */
		return;
	}
	ui_keys_feed(u, b, (size_t)n);
}

static void on_signal(struct loop *l, int signo, void *arg)
{
	struct ui *u = arg;
	(void)l;
	u->redraw_now = true;
	if (u->watch)
		ui_watch_sync(u);
	switch (signo) {
	case SIGWINCH:
		ui_term_resize(u);
		break;
	case SIGINT: {
		/* As in a shell: clear the line; at an empty prompt, ask to quit. */
		const char *label;
		if (u->step && u->focus == FOCUS_INPUT) {
			/* Nothing is sent: the line is cleared, then the input left. */
			ui_step_cancel(u);
			if (ui_input_empty())
				u->focus = FOCUS_EXPLAIN;
			ui_input_clear(u);
		} else if (u->s && !u->step && session_prompt(u->s, &label) != SESSION_PROMPT_SMTP) {
			session_cancel_prompt(u->s);
			ui_input_clear(u);
		} else if (u->focus == FOCUS_INPUT && !ui_input_empty()) {
			ui_input_clear(u);
		} else if (u->line == LINE_SEARCH) {
			u->line = LINE_SESSION;
			ui_input_clear(u);
		} else {
			ui_quit(u, true);
		}
		break;
	}
	default: /* SIGTERM, SIGHUP: leave, restoring the terminal */
		u->running = false;
		break;
	}
}

static int before_sleep(struct loop *l, void *arg)
{
	struct ui *u = arg;
	int wait = u->s ? session_before_sleep(u->s) : -1;
	if (!u->running) {
		loop_stop(l);
		return 0;
	}
	if (u->watch) {
		int due = ui_watch_frame_due(u);
		if (due > 0)
			return due; /* busy: the next frame soon, the server first */
	}
	ui_draw(u);
	startup_frame_drawn();
	return wait;
}

static void theme_error(void *ctx, const char *file, unsigned line, bool warning,
			const char *msg)
{
	(void)warning;
	struct ui *u = ctx;
	ui_message(u, _("theme %s, line %u: %s"), file, line, msg);
	fprintf(stderr, _("smtpdbg: theme %s, line %u: %s\n"), file, line, msg);
}

bool ui_open(struct ui *u)
{
	if (!ui_term_start())
		return false;
	if (!u->loop) /* serve --watch brings the server's */
		u->loop = loop_new();
	ui_colors_apply(&u->theme, u->no_color);
	ui_input_init(u);
	loop_signal(u->loop, SIGWINCH, on_signal, u);
	loop_signal(u->loop, SIGINT, on_signal, u);
	loop_signal(u->loop, SIGTERM, on_signal, u);
	loop_signal(u->loop, SIGHUP, on_signal, u);
	loop_watch(u->loop, STDIN_FILENO, POLLIN, on_stdin, u);
	loop_before_sleep(u->loop, before_sleep, u);
	return true;
}

void ui_close(struct ui *u)
{
	/* A loop that goes on (the server's) no longer reads the keyboard. */
	loop_unwatch(u->loop, STDIN_FILENO);
	loop_before_sleep_remove(u->loop, before_sleep, u);
	ui_input_done(u);
	ui_term_stop();
	free(u->search);
	u->search = NULL;
}

/* The settings every mode starts with. */
/* The layout for a class, chosen once by the command line before the
 * screen opens (tui_set_presenter). */
static bool presenter;

void tui_set_presenter(bool on)
{
	presenter = on;
}

void ui_prepare(struct ui *u, const char *theme, bool no_color, bool reveal)
{
	memset(u, 0, sizeof *u);
	u->running = true;
	u->follow = true;
	u->focus = FOCUS_INPUT;
	u->reveal = reveal;
	u->no_color = no_color;
	u->presenter = presenter;
	theme_init_default(&u->theme);
	if (theme && theme_load(&u->theme, theme, theme_error, u) < 0)
		theme_init_default(&u->theme);
}

int tui_session(const struct session_opts *o)
{
	signal(SIGPIPE, SIG_IGN);
	startup_report_to(o->startup_time);
	struct ui u;
	ui_prepare(&u, o->theme, o->no_color, o->show_secrets);
	if (!ui_open(&u)) {
		const char *term = getenv("TERM");
		char *safe = esc_str(term ? term : "", term ? strlen(term) : 0,
				     esc_flags_for_locale());
		fprintf(stderr, _("smtpdbg: this terminal (TERM=%s) cannot show the interactive "
				  "mode; for a transcript use smtpdbg run HOST[:PORT]\n"), safe);
		free(safe);
		return EXIT_USAGE;
	}
	u.s = session_new(o, u.loop);
	ui_message(&u, _("Connecting to %s:%s ... nothing is sent until you type (? for help)"),
		   o->conn.host, o->conn.port);
	session_start(u.s);
	loop_run(u.loop);

	ui_close(&u);
	session_free(u.s);
	loop_free(u.loop);
	return EXIT_OK;
}
