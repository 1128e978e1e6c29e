/* Explanations of server replies: codes, enhanced codes, EHLO keywords,
 * SASL challenges and what broke the rules. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain_fmt.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

/* ---- enhanced status codes ------------------------------------------ */

static void explain_enh(struct buf *out, const struct enh_code *ec, const char *ind, const char *ind2)
{
	char label[48];
	snprintf(label, sizeof label, "%d.%d.%d", ec->cls, ec->subject, ec->detail);
	const struct kb_entry *x = kb_enhanced_exact(ec->cls, ec->subject, ec->detail);
	const struct kb_entry *d = kb_enhanced(ec->subject, ec->detail);
	if (x) {
		xp_entry(out, ind, label, x, ind2);
		/* 4.7.0 also serves reasons that have nothing to do with AUTH. */
		if (d)
			buf_printf(out, _("%sOtherwise: X.%d.%d %s. %s  [%s]\n"), ind2, ec->subject,
				   ec->detail, _(d->title), _(d->text), _(d->rfc));
	} else if (d)
		xp_entry(out, ind, label, d, ind2);
	else
		buf_printf(out, "%s%s  %s  [%s]\n", ind, label,
			   _("Not in the IANA SMTP Enhanced Status Codes registry"), _("RFC 5248"));

	const struct kb_entry *c = kb_enhanced_class(ec->cls);
	if (c)
		buf_printf(out, _("%sClass %d: %s. %s  [%s]\n"), ind2, ec->cls, _(c->title),
			   _(c->text), _(c->rfc));
	const struct kb_entry *s = kb_enhanced_subject(ec->subject);
	if (s)
		buf_printf(out, _("%sSubject %d: %s. %s  [%s]\n"), ind2, ec->subject,
			   _(s->title), _(s->text), _(s->rfc));
	else
		buf_printf(out, _("%sSubject %d: not defined  [RFC 3463 §2]\n"), ind2, ec->subject);
}

/* "X.7.8" (any class) or "5.7.8"; the whole of s must be the code. */
bool xp_parse_enh_token(const char *s, size_t n, struct enh_code *ec)
{
	char tmp[16];
	if (n < 5 || n >= sizeof tmp)
		return false;
	memcpy(tmp, s, n);
	bool any_class = tmp[0] == 'X' || tmp[0] == 'x';
	if (any_class)
		tmp[0] = '5';
	if (enh_parse(tmp, n, ec) != n)
		return false;
	if (any_class)
		ec->cls = 0;
	return true;
}

void explain_enh_item(struct buf *out, const struct enh_code *ec)
{
	if (ec->cls) {
		explain_enh(out, ec, "", IND);
		return;
	}
	/* X.y.z: the meaning without a class. */
	char label[48];
	snprintf(label, sizeof label, "X.%d.%d", ec->subject, ec->detail);
	const struct kb_entry *d = kb_enhanced(ec->subject, ec->detail);
	if (d)
		xp_entry(out, "", label, d, IND);
	else
		buf_printf(out, "%s  %s  [%s]\n", label,
			   _("Not in the IANA SMTP Enhanced Status Codes registry"), _("RFC 5248"));
	for (int cls = 2; cls <= 5; cls += cls == 2 ? 2 : 1) {
		const struct kb_entry *c = kb_enhanced_class(cls);
		buf_printf(out, _("%sAs %d.%d.%d: %s  [%s]\n"), IND, cls, ec->subject, ec->detail,
			   _(c->title), _(c->rfc));
	}
	const struct kb_entry *s = kb_enhanced_subject(ec->subject);
	if (s)
		buf_printf(out, _("%sSubject %d: %s. %s  [%s]\n"), IND, ec->subject, _(s->title),
			   _(s->text), _(s->rfc));
}

/* ---- EHLO keywords -------------------------------------------------- */

static void explain_mechs(struct buf *out, const char *p, size_t n)
{
	size_t pos = 0, count = 0;
	const char *w;
	size_t wn;
	while (xp_next_word(p, n, &pos, &w, &wn)) {
		if (++count > WORDS_MAX) {
			xp_line(out, IND2, _("... more mechanisms not shown"));
			return;
		}
		const struct kb_entry *m = kb_sasl_mech(w, wn);
		if (m) {
			xp_entry(out, IND2, m->key, m, IND3);
		} else {
			buf_adds(out, IND2);
			xp_esc(out, w, wn);
			buf_printf(out, "  %s\n", _("SASL mechanism unknown to smtpdbg"));
		}
	}
	if (!count)
		xp_line(out, IND2, _("No mechanisms listed: AUTH cannot be used  [RFC 4954 §3]"));
}

