/* Engine events as an annotated text transcript: server lines "S: ",
 * client lines "C: ", and annotation lines starting "  # " (so
 * `grep -v '^  #'` leaves the bare protocol). Every server byte is escaped;
 * secrets are masked unless asked for. Used by the no-argument tour and by
 * the non-interactive modes. */
#ifndef SMTPDBG_NARRATE_H
#define SMTPDBG_NARRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/client.h"

struct narrate_opts {
	bool show_secrets; /* print secret lines as sent, not masked */
	bool explain;      /* add the explanation of every line */
	bool auth_maths;   /* add what each SASL step computed (--explain-auth) */
	unsigned esc_flags; /* escape.h flags, e.g. ESC_ASCII outside UTF-8 */
};

/* Write one event to f. */
void narrate_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev);

/* Write an annotation: each line of text prefixed with "  # ". */
void narrate_note(FILE *f, const char *text);

#endif
