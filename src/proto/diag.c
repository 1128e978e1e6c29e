/* The diagnosis matcher: a reply's text normalised once, then every rule
 * tried; the best confidence wins, table order breaks ties. Rules and
 * kinds are data (diag_kinds.c, diag_rules_*.c). */
#define _GNU_SOURCE /* memmem */
#include "smtpdbg/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag_tables.h"
#include "smtpdbg/annot.h"
#include "smtpdbg/i18n.h"

/* Enough text for any rule: providers' longest refusals are ~600 bytes. */
#define DIAG_TEXT_CAP 2048

const char *diag_conf_name(enum diag_conf c)
{
	switch (c) {
	case DIAG_CERTAIN:
		return "certain";
	case DIAG_LIKELY:
		return "likely";
	case DIAG_POSSIBLE:
		break;
	}
	return "possible";
}

const char *diag_conf_label(enum diag_conf c)
{
	switch (c) {
	case DIAG_CERTAIN:
		/* TRANSLATORS: a diagnosis's confidence: the code's registered meaning */
		return _("certain");
	case DIAG_LIKELY:
		/* TRANSLATORS: a diagnosis's confidence: a documented text matched */
		return _("likely");
	case DIAG_POSSIBLE:
		break;
	}
	/* TRANSLATORS: a diagnosis's confidence: a guess from the words */
	return _("possible");
}

unsigned diag_ctx_of_verb(const char *verb)
{
	static const struct {
		const char *verb;
		unsigned ctx;
	} map[] = {
		{"GREETING", DC_GREETING}, {"EHLO", DC_HELO},     {"HELO", DC_HELO},
		{"LHLO", DC_HELO},         {"STARTTLS", DC_STARTTLS}, {"AUTH", DC_AUTH},
		{"SASL", DC_AUTH},         {"MAIL", DC_MAIL},     {"RCPT", DC_RCPT},
		{"DATA", DC_DATA},         {"DOT", DC_DOT},       {"BDAT", DC_DOT},
	};
	if (!verb || !*verb)
		return 0;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcasecmp(verb, map[i].verb))
			return map[i].ctx;
	return DC_OTHER;
}

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

size_t diag_normalise(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool space = true; /* drop leading spaces */
	if (!cap)
		return 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
			if (!space)
				out[o++] = ' ';
			space = true;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == 0)
			c = ' '; /* a NUL must not end the text early */
		out[o++] = (char)c;
		space = c == ' ';
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = 0;
	return o;
}

/* One alternative (len bytes of pat, its < and > markers still on) in text. */
static bool alt_found(const char *pat, size_t len, const char *text, size_t n)
{
	bool left = len && pat[0] == '<';
	if (left)
		pat++, len--;
	bool right = len && pat[len - 1] == '>';
	if (right)
		len--;
	if (!len)
		return false;
	const char *p = text, *end = text + n;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), pat, len);
		if (!hit)
			return false;
		bool ok = true;
		if (left && hit > text && is_word((unsigned char)hit[-1]))
			ok = false;
		if (right && hit + len < end && is_word((unsigned char)hit[len]))
			ok = false;
		if (ok)
			return true;
		p = hit + 1;
	}
	return false;
}

/* One &-term: alternatives separated by '|'. */
static bool term_found(const char *t, size_t len, const char *text, size_t n)
{
	while (len) {
		const char *bar = memchr(t, '|', len);
		size_t al = bar ? (size_t)(bar - t) : len;
		if (alt_found(t, al, text, n))
			return true;
		if (!bar)
			break;
		len -= al + 1;
		t = bar + 1;
	}
	return false;
}

bool diag_match(const char *pattern, const char *text, size_t n)
{
	if (!pattern || !text)
		return false;
	const char *p = pattern;
	for (;;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		bool neg = len && p[0] == '!';
		bool found = term_found(p + neg, len - neg, text, n);
		if (found == neg)
			return false;
		if (!amp)
			return true;
		p = amp + 1;
	}
}

/* "X.7.8" or "5.7.1" against an enhanced code (cls 0: none given). */
static bool enh_matches(const char *want, const struct enh_code *e)
{
	if (!want)
		return true;
	if (!e || !e->cls)
		return false;
	struct enh_code w;
	char tmp[16];
	size_t n = strlen(want);
	if (n >= sizeof tmp)
		return false;
	memcpy(tmp, want, n + 1);
	bool any = tmp[0] == 'X';
	if (any)
		tmp[0] = '5';
	if (enh_parse(tmp, n, &w) != n)
		return false;
	return (any || w.cls == e->cls) && w.subject == e->subject && w.detail == e->detail;
}

