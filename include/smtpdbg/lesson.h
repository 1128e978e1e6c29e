/* Lessons: step-by-step SMTP sessions as data files (docs/lessons.md).
 * Each step is one row of the teaching table: the client sends a line
 * (given, or computed from the server's challenge), or the server's next
 * reply is shown, with what to expect and an explanation.
 * The parser is pure and bounded; problems are reported as file:line. */
#ifndef SMTPDBG_LESSON_H
#define SMTPDBG_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define LESSON_MAGIC "smtpdbg-lesson"
#define LESSON_VERSION 1
#define LESSON_FILE_MAX (256u * 1024)
#define LESSON_LINE_MAX 4096
#define LESSON_STEPS_MAX 500
#define LESSON_EXPECT_MAX 8
#define LESSON_EXT ".lesson"
/* The "personality" of a lesson recorded from a real server: each server
 * step carries the reply that server sent ("reply" lines). */
#define LESSON_RECORDED "recorded"

enum lesson_party {
	LESSON_SERVER = 'S',
	LESSON_CLIENT = 'C',
};

struct lesson_step {
	enum lesson_party party;
	char *send;      /* client: the line to send, or NULL when computed */
	char *compute;   /* client: the SASL mechanism whose next response to send */
	bool secret;     /* client: the line reveals the password */
	char *expect[LESSON_EXPECT_MAX]; /* server: a reply line starts with one of them */
	size_t nexpect;
	char *reply;     /* server, recorded lessons: the recorded reply, its
			  * lines each ending in CRLF */
	char *explain;   /* the explanation (UTF-8, paragraphs split by '\n') */
	unsigned lineno; /* where the step starts */
};

struct lesson {
	char *title;
	char *about;       /* shown before the first step, or NULL */
	char *personality; /* the server personality it is written for, or
			    * LESSON_RECORDED */
	bool recorded;     /* played from its own recorded replies, not against
			    * the embedded server (a mechanism it cannot do) */
	char *user, *password; /* for computed steps; NULL: the personality's */
	struct lesson_step *steps;
	size_t nsteps;
};

typedef void (*lesson_error_fn)(void *arg, const char *file, unsigned line, const char *msg);

/* Parse a lesson from n bytes. Returns 0, or -1 after reporting the first
 * problem through err (NULL: not reported); l is then empty. */
int lesson_parse(struct lesson *l, const char *text, size_t n, const char *file,
		 lesson_error_fn err, void *arg);
void lesson_free(struct lesson *l);

/* The words in the user's language (lesson_i18n.c): title, introduction
 * and explanations replaced by the catalogue's translation, if any. */
void lesson_translate(struct lesson *l);
/* The words as PO template entries (msgid, reference path:line), for the
 * catalogue (smtpdbg lesson-pot). */
void lesson_pot(FILE *f, const struct lesson *l, const char *path);

/* The I/O edge (lesson_find.c): read and parse a file, its words in the
 * user's language; lesson_read leaves them as written. */
int lesson_load(struct lesson *l, const char *path, lesson_error_fn err, void *arg);
int lesson_read(struct lesson *l, const char *path, lesson_error_fn err, void *arg);
/* Where the lesson NAME lives: NAME itself when it holds a '/', else
 * NAME.lesson in $SMTPDBG_LESSON_DIR, the installed lessons, then the
 * source tree's. Returns a malloc'd path, or NULL when none exists. */
char *lesson_path(const char *name);
/* Print the lessons found (name and title), one a line. Returns how many. */
size_t lesson_list(FILE *f);
/* The names of the lessons found, sorted, malloc'd (free each and the
 * array). */
size_t lesson_names(char ***names);

#endif
