/* A command line as `--pipe 'COMMAND'` gives it: split into words the way
 * a shell would for the simple cases (blanks, '...' and "..." quoting,
 * backslash escapes), so the command runs without a shell; anything a
 * shell would do more (pipes, redirections, variables, globbing) is said,
 * and the caller then runs it through /bin/sh -c. Pure. */
#ifndef SMTPDBG_CMDLINE_H
#define SMTPDBG_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct cmdline {
	char **argv;      /* NULL-terminated words, malloc'd */
	size_t argc;
	bool needs_shell; /* shell syntax seen: argv is then empty */
};

/* Returns 0, or -1 with a message in why (an unterminated quote, an empty
 * command). */
int cmdline_split(const char *s, struct cmdline *out, char *why, size_t whylen);
void cmdline_free(struct cmdline *c);

#endif
