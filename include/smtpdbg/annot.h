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
#include "smtpdbg/diag.h"
#include "smtpdbg/reply.h"
#include "smtpdbg/smtp_state.h"

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

/* ---- the annotated line ------------------------------------------- */

/* The one masked rendering of a secret, in every face. */
#define ANNOT_MASK "********"

/* How much of a secret line may be shown: "AUTH PLAIN" of an AUTH line
 * with an initial response (leading spaces and tabs skipped, as a server
 * skips them), nothing of any other. Returns the length to show. */
size_t annot_public_prefix(const void *data, size_t n);

enum annot_party {
	AP_SERVER, /* "S" */
	AP_CLIENT, /* "C" */
	AP_TOOL,   /* what smtpdbg did or noticed */
};

struct annot_policy {
	bool reveal;        /* show secrets as sent (--show-secrets) */
	bool keep_revealed; /* also keep the revealed forms (the TUI's S key) */
	bool auth_maths;    /* explain what each SASL step computed */
	unsigned esc_flags; /* escape.h flags for the wire text */
};

struct annot_line {
	enum smtp_ev_type type;
	enum annot_party party;
	int code;              /* a reply's code, else 0 */
	struct enh_code enh;   /* a reply's enhanced code (cls 0: none) */
	const char *answers;   /* the verb a reply answers (static), or NULL */
	char **wire;           /* the lines as shown: escaped, a secret masked */
	size_t nwire;
	size_t dropped;        /* reply lines received but not kept */
	bool secret;           /* a client line that reveals a secret */
	char *revealed;        /* the secret line in full, escaped (keep_revealed or reveal) */
	char *decoded;         /* decoded Base64 it carries, escaped; ANNOT_MASK for a masked secret */
	char *decoded_revealed; /* the same unmasked, when kept */
	struct diag_result diag;        /* a reply's diagnosis (kind NULL: none) */
	struct annot_items items;       /* what the line means */
	struct annot_items *line_items; /* per wire line (EHLO keywords), or NULL */
};

/* Build the annotated line of one engine event. Every event gives one
 * (STATE and CAPS give one with no wire and no items). */
void annot_event(const struct smtp_event *ev, const struct annot_policy *p, struct annot_line *out);
void annot_line_free(struct annot_line *l);

/* The text of a line's items and its state now, for faces that show one
 * explanation per line: the TUI's pane, a teaching row. */
void annot_state(struct annot_items *out, enum smtp_state st);

#endif
