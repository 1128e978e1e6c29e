/* The lesson runner: the client engine and the server session joined in
 * memory, played one lesson row at a time (lesson_play.c). Every change of
 * position replays a list of actions (lesson steps and typed lines) from a
 * fresh session, so forward, back and redo always give the same rows. */
#include "lesson_run_impl.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* ---- the view --------------------------------------------------------- */

void lr_build_view(struct lesson_run *r)
{
	teach_rows_truncate(&r->view, 0);
	const struct lesson *l = r->o.lesson;
	for (size_t i = 0; i < r->rows.n; i++) {
		const struct teach_row *s = &r->rows.v[i];
		struct teach_row *d = teach_rows_add(&r->view, s->party);
		*d = *s;
		d->wire = s->wire ? xstrdup(s->wire) : NULL;
		d->decoded = s->decoded ? xstrdup(s->decoded) : NULL;
		d->explain = s->explain ? xstrdup(s->explain) : NULL;
		d->detail = s->detail ? xstrdup(s->detail) : NULL;
		annot_items_init(&d->maths);
		annot_items_copy(&d->maths, &s->maths, 0);
		d->state = i + 1 == r->rows.n ? TEACH_CURRENT : TEACH_DONE;
	}
	for (size_t i = r->next_step; i < l->nsteps; i++) {
		const struct lesson_step *s = &l->steps[i];
		struct teach_row *d = teach_rows_add(&r->view, (char)s->party);
		d->state = TEACH_PENDING;
		d->step = (long)i;
		d->secret = s->secret;
		d->explain = lr_safe(r, s->explain);
		if (s->party == LESSON_SERVER) {
			d->wire = s->nexpect ? lr_safe(r, s->expect[0]) : xstrdup(_("(the server's reply)"));
		} else if (s->send) {
			d->wire = lr_safe(r, s->send);
		} else {
			struct buf b;
			buf_init(&b, 0);
			buf_printf(&b, _("(computed: the %s response to the server's challenge)"),
				   s->compute);
			d->wire = lr_safe(r, b.data);
			buf_free(&b);
		}
	}
}

static void rebuild(struct lesson_run *r)
{
	lr_session_end(r);
	lr_session_start(r);
	for (size_t i = 0; i < r->napplied; i++) {
		r->applying = i;
		lr_apply(r, &r->act[i]);
	}
	lr_build_view(r);
}

/* Play the next action on the live session; a rebuild gives the same rows. */
static void apply_next(struct lesson_run *r)
{
	r->applying = r->napplied;
	lr_apply(r, &r->act[r->napplied++]);
}

/* ---- the API ---------------------------------------------------------- */

static struct lesson_run *empty(const struct lesson_run_opts *o,
				 const struct server_personality *p)
{
	struct lesson_run *r = xcalloc(1, sizeof *r);
	r->o = *o;
	r->p = p;
	teach_rows_init(&r->rows);
	teach_rows_init(&r->queue);
	teach_rows_init(&r->view);
	tf_list_init(&r->tf);
	return r;
}

struct lesson_run *lr_new_probe(const struct lesson_run_opts *o,
				const struct server_personality *p)
{
	struct lesson_run *r = empty(o, p);
	r->probing = true;
	return r;
}

struct lesson_run *lesson_run_new(const struct lesson_run_opts *o)
{
	const char *name = o->personality ? o->personality : o->lesson->personality;
	/* A recording answers only what it holds: no other server plays it. */
	bool rec = o->lesson->recorded;
	if (rec && o->personality && strcmp(o->personality, LESSON_RECORDED))
		return NULL;
	const struct server_personality *p = rec ? rec_personality() : server_personality_find(name);
	if (!p)
		return NULL;
	struct lesson_run *r = empty(o, p);
	rebuild(r);
	return r;
}

