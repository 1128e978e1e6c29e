/* The path's wire formats against their specifications: SOCKS5 (RFC 1928,
 * RFC 1929), HTTP CONNECT (RFC 9110 9.3.6), the PROXY protocol (HAProxy's
 * proxy-protocol.txt: v1 text, v2 binary), and the proxy URL. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/path_proto.h"

static struct buf out, why;

static void setup(void)
{
	buf_init(&out, 0);
	buf_init(&why, 0);
}

static void teardown(void)
{
	buf_free(&out);
	buf_free(&why);
}

TestSuite(path_proto, .init = setup, .fini = teardown);

#define BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

static void expect_out(const uint8_t *want, size_t n)
{
	cr_assert_eq(out.len, n, "length %zu, want %zu", out.len, n);
	cr_assert(!memcmp(out.data, want, n));
}

Test(path_proto, url_forms)
{
	struct path_url u;
	cr_assert_eq(path_url_parse("socks5h://proxy.example:1080", &u, &why), 0);
	cr_assert_eq(u.kind, PATH_PROXY_SOCKS5H);
	cr_assert_str_eq(u.host, "proxy.example");
	cr_assert_str_eq(u.port, "1080");
	cr_assert_null(u.user);
	path_url_free(&u);

	cr_assert_eq(path_url_parse("SOCKS5://[2001:db8::1]", &u, &why), 0);
	cr_assert_eq(u.kind, PATH_PROXY_SOCKS5);
	cr_assert_str_eq(u.host, "2001:db8::1");
	cr_assert_str_eq(u.port, "1080");
	path_url_free(&u);

	cr_assert_eq(path_url_parse("http://al%40ice:p%3Ass@10.0.0.1:3128/", &u, &why), 0);
	cr_assert_eq(u.kind, PATH_PROXY_HTTP);
	cr_assert_str_eq(u.user, "al@ice");
	cr_assert_str_eq(u.password, "p:ss");
	cr_assert_str_eq(u.host, "10.0.0.1");
	cr_assert_str_eq(u.port, "3128");
	path_url_free(&u);

	cr_assert_eq(path_url_parse("http://h", &u, &why), 0);
	cr_assert_str_eq(u.port, "8080");
	path_url_free(&u);
}

Test(path_proto, url_refused)
{
	const char *bad[] = {"https://h:1", "h:1080", "socks4://h", "socks5h://", "socks5h://h:0",
			     "socks5h://h:65536", "socks5h://h:x", "http://h:1/path",
			     "http://u%zz@h", "http://u%00@h", "http://@h", "socks5h://[::1",
			     "socks5h://[::1]x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct path_url u;
		buf_reset(&why);
		cr_assert_eq(path_url_parse(bad[i], &u, &why), -1, "%s accepted", bad[i]);
		cr_assert_gt(why.len, 0);
		cr_assert_null(u.host);
	}
}

/* RFC 1928 section 3: VER NMETHODS METHODS; 0 = none, 2 = username/password. */
Test(path_proto, socks5_greeting)
{
	socks5_greeting(&out, false);
	expect_out(BYTES(5, 1, 0));
	buf_reset(&out);
	socks5_greeting(&out, true);
	expect_out(BYTES(5, 2, 0, 2));
}

Test(path_proto, socks5_method)
{
	int m = -1;
	size_t used = 0;
	cr_assert_eq(socks5_parse_method(BYTES(5), false, &m, &used, &why), PATH_MORE);
	cr_assert_eq(socks5_parse_method(BYTES(5, 0), false, &m, &used, &why), PATH_DONE);
	cr_assert_eq(m, 0);
	cr_assert_eq(used, 2);
	cr_assert_eq(socks5_parse_method(BYTES(5, 2), true, &m, &used, &why), PATH_DONE);
	cr_assert_eq(m, 2);
	/* Username/password chosen though not offered; no method acceptable;
	 * not SOCKS5 at all (an SMTP greeting, say). */
	cr_assert_eq(socks5_parse_method(BYTES(5, 2), false, &m, &used, &why), PATH_BAD);
	cr_assert_eq(socks5_parse_method(BYTES(5, 0xff), true, &m, &used, &why), PATH_BAD);
	cr_assert_eq(socks5_parse_method((const uint8_t *)"220 ", 4, false, &m, &used, &why),
		     PATH_BAD);
	cr_assert(strstr(why.data, "0x32"));
}

