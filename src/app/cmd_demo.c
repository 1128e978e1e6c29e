/* smtpdbg demo: a lesson played against the embedded server in memory.
 * On a terminal main() opens it in the TUI's STEP mode; otherwise (and
 * with --print or --markdown) the whole lesson is printed as annotated
 * text or as a Markdown table like the seed's. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/lesson.h"
#include "smtpdbg/lesson_run.h"
#include "smtpdbg/server.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/teach_cli.h"
#include "smtpdbg/transcript_file.h"

#define DEFAULT_LESSON "auth-login"

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg demo [--lesson NAME] [--personality NAME] [--print|--markdown]\n"
		"                    [--output FILE] [--show-secrets] [--explain-auth]\n"
		"       smtpdbg demo --list\n"
		"Play a lesson against the embedded teaching server, in memory: no network,\n"
		"no port. Each row is a line the client sends or the server's reply, with\n"
		"its decoded Base64 and an explanation. On a terminal the lesson opens in\n"
		"step mode: Space, PgDn, Right or . steps forward, Backspace, PgUp, Left or\n"
		"a comma steps back, and you may type the client's line yourself.\n\n"
		"Options:\n"
		"      --lesson NAME       a shipped lesson (see --list) or a lesson file path\n"
		"                          (default: auth-login)\n"
		"      --personality NAME  run it against another server personality\n"
		"                          (tutorial, open-relay, strict-submission)\n"
		"      --print             print the whole lesson as annotated text\n"
		"                          (the default when standard output is not a terminal)\n"
		"      --markdown          print it as a Markdown table\n"
		"      --output FILE       also save the session as a transcript (smtpdbg replay)\n"
		"      --show-secrets      show the decoded password and computed secrets\n"
		"      --explain-auth      add what every SASL step computed\n"
		"      --list              list the lessons and the personalities\n"
		"      --theme NAME        colour theme of the step mode\n"
		"      --no-color          no colours in the step mode\n"
		"      --startup-time FILE append the milliseconds to the first frame to FILE\n"
		"  -h, --help              show this help\n\n"
		"Exit status: 0 the lesson ran as written, 1 a reply was not the one the\n"
		"lesson expected (shown in the output), 2 usage error or a bad lesson file.\n"), f);
}

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
	fprintf(f, _("  # Lesson %s: %s\n  # Server personality: %s\n"), n, t, p->name);
	free(t);
	free(n);
	if (l->about) {
		struct teach_rows rows;
		teach_rows_init(&rows);
		struct teach_row *w = teach_rows_add(&rows, '#');
		w->wire = esc_str(l->about, strlen(l->about), esc);
		teach_rows_text(f, &rows, 0, 1, false);
		teach_rows_free(&rows);
	}
}

static int save(const char *path, const struct lesson_run *r, bool reveal)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, _("smtpdbg demo: cannot write %s: %s\n"), path, strerror(errno));
		return -1;
	}
	struct tf_list l = *lesson_run_transcript(r);
	l.hdr.peer = (char *)"embedded";
	l.hdr.tool = (char *)"smtpdbg " SMTPDBG_VERSION;
	l.hdr.start = NULL;
	int rc = tf_write(f, &l, reveal);
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, _("smtpdbg demo: cannot write %s\n"), path);
	return rc;
}

int demo_cli_parse(struct teach_opts *o, int argc, char **argv)
{
	memset(o, 0, sizeof *o);
	o->lesson = DEFAULT_LESSON;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--list")) {
			list(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--print")) {
			o->print = true;
		} else if (!strcmp(a, "--markdown")) {
			o->markdown = true;
		} else if (!strcmp(a, "--show-secrets")) {
			o->reveal = true;
		} else if (!strcmp(a, "--explain-auth")) {
			o->maths = true;
		} else if (!strcmp(a, "--no-color")) {
			o->no_color = true;
		} else if (!strcmp(a, "--lesson")) {
			val = &o->lesson;
		} else if (!strcmp(a, "--personality")) {
			val = &o->personality;
		} else if (!strcmp(a, "--output")) {
			val = &o->output;
		} else if (!strcmp(a, "--theme")) {
			val = &o->theme;
		} else if (!strcmp(a, "--startup-time")) {
			val = &o->startup_time;
		} else {
			return cli_usage_error("demo", _("unknown argument '%s'"), a);
		}
		if (val) {
			if (++i == argc)
				return cli_usage_error("demo", _("%s needs a value"), a);
			*val = argv[i];
		}
	}
	if (o->print && o->markdown)
		return cli_usage_error("demo", _("--print and --markdown exclude each other"));
	if (o->personality && !server_personality_find(o->personality))
		return cli_usage_error("demo", _("unknown personality '%s' (see --list)"),
				       o->personality);
	return -1;
}

/* The lesson file behind o->lesson, read and checked. */
static int load(const struct teach_opts *o, struct lesson *l)
{
	char *path = lesson_path(o->lesson);
	if (!path)
		return cli_usage_error("demo", _("no lesson '%s' (see --list)"), o->lesson);
	int rc = lesson_load(l, path, on_error, NULL) < 0 ? EXIT_USAGE : EXIT_OK;
	free(path);
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
		*rc = cli_usage_error("demo", _("unknown personality (see --list)"));
	return s;
}

int demo_save(const struct stepper *s, const char *path)
{
	char why[256];
	if (stepper_save(s, path, why, sizeof why) == 0)
		return 0;
	fprintf(stderr, _("smtpdbg demo: cannot write %s: %s\n"), path, why);
	return -1;
}

int demo_print(const struct teach_opts *o)
{
	struct lesson l;
	int rc = load(o, &l);
	if (rc != EXIT_OK)
		return rc;
	unsigned esc = esc_flags_for_locale();
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
		.lesson = &l, .personality = o->personality, .reveal = o->reveal,
		.auth_maths = o->maths, .esc_flags = esc});
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	if (o->markdown) {
		char *t = esc_str(l.title, strlen(l.title), esc);
		printf("### %s\n\n", t);
		free(t);
		teach_rows_markdown(stdout, rows, 0, rows->n);
	} else {
		text_heading(stdout, o->lesson, &l, lesson_run_personality(r), esc);
		teach_rows_text(stdout, rows, 0, rows->n, false);
	}
	rc = lesson_run_unexpected(r) ? EXIT_NEGATIVE : EXIT_OK;
	if (o->output && save(o->output, r, o->reveal) < 0)
		rc = EXIT_USAGE;
	lesson_run_free(r);
	lesson_free(&l);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	struct teach_opts o;
	int rc = demo_cli_parse(&o, argc, argv);
	return rc >= 0 ? rc : demo_print(&o);
}
