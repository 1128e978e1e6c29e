/* Shell completions for bash and zsh, generated from the option tables:
 * smtpdbg completion bash|zsh prints the script (the build installs its
 * output); names that change with the installation (themes, lessons) are
 * asked from the program when completing: smtpdbg completion words KIND. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/lesson.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/server.h"
#include "smtpdbg/theme.h"

static const char *const shells[] = {"bash", "zsh", "words", NULL};

static const struct opt no_opts[] = {{0}};

const struct cli_cmd cli_cmd_completion = {
	.name = "completion",
	.section = "completion",
	.usage = "bash|zsh",
	.summary = N_("print the shell completion script for bash or zsh"),
	.about = N_("Print a completion script generated from smtpdbg's own option tables.\n"
		    "Installed builds ship both; to try one by hand:\n"
		    "  source <(smtpdbg completion bash)\n"),
	.groups = {{N_("Options"), no_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.words = shells,
	.run = cmd_completion,
};

static bool is_end(const struct opt *o)
{
	return !o->lng && !o->shrt;
}

static void words_stages(FILE *f)
{
	static const char *const stages[] = {"connect", "banner", "ehlo", "tls",
					     "auth",    "mail",   "rcpt", "data"};
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		fprintf(f, "%s\n", stages[i]);
}

static void words_themes(FILE *f)
{
	char dirs[THEME_DIRS_MAX][THEME_PATH_MAX];
	size_t n = theme_search_dirs(dirs, THEME_DIRS_MAX);
	for (size_t i = 0; i < n; i++) {
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len > 6 && !strcmp(e->d_name + len - 6, ".theme"))
				fprintf(f, "%.*s\n", (int)(len - 6), e->d_name);
		}
		closedir(d);
	}
}

static void words_lessons(FILE *f)
{
	char **names;
	size_t n = lesson_names(&names);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n", names[i]);
		free(names[i]);
	}
	free(names);
}

static void words_mechs(FILE *f)
{
	fputs("auto\n", f);
	for (const struct sasl_mech *const *m = sasl_all(); *m; m++)
		fprintf(f, "%s\n", (*m)->name);
}

static void words_personalities(FILE *f)
{
	for (const struct server_personality *const *p = server_personalities(); *p; p++)
		fprintf(f, "%s\n", (*p)->name);
}

static const struct {
	enum opt_complete kind;
	const char *name;
	void (*print)(FILE *f);
} lists[] = {
	{COMPLETE_STAGE, "stages", words_stages},
	{COMPLETE_THEME, "themes", words_themes},
	{COMPLETE_LESSON, "lessons", words_lessons},
	{COMPLETE_MECH, "mechanisms", words_mechs},
	{COMPLETE_PERSONALITY, "personalities", words_personalities},
};

static const char *list_name(enum opt_complete k)
{
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (lists[i].kind == k)
			return lists[i].name;
	return NULL;
}

/* The bash action for a value of kind k (completes into COMPREPLY). */
static void bash_action(FILE *f, enum opt_complete k)
{
	const char *l = list_name(k);
	if (l)
		fprintf(f, "COMPREPLY=($(compgen -W \"$(\"$1\" completion words %s 2>/dev/null)\" "
			   "-- \"$cur\"))", l);
	else if (k == COMPLETE_FILE)
		fputs("COMPREPLY=($(compgen -f -- \"$cur\"))", f);
	else if (k == COMPLETE_ENV)
		fputs("COMPREPLY=($(compgen -e -- \"$cur\"))", f);
	else if (k == COMPLETE_HOST)
		fputs("COMPREPLY=($(compgen -A hostname -- \"$cur\"))", f);
	else
		fputs("COMPREPLY=()", f);
}

