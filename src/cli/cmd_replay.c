/* smtpdbg replay FILE: a saved transcript back through the engine. On a
 * terminal main() opens it in the TUI's REPLAY mode; otherwise (and with
 * --text, --markdown or --html) it is printed as `run` narrates a live
 * session, or as a handout: a Markdown table or one HTML file. */
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
#include "smtpdbg/narrate.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/teach_cli.h"
#include "smtpdbg/teach_row.h"
#include "smtpdbg/transcript_file.h"

#define T(field) offsetof(struct teach_opts, field)

static const struct opt replay_opts[] = {
	{.lng = "text", .kind = OPT_FLAG, .off = T(print),
	 .help = N_("the annotated transcript, as smtpdbg run prints it (the default when "
		    "standard output is not a terminal)")},
	{.lng = "markdown", .kind = OPT_FLAG, .off = T(markdown),
	 .help = N_("a Markdown table: party, line, decoded Base64, explanation")},
	{.lng = "html", .kind = OPT_FLAG, .off = T(html),
	 .help = N_("the same table as one HTML file in the theme's colours (--theme, default "
		    "light), for projecting or printing; no script")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = T(reveal), .flags = OPT_F_NOCONF,
	 .help = N_("show secret lines the file holds in clear (lines masked in the file stay "
		    "masked)")},
	{.lng = "explain-auth", .kind = OPT_FLAG, .off = T(maths),
	 .help = N_("show what every SASL step computed")},
	{0},
};

const struct cli_cmd cli_cmd_replay = {
	.name = "replay",
	.section = "replay",
	.usage = N_("[--text|--markdown|--html] [OPTIONS] FILE"),
	.summary = N_("replay a saved transcript with the same explanations"),
	.about = N_("Replay a saved transcript (FILE, or - for standard input) through the\n"
		    "client engine and show every line with the explanation a live session\n"
		    "gets. On a terminal it opens in the interactive view: Space, PgDn, Right\n"
		    "or . steps forward, Backspace, PgUp, Left or a comma steps back. The\n"
		    "format is described in smtpdbg(1), FILES.\n"),
	.epilog = N_("Exit status: 0 success, 2 usage error, unreadable file or a bad line\n"
		     "(reported as FILE:LINE: message; the lines before it are still shown).\n"),
	.groups = {{N_("Replay"), replay_opts, 0}, {N_("Display"), teach_display_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_FILE,
	.uses_config = true,
	.run = cmd_replay,
};

struct out {
	FILE *f;
	struct narrate_opts no;
};

static void on_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct out *o = arg;
	struct narrate_opts no = o->no;
	if (rec->flags & TF_F_MASKED)
		no.show_secrets = false;
	narrate_event(o->f, &no, ev);
}

static void on_note(void *arg, const struct tf_record *rec)
{
	struct out *o = arg;
	char *s = replay_safe_text(rec->data, rec->len, o->no.esc_flags);
	narrate_note(o->f, s);
	free(s);
}

static void on_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	char *safe = esc_str(file, strlen(file), esc_flags_for_locale());
	if (line)
		fprintf(stderr, "smtpdbg replay: %s:%u: %s\n", safe, line, msg);
	else
		fprintf(stderr, "smtpdbg replay: %s: %s\n", safe, msg);
	free(safe);
}

int replay_cli_parse(struct teach_opts *o, int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_replay;
	memset(o, 0, sizeof *o);
	int rc = cli_parse(cmd, argc, argv, o, &o->args, false);
	if (rc >= 0)
		return rc;
	if (o->args.n > 1)
		return cli_fail(cmd, _("only one FILE, please"));
	if (!o->args.n)
		return cli_fail(cmd, _("which transcript? give a FILE (or - for standard input)"));
	o->path = o->args.operands[0];
	if (o->print + o->markdown + o->html > 1)
		return cli_fail(cmd, _("--text, --markdown and --html exclude each other"));
	if ((rc = cli_check_theme(cmd, o->theme)) >= 0)
		return rc;
	return -1;
}

struct stepper *replay_stepper(const struct teach_opts *o, int *rc)
{
	FILE *in = fopen(o->path, "rb");
	char *safe = esc_str(o->path, strlen(o->path), esc_flags_for_locale());
	if (!in) {
		fprintf(stderr, _("smtpdbg replay: cannot open %s: %s\n"), safe, strerror(errno));
		free(safe);
		*rc = EXIT_USAGE;
		return NULL;
	}
	char why[512];
	struct stepper *s = stepper_replay_file(in, o->path, o->reveal, esc_flags_for_locale(),
						why, sizeof why);
	if (!s)
		fprintf(stderr, "smtpdbg replay: %s: %s\n", safe, why);
	free(safe);
	*rc = s ? EXIT_OK : EXIT_USAGE;
	return s;
}

struct md {
	const struct narrate_opts *no;
	struct teach_rows rows;
	bool html;
};

/* Rows are printed once the next one has started: an event may still add
 * notes to the last. */
static void md_rows(struct md *m, size_t n)
{
	if (m->html)
		handout_html_rows(stdout, &m->rows, 0, n);
	else
		teach_rows_markdown_rows(stdout, &m->rows, 0, n);
}

