/* SOCKS5, HTTP CONNECT and PROXY protocol bytes (see path_proto.h). */
#include "smtpdbg/path_proto.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* ---- the proxy URL ---------------------------------------------------- */

const char *path_proxy_name(int kind)
{
	switch (kind) {
	case PATH_PROXY_SOCKS5: return "socks5";
	case PATH_PROXY_SOCKS5H: return "socks5h";
	case PATH_PROXY_HTTP: return "http";
	default: return "none";
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* %XX decoding of the user and password; NULL on a bad escape or NUL. */
static char *unpercent(const char *p, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '%') {
			*o++ = p[i];
			continue;
		}
		if (i + 2 >= n) {
			free(out);
			return NULL;
		}
		int a = hexval(p[i + 1]), b = hexval(p[i + 2]);
		if (a < 0 || b < 0 || (a == 0 && b == 0)) {
			free(out);
			return NULL;
		}
		*o++ = (char)(a * 16 + b);
		i += 2;
	}
	*o = 0;
	return out;
}

static bool valid_port(const char *p, size_t n)
{
	if (n == 0 || n > 5)
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return false;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

int path_url_parse(const char *url, struct path_url *u, struct buf *why)
{
	memset(u, 0, sizeof *u);
	static const struct { const char *scheme; int kind; const char *port; } schemes[] = {
		{"socks5h://", PATH_PROXY_SOCKS5H, "1080"},
		{"socks5://", PATH_PROXY_SOCKS5, "1080"},
		{"http://", PATH_PROXY_HTTP, "8080"},
	};
	const char *rest = NULL, *defport = NULL;
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		size_t n = strlen(schemes[i].scheme);
		if (!strncasecmp(url, schemes[i].scheme, n)) {
			u->kind = schemes[i].kind;
			rest = url + n;
			defport = schemes[i].port;
			break;
		}
	}
	if (!rest) {
		buf_adds(why, _("the proxy must be socks5h://HOST:PORT, socks5://HOST:PORT or "
				"http://HOST:PORT"));
		return -1;
	}
	size_t len = strcspn(rest, "/?#");
	if (rest[len] == '/' && rest[len + 1] == 0) /* a trailing slash is harmless */
		;
	else if (rest[len]) {
		buf_adds(why, _("the proxy URL has a path or query: give only HOST:PORT"));
		return -1;
	}
	const char *at = memchr(rest, '@', len);
	if (at) {
		const char *colon = memchr(rest, ':', (size_t)(at - rest));
		size_t ulen = colon ? (size_t)(colon - rest) : (size_t)(at - rest);
		u->user = unpercent(rest, ulen);
		if (colon)
			u->password = unpercent(colon + 1, (size_t)(at - colon - 1));
		if (!u->user || (colon && !u->password) || !*u->user) {
			buf_adds(why, _("the proxy URL's user or password is empty or badly percent-encoded"));
			path_url_free(u);
			return -1;
		}
		len -= (size_t)(at + 1 - rest);
		rest = at + 1;
	}
	const char *host = rest, *port = NULL;
	size_t hlen, plen = 0;
	if (*rest == '[') {
		const char *end = memchr(rest, ']', len);
		if (!end) {
			buf_adds(why, _("the proxy URL has an unclosed [ in its address"));
			path_url_free(u);
			return -1;
		}
		host = rest + 1;
		hlen = (size_t)(end - host);
		if (end + 1 < rest + len) {
			if (end[1] != ':') {
				buf_adds(why, _("the proxy URL has text after its ]"));
				path_url_free(u);
				return -1;
			}
			port = end + 2;
			plen = (size_t)(rest + len - port);
		}
	} else {
		const char *colon = memchr(rest, ':', len);
		hlen = colon ? (size_t)(colon - rest) : len;
		if (colon) {
			port = colon + 1;
			plen = (size_t)(rest + len - port);
		}
	}
	if (port && plen && port[plen - 1] == '/')
		plen--;
	else if (!port && hlen && host[hlen - 1] == '/')
		hlen--;
	if (hlen == 0) {
		buf_adds(why, _("the proxy URL names no host"));
		path_url_free(u);
		return -1;
	}
	if (port && !valid_port(port, plen)) {
		buf_adds(why, _("the proxy URL's port must be a number from 1 to 65535"));
		path_url_free(u);
		return -1;
	}
	u->host = xstrndup(host, hlen);
	u->port = port ? xstrndup(port, plen) : xstrdup(defport);
	return 0;
}

