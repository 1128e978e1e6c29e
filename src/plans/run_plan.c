#include "smtpdbg/run_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plan_common.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

static const struct {
	const char *label;
	int code;
} stages[] = {
#define X(name, label, code) {label, code},
	RUN_STAGES(X)
#undef X
};

const char *run_stage_name(enum run_stage s)
{
	return (unsigned)s < RUN_STAGE_COUNT ? stages[s].label : "?";
}

int run_stage_exit(enum run_stage s)
{
	return (unsigned)s < RUN_STAGE_COUNT ? stages[s].code : 1;
}

int run_stage_parse(const char *name)
{
	for (int i = 0; i < RUN_STAGE_COUNT; i++)
		if (!strcasecmp(name, stages[i].label))
			return i;
	return -1;
}

/* What the plan last asked for, so the next reply can be judged. */
enum step {
	STEP_GREETING, STEP_EHLO, STEP_HELO, STEP_STARTTLS, STEP_TLS_EHLO, STEP_AUTH,
	STEP_MAIL, STEP_RCPT, STEP_DATA, STEP_BODY, STEP_SCRIPT, STEP_QUIT, STEP_END,
	STEP_CHUNKS, /* BDAT chunks going out, one reply each */
	STEP_GROUP,  /* a pipelined MAIL, RCPT..., DATA (or BDAT...) awaiting replies */
	STEP_ABORT,  /* DATA got 354 in a failed group: the lone "." ends it */
	STEP_XCLIENT, /* --xclient sent after EHLO: a new 220 greeting is awaited */
};

struct run_plan {
	const struct run_opts *o;
	enum step step;
	enum run_stage stage;
	bool failed, finished;
	char *reason;
	size_t rcpt_next, rcpt_ok, script_next;
	bool tls_done;
	bool xclient_done;            /* XCLIENT was accepted (220) */
	bool auth_cancelled;          /* the client sent "*" */
	bool auth_answered;           /* a non-empty 334 came; unless the client
				       * then cancelled, the engine took it (for
				       * GSSAPI: the server's AP-REP checked out) */
	const struct sasl_mech *mech; /* the mechanism in use */
	char *offered_clear;          /* AUTH list seen before TLS */
	char *note;                   /* for run_plan_take_note */
	const char *note_type;        /* its JSON type: "mechanism" or "stop" */
	struct buf refused;           /* "addr (550 5.1.1), ..." for a partial refusal */
	bool partial;                 /* the message went to some recipients, not all */
	char *ext_note;               /* for run_plan_take_ext_note */

	/* the mail transactions */
	char *mail_params;            /* built once, after the last EHLO */
	struct run_limits lim;        /* RFC 9422, from the last EHLO */
	size_t batch_end;             /* recipients of this transaction end here */
	size_t ntrans;                /* transactions begun */
	size_t prdr_ok, prdr_no;      /* PRDR's per-recipient answers */
	/* a pipelined group: the first failure (stage, why) waits for the rest */
	size_t grp_cmds, grp_left;
	bool grp_failed;
	enum run_stage grp_stage;
	char *grp_reason;
	/* time, for what PIPELINING saved (run_plan_clock) */
	int64_t now_us, ehlo_sent_us, rtt_us, grp_sent_us;
};

struct run_plan *run_plan_new(const struct run_opts *o)
{
	struct run_plan *p = xcalloc(1, sizeof *p);
	p->o = o;
	p->stage = RUN_STAGE_BANNER;
	p->tls_done = o->tls == CONN_TLS_IMPLICIT;
	buf_init(&p->refused, 0);
	return p;
}

void run_plan_free(struct run_plan *p)
{
	if (p) {
		free(p->offered_clear);
		free(p->note);
		free(p->ext_note);
		free(p->mail_params);
		free(p->grp_reason);
		free(p->reason);
		buf_free(&p->refused);
		free(p);
	}
}

static void set_reason(struct run_plan *p, const char *why)
{
	free(p->reason);
	p->reason = xstrdup(why);
}

/* Fail the current stage: say why, and leave politely with QUIT. */
static enum run_action fail(struct run_plan *p, struct smtp_client *c, const char *why)
{
	p->failed = true;
	set_reason(p, why);
	smtp_client_chunking_stop(c);
	if (smtp_client_state(c) != SMTP_ST_CLOSED && smtp_client_state(c) != SMTP_ST_TLS) {
		p->step = STEP_QUIT;
		smtp_client_send(c, "QUIT", 4, 0);
		return RUN_GO_ON;
	}
	p->finished = true;
	return RUN_FINISHED;
}

static enum run_action quit(struct run_plan *p, struct smtp_client *c)
{
	p->step = STEP_QUIT;
	smtp_client_send(c, "QUIT", 4, 0);
	return RUN_GO_ON;
}

static void set_note(struct run_plan *p, char *note, const char *type)
{
	free(p->note);
	p->note = note;
	p->note_type = type;
}

/* Close without QUIT (--drop-after, --drop-after-send): a client that
 * vanishes, as some do, to see what the server makes of it. */
static enum run_action drop(struct run_plan *p, const char *option, enum run_stage s)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("closing the connection without QUIT (%s %s)"), option, run_stage_name(s));
	set_note(p, buf_steal(&b), "stop");
	p->step = STEP_END;
	p->finished = true;
	return RUN_DROP;
}

/* Stop here if --quit-after or --drop-after names the stage just
 * completed; then leave_after says how. */
static bool stop_after(struct run_plan *p, enum run_stage s)
{
	return p->o->quit_after == (int)s && p->o->stop != RUN_STOP_DROP_SEND;
}

