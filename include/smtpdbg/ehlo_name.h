/* The name smtpdbg gives in EHLO when the user gives none (RFC 5321
 * §4.1.1.1: the client's fully-qualified domain name, or an address
 * literal when it has none). Never "localhost": servers refuse it
 * (Postfix reject_non_fqdn_helo_hostname) and it says nothing. */
#ifndef SMTPDBG_EHLO_NAME_H
#define SMTPDBG_EHLO_NAME_H

#include <stdbool.h>
#include <stddef.h>

/* Whether name is a fully-qualified domain name fit for EHLO: letters,
 * digits and hyphens in dot-separated labels, at least two labels, and not
 * localhost or a .localdomain/.local/.localhost name. */
bool ehlo_name_is_fqdn(const char *name);

/* This machine's FQDN: the host name when it is one, else the first FQDN
 * that hosts_path ("/etc/hosts" when NULL) gives the host name as an
 * alias of (Debian's "127.0.1.1 host.example.org host"). Never asks DNS:
 * a missing network must not stall the first EHLO. false: none. */
bool ehlo_name_fqdn(char *out, size_t cap, const char *hosts_path);

/* The address literal of fd's local address: "[192.0.2.1]" or
 * "[IPv6:2001:db8::1]" (RFC 5321 §4.1.3). false if fd has none. */
bool ehlo_name_literal(int fd, char *out, size_t cap);

/* The default: the FQDN, else the literal of fd's local address, else
 * "[127.0.0.1]". */
void ehlo_name_default(int fd, char *out, size_t cap);

#endif
