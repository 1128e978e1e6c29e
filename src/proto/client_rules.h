/* The protocol rules the engine checks: which replies a command may get,
 * and which commands are out of place in a state. Private to the engine. */
#ifndef SMTPDBG_CLIENT_RULES_H
#define SMTPDBG_CLIENT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/caps.h"
#include "smtpdbg/smtp_state.h"

/* Whether `code` is a reply RFC 5321 §4.3.2 (or the extension defining the
 * command) allows for the command `verb`. Unknown verbs allow anything. */
bool rules_reply_expected(const char *verb, int code);

/* What the engine knows when a command is about to be sent. */
struct rules_ctx {
	enum smtp_state state;
	const struct smtp_caps *caps;
	bool greeted, hello_done, tls, tls_needs_ehlo, authed;
	size_t outstanding;           /* replies not yet received */
	const char *last_outstanding; /* verb of the newest one */
	bool mail_pending, rcpt_pending; /* pipelined, reply not yet in */
	bool lmtp;                    /* the session speaks LMTP (RFC 2033) */
};

/* If sending `verb` with argument `arg` breaks a rule, return why (a static
 * English string, N_-marked, naming the RFC); else NULL. AUTH PLAIN or
 * LOGIN without TLS returns a text starting "warning:". Only the first
 * broken rule is returned. */
const char *rules_check_command(const struct rules_ctx *x, const char *verb,
				const char *arg, size_t line_len);

/* Commands that must end a pipelined group (RFC 2920 §3.1). */
bool rules_ends_group(const char *verb);

#endif