static enum run_action leave_after(struct run_plan *p, struct smtp_client *c, enum run_stage s)
{
	if (p->o->stop == RUN_STOP_DROP)
		return drop(p, "--drop-after", s);
	return quit(p, c);
}

/* The command of stage s was just queued: drop now if --drop-after-send
 * names it. */
static enum run_action sent(struct run_plan *p, enum run_stage s)
{
	if (p->o->quit_after == (int)s && p->o->stop == RUN_STOP_DROP_SEND)
		return drop(p, "--drop-after-send", s);
	return RUN_GO_ON;
}

static enum run_action next_rcpt(struct run_plan *p, struct smtp_client *c);
static enum run_action fail(struct run_plan *p, struct smtp_client *c, const char *why);

/* Append a line to the note about the extensions, for the transcript. */
static void add_note(struct run_plan *p, const char *text)
{
	if (!text || !*text)
		return;
	struct buf b;
	buf_init(&b, 0);
	if (p->ext_note)
		buf_printf(&b, "%s\n", p->ext_note);
	buf_adds(&b, text);
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	free(p->ext_note);
	p->ext_note = buf_steal(&b);
}

static bool utf8_session(const struct run_plan *p)
{
	return p->mail_params && strstr(p->mail_params, " SMTPUTF8");
}

static void send_rcpt(struct run_plan *p, struct smtp_client *c, const char *addr)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "RCPT TO:<%s>", addr);
	run_rcpt_params(&b, p->o, smtp_client_caps(c), addr, utf8_session(p));
	smtp_client_send(c, b.data, b.len, 0);
	buf_free(&b);
}

/* The first transaction: the parameters and every refusal, and how LIMITS
 * splits the recipients. Returns false after failing the plan. */
static bool prepare_mail(struct run_plan *p, struct smtp_client *c)
{
	const struct run_opts *o = p->o;
	struct buf params, notes;
	buf_init(&params, 0);
	buf_init(&notes, 0);
	buf_adds(&params, "");
	struct run_mail_ctx x = {.caps = smtp_client_caps(c), .tls = smtp_client_tls(c),
				 .bdat = o->chunking};
	if (run_mail_params(&params, &notes, o, &x) < 0) {
		add_note(p, notes.data);
		fail(p, c, params.data);
		buf_free(&params);
		buf_free(&notes);
		return false;
	}
	size_t per = p->lim.rcptmax ? p->lim.rcptmax : o->nto;
	size_t ntr = per ? (o->nto + per - 1) / per : 1;
	if (ntr > 1) {
		if (p->lim.mailmax && ntr > p->lim.mailmax) {
			buf_printf(&notes, _("the server takes at most %zu recipients per transaction "
					     "and %zu transactions per session (LIMITS, RFC 9422): %zu "
					     "recipients do not fit; give fewer --to"),
				   p->lim.rcptmax, p->lim.mailmax, o->nto);
			fail(p, c, notes.data);
			buf_free(&params);
			buf_free(&notes);
			return false;
		}
		buf_printf(&notes, _("LIMITS RCPTMAX=%zu (RFC 9422): the %zu recipients go in %zu "
				     "transactions, the message sent once in each\n"),
			   p->lim.rcptmax, o->nto, ntr);
	}
	add_note(p, notes.data);
	buf_free(&notes);
	p->mail_params = buf_steal(&params);
	return true;
}

static enum run_action start_mail(struct run_plan *p, struct smtp_client *c)
{
	const struct run_opts *o = p->o;
	if (!o->from)
		return quit(p, c);
	p->stage = RUN_STAGE_MAIL;
	if (!p->ntrans && !prepare_mail(p, c))
		return p->finished ? RUN_FINISHED : RUN_GO_ON;
	p->ntrans++;
	size_t per = p->lim.rcptmax ? p->lim.rcptmax : o->nto;
	p->batch_end = o->nto - p->rcpt_next > per ? p->rcpt_next + per : o->nto;
	p->rcpt_ok = 0;
	p->step = STEP_MAIL;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "MAIL FROM:<%s>%s", o->from, p->mail_params);
	smtp_client_send(c, b.data, b.len, 0);
	buf_free(&b);
	enum run_action a = sent(p, RUN_STAGE_MAIL);
	if (a != RUN_GO_ON || !o->pipeline)
		return a;

	/* RFC 2920: the whole envelope in one write, replies matched in order. */
	p->step = STEP_GROUP;
	p->grp_failed = false;
	p->grp_cmds = 1;
	p->grp_sent_us = p->now_us;
	while (p->rcpt_next < p->batch_end && !stop_after(p, RUN_STAGE_MAIL)) {
		send_rcpt(p, c, o->to[p->rcpt_next++]);
		p->grp_cmds++;
	}
	p->grp_left = p->grp_cmds;
	if ((a = sent(p, RUN_STAGE_RCPT)) != RUN_GO_ON)
		return a;
	if (stop_after(p, RUN_STAGE_MAIL) || stop_after(p, RUN_STAGE_RCPT))
		return RUN_GO_ON; /* --quit-after: no DATA in the group */
	if (o->chunking) {
		smtp_client_chunking(c, o->chunk_size ? o->chunk_size : RUN_CHUNK_DEFAULT);
		if (o->has_body)
			return RUN_SEND_BODY;
		smtp_client_body_end(c);
		return RUN_GO_ON;
	}
	smtp_client_send(c, "DATA", 4, 0);
	p->grp_cmds++;
	p->grp_left = p->grp_cmds;
	return RUN_GO_ON;
}

