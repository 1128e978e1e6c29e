/* The lesson runner: the client engine and the server session joined in
 * memory, played one lesson row at a time. Every change of position
 * replays a list of actions (lesson steps and typed lines) from a fresh
 * session, so forward, back and redo always give the same rows. */
#include "lesson_run_impl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/xmalloc.h"

/* ---- steps ------------------------------------------------------------ */

static bool reply_expected(const struct lesson_step *s, const char *wire)
{
	if (!s->nexpect)
		return true;
	for (const char *line = wire; line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		for (size_t i = 0; i < s->nexpect; i++) {
			size_t e = strlen(s->expect[i]);
			if (e <= n && !memcmp(line, s->expect[i], e))
				return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

static void play_server(struct lesson_run *r, size_t idx)
{
	const struct lesson_step *s = &r->o.lesson->steps[idx];
	struct teach_row *w;
	if (r->queue.n) {
		w = teach_rows_add(&r->rows, 'S');
		*w = r->queue.v[0];
		memmove(r->queue.v, r->queue.v + 1, (r->queue.n - 1) * sizeof *r->queue.v);
		r->queue.n--;
	} else {
		w = teach_rows_add(&r->rows, 'S');
		w->wire = xstrdup("");
		teach_row_add_detail(w, _("the server has not answered (the lesson expected a reply here)"));
	}
	w->step = (long)idx;
	w->explain = lr_safe(r, s->explain);
	if (!w->wire[0] || !reply_expected(s, w->wire)) {
		w->unexpected = true;
		r->unexpected++;
	}
	r->to_queue = r->queue.n > 0;
}

/* The response a "compute" step sends, worked out once per step. */
static void compute(struct lesson_run *r, const struct lesson_step *s)
{
	if (r->computed || r->compute_error)
		return;
	const struct sasl_mech *m = sasl_find(s->compute);
	if (r->mech != m) {
		lr_mech_end(r);
		struct sasl_creds cr = {
			.user = r->o.lesson->user ? r->o.lesson->user : r->p->user,
			.password = r->o.lesson->password ? r->o.lesson->password : r->p->password,
			.host = r->p->hostname,
		};
		r->mech = m;
		r->mech_state = m->init(&cr);
	}
	/* Without a challenge, a client-first mechanism's step is its initial
	 * response; an empty 334 is answered as one, not as if it were. */
	struct sasl_step st;
	sasl_step_init(&st);
	enum sasl_status rc = m->step(r->mech_state, r->have_challenge ? r->challenge : NULL,
				      r->challenge_len, &st);
	if (rc == SASL_FAIL || (!r->have_challenge && !m->client_first)) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("cannot compute the %s response: "), m->name);
		buf_adds(&b, st.explain.len ? st.explain.data : _("there is no challenge to answer"));
		r->compute_error = buf_steal(&b);
	} else {
		r->computed = b64_encode(st.response.data ? st.response.data : "", st.response.len);
		r->computed_secret = st.secret || s->secret;
		free(r->computed_explain);
		r->computed_explain = st.explain.len ? lr_safe(r, st.explain.data) : NULL;
		annot_items_free(&r->computed_maths);
		annot_items_apply(&r->computed_maths, &st.items, r->o.reveal, false, AIF_MATHS);
	}
	sasl_step_free(&st);
}

/* The line the next client step sends (computed if need be), or NULL. */
static const char *expected_line(struct lesson_run *r, bool *secret)
{
	const struct lesson *l = r->o.lesson;
	if (r->next_step >= l->nsteps || l->steps[r->next_step].party != LESSON_CLIENT)
		return NULL;
	const struct lesson_step *s = &l->steps[r->next_step];
	*secret = s->secret;
	if (s->send)
		return s->send;
	compute(r, s);
	*secret = r->computed_secret;
	return r->computed;
}

static struct teach_row *send_line(struct lesson_run *r, const char *line, bool secret)
{
	size_t before = r->rows.n;
	if (smtp_client_send(r->cli, line, strlen(line), secret ? SMTP_F_SECRET : 0) < 0) {
		struct teach_row *w = teach_rows_add(&r->rows, '!');
		w->wire = xstrdup(_("a line cannot hold CR, LF or NUL; nothing was sent"));
		return w;
	}
	lr_drain_events(r);
	lr_pump(r);
	return r->rows.n > before ? &r->rows.v[before] : NULL;
}

static void play_client(struct lesson_run *r, size_t idx)
{
	const struct lesson_step *s = &r->o.lesson->steps[idx];
	bool secret = s->secret;
	const char *line = expected_line(r, &secret);
	r->next_step = idx + 1;
	if (!line) {
		struct teach_row *w = teach_rows_add(&r->rows, '!');
		w->wire = lr_safe(r, r->compute_error ? r->compute_error : _("nothing to send"));
		w->step = (long)idx;
		w->explain = lr_safe(r, s->explain);
		w->unexpected = true;
		lr_mech_end(r);
		return;
	}
	char *copy = xstrdup(line);
	bool literal = s->send != NULL;
	char *maths = NULL;
	struct annot_items steps;
	annot_items_init(&steps);
	if (!literal) {
		/* The response is used once. */
		wipe(r->computed, strlen(r->computed));
		free(r->computed);
		r->computed = NULL;
		maths = r->computed_explain;
		r->computed_explain = NULL;
		annot_items_move(&steps, &r->computed_maths);
	}
	struct teach_row *w = send_line(r, copy, secret);
	if (w) {
		w->step = (long)idx;
		w->explain = lr_safe(r, s->explain);
		/* What the mechanism computed: part of the lesson when asked
		 * for, always available to the explanation pane. */
		if (r->o.auth_maths) {
			teach_row_add_explain(w, maths);
		} else {
			teach_row_add_detail(w, maths);
			/* The mechanism's steps before what the line shows. */
			annot_items_move(&steps, &w->maths);
			w->maths = steps;
			annot_items_init(&steps);
		}
		/* A line printed in the lesson file is public already: show it,
		 * keep only what it decodes to hidden. */
		if (literal && secret && !r->o.reveal) {
			free(w->wire);
			w->wire = lr_safe(r, copy);
		}
	}
	wipe(copy, strlen(copy));
	free(copy);
	free(maths);
	annot_items_free(&steps);
}

static void play_step(struct lesson_run *r)
{
	size_t idx = r->next_step;
	if (r->o.lesson->steps[idx].party == LESSON_SERVER) {
		r->next_step = idx + 1;
		play_server(r, idx);
	} else {
		play_client(r, idx);
	}
}

/* The verb of a line (up to the first space), and the rest. */
static size_t verb_len(const char *s)
{
	const char *sp = strchr(s, ' ');
	return sp ? (size_t)(sp - s) : strlen(s);
}

static bool same_line(const char *a, const char *b)
{
	size_t va = verb_len(a), vb = verb_len(b);
	return va == vb && !strncasecmp(a, b, va) && !strcmp(a + va, b + vb);
}

static char *difference(struct lesson_run *r, const char *typed, const char *want, bool secret)
{
	struct buf b;
	buf_init(&b, 0);
	if (!want) {
		buf_adds(&b, _("The lesson has no line to send here; yours went to the server as "
			       "typed, and its reply is shown below."));
		return buf_steal(&b);
	}
	size_t vt = verb_len(typed), vw = verb_len(want);
	char *w = secret && !r->o.reveal ? xstrdup(_("(a secret line)")) : lr_safe(r, want);
	if (vt == vw && !strncasecmp(typed, want, vt)) {
		buf_printf(&b, _("Same command as the lesson's line \"%s\", with a different "
				 "argument."), w);
	} else if (vw == strlen(want) && vt == strlen(typed)) {
		buf_printf(&b, _("The lesson sends \"%s\" here; yours is a different line."), w);
	} else {
		char *tv = esc_str(typed, vt, r->o.esc_flags), *wv = esc_str(want, vw, r->o.esc_flags);
		buf_printf(&b, _("A different command: %s where the lesson sends %s (\"%s\")."), tv,
			   wv, w);
		free(tv);
		free(wv);
	}
	buf_adds(&b, _(" Nothing is wrong with trying: the server answered it as it would any "
		       "client, and the lesson's line is still next."));
	free(w);
	return buf_steal(&b);
}

static void play_typed(struct lesson_run *r, const char *line)
{
	bool secret = false;
	const char *want = expected_line(r, &secret);
	char *want_copy = want ? xstrdup(want) : NULL;
	bool match = want && same_line(line, want);
	size_t idx = r->next_step;
	if (match) {
		r->next_step++;
		if (!r->o.lesson->steps[idx].send) {
			wipe(r->computed, strlen(r->computed));
			free(r->computed);
			r->computed = NULL;
		}
	}
	char *diff = match ? NULL : difference(r, line, want_copy, secret);
	struct teach_row *w = send_line(r, line, secret);
	if (w) {
		w->typed = true;
		if (match) {
			w->step = (long)idx;
			w->explain = lr_safe(r, r->o.lesson->steps[idx].explain);
		} else {
			w->explain = diff;
			diff = NULL;
			/* Its replies are shown now, outside the lesson. */
			for (size_t i = 0; i < r->queue.n; i++)
				*teach_rows_add(&r->rows, 'S') = r->queue.v[i];
			r->queue.n = 0;
		}
	}
	free(diff);
	if (want_copy)
		wipe(want_copy, strlen(want_copy));
	free(want_copy);
}

static void apply(struct lesson_run *r, const struct action *a)
{
	r->clock += 1000;
	if (a->typed)
		play_typed(r, a->typed);
	else if (r->next_step < r->o.lesson->nsteps)
		play_step(r);
}

/* ---- the view --------------------------------------------------------- */

static void build_view(struct lesson_run *r)
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
	for (size_t i = 0; i < r->napplied; i++)
		apply(r, &r->act[i]);
	build_view(r);
}

