/* The annotated line: one engine event, its meaning and its masking,
 * decided here once for every face. */
#include "smtpdbg/annot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/gss_wire.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/xmalloc.h"

size_t annot_public_prefix(const void *data, size_t n)
{
	const char *s = data;
	size_t lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	if (n - lead < 5 || strncasecmp(s + lead, "AUTH ", 5) != 0)
		return 0;
	const char *sp = memchr(s + lead + 5, ' ', n - lead - 5);
	return sp ? (size_t)(sp - s) : n;
}

static void add_wire(struct annot_line *l, char *text)
{
	l->wire = xrealloc(l->wire, (l->nwire + 1) * sizeof *l->wire);
	l->wire[l->nwire++] = text;
}

/* Decoded Base64, escaped; NULL when it is not Base64 or decodes to
 * nothing. The decoded bytes are wiped: they may be a password. */
static char *decode(const void *p, size_t n, unsigned esc)
{
	uint8_t *dec;
	size_t dlen, pos;
	const char *err;
	if (n == 0 || b64_decode(p, n, &dec, &dlen, &err, &pos) < 0)
		return NULL;
	char *s = dlen ? esc_str(dec, dlen, esc) : NULL;
	wipe(dec, dlen);
	free(dec);
	return s;
}

/* The arithmetic of the Base64 text b64 carries (--explain-auth): its
 * bytes and 6-bit groups, and what they are for mech; under heading when
 * one is given. Secrets as the policy says. */
static void b64_maths(struct annot_line *l, const struct annot_policy *p, const char *heading,
		      const char *b64, size_t bn, const char *mech, bool secret)
{
	uint8_t *dec;
	size_t dlen, pos;
	const char *err;
	if (!p->auth_maths || !bn || b64_decode(b64, bn, &dec, &dlen, &err, &pos) < 0)
		return;
	struct annot_items tmp;
	annot_items_init(&tmp);
	if (heading)
		annot_add(&tmp, AK_CALC, 0, NULL, "%s", heading);
	annot_b64_maths(&tmp, 1, dec, dlen, secret, p->esc_flags);
	annot_sasl_maths(&tmp, mech, dec, dlen, secret, p->esc_flags);
	wipe(dec, dlen);
	free(dec);
	annot_items_apply(&l->items, &tmp, p->reveal, p->keep_revealed, AIF_MATHS);
	annot_items_free(&tmp);
}

/* A GSSAPI token's framing (what it is and its size: nothing secret), from
 * the Base64 text that carries it; nothing when it does not decode (a
 * line masked in a file). */
static void gss_framing(struct annot_line *l, const char *b64, size_t bn)
{
	uint8_t *dec;
	size_t dlen, pos;
	const char *err;
	if (!b64 || !bn || b64_decode(b64, bn, &dec, &dlen, &err, &pos) < 0)
		return;
	struct gss_token_info t;
	gss_token_describe(dec, dlen, &t);
	wipe(dec, dlen);
	free(dec);
	struct buf w;
	buf_init(&w, 0);
	gss_token_words(&t, &w);
	annot_add(&l->items, AK_CALC, 0, NULL, _("GSSAPI token: %s"), w.data ? w.data : "");
	buf_free(&w);
}

/* ---- replies -------------------------------------------------------- */

/* Each keyword line of an EHLO reply explains its own keyword. */
static void keyword_items(struct annot_line *l, const struct smtp_reply *r)
{
	l->line_items = xcalloc(r->nlines, sizeof *l->line_items);
	for (size_t k = 1; k < r->nlines; k++) {
		if (r->lines[k].flags & (RF_NUL | RF_CTL | RF_STRAY_CR))
			continue;
		size_t tn, kl = 0;
		const char *t = reply_line_text(&r->lines[k], &tn);
		while (kl < tn && t[kl] != ' ' && t[kl] != '=')
			kl++;
		const struct kb_entry *e = kb_keyword(t, kl);
		if (!e)
			continue;
		annot_add(&l->line_items[k], AK_MEANING, 0, e->rfc, "%s  %s", e->key, _(e->title));
		annot_add(&l->line_items[k], AK_TEXT, 1, NULL, "%s", _(e->text));
	}
}

