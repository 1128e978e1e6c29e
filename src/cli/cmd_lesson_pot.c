/* smtpdbg lesson-pot FILE...: the lessons' words as PO template entries,
 * for the build (po/CMakeLists.txt merges them into smtpdbg.pot). Hidden:
 * a tool of the build, not of the user. */
#include "smtpdbg/cli.h"

#include "cli_impl.h"

#include <stdio.h>
#include <stdlib.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/lesson.h"

static int cmd_lesson_pot(int argc, char **argv);

static const char *out_path;

static const struct opt pot_opts[] = {
	{.lng = "output", .kind = OPT_STR, .off = 0, .metavar = "FILE",
	 .help = N_("write the template to FILE instead of standard output")},
	{0},
};

const struct cli_cmd cli_cmd_lesson_pot = {
	.name = "lesson-pot",
	.section = "lesson-pot",
	.usage = N_("FILE..."),
	.summary = N_("print the lessons' words as a PO template (for the build)"),
	.groups = {{N_("Options"), pot_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.run = cmd_lesson_pot,
	.hidden = true,
};

static void report(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	fprintf(stderr, "smtpdbg lesson-pot: %s:%u: %s\n", file, line, msg);
}

static int cmd_lesson_pot(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(&cli_cmd_lesson_pot, argc, argv, &out_path, &args, false);
	if (rc >= 0) {
		free(args.operands);
		return rc;
	}
	rc = EXIT_OK;
	/* A build product, rewritten at every build: not a user's file. */
	FILE *f = out_path ? fopen(out_path, "w") : stdout;
	if (!f) {
		perror(out_path);
		free(args.operands);
		return EXIT_NEGATIVE;
	}
	fputs("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n", f);
	for (size_t i = 0; i < args.n; i++) {
		struct lesson l;
		if (lesson_read(&l, args.operands[i], report, NULL) < 0) {
			rc = EXIT_NEGATIVE;
			continue;
		}
		lesson_pot(f, &l, args.operands[i]);
		lesson_free(&l);
	}
	free(args.operands);
	if (fflush(f) != 0 || ferror(f))
		rc = EXIT_NEGATIVE;
	if (f != stdout && fclose(f) != 0)
		rc = EXIT_NEGATIVE;
	return rc;
}
