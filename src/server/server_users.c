/* The users file of `serve --users FILE` (format in server_users.h): each
 * line checked on its own so the teacher hears of every bad line at once,
 * then the accounts sorted by name, which finds a name given twice and
 * makes each login a binary search. */
#include "smtpdbg/server_users.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct parse {
	struct server_accounts *out;
	size_t cap;
	size_t errors;
	server_users_err_fn err;
	void *arg;
};

static void bad(struct parse *ps, size_t line, const char *why)
{
	if (ps->err && ps->errors < SERVER_USERS_ERRORS_MAX)
		ps->err(ps->arg, line, why);
	ps->errors++;
}

/* Length of the UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned min, cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* What is wrong with a name or password, or NULL. */
static const char *check_field(const char *p, size_t n, bool name)
{
	if (n == 0)
		return name ? _("the name is empty (write name:password)")
			    : _("the password is empty (write name:password)");
	if (n > SERVER_USERS_FIELD_MAX)
		return name ? _("the name is longer than 255 bytes")
			    : _("the password is longer than 255 bytes");
	if (p[0] == ' ' || p[n - 1] == ' ')
		return name ? _("the name begins or ends with a space, which would be part of it")
			    : _("the password begins or ends with a space, which would be part "
				"of it");
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c == 0x7f)
			return c ? _("a control character (a tab, say): not allowed")
				 : _("a NUL byte: not allowed");
		size_t k = utf8_len((const unsigned char *)p + i, n - i);
		if (!k)
			return _("not UTF-8: save the file as UTF-8, as the students' programs "
				 "send the name and password");
		i += k;
	}
	return NULL;
}

static void one_line(struct parse *ps, size_t no, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i == n || p[i] == '#')
		return; /* blank, or a comment */
	const char *colon = memchr(p, ':', n);
	if (!colon) {
		const char *why = memchr(p, '\0', n) ? _("a NUL byte: not allowed")
						      : _("no ':' between name and password "
							  "(write name:password)");
		bad(ps, no, why);
		return;
	}
	size_t ulen = (size_t)(colon - p), plen = n - ulen - 1;
	const char *why = check_field(p, ulen, true);
	if (!why)
		why = check_field(colon + 1, plen, false);
	if (why) {
		bad(ps, no, why);
		return;
	}
	struct server_accounts *a = ps->out;
	if (a->n >= SERVER_USERS_MAX) {
		bad(ps, no, _("more than 10000 accounts"));
		return;
	}
	if (a->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 16;
		a->v = xrealloc(a->v, ps->cap * sizeof *a->v);
	}
	a->v[a->n++] = (struct server_account){.user = xstrndup(p, ulen),
					       .password = xstrndup(colon + 1, plen),
					       .user_len = ulen,
					       .line = no};
}

static int by_name(const void *x, const void *y)
{
	const struct server_account *a = x, *b = y;
	size_t n = a->user_len < b->user_len ? a->user_len : b->user_len;
	int c = memcmp(a->user, b->user, n);
	if (c)
		return c;
	if (a->user_len != b->user_len)
		return a->user_len < b->user_len ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

size_t server_users_parse(const char *text, size_t len, struct server_accounts *out,
			  server_users_err_fn err, void *arg)
{
	*out = (struct server_accounts){0};
	struct parse ps = {.out = out, .err = err, .arg = arg};
	size_t no = 0;
	for (size_t i = 0; i < len;) {
		const char *lf = memchr(text + i, '\n', len - i);
		size_t n = lf ? (size_t)(lf - (text + i)) : len - i;
		size_t body = n;
		if (body && text[i + body - 1] == '\r')
			body--;
		one_line(&ps, ++no, text + i, body);
		i += n + (lf ? 1 : 0);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_name);
	for (size_t i = 1; i < out->n; i++) {
		const struct server_account *a = &out->v[i - 1], *b = &out->v[i];
		if (a->user_len != b->user_len || memcmp(a->user, b->user, a->user_len))
			continue;
		struct buf why;
		buf_init(&why, 0);
		buf_printf(&why, _("this name was given on line %zu already"), a->line);
		bad(&ps, b->line, why.data);
		buf_free(&why);
	}
	if (ps.errors)
		server_accounts_free(out);
	return ps.errors;
}

void server_accounts_free(struct server_accounts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		wipe(a->v[i].password, strlen(a->v[i].password));
		free(a->v[i].password);
		free(a->v[i].user);
	}
	free(a->v);
	*a = (struct server_accounts){0};
}

const char *server_accounts_find(const struct server_accounts *a, const char *user, size_t n)
{
	if (!a)
		return NULL;
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct server_account *m = &a->v[mid];
		size_t k = n < m->user_len ? n : m->user_len;
		int c = memcmp(user, m->user, k);
		if (!c && n != m->user_len)
			c = n < m->user_len ? -1 : 1;
		if (!c)
			return m->password;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
