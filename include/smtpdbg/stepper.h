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
/* A line the learner typed (STEP mode only; false in a replay, where
 * nothing can be sent). */
bool stepper_type(struct stepper *s, const char *line);
void stepper_set_reveal(struct stepper *s, bool reveal);

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
