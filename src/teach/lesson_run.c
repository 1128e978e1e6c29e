/* The lesson runner: the client engine and the server session joined in
 * memory, played one lesson row at a time. Every change of position
 * replays a list of actions (lesson steps and typed lines) from a fresh
 * session, so forward, back and redo always give the same rows. */
#include "smtpdbg/lesson_run.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/xmalloc.h"

/* The pinned clock and randomness make the CRAM-MD5 challenge the same in
 * every run: "<1896609055.1700000000@smtp.server.com>". */
#define PINNED_RANDOM 1896609055u
#define PINNED_NOW 1700000000

struct action {
	char *typed; /* a line the learner typed, or NULL: the next lesson step */
};

struct lesson_run {
	struct lesson_run_opts o;
	const struct server_personality *p;
	struct action *act;
	size_t nact, napplied;

	/* The session as played so far (rebuilt from the actions). */
	struct server_session *srv;
	struct smtp_client *cli;
	struct teach_rows rows;   /* played rows */
	struct teach_rows queue;  /* replies received, not yet shown by a step */
	bool to_queue;            /* where the notes of the next events go */
	struct teach_rows view;   /* rows + pending steps, for drawing */
	struct tf_list tf;
	size_t next_step;
	size_t unexpected;
	bool tls, closed;
	int64_t clock;
	/* CRAM-MD5 and friends: the latest challenge, the mechanism in use,
	 * the response computed for the next step. */
	uint8_t *challenge;
	size_t challenge_len;
	bool have_challenge;
	const struct sasl_mech *mech;
	void *mech_state;
	char *computed;
	bool computed_secret;
	char *computed_explain; /* what the mechanism did, in words */
	char *compute_error;
};

static uint64_t pinned_random(void *arg)
{
	(void)arg;
	return PINNED_RANDOM;
}

static int64_t pinned_now(void *arg)
{
	(void)arg;
	return PINNED_NOW;
}

static struct narrate_opts nopts(const struct lesson_run *r)
{
	return (struct narrate_opts){.show_secrets = r->o.reveal, .explain = true,
				     .auth_maths = r->o.auth_maths, .esc_flags = r->o.esc_flags};
}

static char *safe(const struct lesson_run *r, const char *s)
{
	/* Line by line, so paragraphs stay paragraphs. */
	return s ? replay_safe_text(s, strlen(s), r->o.esc_flags) : NULL;
}

/* ---- the session ------------------------------------------------------ */

static void mech_end(struct lesson_run *r)
{
	if (r->mech && r->mech_state)
		r->mech->done(r->mech_state);
	r->mech = NULL;
	r->mech_state = NULL;
	if (r->computed)
		wipe(r->computed, strlen(r->computed));
	free(r->computed);
	r->computed = NULL;
	free(r->compute_error);
	r->compute_error = NULL;
	free(r->computed_explain);
	r->computed_explain = NULL;
}

static void session_end(struct lesson_run *r)
{
	server_session_free(r->srv);
	smtp_client_free(r->cli);
	r->srv = NULL;
	r->cli = NULL;
	teach_rows_truncate(&r->rows, 0);
	teach_rows_truncate(&r->queue, 0);
	tf_list_free(&r->tf);
	mech_end(r);
	if (r->challenge)
		wipe(r->challenge, r->challenge_len);
	free(r->challenge);
	r->challenge = NULL;
	r->have_challenge = false;
}

static struct teach_row *last_row(struct lesson_run *r)
{
	struct teach_rows *t = r->to_queue && r->queue.n ? &r->queue : &r->rows;
	if (!t->n)
		t = r->queue.n ? &r->queue : &r->rows;
	return t->n ? &t->v[t->n - 1] : teach_rows_add(&r->rows, '#');
}

static void note_challenge(struct lesson_run *r, const struct smtp_reply *rep)
{
	if (r->challenge)
		wipe(r->challenge, r->challenge_len);
	free(r->challenge);
	r->challenge = NULL;
	r->have_challenge = false;
	if (rep->code != 334 || rep->nlines != 1)
		return;
	const char *t = rep->lines[0].len > 4 ? rep->lines[0].raw + 4 : "";
	size_t n = rep->lines[0].len > 4 ? rep->lines[0].len - 4 : 0;
	const char *err;
	size_t pos;
	if (n == 0) {
		r->challenge = xmalloc(1);
		r->challenge_len = 0;
		r->have_challenge = true;
	} else if (b64_decode(t, n, &r->challenge, &r->challenge_len, &err, &pos) == 0) {
		r->have_challenge = true;
	}
}

static void drain_events(struct lesson_run *r)
{
	struct narrate_opts no = nopts(r);
	struct smtp_event ev;
	while (smtp_client_next_event(r->cli, &ev)) {
		if (r->o.on_event)
			r->o.on_event(r->o.event_arg, &ev);
		tf_list_add_event(&r->tf, &ev, r->clock, r->tls);
		switch (ev.type) {
		case SMTP_EV_SENT:
			teach_rows_event(&r->rows, &ev, &no, r->tls, false);
			r->to_queue = false;
			break;
		case SMTP_EV_REPLY:
			teach_rows_event(&r->queue, &ev, &no, r->tls, false);
			r->to_queue = true;
			note_challenge(r, ev.reply);
			if (ev.reply->code != 334)
				mech_end(r);
			break;
		case SMTP_EV_STATE:
		case SMTP_EV_CAPS:
			break;
		default:
			teach_row_narrate(last_row(r), &ev, &no);
			break;
		}
	}
}

