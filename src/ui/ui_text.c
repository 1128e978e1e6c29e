/* Drawing escaped UTF-8 text within a number of columns, and wrapping it.
 * Text reaching here has been through escape.h, so it holds no control
 * characters; widths come from wcwidth so wide characters never spill. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/xmalloc.h"
#include "ui.h"

/* The bytes and columns of the next character of s (n bytes left). */
static size_t next_char(const char *s, size_t n, int *cols)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*cols = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	return k;
}

int ui_width(const char *s)
{
	size_t n = strlen(s);
	int total = 0;
	for (size_t i = 0; i < n;) {
		int w;
		i += next_char(s + i, n - i, &w);
		total += w;
	}
	return total;
}

const char *ui_cut_marker(void)
{
	return esc_flags_for_locale() & ESC_ASCII ? ">" : "\xe2\x80\xa6";
}

int ui_put(int y, int x, int width, const char *s, unsigned long attr)
{
	if (width <= 0 || !s)
		return 0;
	size_t n = strlen(s), bytes = 0;
	int used = 0;
	while (bytes < n) {
		int w;
		size_t k = next_char(s + bytes, n - bytes, &w);
		if (used + w > width)
			break;
		used += w;
		bytes += k;
	}
	attr_t old_a;
	short old_p;
	attr_get(&old_a, &old_p, NULL);
	attrset((attr_t)attr);
	mvaddnstr(y, x, s, (int)bytes);
	attr_set(old_a, old_p, NULL);
	return used;
}

static void push(char ***v, size_t *n, const char *p, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrndup(p, len);
}

size_t ui_wrap(const char *text, int width, char ***out)
{
	char **v = NULL;
	size_t nv = 0;
	if (width < 1)
		width = 1;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* Continuation lines keep the paragraph's indentation. */
		size_t indent = 0;
		while (indent < len && p[indent] == ' ' && (int)indent < width / 2)
			indent++;
		size_t i = 0;
		bool first = true;
		do {
			size_t start = i, brk = 0;
			int cols = first ? 0 : (int)indent;
			while (i < len) {
				int w;
				size_t k = next_char(p + i, len - i, &w);
				if (cols + w > width)
					break;
				cols += w;
				i += k;
				if (p[i - k] == ' ')
					brk = i;
			}
			if (i < len && brk > start)
				i = brk; /* break after the last space */
			if (i == start && i < len) { /* not even one character fits */
				int w;
				i += next_char(p + i, len - i, &w);
			}
			if (first) {
				push(&v, &nv, p + start, i - start);
			} else {
				struct buf b;
				buf_init(&b, 0);
				for (size_t k = 0; k < indent; k++)
					buf_addc(&b, ' ');
				buf_add(&b, p + start, i - start);
				push(&v, &nv, b.data, b.len);
				buf_free(&b);
			}
			while (i < len && p[i] == ' ')
				i++;
			first = false;
		} while (i < len);
		if (!nl)
			break;
		p = nl + 1;
	}
	*out = v;
	return nv;
}

void ui_wrap_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
