/* The connection options shared by every mode that talks to a server
 * (run, relay-test, the interactive mode): defined once, parsed by the
 * command-line layer's one table (conn_opt_table). */
#ifndef SMTPDBG_CONN_OPTS_H
#define SMTPDBG_CONN_OPTS_H

#include <stdbool.h>

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
	const char *pipe;        /* --pipe COMMAND instead of a target, or NULL */
	bool lmtp;               /* --lmtp: speak LMTP (RFC 2033), port 24 by default */
};

#endif
