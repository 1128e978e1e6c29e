/* The interactive terminal UI. */
#ifndef SMTPDBG_TUI_H
#define SMTPDBG_TUI_H

#include <stdbool.h>

struct session_opts;
struct stepper;
struct teach_opts;

/* The interactive session on a real server, with the options parsed by
 * the command-line layer. Returns the exit status. */
int tui_session(const struct session_opts *o);

/* STEP mode (a lesson) or REPLAY mode (a transcript) on s, which the
 * caller keeps and frees; o gives the theme, colours, secrets and
 * --startup-time. Returns the exit status, or -1 when this terminal cannot
 * be drawn on (nothing was changed: print instead). */
int tui_steps(struct stepper *s, const struct teach_opts *o);

/* --presenter: the next screen opened uses the layout for a class (the
 * explanation two thirds of the width, no status bar). */
void tui_set_presenter(bool on);

#endif
