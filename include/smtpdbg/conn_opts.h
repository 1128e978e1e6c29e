/* The connection options shared by every mode that talks to a server
 * (run, relay-test, the interactive mode, proxy's upstream): defined once, parsed by the
 * command-line layer's one table (conn_opt_table). */
#ifndef SMTPDBG_CONN_OPTS_H
#define SMTPDBG_CONN_OPTS_H

#include <stdbool.h>

#include "smtpdbg/net_path.h"
#include "smtpdbg/tls.h"

/* How TLS is used. CONN_TLS_AUTO only exists while parsing: the target's
 * port decides (implicit TLS on 465, else none). */
enum conn_tls { CONN_TLS_NONE, CONN_TLS_STARTTLS, CONN_TLS_IMPLICIT, CONN_TLS_AUTO };

struct conn_opts {
	char *host, *port;       /* from the target, malloc'd */
	int family;              /* AF_UNSPEC, AF_INET (-4), AF_INET6 (-6); AF_UNIX for unix:/path */
	int tls;                 /* enum conn_tls */
	const char *cafile, *cert, *key, *sni;
	bool insecure;
	int timeout_s;           /* connect and reply timeout */
	const char *resolver;    /* DNS server ADDR[:PORT]; NULL: the system's */
	bool mx;                 /* --mx: host is a mail domain, its MX hosts are tried */
	const char *dane;        /* --dane auto|require|off (dane_mode_parse); NULL: auto */
	const char *pipe;        /* --pipe COMMAND instead of a target, or NULL */
	/* The path (issue: proxies, a source address, a PROXY header): the
	 * options as given, and what conn_opts_finish made of them. */
	const char *local_address, *proxy, *proxy_user, *proxy_password_env;
	const char *proxy_protocol, *proxy_source;
	bool proxy_env;
	struct net_path path;
	struct tls_choice choice; /* --tls-min ... --keylog, --show-chain */
	bool lmtp;               /* --lmtp: speak LMTP (RFC 2033), port 24 by default */
};

#endif
