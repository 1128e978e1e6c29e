/* Commands a client sends, the parameters of MAIL FROM and RCPT TO, and
 * what each session state means. Data only; command and parameter tables
 * are sorted by key, the state table follows enum smtp_state. */
#include "kb_find.h"
#include "smtpdbg/kb.h"

#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"

static const struct kb_entry commands[] = {
	{"ATRN", N_("Authenticated TURN"),
	 N_("After AUTH, asks the server to reverse roles and deliver the mail queued for the given domains (on-demand mail relay)."),
	 N_("RFC 2645")},
	{"AUTH", N_("Authenticate"),
	 N_("Starts a SASL exchange: AUTH <mechanism> [initial-response]. The server answers 334 with a challenge until it ends with 235 (success) or an error such as 535. Allowed once per session and not inside a mail transaction."),
	 N_("RFC 4954 §4")},
	{"BDAT", N_("Send a chunk of message data"),
	 N_("BDAT <size> [LAST]: exactly <size> octets of the message follow the command line, with no dot-stuffing; LAST marks the final chunk. Only if the server offers CHUNKING."),
	 N_("RFC 3030 §2")},
	{"BURL", N_("Add message data by reference"),
	 N_("BURL <url> [LAST]: the server fetches this part of the message from the URL (usually IMAP). Only if the server offers BURL."),
	 N_("RFC 4468")},
	{"DATA", N_("Send the message"),
	 N_("Asks to send the message. After 354 the client sends header fields, an empty line and the body, ending with a line holding a single '.'. Needs at least one accepted RCPT."),
	 N_("RFC 5321 §4.1.1.4")},
	{"EHLO", N_("Extended hello"),
	 N_("Identifies the client by its domain name or address literal and asks for the server's extensions: the 250 reply lists them. Must be sent again after STARTTLS. Also resets any transaction."),
	 N_("RFC 5321 §4.1.1.1")},
	{"ETRN", N_("Start the queue for a node"),
	 N_("ETRN <domain>, @<domain> or #<queue>: asks the server to deliver the mail it holds for that destination."),
	 N_("RFC 1985")},
	{"EXPN", N_("Expand a mailing list"),
	 N_("Asks the server for the members of a mailing list. Often disabled (502) or answered with 252."),
	 N_("RFC 5321 §4.1.1.7")},
	{"HELO", N_("Hello (basic SMTP)"),
	 N_("Identifies the client by its domain name, without asking for extensions. Use EHLO unless the server does not support it."),
	 N_("RFC 5321 §4.1.1.1")},
	{"HELP", N_("Ask for help"),
	 N_("Asks for help text (214), optionally about one command."),
	 N_("RFC 5321 §4.1.1.8")},
	{"LHLO", N_("LMTP hello"),
	 N_("The EHLO of LMTP, the local delivery protocol (Dovecot, Cyrus, Postfix's lmtp): the 250 reply lists the extensions as for EHLO, and there is no HELO. After the message data an LMTP server answers once per accepted recipient, in RCPT order. An SMTP server usually does not know LHLO (500)."),
	 N_("RFC 2033 §4.1")},
	{"MAIL", N_("Start a mail transaction"),
	 N_("MAIL FROM:<reverse-path> [parameters]: names the sender, where bounces go, and starts a transaction. '<>' is the null sender used by bounces. Parameters such as SIZE= need the matching EHLO keyword."),
	 N_("RFC 5321 §4.1.1.2")},
	{"NOOP", N_("Do nothing"),
	 N_("The server answers 250 and nothing changes; useful to keep a connection alive or check it."),
	 N_("RFC 5321 §4.1.1.9")},
	{"QUIT", N_("End the session"),
	 N_("The server answers 221 and closes the connection. An open transaction is discarded."),
	 N_("RFC 5321 §4.1.1.10")},
	{"RCPT", N_("Add a recipient"),
	 N_("RCPT TO:<forward-path> [parameters]: one recipient per command, after MAIL. A server that is not the destination relays only for authenticated or trusted clients; otherwise it answers 550 or 554 (relay denied)."),
	 N_("RFC 5321 §4.1.1.3")},
	{"RSET", N_("Reset the transaction"),
	 N_("Discards sender, recipients and data of the current transaction; EHLO and authentication stay in force."),
	 N_("RFC 5321 §4.1.1.5")},
	{"SAML", N_("Send and mail (historic)"),
	 N_("Removed from SMTP; servers answer 500 or 502."),
	 N_("RFC 821, RFC 5321 App. F.6")},
	{"SEND", N_("Send to terminal (historic)"),
	 N_("Removed from SMTP; servers answer 500 or 502."),
	 N_("RFC 821, RFC 5321 App. F.6")},
	{"SOML", N_("Send or mail (historic)"),
	 N_("Removed from SMTP; servers answer 500 or 502."),
	 N_("RFC 821, RFC 5321 App. F.6")},
	{"STARTTLS", N_("Upgrade to TLS"),
	 N_("Asks to start TLS on this connection. After 220 the client starts the handshake at once; afterwards it must send EHLO again, because what it learnt in clear may have been forged."),
	 N_("RFC 3207 §4")},
	{"TURN", N_("Reverse roles (historic)"),
	 N_("Asks the server to swap roles with no authentication; insecure and deprecated. Servers answer 502."),
	 N_("RFC 821, RFC 5321 App. F.1")},
	{"VRFY", N_("Verify an address"),
	 N_("Asks whether a user or mailbox exists. Many servers answer 252 (cannot verify, will try delivery) or 502, so as not to reveal valid addresses."),
	 N_("RFC 5321 §4.1.1.6")},
	{"XCLIENT", N_("Override client attributes (Postfix)"),
	 N_("XCLIENT attr=value ...: a trusted client changes what the server believes about the connection (NAME, ADDR, PORT, PROTO, HELO, LOGIN, ...). On success the server sends a new 220 greeting and the client must send EHLO again."),
	 N_("Postfix XCLIENT_README")},
	{"XFORWARD", N_("Forward client attributes (Postfix)"),
	 N_("XFORWARD attr=value ...: a trusted content filter passes on the original client's attributes for the next transaction; the server answers 250."),
	 N_("Postfix XFORWARD_README")},
};

