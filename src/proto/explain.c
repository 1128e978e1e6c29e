/* Explanations of replies, commands and typed text, built from the
 * knowledge base. Output is UTF-8, one point per line: a heading
 * "KEY  Title  [RFC]" and indented lines under it. Every byte that came
 * from a server or a user goes through esc_append; credentials carried by
 * a command are never decoded or shown. */
#include "smtpdbg/explain.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/reply.h"

#define IND "  "
#define IND2 "    "
#define IND3 "      "
/* Lines of one reply (and words of one line) explained one by one; a
 * hostile 100,000-line EHLO reply must not produce a novel. */
#define LINES_MAX 200
#define WORDS_MAX 64

/* ---- output helpers ------------------------------------------------- */

static void esc(struct buf *out, const void *p, size_t n)
{
	esc_append(out, p, n, 0);
}

/* "<indent>LABEL  Title  [RFC]" and the entry's text one level deeper. */
static void entry(struct buf *out, const char *ind, const char *label,
		  const struct kb_entry *e, const char *text_ind)
{
	buf_printf(out, "%s%s  %s  [%s]\n", ind, label, _(e->title), _(e->rfc));
	buf_printf(out, "%s%s\n", text_ind, _(e->text));
}

static void line(struct buf *out, const char *ind, const char *text)
{
	buf_printf(out, "%s%s\n", ind, text);
}

/* "<indent>prefix<escaped bytes>" */
static void esc_line(struct buf *out, const char *ind, const char *prefix, const char *s, size_t n)
{
	buf_adds(out, ind);
	buf_adds(out, prefix);
	esc(out, s, n);
	buf_addc(out, '\n');
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The next word of s[*pos..n) (space-separated); false at the end. */
static bool next_word(const char *s, size_t n, size_t *pos, const char **w, size_t *wn)
{
	size_t i = *pos;
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n)
		return false;
	size_t start = i;
	while (i < n && !is_space(s[i]))
		i++;
	*w = s + start;
	*wn = i - start;
	*pos = i;
	return true;
}

/* ---- enhanced status codes ------------------------------------------ */

static void explain_enh(struct buf *out, const struct enh_code *ec, const char *ind, const char *ind2)
{
	char label[48];
	snprintf(label, sizeof label, "%d.%d.%d", ec->cls, ec->subject, ec->detail);
	const struct kb_entry *x = kb_enhanced_exact(ec->cls, ec->subject, ec->detail);
	const struct kb_entry *d = kb_enhanced(ec->subject, ec->detail);
	if (x) {
		entry(out, ind, label, x, ind2);
		/* 4.7.0 also serves reasons that have nothing to do with AUTH. */
		if (d)
			buf_printf(out, _("%sOtherwise: X.%d.%d %s. %s  [%s]\n"), ind2, ec->subject,
				   ec->detail, _(d->title), _(d->text), _(d->rfc));
	} else if (d)
		entry(out, ind, label, d, ind2);
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
static bool parse_enh_token(const char *s, size_t n, struct enh_code *ec)
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

static void explain_enh_item(struct buf *out, const struct enh_code *ec)
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
		entry(out, "", label, d, IND);
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
	while (next_word(p, n, &pos, &w, &wn)) {
		if (++count > WORDS_MAX) {
			line(out, IND2, _("... more mechanisms not shown"));
			return;
		}
		const struct kb_entry *m = kb_sasl_mech(w, wn);
		if (m) {
			entry(out, IND2, m->key, m, IND3);
		} else {
			buf_adds(out, IND2);
			esc(out, w, wn);
			buf_printf(out, "  %s\n", _("SASL mechanism unknown to smtpdbg"));
		}
	}
	if (!count)
		line(out, IND2, _("No mechanisms listed: AUTH cannot be used  [RFC 4954 §3]"));
}

static void explain_size(struct buf *out, const char *p, size_t n)
{
	unsigned long long v = 0;
	bool ok = n > 0;
	for (size_t i = 0; ok && i < n; i++) {
		if (!is_digit(p[i]))
			ok = false;
		else if (i < 19)
			v = v * 10 + (unsigned long long)(p[i] - '0');
	}
	if (n == 0) {
		line(out, IND2, _("No number given: the server announces no fixed limit  [RFC 1870]"));
	} else if (ok && n > 19) {
		esc_line(out, IND2, _("A number too large to be a real limit: "), p, n);
	} else if (!ok) {
		esc_line(out, IND2, _("Not a number, so no limit can be read from it: "), p, n);
	} else if (v == 0) {
		line(out, IND2, _("SIZE 0: no fixed limit  [RFC 1870]"));
	} else {
		buf_printf(out, _("%sLargest message accepted: %llu octets (%.1f MiB)\n"), IND2, v,
			   (double)v / (1024.0 * 1024.0));
	}
}

