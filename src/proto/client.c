/* The client engine: commands out, replies in, the rules in between.
 * See include/smtpdbg/client.h for the contract. */
#include "smtpdbg/client.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_impl.h"
#include "smtpdbg/sasl.h"
#include "client_rules.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* ---- outstanding commands ------------------------------------------- */

/* The longest command line kept to say which command a reply answers. */
#define PEND_LINE_MAX 200

static struct pend *pend_push(struct smtp_client *c, const char *verb)
{
	if (c->npend == c->pend_cap) {
		c->pend_cap = c->pend_cap ? c->pend_cap * 2 : 8;
		c->pend = xrealloc(c->pend, c->pend_cap * sizeof *c->pend);
	}
	struct pend *e = &c->pend[c->npend++];
	memset(e, 0, sizeof *e);
	snprintf(e->verb, VERB_MAX, "%s", verb);
	/* In flight with others: this one and the one before it. */
	if (c->npend > 1 && strcmp(verb, "GREETING")) {
		e->piped = true;
		c->pend[c->npend - 2].piped = true;
	}
	return e;
}

/* Insert at the front: replies due before everything already waiting. */
static struct pend *pend_push_front(struct smtp_client *c, const char *verb)
{
	pend_push(c, verb);
	struct pend e = c->pend[c->npend - 1];
	memmove(c->pend + 1, c->pend, (c->npend - 1) * sizeof *c->pend);
	e.piped = false;
	c->pend[0] = e;
	return &c->pend[0];
}

/* Pops the oldest into out (the caller frees out->line); false when
 * nothing is outstanding. */
static bool pend_pop(struct smtp_client *c, struct pend *out)
{
	if (c->npend == 0)
		return false;
	*out = c->pend[0];
	memmove(c->pend, c->pend + 1, (c->npend - 1) * sizeof *c->pend);
	c->npend--;
	return true;
}

static void pend_clear(struct smtp_client *c)
{
	for (size_t i = 0; i < c->npend; i++)
		free(c->pend[i].line);
	c->npend = 0;
}

static void prdr_clear(struct smtp_client *c)
{
	for (size_t i = 0; i < c->nprdr_rcpt; i++)
		free(c->prdr_rcpt[i]);
	free(c->prdr_rcpt);
	c->prdr_rcpt = NULL;
	c->nprdr_rcpt = 0;
}

/* ---- life cycle ------------------------------------------------------ */

struct smtp_client *smtp_client_new(const struct smtp_client_opts *opts)
{
	struct smtp_client *c = xcalloc(1, sizeof *c);
	c->ehlo_name = xstrdup(opts && opts->ehlo_name ? opts->ehlo_name : "[127.0.0.1]");
	c->tls = opts && opts->tls_active;
	c->lmtp = opts && opts->lmtp;
	reply_framer_init(&c->fr, opts ? &opts->limits : NULL);
	caps_init(&c->caps);
	buf_init(&c->tx, 0);
	c->state = SMTP_ST_GREETING;
	pend_push(c, "GREETING");
	buf_init(&c->chunk, 0);
	return c;
}

void smtp_client_set_ehlo_name(struct smtp_client *c, const char *name)
{
	free(c->ehlo_name);
	c->ehlo_name = xstrdup(name);
}

const char *smtp_client_ehlo_name(const struct smtp_client *c)
{
	return c->ehlo_name;
}

void smtp_client_free(struct smtp_client *c)
{
	if (!c)
		return;
	client_mech_end(c);
	client_item_free(&c->given);
	for (size_t i = c->qhead; i < c->qlen; i++)
		client_item_free(&c->q[i]);
	free(c->q);
	pend_clear(c);
	free(c->pend);
	prdr_clear(c);
	buf_wipe_free(&c->chunk);
	reply_framer_free(&c->fr);
	caps_clear(&c->caps);
	buf_wipe_free(&c->tx);
	free(c->ehlo_name);
	free(c->auth_error);
	free(c);
}