static enum run_action next_script(struct run_plan *p, struct smtp_client *c);

/* After AUTH (or without it): the script, or the mail transaction. */
static enum run_action after_auth(struct run_plan *p, struct smtp_client *c)
{
	if (p->o->nscript) {
		p->step = STEP_SCRIPT;
		return next_script(p, c);
	}
	return start_mail(p, c);
}

const char *run_plan_note_type(const struct run_plan *p)
{
	return p->note_type ? p->note_type : "mechanism";
}

char *run_plan_take_note(struct run_plan *p)
{
	char *n = p->note;
	p->note = NULL;
	return n;
}

char *run_plan_take_ext_note(struct run_plan *p)
{
	char *n = p->ext_note;
	p->ext_note = NULL;
	return n;
}

static void list_mechs(struct buf *b, const struct smtp_caps *caps)
{
	if (!caps->nauth)
		buf_adds(b, _("none"));
	for (size_t i = 0; i < caps->nauth; i++)
		buf_printf(b, "%s%s", i ? " " : "", caps->auth[i]);
}

/* Why a mechanism the server offers cannot be used here, or NULL. */
static const char *unusable(const struct run_plan *p, const struct smtp_client *c,
			    const struct sasl_mech *m)
{
	const struct run_opts *o = p->o;
	bool tls = smtp_client_tls(c);
	if (m->kerberos && !o->creds.gss_keytab && !o->have_ticket)
		return _("no Kerberos ticket (kinit) and no --keytab");
	if (m->needs_token && !o->creds.token)
		return _("no token given");
	if (m->needs_password && !o->creds.password)
		return _("no password given");
	if (!m->needs_password && !m->needs_token && !m->kerberos && !o->have_cert)
		return _("no client certificate given");
	if (m->plus && !tls)
		return _("channel binding needs TLS");
	if (m->reveals_password && !tls && !o->allow_plaintext_auth)
		return _("it would send the secret in clear");
	return NULL;
}

/* How much a mechanism is worth here: one that would send the password
 * in clear (allowed with --allow-plaintext-auth) comes after every one
 * that would not, whatever its rank over TLS. */
static int worth(const struct sasl_mech *m, bool tls)
{
	return m->reveals_password && !tls ? m->rank - 1000 : m->rank;
}

/* --auth auto: the best mechanism both sides can use, and why. */
static const struct sasl_mech *choose(struct run_plan *p, const struct smtp_client *c,
				      struct buf *why)
{
	const struct smtp_caps *caps = smtp_client_caps(c);
	const struct sasl_mech *best = NULL;
	bool tls = smtp_client_tls(c);
	for (const struct sasl_mech *const *m = sasl_all(); *m; m++) {
		if (!caps_has_auth(caps, (*m)->name))
			continue;
		const char *no = unusable(p, c, *m);
		if (no)
			buf_printf(why, _("; not %s: %s"), (*m)->name, no);
		else if (!best || worth(*m, tls) > worth(best, tls))
			best = *m;
	}
	return best;
}

/* Each offered mechanism and whether it sends the password itself. */
static void list_exposure(struct buf *b, const struct smtp_caps *caps, bool tls)
{
	for (size_t i = 0; i < caps->nauth; i++) {
		const struct sasl_mech *m = sasl_find(caps->auth[i]);
		const char *what = !m			  ? _("unknown to smtpdbg")
				   : m->reveals_password ? (tls ? _("sends the password itself "
								  "(inside TLS here)")
								: _("sends the password itself, "
								    "readable on the wire here"))
				   : m->needs_token	  ? _("sends a token, not the password")
				   : m->kerberos	  ? _("sends a Kerberos ticket, not the password")
				   : m->needs_password	  ? _("does not send the password")
							  : _("uses no password");
		buf_printf(b, "; %s: %s", caps->auth[i], what);
	}
}

/* --auth list: what the server offers, before and after TLS, then QUIT. */
static enum run_action auth_list(struct run_plan *p, struct smtp_client *c)
{
	const struct smtp_caps *caps = smtp_client_caps(c);
	bool tls = smtp_client_tls(c);
	struct buf b;
	buf_init(&b, 0);
	if (tls && p->offered_clear)
		buf_printf(&b, _("AUTH offered before TLS: %s; after TLS: "), p->offered_clear);
	else if (tls)
		buf_adds(&b, _("AUTH offered (TLS from the start): "));
	else
		buf_adds(&b, _("AUTH offered without TLS: "));
	list_mechs(&b, caps);
	list_exposure(&b, caps, tls);
	if (!tls && caps->starttls)
		buf_adds(&b, _("; the server offers STARTTLS: add --starttls to see the list "
			       "after TLS, which often differs"));
	set_note(p, buf_steal(&b), "mechanism");
	return quit(p, c);
}

/* --auth-optional: AUTH did not happen; say so and go on without it. */
static enum run_action skip_auth(struct run_plan *p, struct smtp_client *c, const char *why)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("AUTH did not succeed (%s); --auth-optional: going on without it"),
		   why);
	set_note(p, buf_steal(&b), "mechanism");
	return after_auth(p, c);
}

static enum run_action start_auth(struct run_plan *p, struct smtp_client *c)
{
	const struct run_opts *o = p->o;
	if (o->auth_list) {
		p->stage = RUN_STAGE_AUTH;
		return auth_list(p, c);
	}
	if (!o->auth && !o->auth_auto)
		return after_auth(p, c);
	p->stage = RUN_STAGE_AUTH;
	const struct smtp_caps *caps = smtp_client_caps(c);

