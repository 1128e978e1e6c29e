/* Handouts (handout.h): the format a file name asks for, the Markdown
 * heading, a whole document, and a stepper's rows saved as one. */
#include "smtpdbg/handout.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/stepper.h"

enum handout_format handout_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return HANDOUT_NONE;
	if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))
		return HANDOUT_MARKDOWN;
	if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
		return HANDOUT_HTML;
	return HANDOUT_NONE;
}

char *handout_escape_lines(const char *s, unsigned esc_flags)
{
	if (!s)
		return NULL;
	struct buf b;
	buf_init(&b, 0);
	for (;;) {
		const char *nl = strchr(s, '\n');
		esc_append(&b, s, nl ? (size_t)(nl - s) : strlen(s), esc_flags);
		if (!nl)
			break;
		buf_addc(&b, '\n');
		s = nl + 1;
	}
	return buf_steal(&b);
}

/* Markdown reads these anywhere in a line; the start of a line can also
 * make a list, a heading or a code block, handled below. */
#define MD_SPECIAL "\\`*_[]<>|#~&!"

/* One line of prose. */
static void md_line(FILE *f, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ') /* four would make a code block */
		i++;
	size_t d = i;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d > i && d < n && (s[d] == '.' || s[d] == ')')) { /* "1. " starts a list */
		fwrite(s + i, 1, d - i, f);
		fprintf(f, "\\%c", s[d]);
		i = d + 1;
	} else if (i < n && strchr("-+=", s[i])) { /* a list, a heading's underline */
		fprintf(f, "\\%c", s[i]);
		i++;
	}
	for (; i < n; i++) {
		if (strchr(MD_SPECIAL, s[i]))
			fputc('\\', f);
		fputc(s[i], f);
	}
}

void handout_md_text(FILE *f, const char *s)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		md_line(f, s, nl ? (size_t)(nl - s) : strlen(s));
		if (!nl)
			break;
		fputs("\n\n", f);
		s = nl + 1;
	}
}

void handout_md_head(FILE *f, const struct handout_meta *m)
{
	if (m->title) {
		fputs("### ", f);
		handout_md_text(f, m->title);
		fputs("\n\n", f);
	}
	if (m->subtitle) {
		handout_md_text(f, m->subtitle);
		fputs("\n\n", f);
	}
	if (m->about) {
		handout_md_text(f, m->about);
		fputs("\n\n", f);
	}
	teach_rows_markdown_head(f);
}

void handout_write(FILE *f, enum handout_format fmt, const struct handout_meta *m,
		   const struct teach_rows *r, size_t from, size_t to, const char *note,
		   const struct theme *t, bool mono)
{
	if (fmt == HANDOUT_HTML) {
		handout_html_head(f, m, t, mono, i18n_lang());
		handout_html_rows(f, r, from, to);
		handout_html_foot(f, note);
		return;
	}
	handout_md_head(f, m);
	teach_rows_markdown_rows(f, r, from, to);
	if (note) {
		fputs("\n", f);
		handout_md_text(f, note);
		fputs("\n", f);
	}
}

/* The rows played: up to the current one, none of those still to come. */
static size_t played(const struct stepper *s)
{
	long cur = stepper_current(s);
	return cur < 0 ? 0 : (size_t)cur + 1;
}

long handout_save_stepper(struct stepper *s, const char *path, enum handout_format fmt,
			  const struct theme *t, bool mono, bool revealed, bool force, char *why,
			  size_t whylen)
{
	if (revealed) /* a file is never written with secrets in it */
		stepper_set_reveal(s, false);
	const struct teach_rows *rows = stepper_rows(s);
	size_t n = played(s);
	size_t left = stepper_steps(s) > stepper_step(s) ? stepper_steps(s) - stepper_step(s) : 0;
	char note[256], *note_p = NULL;
	if (left && stepper_kind(s) == STEPPER_LESSON) {
		snprintf(note, sizeof note,
			 P_("The lesson goes on for %zu more step, not played when this was saved.",
			    "The lesson goes on for %zu more steps, not played when this was saved.",
			    left),
			 left);
		note_p = note;
	}
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f) {
		snprintf(why, whylen, "%s", _("out of memory"));
		if (revealed)
			stepper_set_reveal(s, true);
		return -1;
	}
	struct handout_meta m = {.title = stepper_title(s), .about = stepper_about(s)};
	handout_write(f, fmt, &m, rows, 0, n, note_p, t, mono);
	fclose(f);
	if (revealed)
		stepper_set_reveal(s, true);
	int rc = safefile_write_file(path, data, len, force ? SF_FORCE : 0, why, whylen);
	free(data);
	return rc < 0 ? -1 : (long)n;
}
