/* smtpdbg replay FILE: a saved transcript back through the engine, printed
 * as `run` narrates a live session, or as a Markdown table. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/teach_row.h"
#include "smtpdbg/transcript_file.h"

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg replay [--text|--markdown] [OPTIONS] FILE\n"
		"Replay a saved transcript (FILE, or - for standard input) through the\n"
		"client engine and show every line with the explanation a live session\n"
		"gets. The format is described in smtpdbg(1), FILES.\n\n"
		"Options:\n"
		"      --text          the annotated transcript, as `smtpdbg run` prints it\n"
		"                      (the default when standard output is not a terminal)\n"
		"      --markdown      a Markdown table: party, line, decoded Base64,\n"
		"                      explanation\n"
		"      --show-secrets  show secret lines the file holds in clear (lines\n"
		"                      masked in the file stay masked)\n"
		"      --explain-auth  show what every SASL step computed\n"
		"  -h, --help          show this help\n\n"
		"Exit status: 0 success, 2 usage error, unreadable file or a bad line\n"
		"(reported as FILE:LINE: message; the lines before it are still shown).\n"), f);
}

struct out {
	FILE *f;
	bool markdown;
	struct narrate_opts no;
	struct teach_rows rows;
};

static void on_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct out *o = arg;
	bool masked = rec->flags & TF_F_MASKED;
	if (o->markdown) {
		teach_rows_event(&o->rows, ev, &o->no, rec->flags & TF_F_TLS, masked);
		return;
	}
	struct narrate_opts no = o->no;
	if (masked)
		no.show_secrets = false;
	narrate_event(o->f, &no, ev);
}

static void on_note(void *arg, const struct tf_record *rec)
{
	struct out *o = arg;
	if (o->markdown) {
		struct teach_row *w = teach_rows_note(&o->rows, (char)rec->kind, rec->data, rec->len,
						      o->no.esc_flags);
		w->tls = rec->flags & TF_F_TLS;
		return;
	}
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

static void markdown_heading(FILE *f, const struct tf_header *h, unsigned esc)
{
	fputs(_("Transcript"), f);
	if (h->peer) {
		char *s = esc_str(h->peer, strlen(h->peer), esc);
		fprintf(f, _(" of a session with `%s`"), s);
		free(s);
	}
	if (h->start) {
		char *s = esc_str(h->start, strlen(h->start), esc);
		fprintf(f, _(", started %s"), s);
		free(s);
	}
	fputs("\n\n", f);
}

int cmd_replay(int argc, char **argv)
{
	bool text = false, markdown = false;
	struct out o = {.f = stdout,
			.no = {.explain = true, .esc_flags = esc_flags_for_locale()}};
	const char *path = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--text")) {
			text = true;
		} else if (!strcmp(a, "--markdown")) {
			markdown = true;
		} else if (!strcmp(a, "--show-secrets")) {
			o.no.show_secrets = true;
		} else if (!strcmp(a, "--explain-auth")) {
			o.no.auth_maths = true;
		} else if (!strcmp(a, "--")) {
			if (i + 1 < argc && !path)
				path = argv[++i];
			if (i + 1 < argc)
				return cli_usage_error("replay", _("only one FILE, please"));
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("replay", _("unknown option '%s'"), a);
		} else if (path) {
			return cli_usage_error("replay", _("only one FILE, please"));
		} else {
			path = a;
		}
	}
	if (!path)
		return cli_usage_error("replay", _("which transcript? give a FILE (or - for standard input)"));
	if (text && markdown)
		return cli_usage_error("replay", _("--text and --markdown exclude each other"));

	FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in) {
		char *safe = esc_str(path, strlen(path), o.no.esc_flags);
		fprintf(stderr, _("smtpdbg replay: cannot open %s: %s\n"), safe, strerror(errno));
		free(safe);
		return EXIT_USAGE;
	}
	struct tf_list l;
	tf_list_init(&l);
	int rc = tf_read(&l, in, strcmp(path, "-") ? path : _("(standard input)"), NULL, on_error,
			 NULL);
	if (in != stdin)
		fclose(in);

	if (!text && !markdown && isatty(STDOUT_FILENO))
		fputs(_("smtpdbg replay: the interactive view comes with the TUI; here is the text form\n"),
		      stderr);
	o.markdown = markdown;
	teach_rows_init(&o.rows);
	replay_run(&l, &(struct replay_cb){.event = on_event, .note = on_note, .arg = &o});
	if (markdown) {
		markdown_heading(stdout, &l.hdr, o.no.esc_flags);
		teach_rows_markdown(stdout, &o.rows, 0, o.rows.n);
	}
	teach_rows_free(&o.rows);
	tf_list_free(&l);
	return rc < 0 ? EXIT_USAGE : EXIT_OK;
}
