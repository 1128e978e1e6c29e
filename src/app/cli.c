#include "smtpdbg/cli.h"

#include <errno.h>
#include <openssl/opensslv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "smtpdbg/xmalloc.h"

void cli_version(FILE *f)
{
	fprintf(f, "smtpdbg %s\n", SMTPDBG_VERSION);
	fprintf(f, "built with %s\n", OPENSSL_VERSION_TEXT);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "smtpdbg%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'smtpdbg%s%s --help' for more information.\n",
		cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* Read one line (without its newline) into a malloc'd string. */
static char *read_line(FILE *f)
{
	size_t cap = 0;
	char *line = NULL;
	ssize_t n = getline(&line, &cap, f);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n > 0 && line[n - 1] == '\r')
		line[--n] = '\0';
	char *copy = xstrndup(line, (size_t)n);
	wipe(line, cap);
	free(line);
	return copy;
}

static char *prompt_no_echo(const char *cmd)
{
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return NULL;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	fprintf(stderr, "smtpdbg %s: password (not shown): ", cmd);
	fflush(stderr);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return NULL;
	char *pw = read_line(stdin);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return pw;
}

char *cli_read_password(const char *cmd, const char *env, const char *path)
{
	if (env) {
		const char *v = getenv(env);
		if (!v) {
			fprintf(stderr, "smtpdbg %s: environment variable %s is not set\n",
				cmd, env);
			return NULL;
		}
		return xstrdup(v);
	}
	if (path) {
		FILE *f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "smtpdbg %s: cannot read password file %s: %s\n",
				cmd, path, strerror(errno));
			return NULL;
		}
		char *pw = read_line(f);
		fclose(f);
		if (!pw)
			fprintf(stderr, "smtpdbg %s: password file %s is empty\n", cmd, path);
		return pw;
	}
	if (isatty(STDIN_FILENO)) {
		char *pw = prompt_no_echo(cmd);
		if (!pw)
			fprintf(stderr, "smtpdbg %s: could not read a password from the terminal\n",
				cmd);
		return pw;
	}
	fprintf(stderr,
		"smtpdbg %s: no password given; use --password-env VAR or --password-file FILE\n",
		cmd);
	return NULL;
}