/* ---- sending --------------------------------------------------------- */

void client_emit_sent(struct smtp_client *c, const char *line, size_t n, unsigned flags)
{
	struct ev_item *it = client_push_event(c, SMTP_EV_SENT);
	it->data = xmalloc(n + 1);
	memcpy(it->data, line, n);
	it->data[n] = '\0';
	it->data_len = n;
	it->ev.data = it->data;
	it->ev.len = n;
	it->ev.flags = flags;
	/* Which mechanism a SASL answer belongs to, so it can be read as one. */
	if (flags & SMTP_F_SASL) {
		const struct sasl_mech *m = c->mech ? c->mech : sasl_find(c->hand_mech);
		it->ev.mech = m ? m->name : NULL;
	}
}

/* Servers split a command's words at blanks, tabs included (Postfix
 * does): so does the engine, or "AUTH PLAIN<TAB>response" would not be
 * known for an AUTH line with a secret. */
static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The verb of a command line, upper-cased; *arg points after it. */
static void split_verb(const char *line, size_t n, char verb[VERB_MAX], const char **arg)
{
	/* Leading blanks hide no command: " AUTH PLAIN ..." is still AUTH. */
	size_t i = 0, k = 0;
	while (i < n && blank(line[i]))
		i++;
	while (i < n && !blank(line[i]) && k < VERB_MAX - 1)
		verb[k++] = (char)toupper((unsigned char)line[i++]);
	verb[k] = '\0';
	while (i < n && !blank(line[i]))
		i++; /* an overlong verb is truncated; it is unknown anyway */
	while (i < n && blank(line[i]))
		i++;
	*arg = line + i;
}

static void queue_line(struct smtp_client *c, const char *line, size_t n, unsigned flags)
{
	buf_add(&c->tx, line, n);
	if (!(flags & SMTP_F_RAW))
		buf_add(&c->tx, "\r\n", 2);
	client_emit_sent(c, line, n, flags);
}

/* Whether a blank-separated word of arg is w (case-insensitive). */
static bool has_word(const char *arg, const char *w)
{
	size_t wl = strlen(w);
	for (const char *p = arg; *p;) {
		while (blank(*p))
			p++;
		size_t k = 0;
		while (p[k] && !blank(p[k]))
			k++;
		if (k == wl && !strncasecmp(p, w, wl))
			return true;
		p += k;
	}
	return false;
}

/* The end of the data: one reply due, or with LMTP one per accepted
 * recipient (RFC 2033 §4.2). Which recipients were accepted may not be
 * known yet (RCPT pipelined with BDAT LAST), so the one entry fans out
 * when its first reply arrives: the RCPT replies have all come by then. */
static void lmtp_expect(struct smtp_client *c, const char *verb, bool last)
{
	struct pend *e = pend_push(c, verb);
	e->last = last;
	e->lmtp_fan = c->lmtp;
}

/* Inspect one command line: note the reply due, move the state where
 * sending alone decides it, and return the rule it breaks (N_-marked, for
 * the caller to report after the line itself), or NULL. */