/* ESMTP parameters of MAIL FROM and RCPT TO, and the extension each needs. */
static const struct kb_entry params[] = {
	{"AUTH", N_("Submitter identity"),
	 N_("MAIL FROM ... AUTH=<mailbox>: who submitted the message, or <> when unknown (xtext-encoded)."),
	 N_("RFC 4954 §5")},
	{"BODY", N_("Body type"),
	 N_("7BIT (default), 8BITMIME or BINARYMIME: what the message body contains."),
	 N_("RFC 6152, RFC 3030")},
	{"BY", N_("Deliver-by time"),
	 N_("BY=<seconds>;R or ;N: return or notify if the message is not delivered in time (DELIVERBY)."),
	 N_("RFC 2852")},
	{"ENVID", N_("Envelope identifier"),
	 N_("An identifier the sender chooses, returned in delivery reports (DSN)."),
	 N_("RFC 3461")},
	{"HOLDFOR", N_("Hold for a time"),
	 N_("Release the message for delivery only after this many seconds (FUTURERELEASE)."),
	 N_("RFC 4865")},
	{"HOLDUNTIL", N_("Hold until a time"),
	 N_("Release the message for delivery only at this time (FUTURERELEASE)."),
	 N_("RFC 4865")},
	{"MT-PRIORITY", N_("Transfer priority"),
	 N_("A priority from -9 to 9 (MT-PRIORITY)."),
	 N_("RFC 6710")},
	{"MTRK", N_("Tracking request"),
	 N_("Asks for the message to be trackable (MTRK)."),
	 N_("RFC 3885")},
	{"NOTIFY", N_("When to send delivery reports"),
	 N_("RCPT TO ... NOTIFY=NEVER, or any of SUCCESS, FAILURE, DELAY (DSN)."),
	 N_("RFC 3461")},
	{"ORCPT", N_("Original recipient"),
	 N_("RCPT TO ... ORCPT=rfc822;<address>: the address as originally given, for delivery reports (DSN)."),
	 N_("RFC 3461")},
	{"PRDR", N_("Per-recipient replies"),
	 N_("Asks for one reply per recipient after the message data (PRDR)."),
	 N_("draft-hall-prdr")},
	{"REQUIRETLS", N_("Require TLS"),
	 N_("Every hop must use verified TLS or the message bounces (REQUIRETLS); only valid over TLS."),
	 N_("RFC 8689")},
	{"RET", N_("What a delivery report returns"),
	 N_("FULL (the whole message) or HDRS (only its header) (DSN)."),
	 N_("RFC 3461")},
	{"RRVS", N_("Recipient valid since"),
	 N_("RCPT TO ... RRVS=<date-time>: deliver only if the mailbox had the same owner since then."),
	 N_("RFC 7293")},
	{"SIZE", N_("Declared message size"),
	 N_("The message size in octets, so the server can refuse a message that is too large before it is sent (SIZE)."),
	 N_("RFC 1870")},
	{"SMTPUTF8", N_("Internationalized message"),
	 N_("The message uses UTF-8 in addresses or header fields (SMTPUTF8)."),
	 N_("RFC 6531")},
	{"SOLICIT", N_("Solicitation class"),
	 N_("Marks the message as a solicitation of the given classes (NO-SOLICITING)."),
	 N_("RFC 3865")},
	{"TRANSID", N_("Transaction identifier"),
	 N_("Identifies the transfer so it can be resumed after an interruption (CHECKPOINT)."),
	 N_("RFC 1845")},
};

