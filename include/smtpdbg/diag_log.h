/* Mail log lines explained (smtpdbg explain < mail.log): the reply inside
 * a line, the command it answered, who refused whom, and the diagnosis.
 * Pure: the caller reads the lines. */
#ifndef SMTPDBG_DIAG_LOG_H
#define SMTPDBG_DIAG_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"

/* Explain one line (n bytes, no newline; lineno for the output). With
 * brief, one output line: "LINE: ID (CONFIDENCE) CODE ENH VERB HOST:
 * TITLE" ("-" for no diagnosis). Returns 1 if the line carried a refusal
 * (something was appended to out), 0 if it was ignored. */
int diag_log_line(struct buf *out, const char *line, size_t n, unsigned long lineno, bool brief);

#endif
