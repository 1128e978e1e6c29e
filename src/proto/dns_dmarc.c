/* DMARC records (RFC 7489 §6.3): tag=value pairs; v=DMARC1 first, then a
 * policy p=. Unknown tags are ignored, as the RFC asks. */
#include <string.h>
#include <strings.h>

#include "smtpdbg/dns_records.h"
#include "smtpdbg/i18n.h"

static bool is_policy(const char *v, size_t n)
{
	return (n == 4 && !strncasecmp(v, "none", 4)) ||
	       (n == 10 && !strncasecmp(v, "quarantine", 10)) ||
	       (n == 6 && !strncasecmp(v, "reject", 6));
}

bool dmarc_is_dmarc(const char *s, size_t n)
{
	while (n && *s == ' ') {
		s++;
		n--;
	}
	if (n < 8 || strncasecmp(s, "v", 1))
		return false;
	size_t i = 1;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != '=')
		return false;
	i++;
	while (i < n && s[i] == ' ')
		i++;
	return n - i >= 6 && !strncmp(s + i, "DMARC1", 6) &&
	       (n - i == 6 || s[i + 6] == ';' || s[i + 6] == ' ');
}

static void trim(const char **p, size_t *n)
{
	while (*n && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static int fail(struct dmarc_record *d, const char *why)
{
	d->error = why;
	return -1;
}

int dmarc_parse(const char *s, size_t n, struct dmarc_record *d)
{
	memset(d, 0, sizeof *d);
	d->adkim = d->aspf = 'r';
	d->pct = 100;
	if (!dmarc_is_dmarc(s, n))
		return fail(d, N_("a DMARC record starts with v=DMARC1"));
	size_t i = 0;
	bool first = true;
	while (i < n) {
		size_t start = i;
		while (i < n && s[i] != ';')
			i++;
		const char *t = s + start;
		size_t tl = i - start;
		i++; /* past the ';' */
		trim(&t, &tl);
		if (!tl)
			continue;
		const char *eq = memchr(t, '=', tl);
		if (!eq)
			return fail(d, N_("a tag without '=' (tags are name=value; name=value)"));
		const char *k = t, *v = eq + 1;
		size_t kl = (size_t)(eq - t), vl = tl - kl - 1;
		trim(&k, &kl);
		trim(&v, &vl);
		if (first) { /* v=DMARC1, checked above */
			first = false;
			continue;
		}
		if (kl == 1 && *k == 'p') {
			if (!is_policy(v, vl))
				return fail(d, N_("p= must be none, quarantine or reject"));
			d->p = v;
			d->p_len = vl;
		} else if (kl == 2 && !strncmp(k, "sp", 2)) {
			if (!is_policy(v, vl))
				return fail(d, N_("sp= must be none, quarantine or reject"));
			d->sp = v;
			d->sp_len = vl;
		} else if (kl == 5 && !strncmp(k, "adkim", 5)) {
			if (vl != 1 || (*v != 'r' && *v != 's'))
				return fail(d, N_("adkim= and aspf= must be r (relaxed) or s (strict)"));
			d->adkim = *v;
		} else if (kl == 4 && !strncmp(k, "aspf", 4)) {
			if (vl != 1 || (*v != 'r' && *v != 's'))
				return fail(d, N_("adkim= and aspf= must be r (relaxed) or s (strict)"));
			d->aspf = *v;
		} else if (kl == 3 && !strncmp(k, "pct", 3)) {
			int pct = 0;
			for (size_t j = 0; j < vl; j++) {
				if (v[j] < '0' || v[j] > '9' || pct > 100)
					return fail(d, N_("pct= must be a number from 0 to 100"));
				pct = pct * 10 + (v[j] - '0');
			}
			if (!vl || pct > 100)
				return fail(d, N_("pct= must be a number from 0 to 100"));
			d->pct = pct;
		} else if (kl == 3 && !strncmp(k, "rua", 3)) {
			d->rua = v;
			d->rua_len = vl;
		} else if (kl == 3 && !strncmp(k, "ruf", 3)) {
			d->ruf = v;
			d->ruf_len = vl;
		}
	}
	if (!d->p)
		return fail(d, N_("no policy: p= must follow v=DMARC1"));
	return 0;
}
