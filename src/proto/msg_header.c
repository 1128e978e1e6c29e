/* Header fields of the test message: "Name: value" checked, address lists
 * read just far enough to encode display names and spot non-ASCII
 * addresses, and every field written folded (RFC 5322 §2.2.3) with
 * non-ASCII text as RFC 2047 encoded words. Pure. */
#include "smtpdbg/msg_header.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* Lines are folded before this column (RFC 2047 §2 asks 76 of lines with
 * encoded words; RFC 5322 §2.1.1 says 78). */
#define FOLD_AT 76
/* Bytes of text per encoded word: 45 bytes are 60 Base64 characters, so a
 * word "=?UTF-8?B?...?=" is 72 long and fits a folded line. */
#define WORD_BYTES 45

int msg_field_split(const char *s, size_t *name_len, const char **value, const char **why)
{
	const char *colon = strchr(s, ':');
	if (!colon) {
		*why = N_("a header needs the form 'Name: value' (no colon found)");
		return -1;
	}
	size_t n = (size_t)(colon - s);
	if (n == 0 || n > MSG_NAME_MAX) {
		*why = N_("a header name must be 1 to 76 characters before the colon");
		return -1;
	}
	/* ftext (RFC 5322 §3.6.8): printable US-ASCII but the colon. */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 33 || (unsigned char)s[i] > 126) {
			*why = N_("a header name may hold only printable ASCII without spaces "
				  "(RFC 5322 §3.6.8)");
			return -1;
		}
	const char *v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	if ((*why = msg_value_check(v)))
		return -1;
	*name_len = n;
	*value = v;
	return 0;
}

/* Length of the UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	unsigned cp = c & (0x3fu >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

const char *msg_value_check(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t n = strlen(v);
	for (size_t i = 0; i < n;) {
		if (p[i] == '\r' || p[i] == '\n')
			return N_("a header value must not contain a line break");
		if ((p[i] < 32 && p[i] != '\t') || p[i] == 127)
			return N_("a header value must not contain control characters");
		size_t l = utf8_len(p + i, n - i);
		if (!l)
			return N_("a header value must be valid UTF-8");
		i += l;
	}
	return NULL;
}

static bool ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] > 127)
			return false;
	return true;
}

bool msg_field_is_address(const char *name, size_t n)
{
	static const char *const names[] = {"From", "To", "Cc", "Bcc", "Reply-To", "Sender"};
	if (n > 7 && !strncasecmp(name, "Resent-", 7))
		name += 7, n -= 7;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == n && !strncasecmp(name, names[i], n))
			return true;
	return false;
}

/* ---- folding ----------------------------------------------------------- */

struct fold {
	struct buf *b;
	size_t col;
};

/* One token, after a blank: folded onto a new line first when it would
 * pass the fold column (the blank starts the continuation line, so
 * unfolding gives back exactly the value). */
static void tok(struct fold *f, const char *t, size_t n)
{
	if (f->col + 1 + n > FOLD_AT) {
		buf_add(f->b, "\r\n", 2);
		f->col = 0;
	}
	buf_addc(f->b, ' ');
	buf_add(f->b, t, n);
	f->col += 1 + n;
}

/* Plain ASCII text: folded at its own spaces only, so nothing changes. */
static void write_ascii(struct fold *f, const char *v, size_t n)
{
	size_t i = 0;
	for (;;) {
		size_t j = i;
		while (j < n && v[j] != ' ')
			j++;
		tok(f, v + i, j - i);
		if (j >= n)
			break;
		i = j + 1;
	}
}

/* Text as RFC 2047 "B" encoded words of whole UTF-8 characters. */
static void write_words(struct fold *f, const char *v, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* What still fits on this line (after a blank and the 12
		 * characters of "=?UTF-8?B?" and "?="), else a whole word on the
		 * next one. */
		size_t room = f->col + 1 + 12 < FOLD_AT ? (FOLD_AT - f->col - 1 - 12) / 4 * 3 : 0;
		size_t most = room >= 6 && room < WORD_BYTES ? room : WORD_BYTES;
		size_t k = n - i < most ? n - i : most;
		/* Never split a character: back off over continuation bytes. */
		while (k < n - i && k > 1 && ((unsigned char)v[i + k] & 0xc0) == 0x80)
			k--;
		char *enc = b64_encode(v + i, k);
		char word[WORD_BYTES * 2];
		int len = snprintf(word, sizeof word, "=?UTF-8?B?%s?=", enc);
		free(enc);
		tok(f, word, (size_t)len);
		i += k;
	}
}

/* The longest run without a space: a line cannot fold inside it. */
static size_t longest_word(const char *v, size_t n)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = v[i] == ' ' ? 0 : run + 1;
		if (run > best)
			best = run;
	}
	return best;
}

/* ---- address lists ----------------------------------------------------- */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
	while (*n && blank(**s))
		(*s)++, (*n)--;
	while (*n && blank((*s)[*n - 1]))
		(*n)--;
}

