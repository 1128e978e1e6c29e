/* Explanations of client commands. Credentials a command carries are
 * never decoded or shown. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain_fmt.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

static void explain_params(struct annot_items *out, const char *s, size_t n)
{
	size_t pos = 0, count = 0;
	const char *w;
	size_t wn;
	while (xp_next_word(s, n, &pos, &w, &wn)) {
		if (++count > WORDS_MAX) {
			annot_add(out, AK_NOTE, 1, NULL, "%s", _("... more parameters not shown"));
			return;
		}
		size_t nl = 0;
		while (nl < wn && w[nl] != '=')
			nl++;
		const struct kb_entry *p = kb_mail_param(w, nl);
		if (p) {
			xp_esc_item(out, AK_MEANING, 1, _(p->rfc), w, wn, "  %s", _(p->title));
			annot_add(out, AK_TEXT, 2, NULL, "%s", _(p->text));
		} else {
			xp_esc_item(out, AK_MEANING, 1, _("RFC 5321 §4.1.1.11"), w, wn, "  %s",
				    _("Unknown parameter: a server that does not know it answers 555"));
		}
	}
}

/* MAIL FROM:<path> / RCPT TO:<path>, then parameters. */
static void explain_path(struct annot_items *out, const char *a, size_t n, bool from)
{
	const char *prefix = from ? "FROM:" : "TO:";
	size_t pl = strlen(prefix);
	const char *rfc = from ? "RFC 5321 §4.1.1.2" : "RFC 5321 §4.1.1.3";
	if (n < pl || strncasecmp(a, prefix, pl) != 0) {
		annot_add(out, AK_WARNING, 1, rfc,
			  _("Expected '%s<address>' here: the server will answer 501"), prefix);
		return;
	}
	size_t i = pl;
	if (i < n && xp_is_space(a[i])) {
		annot_add(out, AK_WARNING, 1, rfc, "%s",
			  _("A space after the colon is not allowed, though many servers accept it"));
		while (i < n && xp_is_space(a[i]))
			i++;
	}
	if (i >= n || a[i] != '<') {
		annot_add(out, AK_WARNING, 1, rfc, "%s",
			  _("The address belongs in angle brackets, as in <user@example.org>; many servers answer 501 without them"));
		size_t j = i;
		while (j < n && !xp_is_space(a[j]))
			j++;
		annot_add_esc(out, AK_TEXT, 1, from ? _("Sender: ") : _("Recipient: "), a + i, j - i);
		explain_params(out, a + j, n - j);
		return;
	}
	const char *gt = memchr(a + i, '>', n - i);
	size_t end = gt ? (size_t)(gt - a) + 1 : n;
	if (from && end - i == 2)
		annot_add(out, AK_TEXT, 1, _("RFC 5321 §4.5.5"), "%s",
			  _("Sender <> is the null reverse-path: used for bounces and other automatic reports, which must never cause a bounce themselves"));
	else
		annot_add_esc(out, AK_TEXT, 1, from ? _("Sender: ") : _("Recipient: "), a + i, end - i);
	if (!gt)
		annot_add(out, AK_WARNING, 1, NULL, "%s",
			  _("The closing '>' is missing: the server will answer 501"));
	explain_params(out, a + end, n - end);
}

static void explain_auth_cmd(struct annot_items *out, const char *a, size_t n)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!xp_next_word(a, n, &pos, &w, &wn)) {
		annot_add(out, AK_WARNING, 1, _("RFC 4954 §4"), "%s",
			  _("No mechanism given: the server will answer 501"));
		return;
	}
	const struct kb_entry *m = kb_sasl_mech(w, wn);
	if (m)
		xp_entry(out, 1, m->key, m);
	else
		xp_esc_item(out, AK_MEANING, 1, _("RFC 4954 §4"), w, wn, "  %s",
			    _("SASL mechanism unknown to smtpdbg: a server that does not offer it answers 504"));
	const char *likely = kb_sasl_likely(w, wn);
	if (likely)
		annot_add(out, AK_TEXT, 2, NULL, "%s", _(likely));
	annot_add(out, AK_TEXT, 2, "IANA SASL Mechanisms", "%s",
		  _(kb_sasl_usage_text(kb_sasl_usage(w, wn))));
	/* The initial response is never decoded or echoed: for PLAIN it is
	 * the password itself. */
	const char *ir;
	size_t irn;
	if (!xp_next_word(a, n, &pos, &ir, &irn))
		annot_add(out, AK_NEXT, 1, _("RFC 4954 §4"), "%s",
			  _("No initial response: the server answers 334 with a challenge (possibly empty)"));
	else if (irn == 1 && ir[0] == '=')
		annot_add(out, AK_TEXT, 1, _("RFC 4954 §4"), "%s",
			  _("'=' is an empty initial response"));
	else
		annot_add(out, AK_TEXT, 1, _("RFC 4954 §4"), "%s",
			  _("The initial response carries the credentials, Base64-encoded: smtpdbg does not decode or show it here. Base64 is not encryption; anyone who sees this line can decode it"));
}

