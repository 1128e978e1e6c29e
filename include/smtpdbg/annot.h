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

#include "smtpdbg/client.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/reply.h"
#include "smtpdbg/smtp_state.h"

#include "smtpdbg/annot_items.h"

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

/* ---- the arithmetic of a line (annot_maths.c) ---------------------- */

/* n decoded bytes of a Base64 text as calculation items at depth: the
 * bytes in hex, then (AIF_B64_BITS) each block of 3 bytes as bits, 6-bit
 * groups, their numbers and characters. A secret shows masked. */
void annot_b64_maths(struct annot_items *out, unsigned depth, const uint8_t *p, size_t n,
		     bool secret, unsigned esc);
/* What the decoded bytes of a SASL answer are for mech: PLAIN's fields and
 * bytes with the NULs visible, CRAM-MD5's user and digest. */
void annot_sasl_maths(struct annot_items *out, const char *mech, const uint8_t *p, size_t n,
		      bool secret, unsigned esc);

/* The text of a line's items and its state now, for faces that show one
 * explanation per line: the TUI's pane, a teaching row. */
void annot_state(struct annot_items *out, enum smtp_state st);

#endif
