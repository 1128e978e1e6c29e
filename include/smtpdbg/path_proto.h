/* The wire formats on the path to the server, pure (no I/O): the SOCKS5
 * (RFC 1928, RFC 1929) and HTTP CONNECT (RFC 9110 9.3.6) handshakes and
 * the HAProxy PROXY protocol header (v1 text, v2 binary). Requests are
 * built into a buffer; replies are parsed from the bytes received so far,
 * so a driver can peek, parse and take exactly what the proxy said. */
#ifndef SMTPDBG_PATH_PROTO_H
#define SMTPDBG_PATH_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"

enum path_proxy { PATH_PROXY_NONE, PATH_PROXY_SOCKS5, PATH_PROXY_SOCKS5H, PATH_PROXY_HTTP };

/* A proxy URL: socks5h://[USER[:PASS]@]HOST[:PORT], socks5://..., http://...
 * (port 1080 by default for SOCKS, 8080 for HTTP). Strings are malloc'd. */
struct path_url {
	int kind; /* enum path_proxy */
	char *user, *password, *host, *port;
};
/* Returns 0, or -1 with a message in why. */
int path_url_parse(const char *url, struct path_url *u, struct buf *why);
void path_url_free(struct path_url *u);
/* "socks5h", "socks5", "http" */
const char *path_proxy_name(int kind);

/* A reply parser's answer: more bytes needed, done (*used bytes are the
 * reply's), or the proxy broke the protocol or refused (why says how). */
enum path_parse { PATH_MORE = 0, PATH_DONE = 1, PATH_BAD = -1 };

/* SOCKS5: the greeting offers "no authentication" and, with a user,
 * username/password (RFC 1929). */
void socks5_greeting(struct buf *out, bool with_auth);
/* The method the server chose: 0 none, 2 username/password. */
enum path_parse socks5_parse_method(const uint8_t *p, size_t n, bool with_auth, int *method,
				    size_t *used, struct buf *why);
/* Returns -1 (nothing built) when user or password exceed 255 bytes. */
int socks5_auth_request(struct buf *out, const char *user, const char *password);
enum path_parse socks5_parse_auth(const uint8_t *p, size_t n, size_t *used, struct buf *why);
/* CONNECT to host (a literal IPv4/IPv6 address is sent as one; a name as a
 * name, resolved by the proxy). Returns -1 for a name over 255 bytes or a
 * port that is not a number 1..65535. */
int socks5_connect_request(struct buf *out, const char *host, const char *port);
/* bound: the address the proxy connected from, numeric ("10.0.0.1:4711"). */
enum path_parse socks5_parse_connect(const uint8_t *p, size_t n, size_t *used, char *bound,
				     size_t bound_size, struct buf *why);

/* HTTP CONNECT host:port; with user, Basic proxy authorization. */
void http_connect_request(struct buf *out, const char *host, const char *port,
			  const char *user, const char *password);
/* The reply head up to its empty line (at most 16 KiB); 2xx is done, any
 * other status is PATH_BAD with the status line in why; *status is set
 * whenever a status line was read. */
enum path_parse http_parse_connect(const uint8_t *p, size_t n, size_t *used, int *status,
				   struct buf *why);

/* The PROXY protocol header for a TCP connection from src to dst (both
 * numeric "ADDR" with ports). Returns -1 with why when the addresses are
 * not literal or not of one family. */
int proxy_header(struct buf *out, int version, const char *src, const char *src_port,
		 const char *dst, const char *dst_port, struct buf *why);

#endif
