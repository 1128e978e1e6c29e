/* Codes and enhanced codes whose registered meaning, in answer to a
 * given command, is the diagnosis (DIAG_CERTAIN): 535 after AUTH, 5.1.1
 * after RCPT, 5.3.4 after the message data, ...
 * Data only; see diag.h for the pattern language. */
#include "diag_tables.h"

#include "smtpdbg/i18n.h"

const struct diag_rule diag_rules_codes[] = {
	/* AUTH: the reply to AUTH or to a SASL response. */
	{"auth.credentials", DIAG_CERTAIN, NULL, 535, NULL, DC_AUTH, 0, NULL, "RFC 4954 §6 (535 5.7.8)"},
	{"auth.credentials", DIAG_CERTAIN, NULL, 5, "X.7.8", DC_AUTH, 0, NULL, "RFC 4954 §6 (5.7.8)"},
	{"auth.mech-weak", DIAG_CERTAIN, NULL, 534, NULL, DC_AUTH, 0, NULL, "RFC 4954 §6 (534 5.7.9)"},
	{"auth.mech-weak", DIAG_CERTAIN, NULL, 0, "X.7.9", DC_AUTH, 0, NULL, "RFC 4954 §6 (5.7.9)"},
	{"auth.encryption-required", DIAG_CERTAIN, NULL, 538, NULL, DC_AUTH, 0, NULL, "RFC 4954 §6 (538 5.7.11)"},
	{"auth.encryption-required", DIAG_CERTAIN, NULL, 0, "X.7.11", DC_AUTH, 0, NULL, "RFC 4954 §6 (5.7.11)"},
	{"auth.mech-unsupported", DIAG_CERTAIN, NULL, 504, NULL, DC_AUTH, 0, NULL, "RFC 4954 §6 (504 5.5.4)"},
	{"auth.temporary", DIAG_CERTAIN, NULL, 454, "X.7.0", DC_AUTH, 0, NULL, "RFC 4954 §6 (454 4.7.0)"},
	{"auth.disabled", DIAG_CERTAIN, NULL, 525, NULL, DC_AUTH, 0,
	 N_("RFC 4954 525 5.7.13: the account itself is disabled (locked or suspended), not only "
	    "its SMTP access; only the provider or the server's admin can enable it again."),
	 "RFC 4954 §6 (525 5.7.13 User Account Disabled)"},
	{"auth.disabled", DIAG_CERTAIN, NULL, 0, "X.7.13", DC_AUTH, 0,
	 N_("RFC 4954 525 5.7.13: the account itself is disabled (locked or suspended), not only "
	    "its SMTP access; only the provider or the server's admin can enable it again."),
	 "RFC 4954 §6 (5.7.13 User Account Disabled)"},
	{"auth.not-offered", DIAG_CERTAIN, NULL, 503, NULL, DC_AUTH, DN_UNAUTHED, NULL, "RFC 4954 §4 (503 to AUTH)"},
	{"auth.not-offered", DIAG_CERTAIN, NULL, 502, NULL, DC_AUTH, 0, NULL, "RFC 5321 §4.2.4 (502 to AUTH)"},
	{"auth.required", DIAG_CERTAIN, NULL, 530, NULL, DC_TRANS | DC_OTHER, DN_FALLBACK, NULL, "RFC 4954 §6 (530 5.7.0)"},

	/* STARTTLS */
	{"tls.unavailable", DIAG_CERTAIN, NULL, 454, NULL, DC_STARTTLS, 0, NULL, "RFC 3207 §4 (454 4.7.0)"},
	{"tls.required", DIAG_CERTAIN, NULL, 530, "X.7.0", DC_MAIL | DC_HELO | DC_OTHER, DN_PLAIN, NULL, "RFC 3207 §4 (530 5.7.0 before STARTTLS)"},
	{"tls.requiretls", DIAG_CERTAIN, NULL, 0, "X.7.30", DC_ANY, 0, NULL, "RFC 8689 §5 (5.7.30)"},

	/* The sender and the recipients. */
	{"sender.syntax", DIAG_CERTAIN, NULL, 0, "X.1.7", DC_MAIL, 0, NULL, "RFC 3463 §3.2 (X.1.7)"},
	{"sender.unknown-domain", DIAG_CERTAIN, NULL, 0, "X.1.8", DC_MAIL, 0, NULL, "RFC 3463 §3.2 (X.1.8)"},
	{"sender.null-mx", DIAG_CERTAIN, NULL, 0, "X.7.27", DC_ANY, 0, NULL, "RFC 7505 §4.2 (X.7.27)"},
	{"rcpt.null-mx", DIAG_CERTAIN, NULL, 0, "X.1.10", DC_ANY, 0, NULL, "RFC 7505 §4.2 (X.1.10)"},
	{"rcpt.unknown-user", DIAG_CERTAIN, NULL, 5, "X.1.1", DC_RCPT | DC_DOT, 0, NULL, "RFC 3463 §3.2 (X.1.1)"},
	{"rcpt.unknown-domain", DIAG_CERTAIN, NULL, 0, "X.1.2", DC_RCPT, 0, NULL, "RFC 3463 §3.2 (X.1.2)"},
	{"rcpt.moved", DIAG_CERTAIN, NULL, 551, NULL, DC_RCPT, 0, NULL, "RFC 5321 §3.4 (551)"},
	{"rcpt.moved", DIAG_CERTAIN, NULL, 0, "X.1.6", DC_RCPT, 0, NULL, "RFC 3463 §3.2 (X.1.6)"},
	{"rcpt.disabled", DIAG_CERTAIN, NULL, 0, "X.2.1", DC_RCPT | DC_DOT, 0, NULL, "RFC 3463 §3.3 (X.2.1)"},
	{"rcpt.mailbox-full", DIAG_CERTAIN, NULL, 0, "X.2.2", DC_RCPT | DC_DOT, 0, NULL, "RFC 3463 §3.3 (X.2.2)"},
	{"rcpt.too-many", DIAG_CERTAIN, NULL, 0, "X.5.3", DC_RCPT, 0, NULL, "RFC 5321 §4.5.3.1.10 (452 4.5.3)"},
	{"rcpt.too-many", DIAG_CERTAIN, NULL, 452, NULL, DC_RCPT, DN_FALLBACK, NULL, "RFC 5321 §4.5.3.1.10 (452 too many recipients)"},

	/* The message. */
	{"size.too-big", DIAG_CERTAIN, NULL, 0, "X.3.4", DC_MAIL | DC_DATA | DC_DOT, 0, NULL, "RFC 3463 §3.4 (X.3.4)"},
	{"size.too-big", DIAG_CERTAIN, NULL, 0, "X.2.3", DC_MAIL | DC_DOT, 0, NULL, "RFC 3463 §3.3 (X.2.3)"},
	{"rcpt.mailbox-full", DIAG_CERTAIN, "exceeded storage allocation", 552, NULL, DC_RCPT | DC_DATA | DC_DOT, 0, NULL,
	 "RFC 5321 §4.2.3 (552 Requested mail action aborted: exceeded storage allocation)"},
	{"size.too-big", DIAG_CERTAIN, NULL, 552, NULL, DC_DOT, DN_FALLBACK, NULL, "RFC 1870 §6 (552 after the data)"},
	{"size.storage", DIAG_CERTAIN, NULL, 0, "X.3.1", DC_ANY, 0, NULL, "RFC 3463 §3.4 (X.3.1)"},
	{"size.storage", DIAG_CERTAIN, NULL, 452, NULL, DC_MAIL | DC_DATA | DC_DOT, DN_FALLBACK, NULL, "RFC 5321 §4.2.2 (452)"},
	{"content.smtputf8", DIAG_CERTAIN, NULL, 0, "X.6.7", DC_ANY, 0, NULL, "RFC 6531 §3.6 (X.6.7)"},
	{"dkim.fail", DIAG_CERTAIN, NULL, 0, "X.7.20", DC_ANY, 0, NULL, "RFC 7372 §3.1 (X.7.20)"},
	{"dkim.fail", DIAG_CERTAIN, NULL, 0, "X.7.21", DC_ANY, 0, NULL, "RFC 7372 §3.1 (X.7.21)"},
	{"dkim.fail", DIAG_CERTAIN, NULL, 0, "X.7.22", DC_ANY, 0, NULL, "RFC 7372 §3.1 (X.7.22)"},
	{"spf.fail", DIAG_CERTAIN, NULL, 0, "X.7.23", DC_ANY, 0, NULL, "RFC 7372 §3.2 (X.7.23)"},
	{"spf.error", DIAG_CERTAIN, NULL, 0, "X.7.24", DC_ANY, 0, NULL, "RFC 7372 §3.2 (X.7.24)"},
	{"rdns.missing", DIAG_CERTAIN, NULL, 0, "X.7.25", DC_ANY, 0, NULL, "RFC 7372 §3.3 (X.7.25)"},
	{"sender.unauthenticated", DIAG_CERTAIN, NULL, 0, "X.7.26", DC_ANY, 0, NULL, "RFC 7372 §3.4 (X.7.26)"},
	{"arc.fail", DIAG_CERTAIN, NULL, 0, "X.7.29", DC_ANY, 0, NULL, "RFC 8617 §5.2.1 (X.7.29)"},
	{"server.loop", DIAG_CERTAIN, NULL, 0, "X.4.6", DC_ANY, 0, NULL, "RFC 3463 §3.5 (X.4.6)"},

	/* The protocol. */
	{"protocol.sequence", DIAG_CERTAIN, NULL, 503, NULL, DC_HELO | DC_MAIL | DC_RCPT | DC_DATA | DC_OTHER, DN_FALLBACK, NULL, "RFC 5321 §4.2.4 (503)"},
	{"protocol.unknown-command", DIAG_CERTAIN, NULL, 502, NULL, DC_ANY, DN_FALLBACK, NULL, "RFC 5321 §4.2.4 (502)"},
	{"protocol.unknown-command", DIAG_CERTAIN, NULL, 500, NULL, DC_HELO | DC_OTHER, DN_FALLBACK, NULL, "RFC 5321 §4.2.4 (500)"},
	{"protocol.syntax", DIAG_CERTAIN, NULL, 501, NULL, DC_HELO | DC_MAIL | DC_RCPT | DC_OTHER, DN_FALLBACK, NULL, "RFC 5321 §4.2.4 (501)"},
	{"protocol.syntax", DIAG_CERTAIN, NULL, 555, NULL, DC_MAIL | DC_RCPT, DN_FALLBACK, NULL,
	 "RFC 5321 §4.2.3 (555 MAIL FROM/RCPT TO parameters not recognized or not implemented)"},

	/* 421: the RFC's own text is the code's meaning in any context. Without a text, 421
	 * answering AUTH is a lockout, anything else closing. The closing fallback names every
	 * context but AUTH and comes first, so that a 421 whose command is not known is not
	 * taken for an AUTH lockout. */
	{"server.closing", DIAG_CERTAIN, "service not available&closing transmission channel", 421, NULL, DC_ANY, 0, NULL,
	 "RFC 5321 §4.2.3 (421 <domain> Service not available, closing transmission channel)"},
	{"server.closing", DIAG_CERTAIN, NULL, 421, NULL, DC_GREETING | DC_HELO | DC_STARTTLS | DC_TRANS | DC_OTHER,
	 DN_FALLBACK, NULL, "RFC 5321 §3.8 (421)"},
	{"auth.too-many-failures", DIAG_CERTAIN, NULL, 421, NULL, DC_AUTH, DN_FALLBACK, NULL, "RFC 5321 §4.2.3 (421 in answer to AUTH)"},
};
const size_t diag_rules_codes_n = sizeof diag_rules_codes / sizeof diag_rules_codes[0];
