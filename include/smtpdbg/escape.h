/* Make untrusted bytes safe to show on a terminal or write to a text file.
 * Every byte that comes from the network passes through here before any
 * output path: a hostile server must never clear the screen, set the title
 * or the clipboard, or hide text with bidi overrides. */
#ifndef SMTPDBG_ESCAPE_H
#define SMTPDBG_ESCAPE_H

#include <stddef.h>

#include "smtpdbg/buf.h"

enum {
	ESC_ASCII = 1 << 0, /* escape every byte >= 0x80 (non-UTF-8 locale) */
};

/* Append a visible, inert rendering of n bytes to out:
 *  - printable ASCII as is, backslash as "\\";
 *  - CR, LF, TAB as "\r", "\n", "\t"; other C0 and DEL as "\xNN";
 *  - valid UTF-8 printable characters as is (unless ESC_ASCII);
 *  - C1 controls, bidi controls, zero-width and other format characters
 *    as "<U+XXXX>";
 *  - bytes of invalid or overlong UTF-8 as "\xNN", one at a time.
 * The result contains no control character and is valid UTF-8. */
void esc_append(struct buf *out, const void *p, size_t n, unsigned flags);

/* The same, into a new malloc'd string. */
char *esc_str(const void *p, size_t n, unsigned flags);

/* Whether the locale's output is UTF-8; callers pass ESC_ASCII when not. */
unsigned esc_flags_for_locale(void);

#endif
