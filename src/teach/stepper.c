/* The stepper (see stepper.h): a lesson runner or a replayed transcript.
 * A replay is worked out into rows as far as the user has come and a
 * window beyond it, reading the file as it goes: a 100 MB transcript
 * opens at once and costs memory only for what was stepped through.
 * Rows once built stay, so back and forward always show the same rows. */
#include "stepper_impl.h"
#include "smtpdbg/i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/xmalloc.h"

/* Rows built ahead of the position: a screenful and more. */
#define REPLAY_WINDOW 200

static char *escaped(const char *s, unsigned esc)
{
	return esc_str(s, strlen(s), esc);
}

/* A lesson's introduction: each paragraph escaped on its own, the breaks
 * between them kept as '\n' (the step view and the handouts start a new
 * paragraph there; escaped, a break would show as a literal "\n"). */
static char *escaped_paragraphs(const char *s, unsigned esc)
{
	struct buf b;
	buf_init(&b, 0);
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *p = esc_str(s, n, esc);
		buf_adds(&b, p);
		free(p);
		if (!nl)
			break;
		buf_addc(&b, '\n');
		s = nl + 1;
	}
	return buf_steal(&b);
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
		s->about = escaped_paragraphs(s->lesson.about, s->esc);
	return s;
}

static void rows_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct stepper *s = arg;
	teach_rows_event(&s->rows, ev, &s->no, rec->flags & TF_F_TLS, rec->flags & TF_F_MASKED);
}

static void rows_note(void *arg, const struct tf_record *rec)
{
	struct stepper *s = arg;
	struct teach_row *w = teach_rows_note(&s->rows, (char)rec->kind, rec->data, rec->len,
					      s->no.esc_flags);
	w->tls = rec->flags & TF_F_TLS;
}

static void on_problem(void *arg, const char *file, unsigned line, const char *msg)
{
	struct stepper *s = arg;
	(void)file;
	if (s->problem)
		return;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("line %u of the file: %s (the rest is not shown)"), line, msg);
	s->problem = buf_steal(&b);
}

static const struct tf_record *next_record(struct stepper *s)
{
	if (s->reader)
		return tf_reader_next(s->reader);
	return s->next < s->tf.n ? &s->tf.v[s->next++] : NULL;
}

/* Build rows until want of them are complete (the last row may still get
 * notes from the records after it) or the records run out. */
static void ensure(struct stepper *s, size_t want)
{
	struct replay_cb cb = {.event = rows_event, .note = rows_note, .arg = s};
	while (!s->at_end && s->rows.n <= want) {
		const struct tf_record *r = next_record(s);
		if (!r) {
			s->at_end = true;
			if (!s->problem)
				replay_end(s->rp, s->reader ? tf_reader_header(s->reader)
							    : &s->tf.hdr, &cb);
			if (s->problem) {
				struct teach_row *w = teach_rows_note(&s->rows, '!', s->problem,
								      strlen(s->problem), s->esc);
				w->state = TEACH_PENDING;
			}
			break;
		}
		replay_record(s->rp, r, &cb);
		teach_rows_share(&s->rows);
	}
}

/* Start over from the first record (another reveal). */
static void replay_build(struct stepper *s, bool reveal)
{
	teach_rows_truncate(&s->rows, 0);
	replay_free(s->rp);
	s->rp = replay_new();
	s->no = (struct narrate_opts){.explain = true, .show_secrets = reveal, .esc_flags = s->esc};
	s->at_end = false;
	s->next = 0;
	if (s->file) {
		tf_reader_free(s->reader);
		rewind(s->file);
		free(s->problem);
		s->problem = NULL;
		s->reader = tf_reader_new(s->file, s->path, NULL, on_problem, s);
	}
	ensure(s, s->shown + REPLAY_WINDOW);
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

static void replay_title(struct stepper *s, const char *name, const struct tf_header *h)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("replay of %s"), name);
	if (h->peer)
		buf_printf(&b, " (%s)", h->peer);
	s->title = escaped(b.data, s->esc);
	buf_free(&b);
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
	replay_title(s, name, &s->tf.hdr);
	replay_build(s, reveal);
	replay_states(s);
	return s;
}

struct stepper *stepper_replay_file(FILE *f, const char *path, bool reveal, unsigned esc_flags,
				    char *why, size_t whylen)
{
	struct stepper *s = xcalloc(1, sizeof *s);
	s->kind = STEPPER_REPLAY;
	s->file = f;
	s->path = xstrdup(path);
	s->esc = esc_flags;
	teach_rows_init(&s->rows);
	replay_build(s, reveal);
	if (!s->rows.n || (s->problem && s->rows.n == 1)) {
		/* Nothing to step through: say why before any screen opens. */
		snprintf(why, whylen, "%s", s->problem ? s->problem : _("no records"));
		stepper_free(s);
		return NULL;
	}
	replay_title(s, path, tf_reader_header(s->reader));
	replay_states(s);
	return s;
}

void stepper_free(struct stepper *s)
{
	if (!s)
		return;
	stepper_field_reset(s);
	lesson_run_free(s->run);
	lesson_free(&s->lesson);
	tf_list_free(&s->tf);
	tf_reader_free(s->reader);
	if (s->file)
		fclose(s->file);
	free(s->path);
	free(s->problem);
	replay_free(s->rp);
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
	stepper_field_reset(s);
	if (s->run)
		return lesson_run_forward(s->run);
	ensure(s, s->shown + 1 + REPLAY_WINDOW);
	if (s->shown >= s->rows.n)
		return false;
	s->shown++;
	replay_states(s);
	return true;
}

bool stepper_back(struct stepper *s)
{
	stepper_field_reset(s);
	if (s->run)
		return lesson_run_back(s->run);
	if (s->shown == 0)
		return false;
	s->shown--;
	replay_states(s);
	return true;
}

bool stepper_first(struct stepper *s)
{
	stepper_field_reset(s);
	if (s->run)
		return lesson_run_first(s->run);
	if (s->shown == 0)
		return false;
	s->shown = 0;
	replay_states(s);
	return true;
}

bool stepper_last(struct stepper *s)
{
	bool moved = false;
	while (stepper_forward(s))
		moved = true;
	return moved;
}

bool stepper_rewind(struct stepper *s)
{
	stepper_field_reset(s);
	return s->run && lesson_run_rewind(s->run);
}

long stepper_left(const struct stepper *s)
{
	return s->run ? lesson_run_left(s->run) : -1;
}

void stepper_set_reveal(struct stepper *s, bool reveal)
{
	stepper_field_reset(s);
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
	if (!s->run && s->file) {
		/* The whole file, read again for the saving alone. */
		struct tf_list l;
		tf_list_init(&l);
		FILE *f = fopen(s->path, "rb");
		if (!f) {
			snprintf(why, whylen, "%s", strerror(errno));
			return -1;
		}
		tf_read(&l, f, s->path, NULL, NULL, NULL);
		fclose(f);
		int rc = tf_save_as(path, &l, false, flags, why, whylen);
		tf_list_free(&l);
		return rc;
	}
	if (!s->run)
		return tf_save_as(path, &s->tf, false, flags, why, whylen);
	/* The runner's records, under a header saying where they came from. */
	struct tf_list l = *lesson_run_transcript(s->run);
	l.hdr.peer = (char *)"embedded";
	l.hdr.tool = (char *)"smtpdbg " SMTPDBG_VERSION;
	l.hdr.start = NULL;
	return tf_save_as(path, &l, false, flags, why, whylen);
}
