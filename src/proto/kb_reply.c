/* Reply codes: what each registered code means in practice, the meaning
 * of its digits (RFC 5321 §4.2.1), and meanings that depend on the command
 * a reply answers. Data only; the tables are sorted by key so that lookups
 * can bsearch and tests can check order and uniqueness. */
#include "smtpdbg/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"

/* RFC 5321 §4.2.3 lists the base codes; extensions add their own. */
static const struct kb_entry codes[] = {
	{"211", N_("System status, or system help reply"),
	 N_("Status or help information, usually answering HELP. Informational: nothing needs to be done."),
	 N_("RFC 5321 §4.2.3")},
	{"214", N_("Help message"),
	 N_("Text meant for a person, usually answering HELP: how to use this server or a command. Nothing for a program to act on."),
	 N_("RFC 5321 §4.2.3")},
	{"220", N_("Service ready"),
	 N_("The server is ready. As the first line of a session (the greeting) it names the server, and the client should now send EHLO (or HELO). Answering STARTTLS it means: start the TLS handshake now."),
	 N_("RFC 5321 §4.2.3, RFC 3207 §4")},
	{"221", N_("Service closing transmission channel"),
	 N_("Goodbye: the server closes the connection, normally answering QUIT."),
	 N_("RFC 5321 §4.2.3")},
	{"235", N_("Authentication succeeded"),
	 N_("AUTH worked: the session is now authenticated as the user named in the exchange and the client may go on with MAIL. Another AUTH in this session is refused with 503."),
	 N_("RFC 4954 §6")},
	{"250", N_("Requested mail action okay, completed"),
	 N_("Success. Answering EHLO, each line after the first names an extension the server supports; answering MAIL or RCPT, the sender or recipient was accepted; after the final '.' of the message, the server has taken responsibility for delivering it (it can still bounce it later)."),
	 N_("RFC 5321 §4.2.3")},
	{"251", N_("User not local; will forward"),
	 N_("The recipient was accepted, but the server will forward the message to another address, usually named in the text. Answering ETRN it means there are no messages waiting for that node."),
	 N_("RFC 5321 §4.2.3, RFC 1985")},
	{"252", N_("Cannot VRFY user, but will accept message and attempt delivery"),
	 N_("The usual answer to VRFY from servers that do not reveal which mailboxes exist: it says nothing about whether the address is valid. Answering ETRN it means messages for that node are pending and a queue run has started."),
	 N_("RFC 5321 §4.2.3, RFC 1985")},
	{"253", N_("Pending messages for node started"),
	 N_("Answering ETRN: the server has the stated number of messages queued for the node and has started to deliver them."),
	 N_("RFC 1985")},
	{"334", N_("Continue the authentication exchange"),
	 N_("The server wants the next step of a SASL exchange. Its text is a Base64-encoded challenge (possibly empty); the client answers with one line of Base64, or '*' to cancel. In AUTH LOGIN the challenges are the prompts 'Username:' and 'Password:'."),
	 N_("RFC 4954 §4")},
	{"353", N_("PRDR: per-recipient replies follow"),
	 N_("Sent after the message data when the client asked for PRDR: one reply per recipient follows, in RCPT order, and then a final reply for the whole message. PRDR is an Internet-Draft, implemented by Exim and a few others."),
	 N_("draft-hall-prdr")},
	{"354", N_("Start mail input; end with <CRLF>.<CRLF>"),
	 N_("DATA was accepted: send the message (header fields, an empty line, the body), then a line with a single '.'. A line of the message that begins with '.' gets one more '.' in front (dot-stuffing)."),
	 N_("RFC 5321 §4.2.3, §4.5.2")},
	{"421", N_("Service not available, closing transmission channel"),
	 N_("The server is ending the session: it is overloaded or shutting down, too many connections came from this client, a timeout expired, or the client was judged abusive. It may come at any time, in answer to any command. Try again later."),
	 N_("RFC 5321 §4.2.3, §3.8")},
	{"432", N_("A password transition is needed"),
	 N_("Answering AUTH: the user must first authenticate once with PLAIN (over TLS), so the server can prepare what the chosen mechanism needs; after that the mechanism works."),
	 N_("RFC 4954 §6")},
	{"450", N_("Requested mail action not taken: mailbox unavailable"),
	 N_("Temporary: the mailbox is busy or temporarily blocked, often by policy; greylisting answers the first attempt like this. Retry later; a mail server queues the message and does so by itself."),
	 N_("RFC 5321 §4.2.3")},
	{"451", N_("Requested action aborted: local error in processing"),
	 N_("Temporary failure on the server's side: a filter or database failed, a DNS lookup timed out, or greylisting is in effect. Retry later."),
	 N_("RFC 5321 §4.2.3")},
	{"452", N_("Requested action not taken: insufficient system storage"),
	 N_("Temporary: the server is short of space, or (answering RCPT) this transaction already has as many recipients as the server takes; send the remaining recipients in another transaction."),
	 N_("RFC 5321 §4.2.3, §4.5.3.1.10")},
	{"454", N_("Temporary failure: TLS or authentication not available"),
	 N_("Answering STARTTLS: TLS is not available for a temporary reason (for example the server cannot load its certificate). Answering AUTH: a temporary authentication failure, such as an unreachable password database; the credentials may well be right, so do not ask for them again."),
	 N_("RFC 3207 §4, RFC 4954 §6")},
	{"455", N_("Server unable to accommodate parameters"),
	 N_("Temporary: the server understood the MAIL FROM or RCPT TO parameters but cannot satisfy them now. Retry later."),
	 N_("RFC 5321 §4.2.3")},
	{"458", N_("Unable to queue messages for node"),
	 N_("Answering ETRN: the server cannot start a queue run for that node now."),
	 N_("RFC 1985")},
	{"459", N_("Node not allowed"),
	 N_("Answering ETRN: this client may not ask for a queue run for that node; the text gives the reason."),
	 N_("RFC 1985")},
	{"500", N_("Syntax error, command unrecognized"),
	 N_("The server did not understand the line: a typo, a command it does not know, or a line that is too long. With 5.5.6 during AUTH: the response line was longer than the server accepts."),
	 N_("RFC 5321 §4.2.3, RFC 4954 §6")},
	{"501", N_("Syntax error in parameters or arguments"),
	 N_("The command is known but its arguments are wrong, for example a malformed address in MAIL FROM or RCPT TO, or no name after EHLO. Answering STARTTLS: the command takes no parameters. During AUTH: the client cancelled with '*', or its response was not valid Base64."),
	 N_("RFC 5321 §4.2.3, RFC 3207 §4, RFC 4954 §4")},
	{"502", N_("Command not implemented"),
	 N_("The server knows the command but does not offer it, or it was switched off (VRFY and EXPN often are, for privacy)."),
	 N_("RFC 5321 §4.2.3, §4.2.4")},
	{"503", N_("Bad sequence of commands"),
	 N_("The command came at the wrong moment: RCPT before MAIL, DATA before an accepted RCPT, MAIL before EHLO, or AUTH after a successful AUTH or inside a mail transaction."),
	 N_("RFC 5321 §4.2.3, RFC 4954 §4")},
	{"504", N_("Command parameter not implemented"),
	 N_("The command is known, but the server does not implement this parameter, or refuses the argument given (Postfix answers a HELO name it rejects with 504)."),
	 N_("RFC 5321 §4.2.3")},
	{"521", N_("Host does not accept mail"),
	 N_("This host never accepts mail, as a greeting or in answer to any command (for example a host that only sends). Retrying will not help."),
	 N_("RFC 7504")},
	{"530", N_("Authentication required, or STARTTLS first"),
	 N_("This server wants STARTTLS (or AUTH) first. Typical on submission ports: send STARTTLS, then EHLO again, then AUTH, and repeat the command. The text or the enhanced code (5.7.0 authentication required) says which."),
	 N_("RFC 4954 §6, RFC 3207 §4")},
	{"534", N_("Authentication mechanism is too weak"),
	 N_("Answering AUTH: server policy does not allow this mechanism for this user. Retry with a stronger mechanism from the AUTH line of the EHLO reply."),
	 N_("RFC 4954 §6")},
	{"535", N_("Authentication credentials invalid"),
	 N_("Answering AUTH: authentication failed. Usually the username or the password is wrong (check the exact username form the server expects: full address or local part). With a challenge-response mechanism (CRAM-MD5, SCRAM) the computed response did not match, which also happens when the server does not keep the password in a form that mechanism can use."),
	 N_("RFC 4954 §6")},
	{"538", N_("Encryption required for requested authentication mechanism"),
	 N_("Answering AUTH: this mechanism may only be used over an encrypted connection. Send STARTTLS (or connect with implicit TLS) first."),
	 N_("RFC 4954 §6")},
	{"550", N_("Requested action not taken: mailbox unavailable"),
	 N_("Permanent: the mailbox does not exist, access was refused, or policy rejected the command (relaying denied, a blocked sender, spam). The enhanced code tells which: 5.1.1 unknown mailbox, 5.7.1 not authorized, such as relay access denied."),
	 N_("RFC 5321 §4.2.3")},
	{"551", N_("User not local; please try <forward-path>"),
	 N_("Permanent: the server will not relay to this recipient but says in its text where the mailbox is now. Send to that address instead."),
	 N_("RFC 5321 §4.2.3")},
	{"552", N_("Requested mail action aborted: exceeded storage allocation"),
	 N_("The message is larger than the server or the mailbox accepts, or the mailbox is full. Answering RCPT for too many recipients it should be treated like 452, as a temporary failure (RFC 5321 §4.5.3.1.10)."),
	 N_("RFC 5321 §4.2.3")},
	{"553", N_("Requested action not taken: mailbox name not allowed"),
	 N_("Permanent: the address is malformed or not allowed, for example a sender address the authenticated user may not use."),
	 N_("RFC 5321 §4.2.3")},
	{"554", N_("Transaction failed"),
	 N_("Permanent failure, often a policy rejection: the message was refused as spam or malware, or there were no valid recipients. As the greeting it means no SMTP service here: this client is blocked by policy (for example its IP address is on a blocklist)."),
	 N_("RFC 5321 §4.2.3, §3.1")},
	{"555", N_("MAIL FROM/RCPT TO parameters not recognized or not implemented"),
	 N_("The server does not know a parameter given after the address (SIZE=, BODY=, SMTPUTF8, ...), usually because it did not advertise the matching EHLO keyword."),
	 N_("RFC 5321 §4.2.3")},
	{"556", N_("Domain does not accept mail"),
	 N_("The recipient's domain publishes a null MX: it receives no mail at all. Retrying will not help; check the address."),
	 N_("RFC 7504, RFC 7505")},
};