/* RFC 1929 section 2: VER=1 ULEN UNAME PLEN PASSWD; STATUS 0 is success. */
Test(path_proto, socks5_auth)
{
	cr_assert_eq(socks5_auth_request(&out, "bob", "pw"), 0);
	expect_out(BYTES(1, 3, 'b', 'o', 'b', 2, 'p', 'w'));
	char longname[300];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	buf_reset(&out);
	cr_assert_eq(socks5_auth_request(&out, longname, "pw"), -1);
	cr_assert_eq(out.len, 0);
	size_t used;
	cr_assert_eq(socks5_parse_auth(BYTES(1, 0), &used, &why), PATH_DONE);
	cr_assert_eq(socks5_parse_auth(BYTES(1, 1), &used, &why), PATH_BAD);
	cr_assert_eq(socks5_parse_auth(BYTES(1), &used, &why), PATH_MORE);
}

/* RFC 1928 section 4: VER CMD=1 RSV ATYP DST.ADDR DST.PORT. */
Test(path_proto, socks5_connect_request)
{
	cr_assert_eq(socks5_connect_request(&out, "192.0.2.1", "25"), 0);
	expect_out(BYTES(5, 1, 0, 1, 192, 0, 2, 1, 0, 25));
	buf_reset(&out);
	cr_assert_eq(socks5_connect_request(&out, "2001:db8::1", "587"), 0);
	expect_out(BYTES(5, 1, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
			 0x02, 0x4b));
	buf_reset(&out);
	cr_assert_eq(socks5_connect_request(&out, "mx.example", "465"), 0);
	expect_out(BYTES(5, 1, 0, 3, 10, 'm', 'x', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x01,
			 0xd1));
	buf_reset(&out);
	cr_assert_eq(socks5_connect_request(&out, "mx.example", "0"), -1);
}

/* RFC 1928 section 6: VER REP RSV ATYP BND.ADDR BND.PORT. */
Test(path_proto, socks5_connect_reply)
{
	char bound[80];
	size_t used = 0;
	const uint8_t ok4[] = {5, 0, 0, 1, 10, 0, 0, 7, 0x12, 0x67, 'X'};
	for (size_t n = 0; n < 10; n++)
		cr_assert_eq(socks5_parse_connect(ok4, n, &used, bound, sizeof bound, &why),
			     PATH_MORE, "%zu bytes", n);
	cr_assert_eq(socks5_parse_connect(ok4, sizeof ok4, &used, bound, sizeof bound, &why),
		     PATH_DONE);
	cr_assert_eq(used, 10); /* not the server's byte after it */
	cr_assert_str_eq(bound, "10.0.0.7:4711");

	cr_assert_eq(socks5_parse_connect(BYTES(5, 0, 0, 4, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0,
						0, 0, 0, 0, 0, 2, 0, 25),
					  &used, bound, sizeof bound, &why),
		     PATH_DONE);
	cr_assert_str_eq(bound, "[2001:db8::2]:25");

	cr_assert_eq(socks5_parse_connect(BYTES(5, 0, 0, 3, 3, 'a', 0x01, 'c', 0, 25), &used, bound,
					  sizeof bound, &why),
		     PATH_DONE);
	cr_assert_str_eq(bound, "a?c:25");

	/* X'05' connection refused: the reason, named. */
	cr_assert_eq(socks5_parse_connect(BYTES(5, 5, 0, 1, 0, 0, 0, 0, 0, 0), &used, bound,
					  sizeof bound, &why),
		     PATH_BAD);
	cr_assert(strstr(why.data, "refused"), "%s", why.data);
	cr_assert(strstr(why.data, "code 5"));
	buf_reset(&why);
	cr_assert_eq(socks5_parse_connect(BYTES(4, 90, 0, 0, 0), &used, bound, sizeof bound, &why),
		     PATH_BAD);
	cr_assert_eq(socks5_parse_connect(BYTES(5, 0, 0, 9, 0), &used, bound, sizeof bound, &why),
		     PATH_BAD);
}

Test(path_proto, http_request)
{
	http_connect_request(&out, "mx.example", "25", NULL, NULL);
	buf_addc(&out, 0);
	cr_assert_str_eq(out.data, "CONNECT mx.example:25 HTTP/1.1\r\nHost: mx.example:25\r\n\r\n");
	buf_reset(&out);
	/* RFC 7617's example credentials. */
	http_connect_request(&out, "2001:db8::1", "587", "Aladdin", "open sesame");
	buf_addc(&out, 0);
	cr_assert_str_eq(out.data, "CONNECT [2001:db8::1]:587 HTTP/1.1\r\n"
				   "Host: [2001:db8::1]:587\r\n"
				   "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n");
}

