/* Engine events as an annotated text transcript: server lines "S: ",
 * client lines "C: ", and annotation lines starting "  # " (so
 * `grep -v '^  #'` leaves the bare protocol). Every server byte is escaped;
 * secrets are masked unless asked for. Used by the no-argument tour and by
 * the non-interactive modes. */
#ifndef SMTPDBG_NARRATE_H
#define SMTPDBG_NARRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/client.h"

struct narrate_opts {
	bool show_secrets; /* print secret lines as sent, not masked */
	bool explain;      /* add the explanation of every line */
	bool auth_maths;   /* add what each SASL step computed (--explain-auth) */
	unsigned esc_flags; /* escape.h flags, e.g. ESC_ASCII outside UTF-8 */
};

/* Write one event to f: its annotated line (annot.h) rendered. */
void narrate_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev);
/* Render an annotated line already built. */
void narrate_line(FILE *f, const struct narrate_opts *o, const struct annot_line *l);
/* Its annotation lines (what follows "  # "), one per line, into out. */
void narrate_notes(const struct narrate_opts *o, const struct annot_line *l, struct buf *out);
/* The masking and detail that the options ask of the annotated line. */
struct annot_policy narrate_policy(const struct narrate_opts *o);

/* Write an annotation: each line of text prefixed with "  # ". */
void narrate_note(FILE *f, const char *text);

#endif
