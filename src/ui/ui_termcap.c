/* A terminal without cursor addressing cannot show panes: the caller says
 * so instead of drawing garbage. */
#include <curses.h>
#include <term.h>
#include <unistd.h>

#include "ui_termcap.h"

bool ui_term_can_draw(void)
{
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	return ok;
}
