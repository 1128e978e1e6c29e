/* The relay test's conclusion in words: the table of tries, the verdict,
 * why, and the caveats that apply. Pure: text into buffers, so the TUI can
 * show the same words as `relay-test`. */
#ifndef SMTPDBG_RELAY_REPORT_H
#define SMTPDBG_RELAY_REPORT_H

#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/relay_plan.h"

/* Why the verdict is what it is, one point per line. */
void relay_report_why(struct buf *out, const struct relay_plan *p);
/* The caveats that apply to this result, one per line (maybe none). */
void relay_report_caveats(struct buf *out, const struct relay_plan *p);

/* The table of tries, then "verdict: ...", why, and the caveats. */
void relay_report_text(struct buf *out, const struct relay_plan *p);
/* The same as one JSON object ending in a newline: type "verdict",
 * verdict, exit, domain, peer_local, tries[], why[], caveats[]. */
void relay_report_json(struct buf *out, const struct relay_plan *p, int64_t t_ms);

#endif
