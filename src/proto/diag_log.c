/* A log line explained: who refused what, the reply inside it with the
 * command it answered, and the diagnosis; or, with brief, one line that
 * says it all (smtpdbg explain < mail.log). */
#include "smtpdbg/diag_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_fmt.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/logline.h"
#include "smtpdbg/xmalloc.h"

static char *esc_span(struct log_span s)
{
	return esc_str(s.p ? s.p : "", s.n, 0);
}

/* What was refused, by the command the reply answered. */
static const char *what_refused(const char *verb)
{
	static const struct {
		const char *verb, *what;
	} map[] = {
		{"RCPT", N_("the recipient")},        {"MAIL", N_("the sender")},
		{"DOT", N_("the message")},           {"DATA", N_("the DATA command")},
		{"GREETING", N_("the connection")},   {"EHLO", N_("the EHLO name")},
		{"AUTH", N_("the login")},            {"STARTTLS", N_("the STARTTLS command")},
	};
	for (size_t i = 0; verb && i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(verb, map[i].verb))
			return _(map[i].what);
	return _("the delivery");
}

/* "Postfix (smtp): mx.example.org[192.0.2.25] refused the recipient
 * <bob@example.org> (bounced)"; for a failure logged without a reply,
 * "Dovecot: this server refused the login from 192.0.2.4" or "Exim: this
 * server logged a failure with [192.0.2.8]". */
static void headline(struct buf *out, unsigned long lineno, const struct log_reply *lr)
{
	char *host = esc_span(lr->host), *rcpt = esc_span(lr->rcpt), *st = esc_span(lr->status);
	char *daemon = esc_span(lr->daemon);
	struct buf what;
	buf_init(&what, 0);
	buf_adds(&what, what_refused(lr->verb));
	if (lr->rcpt.n && lr->verb && (!strcmp(lr->verb, "RCPT") || !strcmp(lr->verb, "DOT")))
		buf_printf(&what, " %s", rcpt);
	/* A failure in words refuses a login or a connection; the rest (a
	 * timeout, a warning about the client's name) is only logged. */
	bool refusal = lr->code || (lr->verb && (!strcmp(lr->verb, "AUTH") ||
						 !strcmp(lr->verb, "GREETING")));
	buf_printf(out, "%lu: %s: ", lineno,
		   lr->source == LOG_FILTER && lr->daemon.n ? daemon : log_source_name(lr->source));
	if (lr->remote && !lr->code_given && lr->verb && !strcmp(lr->verb, "GREETING"))
		/* TRANSLATORS: "mx.example.net[198.51.100.7]:25 could not be reached" */
		buf_printf(out, _("%s could not be reached"), host);
	else if (!lr->code && lr->source == LOG_BOUNCE)
		/* TRANSLATORS: a bounce's text without a reply, e.g. Gmail's "The
		 * recipient server did not accept our requests to connect" */
		buf_adds(out, _("the delivery failed"));
	else if (lr->remote)
		/* TRANSLATORS: "mx.example.org[192.0.2.25] refused the recipient <b@example.org>" */
		buf_printf(out, _("%s refused %s"), lr->host.n ? host : _("the receiving server"),
			   what.data);
	else if (!refusal && lr->host.n)
		/* TRANSLATORS: a failure a mail daemon logged without a reply, e.g. a
		 * timeout: "this server logged a failure with unknown[192.0.2.10]" */
		buf_printf(out, _("this server logged a failure with %s"), host);
	else if (!refusal)
		buf_adds(out, _("this server logged a failure"));
	else if (lr->host.n)
		/* TRANSLATORS: "this server refused the recipient <b@example.org> from
		 * unknown[192.0.2.10]" */
		buf_printf(out, _("this server refused %s from %s"), what.data, host);
	else
		buf_printf(out, _("this server refused %s"), what.data);
	if (lr->status.n)
		buf_printf(out, " (%s)", st);
	buf_addc(out, '\n');
	buf_free(&what);
	free(host);
	free(rcpt);
	free(st);
	free(daemon);
}

/* The reply as a framed reply, to explain it as a live one. */
static struct smtp_reply *frame_reply(const struct log_reply *lr)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%d ", lr->code);
	if (lr->enh.cls)
		buf_printf(&b, "%d.%d.%d ", lr->enh.cls, lr->enh.subject, lr->enh.detail);
	buf_add(&b, lr->text.p ? lr->text.p : "", lr->text.n);
	buf_adds(&b, "\r\n");
	struct reply_framer f;
	struct smtp_reply *r = NULL;
	reply_framer_init(&f, NULL);
	reply_framer_feed(&f, b.data, b.len, &r);
	if (!r)
		r = reply_framer_finish(&f);
	reply_framer_free(&f);
	buf_free(&b);
	return r;
}

static void brief_line(struct buf *out, unsigned long lineno, const struct log_reply *lr,
		       const struct diag_result *d)
{
	char *host = esc_span(lr->host);
	buf_printf(out, "%lu: %s", lineno, d->kind ? d->kind->id : "-");
	if (d->kind)
		buf_printf(out, " (%s)", diag_conf_name(d->conf));
	if (lr->code_given)
		buf_printf(out, " %d", lr->code);
	if (lr->enh.cls)
		buf_printf(out, " %d.%d.%d", lr->enh.cls, lr->enh.subject, lr->enh.detail);
	buf_printf(out, " %s", lr->verb ? lr->verb : "-");
	if (lr->host.n)
		buf_printf(out, " %s", host);
	buf_printf(out, ": %s\n", d->kind ? _(d->kind->title) : _("no diagnosis"));
	free(host);
}

int diag_log_line(struct buf *out, const char *line, size_t n, unsigned long lineno, bool brief)
{
	struct log_reply lr;
	if (!out || !line || !logline_parse(line, n, &lr))
		return 0;
	struct diag_ctx_info ci = {diag_ctx_of_verb(lr.verb), 0};
	struct diag_result d;
	diag_text(lr.code, &lr.enh, lr.text.p, lr.text.n, &ci, &d);
	/* A failure in words without a reply is reported only when a
	 * documented text recognises it: the reader offers candidates. */
	if (!lr.code && !d.kind)
		return 0;
	if (brief) {
		brief_line(out, lineno, &lr, &d);
		return 1;
	}
	headline(out, lineno, &lr);
	struct annot_items items;
	annot_items_init(&items);
	if (lr.code_given) {
		struct smtp_reply *r = frame_reply(&lr);
		if (r) {
			annot_add_esc(&items, AK_TEXT, 0, _("Reply: "), r->lines[0].raw,
				      r->lines[0].len);
			explain_reply_at(&items, r, lr.verb, -1, 0, NULL);
			reply_free(r);
		}
	} else {
		annot_add_esc(&items, AK_TEXT, 0, _("No reply code; the log says: "), lr.text.p,
			      lr.text.n);
		if (lr.enh.cls) {
			struct enh_code e = lr.enh;
			explain_enh_item(&items, &e);
		}
		diag_items(&items, &d, 0);
	}
	/* Indent the explanation under the headline. */
	struct annot_items shown;
	annot_items_init(&shown);
	annot_items_copy(&shown, &items, 1);
	annot_items_text(&shown, out);
	annot_items_free(&shown);
	annot_items_free(&items);
	return 1;
}
