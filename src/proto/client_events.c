/* The engine's event queue: what it tells its driver. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct ev_item *client_push_event(struct smtp_client *c, enum smtp_ev_type type)
{
	if (c->qhead == c->qlen)
		c->qhead = c->qlen = 0;
	if (c->qlen == c->qcap) {
		c->qcap = c->qcap ? c->qcap * 2 : 16;
		c->q = xrealloc(c->q, c->qcap * sizeof *c->q);
	}
	struct ev_item *it = &c->q[c->qlen++];
	memset(it, 0, sizeof *it);
	it->ev.type = type;
	return it;
}

void client_item_free(struct ev_item *it)
{
	reply_free(it->reply);
	if (it->data) {
		wipe(it->data, it->data_len);
		free(it->data);
	}
	free(it->text);
	free(it->line);
	if (it->items) {
		annot_items_free(it->items); /* wipes the revealed forms */
		free(it->items);
	}
	memset(it, 0, sizeof *it);
}

void client_ev_text(struct smtp_client *c, enum smtp_ev_type type, const char *text,
		    unsigned flags)
{
	struct ev_item *it = client_push_event(c, type);
	it->text = xstrdup(text);
	it->ev.text = it->text;
	it->ev.flags = flags;
}

void client_violation(struct smtp_client *c, unsigned who, const char *text)
{
	client_ev_text(c, SMTP_EV_VIOLATION, text, who);
}

void client_set_state(struct smtp_client *c, enum smtp_state to)
{
	if (c->state == to)
		return;
	struct ev_item *it = client_push_event(c, SMTP_EV_STATE);
	it->ev.from = c->state;
	it->ev.to = to;
	c->state = to;
}

bool smtp_client_next_event(struct smtp_client *c, struct smtp_event *ev)
{
	client_item_free(&c->given);
	if (c->qhead == c->qlen)
		return false;
	c->given = c->q[c->qhead++];
	*ev = c->given.ev;
	return true;
}
