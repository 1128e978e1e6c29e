/* SPF records (RFC 7208): the terms, the DNS lookups they cost (at most
 * 10, §4.6.4) and the qualifier of "all". Only this record's syntax and
 * lookups; following include and redirect is the caller's. */
#include <string.h>
#include <strings.h>

#include "smtpdbg/dns_records.h"
#include "smtpdbg/i18n.h"

static const char *const mechanisms[] = {"all", "include", "a", "mx", "ptr", "ip4", "ip6",
					 "exists", NULL};
static const char *const lookups[] = {"include", "a", "mx", "ptr", "exists", "redirect", NULL};

static bool in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

bool spf_is_spf(const char *s, size_t n)
{
	return n >= 6 && !strncasecmp(s, "v=spf1", 6) && (n == 6 || s[6] == ' ');
}

static int fail(struct spf_record *r, const char *why, size_t at)
{
	r->error = why;
	r->error_at = at;
	return -1;
}

/* One term s[0..len): [qualifier] name [":" arg | "/" cidr] or name "=" arg. */
static int term(struct spf_record *r, const char *s, size_t len, size_t at)
{
	struct spf_term *t = &r->terms[r->nterms];
	memset(t, 0, sizeof *t);
	size_t i = 0;
	t->qual = '+';
	if (strchr("+-~?", s[0])) {
		t->qual = s[0];
		i = 1;
	}
	size_t name0 = i;
	while (i < len && s[i] != ':' && s[i] != '=' && s[i] != '/')
		i++;
	size_t nlen = i - name0;
	if (nlen == 0 || nlen >= sizeof t->name)
		return fail(r, N_("a term without a known name"), at);
	for (size_t k = 0; k < nlen; k++) {
		char c = s[name0 + k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (k && ((c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))))
			return fail(r, N_("a term without a known name"), at);
		t->name[k] = (char)(c | 0x20);
	}
	if (i < len) {
		t->arg = s + i + (s[i] == '/' ? 0 : 1);
		t->arg_len = len - i - (s[i] == '/' ? 0 : 1);
	}
	bool modifier = i < len && s[i] == '=';
	if (modifier) {
		if (name0 != 0)
			return fail(r, N_("a modifier (name=value) cannot have a qualifier"), at);
		t->qual = '=';
		if (!strcmp(t->name, "redirect")) {
			if (r->redirect)
				return fail(r, N_("redirect= appears twice"), at);
			if (!t->arg_len)
				return fail(r, N_("redirect= needs a domain"), at);
			r->redirect = t;
		} else if (!strcmp(t->name, "exp") && !t->arg_len) {
			return fail(r, N_("exp= needs a domain"), at);
		}
	} else {
		if (!in(mechanisms, t->name))
			return fail(r, N_("an unknown mechanism (RFC 7208 knows all, include, a, mx, ptr, ip4, ip6, exists)"), at);
		bool needs_arg = !strcmp(t->name, "include") || !strcmp(t->name, "exists") ||
				 !strcmp(t->name, "ip4") || !strcmp(t->name, "ip6");
		if (needs_arg && (!t->arg_len || s[i] != ':'))
			return fail(r, N_("include, exists, ip4 and ip6 need a value after ':'"), at);
		if (!strcmp(t->name, "all")) {
			if (t->arg)
				return fail(r, N_("all takes no value"), at);
			r->all = t->qual;
		}
	}
	if (in(lookups, t->name) && (!modifier || !strcmp(t->name, "redirect"))) {
		t->lookup = true;
		r->lookups++;
	}
	r->nterms++;
	return 0;
}

int spf_parse(const char *s, size_t n, struct spf_record *r)
{
	memset(r, 0, sizeof *r);
	if (!spf_is_spf(s, n))
		return fail(r, N_("an SPF record starts with v=spf1"), 0);
	size_t i = 6;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		size_t start = i;
		while (i < n && s[i] != ' ')
			i++;
		if (i == start)
			break;
		if (r->nterms == SPF_MAX_TERMS)
			return fail(r, N_("too many terms"), start);
		for (size_t k = start; k < i; k++)
			if ((unsigned char)s[k] < ' ' || (unsigned char)s[k] >= 0x7f)
				return fail(r, N_("a character SPF does not allow"), start);
		if (term(r, s + start, i - start, start) < 0)
			return -1;
	}
	return 0;
}