static void reply_line(const struct smtp_event *ev, const struct annot_policy *p,
		       struct annot_line *l)
{
	const struct smtp_reply *r = ev->reply;
	l->party = AP_SERVER;
	l->code = r->code;
	l->enh = r->enh;
	l->answers = ev->answers;
	for (size_t k = 0; k < r->nlines; k++)
		add_wire(l, esc_str(r->lines[k].raw, r->lines[k].len, p->esc_flags));
	l->dropped = r->nlines_total > r->nlines ? r->nlines_total - r->nlines : 0;
	if (r->code == 334 && r->nlines) {
		size_t tn;
		const char *t = reply_line_text(&r->lines[r->nlines - 1], &tn);
		l->decoded = decode(t, tn, p->esc_flags);
	}
	if (r->code == 250 && ev->answers &&
	    (!strcmp(ev->answers, "EHLO") || !strcmp(ev->answers, "LHLO")))
		keyword_items(l, r);
	unsigned state = DS_KNOWN | (ev->flags & SMTP_F_TLS ? DS_TLS : 0u) |
			 (ev->flags & SMTP_F_AUTHED ? DS_AUTHED : 0u);
	/* Pipelined replies come in the order of their commands (RFC 2920
	 * §3.1): say which one this answers, since it is not the last sent. */
	if (ev->answers_line) {
		char *cmd = esc_str(ev->answers_line, strlen(ev->answers_line), p->esc_flags);
		annot_add(&l->items, AK_NOTE, 0, NULL, _("answers: %s"), cmd);
		free(cmd);
	}
	if (ev->flags & SMTP_F_LMTP_RCPT)
		annot_add(&l->items, AK_NOTE, 0, NULL, "%s",
			  r->code / 100 == 2
			  ? _("LMTP: after the data the server answers once per accepted recipient, in RCPT order (RFC 2033 §4.2); this reply says the message was delivered to this recipient")
			  : _("LMTP: after the data the server answers once per accepted recipient, in RCPT order (RFC 2033 §4.2); this reply says the message was NOT delivered to this recipient, whatever the others' replies say"));
	if (ev->flags & SMTP_F_CANCELLED) {
		/* Not a verdict on the credentials: no diagnosis of them. */
		annot_add(&l->items, AK_NOTE, 0, "RFC 4954 §4", "%s",
			  _("This answers the client's \"*\": the client cancelled the exchange "
			    "itself (see the line before), so this reply judges no password. RFC "
			    "4954 says a server answers a cancel with 501; some (Exim) answer 535."));
		explain_reply_diag(&l->items, r, NULL, state | DS_CANCELLED, NULL);
	} else if (r->code / 100 == 5 && ev->mech && sasl_find(ev->mech) &&
		   sasl_find(ev->mech)->kerberos) {
		annot_add(&l->items, AK_NOTE, 0, "RFC 4752", "%s",
			  _("GSSAPI sent no password: this refusal is about the Kerberos ticket or "
			    "the principal it names, not a password. Either the server could not "
			    "accept the ticket (its keytab, the clocks), or it accepted it and "
			    "refused that principal (or the authorisation identity). The client's "
			    "GSSAPI notes say how far it got; the server's log names the cause."));
		explain_reply_diag(&l->items, r, ev->answers, state | DS_KERBEROS, NULL);
	} else {
		explain_reply_diag(&l->items, r, ev->answers, state, &l->diag);
	}
	if (r->code == 334 && r->nlines && l->decoded) {
		size_t tn;
		const char *t = reply_line_text(&r->lines[r->nlines - 1], &tn);
		if (ev->mech && !strcmp(ev->mech, "GSSAPI"))
			gss_framing(l, t, tn);
		b64_maths(l, p, _("the challenge's Base64, byte by byte:"), t, tn, NULL, false);
	}
}

/* ---- lines the client sent ----------------------------------------- */

/* The Base64 a client line carries: a SASL answer, or the initial
 * response of an AUTH line. */