static enum path_parse http(const char *s, size_t *used, int *status)
{
	buf_reset(&why);
	return http_parse_connect((const uint8_t *)s, strlen(s), used, status, &why);
}

Test(path_proto, http_reply)
{
	size_t used = 0;
	int status = 0;
	cr_assert_eq(http("HTTP/1.1 200 Connection established\r\n", &used, &status), PATH_MORE);
	const char *ok = "HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\n220 mx";
	cr_assert_eq(http(ok, &used, &status), PATH_DONE);
	cr_assert_eq(status, 200);
	cr_assert_eq(used, strlen(ok) - strlen("220 mx"));
	cr_assert_eq(http("HTTP/1.0 200\n\n", &used, &status), PATH_DONE);
	cr_assert_eq(http("HTTP/1.0 403 Forbidden\r\n\r\n", &used, &status), PATH_BAD);
	cr_assert_eq(status, 403);
	cr_assert(strstr(why.data, "HTTP/1.0 403 Forbidden"));
	cr_assert_eq(http("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", &used, &status),
		     PATH_BAD);
	cr_assert(strstr(why.data, "407"));
	/* Not HTTP: said at once, before any line end. */
	cr_assert_eq(http("220 mx.example ESMTP", &used, &status), PATH_MORE);
	cr_assert_eq(http("220 mx.example ESMTP\r\n", &used, &status), PATH_BAD);
	cr_assert(strstr(why.data, "220 mx.example"));
	cr_assert_eq(http("HTTP/1.1 2x0 OK\r\n\r\n", &used, &status), PATH_BAD);
}

Test(path_proto, http_reply_bounded)
{
	size_t n = 20000, used = 0;
	uint8_t *p = malloc(n);
	memcpy(p, "HTTP/1.1 200 OK\r\nX: ", 20);
	memset(p + 20, 'a', n - 20);
	int status = 0;
	cr_assert_eq(http_parse_connect(p, n, &used, &status, &why), PATH_BAD);
	cr_assert(strstr(why.data, "16384"));
	free(p);
}

/* proxy-protocol.txt section 2.1, the v1 examples. */
Test(path_proto, proxy_v1)
{
	cr_assert_eq(proxy_header(&out, 1, "192.168.0.1", "56324", "192.168.0.11", "443", &why), 0);
	buf_addc(&out, 0);
	cr_assert_str_eq(out.data, "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
	buf_reset(&out);
	cr_assert_eq(proxy_header(&out, 1, "2001:db8::1", "4711", "::1", "25", &why), 0);
	buf_addc(&out, 0);
	cr_assert_str_eq(out.data, "PROXY TCP6 2001:db8::1 ::1 4711 25\r\n");
}

/* Section 2.2: the 12-byte signature, 0x21 (v2, PROXY), 0x11 (TCP over
 * IPv4), length 12, source, destination, source port, destination port. */
Test(path_proto, proxy_v2)
{
	cr_assert_eq(proxy_header(&out, 2, "192.0.2.7", "4711", "127.0.0.1", "25", &why), 0);
	expect_out(BYTES(0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
			 0x21, 0x11, 0, 12, 192, 0, 2, 7, 127, 0, 0, 1, 0x12, 0x67, 0, 25));
	buf_reset(&out);
	cr_assert_eq(proxy_header(&out, 2, "2001:db8::7", "1", "::1", "2", &why), 0);
	cr_assert_eq(out.len, 16 + 36);
	cr_assert_eq((uint8_t)out.data[13], 0x21);
	cr_assert_eq((uint8_t)out.data[15], 36);
}

Test(path_proto, proxy_refused)
{
	cr_assert_eq(proxy_header(&out, 1, "192.0.2.7", "1", "::1", "25", &why), -1);
	cr_assert_eq(proxy_header(&out, 2, "mx.example", "1", "::1", "25", &why), -1);
	cr_assert_eq(proxy_header(&out, 2, "192.0.2.7", "0", "127.0.0.1", "25", &why), -1);
	cr_assert_eq(out.len, 0);
}
