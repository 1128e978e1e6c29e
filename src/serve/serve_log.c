/* One served session's log (serve_log.h): lines printed bare or explained
 * through a client engine that mirrors the session, and the transcript
 * records saved. */
#include "smtpdbg/serve_log.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/narrate_brief.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/xmalloc.h"

struct serve_log {
	struct serve_log_opts o;
	struct replay *mirror;  /* when explaining or recording */
	bool starttls_offered;  /* in clear, by the last EHLO reply */
	bool ended;
	/* While one record is fed to the mirror: */
	struct buf *out;
	bool secret;            /* the engine found the line secret */
	bool shown;             /* an event showed the line */
	/* Server lines since the last reply the engine framed: shown bare if
	 * the engine shows no reply for them (it never should). */
	struct buf held;
	size_t nheld;
};

struct serve_log *serve_log_new(const struct serve_log_opts *o)
{
	struct serve_log *s = xcalloc(1, sizeof *s);
	s->o = *o;
	if (o->explain || o->record)
		s->mirror = replay_new();
	buf_init(&s->held, 0);
	return s;
}

void serve_log_free(struct serve_log *s)
{
	if (!s)
		return;
	replay_free(s->mirror);
	buf_free(&s->held);
	free(s);
}

/* "[id] " LEAD TEXT "\n" */
static void put(const struct serve_log *s, struct buf *out, const char *lead, const char *text,
		size_t n)
{
	buf_printf(out, "[%u] %s", s->o.id, lead);
	buf_add(out, text, n);
	buf_addc(out, '\n');
}

/* Untrusted text escaped, a secret's tail masked. */
static void put_esc(const struct serve_log *s, struct buf *out, const char *lead,
		    const char *text, size_t n, size_t shown)
{
	struct buf b;
	buf_init(&b, 0);
	esc_append(&b, text, shown, s->o.esc_flags);
	if (shown < n)
		buf_adds(&b, shown ? " " ANNOT_MASK : ANNOT_MASK);
	put(s, out, lead, b.data ? b.data : "", b.len);
	buf_free(&b);
}

/* Each line of a text as an annotation. */
static void put_notes(const struct serve_log *s, struct buf *out, const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		put(s, out, "  # ", p, n);
		p += n + (nl != NULL);
	}
}

/* ---- what only the server's side tells ------------------------------ */

static bool word_is(const char *p, size_t n, const char *w)
{
	return n == strlen(w) && !strncasecmp(p, w, n);
}

/* STARTTLS offered in clear: a keyword line of the reply to EHLO. */
static void note_offer(struct serve_log *s, const struct smtp_event *ev)
{
	const struct smtp_reply *r = ev->reply;
	if (ev->flags & SMTP_F_TLS || r->code != 250 || !ev->answers || strcmp(ev->answers, "EHLO"))
		return;
	s->starttls_offered = false;
	for (size_t k = 1; k < r->nlines; k++) {
		size_t n, w = 0;
		const char *t = reply_line_text(&r->lines[k], &n);
		while (w < n && t[w] != ' ')
			w++;
		if (word_is(t, w, "STARTTLS"))
			s->starttls_offered = true;
	}
}

/* AUTH PLAIN or LOGIN in clear although STARTTLS was offered: the warning
 * a teacher wants to see ("this client sent PLAIN before STARTTLS"). */
static void clear_auth_warning(const struct serve_log *s, const struct smtp_event *ev,
			       const struct tf_record *rec, struct annot_line *l)
{
	if (!s->starttls_offered || (rec->flags & TF_F_TLS) ||
	    (ev->flags & (SMTP_F_SASL | SMTP_F_BODY)))
		return;
	const char *p = (const char *)ev->data, *end = p + ev->len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 5 || strncasecmp(p, "AUTH", 4) || (p[4] != ' ' && p[4] != '\t'))
		return;
	p += 5;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	size_t n = 0;
	while (p + n < end && p[n] != ' ' && p[n] != '\t')
		n++;
	const char *mech = word_is(p, n, "PLAIN") ? "PLAIN" : word_is(p, n, "LOGIN") ? "LOGIN" : NULL;
	if (mech)
		annot_add(&l->items, AK_WARNING, 0, "RFC 3207, RFC 8314",
			  _("this client sent %s before STARTTLS, which the server offered: its user "
			    "name and password cross the network unencrypted (Base64 is no "
			    "encryption)"),
			  mech);
}

/* ---- the mirror's events --------------------------------------------- */

static void flush_held(struct serve_log *s, struct buf *out)
{
	if (out && s->held.len)
		buf_add(out, s->held.data, s->held.len);
	buf_reset(&s->held);
	s->nheld = 0;
}