static void md_flush(struct md *m)
{
	if (m->rows.n > 1) {
		md_rows(m, m->rows.n - 1);
		teach_rows_drop_front(&m->rows, m->rows.n - 1);
	}
}

static void md_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct md *m = arg;
	teach_rows_event(&m->rows, ev, m->no, rec->flags & TF_F_TLS, rec->flags & TF_F_MASKED);
	md_flush(m);
}

static void md_note(void *arg, const struct tf_record *rec)
{
	struct md *m = arg;
	struct teach_row *w = teach_rows_note(&m->rows, (char)rec->kind, rec->data, rec->len,
					      m->no->esc_flags);
	w->tls = rec->flags & TF_F_TLS;
	md_flush(m);
}

/* Printing reads the file as a stream: memory does not grow with it. */
struct printing {
	const struct teach_opts *opt;
	struct out o;
	struct md md;
	struct replay *x;
	struct replay_cb cb;
	bool headed;
	bool live; /* the header says the file was written as the session went */
};

/* The handout's heading: whom the session was with, and when. Markdown
 * and HTML escape it like any text from the file. */
static void heading(struct printing *p, const struct tf_header *h)
{
	unsigned esc = p->o.no.esc_flags;
	char title[600], sub[300];
	char *peer = h->peer ? esc_str(h->peer, strlen(h->peer), esc) : NULL;
	char *start = h->start ? esc_str(h->start, strlen(h->start), esc) : NULL;
	if (peer)
		snprintf(title, sizeof title, _("Transcript of a session with %s"), peer);
	else
		snprintf(title, sizeof title, "%s", _("Transcript"));
	if (start)
		snprintf(sub, sizeof sub, _("Started %s"), start);
	struct handout_meta m = {.title = title, .subtitle = start ? sub : NULL};
	if (p->opt->html) {
		struct theme th;
		theme_init_default(&th);
		if (theme_load(&th, p->opt->theme ? p->opt->theme : "light", NULL, NULL) < 0)
			theme_init_default(&th);
		handout_html_head(stdout, &m, &th, p->opt->no_color, i18n_lang());
	} else {
		handout_md_head(stdout, &m);
	}
	free(peer);
	free(start);
	p->headed = true;
}

static void print_record(void *arg, const struct tf_record *r, const struct tf_header *h)
{
	struct printing *p = arg;
	p->live = h->live != NULL;
	if ((p->opt->markdown || p->opt->html) && !p->headed)
		heading(p, h);
	replay_record(p->x, r, &p->cb);
}

int replay_print(const struct teach_opts *opt)
{
	bool table = opt->markdown || opt->html;
	/* An HTML file is UTF-8 whatever the locale (not on a terminal). */
	unsigned esc = opt->html && !isatty(STDOUT_FILENO) ? 0 : esc_flags_for_locale();
	struct printing p = {.opt = opt,
			     .o = {.f = stdout,
				   .no = {.explain = true, .show_secrets = opt->reveal,
					  .auth_maths = opt->maths, .esc_flags = esc}}};
	p.md.no = &p.o.no;
	p.md.html = opt->html;
	teach_rows_init(&p.md.rows);
	p.cb = table ? (struct replay_cb){.event = md_event, .note = md_note, .arg = &p.md}
		     : (struct replay_cb){.event = on_event, .note = on_note, .arg = &p.o};
	bool std = !strcmp(opt->path, "-");
	FILE *in = std ? stdin : fopen(opt->path, "rb");
	if (!in) {
		char *safe = esc_str(opt->path, strlen(opt->path), esc_flags_for_locale());
		fprintf(stderr, _("smtpdbg replay: cannot open %s: %s\n"), safe, strerror(errno));
		free(safe);
		teach_rows_free(&p.md.rows);
		return EXIT_USAGE;
	}
	p.x = replay_new();
	int rc = tf_stream(in, std ? _("(standard input)") : opt->path, NULL, on_error, NULL,
			   print_record, &p);
	if (rc == 0)
		replay_end(p.x, &(struct tf_header){.live = p.live ? (char *)"1" : NULL}, &p.cb);
	replay_free(p.x);
	if (!std)
		fclose(in);
	if (table) {
		if (!p.headed)
			heading(&p, &(struct tf_header){0});
		md_rows(&p.md, p.md.rows.n);
		if (opt->html)
			handout_html_foot(stdout, NULL);
	}
	teach_rows_free(&p.md.rows);
	return rc < 0 ? EXIT_USAGE : EXIT_OK;
}

int cmd_replay(int argc, char **argv)
{
	struct teach_opts o;
	int rc = replay_cli_parse(&o, argc, argv);
	if (rc < 0) {
		/* "-" reads the transcript from the terminal's own input: print it. */
		if (o.print || o.markdown || o.html || !teach_on_terminal() || !strcmp(o.path, "-"))
			rc = replay_print(&o);
		else
			rc = teach_steps(&o, replay_stepper, replay_print);
	}
	teach_opts_free(&o);
	return rc;
}
