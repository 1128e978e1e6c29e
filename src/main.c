/* smtpdbg: an interactive SMTP session debugger. This file only dispatches
 * to the subcommands; each lives in src/app/. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/tui.h"

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
	{"demo", cmd_demo, "play a lesson against the embedded server, step by step"},
	{"replay", cmd_replay, "replay a saved transcript with the same explanations"},
	{"theme", cmd_theme, "list, show or check colour themes"},
};

static void usage(FILE *f)
{
	fputs("Usage: smtpdbg COMMAND [OPTIONS] [ARGS]\n"
	      "       smtpdbg HOST[:PORT] [OPTIONS]  (interactive; smtpdbg HOST --help)\n"
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
	setlocale(LC_ALL, "");
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