/* A display name that must be quoted to stay one phrase (RFC 5322 §3.2.3). */
static bool needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("()<>[]:;@\\,.\"", s[i]))
			return true;
	return false;
}

/* One mailbox: "display <addr>" or a bare addr. */
static int write_mailbox(struct fold *f, const char *s, size_t n, bool last, bool *utf8,
			 const char **why)
{
	trim(&s, &n);
	if (!n) {
		*why = N_("an address list has an empty entry");
		return -1;
	}
	const char *lt = NULL;
	bool q = false;
	for (size_t i = 0; i < n && !lt; i++) {
		if (s[i] == '\\' && q)
			i++;
		else if (s[i] == '"')
			q = !q;
		else if (s[i] == '<' && !q)
			lt = s + i;
	}
	const char *addr = s, *disp = NULL;
	size_t alen = n, dlen = 0;
	if (lt) {
		const char *gt = memchr(lt, '>', n - (size_t)(lt - s));
		if (!gt) {
			*why = N_("an address has '<' without '>'");
			return -1;
		}
		if ((size_t)(gt - s) != n - 1) {
			*why = N_("an address has text after its '>'");
			return -1;
		}
		disp = s, dlen = (size_t)(lt - s);
		trim(&disp, &dlen);
		addr = lt + 1, alen = (size_t)(gt - lt - 1);
	}
	if (!alen || memchr(addr, '<', alen) || memchr(addr, '>', alen)) {
		*why = N_("an address in a header must be one address (not empty, no '<' or '>' inside)");
		return -1;
	}
	if (!ascii(addr, alen))
		*utf8 = true; /* only SMTPUTF8 carries it (RFC 6532) */
	struct buf name;
	buf_init(&name, 0);
	if (dlen) {
		if (dlen >= 2 && disp[0] == '"' && disp[dlen - 1] == '"') {
			for (size_t i = 1; i + 1 < dlen; i++) {
				if (disp[i] == '\\' && i + 2 < dlen)
					i++;
				buf_addc(&name, disp[i]);
			}
		} else {
			buf_add(&name, disp, dlen);
		}
	}
	if (name.len && !ascii(name.data, name.len)) {
		write_words(f, name.data, name.len);
	} else if (name.len && needs_quotes(name.data, name.len)) {
		struct buf qs;
		buf_init(&qs, 0);
		buf_addc(&qs, '"');
		for (size_t i = 0; i < name.len; i++) {
			if (name.data[i] == '"' || name.data[i] == '\\')
				buf_addc(&qs, '\\');
			buf_addc(&qs, name.data[i]);
		}
		buf_addc(&qs, '"');
		write_ascii(f, qs.data, qs.len);
		buf_free(&qs);
	} else if (name.len) {
		write_ascii(f, name.data, name.len);
	}
	buf_free(&name);
	struct buf a;
	buf_init(&a, 0);
	buf_printf(&a, lt ? "<%.*s>%s" : "%.*s%s", (int)alen, addr, last ? "" : ",");
	tok(f, a.data, a.len);
	buf_free(&a);
	return 0;
}

static int write_addresses(struct fold *f, const char *v, size_t n, bool *utf8, const char **why)
{
	size_t start = 0;
	bool q = false, angle = false;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && q && v[i] == '\\') {
			i++;
			continue;
		}
		if (i < n && v[i] == '"' && !angle)
			q = !q;
		else if (i < n && !q && v[i] == '<')
			angle = true;
		else if (i < n && !q && v[i] == '>')
			angle = false;
		else if (i == n || (v[i] == ',' && !q && !angle)) {
			if (i == n && q) {
				*why = N_("an address list has an unclosed quote");
				return -1;
			}
			if (write_mailbox(f, v + start, i - start, i == n, utf8, why) < 0)
				return -1;
			start = i + 1;
		}
	}
	return 0;
}

int msg_field_write(struct buf *out, const char *name, size_t name_len, const char *value,
		    bool *utf8, const char **why)
{
	size_t n = strlen(value);
	if (longest_word(value, n) > MSG_WORD_MAX) {
		*why = N_("a header value has a word too long for one line (RFC 5322 §2.1.1: 998 "
			  "characters)");
		return -1;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_add(&b, name, name_len);
	buf_addc(&b, ':');
	struct fold f = {.b = &b, .col = name_len + 1};
	bool u = false;
	int rc = 0;
	if (ascii(value, n))
		write_ascii(&f, value, n); /* sent as given */
	else if (msg_field_is_address(name, name_len))
		rc = write_addresses(&f, value, n, &u, why);
	else
		write_words(&f, value, n);
	if (rc == 0) {
		buf_add(&b, "\r\n", 2);
		buf_add(out, b.data, b.len);
		if (u)
			*utf8 = true;
	}
	buf_free(&b);
	return rc;
}