/* One keyword line of an EHLO reply ("AUTH PLAIN LOGIN", "SIZE 1000"). */
static void explain_keyword_line(struct buf *out, const char *s, size_t n, unsigned lflags,
				 const char *ind, const char *ind2)
{
	/* A line with a NUL or control byte is never taken as a keyword: a
	 * server could hide "STARTTLS\0..." behind it. */
	if (lflags & (RF_NUL | RF_CTL | RF_STRAY_CR)) {
		esc_line(out, ind, _("Not trusted (contains control bytes): "), s, n);
		return;
	}
	size_t kl = 0;
	while (kl < n && !is_space(s[kl]) && s[kl] != '=')
		kl++;
	bool legacy = kl < n && s[kl] == '=';
	size_t rest = kl < n ? kl + 1 : n;
	const char *p = s + rest;
	size_t pn = n - rest;

	const struct kb_entry *e = kb_keyword(s, kl);
	if (!e) {
		buf_adds(out, ind);
		esc(out, s, kl);
		buf_printf(out, "  %s\n", _("Unknown extension keyword"));
		if (kl && (s[0] == 'X' || s[0] == 'x'))
			line(out, ind2, _("Keywords beginning with X are private extensions, outside the IANA registry  [RFC 5321 §4.1.5]"));
		else
			line(out, ind2, _("Not in the IANA SMTP Service Extensions registry  [RFC 5321 §2.2.2]"));
		if (pn)
			esc_line(out, ind2, _("Parameters: "), p, pn);
		return;
	}
	entry(out, ind, e->key, e, ind2);
	if (!strcmp(e->key, "AUTH")) {
		if (legacy)
			line(out, ind2, _("'AUTH=' is the pre-standard form from drafts before RFC 2554; servers still send it for old clients. It means the same as AUTH."));
		explain_mechs(out, p, pn);
	} else if (!strcmp(e->key, "SIZE")) {
		explain_size(out, p, pn);
	} else if (pn) {
		esc_line(out, ind2, _("Parameters: "), p, pn);
	}
}

