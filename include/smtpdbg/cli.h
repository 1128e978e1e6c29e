/* The offline subcommands and what they share.
 * Each takes argv with argv[0] = the subcommand name and returns the exit
 * status: 0 success, 1 the input was understood but the answer is negative
 * (e.g. nothing known to explain), 2 usage error or invalid input. */
#ifndef SMTPDBG_CLI_H
#define SMTPDBG_CLI_H

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_NEGATIVE = 1, EXIT_USAGE = 2 };

int cmd_explain(int argc, char **argv);
int cmd_b64(int argc, char **argv);
int cmd_sasl(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_relay_test(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_theme(int argc, char **argv);

/* Print the worked AUTH LOGIN example, explained (smtpdbg without
 * arguments). */
void cli_tour(FILE *f);

/* Print "smtpdbg VERSION" and the library versions. */
void cli_version(FILE *f);
/* Print "smtpdbg CMD: msg" and a hint to use --help to stderr; returns
 * EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long returned as c (':' a missing
 * value, anything else an unknown option), after argv was parsed with
 * opterr = 0 and a leading ':' in the option string. */
int cli_getopt_error(const char *cmd, int c, char **argv);

/* Read a password without echo: from the environment variable env, the
 * file path (first line), or a no-echo prompt when stdin is a terminal.
 * Returns a malloc'd string the caller wipes and frees, or NULL with a
 * message on stderr. */
char *cli_read_password(const char *cmd, const char *env, const char *path);

#endif
