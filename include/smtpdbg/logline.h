/* A mail log line, read for the SMTP reply inside it: Postfix's smtp
 * client ("status=bounced (host X said: 550 ... (in reply to RCPT TO
 * command))") and smtpd ("NOQUEUE: reject: RCPT from X: 554 ..."), Exim's
 * main and reject logs, Sendmail's stat=/reject=/dsn=, Dovecot's
 * authentication failures and a bounce's Diagnostic-Code:/Status: fields.
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
	LOG_DOVECOT,       /* an authentication failure */
	LOG_DSN,           /* a bounce's Diagnostic-Code: or Status: field */
};

/* "Postfix", "Exim", ... (not translated: product names). */
const char *log_source_name(enum log_source s);

struct log_span {
	const char *p;
	size_t n; /* 0: absent */
};

struct log_reply {
	enum log_source source;
	int code;             /* the reply code, or one made from the status (5.1.1: 550) */
	bool code_given;      /* the line had the code itself */
	struct enh_code enh;  /* cls 0: none */
	struct log_span text; /* the reply's text after code and enhanced code, or what the
				 log says instead ("Connection timed out") */
	const char *verb;     /* the command it answered ("RCPT", "DOT", "GREETING"...), or NULL */
	bool remote;          /* another server refused us (else this server refused a client) */
	struct log_span host; /* who refused (remote) or who was refused */
	struct log_span rcpt; /* the recipient, when the line names one */
	struct log_span status; /* "bounced", "deferred", "reject", ... */
};

/* Read one line (n bytes, no newline). false: no SMTP refusal in it
 * (a "status=sent" line, a connect line, anything else). */
bool logline_parse(const char *s, size_t n, struct log_reply *out);

#endif
