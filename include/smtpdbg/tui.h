/* The interactive terminal UI. */
#ifndef SMTPDBG_TUI_H
#define SMTPDBG_TUI_H

struct stepper;
struct teach_opts;

/* smtpdbg HOST[:PORT] [OPTIONS]: argv[0] is the first argument after the
 * program name. Returns the exit status. */
int tui_main(int argc, char **argv);

/* STEP mode (a lesson) or REPLAY mode (a transcript) on s, which the
 * caller keeps and frees; o gives the theme, colours, secrets and
 * --startup-time. Returns the exit status, or -1 when this terminal cannot
 * be drawn on (nothing was changed: print instead). */
int tui_steps(struct stepper *s, const struct teach_opts *o);

#endif
