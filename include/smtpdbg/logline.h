/* A mail log line, read for the SMTP reply inside it: Postfix's smtp
 * client ("status=bounced (host X said: 550 ... (in reply to RCPT TO
 * command))") and smtpd ("NOQUEUE: reject: RCPT from X: 554 ..."), Exim's
 * main and reject logs, Sendmail's stat=/reject=/dsn=, milter rejects,
 * OpenSMTPD's and maddy's failed commands, a bounce's Diagnostic-Code:/
 * Status: fields and the reply quoted in a bounce's text (Postfix's "host X
 * said:", Exchange's "Remote Server returned '...'").
 *
 * Or for a failure a mail daemon logs without a reply (postscreen's
 * PREGREET, anvil's rate limits, Exim's "SMTP protocol synchronization
 * error", Sendmail's "AUTH failure", Dovecot's "Password mismatch", a
 * bounce's "The recipient server did not accept our requests to
 * connect"): then code is 0 and text the words logged, for the diagnosis
 * to recognise (diag_text with code 0) or not.
 * The prefix (syslog, journalctl, ISO time stamps) does not matter.
 * Pure: no I/O. Every pointer points into the line given. */
#ifndef SMTPDBG_LOGLINE_H
#define SMTPDBG_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/reply.h"

enum log_source {
	LOG_POSTFIX_SMTP,  /* Postfix delivering: what the other server said */
	LOG_POSTFIX_SMTPD, /* Postfix receiving: what it refused */
	LOG_EXIM,          /* Exim delivering: "SMTP error from remote mail server" */
	LOG_EXIM_REJECT,   /* Exim receiving: "rejected RCPT <...>: ..." */
	LOG_SENDMAIL,
	LOG_DOVECOT,       /* an authentication, TLS or delivery failure */
	LOG_DSN,           /* a bounce's Diagnostic-Code: or Status: field */
	LOG_REPLY,         /* a reply line on its own ("550 5.1.1 ...", "554-...") */
	LOG_POSTFIX,       /* Postfix's other daemons: postscreen, cleanup, anvil warnings */
	LOG_OPENSMTPD,
	LOG_MADDY,
	LOG_FILTER,        /* a policy service or milter (policyd-spf, postgrey, milter-*):
			      its name in daemon */
	LOG_BOUNCE,        /* the text of a bounce (Exchange's NDR, Gmail's, a fragment) */
};

/* "Postfix", "Exim", ... (not translated: product names). */
const char *log_source_name(enum log_source s);

struct log_span {
	const char *p;
	size_t n; /* 0: absent */
};

struct log_reply {
	enum log_source source;
	int code;             /* the reply code, or one made from the status (5.1.1: 550);
				 0: no reply, a failure logged in words */
	bool code_given;      /* the line had the code itself */
	struct enh_code enh;  /* cls 0: none */
	struct log_span text; /* the reply's text after code and enhanced code, or what the
				 log says instead ("Connection timed out") */
	const char *verb;     /* the command it answered ("RCPT", "DOT", "GREETING"...), or NULL */
	bool remote;          /* another server refused us (else this server refused a client) */
	struct log_span host; /* who refused (remote) or who was refused */
	struct log_span rcpt; /* the recipient, when the line names one */
	struct log_span status; /* "bounced", "deferred", "reject", ... */
	struct log_span daemon; /* LOG_FILTER: the program ("policyd-spf") */
};

/* Read one line (n bytes, no newline). false: neither an SMTP refusal nor
 * the words of a failure in it (a "status=sent" line, a connect line, a
 * login, anything else). A line with code 0 is only a candidate: what its
 * words mean is for the diagnosis to say. */
bool logline_parse(const char *s, size_t n, struct log_reply *out);

#endif
