/* The interactive transcript model (see transcript.h). */
#include "smtpdbg/transcript.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/xmalloc.h"

void tr_init(struct transcript *t, size_t limit)
{
	memset(t, 0, sizeof *t);
	t->limit = limit ? limit : TRANSCRIPT_DEFAULT_BYTES;
	t->last_warn = SIZE_MAX;
}

static void free_secret(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

static void line_free(struct tr_line *l)
{
	free(l->text);
	free_secret(l->revealed);
	free(l->decoded);
	free_secret(l->decoded_secret);
	annot_items_free(&l->items);
	annot_items_free(&l->note);
}

void tr_free(struct transcript *t)
{
	for (size_t i = 0; i < t->n; i++)
		line_free(&t->v[i]);
	free(t->v);
	free(t->carry_text);
	memset(t, 0, sizeof *t);
}

/* What the allocator really spends on a string: its bytes and its own
 * bookkeeping (the budget is in resident bytes, not in characters). */
#define ALLOC_OVERHEAD 24

static size_t len0(const char *s)
{
	return s ? strlen(s) + 1 + ALLOC_OVERHEAD : 0;
}

static size_t items_cost(const struct annot_items *a)
{
	return a->bytes + a->n * ALLOC_OVERHEAD + (a->cap - a->n) * sizeof *a->v;
}

/* Recount what entry i holds and update the total. The entry itself
 * counts twice: the array grows by doubling. */
static void account(struct transcript *t, size_t i)
{
	struct tr_line *l = &t->v[i];
	size_t b = 2 * sizeof *l + len0(l->text) + len0(l->revealed) + len0(l->decoded) +
		   len0(l->decoded_secret) + items_cost(&l->items) + items_cost(&l->note);
	t->bytes = t->bytes - l->bytes + b;
	l->bytes = b;
}

size_t tr_add(struct transcript *t, enum tr_kind kind, int64_t t_ms, const void *p, size_t n,
	      unsigned esc_flags, bool group_with_prev)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	struct tr_line *l = &t->v[t->n];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->t_ms = t_ms;
	l->latency_ms = -1;
	l->text = esc_str(p, n, esc_flags);
	l->group = group_with_prev && t->n > 0 ? t->v[t->n - 1].group : t->n;
	account(t, t->n);
	return t->n++;
}

size_t tr_add_warning(struct transcript *t, int64_t t_ms, const char *text, unsigned esc_flags)
{
	/* The same warning as the last one, even with the line that caused
	 * it in between (a flood of unsolicited replies): counted on it. */
	char *safe = esc_str(text, strlen(text), esc_flags);
	if (t->last_warn < t->n && !strcmp(t->v[t->last_warn].text, safe)) {
		free(safe);
		t->v[t->last_warn].repeat++;
		return t->last_warn;
	}
	/* Its entry fell to the budget: a new one goes on counting. */
	unsigned long carried = t->carry_text && !strcmp(t->carry_text, safe) ? t->carry + 1 : 0;
	free(t->carry_text);
	t->carry_text = NULL;
	free(safe);
	t->last_warn = tr_add(t, TR_WARN, t_ms, text, strlen(text), esc_flags, false);
	t->v[t->last_warn].repeat = carried;
	return t->last_warn;
}

void tr_set_secret(struct transcript *t, size_t i, const char *masked)
{
	struct tr_line *l = &t->v[i];
	if (l->secret)
		return;
	l->secret = true;
	l->revealed = l->text;
	l->text = xstrdup(masked);
	account(t, i);
}

void tr_take_decoded(struct transcript *t, size_t i, char *decoded, char *decoded_secret)
{
	struct tr_line *l = &t->v[i];
	if (decoded) {
		free(l->decoded);
		l->decoded = decoded;
	}
	if (decoded_secret) {
		free_secret(l->decoded_secret);
		l->decoded_secret = decoded_secret;
	}
	account(t, i);
}

void tr_set_decoded(struct transcript *t, size_t i, const void *p, size_t n, unsigned esc_flags)
{
	char *s = esc_str(p, n, esc_flags);
	if (t->v[i].secret)
		tr_take_decoded(t, i, NULL, s);
	else
		tr_take_decoded(t, i, s, NULL);
}

void tr_explain_items(struct transcript *t, size_t i, const struct annot_items *items)
{
	size_t g = t->v[i].group;
	annot_items_copy(&t->v[g].items, items, 0);
	account(t, g);
}

void tr_explain_add(struct transcript *t, size_t i, enum annot_kind kind, const char *text)
{
	if (!text || !*text)
		return;
	size_t g = t->v[i].group;
	annot_add(&t->v[g].items, kind, 0, NULL, "%s", text);
	account(t, g);
}

void tr_set_note(struct transcript *t, size_t i, const struct annot_items *items)
{
	annot_items_free(&t->v[i].note);
	if (items)
		annot_items_copy(&t->v[i].note, items, 0);
	account(t, i);
}

size_t tr_trim(struct transcript *t)
{
	if (t->bytes <= t->limit)
		return 0;
	size_t goal = t->limit / 4 * 3, k = 0, freed = 0;
	/* Whole groups: a reply is never cut in half. */
	while (k < t->n - 1 && t->bytes - freed > goal) {
		freed += t->v[k].bytes;
		k++;
		while (k < t->n - 1 && t->v[k].group < k)
			freed += t->v[k++].bytes;
	}
	if (t->last_warn < k) { /* keep its count for the next repeat */
		free(t->carry_text);
		t->carry_text = xstrdup(t->v[t->last_warn].text);
		t->carry = t->v[t->last_warn].repeat;
	}
	for (size_t i = 0; i < k; i++)
		line_free(&t->v[i]);
	memmove(t->v, t->v + k, (t->n - k) * sizeof *t->v);
	t->n -= k;
	for (size_t i = 0; i < t->n; i++)
		t->v[i].group = t->v[i].group >= k ? t->v[i].group - k : i;
	t->bytes -= freed;
	t->dropped += k;
	t->last_warn = t->last_warn != SIZE_MAX && t->last_warn >= k ? t->last_warn - k : SIZE_MAX;
	return k;
}

const char *tr_text(const struct transcript *t, size_t i, bool reveal)
{
	const struct tr_line *l = &t->v[i];
	return reveal && l->revealed ? l->revealed : l->text;
}

const char *tr_decoded(const struct transcript *t, size_t i, bool reveal)
{
	const struct tr_line *l = &t->v[i];
	if (l->secret)
		return reveal ? l->decoded_secret : NULL;
	return l->decoded;
}

const struct annot_items *tr_items(const struct transcript *t, size_t i)
{
	return &t->v[t->v[i].group].items;
}

void tr_explain_text(const struct transcript *t, size_t i, struct buf *out)
{
	annot_items_text(tr_items(t, i), out);
}

char tr_marker(enum tr_kind k)
{
	switch (k) {
	case TR_SERVER:
		return 'S';
	case TR_CLIENT:
		return 'C';
	case TR_NOTE:
		return '#';
	case TR_WARN:
		return '!';
	case TR_TOOL:
		return ':';
	}
	return '?';
}
