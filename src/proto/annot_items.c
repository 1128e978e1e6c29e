/* Lists of explanation items: the building block of the annotated line. */
#include "smtpdbg/annot_items.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/xmalloc.h"

static const char *const kind_names[AK_COUNT] = {
	[AK_MEANING] = "meaning", [AK_TEXT] = "text",   [AK_CALC] = "calc",
	[AK_WARNING] = "warning", [AK_STATE] = "state", [AK_DIAGNOSIS] = "diagnosis",
	[AK_NEXT] = "next",       [AK_NOTE] = "note",
};

const char *annot_kind_name(enum annot_kind k)
{
	return (unsigned)k < AK_COUNT ? kind_names[k] : "text";
}

void annot_items_init(struct annot_items *a)
{
	memset(a, 0, sizeof *a);
}

static void wipe_str(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

void annot_items_free(struct annot_items *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].text);
		wipe_str(a->v[i].revealed);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* Take text and revealed (malloc'd) into a new item. */
static void push_full(struct annot_items *a, enum annot_kind kind, unsigned depth,
		      const char *ref, char *text, char *revealed, unsigned flags)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = (struct annot_item){.kind = kind, .depth = depth, .text = text, .ref = ref,
					   .revealed = revealed, .flags = flags};
	a->bytes += strlen(text) + (revealed ? strlen(revealed) + 1 : 0) + sizeof *a->v;
}

static void push(struct annot_items *a, enum annot_kind kind, unsigned depth, const char *ref,
		 char *text)
{
	push_full(a, kind, depth, ref, text, NULL, 0);
}

/* One item per line of text (an explanation is never a paragraph with
 * embedded newlines: the faces wrap). */
static void push_lines(struct annot_items *a, enum annot_kind kind, unsigned depth,
		       const char *ref, const char *text)
{
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n || !nl)
			push(a, kind, depth, nl ? NULL : ref, xstrndup(p, n));
		if (!nl || !nl[1])
			break;
		p = nl + 1;
	}
	if (ref && a->n && !a->v[a->n - 1].ref)
		a->v[a->n - 1].ref = ref;
}

void annot_add(struct annot_items *out, enum annot_kind kind, unsigned depth, const char *ref,
	       const char *fmt, ...)
{
	if (!out)
		return;
	struct buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	push_lines(out, kind, depth, ref, b.data ? b.data : "");
	buf_free(&b);
}

void annot_add_esc(struct annot_items *out, enum annot_kind kind, unsigned depth,
		   const char *prefix, const void *p, size_t n)
{
	if (!out)
		return;
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, prefix);
	esc_append(&b, p, n, 0);
	char *text = buf_steal(&b);
	push(out, kind, depth, NULL, text ? text : xstrdup(""));
}

void annot_add_item(struct annot_items *out, enum annot_kind kind, unsigned depth,
		    unsigned flags, const char *masked, const char *revealed)
{
	if (!out)
		return;
	if (!masked)
		flags |= AIF_SECRET_ONLY;
	push_full(out, kind, depth, NULL, xstrdup(masked ? masked : ""),
		  revealed ? xstrdup(revealed) : NULL, flags);
}

void annot_items_move(struct annot_items *to, struct annot_items *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct annot_item *it = &from->v[i];
		push_full(to, it->kind, it->depth, it->ref, it->text, it->revealed, it->flags);
	}
	free(from->v);
	memset(from, 0, sizeof *from);
}

void annot_items_copy(struct annot_items *to, const struct annot_items *from, unsigned depth)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct annot_item *it = &from->v[i];
		push_full(to, it->kind, it->depth + depth, it->ref, xstrdup(it->text),
			  it->revealed ? xstrdup(it->revealed) : NULL, it->flags);
	}
}

void annot_items_apply(struct annot_items *to, const struct annot_items *from, bool reveal,
		       bool keep, unsigned flags)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct annot_item *it = &from->v[i];
		unsigned f = it->flags | flags;
		if (reveal && it->revealed)
			push_full(to, it->kind, it->depth, it->ref, xstrdup(it->revealed), NULL,
				  f & ~(unsigned)AIF_SECRET_ONLY);
		else if (keep || !(it->flags & AIF_SECRET_ONLY))
			push_full(to, it->kind, it->depth, it->ref, xstrdup(it->text),
				  keep && it->revealed ? xstrdup(it->revealed) : NULL, f);
	}
}

void annot_items_take(struct annot_items *to, struct annot_items *from, unsigned flags,
		      bool keep)
{
	size_t k = 0;
	for (size_t i = 0; i < from->n; i++) {
		struct annot_item *it = &from->v[i];
		if (!(it->flags & flags)) {
			from->v[k++] = *it;
			continue;
		}
		if (keep) {
			push_full(to, it->kind, it->depth, it->ref, xstrdup(it->text),
				  it->revealed ? xstrdup(it->revealed) : NULL, it->flags);
			from->v[k++] = *it;
			continue;
		}
		from->bytes -= strlen(it->text) + (it->revealed ? strlen(it->revealed) + 1 : 0) +
			       sizeof *from->v;
		push_full(to, it->kind, it->depth, it->ref, it->text, it->revealed, it->flags);
	}
	from->n = k;
}

const char *annot_item_shown(const struct annot_item *it, bool reveal)
{
	if (reveal && it->revealed)
		return it->revealed;
	return it->flags & AIF_SECRET_ONLY ? NULL : it->text;
}

void annot_items_text(const struct annot_items *a, struct buf *out)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct annot_item *it = &a->v[i];
		if (it->flags & AIF_SECRET_ONLY)
			continue;
		for (unsigned d = 0; d < it->depth; d++)
			buf_adds(out, "  ");
		buf_adds(out, it->text);
		if (it->ref)
			buf_printf(out, "  [%s]", it->ref);
		buf_addc(out, '\n');
	}
}
