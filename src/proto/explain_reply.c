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
#include "smtpdbg/diag.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

/* ---- enhanced status codes ------------------------------------------ */

/* The command a reply answers, as a person reads it: the pseudo-verbs
 * DOT and GREETING are the end of the message data and the banner. */
static const char *verb_label(const char *verb)
{
	if (!strcmp(verb, "DOT"))
		return _("the end of the message data");
	if (!strcmp(verb, "GREETING"))
		return _("the greeting");
	return verb;
}

/* Registered meanings that hold in answer to AUTH only: a server that
 * puts 5.7.9 on a DMARC refusal after the data does not mean "mechanism
 * too weak". */
static bool auth_only(int subject, int detail)
{
	return subject == 7 && (detail == 8 || detail == 9 || detail == 11 || detail == 12);
}

/* 2.7.0 (with 235), 4.7.0 (with 454) and 5.7.0 (with 530) mean what AUTH
 * made of them; with any other code they are "other security status". */
static bool exact_applies(const struct enh_code *ec, int code, const char *verb)
{
	bool auth = verb && !strcmp(verb, "AUTH");
	switch (ec->cls) {
	case 2:
		return code == 235 || auth;
	case 4:
		return code == 454 || (auth && code / 100 == 4);
	default:
		return code == 530;
	}
}