/* Whether the first word of a reply line's text is a known keyword. */
static bool keyword_line(const struct reply_line *l)
{
	size_t tn, kl = 0;
	const char *t = reply_line_text(l, &tn);
	while (kl < tn && !is_space(t[kl]) && t[kl] != '=')
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
	line(out, IND2, _(c->text));
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
		line(out, IND, _("A 334 challenge is a single line; only the first is decoded  [RFC 4954 §4]"));
	if (tn == 0) {
		line(out, IND, _("Empty challenge: the client now sends its first response, for example the PLAIN credentials  [RFC 4954 §4]"));
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
	esc_line(out, IND, _("Decoded challenge: "), (const char *)d, dn);
	const char *hint = challenge_hint(d, dn);
	if (hint)
		line(out, IND2, _(hint));
	free(d);
}

/* The server names itself first in a greeting (RFC 5321 §4.2.3:
 * "220 <domain> Service ready"). */
static void explain_greeting_text(struct buf *out, const char *t, size_t tn)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!next_word(t, tn, &pos, &w, &wn))
		return;
	esc_line(out, IND, _("The server names itself: "), w, wn);
	while (next_word(t, tn, &pos, &w, &wn))
		if (wn == 5 && !memcmp(w, "ESMTP", 5)) {
			line(out, IND2, _("'ESMTP' in the greeting: the server supports extensions, so send EHLO"));
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
		if (next_word(t, tn, &pos, &w, &wn))
			esc_line(out, IND, _("The server names itself: "), w, wn);
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
static void explain_reply_at(struct buf *out, const struct smtp_reply *r, const char *verb,
			     long kw_from)
{
	if (!r->code) {
		buf_printf(out, "%s  [%s]\n", _("Malformed reply: not an SMTP reply line"),
			   _("RFC 5321 §4.2"));
		if (r->nlines)
			esc_line(out, IND, _("Received: "), r->lines[0].raw, r->lines[0].len);
		explain_flags(out, r->flags & ~(unsigned)RF_MALFORMED);
		return;
	}
	char code[8];
	snprintf(code, sizeof code, "%d", r->code);
	const struct kb_entry *e = kb_reply_code(r->code);
	if (e) {
		entry(out, "", code, e, IND);
	} else {
		buf_printf(out, "%s  %s  [%s]\n", code, _("Unregistered reply code"), _("RFC 5321 §4.2.1"));
		line(out, IND, _("No RFC defines this code: only its digits carry meaning."));
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
			if (keyword_line(&r->lines[i]))
				kw_from = 1;
		if (kw_from > 0)
			verb = "EHLO";
	}
	explain_reply_at(out, r, verb, kw_from);
}

/* ---- commands ------------------------------------------------------- */

static void explain_params(struct buf *out, const char *s, size_t n)
{
	size_t pos = 0, count = 0;
	const char *w;
	size_t wn;
	while (next_word(s, n, &pos, &w, &wn)) {
		if (++count > WORDS_MAX) {
			line(out, IND, _("... more parameters not shown"));
			return;
		}
		size_t nl = 0;
		while (nl < wn && w[nl] != '=')
			nl++;
		const struct kb_entry *p = kb_mail_param(w, nl);
		buf_adds(out, IND);
		esc(out, w, wn);
		if (p) {
			buf_printf(out, "  %s  [%s]\n", _(p->title), _(p->rfc));
			line(out, IND2, _(p->text));
		} else {
			buf_printf(out, "  %s\n", _("Unknown parameter: a server that does not know it answers 555  [RFC 5321 §4.2.3]"));
		}
	}
}

/* MAIL FROM:<path> / RCPT TO:<path>, then parameters. */
static void explain_path(struct buf *out, const char *a, size_t n, bool from)
{
	const char *prefix = from ? "FROM:" : "TO:";
	size_t pl = strlen(prefix);
	const char *rfc = from ? "RFC 5321 §4.1.1.2" : "RFC 5321 §4.1.1.3";
	if (n < pl || strncasecmp(a, prefix, pl) != 0) {
		buf_printf(out, _("%sExpected '%s<address>' here: the server will answer 501  [%s]\n"),
			   IND, prefix, rfc);
		return;
	}
	size_t i = pl;
	if (i < n && is_space(a[i])) {
		buf_printf(out, _("%sA space after the colon is not allowed, though many servers accept it  [%s]\n"),
			   IND, rfc);
		while (i < n && is_space(a[i]))
			i++;
	}
	if (i >= n || a[i] != '<') {
		buf_printf(out, _("%sThe address belongs in angle brackets, as in <user@example.org>; many servers answer 501 without them  [%s]\n"),
			   IND, rfc);
		size_t j = i;
		while (j < n && !is_space(a[j]))
			j++;
		esc_line(out, IND, from ? _("Sender: ") : _("Recipient: "), a + i, j - i);
		explain_params(out, a + j, n - j);
		return;
	}
	const char *gt = memchr(a + i, '>', n - i);
	size_t end = gt ? (size_t)(gt - a) + 1 : n;
	if (from && end - i == 2)
		line(out, IND, _("Sender <> is the null reverse-path: used for bounces and other automatic reports, which must never cause a bounce themselves  [RFC 5321 §4.5.5]"));
	else
		esc_line(out, IND, from ? _("Sender: ") : _("Recipient: "), a + i, end - i);
	if (!gt)
		line(out, IND, _("The closing '>' is missing: the server will answer 501"));
	explain_params(out, a + end, n - end);
}

static void explain_auth_cmd(struct buf *out, const char *a, size_t n)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!next_word(a, n, &pos, &w, &wn)) {
		line(out, IND, _("No mechanism given: the server will answer 501  [RFC 4954 §4]"));
		return;
	}
	const struct kb_entry *m = kb_sasl_mech(w, wn);
	if (m) {
		entry(out, IND, m->key, m, IND2);
	} else {
		buf_adds(out, IND);
		esc(out, w, wn);
		buf_printf(out, "  %s\n", _("SASL mechanism unknown to smtpdbg: a server that does not offer it answers 504  [RFC 4954 §4]"));
	}
	/* The initial response is never decoded or echoed: for PLAIN it is
	 * the password itself. */
	const char *ir;
	size_t irn;
	if (!next_word(a, n, &pos, &ir, &irn))
		line(out, IND, _("No initial response: the server answers 334 with a challenge (possibly empty)  [RFC 4954 §4]"));
	else if (irn == 1 && ir[0] == '=')
		line(out, IND, _("'=' is an empty initial response  [RFC 4954 §4]"));
	else
		line(out, IND, _("The initial response carries the credentials, Base64-encoded: smtpdbg does not decode or show it here. Base64 is not encryption; anyone who sees this line can decode it  [RFC 4954 §4]"));
}