void path_url_free(struct path_url *u)
{
	free(u->user);
	if (u->password) {
		memset(u->password, 0, strlen(u->password));
		free(u->password);
	}
	free(u->host);
	free(u->port);
	memset(u, 0, sizeof *u);
}

/* ---- SOCKS5 ----------------------------------------------------------- */

static const char *socks5_reply_text(unsigned code)
{
	static const char *const texts[] = {
		N_("succeeded"),
		N_("general SOCKS server failure"),
		N_("connection not allowed by the proxy's rules"),
		N_("network unreachable"),
		N_("host unreachable"),
		N_("connection refused by the server"),
		N_("TTL expired"),
		N_("command not supported"),
		N_("address type not supported"),
	};
	return code < sizeof texts / sizeof *texts ? _(texts[code]) : _("unknown error code");
}

void socks5_greeting(struct buf *out, bool with_auth)
{
	const uint8_t with[] = {5, 2, 0, 2}, without[] = {5, 1, 0};
	if (with_auth)
		buf_add(out, with, sizeof with);
	else
		buf_add(out, without, sizeof without);
}

enum path_parse socks5_parse_method(const uint8_t *p, size_t n, bool with_auth, int *method,
				    size_t *used, struct buf *why)
{
	if (n < 2)
		return PATH_MORE;
	*used = 2;
	if (p[0] != 5) {
		buf_printf(why, _("the proxy does not speak SOCKS5 (its first byte is 0x%02x)"), p[0]);
		return PATH_BAD;
	}
	if (p[1] == 0xff) {
		buf_adds(why, with_auth ? _("the SOCKS proxy accepts none of the offered methods "
					    "(no authentication, username/password)")
					: _("the SOCKS proxy wants authentication: add the user to "
					    "the URL or --proxy-user"));
		return PATH_BAD;
	}
	if (p[1] != 0 && !(p[1] == 2 && with_auth)) {
		buf_printf(why, _("the SOCKS proxy chose method %u, which was not offered"), p[1]);
		return PATH_BAD;
	}
	*method = p[1];
	return PATH_DONE;
}

int socks5_auth_request(struct buf *out, const char *user, const char *password)
{
	size_t ul = strlen(user), pl = password ? strlen(password) : 0;
	if (ul == 0 || ul > 255 || pl > 255)
		return -1;
	buf_addc(out, 1);
	buf_addc(out, (char)ul);
	buf_add(out, user, ul);
	buf_addc(out, (char)pl);
	buf_add(out, password ? password : "", pl);
	return 0;
}

enum path_parse socks5_parse_auth(const uint8_t *p, size_t n, size_t *used, struct buf *why)
{
	if (n < 2)
		return PATH_MORE;
	*used = 2;
	if (p[0] != 1) {
		buf_printf(why, _("the SOCKS proxy's answer to the login has version %u, not 1"),
			   p[0]);
		return PATH_BAD;
	}
	if (p[1] != 0) {
		buf_adds(why, _("the SOCKS proxy refused the user name and password"));
		return PATH_BAD;
	}
	return PATH_DONE;
}