static void explain_bdat(struct annot_items *out, const char *a, size_t n)
{
	size_t pos = 0;
	const char *w;
	size_t wn;
	if (!xp_next_word(a, n, &pos, &w, &wn)) {
		annot_add(out, AK_WARNING, 1, _("RFC 3030 §2"), "%s",
			  _("No chunk size given: the server will answer 501"));
		return;
	}
	annot_add_esc(out, AK_TEXT, 1, _("Chunk size in octets: "), w, wn);
	if (xp_next_word(a, n, &pos, &w, &wn)) {
		if (wn == 4 && !strncasecmp(w, "LAST", 4))
			annot_add(out, AK_TEXT, 1, _("RFC 3030 §2"), "%s",
				  _("LAST: this is the final chunk; the server's reply to it accepts or rejects the message"));
		else
			annot_add_esc(out, AK_WARNING, 1,
				      _("Unexpected argument (only LAST is allowed): "), w, wn);
	}
}

/* with_args: also explain what follows the verb (false for a bare verb
 * someone asked about). */
void explain_command_at(struct annot_items *out, const char *s, size_t n, bool with_args)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 1 && s[0] == '*') {
		annot_add(out, AK_MEANING, 0, _("RFC 4954 §4"), "*  %s",
			  _("Cancel the authentication exchange"));
		annot_add(out, AK_TEXT, 1, NULL, "%s",
			  _("Sent instead of a response to a 334 challenge; the server answers 501."));
		return;
	}
	if (n == 0) {
		annot_add(out, AK_MEANING, 0, _("RFC 5321 §4.1"), "%s",
			  _("An empty line: not a command"));
		annot_add(out, AK_TEXT, 1, NULL, "%s",
			  _("Every command starts with its verb. Outside a message a server answers an empty line with 500 (Postfix: \"500 5.5.2 Error: bad syntax\"); between 354 and the final \".\" it is part of the message."));
		return;
	}
	size_t vl = 0;
	while (vl < n && !xp_is_space(s[vl]))
		vl++;
	const struct kb_entry *e = kb_command(s, vl);
	if (!e) {
		xp_esc_item(out, AK_MEANING, 0, _("RFC 5321 §4.1"), s, vl, "  %s",
			    _("Not an SMTP command smtpdbg knows"));
		annot_add(out, AK_TEXT, 1, NULL, "%s",
			  _("A server answers a command it does not know with 500."));
		return;
	}
	xp_entry(out, 0, e->key, e);
	if (!with_args)
		return;
	const char *a = s + vl;
	size_t an = n - vl;
	while (an && xp_is_space(*a))
		a++, an--;

	const char *k = e->key;
	if (!strcmp(k, "EHLO") || !strcmp(k, "HELO") || !strcmp(k, "LHLO")) {
		if (!an)
			annot_add(out, AK_WARNING, 1, _("RFC 5321 §4.1.1.1"), "%s",
				  _("No name given: the server will answer 501. Send the client's domain name, or an address literal such as [192.0.2.1]"));
		else
			annot_add_esc(out, AK_TEXT, 1, _("The client calls itself: "), a, an);
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
			annot_add(out, AK_WARNING, 1, _("RFC 3207 §4"), "%s",
				  _("STARTTLS takes no parameters: the server will answer 501"));
	} else if (!strcmp(k, "DATA") || !strcmp(k, "RSET") || !strcmp(k, "QUIT")) {
		if (an)
			annot_add(out, AK_WARNING, 1, _("RFC 5321 §4.1.1"), "%s",
				  _("This command takes no parameters: the server will answer 501"));
	} else if (an) {
		annot_add_esc(out, AK_TEXT, 1, _("Argument: "), a, an);
	}

	/* RFC 5321 §4.5.3.1.4: 512 octets with CRLF; AUTH lines 12288. */
	size_t max = !strcmp(k, "AUTH") ? 12288 : 512;
	if (n + 2 > max)
		annot_add(out, AK_WARNING, 1, max == 512 ? "RFC 5321 §4.5.3.1.4" : "RFC 4954 §4",
			  _("The line is %zu octets with CRLF, over the %zu allowed"), n + 2, max);
}

void explain_command(struct annot_items *out, const char *s, size_t n)
{
	if (out && s)
		explain_command_at(out, s, n, true);
}
