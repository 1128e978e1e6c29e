/* Playing a lesson one action at a time: a lesson step (the client's line
 * sent, or the server's next reply shown) or a line the learner typed.
 * Rows follow what really happened: a reply the lesson did not expect is
 * explained as the reply it is, never with the lesson's words for another
 * one; a typed line is answered at once; the place where the session left
 * the lesson's path is remembered, so the learner can go back there. */
#include "lesson_run_impl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* ---- words ------------------------------------------------------------ */

/* The first line of a text, at most 60 bytes (cut on a character), for a
 * sentence. The text is escaped already. */
static char *quote(const char *s)
{
	const char *nl = strchr(s, '\n');
	size_t n = nl ? (size_t)(nl - s) : strlen(s);
	if (n <= 60)
		return xstrndup(s, n);
	n = 57;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	struct buf b;
	buf_init(&b, 0);
	buf_add(&b, s, n);
	buf_adds(&b, "...");
	return buf_steal(&b);
}

static void add_paragraph(struct buf *b, const char *text)
{
	if (!text || !*text)
		return;
	if (b->len)
		buf_addc(b, '\n');
	buf_adds(b, text);
}

/* ---- server steps ----------------------------------------------------- */

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

/* The session leaves the lesson's path at row i (the first time only). */
static void left_at(struct lesson_run *r, size_t i)
{
	if (r->left_row >= 0)
		return;
	r->left_row = (long)i;
	r->good_actions = r->applying;
}

/* Notes that came with the replies (the TLS handshake) are rows of their
 * own, shown before anything that came after them. */
static bool note_first(const struct lesson_run *r)
{
	return r->queue.n && r->queue.v[0].party != 'S';
}

static void show_queued(struct lesson_run *r)
{
	*teach_rows_add(&r->rows, 'S') = r->queue.v[0];
	memmove(r->queue.v, r->queue.v + 1, (r->queue.n - 1) * sizeof *r->queue.v);
	r->queue.n--;
}

static void flush_notes(struct lesson_run *r)
{
	while (note_first(r))
		show_queued(r);
}

/* Why a reply is not the lesson's: the words a row gets instead of the
 * lesson's text, which was written for another reply. */
static char *off_path(struct lesson_run *r, const struct lesson_step *s, const struct teach_row *w)
{
	struct buf b;
	buf_init(&b, 0);
	char *want = s->nexpect ? lr_safe(r, s->expect[0]) : xstrdup("?");
	if (!w->wire[0])
		buf_printf(&b, _("The lesson expected \"%s\" here, but the server has not answered."),
			   want);
	else
		buf_printf(&b, _("The lesson expected \"%s\" here; the server answered otherwise."),
			   want);
	free(want);
	if (r->left_row >= 0) {
		char *q = quote(r->rows.v[r->left_row].wire);
		buf_printf(&b, _(" The session left the lesson's path earlier, at \"%s\"."), q);
		free(q);
	} else if (r->typed_diff_row >= 0 && r->rows.v[r->typed_diff_row].secret) {
		buf_adds(&b, _(" Your answer (masked) differs from the lesson's: that is the likely "
			       "reason."));
	} else if (r->typed_diff_row >= 0) {
		const struct teach_row *t = &r->rows.v[r->typed_diff_row];
		char *q = quote(t->decoded ? t->decoded : t->wire);
		buf_printf(&b, _(" You typed \"%s\" where the lesson has another line: that is "
				 "the likely reason."),
			   q);
		free(q);
	} else if (strcasecmp(r->p->name, r->o.lesson->personality)) {
		buf_printf(&b, _(" The lesson was written for the %s personality; this server "
				 "plays %s."),
			   r->o.lesson->personality, r->p->name);
	}
	/* What the reply that came says: smtpdbg's own explanation. */
	add_paragraph(&b, w->detail);
	return buf_steal(&b);
}

static void play_server(struct lesson_run *r, size_t idx)
{
	const struct lesson_step *s = &r->o.lesson->steps[idx];
	flush_notes(r);
	struct teach_row *w;
	if (r->queue.n) {
		show_queued(r);
		w = &r->rows.v[r->rows.n - 1];
	} else {
		w = teach_rows_add(&r->rows, 'S');
		w->wire = xstrdup("");
		teach_row_add_detail(w, _("the server has not answered (the lesson expected a reply here)"));
	}
	w->step = (long)idx;
	if (w->wire[0] && reply_expected(s, w->wire)) {
		w->explain = lr_safe(r, s->explain);
	} else {
		w->unexpected = true;
		r->unexpected++;
		w->explain = off_path(r, s, w);
		left_at(r, r->rows.n - 1);
	}
	r->to_queue = r->queue.n > 0;
}