int socks5_connect_request(struct buf *out, const char *host, const char *port)
{
	if (!valid_port(port, strlen(port)))
		return -1;
	unsigned pn = (unsigned)atoi(port);
	uint8_t a[16];
	const uint8_t head[] = {5, 1, 0};
	size_t hl = strlen(host);
	if (inet_pton(AF_INET, host, a) == 1) {
		buf_add(out, head, 3);
		buf_addc(out, 1);
		buf_add(out, a, 4);
	} else if (inet_pton(AF_INET6, host, a) == 1) {
		buf_add(out, head, 3);
		buf_addc(out, 4);
		buf_add(out, a, 16);
	} else {
		if (hl == 0 || hl > 255)
			return -1;
		buf_add(out, head, 3);
		buf_addc(out, 3);
		buf_addc(out, (char)hl);
		buf_add(out, host, hl);
	}
	buf_addc(out, (char)(pn >> 8));
	buf_addc(out, (char)(pn & 0xff));
	return 0;
}

enum path_parse socks5_parse_connect(const uint8_t *p, size_t n, size_t *used, char *bound,
				     size_t bound_size, struct buf *why)
{
	if (n < 5)
		return PATH_MORE;
	if (p[0] != 5) {
		*used = n;
		buf_printf(why, _("the SOCKS proxy's reply has version %u, not 5"), p[0]);
		return PATH_BAD;
	}
	size_t need;
	switch (p[3]) {
	case 1: need = 4 + 4 + 2; break;
	case 4: need = 4 + 16 + 2; break;
	case 3: need = 4 + 1 + (size_t)p[4] + 2; break;
	default:
		*used = n;
		buf_printf(why, _("the SOCKS proxy's reply has an unknown address type %u"), p[3]);
		return PATH_BAD;
	}
	if (p[1] != 0) { /* a refusal: the address that follows does not matter */
		*used = n < need ? n : need;
		buf_printf(why, _("the SOCKS proxy could not connect: %s (code %u)"),
			   socks5_reply_text(p[1]), p[1]);
		return PATH_BAD;
	}
	if (n < need)
		return PATH_MORE;
	*used = need;
	unsigned port = (unsigned)p[need - 2] << 8 | p[need - 1];
	char addr[INET6_ADDRSTRLEN] = "";
	if (p[3] == 1)
		inet_ntop(AF_INET, p + 4, addr, sizeof addr);
	else if (p[3] == 4)
		inet_ntop(AF_INET6, p + 4, addr, sizeof addr);
	if (bound_size) {
		if (p[3] == 3) { /* a name: shown only as printable ASCII */
			size_t k = 0;
			for (size_t i = 0; i < p[4] && k + 1 < sizeof addr; i++)
				addr[k++] = p[5 + i] > 32 && p[5 + i] < 127 ? (char)p[5 + i] : '?';
			addr[k] = 0;
		}
		snprintf(bound, bound_size, p[3] == 4 ? "[%s]:%u" : "%s:%u", addr, port);
	}
	return PATH_DONE;
}

/* ---- HTTP CONNECT ----------------------------------------------------- */

void http_connect_request(struct buf *out, const char *host, const char *port,
			  const char *user, const char *password)
{
	bool v6 = strchr(host, ':') != NULL;
	const char *l = v6 ? "[" : "", *r = v6 ? "]" : "";
	buf_printf(out, "CONNECT %s%s%s:%s HTTP/1.1\r\nHost: %s%s%s:%s\r\n", l, host, r, port, l,
		   host, r, port);
	if (user) {
		struct buf cred;
		buf_init(&cred, 0);
		buf_printf(&cred, "%s:%s", user, password ? password : "");
		char *b = b64_encode(cred.data, cred.len);
		buf_printf(out, "Proxy-Authorization: Basic %s\r\n", b);
		memset(b, 0, strlen(b));
		free(b);
		buf_wipe_free(&cred);
	}
	buf_adds(out, "\r\n");
}

#define HTTP_HEAD_MAX 16384

/* The status line, printable, for a message. */
static void quote_line(struct buf *why, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n && i < 200 && p[i] != '\r' && p[i] != '\n'; i++)
		buf_addc(why, p[i] >= 32 && p[i] < 127 ? (char)p[i] : '?');
}

