/* The classic relay tricks as addresses (after nmap's smtp-open-relay and
 * the old relay-test lists): each hides a foreign recipient where a careless
 * server takes it for a local one. */
#include "smtpdbg/relay_addr.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/xmalloc.h"

bool relay_is_hostname(const char *s, size_t n)
{
	if (n == 0 || n > 253 || s[0] == '-' || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return false;
	}
	return true;
}

char *relay_name_from_reply(const struct smtp_reply *r)
{
	if (!r || !r->nlines || (r->flags & RF_NO_ANSWER))
		return NULL;
	size_t n;
	const char *t = reply_line_text(&r->lines[0], &n);
	size_t w = 0;
	while (w < n && t[w] != ' ')
		w++;
	return relay_is_hostname(t, w) ? xstrndup(t, w) : NULL;
}

static bool is_ip(const char *s)
{
	unsigned char a[16];
	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

char *relay_peer_address(const char *peer)
{
	if (!peer)
		return NULL;
	char *s;
	if (peer[0] == '[') {
		const char *end = strchr(peer, ']');
		s = end ? xstrndup(peer + 1, (size_t)(end - peer - 1)) : xstrdup("");
	} else if (is_ip(peer)) {
		s = xstrdup(peer);
	} else {
		const char *colon = strrchr(peer, ':');
		s = colon ? xstrndup(peer, (size_t)(colon - peer)) : xstrdup(peer);
	}
	if (!is_ip(s)) {
		free(s);
		return NULL;
	}
	return s;
}

char *relay_address_literal(const char *ip)
{
	unsigned char a[16];
	bool v4 = inet_pton(AF_INET, ip, a) == 1;
	size_t n = strlen(ip) + 8;
	char *s = xmalloc(n);
	snprintf(s, n, v4 ? "[%s]" : "[IPv6:%s]", ip);
	return s;
}

bool relay_address_local(const char *ip)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, ip, a) == 1)
		return a[0] == 127 || a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
		       (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254);
	if (inet_pton(AF_INET6, ip, a) != 1)
		return false;
	static const unsigned char loop6[16] = {[15] = 1};
	static const unsigned char mapped[12] = {[10] = 0xff, [11] = 0xff};
	if (!memcmp(a, mapped, sizeof mapped)) { /* ::ffff:a.b.c.d */
		char v4[INET_ADDRSTRLEN];
		return inet_ntop(AF_INET, a + 12, v4, sizeof v4) && relay_address_local(v4);
	}
	return !memcmp(a, loop6, 16) || (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
	struct buf out;
	va_list ap;
	buf_init(&out, 0);
	va_start(ap, f);
	buf_vprintf(&out, f, ap);
	va_end(ap);
	return buf_steal(&out);
}

void relay_trick_addresses(enum relay_trick t, const char *from, const char *to,
			   const char *domain, const char *literal, char **mail, char **rcpt)
{
	const char *at = strrchr(to, '@');
	char *user = xstrndup(to, at ? (size_t)(at - to) : strlen(to));
	const char *rdom = at ? at + 1 : "";
	const char *fat = strrchr(from, '@');
	char *fuser = xstrndup(from, fat ? (size_t)(fat - from) : strlen(from));

	*mail = xstrdup(from);
	switch (t) {
	case RELAY_TRICK_NULL_SENDER:
		free(*mail);
		*mail = xstrdup("");
		*rcpt = xstrdup(to);
		break;
	case RELAY_TRICK_OWN_SENDER:
		free(*mail);
		*mail = fmt("%s@%s", fuser, domain);
		*rcpt = xstrdup(to);
		break;
	case RELAY_TRICK_PERCENT:
		*rcpt = fmt("%s%%%s@%s", user, rdom, domain);
		break;
	case RELAY_TRICK_BANG_AT:
		*rcpt = fmt("%s!%s@%s", rdom, user, domain);
		break;
	case RELAY_TRICK_BANG:
		*rcpt = fmt("%s!%s", rdom, user);
		break;
	case RELAY_TRICK_QUOTED_AT:
		*rcpt = fmt("\"%s@%s\"@%s", user, rdom, domain);
		break;
	case RELAY_TRICK_QUOTED:
		*rcpt = fmt("\"%s@%s\"", user, rdom);
		break;
	case RELAY_TRICK_ROUTE:
		*rcpt = fmt("@%s:%s", domain, to);
		break;
	case RELAY_TRICK_PERCENT_IP:
		*rcpt = fmt("%s%%%s@%s", user, rdom, literal);
		break;
	case RELAY_TRICK_ROUTE_IP:
		*rcpt = fmt("@%s:%s", literal, to);
		break;
	case RELAY_TRICK_PLAIN:
	case RELAY_TRICK_COUNT:
		*rcpt = xstrdup(to);
		break;
	}
	free(user);
	free(fuser);
}
