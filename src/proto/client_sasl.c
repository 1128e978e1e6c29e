/* The SMTP side of SASL (RFC 4954): AUTH with an initial response, 334
 * challenges decoded strictly, responses Base64-encoded, "*" to cancel. The
 * mechanisms themselves are in sasl_*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

void client_mech_end(struct smtp_client *c)
{
	if (c->mech && c->mech_state)
		c->mech->done(c->mech_state);
	c->mech = NULL;
	c->mech_state = NULL;
	if (c->held_ir) {
		wipe(c->held_ir, strlen(c->held_ir));
		free(c->held_ir);
		c->held_ir = NULL;
	}
}


static struct ev_item *auth_step_event(struct smtp_client *c, const uint8_t *chal, size_t clen,
				       const char *text, const struct annot_items *items)
{
	struct ev_item *it = client_push_event(c, SMTP_EV_AUTH_STEP);
	if (chal) {
		it->data = xmalloc(clen + 1);
		memcpy(it->data, chal, clen);
		it->data[clen] = '\0';
		it->data_len = clen;
		it->ev.data = it->data;
		it->ev.len = clen;
	}
	if (text) {
		it->text = xstrdup(text);
		it->ev.text = it->text;
	}
	if (items && items->n) {
		it->items = xcalloc(1, sizeof *it->items);
		annot_items_copy(it->items, items, 0);
		it->ev.items = it->items;
	}
	return it;
}

static void send_sasl_response(struct smtp_client *c, struct sasl_step *st)
{
	char *b64 = b64_encode(st->response.data ? st->response.data : "", st->response.len);
	c->sasl_turn = true;
	/* An empty response hides nothing: masked, it would look as if it did. */
	smtp_client_send(c, b64, strlen(b64), st->secret && *b64 ? SMTP_F_SECRET : 0);
	wipe(b64, strlen(b64));
	free(b64);
}

int smtp_client_auth(struct smtp_client *c, const struct sasl_mech *m,
		     const struct sasl_creds *creds)
{
	struct sasl_step st;
	struct buf line;

	client_mech_end(c);
	c->mech = m;
	c->mech_state = m->init(creds);
	if (!c->mech_state)
		return -1;
	buf_init(&line, 0);
	buf_printf(&line, "AUTH %s", m->name);
	sasl_step_init(&st);
	bool secret = false;
	/* RFC 4954 section 4: the initial response saves a round trip; without
	 * it the server asks with an empty 334, answered from held_ir. */
	bool ir = creds->ir == SASL_IR_ALWAYS || (m->client_first && creds->ir != SASL_IR_NEVER);
	bool hold = m->client_first && creds->ir == SASL_IR_NEVER;
	if (ir || hold) {
		if (m->step(c->mech_state, NULL, 0, &st) == SASL_FAIL) {
			auth_step_event(c, NULL, 0, st.explain.data, &st.items)->ev.flags |=
				SMTP_F_SASL_GAVE_UP;
			/* sasl_fail's reason is the explanation's last line. */
			const char *e = st.explain.data ? st.explain.data : "";
			size_t n = strlen(e);
			while (n && e[n - 1] == '\n')
				n--;
			size_t from = n;
			while (from && e[from - 1] != '\n')
				from--;
			free(c->auth_error);
			c->auth_error = xstrndup(e + from, n - from);
			sasl_step_free(&st);
			buf_free(&line);
			client_mech_end(c);
			return -1;
		}
		char *b64 = b64_encode(st.response.data ? st.response.data : "", st.response.len);
		secret = st.secret;
		/* RFC 4954 §4: "=" is an empty initial response; one that would
		 * make the line exceed 512 octets waits for an empty 334. */
		if (hold || line.len + 1 + strlen(b64) + 2 > 512) {
			c->held_ir = xstrdup(b64);
			c->held_secret = secret;
		}
		else if (!*b64)
			buf_adds(&line, " =");
		else
			buf_printf(&line, " %s", b64);
		wipe(b64, strlen(b64));
		free(b64);
		auth_step_event(c, NULL, 0, st.explain.data, &st.items);
	}
	smtp_client_send(c, line.data, line.len, secret && !c->held_ir ? SMTP_F_SECRET : 0);
	buf_wipe_free(&line);
	sasl_step_free(&st);
	return 0;
}

