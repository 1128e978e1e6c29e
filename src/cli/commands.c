/* The list of commands and the dispatcher: smtpdbg COMMAND ..., smtpdbg
 * HOST ..., or smtpdbg alone (the default lesson on a terminal). */
#include <stdio.h>
#include <string.h>

#include "cli_impl.h"
#include "cli_teach.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl_gssapi.h"

extern const struct cli_cmd cli_cmd_explain, cli_cmd_b64, cli_cmd_sasl, cli_cmd_run,
	cli_cmd_relay_test, cli_cmd_tls_report, cli_cmd_dns, cli_cmd_serve, cli_cmd_proxy, cli_cmd_theme, cli_cmd_tui, cli_cmd_completion, cli_cmd_man_options,
	cli_cmd_lesson_pot;

const char *cli_lang;

const struct opt lang_opt_table[] = {
	{.lng = "lang", .kind = OPT_CHOICE, .metavar = "de|en", .choices = i18n_languages,
	 .global = &cli_lang,
	 .help = N_("the language of the program's own words: de (German) or en (English); "
		    "by default LANGUAGE, LC_ALL, LC_MESSAGES or LANG decide. What is sent, "
		    "JSON and exit codes do not change")},
	{0},
};

static const struct cli_cmd *const commands[] = {
	&cli_cmd_explain, &cli_cmd_b64,    &cli_cmd_sasl,  &cli_cmd_run,
	&cli_cmd_relay_test, &cli_cmd_tls_report, &cli_cmd_dns, &cli_cmd_serve, &cli_cmd_proxy, &cli_cmd_demo, &cli_cmd_replay,
	&cli_cmd_theme,   &cli_cmd_completion, &cli_cmd_tui, &cli_cmd_man_options, &cli_cmd_lesson_pot, NULL,
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
		"  -V, --version  show the version\n"
		"  --lang de|en   the language (before or after COMMAND)\n\n"
		"See smtpdbg(1) for the full manual.\n"), f);
}

/* The value of "--lang X" or "--lang=X" at argv[i] (advancing i past the
 * value), or NULL when argv[i] is not --lang. */
static const char *lang_arg(int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (!strncmp(a, "--lang=", 7))
		return a + 7;
	if (strcmp(a, "--lang"))
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}

/* The language is chosen before anything is printed: --lang before the
 * command (taken out of argv here), then --lang among the command's own
 * options (left for the parser, which checks it again), then the config
 * file's lang, then the environment. Returns -1, or an exit status after a
 * bad leading --lang. */
static int choose_language(int *argc, char **argv)
{
	const char *lead = NULL;
	while (*argc > 1) {
		int i = 1;
		const char *v = lang_arg(*argc, argv, &i);
		if (!v)
			break;
		lead = v;
		memmove(argv + 1, argv + 1 + i, (size_t)(*argc - i) * sizeof *argv);
		*argc -= i;
	}
	const char *want = lead;
	const struct cli_cmd *cmd = NULL;
	if (*argc > 1)
		cmd = argv[1][0] == '-' ? NULL : cli_command_find(argv[1]);
	if (!cmd && *argc > 1 && argv[1][0] && argv[1][0] != '-')
		cmd = &cli_cmd_tui;
	for (int i = cmd == &cli_cmd_tui ? 1 : 2; !want && cmd && i < *argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (argv[i][0] != '-' && cmd->operands_end_options && cmd != &cli_cmd_tui)
			break;
		const char *v = lang_arg(*argc, argv, &i);
		if (v && i18n_known(v))
			want = v;
	}
	if (!want)
		want = config_lang(cmd ? cmd->section : NULL);
	i18n_init(i18n_known(want) ? want : NULL);
	if (lead && !i18n_known(lead)) {
		if (!*lead)
			return cli_fail(NULL, _("%s needs a value (%s)"), "--lang", "de|en");
		return cli_fail(NULL, "%s '%s': %s", "--lang", lead,
				_("the languages are de (German) and en (English)"));
	}
	return -1;
}

int cli_main(int argc, char **argv)
{
	/* GSSAPI lives outside the pure mechanisms (it calls the GSS-API
	 * library): every command finds it by name from here on. */
	sasl_gssapi_register();
	int rc = choose_language(&argc, argv);
	if (rc >= 0)
		return rc;
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
	return cli_fail(NULL, _("unknown option '%s'"), name);
}