static void explain_bdat(struct buf *out, const char *a, size_t n)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!next_word(a, n, &pos, &w, &wn)) {
		line(out, IND, _("No chunk size given: the server will answer 501  [RFC 3030 §2]"));
		return;
	}
	esc_line(out, IND, _("Chunk size in octets: "), w, wn);
	if (next_word(a, n, &pos, &w, &wn)) {
		if (wn == 4 && !strncasecmp(w, "LAST", 4))
			line(out, IND, _("LAST: this is the final chunk; the server's reply to it accepts or rejects the message  [RFC 3030 §2]"));
		else
			esc_line(out, IND, _("Unexpected argument (only LAST is allowed): "), w, wn);
	}
}

/* with_args: also explain what follows the verb (false for a bare verb
 * someone asked about). */
static void explain_command_at(struct buf *out, const char *s, size_t n, bool with_args)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 1 && s[0] == '*') {
		buf_printf(out, "*  %s  [%s]\n", _("Cancel the authentication exchange"), _("RFC 4954 §4"));
		line(out, IND, _("Sent instead of a response to a 334 challenge; the server answers 501."));
		return;
	}
	size_t vl = 0;
	while (vl < n && !is_space(s[vl]))
		vl++;
	const struct kb_entry *e = kb_command(s, vl);
	if (!e) {
		esc(out, s, vl);
		buf_printf(out, "  %s  [%s]\n", _("Not an SMTP command smtpdbg knows"), _("RFC 5321 §4.2.3"));
		line(out, IND, _("A server answers a command it does not know with 500."));
		return;
	}
	entry(out, "", e->key, e, IND);
	if (!with_args)
		return;
	const char *a = s + vl;
	size_t an = n - vl;
	while (an && is_space(*a))
		a++, an--;

	const char *k = e->key;
	if (!strcmp(k, "EHLO") || !strcmp(k, "HELO") || !strcmp(k, "LHLO")) {
		if (!an)
			line(out, IND, _("No name given: the server will answer 501. Send the client's domain name, or an address literal such as [192.0.2.1]  [RFC 5321 §4.1.1.1]"));
		else
			esc_line(out, IND, _("The client calls itself: "), a, an);
	} else if (!strcmp(k, "MAIL")) {
		explain_path(out, a, an, true);
	} else if (!strcmp(k, "RCPT")) {
		explain_path(out, a, an, false);
	} else if (!strcmp(k, "AUTH")) {
		explain_auth_cmd(out, a, an);
	} else if (!strcmp(k, "BDAT")) {
		explain_bdat(out, a, an);
	} else if (!strcmp(k, "STARTTLS")) {
		if (an)
			line(out, IND, _("STARTTLS takes no parameters: the server will answer 501  [RFC 3207 §4]"));
	} else if (!strcmp(k, "DATA") || !strcmp(k, "RSET") || !strcmp(k, "QUIT")) {
		if (an)
			line(out, IND, _("This command takes no parameters: the server will answer 501  [RFC 5321 §4.1.1]"));
	} else if (an) {
		esc_line(out, IND, _("Argument: "), a, an);
	}

	/* RFC 5321 §4.5.3.1.4: 512 octets with CRLF; AUTH lines 12288. */
	size_t max = !strcmp(k, "AUTH") ? 12288 : 512;
	if (n + 2 > max)
		buf_printf(out, _("%sThe line is %zu octets with CRLF, over the %zu allowed  [%s]\n"), IND,
			   n + 2, max, max == 512 ? "RFC 5321 §4.5.3.1.4" : "RFC 4954 §4");
}

