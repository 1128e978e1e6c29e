/* The command-line layer: one table per command, parsed by one parser.
 *
 * A command describes its options as tables of struct opt; each table is
 * placed at a base offset inside the command's own options struct, so a
 * shared group (the connection options) is written once and used by every
 * command that embeds its struct. The same tables generate --help, the man
 * page's option lists and the shell completions, and say which names the
 * config file may set. Values are parsed strictly: "5x", "-1" or a port of
 * 99999 are usage errors that name the option (exit 2). */
#ifndef SMTPDBG_OPT_H
#define SMTPDBG_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "smtpdbg/buf.h"

enum opt_kind {
	OPT_FLAG,   /* bool; "true"/"false" in the config file */
	OPT_SET,    /* int = .val; options sharing a field exclude each other */
	OPT_STR,    /* const char * */
	OPT_CHOICE, /* const char *, one of .choices */
	OPT_INT,    /* int within [.min, .max], decimal digits only */
	OPT_SECS,   /* int seconds within [.min, .max]: N, Ns, Nm or Nh */
	OPT_PORT,   /* int port within [.min, 65535] */
	OPT_LIST,   /* struct opt_list: repeatable, each use appends */
	OPT_SIZE,   /* size_t bytes: N, NK, NM or NG, within [.min, .max] MiB */
};

/* What a value is, for the shell completions. */
enum opt_complete {
	COMPLETE_NONE,
	COMPLETE_FILE,
	COMPLETE_HOST,
	COMPLETE_MECH,
	COMPLETE_STAGE,
	COMPLETE_THEME,
	COMPLETE_LESSON,
	COMPLETE_PERSONALITY,
	COMPLETE_ENV,
};

enum {
	OPT_F_NOCONF = 1u << 0, /* refused in the config file: it weakens safety */
	OPT_F_HIDDEN = 1u << 1, /* left out of --help, the man page and completions */
};

struct opt_list {
	const char **v;
	size_t n;
};

struct opt {
	const char *lng;         /* long name without "--", or NULL */
	char shrt;               /* short name, or 0 */
	enum opt_kind kind;
	size_t off;              /* offset of the field within the group's struct */
	const char *metavar;     /* N_("FILE") or "N"; NULL for flags */
	const char *help;        /* N_(): one sentence or a few; wrapped when shown */
	int val;                 /* OPT_SET: the value stored */
	int min, max;            /* OPT_INT, OPT_SECS, OPT_PORT */
	const char *const *choices; /* OPT_CHOICE: NULL-terminated */
	enum opt_complete complete;
	unsigned flags;
	void *global;            /* when set, the value is stored here, not in the
				    command's struct (--lang, read by every command) */
};

/* A table of options at a base offset inside the command's struct. */
struct opt_group {
	const char *title;       /* N_(): the heading in --help ("Connection") */
	const struct opt *opts;  /* ended by an entry with neither lng nor shrt */
	size_t base;
};

#define OPT_GROUPS_MAX 10

struct cli_cmd {
	const char *name;        /* "run"; "" for the interactive mode */
	const char *section;     /* its config section: "run", "tui", ... */
	const char *usage;       /* after "smtpdbg NAME ": N_("[OPTIONS] HOST[:PORT]") */
	const char *summary;     /* N_(): one line for smtpdbg --help */
	const char *about;       /* N_(): the paragraph under the usage line */
	const char *epilog;      /* N_(): exit status and notes after the options */
	struct opt_group groups[OPT_GROUPS_MAX];
	const char *const *words; /* NULL-terminated first operands (b64 encode|decode) */
	enum opt_complete operand; /* what the operands are, for completions */
	bool uses_config;        /* the config file may set its options */
	bool operands_end_options; /* POSIX style: the first operand ends the options */
	int (*run)(int argc, char **argv); /* argv[0] is the command's name */
	bool hidden;             /* for the build only: not in --help or completions */
};

/* The result of parsing: operands in order, and a status. */
struct cli_args {
	char **operands;         /* pointers into argv */
	size_t n;
	const char *config_path; /* the config file read, or NULL */
};

/* Parse argv (argv[0] is the command's name and skipped) into out, which
 * the caller has filled with defaults. When the command uses the config
 * file, its values are applied first (top, [section], then [host TARGET]
 * for the first operand when host_section is set), then argv on top.
 * -h/--help and -V/--version print and return EXIT_OK; "--" ends the
 * options. Returns -1 to go ahead, else the exit status (usage errors are
 * printed, with what the user typed escaped). */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *out,
	      struct cli_args *args, bool host_section);
/* Free what parsing allocated in out (the lists) and args. */
void cli_free(const struct cli_cmd *cmd, void *out, struct cli_args *args);

/* Print the generated --help of cmd. */
void cli_help(const struct cli_cmd *cmd, FILE *f);
/* Print cmd's options as man page (roff) paragraphs. */
void cli_man_options(const struct cli_cmd *cmd, FILE *f);

/* Every command, for the dispatcher, the config file and the completions;
 * NULL-terminated. */
const struct cli_cmd *const *cli_commands(void);
const struct cli_cmd *cli_command_find(const char *name);

/* Parse one value of o from text (the config file and argv share this).
 * Returns 0, or -1 with why (a translated phrase) filled. */
int opt_parse_value(const struct opt *o, const char *text, void *field, struct buf *why);
/* Take text as the config file (label names it in messages) and check it
 * all, as the file would be at start: 0, or -1 (after a FILE:LINE message
 * unless quiet). Its settings then apply to the commands parsed after. */
int cli_config_check(const char *label, const char *text, size_t len, bool quiet);

/* "--name" or "-c", for messages. */
const char *opt_name(const struct opt *o, char *buf, size_t size);

#endif