static void drop_actions(struct lesson_run *r, size_t from)
{
	for (size_t i = from; i < r->nact; i++) {
		if (r->act[i].typed)
			wipe(r->act[i].typed, strlen(r->act[i].typed));
		free(r->act[i].typed);
		free(r->act[i].why);
	}
	r->nact = from;
}

void lesson_run_free(struct lesson_run *r)
{
	if (!r)
		return;
	lr_session_end(r);
	teach_rows_free(&r->rows);
	teach_rows_free(&r->queue);
	teach_rows_free(&r->view);
	drop_actions(r, 0);
	free(r->act);
	free(r);
}

static void push_action(struct lesson_run *r, const char *typed, bool secret)
{
	drop_actions(r, r->napplied);
	r->act = xrealloc(r->act, (r->nact + 1) * sizeof *r->act);
	r->act[r->nact++] = (struct action){.typed = typed ? xstrdup(typed) : NULL,
					    .secret = secret, .fits = -1};
}

/* Something left to show: a lesson step, or a note (the handshake). */
static bool more(const struct lesson_run *r)
{
	return r->next_step < r->o.lesson->nsteps || (r->queue.n && r->queue.v[0].party != 'S');
}

bool lesson_run_forward(struct lesson_run *r)
{
	if (r->napplied == r->nact) {
		if (!more(r))
			return false;
		push_action(r, NULL, false);
	}
	apply_next(r);
	lr_build_view(r);
	return true;
}

bool lesson_run_back(struct lesson_run *r)
{
	if (r->napplied == 0)
		return false;
	r->napplied--;
	rebuild(r);
	return true;
}

void lesson_run_type(struct lesson_run *r, const char *line, bool secret)
{
	const struct lesson *l = r->o.lesson;
	while (r->next_step < l->nsteps && l->steps[r->next_step].party == LESSON_SERVER) {
		push_action(r, NULL, false);
		apply_next(r);
	}
	push_action(r, line, secret);
	apply_next(r);
	lr_build_view(r);
}

bool lesson_run_rewind(struct lesson_run *r)
{
	if (r->left_row < 0)
		return false;
	/* What led away is dropped: forward plays the lesson's step again. */
	drop_actions(r, r->good_actions);
	r->napplied = r->nact;
	rebuild(r);
	return true;
}

long lesson_run_left(const struct lesson_run *r)
{
	return r->left_row;
}

bool lesson_run_first(struct lesson_run *r)
{
	if (r->napplied == 0)
		return false;
	r->napplied = 0;
	rebuild(r);
	return true;
}

bool lesson_run_challenge(const struct lesson_run *r, const char **mech, const uint8_t **chal,
			  size_t *len, unsigned *answers)
{
	if (!r->awaiting || r->closed || !r->have_challenge ||
	    smtp_client_state(r->cli) != SMTP_ST_AUTH)
		return false;
	*mech = r->auth_mech;
	*chal = r->challenge;
	*len = r->challenge_len;
	*answers = r->sasl_answers;
	return true;
}

void lesson_run_set_reveal(struct lesson_run *r, bool reveal)
{
	r->o.reveal = reveal;
	rebuild(r);
}

const struct teach_rows *lesson_run_rows(const struct lesson_run *r)
{
	return &r->view;
}

long lesson_run_current(const struct lesson_run *r)
{
	return (long)r->rows.n - 1;
}

size_t lesson_run_step(const struct lesson_run *r)
{
	return r->next_step;
}

size_t lesson_run_steps(const struct lesson_run *r)
{
	return r->o.lesson->nsteps;
}

bool lesson_run_finished(const struct lesson_run *r)
{
	return r->napplied == r->nact && !more(r);
}

size_t lesson_run_unexpected(const struct lesson_run *r)
{
	return r->unexpected;
}

const struct tf_list *lesson_run_transcript(const struct lesson_run *r)
{
	return &r->tf;
}

const struct server_personality *lesson_run_personality(const struct lesson_run *r)
{
	return r->p;
}
