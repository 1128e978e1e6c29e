/* Rows of a teaching table like the seed's (party, the line as on the
 * wire, its decoded Base64, the explanation), built from engine events by
 * the lesson runner and by replay, drawn by the TUI or printed as text or
 * Markdown. Every string is already escaped and safe to draw. */
#ifndef SMTPDBG_TEACH_ROW_H
#define SMTPDBG_TEACH_ROW_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/client.h"
#include "smtpdbg/narrate.h"

enum teach_state {
	TEACH_DONE,    /* played */
	TEACH_CURRENT, /* the row just played: highlight it */
	TEACH_PENDING, /* still to come: wire is the planned line or expectation */
};

struct teach_row {
	char party;     /* 'S' server, 'C' client, '#' note, '!' warning */
	char *wire;     /* the lines as sent, joined by '\n'; secrets masked */
	char *decoded;  /* decoded Base64 (a 334 challenge, a SASL line), or NULL */
	char *explain;  /* the lesson's words, or NULL */
	char *detail;   /* what smtpdbg says about it: the notes `run` prints */
	enum teach_state state;
	long step;      /* the lesson step it belongs to, or -1 */
	bool secret;    /* reveals a secret (masked unless revealed) */
	bool tls;       /* inside TLS */
	bool unexpected; /* the lesson expected another reply */
	bool typed;     /* a line the learner typed */
	bool shared;    /* detail belongs to the rows' pool (teach_rows_share) */
	struct annot_items maths; /* the calculation steps (AIF_MATHS items), drawn
				   * by kind beside the row in the TUI */
};

struct teach_rows {
	struct teach_row *v;
	size_t n, cap;
	struct teach_pool *pool; /* details shared between rows, or NULL */
	size_t shared;           /* rows before this one went through the pool */
};

void teach_rows_init(struct teach_rows *r);
void teach_rows_free(struct teach_rows *r);
/* Share the details of the finished rows (all but the last) through a
 * pool of distinct texts: a long replay repeats the same explanation
 * thousands of times ("250 2.0.0 Ok"), and keeps it once. */
void teach_rows_share(struct teach_rows *r);
/* Drop rows from index n on. */
void teach_rows_truncate(struct teach_rows *r, size_t n);
/* A new empty row (step -1, done), owned by r. */
struct teach_row *teach_rows_add(struct teach_rows *r, char party);
/* Append a paragraph to a row's detail or explanation. */
void teach_row_add_detail(struct teach_row *row, const char *text);
void teach_row_add_explain(struct teach_row *row, const char *text);

/* Add what one engine event shows: a REPLY or SENT starts a row (its wire
 * and notes exactly as narrate_event prints them with o), CLOSED a '#' row,
 * anything else adds its notes to the last row. masked: the event's line
 * is a masked secret from a file (never shown, even with show_secrets).
 * Returns the row written to, or NULL. */
struct teach_row *teach_rows_event(struct teach_rows *r, const struct smtp_event *ev,
				   const struct narrate_opts *o, bool tls, bool masked);
/* Add an event's notes (as narrate_event prints them) to an existing row. */
void teach_row_narrate(struct teach_row *row, const struct smtp_event *ev,
		       const struct narrate_opts *o);
/* Add a note or warning row (text: raw bytes, escaped here). */
struct teach_row *teach_rows_note(struct teach_rows *r, char party, const void *p, size_t n,
				  unsigned esc_flags);

/* The decoded form of a 334 challenge or a SASL response, escaped; NULL
 * when the text is not Base64 or decodes to nothing. */
char *teach_decode(const char *p, size_t n, unsigned esc_flags);

/* A Markdown table (GitHub style): party, line, decoded, explanation (the
 * lesson's words when there are any, else the detail). Rows from `from`
 * to `to` (exclusive). */
void teach_rows_markdown(FILE *f, const struct teach_rows *r, size_t from, size_t to);
/* The same in parts, for a table printed as it is built: the head once,
 * then rows; teach_rows_drop_front frees the rows already printed. */
void teach_rows_markdown_head(FILE *f);
void teach_rows_markdown_rows(FILE *f, const struct teach_rows *r, size_t from, size_t to);
void teach_rows_drop_front(struct teach_rows *r, size_t k);
/* Annotated text: "S: "/"C: " lines, then "  # " lines with the decoded
 * form, the explanation (wrapped) and, with detail, smtpdbg's notes. */
void teach_rows_text(FILE *f, const struct teach_rows *r, size_t from, size_t to, bool detail);

#endif
