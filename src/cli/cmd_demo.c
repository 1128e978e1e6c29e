/* smtpdbg demo: a lesson played against the embedded server in memory.
 * On a terminal main() opens it in the TUI's STEP mode; otherwise (and
 * with --print, --markdown or --html) the whole lesson is printed as
 * annotated text, or as a handout: a Markdown table like the seed's, or
 * one HTML file in the theme's colours. */
#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_impl.h"
#include "cli_teach.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/handout.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/lesson.h"
#include "smtpdbg/lesson_run.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/server.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/teach_cli.h"
#include "smtpdbg/transcript_file.h"

#define DEFAULT_LESSON "auth-login"

#define T(field) offsetof(struct teach_opts, field)

static const struct opt demo_opts[] = {
	{.lng = "lesson", .kind = OPT_STR, .off = T(lesson), .metavar = "NAME",
	 .complete = COMPLETE_LESSON,
	 .help = N_("a shipped lesson (see --list) or a lesson file path (default: "
		    "auth-login)")},
	{.lng = "personality", .kind = OPT_STR, .off = T(personality), .metavar = "NAME",
	 .complete = COMPLETE_PERSONALITY,
	 .help = N_("run it against another server personality (tutorial, open-relay, "
		    "strict-submission, submission, rfc-example)")},
	{.lng = "print", .kind = OPT_FLAG, .off = T(print),
	 .help = N_("print the whole lesson as annotated text (the default when standard "
		    "output is not a terminal)")},
	{.lng = "markdown", .kind = OPT_FLAG, .off = T(markdown),
	 .help = N_("print it as a handout in Markdown: the introduction, then a table of the "
		    "rows with the lesson's explanation beside each")},
	{.lng = "html", .kind = OPT_FLAG, .off = T(html),
	 .help = N_("print the handout as one HTML file in the theme's colours (--theme, "
		    "default light), for projecting or printing; no script")},
	{.lng = "output", .kind = OPT_STR, .off = T(output), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("also save the session as a transcript (smtpdbg replay)")},
	{.lng = "force", .kind = OPT_FLAG, .off = T(force), .flags = OPT_F_NOCONF,
	 .help = N_("let --output replace an existing file (through a temporary file)")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = T(reveal), .flags = OPT_F_NOCONF,
	 .help = N_("show the decoded password and computed secrets")},
	{.lng = "explain-auth", .kind = OPT_FLAG, .off = T(maths),
	 .help = N_("add what every SASL step computed")},
	{.lng = "list", .kind = OPT_FLAG, .off = T(list), .flags = OPT_F_NOCONF,
	 .help = N_("list the lessons and the personalities")},
	{0},
};

/* The step mode's look, shared with replay. */
const struct opt teach_display_opts[] = {
	{.lng = "theme", .kind = OPT_STR, .off = T(theme), .metavar = "NAME",
	 .complete = COMPLETE_THEME, .help = N_("colour theme of the step mode")},
	{.lng = "no-color", .kind = OPT_FLAG, .off = T(no_color),
	 .help = N_("no colours in the step mode (and in --html)")},
	{.lng = "presenter", .kind = OPT_FLAG, .off = T(presenter),
	 .help = N_("a layout for a class: the explanation takes two thirds of the width, the "
		    "status bar only the step")},
	{.lng = "startup-time", .kind = OPT_STR, .off = T(startup_time), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE, .flags = OPT_F_NOCONF,
	 .help = N_("append the milliseconds to the first frame to FILE")},
	{0},
};

