/* XCLIENT (Postfix's XCLIENT_README): a trusted client tells the server
 * who the real client is. Pure: the command is built from the user's
 * "NAME=value ..." text, values xtext-encoded (RFC 3461 section 4). */
#ifndef SMTPDBG_XCLIENT_H
#define SMTPDBG_XCLIENT_H

#include "smtpdbg/buf.h"

/* "ADDR=192.0.2.1 NAME=mail.example" -> "XCLIENT ADDR=192.0.2.1 NAME=..."
 * in out. Attribute names: ADDR, NAME, PORT, PROTO, HELO, LOGIN,
 * REVERSE_NAME, DESTADDR, DESTPORT (any case). Returns 0, or -1 with a
 * message in why (an unknown or repeated name, no "=", nothing given, a
 * command longer than 512 octets). */
int xclient_command(const char *spec, struct buf *out, struct buf *why);

#endif
