#include "smtpdbg/cli.h"
#include "cli_impl.h"

#include <errno.h>
#include <openssl/opensslv.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/secret_guard.h"
#include "smtpdbg/xmalloc.h"

void cli_version(FILE *f)
{
	fprintf(f, "smtpdbg %s\n", SMTPDBG_VERSION);
	fprintf(f, _("built with %s\n"), OPENSSL_VERSION_TEXT);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	struct buf msg;
	buf_init(&msg, 0);
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	/* Nothing the user typed reaches the terminal raw. */
	char *safe = esc_str(msg.data ? msg.data : "", msg.len, esc_flags_for_locale());
	fprintf(stderr, "smtpdbg%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", safe);
	fprintf(stderr, _("Try 'smtpdbg%s%s --help' for more information.\n"),
		cmd ? " " : "", cmd ? cmd : "");
	free(safe);
	buf_free(&msg);
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
	/* A NUL would silently cut the password short: refuse it instead. */
	char *copy = memchr(line, '\0', (size_t)n) ? NULL : xstrndup(line, (size_t)n);
	if (!copy)
		errno = EINVAL;
	wipe(line, cap);
	free(line);
	return copy;
}

/* The terminal settings to restore if a signal ends the prompt: without
 * this, Ctrl-C at the password prompt would leave the shell without echo. */
static struct termios saved_tty;
static const int prompt_signals[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP};

static void restore_tty_and_die(int sig)
{
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

static char *prompt_no_echo(const char *cmd)
{
	enum { NSIG_PROMPT = sizeof prompt_signals / sizeof prompt_signals[0] };
	struct sigaction act = {.sa_handler = restore_tty_and_die}, old_act[NSIG_PROMPT];
	struct termios quiet;

	if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return NULL;
	quiet = saved_tty;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	sigemptyset(&act.sa_mask);
	for (size_t i = 0; i < NSIG_PROMPT; i++)
		sigaction(prompt_signals[i], &act, &old_act[i]);
	fprintf(stderr, _("smtpdbg %s: password (not shown): "), cmd);
	fflush(stderr);
	char *pw = NULL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0) {
		pw = read_line(stdin);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	}
	for (size_t i = 0; i < NSIG_PROMPT; i++)
		sigaction(prompt_signals[i], &old_act[i], NULL);
	return pw;
}

int cli_open_output(const char *cmd, const char *path, bool force, struct safefile *out)
{
	char why[256];
	if (safefile_open(out, path, SF_STREAM | (force ? SF_FORCE : 0), why, sizeof why) == 0)
		return -1;
	char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
	if (out->err == EEXIST)
		fprintf(stderr, _("smtpdbg %s: cannot write %s: it exists; --force replaces it\n"),
			cmd, safe);
	else
		fprintf(stderr, _("smtpdbg %s: cannot write %s: %s\n"), cmd, safe, why);
	free(safe);
	return SMTPDBG_EXIT_WRITE;
}

/* The first line of a password file, read from at most PASSWORD_FILE_MAX
 * bytes: /dev/zero or a large file by mistake is refused at once. */
#define PASSWORD_FILE_MAX 4096
static char *read_password_file(const char *cmd, const char *path, FILE *f)
{
	char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
	char buf[PASSWORD_FILE_MAX + 1];
	size_t n = fread(buf, 1, sizeof buf, f);
	char *pw = NULL;
	char *nl = memchr(buf, '\n', n);
	if (ferror(f)) {
		fprintf(stderr, _("smtpdbg %s: cannot read %s: %s\n"), cmd, safe, strerror(errno));
	} else if (!nl && n > PASSWORD_FILE_MAX) {
		fprintf(stderr, _("smtpdbg %s: %s is longer than 4 KiB: not a password file\n"), cmd,
			safe);
	} else {
		size_t len = nl ? (size_t)(nl - buf) : n;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
		/* A NUL would silently cut the password short: refuse it instead. */
		if (memchr(buf, '\0', len))
			fprintf(stderr, _("smtpdbg %s: %s contains a NUL byte\n"), cmd, safe);
		else if (!len && !nl)
			fprintf(stderr, _("smtpdbg %s: %s is empty\n"), cmd, safe);
		else
			pw = xstrndup(buf, len);
	}
	wipe(buf, sizeof buf);
	free(safe);
	return pw;
}

char *cli_read_password(const char *cmd, const char *env, const char *path)
{
	secret_guard();
	if (env) {
		const char *v = getenv(env);
		if (!v) {
			fprintf(stderr, _("smtpdbg %s: environment variable %s is not set\n"),
				cmd, env);
			return NULL;
		}
		return xstrdup(v);
	}
	if (path) {
		FILE *f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, _("smtpdbg %s: cannot read %s: %s\n"),
				cmd, path, strerror(errno));
			return NULL;
		}
		char *pw = read_password_file(cmd, path, f);
		fclose(f);
		return pw;
	}
	if (isatty(STDIN_FILENO)) {
		char *pw = prompt_no_echo(cmd);
		if (!pw)
			fprintf(stderr, _("smtpdbg %s: could not read a password from the terminal\n"),
				cmd);
		return pw;
	}
	fprintf(stderr,
		_("smtpdbg %s: no password given; use --password-env VAR or --password-file FILE\n"),
		cmd);
	return NULL;
}

bool cli_stdout_failed(const char *cmd)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return false;
	int e = errno ? errno : EIO;
	fprintf(stderr, _("smtpdbg %s: cannot write to standard output: %s\n"), cmd, strerror(e));
	return true;
}
