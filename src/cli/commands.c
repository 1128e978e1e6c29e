/* The list of commands and the dispatcher: smtpdbg COMMAND ..., smtpdbg
 * HOST ..., or smtpdbg alone (the default lesson on a terminal). */
#include <stdio.h>
#include <string.h>

#include "cli_impl.h"
#include "cli_teach.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"

extern const struct cli_cmd cli_cmd_explain, cli_cmd_b64, cli_cmd_sasl, cli_cmd_run,
	cli_cmd_relay_test, cli_cmd_serve, cli_cmd_theme, cli_cmd_tui, cli_cmd_completion, cli_cmd_man_options;

static const struct cli_cmd *const commands[] = {
	&cli_cmd_explain, &cli_cmd_b64,    &cli_cmd_sasl,  &cli_cmd_run,
	&cli_cmd_relay_test, &cli_cmd_serve, &cli_cmd_demo, &cli_cmd_replay,
	&cli_cmd_theme,   &cli_cmd_completion, &cli_cmd_tui, &cli_cmd_man_options, NULL,
};

const struct cli_cmd *const *cli_commands(void)
{
	return commands;
}

const struct cli_cmd *cli_command_find(const char *name)
{
	for (const struct cli_cmd *const *c = commands; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg COMMAND [OPTIONS] [ARGS]\n"
		"       smtpdbg HOST[:PORT] [OPTIONS]  (interactive; smtpdbg HOST --help)\n"
		"       smtpdbg [--startup-time FILE]  (on a terminal: the auth-login lesson,\n"
		"                                       step by step; see smtpdbg demo --help)\n"
		"An SMTP session debugger that explains every line.\n\n"
		"Commands:\n"), f);
	for (const struct cli_cmd *const *c = commands; *c; c++)
		if ((*c)->name[0] && !(*c)->hidden)
			fprintf(f, "  %-11s %s\n", (*c)->name, _((*c)->summary));
	fputs(_("\nOptions:\n"
		"  -h, --help     show this help (COMMAND --help for a command's own)\n"
		"  -V, --version  show the version\n\n"
		"See smtpdbg(1) for the full manual.\n"), f);
}

int cli_main(int argc, char **argv)
{
	/* No arguments on a terminal: the tutorial server and the auth-login
	 * lesson, step by step. In a script: the usage and the tour. */
	if (argc < 2 && teach_on_terminal()) {
		char *args[] = {argv[0], NULL};
		return cmd_demo(1, args);
	}
	if (argc > 1 && !strcmp(argv[1], "--startup-time"))
		return cmd_demo(argc, argv);
	if (argc < 2) {
		usage(stdout);
		putchar('\n');
		cli_tour(stdout);
		return EXIT_OK;
	}
	const char *name = argv[1];
	if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
		cli_version(stdout);
		return EXIT_OK;
	}
	const struct cli_cmd *cmd = name[0] ? cli_command_find(name) : NULL;
	if (cmd)
		return cmd->run(argc - 1, argv + 1);
	/* Not a command and not an option: a server to open interactively. */
	if (name[0] != '-')
		return cli_cmd_tui.run(argc, argv);
	return cli_fail(NULL, _("unknown command '%s'"), name);
}
