/* One mail program's session through `smtpdbg proxy`: the accepted client
 * connection, the connection to the one upstream, TLS on both (the
 * upstream verified as `run` verifies, the client shown a certificate of
 * the proxy's CA), the relay between them (proxy_relay.h) and what is told
 * about it (proxy_log.h). Runs in the caller's loop. */
#ifndef SMTPDBG_PROXY_SESSION_H
#define SMTPDBG_PROXY_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/loop.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/serve_watch.h"
#include "smtpdbg/tls.h"
#include "smtpdbg/tls_server.h"
#include "smtpdbg/transcript_file.h"

struct net_path;

struct proxy_session_opts {
	struct loop *loop;
	const char *host, *port;   /* the upstream */
	/* --mx: the upstream's MX hosts, tried in turn by every session (a
	 * failed connect moves on to the next); n_mx 0: host itself. */
	const char *const *mx_hosts;
	size_t n_mx;
	int family;
	const struct net_path *path; /* a source address, a proxy, a PROXY header; or NULL */
	int timeout_s;             /* connecting and the TLS handshake */
	bool up_tls;               /* implicit TLS upstream */
	struct tls_opts tls;       /* how the upstream is verified */
	struct tls_server *down;   /* the certificate shown to the client */
	const char *down_desc;     /* ... in words (lines) */
	bool down_tls;             /* implicit TLS with the client */
	FILE *out;                 /* the narration, or NULL */
	struct serve_watch *watch; /* the TUI's list of sessions (as serve --watch), or NULL */
	struct narrate_opts no;
	/* Each transcript record, or NULL. */
	void (*record)(void *arg, const struct tf_record *r);
	/* The session is over; ps may be freed from here. */
	void (*closed)(void *arg);
	void *arg;
};

struct proxy_session;

/* Take the accepted client socket fd (owned from now), with peer its
 * address in words and id its number (in the watch's list), and connect
 * upstream. o must outlive the session. */
struct proxy_session *proxy_session_start(const struct proxy_session_opts *o, int fd,
					  const char *peer, unsigned id);
/* Close both connections (the end is told once). */
void proxy_session_free(struct proxy_session *ps);

#endif