/* A 334 arrived: decode the challenge; answer it when the engine runs the
 * exchange, or report it for the person at the keyboard. */
void client_on_challenge(struct smtp_client *c, const struct smtp_reply *r)
{
	size_t tlen;
	const char *t = reply_line_text(&r->lines[r->nlines - 1], &tlen);
	uint8_t *chal = NULL;
	size_t clen = 0;
	const char *err = NULL;
	size_t pos;

	c->sasl_turn = true;
	/* A challenge whose line we cut (it exceeded our cap) or whose reply
	 * never ended is not the server's challenge: answering it would compute
	 * a response to something else. Cancel instead. */
	if (r->flags & (RF_TRUNCATED | RF_INCOMPLETE)) {
		client_violation(c, SMTP_F_SERVER,
				 (r->flags & RF_TRUNCATED)
					 ? _("the 334 challenge was longer than smtpdbg keeps and was cut "
					     "short; it is not answered: a client cancels with \"*\" "
					     "(RFC 4954 §4)")
					 : _("the 334 challenge is incomplete (the connection closed "
					     "inside it); it is not answered"));
		if (c->mech) {
			client_mech_end(c);
			smtp_client_send(c, "*", 1, 0);
		}
		return;
	}
	if (b64_decode(t, tlen, &chal, &clen, &err, &pos) < 0) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("the 334 challenge is not valid Base64 (%s at offset %zu); "
				 "a client should cancel with \"*\" (RFC 4954 §4)"),
			   _(err), pos);
		client_violation(c, SMTP_F_SERVER, b.data);
		buf_free(&b);
		if (c->mech) {
			client_mech_end(c);
			smtp_client_send(c, "*", 1, 0);
		}
		return;
	}
	if (!c->mech) {
		auth_step_event(c, chal, clen, NULL, NULL);
		free(chal);
		return;
	}
	if (c->held_ir && clen == 0) {
		char *ir = c->held_ir;
		c->held_ir = NULL;
		smtp_client_send(c, ir, strlen(ir), c->held_secret ? SMTP_F_SECRET : 0);
		wipe(ir, strlen(ir));
		free(ir);
		free(chal);
		return;
	}
	struct sasl_step st;
	sasl_step_init(&st);
	enum sasl_status s = c->mech->step(c->mech_state, chal, clen, &st);
	struct ev_item *it = auth_step_event(c, chal, clen, st.explain.data, &st.items);
	if (s == SASL_FAIL) {
		it->ev.flags |= SMTP_F_SASL_GAVE_UP;
		client_mech_end(c);
		smtp_client_send(c, "*", 1, 0);
	} else {
		send_sasl_response(c, &st);
	}
	sasl_step_free(&st);
	wipe(chal, clen);
	free(chal);
}

bool client_mech_success(struct smtp_client *c)
{
	if (c->sasl_cancelled) {
		/* RFC 4954 section 4: a cancelled exchange ends with 501. */
		client_violation(c, SMTP_F_SERVER,
				 _("the server said 235 to an exchange the client cancelled with "
				   "\"*\" (it must answer 501, RFC 4954 §4): not authenticated"));
		return false;
	}
	if (!c->mech || !c->mech->success)
		return true;
	struct sasl_step st;
	sasl_step_init(&st);
	bool ok = c->mech->success(c->mech_state, &st) != SASL_FAIL;
	if (!ok)
		client_violation(c, SMTP_F_SERVER,
				 st.explain.len ? st.explain.data
						: _("the server said 235 but never proved it knows the password: not authenticated"));
	else if (st.explain.len)
		auth_step_event(c, NULL, 0, st.explain.data, &st.items);
	sasl_step_free(&st);
	return ok;
}

const char *smtp_client_auth_error(const struct smtp_client *c)
{
	return c->auth_error ? c->auth_error : "";
}
