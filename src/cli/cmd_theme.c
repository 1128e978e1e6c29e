/* smtpdbg theme: list the themes, show one fully resolved, and check theme
 * files without starting the TUI (what CI runs over themes/). */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/theme.h"

#define MAX_LISTED 256

static const struct opt theme_opts[] = {
	{.lng = "colors", .shrt = 'c', .kind = OPT_INT, .off = 0, .metavar = "N", .min = 8,
	 .max = 0x1000000, .help = N_("show: map colours for a terminal with N colours")},
	{0},
};

static const char *const actions[] = {"list", "show", "check", NULL};

const struct cli_cmd cli_cmd_theme = {
	.name = "theme",
	.section = "theme",
	.usage = N_("list | show [--colors N] NAME | check FILE..."),
	.summary = N_("list, show or check colour themes"),
	.about = N_("Themes decide how the TUI looks; see THEMES in smtpdbg(1).\n\n"
		    "list   every theme found, in search order, with its background and\n"
		    "       description; the first file of a name wins\n"
		    "show   every role of theme NAME (or a file, when NAME has a '/')\n"
		    "       resolved: colours per tier (16/256/24-bit) and attributes with\n"
		    "       and without colour; --colors N shows what a terminal with N\n"
		    "       colours (8, 16, 256, 16777216) gets instead\n"
		    "check  report every problem as FILE:LINE: MESSAGE, and check that\n"
		    "       code.2xx, code.4xx and code.5xx differ without colour\n"),
	.epilog = N_("Exit status: 0 success, 2 usage error, theme not found, or a theme\n"
		     "with errors (check).\n"),
	.groups = {{N_("Options"), theme_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.words = actions,
	.operand = COMPLETE_THEME,
	.run = cmd_theme,
};

/* Untrusted text (a path, a description) made safe for the terminal. */
static void put_safe(FILE *f, const char *s)
{
	char *e = esc_str(s, strlen(s), esc_flags_for_locale());
	fputs(e, f);
	free(e);
}

struct report_ctx {
	unsigned errors, warnings;
};

static void report(void *ctx, const char *file, unsigned line, bool warning, const char *msg)
{
	struct report_ctx *rc = ctx;
	if (rc) {
		if (warning)
			rc->warnings++;
		else
			rc->errors++;
	}
	put_safe(stderr, file);
	if (line)
		fprintf(stderr, ":%u", line);
	fputs(": ", stderr);
	put_safe(stderr, msg);
	fputc('\n', stderr);
}

static void quiet(void *ctx, const char *file, unsigned line, bool warning, const char *msg)
{
	(void)file;
	(void)line;
	(void)msg;
	struct report_ctx *rc = ctx;
	if (!warning)
		rc->errors++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool listed(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* One line per theme: name, background, description; then its file. */
static void list_one(const char *name, const char *path)
{
	struct theme t;
	struct report_ctx rc = {0, 0};
	if (path) {
		theme_load(&t, path, quiet, &rc);
	} else if (!strcmp(name, "mono")) {
		theme_init_mono(&t);
	} else {
		theme_init_default(&t);
	}
	printf("%-16s %-6s ", name, t.background);
	put_safe(stdout, t.description);
	if (rc.errors)
		printf(P_(" (%u error: smtpdbg theme check)", " (%u errors: smtpdbg theme check)",
			  rc.errors),
		       rc.errors);
	fputs("\n                        ", stdout);
	if (path)
		put_safe(stdout, path);
	else
		fputs(_("(built in)"), stdout);
	fputc('\n', stdout);
}

static int list(void)
{
	char dirs[THEME_DIRS_MAX][THEME_PATH_MAX];
	size_t nd = theme_search_dirs(dirs, THEME_DIRS_MAX);
	char *names[MAX_LISTED];
	size_t n = 0;
	for (size_t i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		char *here[MAX_LISTED];
		size_t nh = 0;
		struct dirent *e;
		while ((e = readdir(d)) && nh < MAX_LISTED) {
			size_t len = strlen(e->d_name);
			if (len > 6 && e->d_name[0] != '.' && !strcmp(e->d_name + len - 6, ".theme"))
				here[nh++] = strndup(e->d_name, len - 6);
		}
		closedir(d);
		qsort(here, nh, sizeof here[0], cmp_str);
		for (size_t k = 0; k < nh; k++) {
			char path[THEME_PATH_MAX * 2];
			if (!here[k] || listed(names, n, here[k]) || n == MAX_LISTED) {
				free(here[k]);
				continue;
			}
			snprintf(path, sizeof path, "%s/%s.theme", dirs[i], here[k]);
			list_one(here[k], path);
			names[n++] = here[k];
		}
	}
	/* The built-in pair is always there. */
	if (!listed(names, n, "default"))
		list_one("default", NULL);
	if (!listed(names, n, "mono"))
		list_one("mono", NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return EXIT_OK;
}

static void attrs_str(unsigned a, char *out, size_t n)
{
	static const char *const names[] = {"bold", "dim", "underline", "reverse",
					    "standout", "italic"};
	size_t o = 0;
	out[0] = '\0';
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (a & (1u << i))
			o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s%s", o ? "," : "",
					      names[i]);
	if (!o)
		snprintf(out, n, "normal");
}

/* "cyan", or "cyan/117/#87d7ff" when the tiers differ; with colors > 0,
 * what that terminal gets. */
static void color_str(int c16, int c256, int c24, int colors, char *out, size_t n)
{
	char a[24], b[24], c[24];
	if (colors > 0) {
		int tier = colors >= 0x1000000 ? c24 : colors >= 256 ? c256 : c16;
		int got = theme_color_for_depth(tier, colors);
		/* Direct colour: 8 and up are RGB values, not indices. */
		if (colors >= 0x1000000 && got >= 8)
			got = THEME_COLOR_RGB(got >> 16, got >> 8 & 0xff, got & 0xff);
		theme_color_name(got, out, n);
		return;
	}
	theme_color_name(c16, a, sizeof a);
	theme_color_name(c256, b, sizeof b);
	theme_color_name(c24, c, sizeof c);
	if (c16 == c256 && c256 == c24)
		snprintf(out, n, "%s", a);
	else
		snprintf(out, n, "%s/%s/%s", a, b, c);
}

static int show(const char *name, int colors)
{
	struct theme t;
	struct report_ctx rc = {0, 0};
	if (theme_load(&t, name, report, &rc) < 0)
		return EXIT_USAGE;
	fputs(_("theme        "), stdout);
	put_safe(stdout, t.name);
	fputs(_("\nfile         "), stdout);
	put_safe(stdout, t.path[0] ? t.path : _("(built in)"));
	fputs(_("\ndescription  "), stdout);
	put_safe(stdout, t.description);
	char ref[24] = "";
	if (t.background_ref != THEME_COLOR_DEFAULT)
		theme_color_name(t.background_ref, ref, sizeof ref);
	printf(_("\nbackground   %s%s%s\n"), t.background, ref[0] ? " " : "", ref);
	if (colors > 0)
		printf(_("colours      as on a terminal with %d colours\n"), colors);
	printf("\n%-24s %-22s %-22s %-16s %s\n", _("ROLE"), _("FG"), _("BG"), _("ATTRS"),
	       _("MONO"));
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *s = &t.role[r];
		char fg[96], bg[96], at[64], mo[64];
		color_str(s->fg, s->fg256, s->fg24, colors, fg, sizeof fg);
		color_str(s->bg, s->bg256, s->bg24, colors, bg, sizeof bg);
		unsigned attrs = s->attrs;
		/* What an 8-colour terminal does for bright foregrounds. */
		if (colors > 0 && colors < 16 && s->fg >= 8 && s->fg < 16)
			attrs |= THEME_A_BOLD;
		attrs_str(attrs, at, sizeof at);
		attrs_str(s->mono, mo, sizeof mo);
		printf("%-24s %-22s %-22s %-16s %s\n", theme_role_name((enum theme_role)r), fg, bg,
		       at, mo);
	}
	return EXIT_OK;
}

/* One file: its problems on stderr; returns whether it is clean. */
static bool check_one(const char *arg)
{
	char path[THEME_PATH_MAX], why[160];
	char *text;
	size_t len;
	const char *file = arg;
	/* A bare name that is not a file here is looked up as a theme. */
	if (!strchr(arg, '/') && access(arg, F_OK) != 0 && theme_find(arg, path, sizeof path) == 0)
		file = path;
	if (theme_read(file, &text, &len, why, sizeof why) < 0) {
		report(NULL, file, 0, false, why);
		return false;
	}
	struct theme t;
	struct report_ctx rc = {0, 0};
	theme_init_default(&t);
	theme_parse(&t, text, len, file, report, &rc);
	free(text);
	if (!theme_mono_distinct(&t)) {
		char a[64], b[64], c[64], msg[400];
		attrs_str(t.role[THEME_CODE_2XX].mono, a, sizeof a);
		attrs_str(t.role[THEME_CODE_4XX].mono, b, sizeof b);
		attrs_str(t.role[THEME_CODE_5XX].mono, c, sizeof c);
		snprintf(msg, sizeof msg,
			 _("mono attributes of code.2xx (%s), code.4xx (%s) and code.5xx (%s) "
			   "must all differ (dim and italic do not count)"), a, b, c);
		report(&rc, file, 0, false, msg);
	}
	if (rc.errors)
		return false;
	put_safe(stdout, file);
	if (rc.warnings)
		printf(P_(": ok, %u warning\n", ": ok, %u warnings\n", rc.warnings), rc.warnings);
	else
		fputs(_(": ok\n"), stdout);
	return true;
}

static int theme_action(const struct cli_cmd *cmd, int colors, char **argv, int argc)
{
	if (argc < 1)
		return cli_fail(cmd, _("say 'list', 'show NAME' or 'check FILE...'"));
	const char *what = argv[0];
	int first = 1;
	int left = argc - first;
	if (!strcmp(what, "list")) {
		if (left)
			return cli_fail(cmd, _("list takes no arguments"));
		return list();
	}
	if (!strcmp(what, "show")) {
		if (left != 1)
			return cli_fail(cmd, _("show wants one theme name"));
		return show(argv[first], colors);
	}
	if (!strcmp(what, "check")) {
		if (!left)
			return cli_fail(cmd, _("check wants at least one file"));
		bool ok = true;
		for (int i = first; i < argc; i++)
			ok &= check_one(argv[i]);
		return ok ? EXIT_OK : EXIT_USAGE;
	}
	return cli_fail(cmd, _("unknown action '%s'"), what);
}

int cmd_theme(int argc, char **argv)
{
	struct cli_args args;
	int colors = 0;
	int rc = cli_parse(&cli_cmd_theme, argc, argv, &colors, &args, false);
	if (rc < 0)
		rc = theme_action(&cli_cmd_theme, colors, args.operands, (int)args.n);
	free(args.operands);
	return rc;
}