static const char *inspect_command(struct smtp_client *c, const char *line, size_t n,
				   unsigned flags)
{
	char verb[VERB_MAX];
	const char *arg;

	if (c->state == SMTP_ST_DATA) {
		if (n == 1 && line[0] == '.')
			lmtp_expect(c, "DOT", false);
		else if (n > 1 && line[0] == '.' && line[1] != '.')
			return N_("a content line starting with '.' needs an extra '.' (dot-stuffing, RFC 5321 §4.5.2): the server removes the first dot");
		return NULL;
	}
	if (c->sasl_turn) {
		c->sasl_turn = false;
		c->sasl_cancelled = n == 1 && line[0] == '*';
		pend_push(c, "SASL");
		return NULL;
	}
	split_verb(line, n, verb, &arg);
	/* The names the engine gives what is no command (the greeting, the
	 * end of data, a SASL answer) are unknown commands when typed. */
	if (!strcmp(verb, "GREETING") || !strcmp(verb, "DOT") || !strcmp(verb, "SASL"))
		snprintf(verb, VERB_MAX, "?");
	char *argz = xstrndup(arg, n - (size_t)(arg - line));
	struct rules_ctx x = {
		.state = c->state, .caps = &c->caps, .greeted = c->greeted,
		.hello_done = c->hello_done, .tls = c->tls,
		.tls_needs_ehlo = c->tls_needs_ehlo, .authed = c->authed,
		.outstanding = c->npend, .lmtp = c->lmtp,
		.last_outstanding = c->npend ? c->pend[c->npend - 1].verb : NULL,
	};
	for (size_t i = 0; i < c->npend; i++) {
		x.mail_pending |= !strcmp(c->pend[i].verb, "MAIL");
		x.rcpt_pending |= !strcmp(c->pend[i].verb, "RCPT");
	}
	const char *why = rules_check_command(&x, verb, argz, n);
	/* From here the argument is argz: arg is not NUL-terminated (the
	 * line is n bytes), and has_word and strtoull read to a NUL. */
	arg = argz;

	if (!strcmp(verb, "BDAT") && c->lmtp && has_word(arg, "LAST")) {
		/* LMTP answers BDAT LAST per recipient, as it does "." */
		char *end;
		unsigned long long size = strtoull(arg, &end, 10);
		if (end != arg && isdigit((unsigned char)*arg) && !(flags & SMTP_F_CHUNK))
			c->bdat_left = (size_t)size;
		lmtp_expect(c, "BDAT", true);
		wipe(argz, strlen(argz));
		free(argz);
		return why;
	}
	struct pend *e = pend_push(c, verb);
	/* Which command a reply answers, shown when replies come pipelined. */
	if (strcmp(verb, "AUTH") && n <= PEND_LINE_MAX)
		e->line = xstrndup(line, n);
	if (!strcmp(verb, "MAIL")) {
		c->prdr = has_word(arg, "PRDR");
		prdr_clear(c);
	} else if (!strcmp(verb, "BDAT")) {
		/* Exactly this many octets follow the line (RFC 3030 §2). */
		char *end;
		unsigned long long size = strtoull(arg, &end, 10);
		if (end != arg && isdigit((unsigned char)*arg) && !(flags & SMTP_F_CHUNK))
			c->bdat_left = (size_t)size;
		e->last = has_word(arg, "LAST");
	}
	if (!strcmp(verb, "AUTH")) {
		c->sasl_cancelled = false;
		client_set_state(c, SMTP_ST_AUTH);
	}
	else if (!strcmp(verb, "QUIT"))
		client_set_state(c, SMTP_ST_QUIT);
	wipe(argz, strlen(argz));
	free(argz);
	return why;
}

/* Secrets by role, for an exchange the engine does not drive itself (the
 * TUI's typed lines, a --script, a replayed file): an answer is a secret
 * when its mechanism sends the password, a token or a Kerberos ticket (or
 * is unknown), except
 * LOGIN's first answer, the user name (on the AUTH line or after it),
 * whatever a prompt said and whether or not the caller flagged it. */
static bool mech_secret(const char *name)
{
	const struct sasl_mech *m = sasl_find(name);
	return !m || m->reveals_password || m->needs_token || m->kerberos;
}

static unsigned hand_secret(struct smtp_client *c, const char *line, size_t n, bool sasl)
{
	if (sasl) {
		if (n == 1 && line[0] == '*')
			return 0;
		unsigned idx = c->hand_answers++;
		if (n == 0 || (!strcasecmp(c->hand_mech, "LOGIN") && idx == 0))
			return 0; /* an empty answer hides nothing */
		return mech_secret(c->hand_mech) ? SMTP_F_SECRET : 0;
	}
	char verb[VERB_MAX];
	const char *arg;
	split_verb(line, n, verb, &arg);
	if (strcmp(verb, "AUTH"))
		return 0;
	size_t rest = n - (size_t)(arg - line), m = 0;
	while (m < rest && !blank(arg[m]))
		m++;
	snprintf(c->hand_mech, sizeof c->hand_mech, "%.*s", (int)(m < 31 ? m : 31), arg);
	while (m < rest && blank(arg[m]))
		m++;
	bool ir = m < rest;
	c->hand_answers = ir;
	if (!ir || !strcasecmp(c->hand_mech, "LOGIN"))
		return 0;
	return mech_secret(c->hand_mech) ? SMTP_F_SECRET : 0;
}