static void explain_enh(struct annot_items *out, const struct enh_code *ec, unsigned depth,
			int code, const char *verb)
{
	char label[48];
	snprintf(label, sizeof label, "%d.%d.%d", ec->cls, ec->subject, ec->detail);
	const struct kb_entry *x = kb_enhanced_exact(ec->cls, ec->subject, ec->detail);
	const struct kb_entry *d = kb_enhanced(ec->subject, ec->detail);
	if (x && !exact_applies(ec, code, verb))
		x = NULL;
	const struct kb_entry *s = kb_enhanced_subject(ec->subject);
	if (x) {
		xp_entry(out, depth, label, x);
		/* 4.7.0 also serves reasons that have nothing to do with AUTH. */
		if (d && !verb && code != 530)
			annot_add(out, AK_TEXT, depth + 1, _(d->rfc), _("Otherwise: X.%d.%d %s. %s"),
				  ec->subject, ec->detail, _(d->title), _(d->text));
	} else if (d && verb && strcmp(verb, "AUTH") && auth_only(ec->subject, ec->detail)) {
		/* Said of something else: the subject is all the code tells. */
		annot_add(out, AK_MEANING, depth, _(d->rfc), "%s  %s", label,
			  s ? _(s->title) : _("Security or policy status"));
		annot_add(out, AK_TEXT, depth + 1, _(d->rfc),
			  _("Registered for replies to AUTH (\"%s\"); this reply answers %s, so the "
			    "server uses the code for another reason: its text says which."),
			  _(d->title), verb_label(verb));
	} else if (d)
		xp_entry(out, depth, label, d);
	else
		annot_add(out, AK_MEANING, depth, _("RFC 5248"), "%s  %s", label,
			  _("Not in the IANA SMTP Enhanced Status Codes registry"));

	const struct kb_entry *c = kb_enhanced_class(ec->cls);
	if (c)
		annot_add(out, AK_TEXT, depth + 1, _(c->rfc), _("Class %d: %s. %s"), ec->cls,
			  _(c->title), _(c->text));
	if (s)
		annot_add(out, AK_TEXT, depth + 1, _(s->rfc), _("Subject %d: %s. %s"), ec->subject,
			  _(s->title), _(s->text));
	else
		annot_add(out, AK_TEXT, depth + 1, _("RFC 3463 §2"), _("Subject %d: not defined"),
			  ec->subject);
	if (ec->cls == 4 && ec->subject == 7 && verb &&
	    (!strcmp(verb, "RCPT") || !strcmp(verb, "MAIL")))
		annot_add(out, AK_TEXT, depth + 1, _("RFC 3463 §3.8"), "%s",
			  _("A temporary policy refusal of the envelope: greylisting, a rate limit or "
			    "a DNS lookup that failed for now. A mail server retries by itself; the "
			    "text tells which."));
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

void explain_enh_item(struct annot_items *out, const struct enh_code *ec)
{
	if (ec->cls) {
		explain_enh(out, ec, 0, 0, NULL);
		return;
	}
	/* X.y.z: the meaning without a class. */
	char label[48];
	snprintf(label, sizeof label, "X.%d.%d", ec->subject, ec->detail);
	const struct kb_entry *d = kb_enhanced(ec->subject, ec->detail);
	if (d)
		xp_entry(out, 0, label, d);
	else
		annot_add(out, AK_MEANING, 0, _("RFC 5248"), "%s  %s", label,
			  _("Not in the IANA SMTP Enhanced Status Codes registry"));
	for (int cls = 2; cls <= 5; cls += cls == 2 ? 2 : 1) {
		const struct kb_entry *c = kb_enhanced_class(cls);
		annot_add(out, AK_TEXT, 1, _(c->rfc), _("As %d.%d.%d: %s"), cls, ec->subject,
			  ec->detail, _(c->title));
	}
	const struct kb_entry *s = kb_enhanced_subject(ec->subject);
	if (s)
		annot_add(out, AK_TEXT, 1, _(s->rfc), _("Subject %d: %s. %s"), ec->subject,
			  _(s->title), _(s->text));
}

/* ---- EHLO keywords -------------------------------------------------- */

static void explain_mechs(struct annot_items *out, const char *p, size_t n, unsigned depth)
{
	size_t pos = 0, count = 0;
	const char *w;
	size_t wn;
	while (xp_next_word(p, n, &pos, &w, &wn)) {
		if (++count > WORDS_MAX) {
			annot_add(out, AK_NOTE, depth, NULL, "%s", _("... more mechanisms not shown"));
			return;
		}
		const struct kb_entry *m = kb_sasl_mech(w, wn);
		if (m)
			xp_entry(out, depth, m->key, m);
		else
			xp_esc_item(out, AK_MEANING, depth, NULL, w, wn, "  %s",
				    _("SASL mechanism unknown to smtpdbg"));
		const char *likely = kb_sasl_likely(w, wn);
		if (likely)
			annot_add(out, AK_TEXT, depth + 1, NULL, "%s", _(likely));
		annot_add(out, AK_TEXT, depth + 1, "IANA SASL Mechanisms", "%s",
			  _(kb_sasl_usage_text(kb_sasl_usage(w, wn))));
	}
	if (!count)
		annot_add(out, AK_WARNING, depth, _("RFC 4954 §3"), "%s",
			  _("No mechanisms listed: AUTH cannot be used"));
}

static void explain_size(struct annot_items *out, const char *p, size_t n, unsigned depth)
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
		annot_add(out, AK_TEXT, depth, _("RFC 1870"), "%s",
			  _("No number given: the server announces no fixed limit"));
	} else if (ok && n > 19) {
		annot_add_esc(out, AK_WARNING, depth, _("A number too large to be a real limit: "), p, n);
	} else if (!ok) {
		annot_add_esc(out, AK_WARNING, depth,
			      _("Not a number, so no limit can be read from it: "), p, n);
	} else if (v == 0) {
		annot_add(out, AK_TEXT, depth, _("RFC 1870"), "%s", _("SIZE 0: no fixed limit"));
	} else {
		annot_add(out, AK_CALC, depth, NULL, _("Largest message accepted: %llu octets (%.1f MiB)"),
			  v, (double)v / (1024.0 * 1024.0));
	}
}

/* One keyword line of an EHLO reply ("AUTH PLAIN LOGIN", "SIZE 1000"): a
 * heading at depth, its details one level deeper. Mechanisms and the size
 * sit at depth 2 even under a top-level keyword, as they always have. */
