/* Whether the terminal can be drawn on at all. Kept apart because <term.h>
 * defines macros (lines, columns) that clash with our own names. */
#ifndef SMTPDBG_UI_TERMCAP_H
#define SMTPDBG_UI_TERMCAP_H

#include <stdbool.h>

/* False for a terminal without cursor addressing (TERM=dumb, unknown). */
bool ui_term_can_draw(void);

#endif
