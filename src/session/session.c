/* The interactive session: engine events become transcript entries (and
 * the annotated text kept for :save); typed lines become commands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "session_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/xmalloc.h"

#define MASKED "[secret]"

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
	if (s->save.n < SESSION_SAVE_LIMIT)
		tf_list_add_event(&s->save, ev, session_now(s), s->tls != NULL);
}

/* A note: the first line shows in the transcript, all of it explains it. */
void session_note(struct session *s, enum tr_kind kind, const char *text)
{
	const char *nl = strchr(text, '\n');
	size_t n = nl ? (size_t)(nl - text) : strlen(text);
	long i = tr_add(&s->tr, kind, session_now(s), text, n, s->esc, false);
	if (i >= 0) {
		s->tr.v[i].tls = s->tls && !s->handshaking;
		tr_explain_add(&s->tr, (size_t)i, text);
	}
	if (kind == TR_TOOL || s->save.n >= SESSION_SAVE_LIMIT)
		return; /* tool output is not part of the session */
	tf_list_add(&s->save, kind == TR_WARN ? TF_WARN : TF_NOTE, session_now(s),
		    s->tls && !s->handshaking ? TF_F_TLS : 0, text, strlen(text));
}

/* The last entry that is a protocol line (S or C), or -1. */
long session_last_protocol_line(const struct transcript *t)
{
	for (size_t i = t->n; i-- > 0;)
		if (t->v[i].kind == TR_SERVER || t->v[i].kind == TR_CLIENT)
			return (long)i;
	return -1;
}

static void add_reply(struct session *s, const struct smtp_event *ev)
{
	const struct smtp_reply *r = ev->reply;
	long first = -1;
	bool ehlo = ev->answers && !strcmp(ev->answers, "EHLO") && r->code == 250;
	for (size_t k = 0; k < r->nlines; k++) {
		long i = tr_add(&s->tr, TR_SERVER, session_now(s), r->lines[k].raw, r->lines[k].len,
				s->esc, k > 0 && first >= 0);
		if (i < 0)
			return;
		struct tr_line *l = &s->tr.v[i];
		l->code = r->code;
		l->tls = s->tls != NULL;
		if (k == 0) {
			first = i;
			if (s->awaiting)
				l->latency_ms = session_now(s) - s->sent_ms;
		}
		if (ehlo && k > 0 && !(r->lines[k].flags & (RF_NUL | RF_CTL | RF_STRAY_CR))) {
			/* Each keyword line explains its own keyword first. */
			size_t tn, kl = 0;
			const char *t = reply_line_text(&r->lines[k], &tn);
			while (kl < tn && t[kl] != ' ' && t[kl] != '=')
				kl++;
			const struct kb_entry *e = kb_keyword(t, kl);
			if (e) {
				struct buf b;
				buf_init(&b, 0);
				buf_printf(&b, "%s  %s  [%s]\n  %s\n", e->key, _(e->title), e->rfc,
					   _(e->text));
				tr_set_note(&s->tr, (size_t)i, b.data);
				buf_free(&b);
			}
		}
	}
	if (first < 0)
		return;
	s->awaiting = smtp_client_outstanding(s->c) > 0;
	s->sent_ms = session_now(s);
	if (r->code == 334 && r->nlines) {
		size_t tn;
		const char *t = reply_line_text(&r->lines[r->nlines - 1], &tn);
		uint8_t *d;
		size_t dn, pos;
		const char *err;
		if (b64_decode(t, tn, &d, &dn, &err, &pos) == 0) {
			tr_set_decoded(&s->tr, s->tr.n - 1, d, dn, s->esc);
			free(d);
		}
	}
	struct buf b;
	buf_init(&b, 0);
	explain_reply(&b, r, ev->answers);
	tr_explain_add(&s->tr, (size_t)first, b.data);
	buf_free(&b);
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
			if (r->code != 235)
				session_auth_failed(s, (size_t)first, r->code);
		}
	}
	if (s->pending_step && r->code != 334) {
		tr_explain_add(&s->tr, (size_t)first, s->pending_step);
		free(s->pending_step);
		s->pending_step = NULL;
	}
}

/* How much of a secret line may be shown: "AUTH MECH" of an AUTH line. */
static size_t public_prefix(const uint8_t *d, size_t n)
{
	const char *p = (const char *)d;
	if (n < 5 || strncasecmp(p, "AUTH ", 5) != 0)
		return 0;
	const char *sp = memchr(p + 5, ' ', n - 5);
	return sp ? (size_t)(sp - p) : n;
}

