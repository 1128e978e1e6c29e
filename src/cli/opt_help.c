/* --help and the man page's option lists, generated from the tables. */
#include <string.h>

#include "cli_impl.h"
#include "smtpdbg/i18n.h"

#define HELP_COL 28
#define WIDTH 79

static bool is_end(const struct opt *o)
{
	return !o->lng && !o->shrt;
}

/* Write text from column col, wrapped at WIDTH, continuation lines indented
 * to col. The cursor is at column at. */
static void wrap(FILE *f, const char *text, int at, int col)
{
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t word = strcspn(p, " ");
		if (at > col && at + 1 + (int)word > WIDTH) {
			fprintf(f, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', f);
			at++;
		}
		fwrite(p, 1, word, f);
		at += (int)word;
		p += word;
	}
	fputc('\n', f);
}

static int left_column(const struct opt *o, char *buf, size_t size)
{
	const char *mv = o->metavar ? o->metavar : "";
	if (o->shrt && o->lng)
		return snprintf(buf, size, "  -%c, --%s%s%s", o->shrt, o->lng, *mv ? " " : "", mv);
	if (o->shrt)
		return snprintf(buf, size, "  -%c%s%s", o->shrt, *mv ? " " : "", mv);
	return snprintf(buf, size, "      --%s%s%s", o->lng, *mv ? " " : "", mv);
}

static void option_line(FILE *f, const struct opt *o)
{
	char left[128];
	int n = left_column(o, left, sizeof left);
	fputs(left, f);
	if (n + 2 > HELP_COL) {
		fprintf(f, "\n%*s", HELP_COL, "");
		n = HELP_COL;
	} else {
		fprintf(f, "%*s", HELP_COL - n, "");
		n = HELP_COL;
	}
	wrap(f, _(o->help), n, HELP_COL);
}

static const struct opt std_opts[] = {
	{.lng = "help", .shrt = 'h', .help = N_("show this help")},
	{.lng = "version", .shrt = 'V', .help = N_("show the version")},
	{0},
};

void cli_help(const struct cli_cmd *cmd, FILE *f)
{
	fprintf(f, _("Usage: smtpdbg %s%s%s\n"), cmd->name, cmd->name[0] ? " " : "", cmd->usage);
	if (cmd->about)
		fputs(_(cmd->about), f);
	for (size_t g = 0; g < OPT_GROUPS_MAX && cmd->groups[g].opts; g++) {
		fprintf(f, "\n%s:\n", _(cmd->groups[g].title));
		for (const struct opt *o = cmd->groups[g].opts; !is_end(o); o++)
			if (!(o->flags & OPT_F_HIDDEN))
				option_line(f, o);
	}
	fprintf(f, "\n%s:\n", _("General"));
	for (const struct opt *o = std_opts; !is_end(o); o++)
		option_line(f, o);
	fprintf(f, "%*s%s\n", HELP_COL, "", _("-- ends the options"));
	if (cmd->uses_config)
		fprintf(f, _("\nDefaults may be set in ~/.config/smtpdbg/config, section [%s]%s\n"
			     "(see smtpdbg(1), CONFIGURATION).\n"),
			cmd->section, strcmp(cmd->section, "run") && strcmp(cmd->section, "relay-test") &&
					      strcmp(cmd->section, "tui")
				      ? ""
				      : _(" or [host TARGET]"));
	if (cmd->epilog) {
		fputc('\n', f);
		fputs(_(cmd->epilog), f);
	}
}

/* Text for roff: backslashes and dashes escaped, no line starting with a
 * control character. */
static void roff(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static void roff_text(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	roff(f, s);
	fputc('\n', f);
}

void cli_man_options(const struct cli_cmd *cmd, FILE *f)
{
	for (size_t g = 0; g < OPT_GROUPS_MAX && cmd->groups[g].opts; g++)
		for (const struct opt *o = cmd->groups[g].opts; !is_end(o); o++) {
			if (o->flags & OPT_F_HIDDEN)
				continue;
			fputs(".TP\n", f);
			if (o->shrt) {
				fprintf(f, "\\fB\\-%c\\fR", o->shrt);
				if (o->lng)
					fputs(", ", f);
			}
			if (o->lng) {
				fputs("\\fB\\-\\-", f);
				roff(f, o->lng);
				fputs("\\fR", f);
			}
			if (o->metavar) {
				fputs(" \\fI", f);
				roff(f, o->metavar);
				fputs("\\fR", f);
			}
			fputc('\n', f);
			roff_text(f, o->help);
		}
}
