/* The interactive session: engine events become transcript entries (and
 * the annotated text kept for :save); typed lines become commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "session_impl.h"
#include "smtpdbg/annot.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/xmalloc.h"

int64_t session_now(const struct session *s)
{
	return loop_now_ms() - s->t0;
}

void session_say(struct session *s, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	buf_init(&b, 4096);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(s->message);
	s->message = buf_steal(&b);
}

char *session_take_message(struct session *s)
{
	char *m = s->message;
	s->message = NULL;
	return m;
}

/* The wire as the transcript file keeps it: what replay feeds back. */
static void save_event(struct session *s, const struct smtp_event *ev)
{
	if (s->observer)
		return;
	tf_spool_add_event(&s->save, ev, session_now(s), session_tls(s) != NULL);
}

/* A note: the first line shows in the transcript, all of it explains it. */
void session_note(struct session *s, enum tr_kind kind, const char *text)
{
	const char *nl = strchr(text, '\n');
	size_t n = nl ? (size_t)(nl - text) : strlen(text);
	size_t i = tr_add(&s->tr, kind, session_now(s), text, n, s->esc, false);
	s->tr.v[i].tls = session_in_tls(s);
	tr_explain_add(&s->tr, i, kind == TR_WARN ? AK_WARNING : AK_NOTE, text);
	if (kind == TR_TOOL || s->observer)
		return; /* tool output is not part of the session */
	tf_spool_add(&s->save, kind == TR_WARN ? TF_WARN : TF_NOTE, session_now(s),
		    session_in_tls(s) ? TF_F_TLS : 0, text, strlen(text));
}

/* The last entry that is a protocol line (S or C), or -1. */
long session_last_protocol_line(const struct transcript *t)
{
	for (size_t i = t->n; i-- > 0;)
		if (t->v[i].kind == TR_SERVER || t->v[i].kind == TR_CLIENT)
			return (long)i;
	return -1;
}

/* A SASL step's maths waits for the line it explains: the next one. */
static void attach_pending(struct session *s, size_t i)
{
	if (!s->pending.n)
		return;
	tr_explain_items(&s->tr, i, &s->pending);
	annot_items_free(&s->pending);
}

static void add_reply(struct session *s, const struct smtp_event *ev, struct annot_line *l)
{
	const struct smtp_reply *r = ev->reply;
	if (!r->nlines)
		return;
	size_t first = 0;
	for (size_t k = 0; k < r->nlines; k++) {
		size_t i = tr_add(&s->tr, TR_SERVER, session_now(s), r->lines[k].raw, r->lines[k].len,
				  s->esc, k > 0);
		struct tr_line *tl = &s->tr.v[i];
		tl->code = r->code;
		tl->tls = session_tls(s) != NULL;
		if (k == 0) {
			first = i;
			if (s->awaiting)
				tl->latency_ms = session_now(s) - s->sent_ms;
		}
		if (l->line_items && l->line_items[k].n)
			tr_set_note(&s->tr, i, &l->line_items[k]);
	}
	s->awaiting = smtp_client_outstanding(s->c) > 0;
	s->sent_ms = session_now(s);
	if (r->code == 354)
		s->body_blank_seen = false; /* a new message */
	if (l->decoded) {
		tr_take_decoded(&s->tr, s->tr.n - 1, l->decoded, NULL);
		l->decoded = NULL;
	}
	tr_explain_items(&s->tr, first, &l->items);
	if (ev->answers && (!strcmp(ev->answers, "AUTH") || !strcmp(ev->answers, "SASL"))) {
		if (r->code == 334)
			snprintf(s->auth_text, sizeof s->auth_text, "%s", _("AUTH..."));
		else if (r->code == 235)
			snprintf(s->auth_text, sizeof s->auth_text, "%s",
				 smtp_client_authenticated(s->c) ? _("AUTH ok") : _("AUTH unproven"));
		else
			snprintf(s->auth_text, sizeof s->auth_text, _("AUTH failed %d"), r->code);
		if (r->code != 334) {
			session_auth_reset(s);
			s->engine_auth = false;
			/* :auth next is the keyboard's, not a watched student's */
			if (r->code != 235 && !s->observer)
				session_auth_failed(s, first, &l->diag);
		}
	}
	if (r->code != 334)
		attach_pending(s, first);
}

