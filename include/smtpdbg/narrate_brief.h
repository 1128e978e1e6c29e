/* The annotated line in brief: for a log that follows many sessions at
 * once (`smtpdbg serve`), a few short lines per protocol line instead of
 * the whole explanation: the decoded Base64, the one meaning that fits the
 * line, the diagnosis and every warning. Chosen by item kind and depth,
 * never by the words, so a translation changes nothing else. Pure. */
#ifndef SMTPDBG_NARRATE_BRIEF_H
#define SMTPDBG_NARRATE_BRIEF_H

#include <stdbool.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/buf.h"

/* The one meaning of l: for a reply answering a known command, what the
 * code means for that command ("Answering RCPT: Recipient accepted"), else
 * what the code means; for a command, its heading ("EHLO  Extended
 * hello"); for a SASL answer, what it is (masked, cancel). NULL: none. */
const char *narrate_brief_meaning(const struct annot_line *l);

/* Append l's brief notes to out, one per line, each ending in "\n":
 *   "decoded: TEXT"  Base64 the line carries (not for a masked secret)
 *   MEANING          narrate_brief_meaning
 *   "! TEXT"         the diagnosis, each warning item, a broken rule
 * A VIOLATION gives its "! " line, NEED_TLS its note; STATE, CAPS,
 * AUTH_STEP and CLOSED give nothing. Every text is escaped already. */
void narrate_brief(const struct annot_line *l, struct buf *out);

#endif
