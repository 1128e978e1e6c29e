/* Explanations of what a person typed: codes, reply lines, keywords,
 * commands (smtpdbg explain). Built as items, then rendered as text. */
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

/* The empty line between two explanations. */
static void separate(struct annot_items *out)
{
	annot_add(out, AK_TEXT, 0, NULL, "%s", "");
}

static bool starts_with_code(const char *s, size_t n)
{
	return n >= 3 && s[0] >= '2' && s[0] <= '5' && s[1] >= '0' && s[1] <= '5' &&
	       xp_is_digit(s[2]) && (n == 3 || s[3] == ' ' || s[3] == '-');
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
static void explain_reply_line(struct annot_items *out, const char *s, size_t n)
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
	if (r->code == 250 && r->nlines && xp_keyword_line(&r->lines[0])) {
		kw_from = 0;
		verb = "EHLO";
	}
	explain_reply_at(out, r, verb, kw_from, 0, NULL);
	if (cont)
		annot_add(out, AK_TEXT, 1, _("RFC 5321 §4.2.1"), "%s",
			  _("A continuation line ('-' after the code): more lines of this reply follow; the last one has a space after the code"));
	reply_free(r);
}

/* A pasted multi-line reply stream: frame and explain each reply. */
static void explain_reply_stream(struct annot_items *out, const char *s, size_t n)
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
			separate(out);
		first = false;
		explain_reply(out, r, NULL);
		reply_free(r);
	}
	reply_framer_free(&f);
	buf_free(&b);
}

/* A word that means something on its own: a code, an enhanced code, a
 * keyword, a command or a SASL mechanism. Explains it when out is set. */
static bool explain_item(struct annot_items *out, const char *w, size_t n)
{
	struct enh_code ec;
	if (xp_parse_enh_token(w, n, &ec)) {
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
	/* "MD5" and the like: no mechanism, but a likely meaning. */
	const char *likely = kb_sasl_likely(w, n);
	if (!kw && !cmd && !mech && !likely)
		return false;
	if (!out)
		return true;
	bool sep = false;
	if (kw) {
		char label[64];
		snprintf(label, sizeof label, _("%s (EHLO keyword)"), kw->key);
		xp_entry(out, 0, label, kw);
		sep = true;
	}
	if (cmd) {
		if (sep)
			separate(out);
		explain_command_at(out, w, n, false);
		sep = true;
	}
	if (mech) {
		char label[64];
		snprintf(label, sizeof label, _("%s (SASL mechanism)"), mech->key);
		if (sep)
			separate(out);
		xp_entry(out, 0, label, mech);
	}
	if (mech || likely) {
		if (!mech) {
			if (sep)
				separate(out);
			xp_esc_item(out, AK_MEANING, 0, NULL, w, n, "  %s",
				    _("SASL mechanism unknown to smtpdbg"));
			annot_add(out, AK_TEXT, 1, NULL, "%s", _(likely));
		}
		annot_add(out, AK_TEXT, 1, "IANA SASL Mechanisms", "%s",
			  _(kb_sasl_usage_text(kb_sasl_usage(w, n))));
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
	while (xp_next_word(s, n, &pos, &w, &wn)) {
		if (!kb_sasl_mech(w, wn))
			return false;
		any = true;
	}
	return any;
}

static int explain_one(struct annot_items *out, const char *s, size_t n)
{
	if (starts_with_code(s, n)) {
		explain_reply_line(out, s, n);
		return 0;
	}
	size_t pos = 0, words = 0;
	const char *w;
	size_t wn;
	xp_next_word(s, n, &pos, &w, &wn);
	size_t kl = 0;
	while (kl < wn && w[kl] != '=')
		kl++;
	const struct kb_entry *kw = kb_keyword(w, kl);
	/* "AUTH PLAIN LOGIN" is an EHLO line, not three items. */
	bool auth_line = kw && !strcmp(kw->key, "AUTH") && rest_all_mechs(s, n, pos);

	/* Several items ("5.7.8 PIPELINING"): each on its own. */
	bool all_items = !auth_line;
	pos = 0;
	while (all_items && xp_next_word(s, n, &pos, &w, &wn)) {
		words++;
		if (!explain_item(NULL, w, wn))
			all_items = false;
	}
	if (all_items && words) {
		pos = 0;
		bool first = true;
		while (xp_next_word(s, n, &pos, &w, &wn)) {
			if (!first)
				separate(out);
			first = false;
			explain_item(out, w, wn);
		}
		return 0;
	}
	/* A keyword line with parameters, a command line, or both. */
	pos = 0;
	xp_next_word(s, n, &pos, &w, &wn);
	const struct kb_entry *cmd = kl == wn && !auth_line ? kb_command(w, wn) : NULL;
	bool has_eq = memchr(s + pos, '=', n - pos) != NULL;
	bool as_kw = kw && (!cmd || (strcmp(kw->key, "AUTH") != 0 && !has_eq));
	if (as_kw) {
		const char *label = cmd ? _("As an EHLO keyword line:") : NULL;
		if (label)
			annot_add(out, AK_TEXT, 0, NULL, "%s", label);
		explain_keyword_line(out, w, n - (size_t)(w - s), 0, 0);
	}
	if (cmd) {
		if (as_kw) {
			separate(out);
			annot_add(out, AK_TEXT, 0, NULL, "%s", _("As a command:"));
		}
		explain_command(out, w, n - (size_t)(w - s));
	}
	if (as_kw || cmd)
		return 0;
	annot_add_esc(out, AK_NOTE, 0, _("smtpdbg knows nothing about: "), s, n);
	annot_add(out, AK_NEXT, 1, NULL, "%s",
		  _("Try a reply code (535), an enhanced code (5.7.8), a reply line (250-STARTTLS), an EHLO keyword or a command."));
	return -1;
}

/* explain_text's work, as items. */
static int explain_items(struct annot_items *out, const char *text)
{
	if (!text)
		text = "";
	size_t n = strlen(text);
	const char *s = text;
	while (n && (xp_is_space(*s) || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n && (xp_is_space(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!n) {
		annot_add(out, AK_NOTE, 0, NULL, "%s", _("Nothing to explain."));
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
		while (len && (s[i + len - 1] == '\r' || xp_is_space(s[i + len - 1])))
			len--;
		size_t off = 0;
		while (off < len && xp_is_space(s[i + off]))
			off++;
		if (len > off) {
			if (!first)
				separate(out);
			first = false;
			if (explain_one(out, s + i + off, len - off) == 0)
				rc = 0;
		}
		i = end + 1;
	}
	return rc;
}

int explain_text(struct buf *out, const char *text)
{
	if (!out)
		return -1;
	struct annot_items items;
	annot_items_init(&items);
	int rc = explain_items(&items, text);
	annot_items_text(&items, out);
	annot_items_free(&items);
	return rc;
}
