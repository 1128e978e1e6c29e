/* Handouts: a lesson (or a replayed transcript) as a document for a class,
 * the teaching text beside each row: Markdown, or one self-contained HTML
 * file in a theme's colours for projecting or printing (no script, no
 * external resource, a Content-Security-Policy that forbids both).
 *
 * Every text given here is already escaped for a terminal (escape.h); it
 * is escaped again for HTML or Markdown, so a server reply holding
 * "<script>" or "|" stays text. Classes, colours and the structure come
 * from smtpdbg alone, never from the text. */
#ifndef SMTPDBG_HANDOUT_H
#define SMTPDBG_HANDOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/teach_row.h"
#include "smtpdbg/theme.h"

struct stepper;

enum handout_format { HANDOUT_NONE, HANDOUT_MARKDOWN, HANDOUT_HTML };

/* The format a file name asks for: .md or .markdown, .html or .htm (any
 * case); HANDOUT_NONE for anything else. */
enum handout_format handout_format_of(const char *path);

struct handout_meta {
	const char *title;    /* escaped, or NULL */
	const char *subtitle; /* escaped, one line ("Lesson ports, server ..."), or NULL */
	const char *about;    /* escaped, paragraphs split by '\n', or NULL */
};

/* Markdown: the title as a heading, the subtitle, the introduction as
 * paragraphs, then the table's head (teach_rows_markdown_rows adds rows). */
void handout_md_head(FILE *f, const struct handout_meta *m);
/* Prose for Markdown: every character Markdown could read as markup is
 * backslash-escaped; a newline becomes a paragraph break. */
void handout_md_text(FILE *f, const char *s);

/* HTML in parts, so a long replay is written as it is read: the head
 * (styles from theme t; mono: its attributes without colours), rows, the
 * end. lang: "en", "de". */
void handout_html_head(FILE *f, const struct handout_meta *m, const struct theme *t, bool mono,
		       const char *lang);
void handout_html_rows(FILE *f, const struct teach_rows *r, size_t from, size_t to);
/* note: escaped text shown under the table, or NULL. */
void handout_html_foot(FILE *f, const char *note);
/* Text escaped for HTML (& < > " '), newlines kept. */
void handout_html_text(FILE *f, const char *s, size_t n);

/* Text escaped for a terminal line by line (escape.h), the lines kept:
 * a lesson's paragraphs. Malloc'd; NULL for NULL. */
char *handout_escape_lines(const char *s, unsigned esc_flags);

/* The style sheet for theme t (handout_css.c). */
void handout_css(FILE *f, const struct theme *t, bool mono);

/* A whole document: meta, rows [from, to), a note under the table. */
void handout_write(FILE *f, enum handout_format fmt, const struct handout_meta *m,
		   const struct teach_rows *r, size_t from, size_t to, const char *note,
		   const struct theme *t, bool mono);

/* What a stepper has played so far (not the rows still to come), as a
 * handout in format fmt, written to path like every file smtpdbg writes
 * (safefile.h: 0600, no link followed, an existing file replaced only with
 * force). Secrets are masked even when they are shown on screen
 * (revealed says so; they are shown again afterwards). Returns the number
 * of rows written, or -1 with the reason in why. */
long handout_save_stepper(struct stepper *s, const char *path, enum handout_format fmt,
			  const struct theme *t, bool mono, bool revealed, bool force, char *why,
			  size_t whylen);

#endif
