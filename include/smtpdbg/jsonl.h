/* The annotated line as JSON Lines: one object per event, for scripts.
 * The fields of every type are listed in docs/json-lines.md; strings are
 * valid UTF-8 and carry no control characters, secrets are masked as in
 * every face ("AUTH PLAIN ********"). */
#ifndef SMTPDBG_JSONL_H
#define SMTPDBG_JSONL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/caps.h"
#include "smtpdbg/client.h"
#include "smtpdbg/narrate.h"

/* One event; caps (may be NULL) fills a "caps" event's fields. */
void jsonl_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev,
		 int64_t t_ms, const struct smtp_caps *caps);
/* An annotated line already built, for the event ev it came from. */
void jsonl_line(FILE *f, const struct annot_line *l, const struct smtp_event *ev, int64_t t_ms,
		const struct smtp_caps *caps);
/* A free-standing note: {"t":..,"type":type,"text":text}. */
void jsonl_note(FILE *f, const char *type, const char *text, int64_t t_ms);
/* How the session ended: the stage reached or failed (NULL: none), the
 * exit status, and the sentence. */
void jsonl_result(FILE *f, const char *stage, int exit_code, const char *text, int64_t t_ms);

/* The TLS session once established. */
struct dane_set;
struct dane_outcome;
struct jsonl_tls_info {
	const char *version, *cipher;
	bool verified;
	const char *error; /* why verification failed (with --insecure), or NULL */
	const char *text;  /* the description in words */
	/* DANE: the TLSA lookup (NULL: none made) and the outcome. */
	const struct dane_set *dane;
	const struct dane_outcome *dane_outcome;
};
void jsonl_tls(FILE *f, const struct jsonl_tls_info *t, int64_t t_ms);
/* Append ,"dane":{...}: result, lookup, qname, validated, records,
 * matched, text. s may be NULL (no lookup made). */
void jsonl_dane(struct buf *b, const struct dane_set *s, const struct dane_outcome *o);

/* What run sent after 354: size, needs, parts ("type":"message"). */
struct message;
void jsonl_message(FILE *f, const struct message *m, int64_t t_ms);

/* Append s as a JSON string literal (quotes included). */
void jsonl_string(struct buf *out, const char *s);
/* Append ,"diagnosis":{...} for a diagnosis (nothing when d has none). */
struct diag_result;
void jsonl_diagnosis(struct buf *out, const struct diag_result *d);

#endif