static void explain_size(struct buf *out, const char *p, size_t n)
{
	unsigned long long v = 0;
	bool ok = n > 0;
	for (size_t i = 0; ok && i < n; i++) {
		if (!xp_is_digit(p[i]))
			ok = false;
		else if (i < 19)
			v = v * 10 + (unsigned long long)(p[i] - '0');
	}
	if (n == 0) {
		xp_line(out, IND2, _("No number given: the server announces no fixed limit  [RFC 1870]"));
	} else if (ok && n > 19) {
		xp_esc_line(out, IND2, _("A number too large to be a real limit: "), p, n);
	} else if (!ok) {
		xp_esc_line(out, IND2, _("Not a number, so no limit can be read from it: "), p, n);
	} else if (v == 0) {
		xp_line(out, IND2, _("SIZE 0: no fixed limit  [RFC 1870]"));
	} else {
		buf_printf(out, _("%sLargest message accepted: %llu octets (%.1f MiB)\n"), IND2, v,
			   (double)v / (1024.0 * 1024.0));
	}
}

/* One keyword line of an EHLO reply ("AUTH PLAIN LOGIN", "SIZE 1000"). */
void explain_keyword_line(struct buf *out, const char *s, size_t n, unsigned lflags,
				 const char *ind, const char *ind2)
{
	/* A line with a NUL or control byte is never taken as a keyword: a
	 * server could hide "STARTTLS\0..." behind it. */
	if (lflags & (RF_NUL | RF_CTL | RF_STRAY_CR)) {
		xp_esc_line(out, ind, _("Not trusted (contains control bytes): "), s, n);
		return;
	}
	size_t kl = 0;
	while (kl < n && !xp_is_space(s[kl]) && s[kl] != '=')
		kl++;
	bool legacy = kl < n && s[kl] == '=';
	size_t rest = kl < n ? kl + 1 : n;
	const char *p = s + rest;
	size_t pn = n - rest;

	const struct kb_entry *e = kb_keyword(s, kl);
	if (!e) {
		buf_adds(out, ind);
		xp_esc(out, s, kl);
		buf_printf(out, "  %s\n", _("Unknown extension keyword"));
		if (kl && (s[0] == 'X' || s[0] == 'x'))
			xp_line(out, ind2, _("Keywords beginning with X are private extensions, outside the IANA registry  [RFC 5321 §4.1.5]"));
		else
			xp_line(out, ind2, _("Not in the IANA SMTP Service Extensions registry  [RFC 5321 §2.2.2]"));
		if (pn)
			xp_esc_line(out, ind2, _("Parameters: "), p, pn);
		return;
	}
	xp_entry(out, ind, e->key, e, ind2);
	if (!strcmp(e->key, "AUTH")) {
		if (legacy)
			xp_line(out, ind2, _("'AUTH=' is the pre-standard form from drafts before RFC 2554; servers still send it for old clients. It means the same as AUTH."));
		explain_mechs(out, p, pn);
	} else if (!strcmp(e->key, "SIZE")) {
		explain_size(out, p, pn);
	} else if (pn) {
		xp_esc_line(out, ind2, _("Parameters: "), p, pn);
	}
}

/* Whether the first word of a reply line's text is a known keyword. */
bool xp_keyword_line(const struct reply_line *l)
{
	size_t tn, kl = 0;
	const char *t = reply_line_text(l, &tn);
	while (kl < tn && !xp_is_space(t[kl]) && t[kl] != '=')
		kl++;
	return kb_keyword(t, kl) != NULL;
}

/* ---- replies -------------------------------------------------------- */

static void context_line(struct buf *out, const struct kb_entry *c, const char *verb)
{
	buf_adds(out, IND);
	if (!strcmp(verb, "GREETING"))
		buf_adds(out, _("As the greeting"));
	else if (!strcmp(verb, "DOT"))
		buf_adds(out, _("After the message data"));
	else
		buf_printf(out, _("Answering %s"), verb);
	buf_printf(out, ": %s  [%s]\n", _(c->title), _(c->rfc));
	xp_line(out, IND2, _(c->text));
}