static const struct kb_entry first_digit[] = {
	{"2yz", N_("Positive completion"),
	 N_("The requested action was completed; the client may send its next command."),
	 N_("RFC 5321 §4.2.1")},
	{"3yz", N_("Positive intermediate"),
	 N_("The command was accepted, but the server needs more before it can act: the message data after 354, the next SASL response after 334."),
	 N_("RFC 5321 §4.2.1")},
	{"4yz", N_("Transient negative completion"),
	 N_("Not done, but the condition is temporary: the same request may succeed later. Mail servers queue and retry."),
	 N_("RFC 5321 §4.2.1")},
	{"5yz", N_("Permanent negative completion"),
	 N_("Not done, and repeating the same request will fail again: something must change first."),
	 N_("RFC 5321 §4.2.1")},
};

static const struct kb_entry second_digit[] = {
	{"x0z", N_("Syntax"),
	 N_("Syntax errors, commands that fit no other category, unimplemented or superfluous commands."),
	 N_("RFC 5321 §4.2.1")},
	{"x1z", N_("Information"),
	 N_("Replies to requests for information, such as status or help."),
	 N_("RFC 5321 §4.2.1")},
	{"x2z", N_("Connections"),
	 N_("Replies about the transmission channel: ready, closing, not available."),
	 N_("RFC 5321 §4.2.1")},
	{"x3z", N_("Unspecified"),
	 N_("No category assigned by RFC 5321; extensions use it (334 AUTH challenges, 530-538 authentication)."),
	 N_("RFC 5321 §4.2.1")},
	{"x4z", N_("Unspecified"),
	 N_("No category assigned by RFC 5321."),
	 N_("RFC 5321 §4.2.1")},
	{"x5z", N_("Mail system"),
	 N_("The state of the receiving mail system with respect to the requested transfer or action."),
	 N_("RFC 5321 §4.2.1")},
};

