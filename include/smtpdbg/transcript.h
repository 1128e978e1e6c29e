/* The transcript of an interactive session, as the TUI shows it: one entry
 * per protocol line or note, with its direction, time, latency, TLS phase,
 * secret flag, the escaped text (masked and revealed forms), the decoded
 * Base64 form and the explanation as annotated items (annot.h). Pure data:
 * no terminal, no I/O. Memory is bounded in bytes: tr_trim drops the
 * oldest lines when the budget is spent (the session's saved records keep
 * everything), and a warning repeated in a row is counted, not copied. */
#ifndef SMTPDBG_TRANSCRIPT_H
#define SMTPDBG_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/buf.h"

#define TRANSCRIPT_DEFAULT_BYTES ((size_t)64 << 20)

enum tr_kind {
	TR_SERVER, /* a reply line: "S" */
	TR_CLIENT, /* a line the client sent: "C" */
	TR_NOTE,   /* what the session did: connected, TLS, closed: "#" */
	TR_WARN,   /* a rule broken, a timeout: "!" */
	TR_TOOL,   /* output of a tool command such as :b64: ":" */
};

struct tr_line {
	enum tr_kind kind;
	int64_t t_ms;       /* milliseconds since the session started */
	int64_t latency_ms; /* first line of a reply: time since the command; else -1 */
	int code;           /* reply code of a server line, else 0 */
	bool tls;           /* sent or received inside TLS */
	bool secret;        /* reveals a secret: masked unless revealed */
	unsigned long repeat; /* the same warning came this many more times */
	char *text;         /* escaped, safe to draw; masked when secret */
	char *revealed;     /* escaped full text of a secret line, else NULL */
	char *decoded;      /* escaped decoded Base64 (SASL lines, 334), or NULL */
	char *decoded_secret; /* the same for a secret line, shown only revealed */
	size_t group;       /* index of the first line of its reply (itself otherwise) */
	struct annot_items items; /* the group's explanation, held by its first line */
	struct annot_items note;  /* this line's own explanation (an EHLO keyword) */
	size_t bytes;       /* what this entry holds, for the budget */
};

struct transcript {
	struct tr_line *v;
	size_t n, cap;
	size_t bytes, limit; /* held, and the budget */
	size_t dropped;      /* lines dropped from the front so far */
	size_t last_warn;    /* the latest warning's index (SIZE_MAX: none) */
	char *carry_text;    /* ... when the budget dropped it: its text */
	unsigned long carry; /* ... and its count, continued by the next repeat */
};

/* limit: the byte budget (0: TRANSCRIPT_DEFAULT_BYTES). */
void tr_init(struct transcript *t, size_t limit);
/* Free every entry; secret texts are wiped first. */
void tr_free(struct transcript *t);

/* Append an entry whose text is n raw bytes (escaped here with esc_flags).
 * group_with_prev joins it to the previous entry's group (reply lines).
 * Returns its index. Indices stay valid until tr_trim. */
size_t tr_add(struct transcript *t, enum tr_kind kind, int64_t t_ms, const void *p, size_t n,
	      unsigned esc_flags, bool group_with_prev);
/* Append a warning; the same text as the latest warning's counts as a
 * repeat of it instead, even with other lines between them (the server
 * lines a flood of unsolicited replies brings). Returns its index. */
size_t tr_add_warning(struct transcript *t, int64_t t_ms, const char *text, unsigned esc_flags);
/* Mark entry i secret: masked shows `masked` (already safe text), and the
 * escaped text so far becomes the revealed form. */
void tr_set_secret(struct transcript *t, size_t i, const char *masked);
/* Set the decoded form of entry i from raw bytes (escaped here). */
void tr_set_decoded(struct transcript *t, size_t i, const void *p, size_t n, unsigned esc_flags);
/* Take already escaped decoded forms (either may be NULL). */
void tr_take_decoded(struct transcript *t, size_t i, char *decoded, char *decoded_secret);
/* Add items (copied) to the explanation of entry i's group. */
void tr_explain_items(struct transcript *t, size_t i, const struct annot_items *items);
/* Add one item of text (trusted, may hold several lines) to it. */
void tr_explain_add(struct transcript *t, size_t i, enum annot_kind kind, const char *text);
/* Set entry i's own explanation (copied), shown before its group's. */
void tr_set_note(struct transcript *t, size_t i, const struct annot_items *items);

/* Drop the oldest lines, whole groups at a time, when the budget is spent
 * (down to three quarters of it). Returns how many were dropped. */
size_t tr_trim(struct transcript *t);

/* The text of entry i as drawn: revealed or masked. */
const char *tr_text(const struct transcript *t, size_t i, bool reveal);
/* The decoded form as drawn (NULL when there is none or it is hidden). */
const char *tr_decoded(const struct transcript *t, size_t i, bool reveal);
/* The explanation of entry i's group (empty when none). */
const struct annot_items *tr_items(const struct transcript *t, size_t i);
/* The explanation as text (annot_items_text), appended to out. */
void tr_explain_text(const struct transcript *t, size_t i, struct buf *out);
/* The marker letter of a kind: 'S', 'C', '#', '!', ':'. */
char tr_marker(enum tr_kind k);

/* Search: the next entry after `from` (before it when !forward) whose
 * drawn text matches the POSIX extended regular expression pat, wrapping
 * around; case-insensitive unless pat has a capital letter ("smart case").
 * Returns the index, or -1 (no match, or *bad set for an invalid pattern).
 * *wrapped says whether the search went past an end. */
long tr_search(const struct transcript *t, size_t from, bool forward, const char *pat,
	       bool reveal, bool *wrapped, bool *bad);

#endif
