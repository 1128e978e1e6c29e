/* Shared pieces of the explanation writers (explain_*.c): output
 * helpers and the parts one writer borrows from another. Private to
 * src/proto. Output is UTF-8, one point per line: a heading
 * "KEY  Title  [RFC]" and indented lines under it. Every byte that came
 * from a server or a user goes through esc_append. */
#ifndef SMTPDBG_EXPLAIN_FMT_H
#define SMTPDBG_EXPLAIN_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/reply.h"

#define IND "  "
#define IND2 "    "
#define IND3 "      "
/* Lines of one reply (and words of one line) explained one by one; a
 * hostile 100,000-line EHLO reply must not produce a novel. */
#define LINES_MAX 200
#define WORDS_MAX 64

void xp_esc(struct buf *out, const void *p, size_t n);
void xp_entry(struct buf *out, const char *ind, const char *label, const struct kb_entry *e, const char *text_ind);
void xp_line(struct buf *out, const char *ind, const char *text);
void xp_esc_line(struct buf *out, const char *ind, const char *prefix, const char *s, size_t n);
bool xp_is_space(char c);
bool xp_is_digit(char c);
bool xp_next_word(const char *s, size_t n, size_t *pos, const char **w, size_t *wn);
bool xp_parse_enh_token(const char *s, size_t n, struct enh_code *ec);
void explain_enh_item(struct buf *out, const struct enh_code *ec);
void explain_keyword_line(struct buf *out, const char *s, size_t n, unsigned lflags, const char *ind, const char *ind2);
bool xp_keyword_line(const struct reply_line *l);
void explain_reply_at(struct buf *out, const struct smtp_reply *r, const char *verb, long kw_from);
void explain_command_at(struct buf *out, const char *s, size_t n, bool with_args);

#endif