/* Meanings that depend on what the reply answers. Key: code, a space, the
 * verb ("GREETING" for the banner, "DOT" for the end of message data). */
static const struct kb_entry contexts[] = {
	{"220 GREETING", N_("Greeting"),
	 N_("The server names itself and is ready. Send EHLO (HELO only for a server without extensions); a client that sends before the greeting is rejected by many servers."),
	 N_("RFC 5321 §3.1")},
	{"220 STARTTLS", N_("Start TLS now"),
	 N_("Start the TLS handshake now, before sending anything else. After it everything learnt in clear is void: send EHLO again (the AUTH list often changes)."),
	 N_("RFC 3207 §4.2")},
	{"220 XCLIENT", N_("New greeting after XCLIENT"),
	 N_("XCLIENT was accepted and the session starts over with the new client attributes: send EHLO again."),
	 N_("Postfix XCLIENT_README")},
	{"221 QUIT", N_("Session ends"),
	 N_("The normal end of a session; the server closes the connection."),
	 N_("RFC 5321 §4.1.1.10")},
	{"235 AUTH", N_("Authenticated"),
	 N_("The SASL exchange is complete. If the mechanism negotiated a security layer, the client must forget what it learnt and send EHLO again."),
	 N_("RFC 4954 §4")},
	{"250 DOT", N_("Message accepted"),
	 N_("The server has accepted the message and is now responsible for it. A queue ID in the text helps to find it in the server's logs."),
	 N_("RFC 5321 §4.1.1.4")},
	{"250 EHLO", N_("Extensions follow"),
	 N_("The first line names the server; every further line is an extension keyword, with parameters."),
	 N_("RFC 5321 §4.1.1.1")},
	{"250 ETRN", N_("Queue run started"),
	 N_("Delivery of the messages queued for that node has started."),
	 N_("RFC 1985")},
	{"250 MAIL", N_("Sender accepted"),
	 N_("A mail transaction has started. Next: RCPT TO for each recipient."),
	 N_("RFC 5321 §4.1.1.2")},
	{"250 RCPT", N_("Recipient accepted"),
	 N_("Add more recipients, or send DATA. Accepted does not mean delivered: the message can still bounce later."),
	 N_("RFC 5321 §4.1.1.3")},
	{"250 RSET", N_("Transaction reset"),
	 N_("Sender, recipients and data were discarded; EHLO and authentication stay in force."),
	 N_("RFC 5321 §4.1.1.5")},
	{"251 ETRN", N_("No messages waiting"),
	 N_("There are no messages queued for that node."),
	 N_("RFC 1985")},
	{"252 ETRN", N_("Pending messages, queue run started"),
	 N_("Messages for that node are waiting and delivery has started."),
	 N_("RFC 1985")},
	{"252 VRFY", N_("Will not verify"),
	 N_("The server does not tell whether the mailbox exists; it will still try to deliver mail to it."),
	 N_("RFC 5321 §3.5.3")},
	{"334 AUTH", N_("SASL challenge"),
	 N_("A Base64-encoded challenge for the mechanism in use; decode it to see what the server asks for."),
	 N_("RFC 4954 §4")},
	{"354 DATA", N_("Send the message now"),
	 N_("Send header fields, an empty line, the body, then a line with a single '.'."),
	 N_("RFC 5321 §4.1.1.4")},
	{"421 GREETING", N_("Not now"),
	 N_("The server will not serve this client now (overload, connection limits, rate limits). Try again later."),
	 N_("RFC 5321 §4.2.3")},
	{"454 AUTH", N_("Temporary authentication failure"),
	 N_("The server could not check the credentials now; they may be right. Try again later rather than asking for a new password."),
	 N_("RFC 4954 §6")},
	{"454 STARTTLS", N_("TLS not available"),
	 N_("TLS is temporarily unavailable. Do not send credentials in clear instead: try again later."),
	 N_("RFC 3207 §4")},
	{"501 AUTH", N_("Exchange cancelled or bad Base64"),
	 N_("The client cancelled with '*', or a response line was not valid Base64."),
	 N_("RFC 4954 §4")},
	{"501 STARTTLS", N_("No parameters allowed"),
	 N_("STARTTLS takes no parameters: send the bare command."),
	 N_("RFC 3207 §4")},
	{"503 AUTH", N_("AUTH not allowed now"),
	 N_("The session is already authenticated, or a mail transaction is in progress."),
	 N_("RFC 4954 §4")},
	{"504 AUTH", N_("Mechanism not supported"),
	 N_("The server does not support that SASL mechanism; use one from the AUTH line of its EHLO reply."),
	 N_("RFC 4954 §4")},
	{"530 AUTH", N_("STARTTLS first"),
	 N_("This server allows AUTH only after STARTTLS: send STARTTLS, EHLO again, then AUTH."),
	 N_("RFC 3207 §4")},
	{"530 MAIL", N_("Authenticate first"),
	 N_("This server takes mail only from authenticated (and often TLS-protected) clients: STARTTLS, EHLO, AUTH, then MAIL again."),
	 N_("RFC 4954 §6")},
	{"550 RCPT", N_("Recipient refused"),
	 N_("Usually an unknown mailbox (5.1.1), or relaying denied (5.7.1): the server does not pass mail on to other domains for unauthenticated clients."),
	 N_("RFC 5321 §4.2.3")},
	{"552 DOT", N_("Message too large or mailbox full"),
	 N_("The message exceeded a size limit or the recipient's storage."),
	 N_("RFC 5321 §4.2.3")},
	{"554 DOT", N_("Message rejected"),
	 N_("The content was refused: spam or malware filters, policy, or no valid recipients."),
	 N_("RFC 5321 §4.2.5")},
	{"554 GREETING", N_("No SMTP service here"),
	 N_("The server refuses this client, typically by policy (a blocklisted address). It should wait for QUIT and answer anything else with 503."),
	 N_("RFC 5321 §3.1")},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kb_entry *)elem)->key);
}

