/* The lesson runner's session: the client engine and the server session
 * joined in memory with a pinned clock, their events turned into rows. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesson_run_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/xmalloc.h"

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

struct narrate_opts lr_nopts(const struct lesson_run *r)
{
	return (struct narrate_opts){.show_secrets = r->o.reveal, .explain = true,
				     .auth_maths = r->o.auth_maths, .esc_flags = r->o.esc_flags};
}

char *lr_safe(const struct lesson_run *r, const char *s)
{
	/* Line by line, so paragraphs stay paragraphs. */
	return s ? replay_safe_text(s, strlen(s), r->o.esc_flags) : NULL;
}

/* ---- the session ------------------------------------------------------ */

void lr_mech_end(struct lesson_run *r)
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
	annot_items_free(&r->computed_maths);
}

void lr_session_end(struct lesson_run *r)
{
	server_session_free(r->srv);
	rec_peer_free(r->rec);
	smtp_client_free(r->cli);
	r->rec = NULL;
	r->srv = NULL;
	r->cli = NULL;
	teach_rows_truncate(&r->rows, 0);
	teach_rows_truncate(&r->queue, 0);
	tf_list_free(&r->tf);
	lr_mech_end(r);
	if (r->challenge)
		wipe(r->challenge, r->challenge_len);
	free(r->challenge);
	r->challenge = NULL;
	r->have_challenge = false;
}

struct teach_row *lr_last_row(struct lesson_run *r)
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

/* The AUTH exchange as far as the prompt needs it: which mechanism, how
 * many answers so far (an initial response counts). */
static void note_sent(struct lesson_run *r, const struct smtp_event *ev)
{
	const char *p = (const char *)ev->data;
	size_t n = ev->len;
	r->awaiting = false;
	if (ev->flags & SMTP_F_SASL) {
		r->sasl_answers++;
		return;
	}
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	if (n < 5 || strncasecmp(p, "AUTH", 4) || (p[4] != ' ' && p[4] != '\t'))
		return;
	p += 5, n -= 5;
	while (n && *p == ' ')
		p++, n--;
	size_t m = 0;
	while (m < n && p[m] != ' ')
		m++;
	snprintf(r->auth_mech, sizeof r->auth_mech, "%.*s", (int)m, p);
	while (m < n && p[m] == ' ')
		m++;
	r->sasl_answers = m < n;
}

void lr_drain_events(struct lesson_run *r)
{
	struct narrate_opts no = lr_nopts(r);
	struct smtp_event ev;
	while (smtp_client_next_event(r->cli, &ev)) {
		if (r->o.on_event)
			r->o.on_event(r->o.event_arg, &ev);
		tf_list_add_event(&r->tf, &ev, r->clock, r->tls);
		switch (ev.type) {
		case SMTP_EV_SENT:
			teach_rows_event(&r->rows, &ev, &no, r->tls, false);
			r->to_queue = false;
			note_sent(r, &ev);
			break;
		case SMTP_EV_REPLY:
			teach_rows_event(&r->queue, &ev, &no, r->tls, false);
			r->to_queue = true;
			note_challenge(r, ev.reply);
			r->awaiting = ev.reply->code == 334 && ev.reply->nlines == 1;
			if (ev.reply->code != 334)
				lr_mech_end(r);
			break;
		case SMTP_EV_STATE:
		case SMTP_EV_CAPS:
			break;
		default:
			teach_row_narrate(lr_last_row(r), &ev, &no);
			break;
		}
	}
}

/* ---- the server: embedded, or a recording ------------------------------ */

static void peer_feed(struct lesson_run *r, const uint8_t *p, size_t n)
{
	if (r->rec)
		rec_peer_feed(r->rec, p, n);
	else
		server_session_feed(r->srv, p, n);
}

static size_t peer_tx(const struct lesson_run *r, const uint8_t **p)
{
	return r->rec ? rec_peer_tx(r->rec, p) : server_session_tx(r->srv, p);
}

