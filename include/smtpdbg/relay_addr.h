/* The addresses of the relay tricks, and the names they are built from:
 * the server's domain (checked, since it comes from the server) and the
 * address connected to. Shared by the plans and the command line. */
#ifndef SMTPDBG_RELAY_ADDR_H
#define SMTPDBG_RELAY_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/relay_plan.h"

/* Whether s (n bytes) is a plain host name: letters, digits, '-' and '.',
 * 1 to 253 bytes, not starting with '-' or '.'. */
bool relay_is_hostname(const char *s, size_t n);

/* The first word of a greeting or EHLO reply text when it is a host name,
 * as a new string; NULL otherwise. */
char *relay_name_from_reply(const struct smtp_reply *r);

/* The address part of a peer ("127.0.0.1:25", "[::1]:25", "::1") as a new
 * string; NULL when it is no IP address. */
char *relay_peer_address(const char *peer);
/* The SMTP address literal of an IP address: "[192.0.2.1]",
 * "[IPv6:2001:db8::1]" (RFC 5321 §4.1.3). */
char *relay_address_literal(const char *ip);
/* Whether ip is loopback, private or link-local. */
bool relay_address_local(const char *ip);

/* The sender and recipient of one trick. from and to are the invented
 * foreign addresses (to has an '@'), domain the server's, literal its
 * address literal. New strings in *mail and *rcpt. */
void relay_trick_addresses(enum relay_trick t, const char *from, const char *to,
			   const char *domain, const char *literal, char **mail, char **rcpt);

#endif