static void on_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct serve_log *s = arg;
	if (ev->type == SMTP_EV_SENT) {
		s->shown = true;
		s->secret |= (ev->flags & SMTP_F_SECRET) != 0;
	} else if (ev->type == SMTP_EV_REPLY) {
		s->shown = true;
		buf_reset(&s->held);
		s->nheld = 0;
		note_offer(s, ev);
	}
	if (!s->o.explain || !s->out)
		return;
	switch (ev->type) {
	case SMTP_EV_REPLY:
	case SMTP_EV_SENT:
	case SMTP_EV_VIOLATION:
	case SMTP_EV_NEED_TLS:
		break;
	default:
		return; /* the state, the close: the log says them itself */
	}
	struct annot_policy p = {.reveal = s->o.show_secrets, .esc_flags = s->o.esc_flags};
	struct annot_line l;
	annot_event(ev, &p, &l);
	if (ev->type == SMTP_EV_SENT)
		clear_auth_warning(s, ev, rec, &l);
	const char *party = l.party == AP_SERVER ? "S: " : "C: ";
	for (size_t i = 0; i < l.nwire; i++)
		put(s, s->out, party, l.wire[i], strlen(l.wire[i]));
	struct buf b;
	buf_init(&b, 0);
	narrate_brief(&l, &b);
	if (b.data)
		put_notes(s, s->out, b.data);
	buf_free(&b);
	annot_line_free(&l);
}

static void mirror(struct serve_log *s, const struct tf_record *r, struct buf *out)
{
	s->out = out;
	replay_record(s->mirror, r, &(struct replay_cb){.event = on_event, .arg = s});
	s->out = NULL;
}

/* ---- entries ---------------------------------------------------------- */

static void hand_on(struct serve_log *s, const struct tf_record *r)
{
	if (s->o.record)
		s->o.record(s->o.arg, r);
}

void serve_log_note(struct serve_log *s, const char *text, int64_t t_ms, struct buf *out)
{
	struct server_log e = {.kind = SERVER_LOG_NOTE, .text = text, .len = strlen(text)};
	e.shown = e.len;
	serve_log_entry(s, &e, t_ms, out);
}

/* A server line that ends its reply ("250 ...", not "250-..."). */
static bool final_line(const char *p, size_t n)
{
	return n < 4 || p[3] != '-';
}

void serve_log_entry(struct serve_log *s, const struct server_log *e, int64_t t_ms,
		     struct buf *out)
{
	if (s->ended)
		return;
	bool secret = e->shown < e->len;
	struct tf_record r = {.t_ms = t_ms, .data = (uint8_t *)e->text, .len = e->len,
			      .flags = (e->tls ? TF_F_TLS : 0u) | (secret ? TF_F_SECRET : 0u)};
	const char *lead = e->kind == SERVER_LOG_SERVER ? "S: " : "C: ";
	if (e->kind == SERVER_LOG_NOTE) {
		r.kind = TF_NOTE;
		put_esc(s, out, "  # ", e->text, e->len, e->len);
		hand_on(s, &r);
		return;
	}
	r.kind = e->kind == SERVER_LOG_SERVER ? TF_SERVER : TF_CLIENT;
	size_t shown = s->o.show_secrets ? e->len : e->shown;
	if (!s->mirror) {
		put_esc(s, out, lead, e->text, e->len, shown);
		hand_on(s, &r);
		return;
	}
	if (e->kind == SERVER_LOG_SERVER && s->o.explain) {
		/* Kept until the engine frames the reply (its lines then show). */
		put_esc(s, &s->held, lead, e->text, e->len, shown);
		s->nheld++;
	}
	s->secret = false;
	s->shown = false;
	mirror(s, &r, out);
	if (s->secret && !secret) { /* secret by its role: the engine knew better */
		r.flags |= TF_F_SECRET;
		shown = s->o.show_secrets ? e->len : annot_public_prefix(e->text, e->len);
	}
	if (!s->o.explain)
		put_esc(s, out, lead, e->text, e->len, shown);
	else if (e->kind == SERVER_LOG_CLIENT && !s->shown)
		put_esc(s, out, lead, e->text, e->len, shown);
	else if (e->kind == SERVER_LOG_SERVER && !s->shown && final_line(e->text, e->len))
		flush_held(s, out); /* a reply the engine did not take: shown bare */
	hand_on(s, &r);
}

void serve_log_end(struct serve_log *s, const char *why, int64_t t_ms, struct buf *out)
{
	if (s->ended)
		return;
	flush_held(s, out);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connection closed: %s"), why);
	put_esc(s, out, "  # ", b.data, b.len, b.len);
	buf_free(&b);
	struct tf_record r = {.kind = TF_CLOSED, .t_ms = t_ms, .data = (uint8_t *)why,
			      .len = strlen(why)};
	if (s->mirror)
		mirror(s, &r, out);
	hand_on(s, &r);
	s->ended = true;
}
