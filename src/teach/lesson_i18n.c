/* Lessons in the user's language: a lesson's words (title, introduction,
 * each step's explanation) are msgids of the catalogue, so one lesson file
 * holds the protocol rows for every language and po/de.po holds the
 * German words (written for a German learner, not word for word).
 * lesson_pot() writes the template entries that `smtpdbg lesson-pot`
 * prints for the build. */
#include "smtpdbg/lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* Replace *s by its translation when the catalogue has one. */
static void translate(char **s)
{
	if (!*s || !**s)
		return;
	const char *t = gettext(*s);
	if (t != *s && strcmp(t, *s)) {
		char *copy = xstrdup(t);
		free(*s);
		*s = copy;
	}
}

void lesson_translate(struct lesson *l)
{
	translate(&l->title);
	translate(&l->about);
	for (size_t i = 0; i < l->nsteps; i++)
		translate(&l->steps[i].explain);
}

/* A PO string: quoted, backslash, quote and control bytes escaped, one
 * source line per '\n' so a translator sees the paragraphs. */
static void po_string(FILE *f, const char *s)
{
	bool multi = strchr(s, '\n') != NULL;
	if (multi)
		fputs("\"\"\n", f);
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\n':
			fputs(p[1] ? "\\n\"\n\"" : "\\n", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\%03o", *p);
			else
				fputc(*p, f);
		}
	}
	fputs("\"\n", f);
}

static void entry(FILE *f, const char *path, unsigned line, const char *what, const char *s)
{
	if (!s || !*s)
		return;
	(void)line; /* the template names files only, as xgettext's does */
	fprintf(f, "#. %s\n#: %s\nmsgid ", what, path);
	po_string(f, s);
	fputs("msgstr \"\"\n\n", f);
}

void lesson_pot(FILE *f, const struct lesson *l, const char *path)
{
	entry(f, path, 1, "lesson title", l->title);
	entry(f, path, 1, "lesson introduction (a paragraph per line)", l->about);
	for (size_t i = 0; i < l->nsteps; i++) {
		const struct lesson_step *s = &l->steps[i];
		char what[64];
		snprintf(what, sizeof what, "lesson step %zu (%s line), explanation", i + 1,
			 s->party == LESSON_CLIENT ? "client" : "server");
		entry(f, path, s->lineno, what, s->explain);
	}
}