void explain_command(struct buf *out, const char *s, size_t n)
{
	if (out && s)
		explain_command_at(out, s, n, true);
}

/* ---- typed text ----------------------------------------------------- */

/* "NNN", "NNN text" or "NNN-text" with a code RFC 5321's grammar allows. */
static bool starts_with_code(const char *s, size_t n)
{
	return n >= 3 && s[0] >= '2' && s[0] <= '5' && s[1] >= '0' && s[1] <= '5' &&
	       is_digit(s[2]) && (n == 3 || s[3] == ' ' || s[3] == '-');
}

/* Frame bytes with the real reply parser; at most one reply. */
static struct smtp_reply *frame(const char *s, size_t n)
{
	struct reply_framer f;
	struct smtp_reply *r = NULL;
	size_t used = 0;
	reply_framer_init(&f, NULL);
	while (used < n && !r)
		used += reply_framer_feed(&f, s + used, n - used, &r);
	if (!r)
		r = reply_framer_finish(&f);
	reply_framer_free(&f);
	return r;
}

/* One reply line someone typed or pasted. A lone "250-X" line is read as
 * the last line of its reply, so the framer does not wait for more. */
static void explain_reply_line(struct buf *out, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	buf_add(&b, s, n);
	bool cont = n > 3 && s[3] == '-';
	if (cont)
		b.data[3] = ' ';
	buf_adds(&b, "\r\n");
	struct smtp_reply *r = frame(b.data, b.len);
	buf_free(&b);
	if (!r)
		return;
	long kw_from = -1;
	const char *verb = NULL;
	if (r->code == 250 && r->nlines && keyword_line(&r->lines[0])) {
		kw_from = 0;
		verb = "EHLO";
	}
	explain_reply_at(out, r, verb, kw_from);
	if (cont)
		line(out, IND, _("A continuation line ('-' after the code): more lines of this reply follow; the last one has a space after the code  [RFC 5321 §4.2.1]"));
	reply_free(r);
}

/* A pasted multi-line reply stream: frame and explain each reply. */
static void explain_reply_stream(struct buf *out, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	/* Normalise line ends so a paste with LF only is not flagged. */
	for (size_t i = 0; i < n;) {
		const char *lf = memchr(s + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - s) : n;
		size_t len = end - i;
		if (len && s[i + len - 1] == '\r')
			len--;
		if (len) {
			buf_add(&b, s + i, len);
			buf_adds(&b, "\r\n");
		}
		i = end + 1;
	}
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	size_t used = 0;
	bool first = true;
	for (;;) {
		struct smtp_reply *r = NULL;
		if (used < b.len)
			used += reply_framer_feed(&f, b.data + used, b.len - used, &r);
		else if (!(r = reply_framer_finish(&f)))
			break;
		if (!r)
			continue;
		if (!first)
			buf_addc(out, '\n');
		first = false;
		explain_reply(out, r, NULL);
		reply_free(r);
	}
	reply_framer_free(&f);
	buf_free(&b);
}

/* A word that means something on its own: a code, an enhanced code, a
 * keyword, a command or a SASL mechanism. Explains it when out is set. */
static bool explain_item(struct buf *out, const char *w, size_t n)
{
	struct enh_code ec;
	if (parse_enh_token(w, n, &ec)) {
		if (out)
			explain_enh_item(out, &ec);
		return true;
	}
	if (n == 3 && starts_with_code(w, n)) {
		if (out)
			explain_reply_line(out, w, n);
		return true;
	}
	if (n == 1 && w[0] == '*') {
		if (out)
			explain_command(out, w, n);
		return true;
	}
	const struct kb_entry *kw = kb_keyword(w, n);
	const struct kb_entry *cmd = kb_command(w, n);
	const struct kb_entry *mech = kb_sasl_mech(w, n);
	if (!kw && !cmd && !mech)
		return false;
	if (!out)
		return true;
	bool sep = false;
	if (kw) {
		char label[64];
		snprintf(label, sizeof label, _("%s (EHLO keyword)"), kw->key);
		entry(out, "", label, kw, IND);
		sep = true;
	}
	if (cmd) {
		if (sep)
			buf_addc(out, '\n');
		explain_command_at(out, w, n, false);
		sep = true;
	}
	if (mech) {
		char label[64];
		snprintf(label, sizeof label, _("%s (SASL mechanism)"), mech->key);
		if (sep)
			buf_addc(out, '\n');
		entry(out, "", label, mech, IND);
	}
	return true;
}