/* A typed line is answered at once: the lesson's server steps that show
 * its replies are played now. */
static void play_replies(struct lesson_run *r)
{
	const struct lesson *l = r->o.lesson;
	while (r->queue.n && r->next_step < l->nsteps &&
	       l->steps[r->next_step].party == LESSON_SERVER) {
		size_t idx = r->next_step++;
		play_server(r, idx);
	}
}

/* ---- client steps ----------------------------------------------------- */

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

/* The computed response is used once. */
static void drop_computed(struct lesson_run *r)
{
	if (!r->computed)
		return;
	wipe(r->computed, strlen(r->computed));
	free(r->computed);
	r->computed = NULL;
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
	flush_notes(r);
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
		drop_computed(r);
		maths = r->computed_explain;
		r->computed_explain = NULL;
		annot_items_move(&steps, &r->computed_maths);
	}
	/* Off the lesson's path its line is still sent, but said to be. */
	char *away = NULL;
	if (r->left_row >= 0) {
		char *q = quote(r->rows.v[r->left_row].wire);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("Off the lesson's path since \"%s\": the lesson's line is sent as "
				 "written, and the server takes it as the session now stands."),
			   q);
		away = buf_steal(&b);
		free(q);
	}
	struct teach_row *w = send_line(r, copy, secret);
	if (w) {
		w->step = (long)idx;
		struct buf b;
		buf_init(&b, 0);
		add_paragraph(&b, away);
		char *lesson_text = lr_safe(r, s->explain);
		add_paragraph(&b, lesson_text);
		free(lesson_text);
		w->explain = buf_steal(&b);
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
	free(away);
	wipe(copy, strlen(copy));
	free(copy);
	free(maths);
	annot_items_free(&steps);
}

/* ---- typed lines ------------------------------------------------------ */

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
	free(w);
	return buf_steal(&b);
}

/* What an answer says, for a sentence: its Base64 decoded when it is the
 * Base64 of text, else the line itself; escaped. */
static char *answer_text(const struct lesson_run *r, const char *line)
{
	uint8_t *d;
	size_t n, pos;
	const char *err;
	if (*line && b64_decode(line, strlen(line), &d, &n, &err, &pos) == 0) {
		bool text = true;
		for (size_t i = 0; i < n; i++)
			text &= d[i] >= 0x20 && d[i] != 0x7f;
		char *s = text ? esc_str(d, n, r->o.esc_flags) : NULL;
		wipe(d, n);
		free(d);
		if (s)
			return s;
	}
	return esc_str(line, strlen(line), r->o.esc_flags);
}

/* Whether the lesson's next line still fits after a typed line: a copy of
 * the session plays it, and its replies must be the ones the lesson
 * expects. When not, *why says what the copy saw. */
static int probe(struct lesson_run *r, char **why)
{
	struct lesson_run_opts o = r->o;
	o.on_event = NULL;
	o.tls_handshake = NULL;
	struct lesson_run *p = lr_new_probe(&o, r->p);
	p->nact = p->napplied = r->applying + 1;
	p->act = xcalloc(p->nact, sizeof *p->act);
	for (size_t i = 0; i < p->nact; i++) {
		p->act[i] = r->act[i];
		p->act[i].typed = r->act[i].typed ? xstrdup(r->act[i].typed) : NULL;
		p->act[i].why = NULL;
		if (i == r->applying)
			p->act[i].fits = 1;
	}
	lr_session_start(p);
	for (size_t i = 0; i < p->napplied; i++) {
		p->applying = i;
		lr_apply(p, &p->act[i]);
	}
	size_t seen = p->rows.n, before = p->unexpected;
	const struct lesson *l = p->o.lesson;
	struct action step = {.fits = -1};
	if (p->next_step < l->nsteps)
		lr_apply(p, &step);
	while (p->next_step < l->nsteps && l->steps[p->next_step].party == LESSON_SERVER)
		lr_apply(p, &step);
	int fits = p->unexpected == before;
	for (size_t i = seen; !fits && i < p->rows.n; i++) {
		const struct teach_row *w = &p->rows.v[i];
		if (!w->unexpected || w->step < 0)
			continue;
		const struct lesson_step *s = &l->steps[w->step];
		char *got = quote(w->wire[0] ? w->wire : _("no reply"));
		char *want = s->nexpect ? lr_safe(p, s->expect[0]) : xstrdup("?");
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _(" But the lesson's next line no longer fits: sent now, it would get "
				 "\"%s\" where the lesson expects \"%s\"."),
			   got, want);
		*why = buf_steal(&b);
		free(got);
		free(want);
		break;
	}
	lesson_run_free(p);
	return fits;
}