static void client_b64(const struct smtp_event *ev, const char **b, size_t *n)
{
	const char *s = (const char *)ev->data;
	*b = NULL;
	*n = 0;
	if (ev->flags & SMTP_F_SASL) {
		*b = s;
		*n = ev->len;
		return;
	}
	size_t pre = annot_public_prefix(s, ev->len);
	if (pre && pre + 1 < ev->len) {
		*b = s + pre + 1;
		*n = ev->len - pre - 1;
	}
}

static bool is_b64(const void *p, size_t n)
{
	uint8_t *dec;
	size_t dlen, pos;
	const char *err;
	if (b64_decode(p, n, &dec, &dlen, &err, &pos) < 0)
		return false;
	wipe(dec, dlen);
	free(dec);
	return true;
}

static void sasl_items(const struct smtp_event *ev, const struct annot_policy *p,
		       struct annot_line *l)
{
	if (ev->len == 1 && ev->data[0] == '*') {
		annot_add(&l->items, AK_TEXT, 0, NULL, "%s",
			  _("\"*\" cancels the authentication exchange; the server answers 501 (RFC 4954 §4)"));
	} else if (l->secret && !p->reveal && ev->mech && !strcmp(ev->mech, "GSSAPI")) {
		annot_add(&l->items, AK_TEXT, 0, NULL, "%s",
			  _("a Kerberos token (a ticket, an authenticator or a wrapped message: credentials), masked; S in the interactive mode or --show-secrets shows it"));
	} else if (l->secret && !p->reveal) {
		annot_add(&l->items, AK_TEXT, 0, NULL, "%s",
			  _("a secret (the password, or what reveals it), masked; Base64 is an encoding, not encryption"));
	} else if (is_b64(ev->data, ev->len)) {
		annot_add(&l->items, AK_CALC, 0, NULL, "%s%s", _("Base64 of: "),
			  l->decoded ? l->decoded : "");
	} else {
		annot_add(&l->items, AK_WARNING, 0, NULL, "%s",
			  _("not valid Base64: the server will reject it with 501 (RFC 4954 §4)"));
	}
}

static void sent_line(const struct smtp_event *ev, const struct annot_policy *p,
		      struct annot_line *l)
{
	l->party = AP_CLIENT;
	l->secret = ev->flags & SMTP_F_SECRET;
	bool masked = l->secret && !p->reveal;
	size_t shown = masked ? annot_public_prefix(ev->data, ev->len) : ev->len;
	if (masked) {
		struct buf b;
		buf_init(&b, 0);
		esc_append(&b, ev->data, shown, p->esc_flags);
		buf_adds(&b, shown ? " " ANNOT_MASK : ANNOT_MASK);
		add_wire(l, buf_steal(&b));
	} else {
		add_wire(l, esc_str(ev->data, ev->len, p->esc_flags));
	}
	if (l->secret && (p->keep_revealed || p->reveal))
		l->revealed = esc_str(ev->data, ev->len, p->esc_flags);

	const char *b64;
	size_t bn;
	client_b64(ev, &b64, &bn);
	char *dec = b64 ? decode(b64, bn, p->esc_flags) : NULL;
	if (b64 && masked) {
		/* Masked whether or not it decodes: a line masked in a file
		 * holds the mask itself. */
		l->decoded = xstrdup(ANNOT_MASK);
		if (p->keep_revealed)
			l->decoded_revealed = dec;
		else if (dec) {
			wipe(dec, strlen(dec));
			free(dec);
		}
	} else {
		l->decoded = dec;
	}

