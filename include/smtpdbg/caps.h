/* EHLO capabilities (RFC 5321 §4.1.1.1, the IANA SMTP Service Extensions
 * registry). Parsed from a reply the engine has framed; forgotten after
 * STARTTLS (RFC 3207 §4.2), when everything learnt in clear is void. */
#ifndef SMTPDBG_CAPS_H
#define SMTPDBG_CAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/reply.h"

struct smtp_caps {
	bool known;          /* an EHLO reply has been parsed */
	bool starttls;
	bool pipelining;
	bool eightbitmime;
	bool smtputf8;
	bool enhancedstatuscodes;
	bool chunking;
	bool dsn;
	bool has_size;
	unsigned long long size; /* SIZE n; 0 = no fixed limit */
	bool auth_legacy;    /* the old "AUTH=..." form was advertised */
	char **auth;         /* mechanisms, upper case, no duplicates */
	size_t nauth;
	char **keywords;     /* every keyword, upper case, in order */
	size_t nkeywords;
	size_t nsuspicious;  /* lines ignored: NUL, control bytes, bad syntax */
};

void caps_init(struct smtp_caps *c);
void caps_clear(struct smtp_caps *c);
/* Parse a 250 reply to EHLO. The first line is the server's name, not a
 * keyword. Keywords match case-insensitively on any line, the final one
 * included; a line with a NUL or control byte is never trusted. */
void caps_parse_ehlo(struct smtp_caps *c, const struct smtp_reply *r);
/* Whether a mechanism (case-insensitive) is in the AUTH list. */
bool caps_has_auth(const struct smtp_caps *c, const char *mech);
/* Whether a keyword (case-insensitive) was advertised. */
bool caps_has(const struct smtp_caps *c, const char *keyword);

#endif
