/* What `smtpdbg proxy` passes between a mail program and its server, and
 * the little it must change because it ends TLS on both sides. Pure: bytes
 * in, the bytes to forward and the lines to explain out; no socket, no
 * clock.
 *
 * Passed byte for byte: every command, SASL answer, message byte and
 * reply, except
 * - the upstream's EHLO reply: SCRAM-*-PLUS and EXTERNAL are taken out of
 *   its AUTH lines (channel binding and the client's certificate cannot
 *   cross a proxy that ends TLS), with a note saying so;
 * - the upstream's 220 to STARTTLS: held until the proxy's own TLS with
 *   the upstream is up (PROXY_UP_TLS), then passed on (proxy_relay_release);
 * - bytes sent after STARTTLS and before TLS, by either side: dropped and
 *   flagged (the CVE-2011-0411 class of injection).
 * It warns when the client sends AUTH on a leg without TLS. Lines are
 * bounded (PROXY_LINE_MAX): a longer one is passed on as it comes, its
 * shown form cut. */
#ifndef SMTPDBG_PROXY_RELAY_H
#define SMTPDBG_PROXY_RELAY_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"

#define PROXY_LINE_MAX (64 * 1024)
/* The EHLO reply is held whole to be filtered; past this it passes as is. */
#define PROXY_EHLO_MAX (256 * 1024)

enum proxy_party { PROXY_CLIENT, PROXY_SERVER };

struct proxy_relay_cb {
	/* A protocol line as it went (without its line end): a command, a
	 * SASL answer, a message line (body true, dot-stuffed as sent), a
	 * reply line as the server sent it. bare_lf: ended by LF alone. */
	void (*line)(void *arg, enum proxy_party who, const char *p, size_t n, bool body,
		     bool bare_lf);
	/* What the proxy changed or noticed; warn for a warning. */
	void (*note)(void *arg, bool warn, const char *text);
	void *arg;
};

enum proxy_act {
	PROXY_GO_ON,
	PROXY_UP_TLS, /* the upstream accepted STARTTLS: start TLS with it */
};

struct proxy_relay;

/* up_tls, down_tls: the legs already in TLS from the start (implicit). */
struct proxy_relay *proxy_relay_new(bool up_tls, bool down_tls, const struct proxy_relay_cb *cb);
void proxy_relay_free(struct proxy_relay *r);

/* Bytes from the client: what to send upstream is appended to up. */
void proxy_relay_client(struct proxy_relay *r, const void *p, size_t n, struct buf *up);
/* Bytes from the upstream: what to send the client is appended to down. */
enum proxy_act proxy_relay_server(struct proxy_relay *r, const void *p, size_t n,
				  struct buf *down);
/* TLS with the upstream is up: the held 220 is appended to down; start
 * TLS with the client once it is sent. */
void proxy_relay_release(struct proxy_relay *r, struct buf *down);
/* Both legs are in TLS after STARTTLS: the session starts over (EHLO). */
void proxy_relay_tls(struct proxy_relay *r);

/* Whether each leg is in TLS; whether a message is being sent. */
bool proxy_relay_up_tls(const struct proxy_relay *r);
bool proxy_relay_down_tls(const struct proxy_relay *r);
bool proxy_relay_in_body(const struct proxy_relay *r);
/* Whether the reply the client waits for is the one to its STARTTLS. */
bool proxy_relay_awaits_starttls(const struct proxy_relay *r);

/* The EHLO reply filter on its own, for one keyword line's text after
 * "250-"/"250 " (e.g. "AUTH PLAIN SCRAM-SHA-256-PLUS"): the text to keep
 * appended to out (empty when no mechanism is left), the mechanisms taken
 * out appended to removed (space-separated). Returns whether it changed. */
bool proxy_filter_auth(const char *p, size_t n, struct buf *out, struct buf *removed);

#endif