	struct buf b;
	buf_init(&b, 0);
	if (p->offered_clear && smtp_client_tls(c))
		buf_printf(&b, _("AUTH offered before TLS: %s; after TLS: "), p->offered_clear);
	else
		buf_adds(&b, _("AUTH offered: "));
	list_mechs(&b, caps);
	p->mech = o->auth;
	if (o->auth_auto) {
		struct buf why;
		buf_init(&why, 0);
		p->mech = choose(p, c, &why);
		if (p->mech)
			buf_printf(&b, _("; chosen: %s, the strongest usable one%s"), p->mech->name,
				   why.len ? why.data : "");
		else
			buf_printf(&b, _("; none usable%s"), why.len ? why.data : "");
		buf_free(&why);
	}
	if (!p->mech && o->auth_optional) {
		free(buf_steal(&b));
		return skip_auth(p, c, _("no mechanism the server offers can be used"));
	}
	if (p->mech && !caps_has_auth(caps, p->mech->name) && o->auth_optional) {
		free(buf_steal(&b));
		return skip_auth(p, c, _("the server does not offer the mechanism"));
	}
	set_note(p, buf_steal(&b), "mechanism");
	if (!p->mech)
		return fail(p, c, _("no mechanism the server offers can be used (see the note above)"));
	if (!caps_has_auth(caps, p->mech->name)) {
		/* b was emptied by buf_steal */
		buf_printf(&b, _("the server does not offer AUTH %s"), p->mech->name);
		if (caps->nauth) {
			buf_adds(&b, _(" (it offers: "));
			list_mechs(&b, caps);
			buf_adds(&b, ")");
		} else {
			buf_adds(&b, smtp_client_tls(c) ? _(" (it offers no AUTH at all)")
						       : _(" (it offers no AUTH before TLS: try --starttls)"));
		}
		enum run_action a = fail(p, c, b.data);
		buf_free(&b);
		return a;
	}
	if (p->mech->plus && !smtp_client_tls(c))
		return fail(p, c, _("a -PLUS mechanism binds to the TLS channel: add --starttls or --tls"));
	if (p->mech->reveals_password && !smtp_client_tls(c) && !o->allow_plaintext_auth &&
	    o->auth_optional)
		return skip_auth(p, c, _("the password would cross the wire in clear"));
	if (p->mech->reveals_password && !smtp_client_tls(c) && !o->allow_plaintext_auth)
		return fail(p, c, _("refusing to send the password in clear over an unencrypted "
				    "connection: add --starttls (or --tls), or --allow-plaintext-auth "
				    "if you really mean it"));
	p->step = STEP_AUTH;
	if (smtp_client_auth(c, p->mech, &o->creds) < 0) {
		/* Its reason in the result line too: --quiet shows no note. */
		const char *why = smtp_client_auth_error(c);
		struct buf m;
		buf_init(&m, 0);
		if (*why)
			buf_printf(&m, _("%s could not start: %s"), p->mech->name, why);
		else
			buf_printf(&m, _("%s could not start"), p->mech->name);
		enum run_action a = fail(p, c, m.data);
		buf_free(&m);
		return a;
	}
	return sent(p, RUN_STAGE_AUTH);
}

/* --xclient: before STARTTLS and AUTH, which should see the client the
 * server is told about. Part of the EHLO stage: its refusal exits 12. */
static enum run_action send_xclient(struct run_plan *p, struct smtp_client *c)
{
	p->stage = RUN_STAGE_EHLO;
	if (!caps_has(smtp_client_caps(c), "XCLIENT"))
		return fail(p, c, _("--xclient was asked for, but the server does not offer "
				    "XCLIENT (Postfix offers it only to the hosts in "
				    "smtpd_authorized_xclient_hosts): not continuing"));
	add_note(p, _("XCLIENT: this client is trusted to say who the real client is; the "
		      "server now treats the session as coming from the attributes given, and "
		      "answers with a new greeting (220), after which EHLO is sent again"));
	p->step = STEP_XCLIENT;
	smtp_client_send(c, p->o->xclient, strlen(p->o->xclient), 0);
	return sent(p, RUN_STAGE_EHLO);
}

/* After a successful EHLO (or HELO): STARTTLS if asked, else AUTH. */
static enum run_action after_hello(struct run_plan *p, struct smtp_client *c)
{
	if (!smtp_client_tls(c)) {
		struct buf b;
		buf_init(&b, 0);
		list_mechs(&b, smtp_client_caps(c));
		free(p->offered_clear);
		p->offered_clear = buf_steal(&b);
	}
	if (p->o->xclient && !p->xclient_done)
		return send_xclient(p, c);
	if (stop_after(p, RUN_STAGE_EHLO))
		return leave_after(p, c, RUN_STAGE_EHLO);
	if (p->o->tls == CONN_TLS_STARTTLS && !p->tls_done) {
		p->stage = RUN_STAGE_TLS;
		if (!smtp_client_caps(c)->starttls)
			return fail(p, c, _("--starttls was asked for, but the server does not offer "
					    "STARTTLS: not continuing in clear"));
		p->step = STEP_STARTTLS;
		smtp_client_send(c, "STARTTLS", 8, 0);
		return sent(p, RUN_STAGE_TLS);
	}
	if (p->tls_done && p->o->tls != CONN_TLS_NONE && stop_after(p, RUN_STAGE_TLS))
		return leave_after(p, c, RUN_STAGE_TLS);
	return start_auth(p, c);
}

