/* The interactive transcript model (see transcript.h). */
#include "smtpdbg/transcript.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/xmalloc.h"

void tr_init(struct transcript *t, size_t limit)
{
	memset(t, 0, sizeof *t);
	t->limit = limit ? limit : TRANSCRIPT_DEFAULT_LIMIT;
}

static void free_secret(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

void tr_free(struct transcript *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct tr_line *l = &t->v[i];
		free(l->text);
		free_secret(l->revealed);
		free(l->decoded);
		free_secret(l->decoded_secret);
		free(l->explain);
		free(l->note);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

long tr_add(struct transcript *t, enum tr_kind kind, int64_t t_ms, const void *p, size_t n,
	    unsigned esc_flags, bool group_with_prev)
{
	if (t->n >= t->limit) {
		t->full = true;
		return -1;
	}
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
	return (long)t->n++;
}

void tr_set_secret(struct transcript *t, size_t i, const char *masked)
{
	struct tr_line *l = &t->v[i];
	if (l->secret)
		return;
	l->secret = true;
	l->revealed = l->text;
	l->text = xstrdup(masked);
}

void tr_set_decoded(struct transcript *t, size_t i, const void *p, size_t n, unsigned esc_flags)
{
	struct tr_line *l = &t->v[i];
	char *s = esc_str(p, n, esc_flags);
	if (l->secret) {
		free_secret(l->decoded_secret);
		l->decoded_secret = s;
	} else {
		free(l->decoded);
		l->decoded = s;
	}
}

void tr_explain_add(struct transcript *t, size_t i, const char *text)
{
	struct tr_line *g = &t->v[t->v[i].group];
	if (!text || !*text)
		return;
	struct buf b;
	buf_init(&b, 0);
	if (g->explain) {
		buf_adds(&b, g->explain);
		if (b.len && b.data[b.len - 1] != '\n')
			buf_addc(&b, '\n');
		free(g->explain);
	}
	buf_adds(&b, text);
	g->explain = buf_steal(&b);
}

void tr_set_note(struct transcript *t, size_t i, const char *text)
{
	free(t->v[i].note);
	t->v[i].note = text ? xstrdup(text) : NULL;
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

const char *tr_explain(const struct transcript *t, size_t i)
{
	const char *e = t->v[t->v[i].group].explain;
	return e ? e : "";
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
