/* The handshakes behind `smtpdbg tls-report`: one with the defaults for
 * the chain, then one per other protocol version and per key exchange
 * group, each on a new connection (STARTTLS or implicit TLS), paced so
 * that a report does not look like an attack. */
#ifndef SMTPDBG_TLS_PROBE_H
#define SMTPDBG_TLS_PROBE_H

#include <stdbool.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/tls.h"
#include "smtpdbg/tls_report.h"

struct tls_probe_conf {
	const char *host, *port;
	int family;
	bool implicit;         /* TLS at once, else STARTTLS */
	int timeout_s;         /* each connection, handshake included */
	int pace_ms;           /* pause between connections */
	const char *name;      /* the name the certificate must carry */
	struct tls_opts tls;   /* cafile, client certificate, SNI, key log */
};

/* Fill f (free with tls_probe_free). Returns 0, or the stage's exit status
 * when the first handshake fails (10 connect, 11 banner, 12 EHLO, 13 TLS),
 * why in err. */
int tls_probe_run(const struct tls_probe_conf *c, struct tls_report_facts *f, struct buf *err);
void tls_probe_free(struct tls_report_facts *f);

#endif