/* In enum smtp_state order; key is the state's label. */
static const struct kb_entry states[] = {
	{"greeting", N_("Waiting for the greeting"),
	 N_("Connected; the server speaks first with 220 (or 554 when it refuses the client). Send nothing yet: many servers reject a client that talks before the greeting."),
	 N_("RFC 5321 §3.1")},
	{"hello", N_("Greeted, hello expected"),
	 N_("Send EHLO (or HELO) now. This is also the state after STARTTLS and after XCLIENT, when the earlier EHLO no longer counts."),
	 N_("RFC 5321 §4.1.1.1")},
	{"ready", N_("Ready for a transaction"),
	 N_("Hello done. Next: MAIL FROM to start a transaction; before it, STARTTLS or AUTH if the server requires them. VRFY, NOOP, RSET and QUIT are allowed too."),
	 N_("RFC 5321 §4.1.4")},
	{"tls-handshake", N_("TLS handshake"),
	 N_("STARTTLS was accepted with 220: the TLS handshake runs now and nothing is sent in clear. Afterwards, send EHLO again."),
	 N_("RFC 3207 §4.2")},
	{"auth", N_("Authentication in progress"),
	 N_("A SASL exchange is running: answer each 334 challenge with one Base64 line, or '*' to cancel."),
	 N_("RFC 4954 §4")},
	{"mail", N_("Transaction open: sender accepted"),
	 N_("MAIL FROM was accepted. Next: RCPT TO, once per recipient."),
	 N_("RFC 5321 §4.1.1.2")},
	{"rcpt", N_("Recipients accepted"),
	 N_("At least one recipient was accepted. Add more with RCPT TO, or send DATA (or BDAT with CHUNKING)."),
	 N_("RFC 5321 §4.1.1.3")},
	{"data", N_("Sending the message"),
	 N_("354 was received: send the message, ending with a line holding a single '.'; lines starting with '.' get another '.' in front."),
	 N_("RFC 5321 §4.1.1.4")},
	{"quit", N_("Ending the session"),
	 N_("QUIT was sent; waiting for 221 and the close of the connection."),
	 N_("RFC 5321 §4.1.1.10")},
	{"closed", N_("Connection closed"),
	 N_("Nothing more can be sent. The transcript can still be saved."),
	 N_("RFC 5321 §3.8")},
};

_Static_assert(sizeof states / sizeof states[0] == SMTP_ST_COUNT,
	       "one state text per enum smtp_state");

const struct kb_entry *kb_command(const char *verb, size_t n)
{
	return kb_find(commands, KB_COUNT(commands), verb, n);
}

const struct kb_entry *kb_mail_param(const char *name, size_t n)
{
	return kb_find(params, KB_COUNT(params), name, n);
}

const struct kb_entry *kb_state(enum smtp_state s)
{
	return (unsigned)s < SMTP_ST_COUNT ? &states[s] : NULL;
}

const struct kb_entry *kb_commands(size_t *n)
{
	*n = KB_COUNT(commands);
	return commands;
}

const struct kb_entry *kb_mail_params(size_t *n)
{
	*n = KB_COUNT(params);
	return params;
}