/* Whether every word after the first is a SASL mechanism ("AUTH PLAIN
 * LOGIN" is an EHLO line; "AUTH PLAIN dGVzdA==" is a command). */
static bool rest_all_mechs(const char *s, size_t n, size_t pos)
{
	const char *w;
	size_t wn;
	bool any = false;
	while (next_word(s, n, &pos, &w, &wn)) {
		if (!kb_sasl_mech(w, wn))
			return false;
		any = true;
	}
	return any;
}

static int explain_one(struct buf *out, const char *s, size_t n)
{
	if (starts_with_code(s, n)) {
		explain_reply_line(out, s, n);
		return 0;
	}
	size_t pos = 0, words = 0;
	const char *w;
	size_t wn;
	next_word(s, n, &pos, &w, &wn);
	size_t kl = 0;
	while (kl < wn && w[kl] != '=')
		kl++;
	const struct kb_entry *kw = kb_keyword(w, kl);
	/* "AUTH PLAIN LOGIN" is an EHLO line, not three items. */
	bool auth_line = kw && !strcmp(kw->key, "AUTH") && rest_all_mechs(s, n, pos);

	/* Several items ("5.7.8 PIPELINING"): each on its own. */
	bool all_items = !auth_line;
	pos = 0;
	while (all_items && next_word(s, n, &pos, &w, &wn)) {
		words++;
		if (!explain_item(NULL, w, wn))
			all_items = false;
	}
	if (all_items && words) {
		pos = 0;
		bool first = true;
		while (next_word(s, n, &pos, &w, &wn)) {
			if (!first)
				buf_addc(out, '\n');
			first = false;
			explain_item(out, w, wn);
		}
		return 0;
	}
	/* A keyword line with parameters, a command line, or both. */
	pos = 0;
	next_word(s, n, &pos, &w, &wn);
	const struct kb_entry *cmd = kl == wn && !auth_line ? kb_command(w, wn) : NULL;
	bool has_eq = memchr(s + pos, '=', n - pos) != NULL;
	bool as_kw = kw && (!cmd || (strcmp(kw->key, "AUTH") != 0 && !has_eq));
	if (as_kw) {
		const char *label = cmd ? _("As an EHLO keyword line:") : NULL;
		if (label)
			line(out, "", label);
		explain_keyword_line(out, w, n - (size_t)(w - s), 0, "", IND);
	}
	if (cmd) {
		if (as_kw) {
			buf_addc(out, '\n');
			line(out, "", _("As a command:"));
		}
		explain_command(out, w, n - (size_t)(w - s));
	}
	if (as_kw || cmd)
		return 0;
	buf_adds(out, _("smtpdbg knows nothing about: "));
	esc(out, s, n);
	buf_addc(out, '\n');
	line(out, IND, _("Try a reply code (535), an enhanced code (5.7.8), a reply line (250-STARTTLS), an EHLO keyword or a command."));
	return -1;
}

int explain_text(struct buf *out, const char *text)
{
	if (!out)
		return -1;
	if (!text)
		text = "";
	size_t n = strlen(text);
	const char *s = text;
	while (n && (is_space(*s) || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n && (is_space(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!n) {
		line(out, "", _("Nothing to explain."));
		return -1;
	}
	if (!memchr(s, '\n', n))
		return explain_one(out, s, n);
	if (starts_with_code(s, n)) {
		explain_reply_stream(out, s, n);
		return 0;
	}
	/* Several lines that are not a reply: each on its own. */
	int rc = -1;
	bool first = true;
	for (size_t i = 0; i < n;) {
		const char *lf = memchr(s + i, '\n', n - i);
		size_t end = lf ? (size_t)(lf - s) : n;
		size_t len = end - i;
		while (len && (s[i + len - 1] == '\r' || is_space(s[i + len - 1])))
			len--;
		size_t off = 0;
		while (off < len && is_space(s[i + off]))
			off++;
		if (len > off) {
			if (!first)
				buf_addc(out, '\n');
			first = false;
			if (explain_one(out, s + i + off, len - off) == 0)
				rc = 0;
		}
		i = end + 1;
	}
	return rc;
}