static void bash_command(FILE *f, const struct cli_cmd *c)
{
	fprintf(f, "\t%s)\n\t\tcase $prev in\n", c->name[0] ? c->name : "*");
	for (size_t g = 0; g < OPT_GROUPS_MAX && c->groups[g].opts; g++)
		for (const struct opt *o = c->groups[g].opts; !is_end(o); o++) {
			if ((o->flags & OPT_F_HIDDEN) || !o->metavar)
				continue;
			fputs("\t\t", f);
			if (o->lng)
				fprintf(f, "--%s%s", o->lng, o->shrt ? "|" : "");
			if (o->shrt)
				fprintf(f, "-%c", o->shrt);
			fputs(") ", f);
			if (o->kind == OPT_CHOICE) {
				fputs("COMPREPLY=($(compgen -W \"", f);
				for (const char *const *w = o->choices; *w; w++)
					fprintf(f, "%s%s", w == o->choices ? "" : " ", *w);
				fputs("\" -- \"$cur\"))", f);
			} else {
				bash_action(f, o->complete);
			}
			fputs("; return ;;\n", f);
		}
	fputs("\t\tesac\n\t\tif [[ $cur == -* ]]; then\n\t\t\tCOMPREPLY=($(compgen -W \"", f);
	for (size_t g = 0; g < OPT_GROUPS_MAX && c->groups[g].opts; g++)
		for (const struct opt *o = c->groups[g].opts; !is_end(o); o++) {
			if (o->flags & OPT_F_HIDDEN)
				continue;
			if (o->lng)
				fprintf(f, "--%s ", o->lng);
			if (o->shrt)
				fprintf(f, "-%c ", o->shrt);
		}
	fputs("--help --version\" -- \"$cur\"))\n", f);
	if (c->words) {
		fputs("\t\telif [[ $nargs -eq 0 ]]; then\n\t\t\tCOMPREPLY=($(compgen -W \"", f);
		for (const char *const *w = c->words; *w; w++)
			fprintf(f, "%s%s", w == c->words ? "" : " ", *w);
		fputs("\" -- \"$cur\"))\n", f);
	}
	fputs("\t\telse\n\t\t\t", f);
	bash_action(f, c->operand);
	fputs("\n\t\tfi ;;\n", f);
}

static void bash(FILE *f)
{
	fputs("# bash completion for smtpdbg, generated by 'smtpdbg completion bash'.\n"
	      "_smtpdbg()\n{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal cmd= nargs=0 i w\n"
	      "\tset -- \"${COMP_WORDS[0]}\"\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tw=${COMP_WORDS[i]}\n"
	      "\t\tif [[ -z $cmd ]]; then\n"
	      "\t\t\tcase $w in -*) ;; *) cmd=$w ;; esac\n"
	      "\t\telif [[ $w != -* && ${COMP_WORDS[i-1]} != -* ]]; then\n"
	      "\t\t\tnargs=$((nargs + 1))\n"
	      "\t\tfi\n"
	      "\tdone\n"
	      "\tif [[ -z $cmd ]]; then\n"
	      "\t\tif [[ $cur == -* ]]; then\n"
	      "\t\t\tCOMPREPLY=($(compgen -W \"--help --version --startup-time\" -- \"$cur\"))\n"
	      "\t\telse\n"
	      "\t\t\tCOMPREPLY=($(compgen -W \"", f);
	bool first = true;
	for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
		if ((*c)->name[0] && !(*c)->hidden) {
			fprintf(f, "%s%s", first ? "" : " ", (*c)->name);
			first = false;
		}
	fputs("\" -- \"$cur\") $(compgen -A hostname -- \"$cur\"))\n"
	      "\t\tfi\n\t\treturn\n\tfi\n"
	      "\tcase $cmd in\n", f);
	for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
		if (!(*c)->hidden)
			bash_command(f, *c);
	fputs("\tesac\n}\ncomplete -F _smtpdbg smtpdbg\n", f);
}

/* zsh: one _arguments spec per command. */
static void zsh_value(FILE *f, const struct opt *o)
{
	if (o->kind == OPT_CHOICE) {
		fputs(":value:(", f);
		for (const char *const *w = o->choices; *w; w++)
			fprintf(f, "%s%s", w == o->choices ? "" : " ", *w);
		fputs(")", f);
		return;
	}
	const char *l = list_name(o->complete);
	if (l)
		fprintf(f, ":value:{_smtpdbg_words %s}", l);
	else if (o->complete == COMPLETE_FILE)
		fputs(":file:_files", f);
	else if (o->complete == COMPLETE_ENV)
		fputs(":variable:_parameters", f);
	else if (o->complete == COMPLETE_HOST)
		fputs(":host:_hosts", f);
	else
		fprintf(f, ":%s: ", o->metavar);
}

/* Text inside a single-quoted zsh word, with [] and : escaped for
 * _arguments. */