/* "QUIT", in any case, alone or with trailing blanks. */
static bool is_quit(const char *l)
{
	if (strncasecmp(l, "QUIT", 4))
		return false;
	for (l += 4; *l; l++)
		if (*l != ' ' && *l != '\t')
			return false;
	return true;
}

/* A script's stage is that of the command it sends last: a reply that
 * fails (or never comes) is then blamed on the right one. */
static void script_stage(struct run_plan *p, const char *line)
{
	static const struct {
		const char *verb;
		enum run_stage stage;
	} map[] = {{"MAIL", RUN_STAGE_MAIL}, {"RCPT", RUN_STAGE_RCPT}, {"DATA", RUN_STAGE_DATA},
		   {"BDAT", RUN_STAGE_DATA}, {"QUIT", RUN_STAGE_QUIT}};
	while (*line == ' ' || *line == '\t')
		line++;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t n = strlen(map[i].verb);
		if (!strncasecmp(line, map[i].verb, n) && (!line[n] || line[n] == ' '))
			p->stage = map[i].stage;
	}
}

static enum run_action next_script(struct run_plan *p, struct smtp_client *c)
{
	const struct run_opts *o = p->o;
	/* In DATA, content lines flow without waiting, up to the "."; after
	 * BDAT n, lines flow until its n octets are sent. */
	while (p->script_next < o->nscript) {
		const char *l = o->script[p->script_next++];
		bool content = smtp_client_state(c) == SMTP_ST_DATA || smtp_client_bdat_left(c);
		if (!content)
			script_stage(p, l);
		smtp_client_send(c, l, strlen(l), 0);
		if (!content && is_quit(l)) {
			p->step = STEP_QUIT; /* the script's own QUIT: no second one */
			return RUN_GO_ON;
		}
		if (smtp_client_bdat_left(c))
			continue;
		if (smtp_client_state(c) != SMTP_ST_DATA || !strcmp(l, "."))
			return RUN_GO_ON;
	}
	return quit(p, c);
}

static enum run_action next_rcpt(struct run_plan *p, struct smtp_client *c)
{
	const struct run_opts *o = p->o;
	if (p->rcpt_next < p->batch_end) {
		p->step = STEP_RCPT;
		send_rcpt(p, c, o->to[p->rcpt_next++]);
		return p->rcpt_next == p->batch_end ? sent(p, RUN_STAGE_RCPT) : RUN_GO_ON;
	}
	if (p->rcpt_ok == 0)
		return fail(p, c, o->nto ? _("no recipient was accepted") : _("no recipient given (--to)"));
	if (stop_after(p, RUN_STAGE_RCPT))
		return leave_after(p, c, RUN_STAGE_RCPT);
	p->stage = RUN_STAGE_DATA;
	if (o->chunking) {
		p->step = STEP_CHUNKS;
		smtp_client_chunking(c, o->chunk_size ? o->chunk_size : RUN_CHUNK_DEFAULT);
		if (o->has_body)
			return RUN_SEND_BODY;
		smtp_client_body_end(c);
		return RUN_GO_ON;
	}
	p->step = STEP_DATA;
	smtp_client_send(c, "DATA", 4, 0);
	return RUN_GO_ON; /* --drop-after-send data: after the message's "." */
}

/* The message went through: the next batch of recipients, or QUIT. */
static enum run_action transaction_done(struct run_plan *p, struct smtp_client *c)
{
	if (p->prdr_ok + p->prdr_no) {
		char line[200];
		snprintf(line, sizeof line,
			 smtp_client_lmtp(c)
			 ? _("LMTP: the message was delivered to %zu of %zu recipients")
			 : _("PRDR: the message was accepted for %zu of %zu recipients"), p->prdr_ok,
			 p->prdr_ok + p->prdr_no);
		add_note(p, line);
		p->prdr_ok = p->prdr_no = 0;
	}
	if (p->rcpt_next < p->o->nto)
		return start_mail(p, c);
	p->partial = p->refused.len > 0; /* the message went to the others */
	p->stage = RUN_STAGE_QUIT;
	if (stop_after(p, RUN_STAGE_DATA))
		return leave_after(p, c, RUN_STAGE_DATA);
	return quit(p, c);
}

static enum run_action fail_reply(struct run_plan *p, struct smtp_client *c,
				  const struct smtp_reply *r)
{
	struct buf b;
	buf_init(&b, 0);
	plan_reply_reason(&b, r);
	enum run_action a = fail(p, c, b.data);
	buf_free(&b);
	return a;
}