int smtp_client_send(struct smtp_client *c, const char *line, size_t n, unsigned flags)
{
	const char *why[8];
	size_t nwhy = 0;

	if (c->closed)
		return -1;
	if (c->bdat_left && !(flags & SMTP_F_RAW)) {
		if (memchr(line, '\r', n) || memchr(line, '\n', n))
			return -1;
		client_chunk_line(c, line, n, flags);
		return 0;
	}
	if (!(flags & SMTP_F_RAW)) {
		if (memchr(line, '\r', n) || memchr(line, '\n', n) || memchr(line, '\0', n))
			return -1;
		if (c->state == SMTP_ST_DATA)
			flags |= SMTP_F_BODY;
		else if (c->sasl_turn)
			flags |= SMTP_F_SASL;
		if (!c->mech && !(flags & SMTP_F_BODY))
			flags |= hand_secret(c, line, n, flags & SMTP_F_SASL);
		why[nwhy++] = inspect_command(c, line, n, flags);
	} else {
		/* Raw bytes are sent exactly, but every complete line in them is
		 * still inspected so replies are matched to what was really sent. */
		for (size_t start = 0; start < n;) {
			if (c->bdat_left) { /* a BDAT's octets, not commands */
				size_t take = n - start < c->bdat_left ? n - start : c->bdat_left;
				c->bdat_left -= take;
				start += take;
				continue;
			}
			const char *lf = memchr(line + start, '\n', n - start);
			if (!lf)
				break;
			size_t end = (size_t)(lf - line);
			size_t len = end - start;
			if (len > 0 && line[end - 1] == '\r')
				len--;
			const char *w = inspect_command(c, line + start, len, flags);
			if (nwhy < sizeof why / sizeof why[0])
				why[nwhy++] = w;
			start = end + 1;
		}
	}
	queue_line(c, line, n, flags);
	/* The line first, then what is wrong with it. */
	for (size_t i = 0; i < nwhy; i++)
		if (why[i])
			client_violation(c, SMTP_F_CLIENT, _(why[i]));
	return 0;
}

/* ---- replies --------------------------------------------------------- */

/* PRDR: after 353 to the end of data, one reply per accepted recipient
 * and then the final one are due, before anything else in flight. */
static void prdr_expect(struct smtp_client *c)
{
	pend_push_front(c, "DOT");
	for (size_t i = c->nprdr_rcpt; i-- > 0;) {
		struct pend *e = pend_push_front(c, "DOT");
		e->line = c->prdr_rcpt[i];
		e->piped = e->per_rcpt = true;
	}
	free(c->prdr_rcpt);
	c->prdr_rcpt = NULL;
	c->nprdr_rcpt = 0;
}

/* LMTP: the first reply after the data answers the first accepted
 * recipient; one for each of the others is due next, in RCPT order, before
 * anything else in flight. With none accepted it is a plain reply. */
static void lmtp_fan_out(struct smtp_client *c, struct pend *e)
{
	size_t n = c->nprdr_rcpt;
	if (n == 0)
		return;
	for (size_t i = n; i-- > 1;) {
		struct pend *o = pend_push_front(c, e->verb);
		o->line = c->prdr_rcpt[i];
		o->last = e->last;
		o->piped = o->per_rcpt = true;
		o->last_rcpt = i + 1 == n;
	}
	free(e->line);
	e->line = c->prdr_rcpt[0];
	e->piped = e->per_rcpt = true;
	e->last_rcpt = n == 1;
	free(c->prdr_rcpt);
	c->prdr_rcpt = NULL;
	c->nprdr_rcpt = 0;
}