static const struct kb_entry *find(const struct kb_entry *t, size_t n, const char *key)
{
	return bsearch(key, t, n, sizeof *t, cmp_key);
}

const struct kb_entry *kb_reply_code(int code)
{
	char key[8];
	if (code < 200 || code > 599)
		return NULL;
	snprintf(key, sizeof key, "%d", code);
	return find(codes, COUNT(codes), key);
}

/* Both a whole code (535) and a bare digit are accepted. */
const struct kb_entry *kb_reply_first_digit(int code)
{
	int d = code >= 100 ? code / 100 : code;
	if (d < 2 || d > 5)
		return NULL;
	return &first_digit[d - 2];
}

const struct kb_entry *kb_reply_second_digit(int code)
{
	int d = code >= 100 ? code / 10 % 10 : code;
	if (d < 0 || d > 5)
		return NULL;
	return &second_digit[d];
}

const struct kb_entry *kb_reply_context(int code, const char *verb)
{
	char key[32];
	if (!verb || code < 200 || code > 599 || strlen(verb) > 20)
		return NULL;
	snprintf(key, sizeof key, "%d %s", code, verb);
	return find(contexts, COUNT(contexts), key);
}

const struct kb_entry *kb_reply_contexts(int code, size_t *n)
{
	char prefix[8];
	const struct kb_entry *first = NULL;
	*n = 0;
	if (code < 200 || code > 599)
		return NULL;
	snprintf(prefix, sizeof prefix, "%d ", code);
	for (size_t i = 0; i < COUNT(contexts); i++) {
		if (strncmp(contexts[i].key, prefix, 4) != 0)
			continue;
		if (!first)
			first = &contexts[i];
		(*n)++;
	}
	return first;
}

const struct kb_entry *kb_reply_codes(size_t *n)
{
	*n = COUNT(codes);
	return codes;
}

const struct kb_entry *kb_reply_context_table(size_t *n)
{
	*n = COUNT(contexts);
	return contexts;
}