static enum run_action on_reply(struct run_plan *p, struct smtp_client *c,
				const struct smtp_reply *r)
{
	/* A malformed or mixed-code reply is no answer, whatever its first code:
	 * every step below then treats it as a failure. */
	int code = r->flags & RF_NO_ANSWER ? 0 : r->code;
	bool ok = code / 100 == 2;

	switch (p->step) {
	case STEP_GREETING:
		if (!ok)
			return fail_reply(p, c, r);
		if (stop_after(p, RUN_STAGE_CONNECT))
			return leave_after(p, c, RUN_STAGE_CONNECT);
		if (stop_after(p, RUN_STAGE_BANNER))
			return leave_after(p, c, RUN_STAGE_BANNER);
		p->stage = RUN_STAGE_EHLO;
		p->step = STEP_EHLO;
		p->ehlo_sent_us = p->now_us;
		/* LMTP greets with LHLO, and has no HELO to fall back to. */
		plan_send(c, smtp_client_lmtp(c) ? "LHLO " : "EHLO ", smtp_client_ehlo_name(c), "");
		return sent(p, RUN_STAGE_EHLO);
	case STEP_EHLO:
	case STEP_TLS_EHLO:
		if (ok) {
			if (p->step == STEP_EHLO)
				p->rtt_us = p->now_us - p->ehlo_sent_us;
			run_limits_parse(&p->lim, r);
			return after_hello(p, c);
		}
		if (p->step == STEP_EHLO && code / 100 == 5 && p->o->tls == CONN_TLS_NONE &&
		    !p->o->auth && !smtp_client_lmtp(c)) {
			/* An old server without extensions: fall back to HELO. */
			p->step = STEP_HELO;
			plan_send(c, "HELO ", smtp_client_ehlo_name(c), "");
			return RUN_GO_ON;
		}
		return fail_reply(p, c, r);
	case STEP_HELO:
		return ok ? after_hello(p, c) : fail_reply(p, c, r);
	case STEP_STARTTLS:
		if (code != 220)
			return fail_reply(p, c, r);
		return RUN_GO_ON; /* NEED_TLS follows */
	case STEP_XCLIENT:
		if (code != 220)
			return fail_reply(p, c, r);
		/* A new greeting: the earlier EHLO no longer counts. */
		p->xclient_done = true;
		p->step = STEP_EHLO;
		plan_send(c, "EHLO ", smtp_client_ehlo_name(c), "");
		return RUN_GO_ON;
	case STEP_AUTH:
		if (code == 334 && p->auth_cancelled)
			return fail(p, c, _("the server kept asking (334) after the exchange was "
					    "cancelled with \"*\": not continuing"));
		if (code == 334)
			return RUN_GO_ON; /* the engine answers the challenge */
		if (code != 235 && p->o->auth_optional && code / 100 >= 4) {
			char why[64];
			snprintf(why, sizeof why, _("the server answered %d"), code);
			return skip_auth(p, c, why);
		}
		if (code == 535 && p->mech && p->mech->kerberos && p->auth_answered &&
		    !p->auth_cancelled)
			set_note(p, xstrdup(_("GSSAPI: the server accepted the ticket and proved "
					      "itself (its AP-REP checked out), then refused the "
					      "login: the principal (or --authzid) may not log in "
					      "there, or its account lookup failed; the server's "
					      "log names the cause")),
				 "mechanism");
		else if (code == 535 && p->mech && p->mech->kerberos)
			set_note(p, xstrdup(_("GSSAPI: the server did not accept the ticket, and "
					      "Kerberos tells the client no more. Likely: the "
					      "clocks differ by more than 5 minutes (check time "
					      "sync), the server's keytab lacks the key of the "
					      "service principal asked for (check --gss-service and "
					      "--gss-host; klist shows the ticket), or the principal "
					      "may not log in there; the server's log names the "
					      "cause")),
				 "mechanism");
		if (code != 235)
			return fail_reply(p, c, r);
		if (!smtp_client_authenticated(c)) {
			/* SCRAM's signature, DIGEST-MD5's rspauth, GSSAPI's AP-REP:
			 * the mechanism's note above says which. */
			struct buf m;
			buf_init(&m, 0);
			buf_printf(&m, _("the server said 235 but did not prove itself as %s requires "
					 "(its proof was missing or wrong): not continuing"),
				   p->mech ? p->mech->name : "AUTH");
			enum run_action a = fail(p, c, m.data);
			buf_free(&m);
			return a;
		}
		if (stop_after(p, RUN_STAGE_AUTH))
			return leave_after(p, c, RUN_STAGE_AUTH);
		return after_auth(p, c);
	case STEP_MAIL:
		if (!ok)
			return fail_reply(p, c, r);
		if (stop_after(p, RUN_STAGE_MAIL))
			return leave_after(p, c, RUN_STAGE_MAIL);
		p->stage = RUN_STAGE_RCPT;
		return next_rcpt(p, c);
	case STEP_RCPT:
		if (ok)
			p->rcpt_ok++;
		else
			buf_printf(&p->refused, "%s%s (%d)", p->refused.len ? ", " : "",
				   p->o->to[p->rcpt_next - 1], code);
		return next_rcpt(p, c);
	case STEP_DATA:
		if (code != 354)
			return fail_reply(p, c, r);
		p->step = STEP_BODY;
		if (p->o->has_body)
			return RUN_SEND_BODY;
		smtp_client_body_end(c);
		return RUN_GO_ON;
	case STEP_BODY:
		if (!ok)
			return fail_reply(p, c, r);
		return transaction_done(p, c);
	case STEP_CHUNKS:
	case STEP_GROUP:
	case STEP_ABORT:
		break; /* chunk_reply, group_reply */
	case STEP_SCRIPT:
		return next_script(p, c);
	case STEP_QUIT:
		p->step = STEP_END;
		p->finished = true;
		return RUN_FINISHED;
	case STEP_END:
		break;
	}
	return RUN_GO_ON;
}

/* A recipient refused, from the RCPT line its reply answers. */
static void note_refused(struct run_plan *p, const char *rcpt_line, int code)
{
	const char *lt = rcpt_line ? strchr(rcpt_line, '<') : NULL;
	const char *gt = lt ? strchr(lt, '>') : NULL;
	if (!gt)
		return;
	buf_printf(&p->refused, "%s%.*s (%d)", p->refused.len ? ", " : "", (int)(gt - lt - 1),
		   lt + 1, code);
}

/* The first failure in a group is the one reported; the rest of the
 * group's replies are waited for, so QUIT does not land in the middle. */