static bool code_matches(int want, int code)
{
	if (!want)
		return true;
	if (want < 10)
		return code / 100 == want;
	return code == want;
}

static bool need_met(unsigned need, unsigned state)
{
	need &= ~(unsigned)DN_FALLBACK;
	if (!need)
		return true;
	if (!(state & DS_KNOWN))
		return false; /* a rule that needs a state says nothing without it */
	bool tls = state & DS_TLS, authed = state & DS_AUTHED;
	if ((need & DN_PLAIN) && tls)
		return false;
	if ((need & DN_TLS) && !tls)
		return false;
	if ((need & DN_UNAUTHED) && authed)
		return false;
	if ((need & DN_AUTHED) && !authed)
		return false;
	return true;
}

/* How specific a rule is: what it says about the reply beats a code's
 * meaning, which beats a guess; a fallback comes last. */
static int rank(const struct diag_rule *r, enum diag_conf conf)
{
	if (r->need & DN_FALLBACK)
		return 0;
	switch (conf) {
	case DIAG_LIKELY:
		return 3;
	case DIAG_CERTAIN:
		return 2;
	case DIAG_POSSIBLE:
		break;
	}
	return 1;
}

static bool diag_norm(int code, const struct enh_code *enh, const char *norm, size_t n,
		      const struct diag_ctx_info *ci, struct diag_result *out)
{
	memset(out, 0, sizeof *out);
	/* Code 0: a log line's words without a reply (postscreen's PREGREET,
	 * Dovecot's "Password mismatch"): only a documented text may say what
	 * they mean, never a code's meaning or a guess. */
	bool textonly = code == 0;
	if (!textonly && (code < 400 || code > 599))
		return false; /* success and intermediate replies are not failures */
	unsigned ctx = ci ? ci->ctx : 0, state = ci ? ci->state : 0;
	size_t nr = diag_rule_count();
	int best = -1;
	for (size_t i = 0; i < nr && best < 3; i++) {
		const struct diag_rule *r = diag_rule_at(i);
		if (!r->id)
			continue;
		enum diag_conf conf = r->conf;
		if (r->ctx && ctx && !(r->ctx & ctx))
			continue;
		if (r->ctx && !ctx && conf == DIAG_CERTAIN)
			conf = DIAG_POSSIBLE; /* the meaning holds only in a context not known */
		int rk = rank(r, conf);
		if (rk <= best)
			continue;
		if (textonly && (r->conf != DIAG_LIKELY || !r->match || r->code || r->enh))
			continue;
		if (!code_matches(r->code, code) || !enh_matches(r->enh, enh) ||
		    !need_met(r->need, state))
			continue;
		if (r->match && !diag_match(r->match, norm, n))
			continue;
		const struct diag_kind *k = diag_kind_find(r->id);
		if (!k)
			continue;
		out->kind = k;
		out->rule = r;
		out->conf = conf;
		best = rk;
	}
	/* A documented text that says what the code's registered meaning says:
	 * certain, with the text's source and note. */
	for (size_t i = 0; out->kind && out->conf == DIAG_LIKELY && i < nr; i++) {
		const struct diag_rule *r = diag_rule_at(i);
		if (r->conf == DIAG_CERTAIN && !(r->need & DN_FALLBACK) && r->id &&
		    !strcmp(r->id, out->kind->id) && (!r->ctx || (r->ctx & ctx)) &&
		    code_matches(r->code, code) && enh_matches(r->enh, enh) &&
		    need_met(r->need, state) && (!r->match || diag_match(r->match, norm, n)))
			out->conf = DIAG_CERTAIN;
	}
	return out->kind != NULL;
}

bool diag_text(int code, const struct enh_code *enh, const char *text, size_t n,
	       const struct diag_ctx_info *ci, struct diag_result *out)
{
	char norm[DIAG_TEXT_CAP];
	size_t nn = diag_normalise(text ? text : "", text ? n : 0, norm, sizeof norm);
	return diag_norm(code, enh, norm, nn, ci, out);
}

/* A line's text without the enhanced code the first line already gave
 * (providers repeat it on every line: "550-5.7.26 ..."). */
