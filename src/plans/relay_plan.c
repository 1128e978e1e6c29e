/* The open-relay test as a sequence decided from replies alone. */
#include "smtpdbg/relay_plan.h"

#include <stdlib.h>
#include <string.h>

#include "plan_common.h"
#include "smtpdbg/relay_addr.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/xmalloc.h"

/* How much of a reply line the try's result quotes. */
#define QUOTE_MAX 200

static const struct {
	const char *key, *label;
} tricks[] = {
#define X(name, key, label) {key, label},
	RELAY_TRICKS(X)
#undef X
};

const char *relay_trick_key(enum relay_trick t)
{
	return (unsigned)t < RELAY_TRICK_COUNT ? tricks[t].key : "?";
}

bool relay_trick_ambiguous(enum relay_trick t)
{
	/* A source route names the foreign mailbox itself: RFC 5321 §3.6.1 has
	 * servers ignore the route, so accepting it is accepting that mailbox. */
	return t == RELAY_TRICK_PERCENT || t == RELAY_TRICK_BANG_AT || t == RELAY_TRICK_BANG ||
	       t == RELAY_TRICK_QUOTED_AT || t == RELAY_TRICK_QUOTED ||
	       t == RELAY_TRICK_PERCENT_IP;
}

const char *relay_trick_label(enum relay_trick t)
{
	return (unsigned)t < RELAY_TRICK_COUNT ? tricks[t].label : "?";
}

const char *relay_trick_text(enum relay_trick t)
{
	return (unsigned)t < RELAY_TRICK_COUNT ? _(tricks[t].label) : "?";
}

const char *relay_outcome_name(enum relay_outcome o)
{
	switch (o) {
	case RELAY_NOT_RUN: return N_("not run");
	case RELAY_ACCEPTED: return N_("accepted");
	case RELAY_REFUSED: return N_("refused");
	case RELAY_DEFERRED: return N_("deferred");
	case RELAY_SENDER_REFUSED: return N_("sender refused");
	case RELAY_SENDER_DEFERRED: return N_("sender deferred");
	case RELAY_NO_ANSWER: return N_("no answer");
	}
	return "?";
}

const char *relay_outcome_text(enum relay_outcome o)
{
	return _(relay_outcome_name(o));
}

const char *relay_verdict_name(enum relay_verdict v)
{
	switch (v) {
	case RELAY_V_OPEN: return "open relay";
	case RELAY_V_NOT_OPEN: return "not an open relay";
	case RELAY_V_INCONCLUSIVE: break;
	}
	return "inconclusive";
}

const char *relay_verdict_text(enum relay_verdict v)
{
	switch (v) {
	case RELAY_V_OPEN:
		return _("The server relays mail for strangers: it is an open relay.");
	case RELAY_V_NOT_OPEN:
		return _("The server refused to relay for strangers: it is not an open relay.");
	case RELAY_V_INCONCLUSIVE: break;
	}
	return _("The test could not tell whether the server relays for strangers.");
}

/* What the plan last sent, so the next reply can be judged. */
enum step {
	STEP_GREETING, STEP_EHLO, STEP_HELO, STEP_STARTTLS, STEP_TLS_EHLO,
	STEP_MAIL, STEP_RCPT, STEP_DATA, STEP_DOT, STEP_RSET, STEP_QUIT, STEP_END,
};

struct relay_plan {
	const struct relay_opts *o;
	enum step step;
	enum run_stage stage;
	bool failed, finished, tested, tls_done;
	char *reason;
	char *greeting_name, *ehlo_name; /* what the server called itself */
	char *peer_ip;
	char *domain;                    /* used in the tries */
	struct relay_try tries[RELAY_TRICK_COUNT];
	size_t ntries, cur;
	char **notes;                    /* queued for relay_plan_take_note */
	size_t nnotes;
};

struct relay_plan *relay_plan_new(const struct relay_opts *o)
{
	struct relay_plan *p = xcalloc(1, sizeof *p);
	p->o = o;
	p->stage = RUN_STAGE_CONNECT;
	p->tls_done = o->tls == CONN_TLS_IMPLICIT;
	relay_plan_set_peer(p, o->peer);
	return p;
}

void relay_plan_free(struct relay_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ntries; i++) {
		free(p->tries[i].from);
		free(p->tries[i].to);
		free(p->tries[i].text);
		free(p->tries[i].meaning);
	}
	for (size_t i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
	free(p->reason);
	free(p->greeting_name);
	free(p->ehlo_name);
	free(p->peer_ip);
	free(p->domain);
	free(p);
}