static void zsh_help(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (*s == '[' || *s == ']' || *s == ':')
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

static void zsh_command(FILE *f, const struct cli_cmd *c)
{
	fprintf(f, "\t%s)\n\t\t_arguments -s \\\n", c->name[0] ? c->name : "*");
	for (size_t g = 0; g < OPT_GROUPS_MAX && c->groups[g].opts; g++)
		for (const struct opt *o = c->groups[g].opts; !is_end(o); o++) {
			if (o->flags & OPT_F_HIDDEN)
				continue;
			const char *rep = o->kind == OPT_LIST ? "*" : "";
			fputs("\t\t\t'", f);
			if (o->lng)
				fprintf(f, "%s--%s", rep, o->lng);
			else
				fprintf(f, "%s-%c", rep, o->shrt);
			fputs("[", f);
			zsh_help(f, o->help);
			fputs("]", f);
			if (o->metavar)
				zsh_value(f, o);
			fputs("' \\\n", f);
			if (o->lng && o->shrt) {
				fprintf(f, "\t\t\t'%s-%c[", rep, o->shrt);
				zsh_help(f, o->help);
				fputs("]", f);
				if (o->metavar)
					zsh_value(f, o);
				fputs("' \\\n", f);
			}
		}
	fputs("\t\t\t'(- *)'{-h,--help}'[show the help]' \\\n"
	      "\t\t\t'(- *)'{-V,--version}'[show the version]' \\\n", f);
	if (c->words) {
		fputs("\t\t\t'1:what:(", f);
		for (const char *const *w = c->words; *w; w++)
			fprintf(f, "%s%s", w == c->words ? "" : " ", *w);
		fputs(")' \\\n", f);
	}
	const char *l = list_name(c->operand);
	if (l)
		fprintf(f, "\t\t\t'*:value:{_smtpdbg_words %s}'", l);
	else if (c->operand == COMPLETE_FILE)
		fputs("\t\t\t'*:file:_files'", f);
	else if (c->operand == COMPLETE_HOST)
		fputs("\t\t\t'*:host:_hosts'", f);
	else
		fputs("\t\t\t'*:argument: '", f);
	fputs(" ;;\n", f);
}

static void zsh(FILE *f)
{
	fputs("#compdef smtpdbg\n"
	      "# zsh completion for smtpdbg, generated by 'smtpdbg completion zsh'.\n"
	      "_smtpdbg_words() {\n"
	      "\tlocal -a w\n"
	      "\tw=(${(f)\"$(_call_program words smtpdbg completion words $1 2>/dev/null)\"})\n"
	      "\tcompadd -a w\n"
	      "}\n"
	      "_smtpdbg() {\n"
	      "\tlocal -a commands\n"
	      "\tcommands=(\n", f);
	for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
		if ((*c)->name[0] && !(*c)->hidden) {
			fprintf(f, "\t\t'%s:", (*c)->name);
			zsh_help(f, (*c)->summary);
			fputs("'\n", f);
		}
	fputs("\t)\n"
	      "\tif (( CURRENT == 2 )); then\n"
	      "\t\t_describe command commands\n"
	      "\t\t_hosts\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tlocal cmd=$words[2]\n"
	      "\tshift words\n"
	      "\t(( CURRENT-- ))\n"
	      "\tcase $cmd in\n", f);
	for (const struct cli_cmd *const *c = cli_commands(); *c; c++)
		if (!(*c)->hidden)
			zsh_command(f, *c);
	fputs("\tesac\n}\n"
	      "_smtpdbg \"$@\"\n", f);
}

int cmd_completion(int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_completion;
	struct cli_args args;
	int rc = cli_parse(cmd, argc, argv, NULL, &args, false);
	if (rc < 0) {
		const char *what = args.n ? args.operands[0] : "";
		if (!strcmp(what, "bash") && args.n == 1) {
			bash(stdout);
			rc = EXIT_OK;
		} else if (!strcmp(what, "zsh") && args.n == 1) {
			zsh(stdout);
			rc = EXIT_OK;
		} else if (!strcmp(what, "words") && args.n == 2) {
			size_t i = 0;
			while (i < sizeof lists / sizeof lists[0] && strcmp(lists[i].name, args.operands[1]))
				i++;
			if (i < sizeof lists / sizeof lists[0]) {
				lists[i].print(stdout);
				rc = EXIT_OK;
			} else {
				rc = cli_fail(cmd, _("unknown word list '%s'"), args.operands[1]);
			}
		} else {
			rc = cli_fail(cmd, _("say 'bash' or 'zsh'"));
		}
	}
	free(args.operands);
	return rc == EXIT_OK && fflush(stdout) != 0 ? EXIT_NEGATIVE : rc;
}