/* A recorded lesson answers only the lines it recorded: any other line is
 * not sent (no server is there to judge it), and the row says so. */
static void not_recorded(struct lesson_run *r, const char *line, bool secret)
{
	struct teach_row *w = teach_rows_add(&r->rows, '#');
	struct buf b;
	buf_init(&b, 0);
	char *l = secret && !r->o.reveal ? xstrdup(_("(a secret line)")) : lr_safe(r, line);
	buf_printf(&b, _("not sent: %s"), l);
	w->wire = buf_steal(&b);
	free(l);
	w->explain = xstrdup(_("This lesson plays a session recorded from a real server, which "
			       "cannot be asked again: only the recorded lines have an answer. "
			       "Your line was not sent; step on for the lesson's next line."));
}

static void play_typed(struct lesson_run *r, struct action *a)
{
	const char *line = a->typed;
	flush_notes(r);
	/* The server's 334 waits for an answer: whatever comes is taken as
	 * one, so it takes the place of the lesson's answer. */
	bool answer = r->awaiting && !r->closed;
	bool secret = false;
	const char *want = expected_line(r, &secret);
	char *want_copy = want ? xstrdup(want) : NULL;
	bool match = want && same_line(line, want);
	if (r->o.lesson->recorded && !match) {
		not_recorded(r, line, a->secret);
		if (want_copy)
			wipe(want_copy, strlen(want_copy));
		free(want_copy);
		return;
	}
	bool takes_step = want && (match || answer);
	size_t idx = r->next_step;
	if (takes_step) {
		r->next_step++;
		if (!r->o.lesson->steps[idx].send)
			drop_computed(r);
	}
	char *diff = NULL;
	if (!takes_step) {
		diff = difference(r, line, want_copy, secret);
	} else if (!match) {
		struct buf b;
		buf_init(&b, 0);
		if (secret || a->secret) {
			buf_adds(&b, _("Your answer differs from the lesson's; the server judges it now."));
		} else {
			char *mine = answer_text(r, line), *theirs = answer_text(r, want_copy);
			buf_printf(&b, _("You answered \"%s\" where the lesson answers \"%s\"; the server "
					 "judges it now."),
				   mine, theirs);
			free(mine);
			free(theirs);
		}
		diff = buf_steal(&b);
	}
	size_t at = r->rows.n;
	struct teach_row *w = send_line(r, line, a->secret);
	if (w) {
		w->typed = true;
		if (!match && r->typed_diff_row < 0)
			r->typed_diff_row = (long)at;
		if (takes_step) {
			w->step = (long)idx;
			/* The lesson's own published line: shown as the lesson shows it. */
			if (match && w->secret && r->o.lesson->steps[idx].send && !r->o.reveal) {
				free(w->wire);
				w->wire = lr_safe(r, line);
			}
			w->explain = match ? lr_safe(r, r->o.lesson->steps[idx].explain) : diff;
			if (!match)
				diff = NULL;
			play_replies(r);
		} else {
			/* Its replies are shown now, outside the lesson. */
			for (size_t i = 0; i < r->queue.n; i++)
				*teach_rows_add(&r->rows, 'S') = r->queue.v[i];
			r->queue.n = 0;
			if (want_copy && a->fits < 0 && !r->probing)
				a->fits = probe(r, &a->why);
			struct buf b;
			buf_init(&b, 0);
			buf_adds(&b, diff);
			if (want_copy && a->fits == 0) {
				buf_adds(&b, _(" Nothing is wrong with trying: the server answered it as it "
					       "would any client."));
				buf_adds(&b, a->why ? a->why : "");
				left_at(r, at);
			} else if (want_copy) {
				buf_adds(&b, _(" Nothing is wrong with trying: the server answered it as it "
					       "would any client, and the lesson's line is still next."));
			}
			r->rows.v[at].explain = buf_steal(&b);
		}
	}
	free(diff);
	if (want_copy)
		wipe(want_copy, strlen(want_copy));
	free(want_copy);
}

void lr_apply(struct lesson_run *r, struct action *a)
{
	r->clock += 1000;
	if (a->typed)
		play_typed(r, a);
	else if (note_first(r))
		show_queued(r); /* a forward step shows a note (the handshake) alone */
	else if (r->next_step < r->o.lesson->nsteps && r->o.lesson->steps[r->next_step].party == LESSON_SERVER)
		play_server(r, r->next_step++);
	else if (r->next_step < r->o.lesson->nsteps)
		play_client(r, r->next_step);
}
