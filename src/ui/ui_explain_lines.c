/* Explanation items as wrapped lines, coloured by kind (ui_explain.h). */
#include "ui_explain.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"
#include "ui.h"

enum theme_role ui_role_for_kind(enum annot_kind k)
{
	switch (k) {
	case AK_MEANING:
	case AK_STATE:
		return THEME_EXPLAIN_HEADING;
	case AK_CALC:
		return THEME_EXPLAIN_CALC;
	case AK_WARNING:
		return THEME_WARNING;
	case AK_DIAGNOSIS:
		return THEME_ERROR;
	case AK_NEXT:
	case AK_NOTE:
		return THEME_INFO;
	case AK_TEXT:
	case AK_COUNT:
		break;
	}
	return THEME_EXPLAIN_TEXT;
}

static void add_wrapped(const char *text, unsigned depth, const char *ref, int width,
			enum theme_role role, struct ui_xlines *out)
{
	struct buf b;
	buf_init(&b, 0);
	for (unsigned d = 0; d < depth && d < 8; d++)
		buf_adds(&b, "  ");
	buf_adds(&b, text);
	if (ref)
		buf_printf(&b, "  [%s]", ref);
	char **lines;
	size_t n = ui_wrap(b.data ? b.data : "", width, &lines);
	/* A revealed secret may be in it: wiped, not just freed. */
	buf_wipe_free(&b);
	for (size_t k = 0; k < n; k++) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n++] = (struct ui_xline){lines[k], role};
		lines[k] = NULL;
	}
	ui_wrap_free(lines, n);
}

void ui_explain_lines_opt(const struct annot_items *a, int width, const struct ui_xopts *o,
			  struct ui_xlines *out)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct annot_item *it = &a->v[i];
		const char *text = annot_item_shown(it, o->reveal);
		if (!text)
			continue;
		if ((it->flags & AIF_B64_BITS) && !o->bits) {
			/* Hidden groups are said once, at the depth of their first line. */
			if (i == 0 || !(a->v[i - 1].flags & AIF_B64_BITS))
				add_wrapped(_("(B or :bits shows how Base64 makes these bytes: 6-bit "
					      "groups and their places in the alphabet)"),
					    it->depth, NULL, width, THEME_EXPLAIN_REF, out);
			continue;
		}
		add_wrapped(text, it->depth, it->ref, width, ui_role_for_kind(it->kind), out);
	}
}

void ui_explain_lines(const struct annot_items *a, int width, struct ui_xlines *out)
{
	ui_explain_lines_opt(a, width, &(struct ui_xopts){.reveal = false, .bits = true}, out);
}

void ui_lines_free(struct ui_xlines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		wipe(l->v[i].text, strlen(l->v[i].text)); /* a revealed secret, perhaps */
		free(l->v[i].text);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