static void group_fail(struct run_plan *p, enum run_stage st, const char *why,
		       const struct smtp_reply *r)
{
	if (p->grp_failed)
		return;
	p->grp_failed = true;
	p->grp_stage = st;
	struct buf b;
	buf_init(&b, 0);
	if (why)
		buf_adds(&b, why);
	else
		plan_reply_reason(&b, r);
	free(p->grp_reason);
	p->grp_reason = buf_steal(&b);
}

/* What PIPELINING saved: the group's commands would each have waited a
 * round trip, measured on EHLO. */
static void group_timing(struct run_plan *p)
{
	if (p->grp_cmds < 2)
		return;
	double took = (double)(p->now_us - p->grp_sent_us) / 1000.0;
	double rtt = (double)p->rtt_us / 1000.0;
	char line[400];
	snprintf(line, sizeof line,
		 P_("PIPELINING: %zu command in one write, all answered %.1f ms later; one at a "
		    "time it would have taken %zu round trips instead of one, at the %.1f ms the "
		    "EHLO round trip took: about %.1f ms saved",
		    "PIPELINING: %zu commands in one write, all answered %.1f ms later; one at a "
		    "time they would have taken %zu round trips instead of one, at the %.1f ms the "
		    "EHLO round trip took: about %.1f ms saved", p->grp_cmds),
		 p->grp_cmds, took, p->grp_cmds, rtt, rtt * (double)(p->grp_cmds - 1));
	add_note(p, line);
	p->grp_cmds = 0;
}

static enum run_action group_reply(struct run_plan *p, struct smtp_client *c,
				   const struct smtp_event *ev)
{
	const struct smtp_reply *r = ev->reply;
	int code = r->flags & RF_NO_ANSWER ? 0 : r->code;
	bool ok = code / 100 == 2;
	const char *v = ev->answers;
	bool envelope = !strcmp(v, "MAIL") || !strcmp(v, "RCPT") || !strcmp(v, "DATA");
	if (envelope && p->grp_left)
		p->grp_left--;

	if (p->step == STEP_ABORT) {
		p->stage = p->grp_stage;
		return fail(p, c, p->grp_reason);
	}
	if (!strcmp(v, "MAIL")) {
		if (!ok)
			group_fail(p, RUN_STAGE_MAIL, NULL, r);
	} else if (!strcmp(v, "RCPT")) {
		if (ok)
			p->rcpt_ok++;
		else
			note_refused(p, ev->answers_line, code);
	} else if (!strcmp(v, "DATA") || !strcmp(v, "BDAT") || !strcmp(v, "DOT")) {
		if (!p->grp_failed && p->rcpt_ok == 0)
			group_fail(p, RUN_STAGE_RCPT, _("no recipient was accepted"), NULL);
		if (!ok && code != 354 && code != 353)
			group_fail(p, RUN_STAGE_DATA, NULL, r);
		if (!strcmp(v, "DATA")) {
			group_timing(p);
			if (code == 354 && p->grp_failed) {
				/* RFC 2920 §3.1: the data phase must be ended, with nothing. */
				p->step = STEP_ABORT;
				smtp_client_body_end(c);
				return RUN_GO_ON;
			}
			if (code == 354) {
				p->stage = RUN_STAGE_DATA;
				p->step = STEP_BODY;
				if (p->o->has_body)
					return RUN_SEND_BODY;
				smtp_client_body_end(c);
				return RUN_GO_ON;
			}
		}
	}
	if (!strcmp(v, "RCPT") || !strcmp(v, "MAIL"))
		p->stage = p->grp_failed ? p->stage : RUN_STAGE_RCPT;
	if (p->grp_failed) {
		smtp_client_chunking_stop(c);
		if (p->grp_left)
			return RUN_GO_ON;
		p->stage = p->grp_stage;
		return fail(p, c, p->grp_reason);
	}
	if (!p->grp_left && (stop_after(p, RUN_STAGE_MAIL) || stop_after(p, RUN_STAGE_RCPT))) {
		group_timing(p);
		if (stop_after(p, RUN_STAGE_RCPT) && !p->rcpt_ok)
			return fail(p, c, _("no recipient was accepted"));
		return leave_after(p, c, stop_after(p, RUN_STAGE_RCPT) ? RUN_STAGE_RCPT
								   : RUN_STAGE_MAIL);
	}
	if (!p->grp_left && p->o->chunking) {
		group_timing(p);
		p->stage = RUN_STAGE_DATA;
		if (ok && (ev->flags & SMTP_F_LAST || !strcmp(v, "DOT")))
			return transaction_done(p, c);
	}
	return RUN_GO_ON;
}

/* PRDR and LMTP: count each recipient's answer for the summary; true
 * for the replies that are not PRDR's final one (353, per recipient). */
static bool prdr_count(struct run_plan *p, const struct smtp_event *ev)
{
	if (ev->flags & SMTP_F_LMTP_RCPT)
		goto count; /* its RCPT line may be unknown (too long to keep) */
	if (ev->reply->code == 353 && !(ev->reply->flags & RF_NO_ANSWER))
		return true;
	if (!ev->answers_line || strcmp(ev->answers, "DOT") ||
	    strncasecmp(ev->answers_line, "RCPT", 4))
		return false;
count:
	if (ev->reply->code / 100 == 2) {
		p->prdr_ok++;
	} else {
		p->prdr_no++;
		note_refused(p, ev->answers_line, ev->reply->code);
	}
	return true;
}

/* LMTP: the replies after the data, one per accepted recipient (RFC 2033
 * §4.2), are the message's result; there is no final one. Once the last
 * is in: delivered to none is the data stage failing, to some a partial
 * refusal (transaction_done names the refused). */
