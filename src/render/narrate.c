#include "smtpdbg/narrate.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define MASK "********"

void narrate_note(FILE *f, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(f, "  # %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
}

static void print_escaped(FILE *f, const char *prefix, const void *p, size_t n, unsigned flags)
{
	char *s = esc_str(p, n, flags);
	fprintf(f, "%s%s\n", prefix, s);
	free(s);
}

/* A SASL response line: say what it carries without revealing secrets. */
static void note_sasl(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev)
{
	if (ev->len == 1 && ev->data[0] == '*') {
		narrate_note(f, _("\"*\" cancels the authentication exchange; the server answers 501 (RFC 4954 §4)"));
		return;
	}
	if (ev->flags & SMTP_F_SECRET && !o->show_secrets) {
		narrate_note(f, _("a secret (the password, or what reveals it), masked; Base64 is an encoding, not encryption"));
		return;
	}
	uint8_t *dec;
	size_t dlen;
	const char *err;
	size_t pos;
	if (b64_decode((const char *)ev->data, ev->len, &dec, &dlen, &err, &pos) < 0) {
		narrate_note(f, _("not valid Base64: the server will reject it with 501 (RFC 4954 §4)"));
		return;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, _("Base64 of: "));
	esc_append(&b, dec, dlen, o->esc_flags);
	narrate_note(f, b.data);
	buf_free(&b);
	wipe(dec, dlen);
	free(dec);
}

/* How much of a secret line may be shown: the "AUTH MECH" of an AUTH line
 * with an initial response; nothing of any other. */
static size_t public_prefix(const struct smtp_event *ev)
{
	const char *s = (const char *)ev->data;
	if (ev->len < 5 || strncasecmp(s, "AUTH ", 5) != 0)
		return 0;
	const char *sp = memchr(s + 5, ' ', ev->len - 5);
	return sp ? (size_t)(sp - s) : ev->len;
}

static void narrate_sent(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev)
{
	bool masked = (ev->flags & SMTP_F_SECRET) && !o->show_secrets;
	size_t shown = masked ? public_prefix(ev) : ev->len;

	if (masked) {
		char *s = esc_str(ev->data, shown, o->esc_flags);
		fprintf(f, "C: %s%s%s\n", s, shown ? " " : "", MASK);
		free(s);
	} else {
		print_escaped(f, "C: ", ev->data, ev->len, o->esc_flags);
	}
	if (!o->explain || (ev->flags & SMTP_F_BODY))
		return;
	if (ev->flags & SMTP_F_SASL) {
		note_sasl(f, o, ev);
		return;
	}
	if (masked && !shown)
		return;
	struct buf b;
	buf_init(&b, 0);
	explain_command(&b, (const char *)ev->data, shown);
	if (b.len)
		narrate_note(f, b.data);
	buf_free(&b);
}

static void narrate_reply(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev)
{
	const struct smtp_reply *r = ev->reply;
	for (size_t i = 0; i < r->nlines; i++) {
		if (i == r->nlines - 1 && r->nlines_total > r->nlines) {
			char note[96];
			snprintf(note, sizeof note, _("(%zu more lines not kept)"),
				 r->nlines_total - r->nlines);
			narrate_note(f, note);
		}
		print_escaped(f, "S: ", r->lines[i].raw, r->lines[i].len, o->esc_flags);
	}
	if (!o->explain)
		return;
	struct buf b;
	buf_init(&b, 0);
	explain_reply(&b, r, ev->answers);
	if (b.len)
		narrate_note(f, b.data);
	buf_free(&b);
}

void narrate_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev)
{
	struct buf b;

	switch (ev->type) {
	case SMTP_EV_REPLY:
		narrate_reply(f, o, ev);
		break;
	case SMTP_EV_SENT:
		narrate_sent(f, o, ev);
		break;
	case SMTP_EV_AUTH_STEP:
		/* The decoded challenge is part of the reply's explanation; the
		 * step adds what the mechanism did with it. */
		if (o->explain && o->auth_maths && ev->text && *ev->text)
			narrate_note(f, ev->text);
		break;
	case SMTP_EV_VIOLATION:
		buf_init(&b, 0);
		buf_printf(&b, "! %s%s", ev->flags & SMTP_F_SERVER ? _("server: ") : "", ev->text);
		narrate_note(f, b.data);
		buf_free(&b);
		break;
	case SMTP_EV_NEED_TLS:
		narrate_note(f, _("the TLS handshake starts now; afterwards the client must send EHLO again (RFC 3207 §4.2)"));
		break;
	case SMTP_EV_CLOSED:
		buf_init(&b, 0);
		buf_printf(&b, _("connection closed: %s"), ev->text);
		narrate_note(f, b.data);
		buf_free(&b);
		break;
	case SMTP_EV_STATE:
	case SMTP_EV_CAPS:
		break;
	}
}
