/* Explanation items as wrapped lines, coloured by kind (ui_explain.h). */
#include "ui_explain.h"

#include <stdlib.h>
#include <string.h>

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

void ui_explain_lines(const struct annot_items *a, int width, struct ui_xlines *out)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct annot_item *it = &a->v[i];
		struct buf b;
		buf_init(&b, 0);
		for (unsigned d = 0; d < it->depth && d < 8; d++)
			buf_adds(&b, "  ");
		buf_adds(&b, it->text);
		if (it->ref)
			buf_printf(&b, "  [%s]", it->ref);
		char **lines;
		size_t n = ui_wrap(b.data ? b.data : "", width, &lines);
		buf_free(&b);
		enum theme_role role = ui_role_for_kind(it->kind);
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
}

void ui_lines_free(struct ui_xlines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

