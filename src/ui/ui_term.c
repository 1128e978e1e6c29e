/* The terminal: curses set up for drawing only (we read the keyboard
 * ourselves and feed readline), restored exactly once on every way out:
 * normal exit, Ctrl-Z (curses' own stop handler), and fatal signals. */
#include <curses.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ui.h"
#include "ui_termcap.h"

static struct termios saved;
static bool have_saved, started;

/* A crash must not leave the terminal raw: restore the modes we found,
 * leave the alternate screen, show the cursor, then die as we would have. */
static void on_fatal(int sig)
{
	static const char reset[] = "\033[?1049l\033[?25h\r\n";
	if (have_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	if (write(STDOUT_FILENO, reset, sizeof reset - 1) < 0) {
		/* nothing more can be done */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

bool ui_term_start(void)
{
	if (!ui_term_can_draw())
		return false;
	have_saved = tcgetattr(STDIN_FILENO, &saved) == 0;
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal;
		sa.sa_flags = SA_RESETHAND;
		sigaction(fatal[i], &sa, NULL);
	}
	/* ESC alone is a key: don't wait a second for a sequence after it. */
	set_escdelay(25);
	initscr();
	started = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, FALSE);
	leaveok(stdscr, FALSE);
	return true;
}

void ui_term_stop(void)
{
	if (!started)
		return;
	started = false;
	endwin();
}

void ui_term_resize(struct ui *u)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	(void)u;
	clearok(curscr, TRUE);
}