void relay_plan_set_peer(struct relay_plan *p, const char *peer)
{
	char *ip = relay_peer_address(peer);
	if (peer && p->stage == RUN_STAGE_CONNECT)
		p->stage = RUN_STAGE_BANNER;
	if (ip) {
		free(p->peer_ip);
		p->peer_ip = ip;
	}
}

static void note(struct relay_plan *p, struct buf *b)
{
	p->notes = xrealloc(p->notes, (p->nnotes + 1) * sizeof *p->notes);
	p->notes[p->nnotes++] = buf_steal(b);
	buf_free(b);
}

char *relay_plan_take_note(struct relay_plan *p)
{
	if (!p->nnotes)
		return NULL;
	char *n = p->notes[0];
	memmove(p->notes, p->notes + 1, --p->nnotes * sizeof *p->notes);
	return n;
}

static void set_reason(struct relay_plan *p, const char *why)
{
	free(p->reason);
	p->reason = xstrdup(why);
}

static enum run_action quit(struct relay_plan *p, struct smtp_client *c)
{
	if (smtp_client_state(c) == SMTP_ST_CLOSED || smtp_client_state(c) == SMTP_ST_TLS) {
		p->finished = true;
		return RUN_FINISHED;
	}
	p->step = STEP_QUIT;
	smtp_client_send(c, "QUIT", 4, 0);
	return RUN_GO_ON;
}

/* A stage before the tries failed: say why and leave. */
static enum run_action fail_stage(struct relay_plan *p, struct smtp_client *c, const char *why)
{
	p->failed = true;
	set_reason(p, why);
	return quit(p, c);
}

static enum run_action fail_reply(struct relay_plan *p, struct smtp_client *c,
				  const struct smtp_reply *r)
{
	struct buf b;
	buf_init(&b, 0);
	plan_reply_reason(&b, r);
	enum run_action a = fail_stage(p, c, b.data);
	buf_free(&b);
	return a;
}

/* What the knowledge base says about a reply to verb, in one line. */
static char *meaning(const struct smtp_reply *r, const char *verb)
{
	struct buf b;
	buf_init(&b, 0);
	const struct kb_entry *e = kb_reply_context(r->code, verb);
	if (!e)
		e = kb_reply_code(r->code);
	if (e)
		buf_printf(&b, "%s (%s)", _(e->title), _(e->rfc));
	const struct kb_entry *x = r->enh.cls ? kb_enhanced(r->enh.subject, r->enh.detail) : NULL;
	if (x)
		buf_printf(&b, "%s%d.%d.%d %s (%s)", b.len ? "; " : "", r->enh.cls, r->enh.subject,
			   r->enh.detail, _(x->title), _(x->rfc));
	return buf_steal(&b);
}

/* Record the reply that decided the current try. */
static void quote(struct relay_plan *p, const struct smtp_reply *r, const char *verb)
{
	struct relay_try *t = &p->tries[p->cur];
	free(t->text);
	free(t->meaning);
	struct buf b;
	buf_init(&b, 0);
	if (r->nlines) {
		size_t n = r->lines[0].len;
		esc_append(&b, r->lines[0].raw, n > QUOTE_MAX ? QUOTE_MAX : n, p->o->esc_flags);
		if (n > QUOTE_MAX || r->nlines_total > 1)
			buf_adds(&b, " ...");
	}
	t->text = buf_steal(&b);
	t->meaning = meaning(r, verb);
}

static void note_result(struct relay_plan *p, const char *where)
{
	const struct relay_try *t = &p->tries[p->cur];
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("try %zu/%zu: %s%s%s"), p->cur + 1, p->ntries,
		   relay_outcome_text(t->outcome), where ? " " : "", where ? where : "");
	if (t->text && *t->text)
		buf_printf(&b, ": %s", t->text);
	if (t->meaning && *t->meaning)
		buf_printf(&b, "\n  %s", t->meaning);
	note(p, &b);
}

