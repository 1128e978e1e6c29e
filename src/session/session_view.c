/* What the UI shows of a session: the prompt wanted now, the explanation
 * of a transcript entry (with what comes next), and the status bar facts. */
#include <stdio.h>

#include "session_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

enum session_prompt session_prompt(const struct session *s, const char **label)
{
	switch (s->flow) {
	case FLOW_SMTP:
		*label = "smtp> ";
		return SESSION_PROMPT_SMTP;
	case FLOW_CONFIRM_LINE:
	case FLOW_CONFIRM_AUTH:
		*label = s->label;
		return SESSION_PROMPT_CONFIRM;
	case FLOW_SASL_FIELD:
	case FLOW_MECH_USER:
	case FLOW_MECH_PASSWORD:
		break;
	}
	*label = s->label;
	return s->field_secret ? SESSION_PROMPT_SECRET : SESSION_PROMPT_FIELD;
}

void session_explain(const struct session *s, size_t i, bool reveal, struct buf *out)
{
	const struct transcript *t = &s->tr;
	if (i >= t->n)
		return;
	const struct tr_line *l = &t->v[i];
	const char *d = tr_decoded(t, i, reveal);
	if (d)
		buf_printf(out, _("Decoded: %s\n"), d);
	if (l->note)
		buf_printf(out, "%s\n", l->note);
	buf_adds(out, tr_explain(t, i));
	long last = session_last_protocol_line(t);
	if (last >= 0 && (size_t)last >= i && t->v[last].group == l->group) {
		const struct kb_entry *e = kb_state(smtp_client_state(s->c));
		if (e)
			buf_printf(out, _("\nNow: %s (%s)  [%s]\n  %s\n"), _(e->title), e->key, e->rfc,
				   _(e->text));
	}
}

void session_status(const struct session *s, struct session_status *st)
{
	st->peer = s->peer;
	st->connected = s->fd >= 0 && !s->closed;
	st->link = s->closed ? _("closed")
		   : s->fd < 0 ? _("connecting")
		   : s->tls && !s->handshaking ? "TLS"
		   : s->handshaking ? _("handshake")
				    : _("plain");
	st->tls = s->tls_info;
	st->auth = s->auth_text;
	st->state = smtp_state_name(smtp_client_state(s->c));
}