	if (ev->flags & SMTP_F_BODY)
		return;
	/* The explainer never decodes an initial response, so an AUTH line is
	 * explained whole ("the initial response carries the credentials");
	 * of any other secret line nothing is shown, so nothing is said. */
	if (ev->flags & SMTP_F_SASL) {
		sasl_items(ev, p, l);
		if (ev->mech && !strcmp(ev->mech, "GSSAPI") && !(ev->len == 1 && ev->data[0] == '*'))
			gss_framing(l, b64, bn);
		if (!(ev->len == 1 && ev->data[0] == '*'))
			b64_maths(l, p, _("the line's Base64, byte by byte:"), b64, bn, ev->mech,
				  l->secret);
	} else if (shown) {
		explain_command(&l->items, (const char *)ev->data, ev->len);
	}
	if (b64 && !(ev->flags & SMTP_F_SASL)) {
		/* AUTH MECH initial-response: the mechanism is the line's word. */
		char mech[32];
		size_t pre = annot_public_prefix(ev->data, ev->len), k = pre;
		while (k > 0 && ev->data[k - 1] != ' ')
			k--;
		snprintf(mech, sizeof mech, "%.*s", (int)(pre - k < 31 ? pre - k : 31),
			 (const char *)ev->data + k);
		b64_maths(l, p, _("the initial response's Base64, byte by byte:"), b64, bn, mech,
			  l->secret);
	}
}

/* ---- the rest ------------------------------------------------------ */

void annot_state(struct annot_items *out, enum smtp_state st)
{
	const struct kb_entry *e = kb_state(st);
	if (!e)
		return;
	annot_add(out, AK_STATE, 0, e->rfc, _("Now: %s (%s)"), _(e->title), e->key);
	annot_add(out, AK_TEXT, 1, NULL, "%s", _(e->text));
}

void annot_event(const struct smtp_event *ev, const struct annot_policy *p, struct annot_line *out)
{
	memset(out, 0, sizeof *out);
	out->type = ev->type;
	out->party = AP_TOOL;
	switch (ev->type) {
	case SMTP_EV_REPLY:
		reply_line(ev, p, out);
		break;
	case SMTP_EV_SENT:
		sent_line(ev, p, out);
		break;
	case SMTP_EV_AUTH_STEP:
		/* What the mechanism computed from the challenge: its items,
		 * secrets as the policy says, or its words. Without the maths
		 * a mechanism's warnings still show: why it gave up (a
		 * Kerberos error and the command that helps) is no detail. */
		if (!p->auth_maths) {
			for (size_t i = 0; ev->items && i < ev->items->n; i++)
				if (ev->items->v[i].kind == AK_WARNING && ev->items->v[i].text)
					annot_add(&out->items, AK_WARNING, 0, NULL, "%s",
						  ev->items->v[i].text);
			break;
		}
		if (ev->items && ev->items->n) {
			annot_items_apply(&out->items, ev->items, p->reveal, p->keep_revealed,
					  AIF_MATHS);
		} else if (ev->text && *ev->text) {
			annot_add(&out->items, AK_CALC, 0, NULL, "%s", ev->text);
			for (size_t i = 0; i < out->items.n; i++)
				out->items.v[i].flags |= AIF_MATHS;
		}
		break;
	case SMTP_EV_VIOLATION:
		annot_add(&out->items, AK_WARNING, 0, NULL, "%s%s",
			  ev->flags & SMTP_F_SERVER ? _("server: ") : "", ev->text);
		break;
	case SMTP_EV_NEED_TLS:
		annot_add(&out->items, AK_NOTE, 0, NULL, "%s",
			  _("the TLS handshake starts now; afterwards the client must send EHLO again (RFC 3207 §4.2)"));
		break;
	case SMTP_EV_CLOSED:
		annot_add(&out->items, AK_NOTE, 0, NULL, _("connection closed: %s"), ev->text);
		break;
	case SMTP_EV_STATE:
	case SMTP_EV_CAPS:
		break;
	}
}

void annot_line_free(struct annot_line *l)
{
	for (size_t i = 0; i < l->nwire; i++)
		free(l->wire[i]);
	free(l->wire);
	if (l->revealed) {
		wipe(l->revealed, strlen(l->revealed));
		free(l->revealed);
	}
	free(l->decoded);
	if (l->decoded_revealed) {
		wipe(l->decoded_revealed, strlen(l->decoded_revealed));
		free(l->decoded_revealed);
	}
	annot_items_free(&l->items);
	if (l->line_items) {
		for (size_t i = 0; i < l->nwire; i++)
			annot_items_free(&l->line_items[i]);
		free(l->line_items);
	}
	memset(l, 0, sizeof *l);
}
