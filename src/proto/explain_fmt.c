/* Item helpers shared by the explanation writers. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain_fmt.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

/* ---- item helpers --------------------------------------------------- */

/* "LABEL  Title" [RFC] and the entry's text one level deeper. */
void xp_entry(struct annot_items *out, unsigned depth, const char *label,
	      const struct kb_entry *e)
{
	annot_add(out, AK_MEANING, depth, _(e->rfc), "%s  %s", label, _(e->title));
	annot_add(out, AK_TEXT, depth + 1, NULL, "%s", _(e->text));
}

/* One item: n untrusted bytes, escaped, then the formatted (trusted) rest. */
void xp_esc_item(struct annot_items *out, enum annot_kind kind, unsigned depth, const char *ref,
		 const void *p, size_t n, const char *fmt, ...)
{
	struct buf b;
	buf_init(&b, 0);
	esc_append(&b, p, n, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	annot_add(out, kind, depth, ref, "%s", b.data ? b.data : "");
	buf_free(&b);
}

bool xp_is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool xp_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The next word of s[*pos..n) (space-separated); false at the end. */
bool xp_next_word(const char *s, size_t n, size_t *pos, const char **w, size_t *wn)
{
	size_t i = *pos;
	while (i < n && xp_is_space(s[i]))
		i++;
	if (i >= n)
		return false;
	size_t start = i;
	while (i < n && !xp_is_space(s[i]))
		i++;
	*w = s + start;
	*wn = i - start;
	*pos = i;
	return true;
}