static void after_reply(struct smtp_client *c, const struct pend *e, const struct smtp_reply *r)
{
	int code = r->code;
	const char *verb = e->verb;

	if (code == 421)
		return; /* the server is closing; the CLOSED event follows */
	if (!strcmp(verb, "GREETING")) {
		c->greeted = true;
		if (code / 100 == 2)
			client_set_state(c, SMTP_ST_HELLO);
	} else if (!strcmp(verb, "EHLO") || !strcmp(verb, "HELO") || !strcmp(verb, "LHLO")) {
		if (code != 250)
			return;
		if (strcmp(verb, "HELO"))
			caps_parse_ehlo(&c->caps, r);
		else
			caps_clear(&c->caps);
		client_push_event(c, SMTP_EV_CAPS);
		c->hello_done = true;
		c->tls_needs_ehlo = false;
		client_set_state(c, SMTP_ST_READY);
	} else if (!strcmp(verb, "STARTTLS")) {
		if (code == 220) {
			c->tls_wait = true;
			client_set_state(c, SMTP_ST_TLS);
			client_push_event(c, SMTP_EV_NEED_TLS);
		}
	} else if (!strcmp(verb, "AUTH") || !strcmp(verb, "SASL")) {
		if (code == 334) {
			client_on_challenge(c, r);
			return;
		}
		c->sasl_turn = false;
		if (code == 235)
			c->authed = client_mech_success(c);
		client_mech_end(c);
		client_set_state(c, c->hello_done ? SMTP_ST_READY : SMTP_ST_HELLO);
	} else if (!strcmp(verb, "MAIL")) {
		if (code == 250)
			client_set_state(c, SMTP_ST_MAIL);
	} else if (!strcmp(verb, "RCPT")) {
		if ((code == 250 || code == 251) && ((c->prdr && e->line) || c->lmtp)) {
			c->prdr_rcpt = xrealloc(c->prdr_rcpt,
						(c->nprdr_rcpt + 1) * sizeof *c->prdr_rcpt);
			c->prdr_rcpt[c->nprdr_rcpt++] = e->line ? xstrdup(e->line) : NULL;
		}
		if ((code == 250 || code == 251) &&
		    (c->state == SMTP_ST_MAIL || c->state == SMTP_ST_RCPT))
			client_set_state(c, SMTP_ST_RCPT);
	} else if (!strcmp(verb, "DATA")) {
		if (code == 354) {
			client_body_start(c);
			client_set_state(c, SMTP_ST_DATA);
		}
	} else if (!strcmp(verb, "DOT")) {
		if (code == 353 && c->prdr) {
			prdr_expect(c);
			return;
		}
		/* Accepted or not, the transaction is over (RFC 5321 §4.1.1.4). */
		client_set_state(c, SMTP_ST_READY);
	} else if (!strcmp(verb, "BDAT")) {
		if (code == 353 && c->prdr && e->last) {
			prdr_expect(c);
			return;
		}
		/* A refused chunk ends the transaction: no more chunks go
		 * (RFC 3030 §4.2); the last chunk's reply ends it anyway. */
		if (code / 100 != 2)
			client_chunk_stop(c);
		if (e->last || code / 100 != 2)
			client_set_state(c, SMTP_ST_READY);
		else
			client_chunk_flush(c);
	} else if (!strcmp(verb, "RSET")) {
		if (code == 250 && c->hello_done)
			client_set_state(c, SMTP_ST_READY);
		prdr_clear(c);
		c->prdr = false;
	} else if (!strcmp(verb, "XCLIENT")) {
		/* A new greeting: everything learnt so far is void. */
		if (code == 220) {
			caps_clear(&c->caps);
			client_push_event(c, SMTP_EV_CAPS);
			c->hello_done = false;
			client_set_state(c, SMTP_ST_HELLO);
		}
	}
}

