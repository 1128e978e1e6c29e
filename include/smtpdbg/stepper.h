/* What the TUI steps through in STEP and REPLAY mode, behind one face: a
 * lesson played by the lesson runner, or a saved transcript replayed
 * through the engine. Both give teaching rows (one current, those before it
 * done, those after it pending), a position "step n/m", forward and back,
 * and a transcript to save. Pure apart from stepper_save. */
#ifndef SMTPDBG_STEPPER_H
#define SMTPDBG_STEPPER_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "smtpdbg/lesson.h"
#include "smtpdbg/lesson_run.h"
#include "smtpdbg/teach_row.h"
#include "smtpdbg/transcript_file.h"

enum stepper_kind { STEPPER_LESSON, STEPPER_REPLAY };

struct stepper;

/* A lesson (taken over: freed with the stepper) played with o (its lesson
 * field is set here). name: how the lesson was asked for. NULL when the
 * personality is unknown (the lesson is freed then too). */
struct stepper *stepper_lesson(struct lesson *l, const char *name, struct lesson_run_opts o);
/* A transcript (taken over) replayed; name: the file it came from. */
struct stepper *stepper_replay(struct tf_list *l, const char *name, bool reveal,
			       unsigned esc_flags);
/* The same read from f (taken over, closed with the stepper) as the user
 * steps: memory grows with what was seen, not with the file. NULL, with
 * why, when the file gives no row at all (a bad first line). A problem
 * later in the file shows as a last '!' row. */
struct stepper *stepper_replay_file(FILE *f, const char *path, bool reveal, unsigned esc_flags,
				    char *why, size_t whylen);
void stepper_free(struct stepper *s);

enum stepper_kind stepper_kind(const struct stepper *s);
/* "auth-login: SMTP AUTH LOGIN, one line at a time", or the file's name
 * and peer; escaped. The lesson's introduction, escaped, or NULL. */
const char *stepper_title(const struct stepper *s);
const char *stepper_about(const struct stepper *s);

bool stepper_forward(struct stepper *s);
bool stepper_back(struct stepper *s);
/* To the start (before the first row), to the end. False: already there. */
bool stepper_first(struct stepper *s);
bool stepper_last(struct stepper *s);
/* A lesson that left its path (a reply it did not expect, a typed line
 * after which its next line no longer fits): the row where it did, or -1;
 * and back to the last row that followed it. */
long stepper_left(const struct stepper *s);
bool stepper_rewind(struct stepper *s);
void stepper_set_reveal(struct stepper *s, bool reveal);

/* The input line, as in a live session (stepper_field.c): after the
 * server's 334 in a lesson the prompt is its question, decoded ("Username:
 * "); the answer is sent Base64-encoded, a password asked in a hidden
 * field; for PLAIN and CRAM-MD5 the user name and the password are asked
 * and the response computed. */
enum stepper_prompt {
	STEPPER_PROMPT_LINE,   /* a line for the server (a lesson) */
	STEPPER_PROMPT_FIELD,  /* a labelled field */
	STEPPER_PROMPT_SECRET, /* the same, hidden: a password */
};
/* *label: the field's label, valid until the next call. */
enum stepper_prompt stepper_prompt(struct stepper *s, const char **label);
/* A line typed at the prompt: in a lesson a line for the server, or the
 * field's answer ("*" cancels the exchange, ":raw TEXT" sends TEXT as it
 * is, Base64 typed by hand); in a replay, where nothing is sent, only the
 * answers :cram asked for. msg receives what to tell the learner, or "". */
void stepper_submit(struct stepper *s, const char *line, char *msg, size_t n);
/* :raw TEXT in a lesson: one line sent as written (the escapes of :raw). */
void stepper_raw(struct stepper *s, const char *text, char *msg, size_t n);
/* :cram: ask for a user name and a password and answer the server's
 * CRAM-MD5 challenge: sent in a lesson, shown in a replay. */
void stepper_cram(struct stepper *s, char *msg, size_t n);
/* Esc: leave the field; a user name asked for is forgotten. */
void stepper_field_cancel(struct stepper *s);

/* The rows with their states; the current one, or -1 before the first. */
const struct teach_rows *stepper_rows(const struct stepper *s);
long stepper_current(const struct stepper *s);
/* "step n/m": steps played and how many there are. */
size_t stepper_step(const struct stepper *s);
size_t stepper_steps(const struct stepper *s);

/* Write it to path in the transcript format, secrets masked. 0, or -1
 * with the reason in why. */
int stepper_save(const struct stepper *s, const char *path, bool force, char *why, size_t whylen);

#endif
