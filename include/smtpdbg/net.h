/* Name resolution and non-blocking TCP connect. Every wait has a deadline
 * and runs inside the caller's loop, so the user can always cancel. */
#ifndef SMTPDBG_NET_H
#define SMTPDBG_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/loop.h"

/* Split "host", "host:port", "[v6]:port" or "v6" into host and port
 * (default_port when absent). Returns 0, or -1 with a message in err. */
int net_split_hostport(const char *arg, const char *default_port, char **host,
		       char **port, struct buf *err);

struct net_connect;

/* Called once: fd >= 0 is a connected non-blocking socket the callee now
 * owns; fd < 0 means failure and why says why (every address tried is
 * named). peer is the numeric address connected to ("127.0.0.1:10587"). */
typedef void (*net_connect_fn)(int fd, const char *peer, const char *why, void *arg);

/* Resolve host (family AF_UNSPEC, AF_INET or AF_INET6) and connect to each
 * address in turn. The lookup runs in the loop (c-ares: /etc/hosts, then
 * DNS), never blocking it, and is limited to timeout_ms as a whole; a
 * numeric address needs no lookup. Each connect try is limited to
 * timeout_ms too (timeout_ms <= 0: no limit of ours). fn may run later
 * from the loop, or before this returns: then the result is NULL (e.g. a
 * literal address of the wrong family, a name /etc/hosts answers but no
 * socket opens). Otherwise it returns a handle to cancel with
 * net_connect_cancel. */
struct net_connect *net_connect_start(struct loop *l, const char *host, const char *port,
				      int family, int64_t timeout_ms, net_connect_fn fn,
				      void *arg);
/* The same, connecting from the numeric address local (NULL: any);
 * addresses of the server in another family are skipped with a note. */
struct net_connect *net_connect_from(struct loop *l, const char *host, const char *port,
				     int family, const char *local, int64_t timeout_ms,
				     net_connect_fn fn, void *arg);
/* Stop an unfinished connect or lookup (its sockets closed and unwatched);
 * fn is not called. */
void net_connect_cancel(struct net_connect *c);

/* The DNS server every later lookup asks, process-wide: "ADDR",
 * "ADDR:PORT" or "[v6]:PORT" (port 53 by default), an address and not a
 * name; NULL: the system's (/etc/resolv.conf). /etc/hosts is still read
 * first. Returns 0, or -1 with a message in err (the setting is kept). */
int net_set_resolver(const char *addr, struct buf *err);
/* That server as c-ares takes it ("127.0.0.1:53", "[::1]:53"), or NULL. */
const char *net_resolver(void);

#endif