/* The tries, built once the server's name is known. */
static void build_tries(struct relay_plan *p)
{
	const struct relay_opts *o = p->o;
	char *literal = p->peer_ip ? relay_address_literal(p->peer_ip) : NULL;
	const char *source;
	if (o->domain) {
		p->domain = xstrdup(o->domain), source = _("--domain");
	} else if (p->ehlo_name) {
		p->domain = xstrdup(p->ehlo_name), source = _("its name in the EHLO reply");
	} else if (p->greeting_name) {
		p->domain = xstrdup(p->greeting_name), source = _("its name in the greeting");
	} else if (literal) {
		p->domain = xstrdup(literal), source = _("it gave no name: its address literal");
	} else {
		p->domain = xstrdup("localhost"), source = _("it gave no name");
	}
	for (int k = 0; k < RELAY_TRICK_COUNT; k++) {
		bool needs_ip = k == RELAY_TRICK_PERCENT_IP || k == RELAY_TRICK_ROUTE_IP;
		if (needs_ip && !literal)
			continue;
		struct relay_try *t = &p->tries[p->ntries++];
		t->trick = (enum relay_trick)k;
		relay_trick_addresses(t->trick, o->from, o->to, p->domain, literal, &t->from,
				      &t->to);
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("%zu tries without AUTH, RSET between them, %s; the server's domain "
			 "in them: %s (%s)"),
		   p->ntries, o->data ? _("a labelled test message after each accepted RCPT")
				      : _("QUIT before DATA"),
		   p->domain, source);
	if (literal)
		buf_printf(&b, _(", its address literal: %s"), literal);
	note(p, &b);
	free(literal);
}

static enum run_action start_try(struct relay_plan *p, struct smtp_client *c)
{
	struct relay_try *t = &p->tries[p->cur];
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("try %zu/%zu: %s: MAIL FROM:<%s> RCPT TO:<%s>"), p->cur + 1, p->ntries,
		   relay_trick_text(t->trick), t->from, t->to);
	note(p, &b);
	p->step = STEP_MAIL;
	plan_send(c, "MAIL FROM:<", t->from, ">");
	return RUN_GO_ON;
}

static enum run_action start_tries(struct relay_plan *p, struct smtp_client *c)
{
	p->tested = true;
	p->stage = RUN_STAGE_MAIL;
	build_tries(p);
	return start_try(p, c);
}

/* The current try is decided: on to the next one, or QUIT. */
static enum run_action next_try(struct relay_plan *p, struct smtp_client *c, const char *where)
{
	note_result(p, where);
	if (p->cur + 1 >= p->ntries) {
		p->stage = RUN_STAGE_QUIT;
		return quit(p, c);
	}
	p->step = STEP_RSET;
	smtp_client_send(c, "RSET", 4, 0);
	return RUN_GO_ON;
}

/* After EHLO or HELO: STARTTLS if asked, else the tries. */
static enum run_action after_hello(struct relay_plan *p, struct smtp_client *c)
{
	if (p->o->tls == CONN_TLS_STARTTLS && !p->tls_done) {
		p->stage = RUN_STAGE_TLS;
		if (!smtp_client_caps(c)->starttls)
			return fail_stage(p, c, _("--starttls was asked for, but the server does not "
						  "offer STARTTLS: not continuing in clear"));
		p->step = STEP_STARTTLS;
		smtp_client_send(c, "STARTTLS", 8, 0);
		return RUN_GO_ON;
	}
	return start_tries(p, c);
}

static enum relay_outcome classify(int code, bool sender)
{
	switch (code / 100) {
	case 2: return sender ? RELAY_NO_ANSWER : RELAY_ACCEPTED;
	case 4: return sender ? RELAY_SENDER_DEFERRED : RELAY_DEFERRED;
	case 5: return sender ? RELAY_SENDER_REFUSED : RELAY_REFUSED;
	default: return RELAY_NO_ANSWER;
	}
}

/* The labelled message sent with --data. */
static void send_message(struct relay_plan *p, struct smtp_client *c)
{
	const struct relay_opts *o = p->o;
	const struct relay_try *t = &p->tries[p->cur];
	const char *tag = o->tag ? o->tag : "0";
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b,
		   "From: <%s>\nTo: <%s>\nSubject: smtpdbg open-relay test %s, try %zu: %s\n"
		   "Date: %s\nMessage-ID: <relay-test.%s.%zu@smtpdbg.invalid>\n"
		   "X-Smtpdbg-Test: open-relay\n\n"
		   "This message was sent by smtpdbg relay-test, on purpose, by someone\n"
		   "checking whether the server that received it relays mail for strangers.\n"
		   "Envelope: MAIL FROM:<%s> RCPT TO:<%s> (%s).\n"
		   "If it reached a mailbox on another domain, that server is an open relay.\n",
		   o->from, o->to, tag, p->cur + 1, relay_trick_key(t->trick),
		   o->date ? o->date : "Thu, 1 Jan 1970 00:00:00 +0000", tag, p->cur + 1, t->from,
		   t->to, relay_trick_label(t->trick));
	smtp_client_body(c, b.data, b.len);
	smtp_client_body_end(c);
	buf_free(&b);
}

