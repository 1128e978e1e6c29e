/* Explanation items: the building block of the annotated line (annot.h)
 * and of what a SASL mechanism says about each step (sasl.h). Pure.
 *
 * An explanation is a list of items, each with a kind that says what it is
 * (a meaning, a calculation step, a warning, ...). Faces choose colours and
 * layout by kind, never by reading the text, so a translation changes the
 * words and nothing else. Every text is already translated and escaped:
 * safe to draw.
 *
 * An item may hold a secret (a password, the bytes of one, a key derived
 * from one): its text is then the masked form, and the revealed form is
 * kept beside it only where a face can reveal it on request (the TUI's S). */
#ifndef SMTPDBG_ANNOT_ITEMS_H
#define SMTPDBG_ANNOT_ITEMS_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"

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

/* Item flags: what a face may leave out, decided by flag, never by words. */
enum {
	/* Shown only with secrets revealed: the text is empty, the revealed
	 * form holds it (the 6-bit groups of a password, say). Even the
	 * number of such items is never shown masked: it would tell a length. */
	AIF_SECRET_ONLY = 1u << 0,
	/* Base64's 6-bit groups and alphabet positions: the TUI shows them
	 * when asked (B, :bits); text faces print them with the rest. */
	AIF_B64_BITS = 1u << 1,
	/* A calculation step (--explain-auth): Base64 in bytes, a SASL
	 * message's fields, HMAC and SCRAM keys. */
	AIF_MATHS = 1u << 2,
};

struct annot_item {
	enum annot_kind kind;
	unsigned depth;   /* 0 a heading, 1 under it, ... (text rendering indents 2 per level) */
	char *text;       /* translated, escaped, one line; a secret in it masked */
	const char *ref;  /* "RFC 4954 §6", or NULL (static or knowledge-base storage) */
	char *revealed;   /* the same with the secret shown, or NULL: nothing secret in it */
	unsigned flags;   /* AIF_* */
};

struct annot_items {
	struct annot_item *v;
	size_t n, cap;
	size_t bytes;     /* of the texts, for the transcript's byte budget */
};

void annot_items_init(struct annot_items *a);
/* Free every item; revealed forms are wiped first. */
void annot_items_free(struct annot_items *a);
/* Add an item; text from fmt (no newline; one is split into several items
 * of the same kind and depth). ref may be NULL. out may be NULL (ignored). */
void annot_add(struct annot_items *out, enum annot_kind kind, unsigned depth, const char *ref,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Add prefix (trusted text) followed by n untrusted bytes, escaped. */
void annot_add_esc(struct annot_items *out, enum annot_kind kind, unsigned depth,
		   const char *prefix, const void *p, size_t n);
/* Add one item as given (one line each, already escaped): masked is what
 * shows while secrets are masked, revealed (or NULL) what shows when they
 * are revealed; masked NULL makes an AIF_SECRET_ONLY item. Both copied. */
void annot_add_item(struct annot_items *out, enum annot_kind kind, unsigned depth,
		    unsigned flags, const char *masked, const char *revealed);
/* Move every item of from to the end of to (from is left empty). */
void annot_items_move(struct annot_items *to, struct annot_items *from);
/* Copy every item of from to the end of to, their depth raised by depth. */
void annot_items_copy(struct annot_items *to, const struct annot_items *from, unsigned depth);
/* Copy for a face that shows one form: with reveal every secret item as
 * revealed; else masked, with keep its revealed form kept beside it (the
 * TUI's S), without keep dropped (secret-only items with it). flags are
 * added to every copied item. */
void annot_items_apply(struct annot_items *to, const struct annot_items *from, bool reveal,
		       bool keep, unsigned flags);
/* Move the items with any of flags from from to the end of to; with keep,
 * copy them and leave from as it was. */
void annot_items_take(struct annot_items *to, struct annot_items *from, unsigned flags,
		      bool keep);

/* The text an item shows: revealed or masked; NULL when it shows nothing
 * (a secret-only item while secrets are masked). */
const char *annot_item_shown(const struct annot_item *it, bool reveal);

/* The text form: each item on its own line, indented two spaces per level,
 * with "  [ref]" after it; what `smtpdbg explain` prints. Secrets masked. */
void annot_items_text(const struct annot_items *a, struct buf *out);

#endif
