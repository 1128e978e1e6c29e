#include "smtpdbg/caps.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/xmalloc.h"

void caps_init(struct smtp_caps *c)
{
	memset(c, 0, sizeof *c);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void caps_clear(struct smtp_caps *c)
{
	free_list(c->auth, c->nauth);
	free_list(c->keywords, c->nkeywords);
	caps_init(c);
}

static bool in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(v[i], s))
			return true;
	return false;
}

static void add_upper(char ***v, size_t *n, const char *s, size_t len)
{
	char *u = xstrndup(s, len);
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (in_list(*v, *n, u)) {
		free(u);
		return;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = u;
}

/* esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"), RFC 5321 §4.1.1.1 */
static size_t keyword_len(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || !isalnum((unsigned char)s[0]))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
		i++;
	return i;
}

static void parse_mechs(struct smtp_caps *c, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t start = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i > start)
			add_upper(&c->auth, &c->nauth, s + start, i - start);
	}
}

static bool parse_size(const char *s, size_t n, unsigned long long *out)
{
	unsigned long long v = 0;
	if (n == 0) {
		*out = 0;
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

static void parse_line(struct smtp_caps *c, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7f) {
			c->nsuspicious++; /* "STARTTLS\0junk" is not STARTTLS */
			return;
		}
	}
	size_t kl = keyword_len(s, n);
	if (!kl || (kl < n && s[kl] != ' ' && s[kl] != '=')) {
		c->nsuspicious++;
		return;
	}
	const char *param = s + kl + (kl < n);
	size_t plen = kl < n ? n - kl - 1 : 0;

	if (kl == 4 && !strncasecmp(s, "AUTH", 4)) {
		if (kl < n && s[kl] == '=')
			c->auth_legacy = true;
		parse_mechs(c, param, plen);
	} else if (kl < n && s[kl] == '=') {
		c->nsuspicious++;
		return;
	}
	add_upper(&c->keywords, &c->nkeywords, s, kl);

#define IS(k) (kl == sizeof(k) - 1 && !strncasecmp(s, k, kl))
	if (IS("STARTTLS"))
		c->starttls = true;
	else if (IS("PIPELINING"))
		c->pipelining = true;
	else if (IS("8BITMIME"))
		c->eightbitmime = true;
	else if (IS("SMTPUTF8"))
		c->smtputf8 = true;
	else if (IS("ENHANCEDSTATUSCODES"))
		c->enhancedstatuscodes = true;
	else if (IS("CHUNKING"))
		c->chunking = true;
	else if (IS("DSN"))
		c->dsn = true;
	else if (IS("SIZE"))
		c->has_size = parse_size(param, plen, &c->size) || c->has_size;
#undef IS
}

void caps_parse_ehlo(struct smtp_caps *c, const struct smtp_reply *r)
{
	caps_clear(c);
	c->known = true;
	for (size_t i = 1; i < r->nlines; i++) {
		size_t n;
		const char *t = reply_line_text(&r->lines[i], &n);
		while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
			n--;
		parse_line(c, t, n);
	}
}

bool caps_has_auth(const struct smtp_caps *c, const char *mech)
{
	return in_list(c->auth, c->nauth, mech);
}

bool caps_has(const struct smtp_caps *c, const char *keyword)
{
	return in_list(c->keywords, c->nkeywords, keyword);
}
