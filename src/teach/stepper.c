/* The stepper (see stepper.h): a lesson runner or a replayed transcript.
 * A replay is worked out once into rows; stepping only moves the
 * position, so back and forward always show the same rows. */
#include "smtpdbg/i18n.h"
#include "smtpdbg/stepper.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/xmalloc.h"

struct stepper {
	enum stepper_kind kind;
	char *title, *about;
	unsigned esc;
	/* STEP */
	struct lesson lesson;
	struct lesson_run *run;
	/* REPLAY */
	struct tf_list tf;
	struct teach_rows rows;
	size_t shown; /* rows played: the current one is shown - 1 */
};

static char *escaped(const char *s, unsigned esc)
{
	return esc_str(s, strlen(s), esc);
}

struct stepper *stepper_lesson(struct lesson *l, const char *name, struct lesson_run_opts o)
{
	struct stepper *s = xcalloc(1, sizeof *s);
	s->kind = STEPPER_LESSON;
	s->lesson = *l;
	memset(l, 0, sizeof *l);
	s->esc = o.esc_flags;
	o.lesson = &s->lesson;
	s->run = lesson_run_new(&o);
	if (!s->run) {
		stepper_free(s);
		return NULL;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%s: %s", name, s->lesson.title);
	s->title = escaped(b.data, s->esc);
	buf_free(&b);
	if (s->lesson.about)
		s->about = escaped(s->lesson.about, s->esc);
	return s;
}

static void replay_build(struct stepper *s, bool reveal)
{
	teach_rows_truncate(&s->rows, 0);
	struct narrate_opts no = {.explain = true, .show_secrets = reveal, .esc_flags = s->esc};
	replay_rows(&s->tf, &no, &s->rows);
	if (s->shown > s->rows.n)
		s->shown = s->rows.n;
}

/* Done, current, pending from the position. */
static void replay_states(struct stepper *s)
{
	for (size_t i = 0; i < s->rows.n; i++)
		s->rows.v[i].state = i + 1 < s->shown   ? TEACH_DONE
				     : i + 1 == s->shown ? TEACH_CURRENT
							 : TEACH_PENDING;
}

struct stepper *stepper_replay(struct tf_list *l, const char *name, bool reveal,
			       unsigned esc_flags)
{
	struct stepper *s = xcalloc(1, sizeof *s);
	s->kind = STEPPER_REPLAY;
	s->tf = *l;
	memset(l, 0, sizeof *l);
	s->esc = esc_flags;
	teach_rows_init(&s->rows);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("replay of %s"), name);
	if (s->tf.hdr.peer)
		buf_printf(&b, " (%s)", s->tf.hdr.peer);
	s->title = escaped(b.data, s->esc);
	buf_free(&b);
	replay_build(s, reveal);
	replay_states(s);
	return s;
}

void stepper_free(struct stepper *s)
{
	if (!s)
		return;
	lesson_run_free(s->run);
	lesson_free(&s->lesson);
	tf_list_free(&s->tf);
	teach_rows_free(&s->rows);
	free(s->title);
	free(s->about);
	free(s);
}

enum stepper_kind stepper_kind(const struct stepper *s)
{
	return s->kind;
}

const char *stepper_title(const struct stepper *s)
{
	return s->title;
}

const char *stepper_about(const struct stepper *s)
{
	return s->about;
}

bool stepper_forward(struct stepper *s)
{
	if (s->run)
		return lesson_run_forward(s->run);
	if (s->shown >= s->rows.n)
		return false;
	s->shown++;
	replay_states(s);
	return true;
}

bool stepper_back(struct stepper *s)
{
	if (s->run)
		return lesson_run_back(s->run);
	if (s->shown == 0)
		return false;
	s->shown--;
	replay_states(s);
	return true;
}

bool stepper_type(struct stepper *s, const char *line)
{
	if (!s->run)
		return false;
	lesson_run_type(s->run, line);
	return true;
}

void stepper_set_reveal(struct stepper *s, bool reveal)
{
	if (s->run) {
		lesson_run_set_reveal(s->run, reveal);
		return;
	}
	replay_build(s, reveal);
	replay_states(s);
}

const struct teach_rows *stepper_rows(const struct stepper *s)
{
	return s->run ? lesson_run_rows(s->run) : &s->rows;
}

long stepper_current(const struct stepper *s)
{
	return s->run ? lesson_run_current(s->run) : (long)s->shown - 1;
}

size_t stepper_step(const struct stepper *s)
{
	return s->run ? lesson_run_step(s->run) : s->shown;
}

size_t stepper_steps(const struct stepper *s)
{
	return s->run ? lesson_run_steps(s->run) : s->rows.n;
}

int stepper_save(const struct stepper *s, const char *path, bool force, char *why, size_t whylen)
{
	unsigned flags = force ? SF_FORCE : 0;
	if (!s->run)
		return tf_save_as(path, &s->tf, false, flags, why, whylen);
	/* The runner's records, under a header saying where they came from. */
	struct tf_list l = *lesson_run_transcript(s->run);
	l.hdr.peer = (char *)"embedded";
	l.hdr.tool = (char *)"smtpdbg " SMTPDBG_VERSION;
	l.hdr.start = NULL;
	return tf_save_as(path, &l, false, flags, why, whylen);
}
