/* The local certificate authority of `smtpdbg proxy` (OpenSSL 3). A mail
 * program that trusts it would accept any certificate it signs, so it is
 * kept as narrow as a CA can be: one CA per upstream name, created once in
 * a private directory (0700; key 0600; written through safefile.h, no
 * link followed, nothing replaced unless rotated), name-constrained to that
 * one name (a DNS name: IP addresses excluded; an address: that address
 * alone, DNS names limited to the reserved ".invalid"), limited to server
 * authentication, valid for PROXY_CA_DAYS. Leaf certificates for the
 * upstream's name are issued in memory at each start, valid for a day. */
#ifndef SMTPDBG_PROXY_CA_H
#define SMTPDBG_PROXY_CA_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/tls_server.h"

#define PROXY_CA_DAYS 30
#define PROXY_LEAF_HOURS 24

struct proxy_ca;

/* The directory of every proxy CA: $XDG_DATA_HOME/smtpdbg/proxy-ca, or
 * $HOME/.local/share/smtpdbg/proxy-ca. Returns 0, or -1 when neither
 * variable gives an absolute path. */
int proxy_ca_base(char *out, size_t size);

/* Whether name can name an upstream's CA: a DNS name (letters, digits,
 * '-', '.'), or an IPv4 or IPv6 address; lower-cased into out. */
bool proxy_ca_name(const char *name, char *out, size_t size);

/* The CA for name (proxy_ca_name's form) in base/NAME/: ca.pem and ca.key,
 * made when absent (*made set), or made anew when rotate (the old files
 * replaced). An incomplete, foreign or expired CA is refused with the
 * reason; base and base/NAME are made private (0700) and checked. NULL
 * with err. */
struct proxy_ca *proxy_ca_open(const char *base, const char *name, bool rotate, bool *made,
			       struct buf *err);
void proxy_ca_free(struct proxy_ca *ca);

/* The CA certificate in PEM, and the file it is in. */
const char *proxy_ca_pem(const struct proxy_ca *ca);
const char *proxy_ca_file(const struct proxy_ca *ca);
/* "SHA256 AB:CD:..." of the CA certificate, and its last valid day. */
const char *proxy_ca_fingerprint(const struct proxy_ca *ca);
const char *proxy_ca_expiry(const struct proxy_ca *ca);

/* A new leaf certificate for the CA's name (key EC P-256, valid
 * PROXY_LEAF_HOURS and never past the CA), as PEM: the certificate
 * followed by the CA's, and its key. The caller wipes and frees key_pem.
 * Returns 0, or -1 with err. */
int proxy_ca_issue(struct proxy_ca *ca, struct buf *cert_pem, struct buf *key_pem,
		   struct buf *err);

/* A TLS server presenting a fresh leaf (proxy_ca_issue); desc receives
 * what it shows (subject, names, issuer, validity, fingerprint) in lines. */
struct tls_server *proxy_ca_server(struct proxy_ca *ca, struct buf *desc, struct buf *err);

#endif
