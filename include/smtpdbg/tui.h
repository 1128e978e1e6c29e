/* The interactive terminal UI: smtpdbg HOST[:PORT] [OPTIONS].
 * argv[0] is the first argument after the program name. Returns the exit
 * status. */
#ifndef SMTPDBG_TUI_H
#define SMTPDBG_TUI_H

int tui_main(int argc, char **argv);

#endif
