/* The offline subcommands and what they share.
 * Each takes argv with argv[0] = the subcommand name and returns the exit
 * status: 0 success, 1 the input was understood but the answer is negative
 * (e.g. nothing known to explain), 2 usage error or invalid input. */
#ifndef SMTPDBG_CLI_H
#define SMTPDBG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/conn_opts.h"

enum { EXIT_OK = 0, EXIT_NEGATIVE = 1, EXIT_USAGE = 2 };

int cmd_explain(int argc, char **argv);
int cmd_b64(int argc, char **argv);
int cmd_sasl(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_relay_test(int argc, char **argv);
int cmd_tls_report(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_proxy(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_theme(int argc, char **argv);
int cmd_completion(int argc, char **argv);

/* The whole command line: smtpdbg [COMMAND|HOST] ... Returns the exit
 * status. */
int cli_main(int argc, char **argv);

/* The interactive mode's command line (argv[0] is the program, argv[1] the
 * host or an option): -1 to go ahead, else the exit status. The caller
 * frees o->conn (conn_opts_free) and args' operands. */
struct session_opts;
struct cli_args;
int tui_cli_parse(struct session_opts *o, struct cli_args *args, int argc, char **argv);
void conn_opts_free(struct conn_opts *c);

/* Print the worked AUTH LOGIN example, explained (smtpdbg without
 * arguments). */
void cli_tour(FILE *f);

/* Whether standard output could not be written (a full disk, /dev/full,
 * a closed pipe): says so on stderr for cmd. Call once at the end. */
bool cli_stdout_failed(const char *cmd);

/* Print "smtpdbg VERSION" and the library versions. */
void cli_version(FILE *f);
/* Print "smtpdbg CMD: msg" and a hint to use --help to stderr; returns
 * EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Read a password without echo: from the environment variable env, the
 * file path (first line), or a no-echo prompt when stdin is a terminal.
 * Returns a malloc'd string the caller wipes and frees, or NULL with a
 * message on stderr. */
char *cli_read_password(const char *cmd, const char *env, const char *path);

#endif
