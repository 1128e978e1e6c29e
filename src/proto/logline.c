/* Mail log lines read for the SMTP reply they carry. Each reader looks
 * for its product's fixed words (memmem, no regex: a log of a million
 * lines must go by fast) and cuts out the reply, the command it answered
 * and who refused whom. */
#define _GNU_SOURCE /* memmem */
#include "smtpdbg/logline.h"

#include <string.h>
#include <strings.h>

const char *log_source_name(enum log_source s)
{
	switch (s) {
	case LOG_POSTFIX_SMTP:
		return "Postfix (smtp)";
	case LOG_POSTFIX_SMTPD:
		return "Postfix (smtpd)";
	case LOG_EXIM:
		return "Exim";
	case LOG_EXIM_REJECT:
		return "Exim (reject)";
	case LOG_SENDMAIL:
		return "Sendmail";
	case LOG_DOVECOT:
		return "Dovecot";
	case LOG_DSN:
		break;
	}
	return "DSN";
}

/* ---- helpers --------------------------------------------------------- */

static const char *find(const char *s, const char *end, const char *needle)
{
	if (!s || s >= end)
		return NULL;
	return memmem(s, (size_t)(end - s), needle, strlen(needle));
}

static const char *find_ci(const char *s, const char *end, const char *needle)
{
	size_t m = strlen(needle);
	for (; s && s + m <= end; s++)
		if (!strncasecmp(s, needle, m))
			return s;
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static struct log_span span(const char *a, const char *b)
{
	struct log_span sp = {a, a && b > a ? (size_t)(b - a) : 0};
	return sp;
}

/* A reply at s: "550 5.1.1 text" or "550-5.1.1 text"; fills code, enh and
 * text. Without a code, only an enhanced code ("5.1.1 text") or nothing. */
static bool read_reply(const char *s, const char *end, struct log_reply *o)
{
	while (s < end && *s == ' ')
		s++;
	size_t n = (size_t)(end - s);
	if (n >= 3 && s[0] >= '2' && s[0] <= '5' && is_digit(s[1]) && is_digit(s[2]) &&
	    (n == 3 || s[3] == ' ' || s[3] == '-')) {
		o->code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		o->code_given = true;
		s += n > 3 ? 4 : 3;
	} else {
		o->code = 0;
	}
	size_t used = enh_parse(s, (size_t)(end - s), &o->enh);
	if (!used)
		memset(&o->enh, 0, sizeof o->enh);
	s += used;
	while (s < end && *s == ' ')
		s++;
	o->text = span(s, end);
	if (!o->code && o->enh.cls)
		o->code = o->enh.cls * 100 + 50; /* 5.1.1 alone: a 550-class refusal */
	return o->code >= 400 && o->code <= 599;
}

/* The code a status gives a line without one: "deferred" 450, else 550. */
static void code_from_status(struct log_reply *o, bool temporary)
{
	if (!o->code)
		o->code = o->enh.cls ? o->enh.cls * 100 + 50 : temporary ? 450 : 550;
}

/* The command in "in reply to RCPT TO command", "after RCPT TO:<x>",
 * "rejected RCPT", a ruleset name, ... */
static const char *verb_of(const char *s, const char *end)
{
	static const struct {
		const char *word, *verb;
	} map[] = {
		{"end of data", "DOT"},  {"end of DATA", "DOT"},    {"END-OF-MESSAGE", "DOT"},
		{"end-of-message", "DOT"}, {"RCPT", "RCPT"},        {"MAIL", "MAIL"},
		{"DATA", "DATA"},        {"EHLO", "EHLO"},          {"HELO", "EHLO"},
		{"LHLO", "EHLO"},        {"STARTTLS", "STARTTLS"},  {"AUTH", "AUTH"},
		{"initial connection", "GREETING"}, {"CONNECT", "GREETING"},
		{"BDAT", "DOT"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t m = strlen(map[i].word);
		if ((size_t)(end - s) >= m && !memcmp(s, map[i].word, m))
			return map[i].verb;
	}
	return NULL;
}

/* The value of key=<...> or key=value, up to ',' ';' or a space. */
static struct log_span field(const char *s, const char *end, const char *key)
{
	const char *k = find(s, end, key);
	if (!k)
		return span(NULL, NULL);
	const char *v = k + strlen(key), *e = v;
	if (e < end && *e == '<') {
		const char *gt = memchr(e, '>', (size_t)(end - e));
		return span(v, gt ? gt + 1 : end);
	}
	while (e < end && *e != ',' && *e != ';' && *e != ' ')
		e++;
	return span(v, e);
}

/* ---- Postfix ---------------------------------------------------------- */

/* postfix/smtp: "status=bounced (host H said: REPLY (in reply to X
 * command))", "status=deferred (host H refused to talk to me: REPLY)",
 * "status=deferred (connect to H: Connection timed out)". */
static bool postfix_smtp(const char *s, const char *end, struct log_reply *o)
{
	const char *st = find(s, end, " status=");
	if (!st)
		return false;
	const char *v = st + 8, *ve = v;
	while (ve < end && *ve != ' ')
		ve++;
	o->status = span(v, ve);
	if ((ve - v == 4 && !memcmp(v, "sent", 4)) || ve >= end)
		return false;
	bool temporary = ve - v == 8 && !memcmp(v, "deferred", 8);
	const char *open = find(ve, end, "(");
	if (!open)
		return false;
	const char *in = open + 1, *ie = end;
	if (ie > in && ie[-1] == ')')
		ie--;
	o->source = LOG_POSTFIX_SMTP;
	o->remote = true;
	o->rcpt = field(s, st, " to=");
	struct log_span dsn = field(s, st, " dsn=");
	const char *said = find(in, ie, " said: ");
	const char *refused = find(in, ie, " refused to talk to me: ");
	if ((said || refused) && !memcmp(in, "host ", 5)) {
		const char *h = in + 5, *he = said ? said : refused;
		o->host = span(h, he);
		const char *r = he + (said ? 7 : 24);
		const char *irt = find(r, ie, " (in reply to ");
		const char *re = irt ? irt : ie;
		if (irt) {
			o->verb = verb_of(irt + 14, ie);
		} else if (refused) {
			o->verb = "GREETING";
		}
		read_reply(r, re, o);
	} else {
		/* Not a reply: what went wrong instead, with the status's code. */
		o->text = span(in, ie);
		if ((size_t)(ie - in) > 11 && !memcmp(in, "connect to ", 11)) {
			const char *c = find(in + 11, ie, ": ");
			o->host = span(in + 11, c ? c : ie);
			o->verb = "GREETING";
		}
		if (dsn.n)
			enh_parse(dsn.p, dsn.n, &o->enh);
	}
	code_from_status(o, temporary);
	return o->code >= 400;
}

/* postfix/smtpd: "NOQUEUE: reject: RCPT from H: REPLY; from=<> to=<>" and
 * "warning: H: SASL LOGIN authentication failed: ..." */
static bool postfix_smtpd(const char *s, const char *end, struct log_reply *o)
{
	const char *rj = find(s, end, ": reject: ");
	if (rj) {
		const char *v = rj + 10;
		const char *from = find(v, end, " from ");
		if (!from)
			return false;
		const char *colon = find(from + 6, end, ": ");
		if (!colon)
			return false;
		o->source = LOG_POSTFIX_SMTPD;
		o->status = span(rj + 2, rj + 8);
		o->verb = verb_of(v, from);
		if (!o->verb && (!memcmp(v, "header", 6) || !memcmp(v, "body", 4)))
			o->verb = "DOT";
		o->host = span(from + 6, colon);
		const char *semi = find(colon + 2, end, "; from=<");
		o->rcpt = field(semi ? semi : end, end, " to=");
		return read_reply(colon + 2, semi ? semi : end, o);
	}
	const char *sasl = find(s, end, " authentication failed");
	if (sasl && find(s, sasl, "SASL ")) {
		const char *w = find(s, sasl, "warning: ");
		const char *hc = w ? find(w + 9, sasl, ": SASL ") : NULL;
		o->source = LOG_POSTFIX_SMTPD;
		o->verb = "AUTH";
		o->host = w && hc ? span(w + 9, hc) : span(NULL, NULL);
		o->code = 535;
		o->text = span(hc ? hc + 2 : sasl, end);
		return true;
	}
	return false;
}

/* ---- Exim -------------------------------------------------------------- */

/* "** a@b R=r T=t H=mx [ip]: SMTP error from remote mail server after RCPT
 * TO:<a@b>: 550 ..." and "== ... defer (-44) ...". */
static bool exim(const char *s, const char *end, struct log_reply *o)
{
	const char *e = find(s, end, "SMTP error from remote mail");
	if (e) {
		const char *after = find(e, end, " after ");
		if (!after)
			return false;
		const char *cmd = after + 7;
		if (!strncmp(cmd, "pipelined ", 10))
			cmd += 10;
		o->source = LOG_EXIM;
		o->remote = true;
		o->verb = verb_of(cmd, end);
		/* The command ends at ": " after its argument (RCPT TO:<x>: 550). */
		const char *gt = NULL;
		if (o->verb && strcmp(o->verb, "DOT") && strcmp(o->verb, "GREETING"))
			gt = find(cmd, end, ">: ");
		const char *r = gt ? gt + 3 : find(cmd, end, ": ");
		if (!r)
			return false;
		if (!gt)
			r += 2;
		const char *h = find(s, e, " H=");
		if (h) {
			const char *he = find(h + 3, e, "]");
			o->host = span(h + 3, he ? he + 1 : e);
		}
		if (s + 3 <= end && !memcmp(s, "** ", 3))
			o->status = span(s, s + 2);
		const char *arrow = find(s, end, "** ");
		if (arrow) {
			const char *sp = memchr(arrow + 3, ' ', (size_t)(end - arrow - 3));
			o->rcpt = span(arrow + 3, sp ? sp : end);
		}
		return read_reply(r, end, o);
	}
	/* Reject log: "H=(helo) [ip] F=<a> rejected RCPT <b>: relay not permitted" */
	const char *rj = find(s, end, " rejected ");
	const char *h = rj ? find(s, rj, "H=") : NULL;
	if (!rj || !h)
		return false;
	const char *what = rj + 10;
	o->verb = verb_of(what, end);
	if (!o->verb && !strncmp(what, "after DATA", 10))
		o->verb = "DOT";
	if (!o->verb && !strncmp(what, "connection", 10))
		o->verb = "GREETING";
	const char *colon = find(what, end, ": ");
	if (!o->verb || !colon)
		return false;
	o->source = LOG_EXIM_REJECT;
	const char *he = find(h, rj, " F=");
	o->host = span(h + 2, he ? he : rj);
	const char *lt = find(what, colon, "<");
	if (lt && !strcmp(o->verb, "RCPT"))
		o->rcpt = span(lt, colon);
	o->status = span(rj + 1, rj + 9);
	read_reply(colon + 2, end, o);
	code_from_status(o, false);
	return true;
}

/* ---- Sendmail ------------------------------------------------------------ */

/* "ruleset=check_rcpt, arg1=<b>, relay=H, reject=550 5.7.1 ...",
 * "stat=Deferred: 451 4.7.1 ...", "dsn=5.1.1, stat=User unknown". */
static bool sendmail(const char *s, const char *end, struct log_reply *o)
{
	const char *rj = find(s, end, " reject=");
	if (rj) {
		o->source = LOG_SENDMAIL;
		o->status = span(rj + 1, rj + 7);
		struct log_span rs = field(s, rj, "ruleset=");
		if (rs.n >= 10 && !memcmp(rs.p, "check_rcpt", 10))
			o->verb = "RCPT";
		else if (rs.n >= 10 && !memcmp(rs.p, "check_mail", 10))
			o->verb = "MAIL";
		else if (rs.n >= 11 && !memcmp(rs.p, "check_relay", 11))
			o->verb = "GREETING";
		o->host = field(s, rj, "relay=");
		if (o->verb && !strcmp(o->verb, "RCPT"))
			o->rcpt = field(s, rj, "arg1=");
		return read_reply(rj + 8, end, o);
	}
	const char *st = find(s, end, " stat=");
	if (!st)
		return false;
	const char *v = st + 6;
	if ((size_t)(end - v) >= 4 && !memcmp(v, "Sent", 4))
		return false;
	o->source = LOG_SENDMAIL;
	o->remote = true;
	o->host = field(s, st, "relay=");
	o->rcpt = field(s, st, "to=");
	bool temporary = (size_t)(end - v) >= 8 && !memcmp(v, "Deferred", 8);
	const char *colon = find(v, end, ": ");
	const char *sp = v;
	while (sp < end && *sp != ':' && *sp != ',')
		sp++;
	o->status = span(v, sp);
	struct log_span dsn = field(s, st, "dsn=");
	if (colon && read_reply(colon + 2, end, o) && o->code_given) {
		/* "Deferred: 451 4.7.1 ..." */
	} else {
		memset(&o->enh, 0, sizeof o->enh);
		o->code = 0;
		o->code_given = false;
		o->text = span(colon ? colon + 2 : v, end);
		if (dsn.n)
			enh_parse(dsn.p, dsn.n, &o->enh);
		if (!dsn.n && !temporary)
			return false; /* a stat= with nothing to read */
	}
	code_from_status(o, temporary);
	return o->code >= 400;
}

/* ---- Dovecot --------------------------------------------------------------- */

/* "auth: passwd-file(bob,192.0.2.10): unknown user", "...: Password
 * mismatch", "imap-login: Disconnected (auth failed, 1 attempts ...)". */
static bool dovecot(const char *s, const char *end, struct log_reply *o)
{
	static const char *const words[] = {"): unknown user", "): Password mismatch",
					    "(auth failed, ", "): Invalid password"};
	const char *hit = NULL;
	for (size_t i = 0; !hit && i < sizeof words / sizeof words[0]; i++)
		hit = find(s, end, words[i]);
	if (!hit || !find(s, end, "auth"))
		return false;
	o->source = LOG_DOVECOT;
	o->verb = "AUTH";
	o->code = 535;
	const char *t = hit[0] == ')' ? hit + 3 : hit + 1;
	o->text = span(t, end);
	const char *open = hit[0] == ')' ? NULL : NULL;
	(void)open;
	/* "(user,ip" before the hit: who was refused. */
	if (hit[0] == ')') {
		const char *p = hit;
		while (p > s && p[-1] != '(')
			p--;
		o->host = span(p, hit);
	} else {
		struct log_span u = field(hit, end, "user=");
		o->host = u;
	}
	return true;
}

/* ---- a bounce's fields ---------------------------------------------------- */

static bool dsn_fields(const char *s, const char *end, struct log_reply *o)
{
	const char *d = find_ci(s, s + 32 < end ? s + 32 : end, "Diagnostic-Code:");
	if (d) {
		const char *semi = memchr(d, ';', (size_t)(end - d));
		if (!semi)
			return false;
		o->source = LOG_DSN;
		o->remote = true;
		return read_reply(semi + 1, end, o);
	}
	const char *st = find_ci(s, s + 16 < end ? s + 16 : end, "Status:");
	if (st && st == s) {
		const char *v = st + 7;
		while (v < end && *v == ' ')
			v++;
		o->source = LOG_DSN;
		o->remote = true;
		size_t used = enh_parse(v, (size_t)(end - v), &o->enh);
		if (!used || o->enh.cls == 2)
			return false;
		o->code = o->enh.cls * 100 + 50;
		o->text = span(v + used, end);
		return true;
	}
	return false;
}

bool logline_parse(const char *s, size_t n, struct log_reply *out)
{
	const char *end = s + n;
	while (end > s && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	bool (*const readers[])(const char *, const char *, struct log_reply *) = {
		postfix_smtp, postfix_smtpd, exim, sendmail, dovecot, dsn_fields,
	};
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		memset(out, 0, sizeof *out);
		if (readers[i](s, end, out))
			return true;
	}
	memset(out, 0, sizeof *out);
	return false;
}
