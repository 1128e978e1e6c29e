/* The annotated text face: the annotated line as "S: "/"C: " lines and
 * "  # " annotations. */
#include "smtpdbg/narrate.h"

#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/i18n.h"

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

struct annot_policy narrate_policy(const struct narrate_opts *o)
{
	return (struct annot_policy){.reveal = o->show_secrets, .auth_maths = o->auth_maths,
				     .esc_flags = o->esc_flags};
}

void narrate_line(FILE *f, const struct narrate_opts *o, const struct annot_line *l)
{
	const char *party = l->party == AP_SERVER ? "S: " : "C: ";
	for (size_t i = 0; i < l->nwire; i++) {
		if (l->dropped && i + 1 == l->nwire) {
			fputs("  # ", f);
			fprintf(f, P_("(%zu more line not kept)", "(%zu more lines not kept)", l->dropped),
				l->dropped);
			fputc('\n', f);
		}
		fprintf(f, "%s%s\n", party, l->wire[i]);
	}
	struct buf b;
	buf_init(&b, 0);
	narrate_notes(o, l, &b);
	for (const char *p = b.data; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(f, "  # %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
	buf_free(&b);
}

void narrate_notes(const struct narrate_opts *o, const struct annot_line *l, struct buf *out)
{
	/* What smtpdbg noticed is always shown; the meaning only with explain. */
	bool always = l->type == SMTP_EV_VIOLATION || l->type == SMTP_EV_NEED_TLS ||
		      l->type == SMTP_EV_CLOSED;
	if (!o->explain && !always)
		return;
	if (l->type != SMTP_EV_VIOLATION) {
		annot_items_text(&l->items, out);
		return;
	}
	for (size_t i = 0; i < l->items.n; i++)
		buf_printf(out, "! %s\n", l->items.v[i].text);
}

void narrate_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev)
{
	struct annot_policy p = narrate_policy(o);
	struct annot_line l;
	annot_event(ev, &p, &l);
	narrate_line(f, o, &l);
	annot_line_free(&l);
}