static void handle_reply(struct smtp_client *c, struct smtp_reply *r)
{
	struct pend e = {.verb = ""};
	bool solicited = pend_pop(c, &e);
	if (solicited && e.lmtp_fan)
		lmtp_fan_out(c, &e);
	const char *verb = e.verb;
	struct ev_item *it = client_push_event(c, SMTP_EV_REPLY);
	if (e.piped && e.line) {
		it->line = xstrdup(e.line);
		it->ev.answers_line = it->line;
	}
	it->reply = r;
	it->ev.reply = r;
	/* Point at a string that outlives the queue entry. */
	static const char *const names[] = {"GREETING", "EHLO", "HELO", "LHLO", "MAIL", "RCPT",
					    "DATA", "DOT", "RSET", "VRFY", "EXPN", "HELP",
					    "NOOP", "QUIT", "STARTTLS", "AUTH", "SASL",
					    "XCLIENT", "ETRN", "BDAT"};
	it->ev.answers = NULL;
	it->ev.flags = (c->tls ? SMTP_F_TLS : 0u) | (c->authed ? SMTP_F_AUTHED : 0u) |
		       (e.last ? SMTP_F_LAST : 0u) |
		       (e.per_rcpt && c->lmtp ? SMTP_F_LMTP_RCPT : 0u) |
		       (e.last_rcpt ? SMTP_F_LMTP_DONE : 0u) |
		       (solicited && !strcmp(verb, "SASL") && c->sasl_cancelled ? SMTP_F_CANCELLED
										 : 0u);
	/* A 334, and the reply that ends an exchange (235, 535, ...), say
	 * which mechanism they belong to. */
	if (r->code == 334 || (solicited && (!strcmp(verb, "AUTH") || !strcmp(verb, "SASL")))) {
		const struct sasl_mech *m = c->mech ? c->mech : sasl_find(c->hand_mech);
		it->ev.mech = m ? m->name : NULL;
	}
	if (solicited) {
		it->ev.answers = "OTHER";
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (!strcmp(names[i], verb))
				it->ev.answers = names[i];
	}

	unsigned serious = r->flags & ~(unsigned)RF_EIGHTBIT;
	if (serious) {
		struct buf b;
		buf_init(&b, 0);
		reply_describe_flags(&b, serious);
		client_violation(c, SMTP_F_SERVER, b.data);
		buf_free(&b);
	}
	if (!solicited) {
		client_violation(c, SMTP_F_SERVER,
			  _("a reply arrived with no command outstanding: ignored, so it cannot be taken as the answer to a later command (RFC 5321 §4.2, RFC 2920 §3.1)"));
		free(e.line);
		return;
	}
	if (!strcmp(verb, "BDAT") && (r->code == 500 || r->code == 502) && c->bdat_left) {
		/* A server without CHUNKING took the line for an unknown command:
		 * it reads what follows as commands, and so does the engine. */
		c->bdat_left = 0;
	}
	if (!r->code || (r->flags & RF_NO_ANSWER)) {
		/* No state change: a mixed-code EHLO reply yields no capabilities. */
		const char *what = r->flags & RF_INCOMPLETE ? _("incomplete")
				   : r->flags & RF_MALFORMED || !r->code ? _("malformed")
				   : _("ambiguous (different codes)");
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("the reply is %s, so it is not taken as success or failure of the "
				 "command"), what);
		client_violation(c, SMTP_F_SERVER, b.data);
		buf_free(&b);
		free(e.line);
		return;
	}
	if (!rules_reply_expected(verb, r->code)) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("%d is not among the replies %s may get (RFC 5321 §4.3.2)"),
			   r->code, !strcmp(verb, "DOT") ? _("the end of data") : verb);
		client_violation(c, SMTP_F_SERVER, b.data);
		buf_free(&b);
	}
	after_reply(c, &e, r);
	free(e.line);
}

