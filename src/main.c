/* smtpdbg: an interactive SMTP session debugger. This file only dispatches
 * to the subcommands (each lives in src/app/) and, on a terminal, hands
 * demo and replay to the TUI, so src/app never depends on src/ui. */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/startup.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/teach_cli.h"
#include "smtpdbg/tui.h"

static bool on_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/* The TUI on a stepper; printed instead when the terminal cannot draw. */
static int steps(struct teach_opts *o, struct stepper *(*make)(const struct teach_opts *, int *),
		 int (*print)(const struct teach_opts *))
{
	int rc;
	struct stepper *s = make(o, &rc);
	if (!s)
		return rc;
	int ui = tui_steps(s, o);
	if (ui < 0) {
		stepper_free(s);
		return print(o);
	}
	if (o->output && demo_save(s, o->output) < 0)
		rc = EXIT_USAGE;
	stepper_free(s);
	return ui != EXIT_OK ? ui : rc;
}

static int demo(int argc, char **argv)
{
	struct teach_opts o;
	int rc = demo_cli_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	if (o.print || o.markdown || !on_terminal())
		return demo_print(&o);
	return steps(&o, demo_stepper, demo_print);
}

static int replay(int argc, char **argv)
{
	struct teach_opts o;
	int rc = replay_cli_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	/* "-" reads the transcript from the terminal's own input: print it. */
	if (o.print || o.markdown || !on_terminal() || !strcmp(o.path, "-"))
		return replay_print(&o);
	return steps(&o, replay_stepper, replay_print);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"explain", cmd_explain, "explain a reply line, a code or an EHLO keyword, offline"},
	{"b64", cmd_b64, "Base64 encode or decode (stdin if no TEXT)"},
	{"sasl", cmd_sasl, "compute a SASL client response and show the steps"},
	{"run", cmd_run, "run a whole session against a server, annotated, no prompts"},
	{"relay-test", cmd_relay_test, "test whether a server is an open relay, with a verdict"},
	{"serve", cmd_serve, "run the teaching SMTP server on loopback for a classroom"},
	{"demo", demo, "play a lesson against the embedded server, step by step"},
	{"replay", replay, "replay a saved transcript with the same explanations"},
	{"theme", cmd_theme, "list, show or check colour themes"},
};

static void usage(FILE *f)
{
	fputs("Usage: smtpdbg COMMAND [OPTIONS] [ARGS]\n"
	      "       smtpdbg HOST[:PORT] [OPTIONS]  (interactive; smtpdbg HOST --help)\n"
	      "       smtpdbg [--startup-time FILE]  (on a terminal: the auth-login lesson,\n"
	      "                                       step by step; see smtpdbg demo --help)\n"
	      "An SMTP session debugger that explains every line.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nOptions:\n"
	      "  -h, --help     show this help (COMMAND --help for a command's own)\n"
	      "  -V, --version  show the version\n\n"
	      "See smtpdbg(1) for the full manual.\n", f);
}

int main(int argc, char **argv)
{
	startup_mark();
	setlocale(LC_ALL, "");
	/* No arguments on a terminal: the tutorial server and the auth-login
	 * lesson, step by step. In a script: the usage and the tour. */
	if (argc < 2 && on_terminal()) {
		char *args[] = {argv[0], NULL};
		return demo(1, args);
	}
	if (argc > 1 && !strcmp(argv[1], "--startup-time"))
		return demo(argc, argv);
	if (argc < 2) {
		usage(stdout);
		putchar('\n');
		cli_tour(stdout);
		return EXIT_OK;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		cli_version(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	/* Not a command and not an option: a server to open interactively. */
	if (cmd[0] != '-')
		return tui_main(argc - 1, argv + 1);
	return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