void explain_keyword_line(struct annot_items *out, const char *s, size_t n, unsigned lflags,
			  unsigned depth)
{
	/* A line with a NUL or control byte is never taken as a keyword: a
	 * server could hide "STARTTLS\0..." behind it. */
	if (lflags & (RF_NUL | RF_CTL | RF_STRAY_CR)) {
		annot_add_esc(out, AK_WARNING, depth, _("Not trusted (contains control bytes): "), s, n);
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
		xp_esc_item(out, AK_MEANING, depth, NULL, s, kl, "  %s", _("Unknown extension keyword"));
		if (kl && (s[0] == 'X' || s[0] == 'x'))
			annot_add(out, AK_TEXT, depth + 1, _("RFC 5321 §4.1.5"), "%s",
				  _("Keywords beginning with X are private extensions, outside the IANA registry"));
		else
			annot_add(out, AK_TEXT, depth + 1, _("RFC 5321 §2.2.2"), "%s",
				  _("Not in the IANA SMTP Service Extensions registry"));
		if (pn)
			annot_add_esc(out, AK_TEXT, depth + 1, _("Parameters: "), p, pn);
		return;
	}
	xp_entry(out, depth, e->key, e);
	if (!strcmp(e->key, "AUTH")) {
		if (legacy)
			annot_add(out, AK_TEXT, depth + 1, NULL, "%s",
				  _("'AUTH=' is the pre-standard form from drafts before RFC 2554; servers still send it for old clients. It means the same as AUTH."));
		explain_mechs(out, p, pn, 2);
	} else if (!strcmp(e->key, "SIZE")) {
		explain_size(out, p, pn, 2);
	} else if (pn) {
		annot_add_esc(out, AK_TEXT, depth + 1, _("Parameters: "), p, pn);
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

/* What the code means in answer to verb: a heading under the code's. */
static void context_line(struct annot_items *out, const struct kb_entry *c, const char *verb)
{
	if (!strcmp(verb, "GREETING"))
		annot_add(out, AK_MEANING, 1, _(c->rfc), _("As the greeting: %s"), _(c->title));
	else if (!strcmp(verb, "DOT"))
		annot_add(out, AK_MEANING, 1, _(c->rfc), _("After the message data: %s"),
			  _(c->title));
	else
		annot_add(out, AK_MEANING, 1, _(c->rfc), _("Answering %s: %s"), verb, _(c->title));
	annot_add(out, AK_TEXT, 2, NULL, "%s", _(c->text));
}

/* With a known verb, the meaning for it; without one, every meaning. */
static void explain_contexts(struct annot_items *out, int code, const char *verb)
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

struct challenge_hint {
	enum annot_kind kind;
	const char *hint;
	const char *ref;
};

static const struct challenge_hint *challenge_hint(const uint8_t *d, size_t n)
{
	static const struct challenge_hint
		login_user = {AK_NEXT, N_("AUTH LOGIN asks for the username: answer with it, Base64-encoded"), N_("draft-murchison-sasl-login")},
		login_pass = {AK_NEXT, N_("AUTH LOGIN asks for the password: answer with it, Base64-encoded. Base64 is not encryption: send it only over TLS"), N_("draft-murchison-sasl-login")},
		cram = {AK_NEXT, N_("Looks like a CRAM-MD5 challenge: answer with the username, a space and HMAC-MD5(password, challenge) in hex"), N_("RFC 2195")},
		scram_first = {AK_TEXT, N_("A SCRAM server-first message: the combined nonce (r=), the salt (s=) and the iteration count (i=)"), N_("RFC 5802")},
		scram_final = {AK_TEXT, N_("A SCRAM server-final message: the server's signature, which proves the server knows the password too"), N_("RFC 5802")},
		scram_error = {AK_DIAGNOSIS, N_("A SCRAM error from the server"), N_("RFC 5802")},
		oauth_error = {AK_DIAGNOSIS, N_("An OAuth error report (JSON): the token was refused. The client sends a dummy response and the server then fails the exchange"), N_("RFC 7628 §3.2.3")},
		digest = {AK_TEXT, N_("A DIGEST-MD5 challenge (realm, nonce, qop, ...)"), N_("RFC 2831")};
	static const struct {
		const char *text;
		const struct challenge_hint *hint;
	} prompts[] = {
		{"Username:", &login_user},
		{"User Name", &login_user},
		{"Password:", &login_pass},
	};
	const char *s = (const char *)d;
	for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++)
		if (strlen(prompts[i].text) == n && !strncasecmp(s, prompts[i].text, n))
			return prompts[i].hint;
	if (n > 2 && s[0] == '<' && s[n - 1] == '>' && memchr(s, '@', n))
		return &cram;
	if (n > 2 && !memcmp(s, "r=", 2))
		return &scram_first;
	if (n > 2 && !memcmp(s, "v=", 2))
		return &scram_final;
	if (n > 2 && !memcmp(s, "e=", 2))
		return &scram_error;
	if (n > 0 && s[0] == '{')
		return &oauth_error;
	for (size_t i = 0; i + 6 <= n; i++)
		if (!strncasecmp(s + i, "nonce=", 6))
			return &digest;
	return NULL;
}

static void explain_challenge(struct annot_items *out, const struct smtp_reply *r)
{
	size_t tn;
	const char *t = reply_line_text(&r->lines[0], &tn);
	if (r->nlines > 1)
		annot_add(out, AK_WARNING, 1, _("RFC 4954 §4"), "%s",
			  _("A 334 challenge is a single line; only the first is decoded"));
	if (tn == 0) {
		annot_add(out, AK_NEXT, 1, _("RFC 4954 §4"), "%s",
			  _("Empty challenge: the client now sends its first response, for example the PLAIN credentials"));
		return;
	}
	uint8_t *d;
	size_t dn, pos;
	const char *err;
	if (b64_decode(t, tn, &d, &dn, &err, &pos) != 0) {
		annot_add(out, AK_WARNING, 1, _("RFC 4954 §4"),
			  _("Not valid Base64 (%s at offset %zu): the client should cancel with '*'"),
			  _(err), pos);
		return;
	}
	annot_add_esc(out, AK_CALC, 1, _("Decoded challenge: "), d, dn);
	const struct challenge_hint *h = challenge_hint(d, dn);
	if (h)
		annot_add(out, h->kind, 2, _(h->ref), "%s", _(h->hint));
	free(d);
}

/* Whether a word is a host name a server may name itself by: a domain
 * with a dot and a letter, or an address literal. Enhanced codes ("5.7.1")
 * and bare numbers are not. */
static bool looks_like_host(const char *w, size_t n)
{
	if (n >= 3 && w[0] == '[' && w[n - 1] == ']')
		return true;
	bool dot = false, alpha = false;
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (c == '.')
			dot = true;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			alpha = true;
		else if (!xp_is_digit(c) && c != '-' && c != '_')
			return false;
	}
	return dot && alpha && w[0] != '.' && w[0] != '-' && w[n - 1] != '-';
}

