/* Output helpers shared by the explanation writers. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain_fmt.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

/* ---- output helpers ------------------------------------------------- */

void xp_esc(struct buf *out, const void *p, size_t n)
{
	esc_append(out, p, n, 0);
}

/* "<indent>LABEL  Title  [RFC]" and the entry's text one level deeper. */
void xp_entry(struct buf *out, const char *ind, const char *label,
		  const struct kb_entry *e, const char *text_ind)
{
	buf_printf(out, "%s%s  %s  [%s]\n", ind, label, _(e->title), _(e->rfc));
	buf_printf(out, "%s%s\n", text_ind, _(e->text));
}

void xp_line(struct buf *out, const char *ind, const char *text)
{
	buf_printf(out, "%s%s\n", ind, text);
}

/* "<indent>prefix<escaped bytes>" */
void xp_esc_line(struct buf *out, const char *ind, const char *prefix, const char *s, size_t n)
{
	buf_adds(out, ind);
	buf_adds(out, prefix);
	xp_esc(out, s, n);
	buf_addc(out, '\n');
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
