/* Turn protocol items into explanations a person can read, using the
 * knowledge base. One place writes explanations; the TUI, `run`, `explain`
 * and replay all show what it produces. Output is a list of annot items
 * (annot.h), one point each, with a kind; server bytes escaped. */
#ifndef SMTPDBG_EXPLAIN_H
#define SMTPDBG_EXPLAIN_H

#include <stddef.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/reply.h"

/* Explain a reply. answers is the verb of the command it answers
 * ("EHLO", "AUTH", "STARTTLS", ...), "GREETING" for the banner, or NULL
 * when unknown; it picks the meaning that applies (220 after STARTTLS is
 * not a greeting, 334 during AUTH carries a Base64 challenge). For an EHLO
 * reply each keyword is explained; violations (flags) are listed. Items are
 * appended to out; nothing happens if out or r is NULL. */
void explain_reply(struct annot_items *out, const struct smtp_reply *r, const char *answers);
/* The same, with what is known of the session (diag.h DS_* bits, 0 for
 * nothing) and the diagnosis given back in *diag (may be NULL). */
void explain_reply_diag(struct annot_items *out, const struct smtp_reply *r, const char *answers,
			unsigned state, struct diag_result *diag);

/* Explain a command line the client sends (n bytes, no CRLF). */
void explain_command(struct annot_items *out, const char *line, size_t n);

/* Explain what a person typed: a code ("535"), a code and an enhanced code
 * ("535 5.7.8"), an enhanced code ("5.7.8"), a whole reply line
 * ("250-STARTTLS"), an EHLO keyword ("PIPELINING") or a command ("RCPT").
 * Appends the items' text form (annot_items_text) to out. Returns 0 if
 * something was explained, -1 if nothing matched (out then says so) or out
 * is NULL. */
int explain_text(struct buf *out, const char *text);

#endif