static void add_sent(struct session *s, const struct smtp_event *ev)
{
	long i = tr_add(&s->tr, TR_CLIENT, session_now(s), ev->data, ev->len, s->esc, false);
	if (i < 0)
		return;
	struct tr_line *l = &s->tr.v[i];
	l->tls = s->tls != NULL;
	if (!s->awaiting) {
		s->awaiting = true;
		s->sent_ms = session_now(s);
	}
	size_t shown = ev->len;
	if (ev->flags & SMTP_F_SECRET) {
		shown = public_prefix(ev->data, ev->len);
		struct buf m;
		buf_init(&m, 0);
		esc_append(&m, ev->data, shown, s->esc);
		buf_adds(&m, shown ? " " MASKED : MASKED);
		tr_set_secret(&s->tr, (size_t)i, m.data);
		buf_free(&m);
	}
	struct buf b;
	buf_init(&b, 0);
	if (ev->flags & SMTP_F_SASL) {
		uint8_t *d;
		size_t dn, pos;
		const char *err;
		if (ev->len == 1 && ev->data[0] == '*') {
			buf_adds(&b, _("\"*\" cancels the authentication exchange; the server answers 501 (RFC 4954 §4)"));
		} else if (b64_decode((const char *)ev->data, ev->len, &d, &dn, &err, &pos) == 0) {
			tr_set_decoded(&s->tr, (size_t)i, d, dn, s->esc);
			wipe(d, dn);
			free(d);
			buf_adds(&b, ev->flags & SMTP_F_SECRET
					     ? _("A secret (the password, or what reveals it), masked; Base64 is an encoding, not encryption. S reveals it.")
					     : _("The answer to the server's challenge, Base64-encoded (the decoded form is shown beside it)."));
		} else {
			buf_adds(&b, _("not valid Base64: the server will reject it with 501 (RFC 4954 §4)"));
		}
	} else if (!(ev->flags & SMTP_F_BODY) && (shown || !(ev->flags & SMTP_F_SECRET))) {
		explain_command(&b, (const char *)ev->data, shown);
	}
	tr_explain_add(&s->tr, (size_t)i, b.data);
	buf_free(&b);
	if (s->pending_step && (ev->flags & SMTP_F_SASL || shown)) {
		tr_explain_add(&s->tr, (size_t)i, s->pending_step);
		free(s->pending_step);
		s->pending_step = NULL;
	}
}

static void add_violation(struct session *s, const struct smtp_event *ev)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%s%s", ev->flags & SMTP_F_SERVER ? _("server: ") : "", ev->text);
	long last = session_last_protocol_line(&s->tr);
	if (last >= 0) {
		struct buf w;
		buf_init(&w, 0);
		buf_printf(&w, _("Warning: %s"), b.data);
		tr_explain_add(&s->tr, (size_t)last, w.data);
		buf_free(&w);
	}
	long i = tr_add(&s->tr, TR_WARN, session_now(s), b.data, b.len, s->esc, false);
	if (i >= 0)
		tr_explain_add(&s->tr, (size_t)i, b.data);
	buf_free(&b);
}

static void handle_event(struct session *s, const struct smtp_event *ev)
{
	save_event(s, ev);
	switch (ev->type) {
	case SMTP_EV_REPLY:
		add_reply(s, ev);
		break;
	case SMTP_EV_SENT:
		add_sent(s, ev);
		break;
	case SMTP_EV_AUTH_STEP:
		if (ev->text && *ev->text) {
			free(s->pending_step);
			s->pending_step = xstrdup(ev->text);
		}
		/* A challenge nobody answers yet: the person at the keyboard does. */
		if (ev->data && !s->engine_auth)
			session_on_challenge(s, ev->data, ev->len);
		break;
	case SMTP_EV_VIOLATION:
		add_violation(s, ev);
		break;
	case SMTP_EV_NEED_TLS:
		session_note(s, TR_NOTE, _("the TLS handshake starts now; afterwards the client must send EHLO again (RFC 3207 §4.2)"));
		session_io_start_tls(s);
		break;
	case SMTP_EV_CLOSED: {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("connection closed: %s"), ev->text);
		long i = tr_add(&s->tr, TR_NOTE, session_now(s), b.data, b.len, s->esc, false);
		if (i >= 0)
			tr_explain_add(&s->tr, (size_t)i, b.data);
		buf_free(&b);
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
}

void session_pump(struct session *s)
{
	struct smtp_event ev;
	while (smtp_client_next_event(s->c, &ev))
		handle_event(s, &ev);
}

struct session *session_new(const struct session_opts *o, struct loop *l)
{
	struct session *s = xcalloc(1, sizeof *s);
	s->o = o;
	s->loop = l;
	s->fd = -1;
	s->t0 = loop_now_ms();
	s->esc = esc_flags_for_locale();
	s->no = (struct narrate_opts){.explain = true, .esc_flags = s->esc};
	tr_init(&s->tr, 0);
	tf_list_init(&s->save);
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm))
		strftime(s->started, sizeof s->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	s->c = smtp_client_new(&(struct smtp_client_opts){
		.ehlo_name = "localhost", .tls_active = o->conn.tls == CONN_TLS_IMPLICIT});
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
	tf_list_free(&s->save);
	free(s->pending_step);
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
	/* The header points into the session; the records stay its own. */
	struct tf_list l = s->save;
	l.hdr.peer = s->peer;
	l.hdr.start = s->started[0] ? s->started : NULL;
	l.hdr.tool = (char *)"smtpdbg " SMTPDBG_VERSION;
	char why[256];
	if (tf_save(path, &l, why, sizeof why) < 0) {
		session_say(s, _("cannot write %s: %s"), path, why);
		return -1;
	}
	session_say(s, _("saved the transcript to %s (secrets masked; smtpdbg replay reads it)"),
		    path);
	return 0;
}