/* The server names itself first in a greeting (RFC 5321 §4.2.3:
 * "220 <domain> Service ready") and often in 421 and 221; an enhanced code
 * before the name is skipped, a text that starts otherwise names nobody. */
static void explain_greeting_text(struct annot_items *out, const char *t, size_t tn,
				  bool greeting)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!xp_next_word(t, tn, &pos, &w, &wn))
		return;
	struct enh_code ec;
	if (enh_parse(w, wn, &ec) == wn && !xp_next_word(t, tn, &pos, &w, &wn))
		return;
	if (looks_like_host(w, wn))
		annot_add_esc(out, AK_TEXT, 1, _("The server names itself: "), w, wn);
	if (!greeting)
		return;
	while (xp_next_word(t, tn, &pos, &w, &wn))
		if (wn == 5 && !memcmp(w, "ESMTP", 5)) {
			annot_add(out, AK_NEXT, 2, NULL, "%s",
				  _("'ESMTP' in the greeting: the server supports extensions, so send EHLO"));
			break;
		}
}

static void explain_ehlo(struct annot_items *out, const struct smtp_reply *r, size_t from)
{
	if (from == 1) {
		size_t tn;
		const char *t = reply_line_text(&r->lines[0], &tn);
		size_t pos = 0;
		const char *w;
		size_t wn;
		if (xp_next_word(t, tn, &pos, &w, &wn))
			annot_add_esc(out, AK_TEXT, 1, _("The server names itself: "), w, wn);
	}
	for (size_t i = from; i < r->nlines; i++) {
		if (i - from >= LINES_MAX) {
			annot_add(out, AK_NOTE, 1, NULL,
				  P_("... %zu more keyword line not explained",
				     "... %zu more keyword lines not explained", r->nlines - i),
				  r->nlines - i);
			return;
		}
		size_t tn;
		const char *t = reply_line_text(&r->lines[i], &tn);
		explain_keyword_line(out, t, tn, r->lines[i].flags, 1);
	}
}

static void explain_flags(struct annot_items *out, unsigned flags)
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
			annot_add(out, AK_WARNING, 1, NULL, _("Warning: %s"), t.data);
		buf_free(&t);
	}
}

/* The command a reply answers, read from what its diagnosis is about,
 * for a reply pasted without its command ("Helo command rejected" answers
 * HELO); NULL when the diagnosis does not say. */
static const char *verb_of_diag(const struct diag_result *d)
{
	static const struct {
		const char *prefix, *verb;
	} map[] = {
		{"helo.", "EHLO"}, {"rcpt.", "RCPT"}, {"relay.", "RCPT"},
		{"sender.", "MAIL"}, {"auth.", "AUTH"}, {"dmarc.", "DOT"},
		{"dkim.", "DOT"}, {"arc.", "DOT"}, {"content.", "DOT"},
	};
	if (!d->kind || !d->rule->match)
		return NULL; /* only a text says what it answers */
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strncmp(d->kind->id, map[i].prefix, strlen(map[i].prefix)))
			return map[i].verb;
	return NULL;
}