static void discard_injected(struct smtp_client *c, size_t n)
{
	reply_framer_free(&c->fr);
	reply_framer_init(&c->fr, &c->fr.lim);
	if (c->injected_seen)
		return; /* one report per handshake, however the bytes trickle in */
	c->injected_seen = true;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, P_("the server sent %zu byte in clear after its 220 to STARTTLS and "
			  "before the TLS handshake; discarded unread, since an attacker can inject "
			  "it (CVE-2011-0411)",
			  "the server sent %zu bytes in clear after its 220 to STARTTLS and "
			  "before the TLS handshake; discarded unread, since an attacker can inject "
			  "them (CVE-2011-0411)", n),
		   n);
	client_violation(c, SMTP_F_SERVER, b.data);
	buf_free(&b);
}

void smtp_client_feed(struct smtp_client *c, const void *vp, size_t n)
{
	const char *p = vp;
	size_t off = 0;

	if (c->closed || n == 0)
		return;
	if (c->tls_wait) {
		discard_injected(c, n);
		return;
	}
	while (off < n) {
		struct smtp_reply *r;
		off += reply_framer_feed(&c->fr, p + off, n - off, &r);
		if (r)
			handle_reply(c, r);
		if (c->tls_wait) {
			size_t rest = n - off + reply_framer_pending(&c->fr);
			if (rest)
				discard_injected(c, rest);
			return;
		}
	}
}

void smtp_client_closed(struct smtp_client *c, const char *why)
{
	if (c->closed)
		return;
	struct smtp_reply *r = reply_framer_finish(&c->fr);
	if (r)
		handle_reply(c, r);
	bool expected = c->state == SMTP_ST_QUIT;
	c->closed = true;
	client_mech_end(c);
	if (c->npend > 0 && !expected) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, P_("the connection closed while %zu command awaited a reply",
				  "the connection closed while %zu commands awaited a reply", c->npend),
			   c->npend);
		client_violation(c, SMTP_F_SERVER, b.data);
		buf_free(&b);
	}
	pend_clear(c);
	client_chunk_stop(c);
	client_set_state(c, SMTP_ST_CLOSED);
	client_ev_text(c, SMTP_EV_CLOSED, why ? why : _("connection closed"), 0);
}

void smtp_client_tls_ready(struct smtp_client *c, bool send_ehlo)
{
	c->tls_wait = false;
	c->injected_seen = false;
	c->tls = true;
	c->tls_needs_ehlo = true;
	c->hello_done = false;
	caps_clear(&c->caps);
	client_push_event(c, SMTP_EV_CAPS);
	client_set_state(c, SMTP_ST_HELLO);
	if (send_ehlo) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, c->lmtp ? "LHLO %s" : "EHLO %s", c->ehlo_name);
		smtp_client_send(c, b.data, b.len, 0);
		buf_free(&b);
	}
}

/* ---- accessors ------------------------------------------------------- */

size_t smtp_client_tx(struct smtp_client *c, const uint8_t **p)
{
	*p = (const uint8_t *)c->tx.data;
	return c->tx.len;
}

void smtp_client_tx_done(struct smtp_client *c, size_t n)
{
	if (c->tx.data)
		wipe(c->tx.data, n < c->tx.len ? n : c->tx.len);
	buf_consume(&c->tx, n);
}

enum smtp_state smtp_client_state(const struct smtp_client *c) { return c->state; }
const struct smtp_caps *smtp_client_caps(const struct smtp_client *c) { return &c->caps; }
bool smtp_client_tls(const struct smtp_client *c) { return c->tls; }
bool smtp_client_authenticated(const struct smtp_client *c) { return c->authed; }
size_t smtp_client_outstanding(const struct smtp_client *c) { return c->npend; }
bool smtp_client_lmtp(const struct smtp_client *c) { return c->lmtp; }


const char *smtp_client_awaiting(const struct smtp_client *c)
{
	return c->npend ? c->pend[0].verb : NULL;
}