static void handshake(struct lesson_run *r)
{
	struct teach_row *w = last_row(r);
	if (r->o.tls_handshake) {
		if (r->o.tls_handshake(r->o.tls_arg, r->srv, r->cli) < 0) {
			teach_row_add_detail(w, _("! the TLS handshake failed; the session ends"));
			smtp_client_closed(r->cli, _("the TLS handshake failed"));
			r->closed = true;
			return;
		}
	} else {
		server_session_tls_ready(r->srv);
		smtp_client_tls_ready(r->cli, false);
		teach_row_add_detail(w, _("(In this in-memory lesson the handshake is simulated: "
					  "both sides are told it succeeded, no cryptography runs. "
					  "Against a real server, certificates are checked here.)"));
	}
	r->tls = true;
}

/* Move bytes both ways until nothing moves. */
static void pump(struct lesson_run *r)
{
	for (bool moved = true; moved && !r->closed;) {
		moved = false;
		const uint8_t *p;
		size_t n = smtp_client_tx(r->cli, &p);
		if (n) {
			server_session_feed(r->srv, p, n);
			smtp_client_tx_done(r->cli, n);
			moved = true;
		}
		n = server_session_tx(r->srv, &p);
		if (n) {
			smtp_client_feed(r->cli, p, n);
			server_session_tx_done(r->srv, n);
			moved = true;
		}
		drain_events(r);
		if (server_session_want_tls(r->srv) && !r->tls) {
			handshake(r);
			moved = true;
		}
		if (server_session_closing(r->srv) && !server_session_tx(r->srv, &p)) {
			smtp_client_closed(r->cli, _("the server closed the connection"));
			r->closed = true;
		}
		drain_events(r);
	}
}

static void session_start(struct lesson_run *r)
{
	struct server_config cfg = {
		.personality = r->p,
		.tls_available = true,
		.random = pinned_random,
		.now = pinned_now,
	};
	r->srv = server_session_new(&cfg);
	r->cli = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "relay.client.com"});
	r->next_step = 0;
	r->unexpected = 0;
	r->tls = r->closed = r->to_queue = false;
	r->clock = 0;
	tf_list_init(&r->tf);
	pump(r);
}

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
	w->explain = safe(r, s->explain);
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
		mech_end(r);
		struct sasl_creds cr = {
			.user = r->o.lesson->user ? r->o.lesson->user : r->p->user,
			.password = r->o.lesson->password ? r->o.lesson->password : r->p->password,
			.host = r->p->hostname,
		};
		r->mech = m;
		r->mech_state = m->init(&cr);
	}
	/* The first step of a client-first mechanism is its initial response. */
	bool first = !r->have_challenge || (m->client_first && r->challenge_len == 0);
	struct sasl_step st;
	sasl_step_init(&st);
	enum sasl_status rc = m->step(r->mech_state, first && m->client_first ? NULL : r->challenge,
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
		r->computed_explain = st.explain.len ? safe(r, st.explain.data) : NULL;
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
	drain_events(r);
	pump(r);
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
		w->wire = safe(r, r->compute_error ? r->compute_error : _("nothing to send"));
		w->step = (long)idx;
		w->explain = safe(r, s->explain);
		w->unexpected = true;
		mech_end(r);
		return;
	}
	char *copy = xstrdup(line);
	bool literal = s->send != NULL;
	char *maths = NULL;
	if (!literal) {
		/* The response is used once. */
		wipe(r->computed, strlen(r->computed));
		free(r->computed);
		r->computed = NULL;
		maths = r->computed_explain;
		r->computed_explain = NULL;
	}
	struct teach_row *w = send_line(r, copy, secret);
	if (w) {
		w->step = (long)idx;
		w->explain = safe(r, s->explain);
		/* What the mechanism computed: part of the lesson when asked
		 * for, always available to the explanation pane. */
		if (r->o.auth_maths)
			teach_row_add_explain(w, maths);
		else
			teach_row_add_detail(w, maths);
		/* A line printed in the lesson file is public already: show it,
		 * keep only what it decodes to hidden. */
		if (literal && secret && !r->o.reveal) {
			free(w->wire);
			w->wire = safe(r, copy);
		}
	}
	wipe(copy, strlen(copy));
	free(copy);
	free(maths);
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
	char *w = secret && !r->o.reveal ? xstrdup(_("(a secret line)")) : safe(r, want);
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
			w->explain = safe(r, r->o.lesson->steps[idx].explain);
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
		d->state = i + 1 == r->rows.n ? TEACH_CURRENT : TEACH_DONE;
	}
	for (size_t i = r->next_step; i < l->nsteps; i++) {
		const struct lesson_step *s = &l->steps[i];
		struct teach_row *d = teach_rows_add(&r->view, (char)s->party);
		d->state = TEACH_PENDING;
		d->step = (long)i;
		d->secret = s->secret;
		d->explain = safe(r, s->explain);
		if (s->party == LESSON_SERVER) {
			d->wire = s->nexpect ? safe(r, s->expect[0]) : xstrdup(_("(the server's reply)"));
		} else if (s->send) {
			d->wire = safe(r, s->send);
		} else {
			struct buf b;
			buf_init(&b, 0);
			buf_printf(&b, _("(computed: the %s response to the server's challenge)"),
				   s->compute);
			d->wire = safe(r, b.data);
			buf_free(&b);
		}
	}
}

static void rebuild(struct lesson_run *r)
{
	session_end(r);
	session_start(r);
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
	session_end(r);
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
