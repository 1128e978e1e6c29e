/* Mail log lines read for the SMTP reply they carry. Each reader looks
 * for its product's fixed words (memmem, no regex: a log of a million
 * lines must go by fast) and cuts out the reply, the command it answered
 * and who refused whom. Last, a mail daemon's line with the words of a
 * failure but no reply (daemon_event) is offered with code 0: the program
 * is found from the syslog tag (or Exim's own time stamp), everyday lines
 * stop at their first words, and only a line with a failure word is
 * offered, for the documented texts of the diagnosis to recognise. */
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
	case LOG_REPLY:
		return "reply";
	case LOG_POSTFIX:
		return "Postfix";
	case LOG_OPENSMTPD:
		return "OpenSMTPD";
	case LOG_MADDY:
		return "maddy";
	case LOG_FILTER:
		return "mail filter";
	case LOG_BOUNCE:
		return "bounce";
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

/* Whether [s, end) starts with w (the line has no terminator). */
static bool starts(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - s) >= n && !memcmp(s, w, n);
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
		/* The reason (smtpd_sasl_glue.c: "... authentication failed: %s,
		 * sasl_username=%s"): what the client was told after "535 5.7.8
		 * Error: authentication failed:" (or "454 4.7.0 Temporary
		 * authentication failure:" when the backend failed). */
		const char *why = sasl + 22;
		if (why + 2 <= end && why[0] == ':' && why[1] == ' ')
			why += 2;
		const char *ue = find(why, end, ", sasl_username=");
		o->text = span(why, ue ? ue : end);
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
		if (starts(cmd, end, "pipelined "))
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
		/* Exim before 4.80: "after RCPT TO:<b>: host mx [ip]: 550 ..." */
		if ((size_t)(end - r) > 5 && !memcmp(r, "host ", 5)) {
			const char *hb = find(r + 5, end, "]: ");
			if (hb) {
				o->host = span(r + 5, hb + 1);
				r = hb + 3;
			}
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
	if (!o->verb && starts(what, end, "after DATA"))
		o->verb = "DOT";
	if (!o->verb && starts(what, end, "connection"))
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

/* A reply line on its own, pasted or quoted: "550 5.1.1 ..." or the first
 * line of a multi-line one, "550-5.7.26 ...". */
static bool bare_reply(const char *s, const char *end, struct log_reply *o)
{
	if (end - s < 3 || s[0] < '4' || s[0] > '5' || !is_digit(s[1]) || !is_digit(s[2]) ||
	    (end - s > 3 && s[3] != ' ' && s[3] != '-'))
		return false;
	o->source = LOG_REPLY;
	o->remote = true;
	return read_reply(s, end, o);
}

/* ---- a reply quoted in a bounce's text ------------------------------------ */

/* The end of a reply quoted up to a closing quote: the last q in [s, end). */
static const char *last_char(const char *s, const char *end, char q)
{
	for (const char *p = end; p > s; p--)
		if (p[-1] == q)
			return p - 1;
	return NULL;
}

/* Postfix's words in a bounce or on a line of their own: "<b@x>: host H
 * said: REPLY (in reply to RCPT TO command)", "host H refused to talk to
 * me: REPLY" (smtp/smtp_proto.c, smtp_chat.c). */
static bool postfix_host_said(const char *s, const char *end, struct log_reply *o)
{
	const char *at = find(s, end, " said: ");
	bool said = at != NULL;
	if (!at)
		at = find(s, end, " refused to talk to me");
	if (!at || find(s, end, " status="))
		return false;
	const char *h = NULL;
	for (const char *p = s; (p = find(p, at, "host ")) != NULL; p += 5)
		h = p;
	if (!h || (h > s && h[-1] != ' ' && h[-1] != '('))
		return false;
	const char *r = at + 7;
	if (!said) {
		r = at + 22;
		if (r >= end || (*r != ':' && *r != '.'))
			return false;
		r++;
	}
	o->source = LOG_POSTFIX_SMTP;
	o->remote = true;
	o->host = span(h + 5, at);
	/* "<b@example.org>: host ...": the recipient. */
	if (h >= s + 3 && h[-1] == ' ' && h[-2] == ':' && h[-3] == '>') {
		const char *lt = h - 3;
		while (lt > s && *lt != '<')
			lt--;
		if (*lt == '<')
			o->rcpt = span(lt, h - 2);
	}
	const char *re = end;
	if (re > r && re[-1] == ')' && !said)
		re--;
	const char *irt = find(r, end, " (in reply to ");
	if (irt) {
		o->verb = verb_of(irt + 14, end);
		re = irt;
	} else if (!said) {
		o->verb = "GREETING";
	}
	return read_reply(r, re, o) && o->code_given;
}

/* Exchange's NDR: "Remote Server returned '550 5.1.10 ...'", "Server at H
 * returned '550 5.4.316 ...'", "#550 5.2.3 RESOLVER.RST...; ... ##". */
static bool exchange_ndr(const char *s, const char *end, struct log_reply *o)
{
	const char *q = NULL, *qe = NULL;
	const char *rs = find_ci(s, end, "Remote Server returned '");
	if (rs) {
		q = rs + 24;
	} else if ((rs = find(s, end, "Server at ")) != NULL) {
		const char *ret = find(rs + 10, end, " returned '");
		if (!ret)
			return false;
		o->host = span(rs + 10, ret);
		q = ret + 11;
	} else if (end - s > 5 && s[0] == '#' && (s[1] == '4' || s[1] == '5')) {
		q = s + 1;
		qe = find(q, end, " ##");
	} else {
		return false;
	}
	if (!qe)
		qe = last_char(q, end, '\'');
	o->source = LOG_BOUNCE;
	o->remote = true;
	return read_reply(q, qe ? qe : end, o) && o->code_given;
}

/* A fragment of a bounce that starts with the enhanced code: "5.1.1 <b@x>:
 * inactive email address (in reply to RCPT TO command)". */
static bool enh_fragment(const char *s, const char *end, struct log_reply *o)
{
	struct enh_code e;
	if (end - s < 7 || (s[0] != '4' && s[0] != '5') || s[1] != '.')
		return false;
	size_t used = enh_parse(s, (size_t)(end - s), &e);
	if (!used || used >= (size_t)(end - s) || s[used] != ' ')
		return false;
	const char *irt = find(s, end, " (in reply to ");
	o->source = LOG_BOUNCE;
	o->remote = true;
	if (irt)
		o->verb = verb_of(irt + 14, end);
	return read_reply(s, irt ? irt : end, o);
}

/* ---- milters, OpenSMTPD, maddy --------------------------------------------- */

/* Postfix: "QID: milter-reject: END-OF-MESSAGE from H[ip]: 5.7.1 text; from=<a>
 * to=<b> ..." (cleanup/cleanup_milter.c logs the reply without its code:
 * "text = resp + 4"; smtpd logs it with the code), and the same words
 * quoted in a bounce: "milter-reject for END-OF-MESSAGE. 5.7.1 text". */
static bool milter_reject(const char *s, const char *end, struct log_reply *o)
{
	const char *m = find(s, end, "milter-reject");
	if (!m)
		return false;
	const char *p = m + 13;
	if (p < end && *p == ':')
		p++;
	while (p < end && *p == ' ')
		p++;
	if (end - p >= 4 && !memcmp(p, "for ", 4))
		p += 4;
	o->verb = verb_of(p, end);
	const char *w = p;
	while (w < end && *w != ' ' && *w != '.' && *w != ':')
		w++;
	const char *r = w, *colon;
	if (end - w > 6 && !memcmp(w, " from ", 6) && (colon = find(w + 6, end, ": ")) != NULL) {
		o->host = span(w + 6, colon);
		r = colon + 2;
	}
	const char *semi = find(r, end, "; from=<");
	if (semi)
		o->rcpt = field(semi, end, " to=");
	o->source = LOG_POSTFIX_SMTPD;
	o->status = span(m, m + 13);
	while (r < end && (*r == ' ' || *r == '.' || *r == ':'))
		r++;
	read_reply(r, semi ? semi : end, o);
	return o->code >= 400 && o->code <= 599;
}

/* OpenSMTPD (smtp_session.c, smtp_reply): "ID smtp failed-command
 * command=\"AUTH LOGIN (password)\" result=\"535 Authentication failed\"",
 * "ID smtp bad-input result=\"500 ...\"". */
static bool opensmtpd_result(const char *s, const char *end, struct log_reply *o)
{
	const char *c = find(s, end, " smtp failed-command command=\"");
	const char *res = find(c ? c : s, end, c ? "\" result=\"" : " smtp bad-input result=\"");
	if (!res)
		return false;
	const char *q = c ? res + 10 : res + 24;
	const char *qe = last_char(q, end, '"');
	o->source = LOG_OPENSMTPD;
	if (c)
		o->verb = verb_of(c + 30, end);
	return read_reply(q, qe ? qe : end, o) && o->code_given;
}

/* A JSON string value after key ("\"smtp_msg\":\""), up to its closing quote. */
static struct log_span json_str(const char *s, const char *end, const char *key)
{
	const char *k = find(s, end, key);
	if (!k)
		return span(NULL, NULL);
	const char *v = k + strlen(key), *e = v;
	while (e < end && *e != '"')
		e += e[0] == '\\' && e + 1 < end ? 2 : 1;
	return span(v, e < end ? e : end);
}

/* maddy (framework/exterrors/smtp.go Fields, endpoint/smtp/session.go):
 * "smtp: DATA error\t{\"smtp_code\":550,\"smtp_enchcode\":\"5.7.1\",
 * \"smtp_msg\":\"DMARC check failed\",...}". */
static bool maddy(const char *s, const char *end, struct log_reply *o)
{
	const char *c = find(s, end, "\"smtp_code\":");
	if (!c)
		return false;
	const char *v = c + 12;
	int code = 0;
	while (v < end && is_digit(*v) && code < 1000)
		code = code * 10 + (*v++ - '0');
	if (code < 400 || code > 599)
		return false;
	o->source = LOG_MADDY;
	o->code = code;
	o->code_given = true;
	struct log_span ec = json_str(s, end, "\"smtp_enchcode\":\"");
	if (!ec.n || !enh_parse(ec.p, ec.n, &o->enh))
		memset(&o->enh, 0, sizeof o->enh);
	o->text = json_str(s, end, "\"smtp_msg\":\"");
	const char *err = find(s, c, " error");
	if (err) {
		const char *w = err;
		while (w > s && w[-1] != ' ' && w[-1] != ':')
			w--;
		o->verb = verb_of(w, err);
	}
	return true;
}

/* ---- a mail daemon's failure in words ------------------------------------ */

enum family { FAM_POSTFIX, FAM_EXIM, FAM_SENDMAIL, FAM_DOVECOT, FAM_OPENSMTPD, FAM_FILTER };

/* The programs whose lines are read: a syslog tag ("postfix/smtpd[9]:",
 * "dovecot:", "auth-worker(22401):") is one of these names, or starts with
 * one of the prefixes. */
static const struct daemon {
	const char *name;
	unsigned char len;
	bool prefix;
	enum family fam;
} daemons[] = {
	{"postfix", 7, true, FAM_POSTFIX}, /* postfix/smtpd, postfix-out/smtp */
	{"postscreen", 10, false, FAM_POSTFIX},
	{"exim", 4, true, FAM_EXIM}, /* exim, exim4 */
	{"sendmail", 8, false, FAM_SENDMAIL},
	{"sm-mta", 6, false, FAM_SENDMAIL},
	{"sm-msp-queue", 12, false, FAM_SENDMAIL},
	{"sm-acceptingconnections", 23, false, FAM_SENDMAIL}, /* its process title */
	{"dovecot", 7, false, FAM_DOVECOT},
	{"auth", 4, false, FAM_DOVECOT}, /* Dovecot's own log file: "auth: Info: ..." */
	{"auth-worker", 11, false, FAM_DOVECOT},
	{"dovecot-auth", 12, false, FAM_DOVECOT}, /* Dovecot 1 */
	{"imap-login", 10, false, FAM_DOVECOT},
	{"pop3-login", 10, false, FAM_DOVECOT},
	{"submission-login", 16, false, FAM_DOVECOT},
	{"managesieve-login", 17, false, FAM_DOVECOT},
	{"imap", 4, false, FAM_DOVECOT},
	{"pop3", 4, false, FAM_DOVECOT},
	{"lmtp", 4, false, FAM_DOVECOT},
	{"lda", 3, false, FAM_DOVECOT},
	{"smtpd", 5, false, FAM_OPENSMTPD}, /* Postfix's is "postfix/smtpd" */
	{"policyd-spf", 11, false, FAM_FILTER},
	{"postgrey", 8, false, FAM_FILTER},
	{"milter-", 7, true, FAM_FILTER}, /* milter-regex, milter-greylist, ... */
	{"opendkim", 8, false, FAM_FILTER},
	{"opendmarc", 9, false, FAM_FILTER},
	{"maddy", 5, false, FAM_FILTER},
};

/* The daemon of a syslog line: the word before the first ": ", its pid
 * or more ("[99]", "(22401)", Dovecot 2.4's "(user,ip)<session>") cut
 * off. *tag and *msg are set. */
static const struct daemon *syslog_daemon(const char *s, const char *end, struct log_span *tag,
					   const char **msg)
{
	const char *lim = end - s > 160 ? s + 160 : end;
	const char *c = find(s, lim, ": ");
	if (!c)
		return NULL;
	const char *w = c;
	while (w > s && w[-1] != ' ')
		w--;
	const char *we = w;
	while (we < c && *we != '[' && *we != '(' && *we != '<')
		we++;
	size_t n = (size_t)(we - w);
	for (size_t i = 0; i < sizeof daemons / sizeof daemons[0]; i++) {
		const struct daemon *d = &daemons[i];
		if ((d->prefix ? n >= d->len : n == d->len) && !memcmp(w, d->name, d->len)) {
			*tag = span(w, we);
			*msg = c + 2;
			return d;
		}
	}
	return NULL;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Exim's own log: "2026-12-07 10:15:01[.123][ +0100] [pid] [message-id] text"
 * (no program name). *msg: the text. */
static bool exim_stamp(const char *s, const char *end, const char **msg)
{
	if (end - s < 21 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || s[10] != ' ' || !digits(s + 11, 2) || s[13] != ':' ||
	    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	const char *p = s + 19;
	if (p < end && *p == '.')
		for (p++; p < end && is_digit(*p); p++)
			;
	if (end - p > 6 && p[0] == ' ' && (p[1] == '+' || p[1] == '-') && digits(p + 2, 4))
		p += 6;
	if (p >= end || *p != ' ')
		return false;
	p++;
	if (p < end && *p == '[') { /* [pid] */
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (rb && rb + 1 < end && rb[1] == ' ')
			p = rb + 2;
	}
	/* A message id: 1Ai79e-0000Dq-8i or 10HmbC-000000005vi-0000. */
	const char *w = p;
	while (w < end && (is_alnum(*w) || *w == '-'))
		w++;
	if (w - p >= 16 && w < end && *w == ' ' && p[6] == '-' &&
	    memchr(p + 7, '-', (size_t)(w - p - 7)))
		p = w + 1;
	*msg = p;
	return true;
}

/* A syslog time stamp at the start: "Dec  7 10:15:01" or "2026-12-07T10:15:01". */
static bool syslog_stamp(const char *s, const char *end)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (end - s >= 15 && s[3] == ' ' && s[6] == ' ' && s[9] == ':' && s[12] == ':') {
		for (size_t i = 0; i + 3 <= sizeof months - 1; i += 3)
			if (!memcmp(s, months + i, 3))
				return true;
	}
	return end - s >= 19 && digits(s, 4) && s[4] == '-' && s[10] == 'T' && s[13] == ':';
}

/* Words that a failure's line has and an everyday line has not (matched in
 * lower case): the cheap test before any rule is tried, as a line offered
 * costs every rule's match. Every rule of diag_rules_logs.c for a line
 * without a reply must contain one of them; common lines no rule knows
 * ("lost connection after CONNECT") must not. */
static const char *const failure_words[] = {
	"fail", "reject", "refus", "denied", "invalid", "unknown user", "user unknown",
	"not known", "mismatch", "timeout", "timed out", "too many", "exceeded", "error",
	"pregreet", "pre-greeting", "improper", "does not resolve", "not found", "no such",
	"attack", "disallowed", "disabled", "dropped", "not advertised", "not supported",
	"unsupported", "defer", "greylist", "blocked", "listed", "unreachable", "connect to ",
	"did not accept", "pipelining", "limit exceeded", "time limit", "length limit",
	"bare newline", "non-smtp", "cannot", "can't", "quota", "unavailable", "no host name",
	"no ip address",
};

static bool has_failure_word(const char *s, const char *end)
{
	/* One pass: at each letter only the words that start with it. The
	 * first letters of failure_words (keep them in step). */
	static const unsigned char first[256] = {
		['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
		['i'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
		['t'] = 1, ['u'] = 1,
	};
	char low[512];
	size_t n = (size_t)(end - s) < sizeof low ? (size_t)(end - s) : sizeof low;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		low[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	for (size_t i = 0; i < n; i++) {
		if (!first[(unsigned char)low[i]])
			continue;
		for (size_t w = 0; w < sizeof failure_words / sizeof failure_words[0]; w++) {
			const char *fw = failure_words[w];
			if (fw[0] != low[i])
				continue;
			size_t len = strlen(fw);
			if (len <= n - i && !memcmp(low + i, fw, len))
				return true;
		}
	}
	return false;
}

/* Everyday lines by their first words, at the start or after a queue id
 * ("4F1A23C0B2: removed") or Exim's message id ("1Ai79e-0000Dq-8i <= a@b"):
 * the cheap test that most lines of a busy log stop at. */
static bool starts_everyday(const char *m, const char *end)
{
	static const char *const first[] = {
		"connect from ", "disconnect from ", "client=", "message-id=", "removed", "from=<",
		"to=<", "uid=", "<= ", "=> ", "-> ", "*> ", "Completed", "Login: ", "Logged out",
		"imap-login: Login: ", "pop3-login: Login: ", "submission-login: Login: ",
	};
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
			if (*m == *first[i] && starts(m, end, first[i]))
				return true;
		const char *w = m;
		while (w < end && (is_alnum(*w) || *w == '-'))
			w++;
		if (w - m < 6 || w + 1 >= end || !((w[0] == ':' && w[1] == ' ') ||
						    (w[0] == ' ' && m[6] == '-')))
			break;
		m = w + (w[0] == ':' ? 2 : 1);
	}
	return false;
}

/* Lines of success that still contain a failure word ("status=sent (250
 * ... no errors)"): never taken. */
static bool is_success(const char *s, const char *m, const char *end)
{
	static const char *const anywhere[] = {
		" status=sent ", "stat=Sent", " Login: ", "result=ok",
	};
	for (size_t i = 0; i < sizeof anywhere / sizeof anywhere[0]; i++)
		if (find(m > s ? m - 1 : m, end, anywhere[i]))
			return true;
	return false;
}

/* Who the line is about: "rip=192.0.2.1", "H=host [ip]", "relay=host [ip]",
 * "from host[ip]", Dovecot's "passdb(user,ip): ". */
static struct log_span event_host(const char *s, const char *m, const char *end)
{
	static const char *const keys[] = {
		"rip=", " H=", "relay=", " from ", "client_address=", "for IP address ",
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *k = find(m > s ? m - 1 : m, end, keys[i]);
		if (!k)
			continue;
		const char *v = k + strlen(keys[i]);
		while (v < end && *v == ' ')
			v++;
		const char *e = v;
		while (e < end && *e != ' ' && *e != ',' && *e != ';' &&
		       !(*e == ':' && e + 1 < end && e[1] == ' '))
			e++;
		/* "host (helo) [ip]": through the address. */
		const char *lim = end - v > 100 ? v + 100 : end;
		const char *rb = i ? memchr(v, ']', (size_t)(lim - v)) : NULL;
		const char *cut = v;
		while (cut < lim && *cut != ',' && *cut != ';' && *cut != '=')
			cut++;
		if (rb && rb < cut)
			e = rb + 1;
		if (e > v && e[-1] == ':')
			e--;
		if (e > v)
			return span(v, e);
	}
	/* Dovecot: "passwd-file(user,192.0.2.1,<session>): ", 2.4:
	 * "auth(user,192.0.2.1,sasl:plain)<session>: " */
	for (const char *pc = m; (pc = memchr(pc, ')', (size_t)(end - pc))) != NULL; pc++) {
		bool after = pc + 1 < end &&
			     (pc[1] == '<' || (pc[1] == ':' && pc + 2 < end && pc[2] == ' '));
		if (!after)
			continue;
		const char *op = pc;
		while (op > m && op[-1] != '(')
			op--;
		const char *comma = op > m ? memchr(op, ',', (size_t)(pc - op)) : NULL;
		if (comma) {
			const char *ie = memchr(comma + 1, ',', (size_t)(pc - comma - 1));
			return span(comma + 1, ie ? ie : pc);
		}
	}
	return span(NULL, NULL);
}

/* The command a failure in words is about. */
static const char *event_verb(const char *m, const char *end, enum family fam)
{
	static const char *const keys[] = {" in \"", "command=\"", "command="};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *k = find(m, end, keys[i]);
		const char *v = k ? verb_of(k + strlen(keys[i]), end) : NULL;
		if (v)
			return v;
	}
	const char *a = find(m, end, " after ");
	if (a && a + 7 < end && a[7] >= 'A' && a[7] <= 'Z') {
		const char *v = verb_of(a + 7, end);
		if (v)
			return v;
	}
	static const struct {
		const char *word, *verb;
	} words[] = {
		{"PREGREET", "GREETING"},
		{"pre-greeting", "GREETING"},
		{"waiting for greeting", "GREETING"},
		{"Connection rate limit", "GREETING"},
		{"Connection concurrency limit", "GREETING"},
		{"CONNECT from", "GREETING"},
		{"Message delivery request rate limit", "MAIL"},
		{"Recipient address rate limit", "RCPT"},
		{"AUTH command rate limit", "AUTH"},
		{"TLS session rate limit", "STARTTLS"},
		{"authenticat", "AUTH"},
		{"AUTH failure", "AUTH"},
		{"SASL", "AUTH"},
		{" auth failed", "AUTH"},
		{"(auth failed", "AUTH"},
		{"plaintext auth", "AUTH"},
		{"cleartext auth", "AUTH"},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (find(m, end, words[i].word))
			return words[i].verb;
	/* Dovecot's authentication process ("auth: passwd-file(u,ip): ..."). */
	if (fam == FAM_DOVECOT &&
	    (starts(m, end, "auth") || find(m, end, "dovecot: auth") ||
	     find(m, end, "): unknown user") || find(m, end, "mismatch") ||
	     find(m, end, "): invalid credentials") || find(m, end, "pam_authenticate()")))
		return "AUTH";
	return NULL;
}

/* A line of a mail daemon (or a bounce's text) with the words of a failure
 * and no reply: code 0, the text after the program's name. A reply at the
 * start of it (policyd-spf's "550 5.7.23 ...") or after Exim's
 * "authenticator failed for H: " is read as one. */
/* Where a line comes from: the daemon of its syslog tag, else Exim's own
 * log, else (no log prefix at all) a bounce's text; NULL family for
 * another program's line. */
struct origin {
	const struct daemon *d; /* NULL: Exim's own log, a bounce, another program */
	struct log_span tag;
	const char *msg;        /* the text after the prefix */
	bool known;             /* a mail daemon's line or a bounce's text */
	bool bounce;            /* no log prefix: pasted from a bounce */
	enum family fam;
};

static void origin_of(const char *s, const char *end, struct origin *or)
{
	memset(or, 0, sizeof *or);
	or->d = syslog_daemon(s, end, &or->tag, &or->msg);
	if (or->d) {
		or->fam = or->d->fam;
		or->known = true;
	} else if (exim_stamp(s, end, &or->msg)) {
		or->fam = FAM_EXIM;
		or->known = true;
	} else if (!syslog_stamp(s, end)) {
		or->bounce = or->known = true;
		or->msg = s;
		or->fam = FAM_FILTER;
	}
}

static bool daemon_event(const char *s, const char *end, const struct origin *or,
			 struct log_reply *o)
{
	if (!or->known)
		return false; /* another program's line */
	const char *m = or->msg;
	struct log_span tag = or->tag;
	enum family fam = or->fam;
	bool bounce = or->bounce;
	while (m < end && *m == ' ')
		m++;
	if (m >= end || starts_everyday(m, end) || !has_failure_word(m, end) ||
	    is_success(s, m, end))
		return false;
	/* Dovecot's words start at its process ("auth-worker(22401): ...",
	 * 2.4: "auth(user,ip)<session>: sql: unknown user"). */
	o->text = span(fam == FAM_DOVECOT && tag.p ? tag.p : m, end);
	o->host = event_host(s, o->text.p, end);
	o->verb = event_verb(m, end, fam);
	if (!o->verb && fam == FAM_DOVECOT && tag.n >= 4 && !memcmp(tag.p, "auth", 4))
		o->verb = "AUTH"; /* Dovecot's own log: "auth: Info: ldap(u,ip): ..." */
	if (bounce) {
		o->source = LOG_BOUNCE;
		o->remote = true;
		o->host = span(NULL, NULL);
		return true;
	}
	switch (fam) {
	case FAM_POSTFIX: {
		const char *te = tag.p + tag.n;
		bool server = find(tag.p, te, "/smtpd") != NULL;
		bool client = !server && (find(tag.p, te, "/smtp") || find(tag.p, te, "/lmtp"));
		o->source = client ? LOG_POSTFIX_SMTP : server ? LOG_POSTFIX_SMTPD : LOG_POSTFIX;
		const char *ct = find(m, end, "connect to ");
		if (client && ct) {
			/* smtp_connect.c: "connect to H[ip]:25: Connection refused" */
			const char *c = find(ct + 11, end, ": ");
			o->remote = true;
			o->host = span(ct + 11, c ? c : end);
			o->verb = "GREETING";
		}
		break;
	}
	case FAM_EXIM: {
		o->source = LOG_EXIM;
		const char *af = find(m, end, " authenticator failed for ");
		if (af) {
			/* smtp_in.c: "%s authenticator failed for %s: %s", the reply */
			const char *c = find(af + 26, end, ": ");
			while (c && !(c + 5 < end && c[2] >= '4' && c[2] <= '5' && is_digit(c[3]) &&
				      is_digit(c[4]) && (c[5] == ' ' || c[5] == '-')))
				c = find(c + 2, end, ": ");
			if (c) {
				o->host = span(af + 26, c);
				o->verb = "AUTH";
				struct log_reply r = *o;
				if (read_reply(c + 2, end, &r))
					*o = r;
			}
		}
		break;
	}
	case FAM_SENDMAIL:
		o->source = LOG_SENDMAIL;
		break;
	case FAM_DOVECOT:
		o->source = LOG_DOVECOT;
		break;
	case FAM_OPENSMTPD:
		o->source = LOG_OPENSMTPD;
		break;
	case FAM_FILTER: {
		o->source = LOG_FILTER;
		o->daemon = tag;
		struct log_reply r = *o;
		if (m + 3 <= end && (m[0] == '4' || m[0] == '5') && read_reply(m, end, &r) &&
		    r.code_given)
			*o = r;
		break;
	}
	}
	return true;
}

/* What a reader found is a refusal, or words without a code: a line
 * whose reply is a success (a "275 ..." in a reject log) is not one. */
static bool refusal(const struct log_reply *o)
{
	return !o->code || (o->code >= 400 && o->code <= 599);
}

bool logline_parse(const char *s, size_t n, struct log_reply *out)
{
	const char *end = s + n;
	while (end > s && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	bool (*const readers[])(const char *, const char *, struct log_reply *) = {
		bare_reply, postfix_smtp, postfix_smtpd, exim, sendmail, dsn_fields,
	};
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		memset(out, 0, sizeof *out);
		if (readers[i](s, end, out) && refusal(out))
			return true;
	}
	/* The rest only where they can apply: a bounce's words are not in a
	 * Dovecot line, OpenSMTPD's not in Postfix's. */
	struct origin or;
	origin_of(s, end, &or);
	enum family fam = or.d ? or.d->fam : FAM_FILTER;
	bool (*const quoted[])(const char *, const char *, struct log_reply *) = {
		postfix_host_said, milter_reject, exchange_ndr, enh_fragment, maddy,
		opensmtpd_result,
	};
	bool use[] = {
		!or.d || fam == FAM_POSTFIX, !or.d || fam == FAM_POSTFIX, !or.d, !or.d,
		!or.d || fam == FAM_FILTER, or.d && fam == FAM_OPENSMTPD,
	};
	for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++) {
		if (!use[i])
			continue;
		memset(out, 0, sizeof *out);
		if (quoted[i](s, end, out) && refusal(out))
			return true;
	}
	memset(out, 0, sizeof *out);
	if (daemon_event(s, end, &or, out) && refusal(out))
		return true;
	memset(out, 0, sizeof *out);
	return false;
}