static void peer_tx_done(struct lesson_run *r, size_t n)
{
	if (r->rec)
		rec_peer_tx_done(r->rec, n);
	else
		server_session_tx_done(r->srv, n);
}

static bool peer_want_tls(const struct lesson_run *r)
{
	return r->rec ? rec_peer_want_tls(r->rec) : server_session_want_tls(r->srv);
}

static bool peer_closing(const struct lesson_run *r)
{
	return r->rec ? rec_peer_closing(r->rec) : server_session_closing(r->srv);
}

/* The handshake is a row of its own, after the 220 that started it (in
 * the queue with it, shown by the next step) and in the transcript. */
static void handshake(struct lesson_run *r)
{
	struct teach_rows *t = r->to_queue && r->queue.n ? &r->queue : &r->rows;
	struct teach_row *w = teach_rows_add(t, '#');
	/* A recording has no keys to shake hands with: simulated. */
	bool real = r->o.tls_handshake && !r->rec;
	const char *title = real ? _("TLS handshake") : _("TLS handshake (simulated in memory)");
	w->wire = xstrdup(title);
	tf_list_add(&r->tf, TF_NOTE, r->clock, 0, title, strlen(title));
	if (real) {
		if (r->o.tls_handshake(r->o.tls_arg, r->srv, r->cli) < 0) {
			teach_row_add_detail(w, _("! the TLS handshake failed; the session ends"));
			smtp_client_closed(r->cli, _("the TLS handshake failed"));
			r->closed = true;
			return;
		}
	} else {
		if (r->rec)
			rec_peer_tls_ready(r->rec);
		else
			server_session_tls_ready(r->srv);
		smtp_client_tls_ready(r->cli, false);
	}
	teach_row_add_detail(w, _("Client and server agree on a TLS version and on keys, and the "
				  "client checks the server's certificate. From here on every line "
				  "travels encrypted (marked T), and both sides forget what was said "
				  "before: the client has to send EHLO again."));
	if (r->rec)
		teach_row_add_detail(w, _("(This lesson plays a recorded session: here the real "
					  "client and server ran the handshake; played back, it is "
					  "simulated.)"));
	else if (!real)
		teach_row_add_detail(w, _("(In this in-memory lesson the handshake is simulated: "
					  "both sides are told it succeeded, no cryptography runs. "
					  "Against a real server, certificates are checked here.)"));
	r->tls = true;
}

/* Move bytes both ways until nothing moves. */
void lr_pump(struct lesson_run *r)
{
	for (bool moved = true; moved && !r->closed;) {
		moved = false;
		const uint8_t *p;
		size_t n = smtp_client_tx(r->cli, &p);
		if (n) {
			peer_feed(r, p, n);
			smtp_client_tx_done(r->cli, n);
			moved = true;
		}
		n = peer_tx(r, &p);
		if (n) {
			smtp_client_feed(r->cli, p, n);
			peer_tx_done(r, n);
			moved = true;
		}
		lr_drain_events(r);
		if (peer_want_tls(r) && !r->tls) {
			handshake(r);
			moved = true;
		}
		if (peer_closing(r) && !peer_tx(r, &p)) {
			smtp_client_closed(r->cli, _("the server closed the connection"));
			r->closed = true;
		}
		lr_drain_events(r);
	}
}

void lr_session_start(struct lesson_run *r)
{
	struct server_config cfg = {
		.personality = r->p,
		.tls_available = true,
		.random = pinned_random,
		.now = pinned_now,
	};
	if (r->o.lesson->recorded)
		r->rec = rec_peer_new(r->o.lesson);
	else
		r->srv = server_session_new(&cfg);
	r->cli = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "relay.client.com"});
	r->next_step = 0;
	r->unexpected = 0;
	r->tls = r->closed = r->to_queue = false;
	r->left_row = r->typed_diff_row = -1;
	r->good_actions = 0;
	r->auth_mech[0] = 0;
	r->sasl_answers = 0;
	r->awaiting = false;
	r->clock = 0;
	tf_list_init(&r->tf);
	lr_pump(r);
}

