/* The annotated line: what one protocol line (or one thing smtpdbg did)
 * means, built once and rendered by every face (the TUI, run's narration,
 * JSON Lines, lessons, replay, Markdown). Pure: no I/O, no terminal.
 *
 * An explanation is a list of items, each with a kind that says what it is
 * (a meaning, a calculation step, a warning, ...). Faces choose colours and
 * layout by kind, never by reading the text, so a translation changes the
 * words and nothing else. Every text is already translated and escaped:
 * safe to draw. */
#ifndef SMTPDBG_ANNOT_H
#define SMTPDBG_ANNOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"

enum annot_kind {
	AK_MEANING,   /* a heading: what an item is ("535  Authentication credentials invalid") */
	AK_TEXT,      /* explanation under a heading */
	AK_CALC,      /* a decoded value or a calculation step (Base64, HMAC, SCRAM keys) */
	AK_WARNING,   /* a rule broken, a danger, a problem */
	AK_STATE,     /* where the session is now */
	AK_DIAGNOSIS, /* what the reply's text says went wrong */
	AK_NEXT,      /* what to do next, or what may come next */
	AK_NOTE,      /* what the tool did: connected, TLS started, closed */
	AK_COUNT
};

/* The kind's name in JSON and in tests: "meaning", "text", ... */
const char *annot_kind_name(enum annot_kind k);

struct annot_item {
	enum annot_kind kind;
	unsigned depth;   /* 0 a heading, 1 under it, ... (text rendering indents 2 per level) */
	char *text;       /* translated, escaped, one line */
	const char *ref;  /* "RFC 4954 §6", or NULL (static or knowledge-base storage) */
};

struct annot_items {
	struct annot_item *v;
	size_t n, cap;
	size_t bytes;     /* of the texts, for the transcript's byte budget */
};

void annot_items_init(struct annot_items *a);
void annot_items_free(struct annot_items *a);
/* Add an item; text from fmt (no newline; one is split into several items
 * of the same kind and depth). ref may be NULL. out may be NULL (ignored). */
void annot_add(struct annot_items *out, enum annot_kind kind, unsigned depth, const char *ref,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Add prefix (trusted text) followed by n untrusted bytes, escaped. */
void annot_add_esc(struct annot_items *out, enum annot_kind kind, unsigned depth,
		   const char *prefix, const void *p, size_t n);
/* Move every item of from to the end of to (from is left empty). */
void annot_items_move(struct annot_items *to, struct annot_items *from);
/* Copy every item of from to the end of to, their depth raised by depth. */
void annot_items_copy(struct annot_items *to, const struct annot_items *from, unsigned depth);

/* The text form: each item on its own line, indented two spaces per level,
 * with "  [ref]" after it; what `smtpdbg explain` prints. */
void annot_items_text(const struct annot_items *a, struct buf *out);

#endif