static enum run_action on_try_reply(struct relay_plan *p, struct smtp_client *c,
				    const struct smtp_reply *r)
{
	struct relay_try *t = &p->tries[p->cur];
	int code = (r->flags & RF_NO_ANSWER) ? 0 : r->code;
	switch (p->step) {
	case STEP_MAIL:
		t->mail_code = code;
		if (code / 100 == 2) {
			p->stage = RUN_STAGE_RCPT;
			p->step = STEP_RCPT;
			plan_send(c, "RCPT TO:<", t->to, ">");
			return RUN_GO_ON;
		}
		t->outcome = classify(code, true);
		quote(p, r, "MAIL");
		return next_try(p, c, _("at MAIL"));
	case STEP_RCPT:
		t->rcpt_code = code;
		t->outcome = classify(code, false);
		quote(p, r, "RCPT");
		if (t->outcome == RELAY_ACCEPTED && p->o->data) {
			p->stage = RUN_STAGE_DATA;
			p->step = STEP_DATA;
			smtp_client_send(c, "DATA", 4, 0);
			return RUN_GO_ON;
		}
		return next_try(p, c, _("at RCPT"));
	case STEP_DATA:
		t->data_code = code;
		if (code == 354) {
			p->step = STEP_DOT;
			send_message(p, c);
			return RUN_GO_ON;
		}
		t->outcome = code / 100 == 2 ? RELAY_NO_ANSWER : classify(code, false);
		quote(p, r, "DATA");
		return next_try(p, c, _("at DATA"));
	case STEP_DOT:
		t->dot_code = code;
		t->outcome = classify(code, false);
		quote(p, r, "DOT");
		return next_try(p, c, _("after the message"));
	case STEP_RSET:
		/* Whatever RSET got, the next MAIL's reply tells more. */
		p->cur++;
		p->stage = RUN_STAGE_MAIL;
		return start_try(p, c);
	default:
		return RUN_GO_ON;
	}
}

static enum run_action on_reply(struct relay_plan *p, struct smtp_client *c,
				const struct smtp_reply *r)
{
	bool ok = r->code / 100 == 2 && !(r->flags & RF_NO_ANSWER);
	char *name;
	switch (p->step) {
	case STEP_GREETING:
		if (!ok)
			return fail_reply(p, c, r);
		p->greeting_name = relay_name_from_reply(r);
		p->stage = RUN_STAGE_EHLO;
		p->step = STEP_EHLO;
		plan_send(c, "EHLO ", smtp_client_ehlo_name(c), "");
		return RUN_GO_ON;
	case STEP_EHLO:
	case STEP_TLS_EHLO:
	case STEP_HELO:
		if (ok) {
			if ((name = relay_name_from_reply(r))) {
				free(p->ehlo_name);
				p->ehlo_name = name;
			}
			return after_hello(p, c);
		}
		if (p->step == STEP_EHLO && r->code / 100 == 5 && p->o->tls == CONN_TLS_NONE) {
			/* An old server without extensions: fall back to HELO. */
			p->step = STEP_HELO;
			plan_send(c, "HELO ", smtp_client_ehlo_name(c), "");
			return RUN_GO_ON;
		}
		return fail_reply(p, c, r);
	case STEP_STARTTLS:
		if (r->code != 220)
			return fail_reply(p, c, r);
		return RUN_GO_ON; /* NEED_TLS follows */
	case STEP_QUIT:
		p->step = STEP_END;
		p->finished = true;
		return RUN_FINISHED;
	case STEP_END:
		return RUN_GO_ON;
	default:
		return on_try_reply(p, c, r);
	}
}

/* The session ended early: the try under way got no answer, or the stage
 * before the tries failed. */
