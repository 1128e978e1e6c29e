/* The path to the server beyond a plain connect: a local address to
 * connect from, a SOCKS5 or HTTP CONNECT proxy, a PROXY protocol header.
 * The handshakes run in the caller's loop within the connect deadline. */
#ifndef SMTPDBG_NET_PATH_H
#define SMTPDBG_NET_PATH_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/loop.h"
#include "smtpdbg/path_proto.h"

struct net_path {
	const char *local_address;  /* connect from this address, or NULL */
	struct path_url proxy;      /* kind PATH_PROXY_NONE: straight to the server */
	int proxy_protocol;         /* 0: none; 1 or 2: send that header first */
	char *source_host, *source_port; /* the header's source; NULL: our own */
};

/* Whether anything has to happen between the TCP connect and SMTP. */
bool net_path_has_hop(const struct net_path *p);

/* Each step, for the transcript ("the proxy connected to ..."). */
typedef void (*net_hop_note_fn)(const char *note, void *arg);
/* Once: fd >= 0 carries SMTP to the server now; fd < 0: why. */
typedef void (*net_hop_fn)(int fd, const char *why, void *arg);

struct net_hop;
/* Take the connected socket fd (to the proxy when there is one) and talk
 * the path's handshakes towards host:port, within timeout_ms. fn runs
 * from the loop, never before this returns. */
struct net_hop *net_hop_start(struct loop *l, int fd, const struct net_path *p,
			      const char *host, const char *port, int64_t timeout_ms,
			      net_hop_note_fn note, net_hop_fn fn, void *arg);
/* Stop it and close the socket; fn is not called. */
void net_hop_cancel(struct net_hop *h);

#endif