static const char *line_rest(const struct smtp_reply *r, size_t i, size_t *len)
{
	const char *t = reply_line_text(&r->lines[i], len);
	if (i == 0 || !r->enh.cls)
		return t;
	struct enh_code e;
	size_t used = enh_parse(t, *len, &e);
	if (used && e.cls == r->enh.cls && e.subject == r->enh.subject && e.detail == r->enh.detail) {
		while (used < *len && (t[used] == ' ' || t[used] == '\t'))
			used++;
		*len -= used;
		return t + used;
	}
	return t;
}

bool diag_reply(const struct smtp_reply *r, const struct diag_ctx_info *ci,
		struct diag_result *out)
{
	if (!r || !out)
		return false;
	char joined[DIAG_TEXT_CAP];
	size_t jn = 0;
	for (size_t i = 0; i < r->nlines && jn + 2 < sizeof joined; i++) {
		size_t len;
		const char *t = line_rest(r, i, &len);
		if (i && jn)
			joined[jn++] = ' ';
		if (len > sizeof joined - 1 - jn)
			len = sizeof joined - 1 - jn;
		memcpy(joined + jn, t, len);
		jn += len;
	}
	char norm[DIAG_TEXT_CAP];
	size_t nn = diag_normalise(joined, jn, norm, sizeof norm);
	return diag_norm(r->code, &r->enh, norm, nn, ci, out);
}

/* The rule tables, most specific first: a provider's documented text
 * before a daemon's log text before an MTA's stock text, all before the
 * words anyone may write. */
static const struct {
	const struct diag_rule *v;
	const size_t *n;
} tables[] = {
	{diag_rules_providers, &diag_rules_providers_n},
	{diag_rules_dnsbl, &diag_rules_dnsbl_n},
	{diag_rules_logs, &diag_rules_logs_n},
	{diag_rules_mta, &diag_rules_mta_n},
	{diag_rules_words, &diag_rules_words_n},
	{diag_rules_codes, &diag_rules_codes_n},
};

size_t diag_rule_count(void)
{
	size_t n = 0;
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
		n += *tables[t].n;
	return n;
}

const struct diag_rule *diag_rule_at(size_t i)
{
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		if (i < *tables[t].n)
			return &tables[t].v[i];
		i -= *tables[t].n;
	}
	return NULL;
}

static const struct {
	const struct diag_kind *v;
	const size_t *n;
} kind_tables[] = {
	{diag_kinds_session, &diag_kinds_session_n},
	{diag_kinds_message, &diag_kinds_message_n},
};

size_t diag_kind_count(void)
{
	size_t n = 0;
	for (size_t t = 0; t < sizeof kind_tables / sizeof kind_tables[0]; t++)
		n += *kind_tables[t].n;
	return n;
}

const struct diag_kind *diag_kind_at(size_t i)
{
	for (size_t t = 0; t < sizeof kind_tables / sizeof kind_tables[0]; t++) {
		if (i < *kind_tables[t].n)
			return &kind_tables[t].v[i];
		i -= *kind_tables[t].n;
	}
	return NULL;
}

const struct diag_kind *diag_kind_find(const char *id)
{
	size_t n = diag_kind_count();
	for (size_t i = 0; i < n; i++)
		if (!strcmp(diag_kind_at(i)->id, id))
			return diag_kind_at(i);
	return NULL;
}

void diag_items(struct annot_items *out, const struct diag_result *d, unsigned depth)
{
	if (!out || !d || !d->kind)
		return;
	const struct diag_kind *k = d->kind;
	annot_add(out, AK_DIAGNOSIS, depth, d->rule->source,
		  /* TRANSLATORS: "Diagnosis (likely): HELO name is not ..." */
		  _("Diagnosis (%s): %s"), diag_conf_label(d->conf), _(k->title));
	annot_add(out, AK_TEXT, depth + 1, NULL, _("Checked: %s"), _(k->checked));
	annot_add(out, AK_TEXT, depth + 1, NULL, _("Likely cause: %s"), _(k->cause));
	if (d->rule->note)
		annot_add(out, AK_TEXT, depth + 1, NULL, "%s", _(d->rule->note));
	/* One item per step: the steps are separated by newlines. */
	const char *steps = _(k->next);
	while (*steps) {
		const char *nl = strchr(steps, '\n');
		int len = nl ? (int)(nl - steps) : (int)strlen(steps);
		if (len)
			annot_add(out, AK_NEXT, depth + 1, NULL, _("Next: %.*s"), len, steps);
		if (!nl)
			break;
		steps = nl + 1;
	}
}