static void add_sent(struct session *s, const struct smtp_event *ev, struct annot_line *l)
{
	size_t i = tr_add(&s->tr, TR_CLIENT, session_now(s), ev->data, ev->len, s->esc, false);
	s->tr.v[i].tls = session_tls(s) != NULL;
	/* The clock starts with a line the server answers: not with a message
	 * line (the reply to DATA's content is timed from the final "."). */
	if (!s->awaiting && smtp_client_outstanding(s->c) > 0) {
		s->awaiting = true;
		s->sent_ms = session_now(s);
	}
	if ((ev->flags & SMTP_F_BODY) && ev->len == 0 && !s->body_blank_seen) {
		s->body_blank_seen = true;
		tr_explain_add(&s->tr, i, AK_TEXT,
			       _("An empty line: the first one in a message ends the header fields; "
				 "what follows is the body (RFC 5322 §2.1)."));
	}
	/* The masked form is the model's: the same in every face. */
	if (l->secret)
		tr_set_secret(&s->tr, i, l->wire[0]);
	tr_take_decoded(&s->tr, i, l->secret ? NULL : l->decoded, l->decoded_revealed);
	if (!l->secret)
		l->decoded = NULL;
	l->decoded_revealed = NULL;
	/* The model explains what it shows, and an empty command shows nothing. */
	if (ev->len == 0 && !(ev->flags & (SMTP_F_BODY | SMTP_F_SASL | SMTP_F_RAW)) && !l->items.n)
		explain_command(&l->items, "", 0);
	tr_explain_items(&s->tr, i, &l->items);
	if ((ev->flags & SMTP_F_SASL) || l->items.n)
		attach_pending(s, i);
}

static void add_violation(struct session *s, const struct annot_line *l)
{
	if (!l->items.n)
		return;
	const char *text = l->items.v[0].text;
	size_t before = s->tr.n;
	long last = session_last_protocol_line(&s->tr);
	size_t i = tr_add_warning(&s->tr, session_now(s), text, s->esc);
	if (s->tr.n == before)
		return; /* a repeat, counted on the entry */
	tr_explain_items(&s->tr, i, &l->items);
	if (last >= 0) {
		struct buf w;
		buf_init(&w, 0);
		buf_printf(&w, _("Warning: %s"), text);
		tr_explain_add(&s->tr, (size_t)last, AK_WARNING, w.data);
		buf_free(&w);
	}
}

static void handle_event(struct session *s, const struct smtp_event *ev)
{
	save_event(s, ev);
	struct annot_policy pol = {.keep_revealed = true, .auth_maths = true, .esc_flags = s->esc};
	struct annot_line l;
	annot_event(ev, &pol, &l);
	switch (ev->type) {
	case SMTP_EV_REPLY:
		add_reply(s, ev, &l);
		break;
	case SMTP_EV_SENT:
		add_sent(s, ev, &l);
		break;
	case SMTP_EV_AUTH_STEP:
		if (l.items.n) {
			annot_items_free(&s->pending);
			annot_items_move(&s->pending, &l.items);
		}
		/* Why the mechanism gave up on a challenge, where the person
		 * looks: its last line (sasl_fail's reason), not only in the
		 * explanation. (Before any challenge, run_auth says it.) */
		if ((ev->flags & SMTP_F_SASL_GAVE_UP) && ev->data && ev->text && *ev->text) {
			size_t n = strlen(ev->text);
			while (n && ev->text[n - 1] == '\n')
				n--;
			const char *last = ev->text + n;
			while (last > ev->text && last[-1] != '\n')
				last--;
			session_say(s, _("%s gave up: %.*s"), s->auth_mech[0] ? s->auth_mech : "AUTH",
				    (int)(ev->text + n - last), last);
		}
		/* A challenge nobody answers yet: the person at the keyboard does. */
		if (ev->data && !s->engine_auth)
			session_on_challenge(s, ev->data, ev->len);
		break;
	case SMTP_EV_VIOLATION:
		add_violation(s, &l);
		break;
	case SMTP_EV_NEED_TLS:
		session_note(s, TR_NOTE, l.items.n ? l.items.v[0].text : "");
		session_io_start_tls(s);
		break;
	case SMTP_EV_CLOSED: {
		const char *text = l.items.n ? l.items.v[0].text : "";
		size_t i = tr_add(&s->tr, TR_NOTE, session_now(s), text, strlen(text), s->esc, false);
		tr_explain_items(&s->tr, i, &l.items);
		break;
	}
	case SMTP_EV_CAPS: {
		/* --starttls says TLS is expected: say so when it is not offered. */
		const struct smtp_caps *caps = smtp_client_caps(s->c);
		if (s->o->conn.tls == CONN_TLS_STARTTLS && caps->known && !caps->starttls &&
		    !smtp_client_tls(s->c))
			session_note(s, TR_WARN, _("the server does not offer STARTTLS (--starttls): "
						   "anything sent now, passwords included, crosses the "
						   "network in clear"));
		break;
	}
	case SMTP_EV_STATE:
		break;
	}
	annot_line_free(&l);
}

