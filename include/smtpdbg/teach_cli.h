/* The options of `smtpdbg demo` and `smtpdbg replay`, parsed once and
 * used two ways: printed (text, Markdown) by the commands in src/cli, or
 * stepped through in the TUI, which main() chooses on a terminal. */
#ifndef SMTPDBG_TEACH_CLI_H
#define SMTPDBG_TEACH_CLI_H

#include <stdbool.h>

#include "smtpdbg/opt.h"
#include "smtpdbg/stepper.h"

struct teach_opts {
	const char *lesson, *personality; /* demo */
	const char *path;                 /* replay: the file, "-" for stdin */
	const char *output;               /* demo --output */
	bool print, markdown;             /* demo --print/--markdown, replay --text/--markdown */
	bool html;                        /* --html: the handout as one HTML file */
	bool presenter;                   /* --presenter: the TUI's layout for a class */
	bool reveal, maths;
	const char *theme, *startup_time; /* for the TUI */
	bool no_color;
	bool list;                        /* demo --list */
	bool force;                       /* demo --force: --output may replace a file */
	struct cli_args args;
};

/* argv[0] is the command's name. Return -1 to go ahead, else the exit
 * status (help, --list, a usage error); free with teach_opts_free. */
int demo_cli_parse(struct teach_opts *o, int argc, char **argv);
int replay_cli_parse(struct teach_opts *o, int argc, char **argv);
void teach_opts_free(struct teach_opts *o);

/* The printed forms; return the exit status. */
int demo_print(const struct teach_opts *o);
int replay_print(const struct teach_opts *o);

/* What the TUI steps through; NULL after reporting the problem on stderr
 * (then *rc is the exit status). */
struct stepper *demo_stepper(const struct teach_opts *o, int *rc);
struct stepper *replay_stepper(const struct teach_opts *o, int *rc);
/* demo --output: save what was played (0, or -1 after a message). */
int demo_save(const struct stepper *s, const char *path, bool force);

#endif
