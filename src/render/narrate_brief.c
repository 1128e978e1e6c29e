/* The annotated line in brief (narrate_brief.h): items chosen by kind and
 * depth, so the brief says the same in every language. */
#include "smtpdbg/narrate_brief.h"

#include <string.h>

#include "smtpdbg/i18n.h"

static const struct annot_item *first(const struct annot_line *l, enum annot_kind k,
				      unsigned depth)
{
	for (size_t i = 0; i < l->items.n; i++)
		if (l->items.v[i].kind == k && l->items.v[i].depth == depth)
			return &l->items.v[i];
	return NULL;
}

const char *narrate_brief_meaning(const struct annot_line *l)
{
	const struct annot_item *it = NULL;
	if (l->type == SMTP_EV_REPLY) {
		/* The code's heading is at depth 0; what it means for the command
		 * it answers, the first heading under it (without a command every
		 * command's meaning is listed: none of them is the one). */
		if (l->answers)
			it = first(l, AK_MEANING, 1);
		if (!it)
			it = first(l, AK_MEANING, 0);
	} else if (l->type == SMTP_EV_SENT) {
		it = first(l, AK_MEANING, 0);
		if (!it) /* a SASL answer: what it is (masked, cancel) */
			it = first(l, AK_TEXT, 0);
	}
	return it ? it->text : NULL;
}

static void line(struct buf *out, const char *prefix, const char *text)
{
	buf_adds(out, prefix);
	buf_adds(out, text);
	buf_addc(out, '\n');
}

void narrate_brief(const struct annot_line *l, struct buf *out)
{
	switch (l->type) {
	case SMTP_EV_REPLY:
	case SMTP_EV_SENT:
		break;
	case SMTP_EV_VIOLATION:
		for (size_t i = 0; i < l->items.n; i++)
			line(out, "! ", l->items.v[i].text);
		return;
	case SMTP_EV_NEED_TLS:
		for (size_t i = 0; i < l->items.n; i++)
			line(out, "", l->items.v[i].text);
		return;
	default:
		return;
	}
	/* A masked secret's decoded form is the mask again: nothing to add. */
	if (l->decoded && *l->decoded && !(l->secret && !strcmp(l->decoded, ANNOT_MASK))) {
		buf_printf(out, _("decoded: %s"), l->decoded);
		buf_addc(out, '\n');
	}
	const char *m = narrate_brief_meaning(l);
	if (m)
		line(out, "", m);
	const struct annot_item *d = first(l, AK_DIAGNOSIS, 0);
	if (d)
		line(out, "", d->text);
	for (size_t i = 0; i < l->items.n; i++)
		if (l->items.v[i].kind == AK_WARNING)
			line(out, "! ", l->items.v[i].text);
}