enum path_parse http_parse_connect(const uint8_t *p, size_t n, size_t *used, int *status,
				   struct buf *why)
{
	/* The head ends at an empty line (CRLF CRLF, or LF LF from a lax proxy). */
	size_t end = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\n')
			continue;
		if (i + 1 < n && p[i + 1] == '\n') {
			end = i + 2;
			break;
		}
		if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') {
			end = i + 3;
			break;
		}
	}
	if (!end) {
		if (n >= HTTP_HEAD_MAX) {
			*used = n;
			buf_printf(why, _("the HTTP proxy's reply head is longer than %d bytes"),
				   HTTP_HEAD_MAX);
			return PATH_BAD;
		}
		/* A first line that is not HTTP at all fails at its end (or
		 * once long enough to quote), not at the head's. */
		if (n >= 5 && memcmp(p, "HTTP/", 5) && (memchr(p, '\n', n) || n >= 80)) {
			*used = n;
			buf_adds(why, _("the proxy does not answer in HTTP: "));
			quote_line(why, p, n);
			return PATH_BAD;
		}
		return PATH_MORE;
	}
	*used = end;
	/* "HTTP/1.x NNN reason" */
	if (end < 12 || memcmp(p, "HTTP/1.", 7) || !isdigit(p[7]) || p[8] != ' ' ||
	    !isdigit(p[9]) || !isdigit(p[10]) || !isdigit(p[11]) ||
	    (end > 12 && p[12] != ' ' && p[12] != '\r' && p[12] != '\n')) {
		buf_adds(why, _("the proxy does not answer in HTTP: "));
		quote_line(why, p, end);
		return PATH_BAD;
	}
	*status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	if (*status / 100 != 2) {
		if (*status == 407)
			buf_adds(why, _("the HTTP proxy wants authentication (407): add the user to "
					"the URL or --proxy-user; it said: "));
		else
			buf_adds(why, _("the HTTP proxy refused the tunnel: "));
		quote_line(why, p, end);
		return PATH_BAD;
	}
	return PATH_DONE;
}

/* ---- the PROXY protocol ----------------------------------------------- */

int proxy_header(struct buf *out, int version, const char *src, const char *src_port,
		 const char *dst, const char *dst_port, struct buf *why)
{
	uint8_t sa[16], da[16];
	int sf = inet_pton(AF_INET, src, sa) == 1 ? 4 : inet_pton(AF_INET6, src, sa) == 1 ? 6 : 0;
	int df = inet_pton(AF_INET, dst, da) == 1 ? 4 : inet_pton(AF_INET6, dst, da) == 1 ? 6 : 0;
	if (!sf || !df) {
		buf_printf(why, _("the PROXY header needs literal addresses, not %s"), sf ? dst : src);
		return -1;
	}
	if (sf != df) {
		buf_adds(why, _("the PROXY header's source and destination must both be IPv4 or "
				"both IPv6 (--proxy-source)"));
		return -1;
	}
	if (!valid_port(src_port, strlen(src_port)) || !valid_port(dst_port, strlen(dst_port))) {
		buf_adds(why, _("the PROXY header's ports must be numbers from 1 to 65535"));
		return -1;
	}
	unsigned sp = (unsigned)atoi(src_port), dp = (unsigned)atoi(dst_port);
	if (version == 1) {
		buf_printf(out, "PROXY TCP%d %s %s %u %u\r\n", sf, src, dst, sp, dp);
		return 0;
	}
	static const uint8_t sig[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
					0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
	size_t alen = sf == 4 ? 4 : 16;
	size_t len = 2 * alen + 4;
	buf_add(out, sig, sizeof sig);
	buf_addc(out, 0x21);                        /* version 2, PROXY */
	buf_addc(out, sf == 4 ? 0x11 : 0x21);       /* TCP over IPv4 / IPv6 */
	buf_addc(out, (char)(len >> 8));
	buf_addc(out, (char)(len & 0xff));
	buf_add(out, sa, alen);
	buf_add(out, da, alen);
	buf_addc(out, (char)(sp >> 8));
	buf_addc(out, (char)(sp & 0xff));
	buf_addc(out, (char)(dp >> 8));
	buf_addc(out, (char)(dp & 0xff));
	return 0;
}