static enum run_action lmtp_reply(struct run_plan *p, struct smtp_client *c,
				  const struct smtp_event *ev)
{
	if (!(ev->flags & SMTP_F_LMTP_DONE))
		return RUN_GO_ON;
	if (p->step == STEP_SCRIPT) {
		p->prdr_ok = p->prdr_no = 0;
		return smtp_client_outstanding(c) ? RUN_GO_ON : next_script(p, c);
	}
	if (p->step != STEP_BODY && p->step != STEP_CHUNKS && p->step != STEP_GROUP)
		return RUN_GO_ON;
	p->stage = RUN_STAGE_DATA;
	if (p->prdr_ok == 0) {
		if (p->prdr_no == 1)
			return fail_reply(p, c, ev->reply);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("the message was delivered to none of its recipients: %s"),
			   p->refused.data ? p->refused.data : "");
		p->prdr_no = 0;
		enum run_action a = fail(p, c, b.data);
		buf_free(&b);
		return a;
	}
	return transaction_done(p, c);
}

/* One BDAT chunk's reply: a refusal ends the transaction; the reply to
 * LAST (or PRDR's final one) completes it. */
static enum run_action chunk_reply(struct run_plan *p, struct smtp_client *c,
				   const struct smtp_event *ev)
{
	const struct smtp_reply *r = ev->reply;
	int code = r->flags & RF_NO_ANSWER ? 0 : r->code;
	if (code / 100 != 2)
		return fail_reply(p, c, r);
	if (ev->flags & SMTP_F_LAST || !strcmp(ev->answers, "DOT"))
		return transaction_done(p, c);
	return RUN_GO_ON;
}

enum run_action run_plan_event(struct run_plan *p, struct smtp_client *c,
			       const struct smtp_event *ev)
{
	if (p->finished)
		return RUN_FINISHED;
	switch (ev->type) {
	case SMTP_EV_REPLY:
		/* Unsolicited replies are reported by the engine and ignored. */
		if (!ev->answers)
			return RUN_GO_ON;
		/* Seen here, since the engine's answer is usually out before the
		 * plan looks (an answer outstanding); a "*" after it cancels. */
		if (p->step == STEP_AUTH && ev->reply->code == 334 && ev->reply->nlines) {
			size_t tn;
			reply_line_text(&ev->reply->lines[ev->reply->nlines - 1], &tn);
			p->auth_answered |= tn > 0;
		}
		/* PRDR: 353 and the per-recipient replies are counted; the final
		 * reply decides. */
		if (prdr_count(p, ev))
			return ev->flags & SMTP_F_LMTP_RCPT ? lmtp_reply(p, c, ev) : RUN_GO_ON;
		/* Replies come in the order of the commands; the engine may have
		 * read several at once, so the plan counts them itself. */
		switch (p->step) {
		case STEP_GROUP:
		case STEP_ABORT:
			return group_reply(p, c, ev);
		case STEP_QUIT:
			if (!strcmp(ev->answers, "BDAT"))
				return RUN_GO_ON; /* the answer to a chunk sent before it */
			if (smtp_client_outstanding(c) > 0)
				return RUN_GO_ON;
			break;
		case STEP_BODY:
		case STEP_CHUNKS:
			break;
		default:
			if (smtp_client_outstanding(c) > 0)
				return RUN_GO_ON;
		}
		if (p->step == STEP_CHUNKS)
			return chunk_reply(p, c, ev);
		return on_reply(p, c, ev->reply);
	case SMTP_EV_NEED_TLS:
		return RUN_START_TLS;
	case SMTP_EV_SENT:
		if (p->step == STEP_AUTH && ev->len == 1 && ev->data[0] == '*')
			p->auth_cancelled = true;
		if ((p->step == STEP_BODY && (ev->flags & SMTP_F_BODY) && ev->len == 1 &&
		     ev->data[0] == '.') ||
		    (ev->flags & SMTP_F_LAST)) /* the "." or BDAT LAST */
			return sent(p, RUN_STAGE_DATA);
		return RUN_GO_ON;
	case SMTP_EV_CLOSED:
		if (p->step != STEP_QUIT && p->step != STEP_END) {
			p->failed = true;
			set_reason(p, ev->text ? ev->text : _("connection closed"));
		}
		p->finished = true;
		return RUN_FINISHED;
	default:
		return RUN_GO_ON;
	}
}

void run_plan_clock(struct run_plan *p, int64_t now_us)
{
	p->now_us = now_us;
}

void run_plan_tls_ready(struct run_plan *p)
{
	p->tls_done = true;
	p->step = STEP_TLS_EHLO;
}

void run_plan_fail(struct run_plan *p, const char *why)
{
	/* No answer to QUIT: the session's work is done, the driver has said
	 * what happened. */
	if (p->step == STEP_QUIT && !p->failed) {
		p->finished = true;
		return;
	}
	if (!p->failed) {
		p->failed = true;
		set_reason(p, why);
	}
	p->finished = true;
}

void run_plan_tls_failed(struct run_plan *p, const char *why)
{
	p->stage = RUN_STAGE_TLS;
	run_plan_fail(p, why);
}

enum run_stage run_plan_stage(const struct run_plan *p)
{
	return p->stage;
}

int run_plan_exit(const struct run_plan *p)
{
	if (p->failed)
		return run_stage_exit(p->stage);
	return p->partial ? RUN_EXIT_PARTIAL : 0;
}

const char *run_plan_refused(const struct run_plan *p)
{
	return p->partial ? p->refused.data : NULL;
}

const char *run_plan_reason(const struct run_plan *p)
{
	return p->failed ? p->reason : NULL;
}
