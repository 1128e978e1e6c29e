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
	case FLOW_CONFIRM_B64:
	case FLOW_CONFIRM_B64_USER:
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

void session_set_prompt(struct session *s, enum session_prompt p, const char *label)
{
	session_auth_reset(s);
	if (p == SESSION_PROMPT_SMTP)
		return;
	s->flow = p == SESSION_PROMPT_CONFIRM ? FLOW_CONFIRM_LINE : FLOW_SASL_FIELD;
	s->field_secret = p == SESSION_PROMPT_SECRET;
	snprintf(s->label, sizeof s->label, "%s", label);
}

void session_explain(const struct session *s, size_t i, bool reveal, struct annot_items *out)
{
	const struct transcript *t = &s->tr;
	if (i >= t->n)
		return;
	const struct tr_line *l = &t->v[i];
	const char *d = tr_decoded(t, i, reveal);
	if (d)
		annot_add(out, AK_CALC, 0, NULL, _("Decoded: %s"), d);
	if (l->repeat)
		annot_add(out, AK_WARNING, 0, NULL,
			  P_("The same warning came %lu more time in a row.",
			     "The same warning came %lu more times in a row.", l->repeat),
			  l->repeat);
	annot_items_copy(out, &l->note, 0);
	annot_items_copy(out, tr_items(t, i), 0);
	long last = session_last_protocol_line(t);
	if (last >= 0 && (size_t)last >= i && t->v[last].group == l->group) {
		annot_add(out, AK_TEXT, 0, NULL, "%s", "");
		annot_state(out, smtp_client_state(s->c));
	}
}

void session_explain_text(const struct session *s, size_t i, bool reveal, struct buf *out)
{
	struct annot_items a;
	annot_items_init(&a);
	session_explain(s, i, reveal, &a);
	annot_items_text(&a, out);
	annot_items_free(&a);
}

void session_status(const struct session *s, struct session_status *st)
{
	st->peer = s->peer;
	st->connected = s->connected && !s->closed;
	st->link = s->closed	       ? _("closed")
		   : !s->connected     ? _("connecting")
		   : session_in_tls(s) ? "TLS"
		   : session_tls(s)    ? _("handshake")
				       : _("plain");
	st->tls = s->tls_info;
	st->auth = s->auth_text;
	st->state = smtp_state_name(smtp_client_state(s->c));
}
