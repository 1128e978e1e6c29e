/* Shared pieces of the explanation writers (explain_*.c): item helpers
 * and the parts one writer borrows from another. Private to src/proto.
 * Writers emit annot items, one point each: a heading (AK_MEANING,
 * "KEY  Title" with its RFC as ref) and items one level deeper under it.
 * Every byte that came from a server or a user goes through esc_append. */
#ifndef SMTPDBG_EXPLAIN_FMT_H
#define SMTPDBG_EXPLAIN_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/reply.h"

/* Lines of one reply (and words of one line) explained one by one; a
 * hostile 100,000-line EHLO reply must not produce a novel. */
#define LINES_MAX 200
#define WORDS_MAX 64

void xp_entry(struct annot_items *out, unsigned depth, const char *label, const struct kb_entry *e);
void xp_esc_item(struct annot_items *out, enum annot_kind kind, unsigned depth, const char *ref,
		 const void *p, size_t n, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
bool xp_is_space(char c);
bool xp_is_digit(char c);
bool xp_next_word(const char *s, size_t n, size_t *pos, const char **w, size_t *wn);
bool xp_parse_enh_token(const char *s, size_t n, struct enh_code *ec);
void explain_enh_item(struct annot_items *out, const struct enh_code *ec);
void explain_keyword_line(struct annot_items *out, const char *s, size_t n, unsigned lflags, unsigned depth);
bool xp_keyword_line(const struct reply_line *l);
void explain_reply_at(struct annot_items *out, const struct smtp_reply *r, const char *verb, long kw_from,
		      unsigned state, struct diag_result *diag);
void explain_command_at(struct annot_items *out, const char *s, size_t n, bool with_args);

#endif