static void ended(struct relay_plan *p, const char *why)
{
	p->finished = true;
	if (p->step == STEP_QUIT || p->step == STEP_END)
		return;
	if (!p->tested) {
		if (!p->failed) {
			p->failed = true;
			set_reason(p, why);
		}
		return;
	}
	if (!p->reason)
		set_reason(p, why);
	/* After RSET was sent the try was already decided; otherwise it got no
	 * answer (with --data, an accepted RCPT is not enough). */
	if (p->step != STEP_RSET) {
		struct relay_try *t = &p->tries[p->cur];
		t->outcome = RELAY_NO_ANSWER;
		free(t->text);
		t->text = esc_str(why, strlen(why), p->o->esc_flags);
		free(t->meaning);
		t->meaning = NULL;
		note_result(p, NULL);
	}
	p->step = STEP_END;
}

enum run_action relay_plan_event(struct relay_plan *p, struct smtp_client *c,
				 const struct smtp_event *ev)
{
	if (p->finished)
		return RUN_FINISHED;
	if (p->stage == RUN_STAGE_CONNECT)
		p->stage = RUN_STAGE_BANNER; /* bytes came: the connection is up */
	switch (ev->type) {
	case SMTP_EV_REPLY:
		/* Unsolicited replies are reported by the engine and ignored. */
		if (!ev->answers || smtp_client_outstanding(c) > 0)
			return RUN_GO_ON;
		return on_reply(p, c, ev->reply);
	case SMTP_EV_NEED_TLS:
		return RUN_START_TLS;
	case SMTP_EV_CLOSED:
		ended(p, ev->text ? ev->text : _("connection closed"));
		return RUN_FINISHED;
	default:
		return RUN_GO_ON;
	}
}

void relay_plan_fail(struct relay_plan *p, const char *why)
{
	if (!p->finished)
		ended(p, why);
	p->finished = true;
}

void relay_plan_tls_ready(struct relay_plan *p)
{
	p->tls_done = true;
	p->step = STEP_TLS_EHLO;
}

void relay_plan_tls_failed(struct relay_plan *p, const char *why)
{
	p->stage = RUN_STAGE_TLS;
	relay_plan_fail(p, why);
}

bool relay_plan_tested(const struct relay_plan *p)
{
	return p->tested;
}

enum run_stage relay_plan_stage(const struct relay_plan *p)
{
	return p->stage;
}

const char *relay_plan_reason(const struct relay_plan *p)
{
	return p->reason;
}

size_t relay_plan_ntries(const struct relay_plan *p)
{
	return p->ntries;
}

const struct relay_try *relay_plan_try(const struct relay_plan *p, size_t i)
{
	return i < p->ntries ? &p->tries[i] : NULL;
}

const char *relay_plan_mx_host(const struct relay_plan *p)
{
	return p->o->mx_host;
}

const char *relay_plan_domain(const struct relay_plan *p)
{
	return p->domain ? p->domain : "";
}

bool relay_plan_peer_local(const struct relay_plan *p)
{
	return p->peer_ip && relay_address_local(p->peer_ip);
}

enum relay_verdict relay_plan_verdict(const struct relay_plan *p)
{
	size_t refused = 0, sender_refused = 0, ambiguous = 0;
	for (size_t i = 0; i < p->ntries; i++) {
		enum relay_outcome o = p->tries[i].outcome;
		if (o == RELAY_ACCEPTED && !relay_trick_ambiguous(p->tries[i].trick))
			return RELAY_V_OPEN;
		ambiguous += o == RELAY_ACCEPTED;
		refused += o == RELAY_REFUSED;
		sender_refused += o == RELAY_SENDER_REFUSED;
	}
	if (ambiguous)
		return RELAY_V_INCONCLUSIVE;
	/* Closed only when every try met a permanent refusal and at least one
	 * recipient was really tried. */
	if (p->ntries && refused && refused + sender_refused == p->ntries)
		return RELAY_V_NOT_OPEN;
	return RELAY_V_INCONCLUSIVE;
}

int relay_plan_exit(const struct relay_plan *p)
{
	if (!p->tested)
		return run_stage_exit(p->stage);
	switch (relay_plan_verdict(p)) {
	case RELAY_V_OPEN: return RELAY_EXIT_OPEN;
	case RELAY_V_NOT_OPEN: return RELAY_EXIT_NOT_OPEN;
	case RELAY_V_INCONCLUSIVE: break;
	}
	return RELAY_EXIT_INCONCLUSIVE;
}