/* With a known verb, the meaning for it; without one, every meaning. */
static void explain_contexts(struct buf *out, int code, const char *verb)
{
	if (verb) {
		const struct kb_entry *c = kb_reply_context(code, verb);
		if (c)
			context_line(out, c, verb);
		return;
	}
	size_t n;
	const struct kb_entry *c = kb_reply_contexts(code, &n);
	for (size_t i = 0; i < n; i++)
		context_line(out, &c[i], c[i].key + 4);
}

static const char *challenge_hint(const uint8_t *d, size_t n)
{
	static const struct {
		const char *text;
		const char *hint;
	} prompts[] = {
		{"Username:", N_("AUTH LOGIN asks for the username: answer with it, Base64-encoded  [draft-murchison-sasl-login]")},
		{"User Name", N_("AUTH LOGIN asks for the username: answer with it, Base64-encoded  [draft-murchison-sasl-login]")},
		{"Password:", N_("AUTH LOGIN asks for the password: answer with it, Base64-encoded. Base64 is not encryption: send it only over TLS  [draft-murchison-sasl-login]")},
	};
	const char *s = (const char *)d;
	for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++)
		if (strlen(prompts[i].text) == n && !strncasecmp(s, prompts[i].text, n))
			return prompts[i].hint;
	if (n > 2 && s[0] == '<' && s[n - 1] == '>' && memchr(s, '@', n))
		return N_("Looks like a CRAM-MD5 challenge: answer with the username, a space and HMAC-MD5(password, challenge) in hex  [RFC 2195]");
	if (n > 2 && !memcmp(s, "r=", 2))
		return N_("A SCRAM server-first message: the combined nonce (r=), the salt (s=) and the iteration count (i=)  [RFC 5802]");
	if (n > 2 && !memcmp(s, "v=", 2))
		return N_("A SCRAM server-final message: the server's signature, which proves the server knows the password too  [RFC 5802]");
	if (n > 2 && !memcmp(s, "e=", 2))
		return N_("A SCRAM error from the server  [RFC 5802]");
	if (n > 0 && s[0] == '{')
		return N_("An OAuth error report (JSON): the token was refused. The client sends a dummy response and the server then fails the exchange  [RFC 7628 §3.2.3]");
	for (size_t i = 0; i + 6 <= n; i++)
		if (!strncasecmp(s + i, "nonce=", 6))
			return N_("A DIGEST-MD5 challenge (realm, nonce, qop, ...)  [RFC 2831]");
	return NULL;
}

static void explain_challenge(struct buf *out, const struct smtp_reply *r)
{
	size_t tn;
	const char *t = reply_line_text(&r->lines[0], &tn);
	if (r->nlines > 1)
		xp_line(out, IND, _("A 334 challenge is a single line; only the first is decoded  [RFC 4954 §4]"));
	if (tn == 0) {
		xp_line(out, IND, _("Empty challenge: the client now sends its first response, for example the PLAIN credentials  [RFC 4954 §4]"));
		return;
	}
	uint8_t *d;
	size_t dn, pos;
	const char *err;
	if (b64_decode(t, tn, &d, &dn, &err, &pos) != 0) {
		buf_printf(out, _("%sNot valid Base64 (%s at offset %zu): the client should cancel with '*'  [RFC 4954 §4]\n"),
			   IND, _(err), pos);
		return;
	}
	xp_esc_line(out, IND, _("Decoded challenge: "), (const char *)d, dn);
	const char *hint = challenge_hint(d, dn);
	if (hint)
		xp_line(out, IND2, _(hint));
	free(d);
}

/* The server names itself first in a greeting (RFC 5321 §4.2.3:
 * "220 <domain> Service ready"). */
static void explain_greeting_text(struct buf *out, const char *t, size_t tn)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!xp_next_word(t, tn, &pos, &w, &wn))
		return;
	xp_esc_line(out, IND, _("The server names itself: "), w, wn);
	while (xp_next_word(t, tn, &pos, &w, &wn))
		if (wn == 5 && !memcmp(w, "ESMTP", 5)) {
			xp_line(out, IND2, _("'ESMTP' in the greeting: the server supports extensions, so send EHLO"));
			break;
		}
}