/* ---- the API ---------------------------------------------------------- */

struct lesson_run *lesson_run_new(const struct lesson_run_opts *o)
{
	const char *name = o->personality ? o->personality : o->lesson->personality;
	const struct server_personality *p = server_personality_find(name);
	if (!p)
		return NULL;
	struct lesson_run *r = xcalloc(1, sizeof *r);
	r->o = *o;
	r->p = p;
	teach_rows_init(&r->rows);
	teach_rows_init(&r->queue);
	teach_rows_init(&r->view);
	tf_list_init(&r->tf);
	rebuild(r);
	return r;
}

static void drop_actions(struct lesson_run *r, size_t from)
{
	for (size_t i = from; i < r->nact; i++) {
		if (r->act[i].typed)
			wipe(r->act[i].typed, strlen(r->act[i].typed));
		free(r->act[i].typed);
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

static void push_action(struct lesson_run *r, const char *typed)
{
	drop_actions(r, r->napplied);
	r->act = xrealloc(r->act, (r->nact + 1) * sizeof *r->act);
	r->act[r->nact++].typed = typed ? xstrdup(typed) : NULL;
}

bool lesson_run_forward(struct lesson_run *r)
{
	if (r->napplied == r->nact) {
		if (r->next_step >= r->o.lesson->nsteps)
			return false;
		push_action(r, NULL);
	}
	/* Played on the live session; a rebuild would give the same rows. */
	apply(r, &r->act[r->napplied++]);
	build_view(r);
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

void lesson_run_type(struct lesson_run *r, const char *line)
{
	const struct lesson *l = r->o.lesson;
	while (r->next_step < l->nsteps && l->steps[r->next_step].party == LESSON_SERVER) {
		push_action(r, NULL);
		apply(r, &r->act[r->napplied++]);
	}
	push_action(r, line);
	apply(r, &r->act[r->napplied++]);
	build_view(r);
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
	return r->napplied == r->nact && r->next_step >= r->o.lesson->nsteps;
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