const struct cli_cmd cli_cmd_demo = {
	.name = "demo",
	.section = "demo",
	.usage = N_("[--lesson NAME] [--personality NAME] [--print|--markdown|--html] [OPTIONS]"),
	.summary = N_("play a lesson against the embedded server, step by step"),
	.about = N_("Play a lesson against the embedded teaching server, in memory: no network,\n"
		    "no port. Each row is a line the client sends or the server's reply, with\n"
		    "its decoded Base64 and an explanation. On a terminal the lesson opens in\n"
		    "step mode: Space, PgDn, Right or . steps forward, Backspace, PgUp, Left or\n"
		    "a comma steps back, and you may type the client's line yourself.\n"),
	.epilog = N_("Exit status: 0 the lesson ran as written, 1 a reply was not the one the\n"
		     "lesson expected (shown in the output), 2 usage error or a bad lesson file,\n"
		     "19 the --output file could not be written.\n"),
	.groups = {{N_("Lesson"), demo_opts, 0}, {N_("Display"), teach_display_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.uses_config = true,
	.run = cmd_demo,
};

static void on_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	char *safe = esc_str(file, strlen(file), esc_flags_for_locale());
	if (line)
		fprintf(stderr, "smtpdbg demo: %s:%u: %s\n", safe, line, msg);
	else
		fprintf(stderr, "smtpdbg demo: %s: %s\n", safe, msg);
	free(safe);
}

static void list(FILE *f)
{
	fputs(_("Lessons:\n"), f);
	if (!lesson_list(f))
		fputs(_("  (none found: set SMTPDBG_LESSON_DIR)\n"), f);
	fputs(_("\nPersonalities:\n"), f);
	for (const struct server_personality *const *p = server_personalities(); *p; p++)
		fprintf(f, "%-18s %s\n", (*p)->name, _((*p)->summary));
}

/* The lesson's title and introduction, as annotations. */
static void text_heading(FILE *f, const char *name, const struct lesson *l,
			 const struct server_personality *p, unsigned esc)
{
	char *t = esc_str(l->title, strlen(l->title), esc);
	char *n = esc_str(name, strlen(name), esc);
	if (l->recorded)
		fprintf(f, _("  # Lesson %s: %s\n  # A session recorded from a real server, played "
			     "back\n"),
			n, t);
	else
		fprintf(f, _("  # Lesson %s: %s\n  # Server personality: %s\n"), n, t, p->name);
	free(t);
	free(n);
	if (l->about) {
		struct teach_rows rows;
		teach_rows_init(&rows);
		struct teach_row *w = teach_rows_add(&rows, '#');
		w->wire = handout_escape_lines(l->about, esc); /* paragraphs kept */
		teach_rows_text(f, &rows, 0, 1, false);
		teach_rows_free(&rows);
	}
}

/* Like every file smtpdbg writes: new, 0600, no link followed, an existing
 * file replaced only with --force (safefile.h). */
static int save(const char *path, const struct lesson_run *r, bool reveal, bool force)
{
	struct tf_list l = *lesson_run_transcript(r);
	l.hdr.peer = (char *)"embedded";
	l.hdr.tool = (char *)"smtpdbg " SMTPDBG_VERSION;
	l.hdr.start = NULL;
	char why[256];
	int rc = tf_save_as(path, &l, reveal, force ? SF_FORCE : 0, why, sizeof why);
	if (rc < 0) {
		char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
		fprintf(stderr, _("smtpdbg demo: cannot write %s: %s\n"), safe, why);
		free(safe);
	}
	return rc;
}

int demo_cli_parse(struct teach_opts *o, int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_demo;
	memset(o, 0, sizeof *o);
	o->lesson = DEFAULT_LESSON;
	int rc = cli_parse(cmd, argc, argv, o, &o->args, false);
	if (rc >= 0)
		return rc;
	if (o->args.n)
		return cli_fail(cmd, _("unknown argument '%s'"), o->args.operands[0]);
	if (o->list) {
		list(stdout);
		return EXIT_OK;
	}
	if (o->print + o->markdown + o->html > 1)
		return cli_fail(cmd, _("--print, --markdown and --html exclude each other"));
	if ((rc = cli_check_theme(cmd, o->theme)) >= 0)
		return rc;
	if (o->personality && !server_personality_find(o->personality))
		return cli_fail(cmd, _("unknown personality '%s' (see --list)"), o->personality);
	return -1;
}

/* The lesson file behind o->lesson, read and checked. */
static int load(const struct teach_opts *o, struct lesson *l)
{
	char *path = lesson_path(o->lesson);
	if (!path)
		return cli_fail(&cli_cmd_demo, _("no lesson '%s' (see --list)"), o->lesson);
	int rc = lesson_load(l, path, on_error, NULL) < 0 ? EXIT_USAGE : EXIT_OK;
	free(path);
	if (rc == EXIT_OK && l->recorded && o->personality &&
	    strcmp(o->personality, LESSON_RECORDED)) {
		lesson_free(l);
		return cli_fail(&cli_cmd_demo, _("lesson '%s' plays a session recorded from a "
						 "real server; --personality does not apply to it"),
				o->lesson);
	}
	return rc;
}

struct stepper *demo_stepper(const struct teach_opts *o, int *rc)
{
	struct lesson l;
	if ((*rc = load(o, &l)) != EXIT_OK)
		return NULL;
	struct stepper *s = stepper_lesson(&l, o->lesson, (struct lesson_run_opts){
		.personality = o->personality, .reveal = o->reveal, .auth_maths = o->maths,
		.esc_flags = esc_flags_for_locale()});
	if (!s)
		*rc = cli_fail(&cli_cmd_demo, _("unknown personality (see --list)"));
	return s;
}

int demo_save(const struct stepper *s, const char *path, bool force)
{
	char why[256];
	if (stepper_save(s, path, force, why, sizeof why) == 0)
		return 0;
	fprintf(stderr, _("smtpdbg demo: cannot write %s: %s\n"), path, why);
	return -1;
}

/* The handout's theme: --theme, else light (paper, a projector). */
static void handout_theme(const char *name, struct theme *t)
{
	theme_init_default(t);
	if (theme_load(t, name ? name : "light", NULL, NULL) < 0)
		theme_init_default(t);
}

/* demo --markdown and --html: the heading, the introduction, the rows. */
static void print_handout(const struct teach_opts *o, const struct lesson *l,
			  const struct lesson_run *r, unsigned esc)
{
	char *title = esc_str(l->title, strlen(l->title), esc);
	char *name = esc_str(o->lesson, strlen(o->lesson), esc);
	char *about = handout_escape_lines(l->about, esc);
	char sub[512];
	if (l->recorded)
		snprintf(sub, sizeof sub, _("Lesson %s, a session recorded from a real server"), name);
	else
		snprintf(sub, sizeof sub, _("Lesson %s, played against the server personality %s"),
			 name, lesson_run_personality(r)->name);
	struct handout_meta m = {.title = title, .subtitle = sub, .about = about};
	const struct teach_rows *rows = lesson_run_rows(r);
	struct theme th;
	if (o->html)
		handout_theme(o->theme, &th);
	handout_write(stdout, o->html ? HANDOUT_HTML : HANDOUT_MARKDOWN, &m, rows, 0, rows->n,
		      NULL, &th, o->no_color);
	free(title);
	free(name);
	free(about);
}

int demo_print(const struct teach_opts *o)
{
	struct lesson l;
	int rc = load(o, &l);
	if (rc != EXIT_OK)
		return rc;
	/* A handout written to a file is UTF-8 whatever the locale; on a
	 * terminal the locale's escaping still holds. */
	unsigned esc = (o->html || o->markdown) && !isatty(STDOUT_FILENO) ? 0
									 : esc_flags_for_locale();
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
		.lesson = &l, .personality = o->personality, .reveal = o->reveal,
		.auth_maths = o->maths, .esc_flags = esc});
	while (lesson_run_forward(r))
		;
	if (o->markdown || o->html) {
		print_handout(o, &l, r, esc);
	} else {
		const struct teach_rows *rows = lesson_run_rows(r);
		text_heading(stdout, o->lesson, &l, lesson_run_personality(r), esc);
		teach_rows_text(stdout, rows, 0, rows->n, false);
	}
	rc = lesson_run_unexpected(r) ? EXIT_NEGATIVE : EXIT_OK;
	if (o->output && save(o->output, r, o->reveal, o->force) < 0)
		rc = SMTPDBG_EXIT_WRITE;
	lesson_run_free(r);
	lesson_free(&l);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	struct teach_opts o;
	int rc = demo_cli_parse(&o, argc, argv);
	if (rc < 0) {
		if (o.print || o.markdown || o.html || !teach_on_terminal())
			rc = demo_print(&o);
		else
			rc = teach_steps(&o, demo_stepper, demo_print);
	}
	teach_opts_free(&o);
	return rc;
}