/* kw_from: the first line holding an EHLO keyword, or -1 for none.
 * state: DS_* bits of the session; diag (may be NULL) gets the diagnosis. */
void explain_reply_at(struct annot_items *out, const struct smtp_reply *r, const char *verb,
		      long kw_from, unsigned state, struct diag_result *diag)
{
	struct diag_result dr;
	if (!diag)
		diag = &dr;
	memset(diag, 0, sizeof *diag);
	struct diag_ctx_info ci = {diag_ctx_of_verb(verb), state};
	bool diagnosed = r->code && !(state & (DS_CANCELLED | DS_KERBEROS)) &&
			 diag_reply(r, &ci, diag);
	const char *guessed = verb ? NULL : verb_of_diag(diag);
	if (!r->code) {
		annot_add(out, AK_MEANING, 0, _("RFC 5321 §4.2"), "%s",
			  _("Malformed reply: not an SMTP reply line"));
		if (r->nlines)
			annot_add_esc(out, AK_TEXT, 1, _("Received: "), r->lines[0].raw, r->lines[0].len);
		explain_flags(out, r->flags & ~(unsigned)RF_MALFORMED);
		return;
	}
	char code[8];
	snprintf(code, sizeof code, "%d", r->code);
	const struct kb_entry *e = kb_reply_code(r->code);
	if (e) {
		xp_entry(out, 0, code, e);
	} else {
		annot_add(out, AK_MEANING, 0, _("RFC 5321 §4.2.1"), "%s  %s", code,
			  _("Unregistered reply code"));
		annot_add(out, AK_TEXT, 1, NULL, "%s",
			  _("No RFC defines this code: only its digits carry meaning."));
	}
	const struct kb_entry *d1 = kb_reply_first_digit(r->code);
	const struct kb_entry *d2 = kb_reply_second_digit(r->code);
	if (d1)
		annot_add(out, AK_TEXT, 1, _(d1->rfc), "%s: %s. %s", d1->key, _(d1->title),
			  _(d1->text));
	if (d2)
		annot_add(out, AK_TEXT, 1, _(d2->rfc), "%s: %s. %s", d2->key, _(d2->title),
			  _(d2->text));
	if (guessed)
		annot_add(out, AK_TEXT, 1, NULL,
			  _("Read as the answer to %s: the text says what it refuses."),
			  verb_label(guessed));
	explain_contexts(out, r->code, guessed ? guessed : verb);
	if (r->enh.cls)
		explain_enh(out, &r->enh, 1, r->code, guessed ? guessed : verb);
	if (diagnosed)
		diag_items(out, diag, 0);

	if (r->nlines == 0) {
		/* nothing kept */
	} else if (r->code == 334) {
		explain_challenge(out, r);
	} else if (kw_from >= 0) {
		explain_ehlo(out, r, (size_t)kw_from);
	} else {
		/* The text itself is in the transcript; only what it tells. */
		bool greeting = (r->code == 220 || r->code == 554) &&
				(!verb || !strcmp(verb, "GREETING"));
		if (greeting || r->code == 421 || r->code == 221) {
			size_t tn;
			const char *t = reply_line_text(&r->lines[0], &tn);
			explain_greeting_text(out, t, tn, greeting);
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

void explain_reply(struct annot_items *out, const struct smtp_reply *r, const char *answers)
{
	explain_reply_diag(out, r, answers, 0, NULL);
}

void explain_reply_diag(struct annot_items *out, const struct smtp_reply *r, const char *answers,
			unsigned state, struct diag_result *diag)
{
	if (diag)
		memset(diag, 0, sizeof *diag);
	if (!out || !r)
		return;
	const char *verb = norm_verb(answers);
	long kw_from = -1;
	if (r->code == 250 && verb && (!strcmp(verb, "EHLO") || !strcmp(verb, "LHLO"))) {
		kw_from = 1;
	} else if (r->code == 250 && !verb) {
		for (size_t i = 1; i < r->nlines && kw_from < 0; i++)
			if (xp_keyword_line(&r->lines[i]))
				kw_from = 1;
		if (kw_from > 0)
			verb = "EHLO";
	}
	explain_reply_at(out, r, verb, kw_from, state, diag);
}