void session_pump(struct session *s)
{
	struct smtp_event ev;
	while (smtp_client_next_event(s->c, &ev))
		handle_event(s, &ev);
	/* Between events no index is held: the budget may drop old lines. */
	tr_trim(&s->tr);
	if (s->conn)
		conn_kick(s->conn); /* what the engine queued goes out now */
}

struct session *session_new(const struct session_opts *o, struct loop *l)
{
	struct session *s = xcalloc(1, sizeof *s);
	s->o = o;
	s->loop = l;
	s->t0 = loop_now_ms();
	s->esc = esc_flags_for_locale();
	s->no = (struct narrate_opts){.explain = true, .esc_flags = s->esc};
	tr_init(&s->tr, o->max_transcript);
	tf_spool_init(&s->save, o->max_transcript / 4);
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm))
		strftime(s->started, sizeof s->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	s->c = smtp_client_new(&(struct smtp_client_opts){
		.ehlo_name = NULL, .tls_active = o->conn.tls == CONN_TLS_IMPLICIT,
		.lmtp = o->conn.lmtp});
	s->pipe.fd = s->pipe.err_fd = -1;
	if (o->conn.pipe)
		snprintf(s->peer, sizeof s->peer, "pipe:%s", o->conn.pipe);
	else if (o->conn.family == AF_UNIX)
		snprintf(s->peer, sizeof s->peer, "unix:%s", o->conn.host ? o->conn.host : "?");
	else
		snprintf(s->peer, sizeof s->peer, "%s:%s", o->conn.host ? o->conn.host : "?",
			 o->conn.port ? o->conn.port : "?");
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	session_io_free(s);
	session_auth_reset(s);
	smtp_client_free(s->c);
	tr_free(&s->tr);
	tf_spool_free(&s->save);
	annot_items_free(&s->pending);
	free(s->message);
	free(s->challenge);
	free(s);
}

struct smtp_client *session_client(struct session *s)
{
	return s->c;
}

void session_feed(struct session *s, const void *p, size_t n)
{
	smtp_client_feed(s->c, p, n);
	session_pump(s);
}

const struct transcript *session_transcript(const struct session *s)
{
	return &s->tr;
}

int session_save(struct session *s, const char *path)
{
	struct tf_header hdr = {.peer = s->peer, .start = s->started[0] ? s->started : NULL,
				.tool = (char *)"smtpdbg " SMTPDBG_VERSION};
	char why[256];
	if (tf_spool_save(&s->save, &hdr, path, why, sizeof why) < 0) {
		session_say(s, _("cannot write %s: %s"), path, why);
		return -1;
	}
	session_say(s, _("saved the transcript to %s (secrets masked; smtpdbg replay reads it)"),
		    path);
	return 0;
}