static void explain_ehlo(struct buf *out, const struct smtp_reply *r, size_t from)
{
	if (from == 1) {
		size_t tn;
		const char *t = reply_line_text(&r->lines[0], &tn);
		size_t pos = 0;
		const char *w;
		size_t wn;
		if (xp_next_word(t, tn, &pos, &w, &wn))
			xp_esc_line(out, IND, _("The server names itself: "), w, wn);
	}
	for (size_t i = from; i < r->nlines; i++) {
		if (i - from >= LINES_MAX) {
			buf_printf(out, _("%s... %zu more keyword lines not explained\n"), IND,
				   r->nlines - i);
			return;
		}
		size_t tn;
		const char *t = reply_line_text(&r->lines[i], &tn);
		explain_keyword_line(out, t, tn, r->lines[i].flags, IND, IND2);
	}
}

static void explain_flags(struct buf *out, unsigned flags)
{
	if (flags & RF_INCOMPLETE)
		flags &= ~(unsigned)RF_MALFORMED; /* cut short, not malformed */
	for (unsigned bit = 1; bit; bit <<= 1) {
		if (!(flags & bit))
			continue;
		struct buf t;
		buf_init(&t, 0);
		reply_describe_flags(&t, bit);
		if (t.len)
			buf_printf(out, _("%sWarning: %s\n"), IND, t.data);
		buf_free(&t);
	}
}

/* kw_from: the first line holding an EHLO keyword, or -1 for none. */
void explain_reply_at(struct buf *out, const struct smtp_reply *r, const char *verb,
			     long kw_from)
{
	if (!r->code) {
		buf_printf(out, "%s  [%s]\n", _("Malformed reply: not an SMTP reply line"),
			   _("RFC 5321 §4.2"));
		if (r->nlines)
			xp_esc_line(out, IND, _("Received: "), r->lines[0].raw, r->lines[0].len);
		explain_flags(out, r->flags & ~(unsigned)RF_MALFORMED);
		return;
	}
	char code[8];
	snprintf(code, sizeof code, "%d", r->code);
	const struct kb_entry *e = kb_reply_code(r->code);
	if (e) {
		xp_entry(out, "", code, e, IND);
	} else {
		buf_printf(out, "%s  %s  [%s]\n", code, _("Unregistered reply code"), _("RFC 5321 §4.2.1"));
		xp_line(out, IND, _("No RFC defines this code: only its digits carry meaning."));
	}
	const struct kb_entry *d1 = kb_reply_first_digit(r->code);
	const struct kb_entry *d2 = kb_reply_second_digit(r->code);
	if (d1)
		buf_printf(out, "%s%s: %s. %s  [%s]\n", IND, d1->key, _(d1->title), _(d1->text), _(d1->rfc));
	if (d2)
		buf_printf(out, "%s%s: %s. %s  [%s]\n", IND, d2->key, _(d2->title), _(d2->text), _(d2->rfc));
	explain_contexts(out, r->code, verb);
	if (r->enh.cls)
		explain_enh(out, &r->enh, IND, IND2);

	if (r->nlines == 0) {
		/* nothing kept */
	} else if (r->code == 334) {
		explain_challenge(out, r);
	} else if (kw_from >= 0) {
		explain_ehlo(out, r, (size_t)kw_from);
	} else {
		/* The text itself is in the transcript; only what it tells. */
		if ((r->code == 220 || r->code == 554 || r->code == 421) &&
		    (!verb || !strcmp(verb, "GREETING"))) {
			size_t tn;
			const char *t = reply_line_text(&r->lines[0], &tn);
			explain_greeting_text(out, t, tn);
		}
	}
	explain_flags(out, r->flags);
}

static const char *norm_verb(const char *answers)
{
	if (answers && !strcmp(answers, "SASL"))
		return "AUTH"; /* a SASL response line: still the AUTH exchange */
	return answers;
}

void explain_reply(struct buf *out, const struct smtp_reply *r, const char *answers)
{
	if (!out || !r)
		return;
	const char *verb = norm_verb(answers);
	long kw_from = -1;
	if (r->code == 250 && verb && !strcmp(verb, "EHLO")) {
		kw_from = 1;
	} else if (r->code == 250 && !verb) {
		for (size_t i = 1; i < r->nlines && kw_from < 0; i++)
			if (xp_keyword_line(&r->lines[i]))
				kw_from = 1;
		if (kw_from > 0)
			verb = "EHLO";
	}
	explain_reply_at(out, r, verb, kw_from);
}

/* ---- commands ------------------------------------------------------- */
