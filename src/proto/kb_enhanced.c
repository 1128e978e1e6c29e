/* Enhanced status codes (RFC 3463, RFC 2034) and every detail code of the
 * IANA "SMTP Enhanced Status Codes" registry (RFC 5248). The class is kept
 * apart from subject and detail, so "X.7.8" serves 4.7.8 and 5.7.8 alike.
 * Data only; details are sorted by subject, then detail. */
#include "smtpdbg/kb.h"

#include <stdio.h>
#include <string.h>

#include "smtpdbg/i18n.h"

static const struct kb_entry classes[] = {
	{"2.X.X", N_("Success"),
	 N_("The action succeeded; the detail may tell what was done on the way."),
	 N_("RFC 3463 §2")},
	{"4.X.X", N_("Persistent transient failure"),
	 N_("The message as sent is valid, but a temporary condition stopped it; sending again later may succeed."),
	 N_("RFC 3463 §2")},
	{"5.X.X", N_("Permanent failure"),
	 N_("Sending the same thing again will not succeed: the message, the address or the credentials must change first."),
	 N_("RFC 3463 §2")},
};

static const struct kb_entry subjects[] = {
	{"X.0.X", N_("Other or undefined status"),
	 N_("No further information about the subject."),
	 N_("RFC 3463 §3.1")},
	{"X.1.X", N_("Addressing status"),
	 N_("About the sender's or a recipient's address: its syntax or whether it is valid. Usually the sender can correct it."),
	 N_("RFC 3463 §3.2")},
	{"X.2.X", N_("Mailbox status"),
	 N_("About the recipient's mailbox, which is under the recipient's control: disabled, full, limits."),
	 N_("RFC 3463 §3.3")},
	{"X.3.X", N_("Mail system status"),
	 N_("About the destination mail system, under its administrator's control."),
	 N_("RFC 3463 §3.4")},
	{"X.4.X", N_("Network and routing status"),
	 N_("About the network or routing between systems, including directory services such as DNS."),
	 N_("RFC 3463 §3.5")},
	{"X.5.X", N_("Mail delivery protocol status"),
	 N_("About the SMTP exchange itself: invalid commands, syntax, arguments."),
	 N_("RFC 3463 §3.6")},
	{"X.6.X", N_("Message content or media status"),
	 N_("About the content of the message: media types, conversions, encodings."),
	 N_("RFC 3463 §3.7")},
	{"X.7.X", N_("Security or policy status"),
	 N_("About security and policy: authentication, authorization, filtering, encryption."),
	 N_("RFC 3463 §3.8")},
};

static const struct kb_entry details[] = {
	{"X.0.0", N_("Other undefined status"),
	 N_("Only the class of the outcome is known; the reply text may say more."),
	 N_("RFC 3463 §3.1")},

	{"X.1.0", N_("Other address status"),
	 N_("Something about an address caused this status."),
	 N_("RFC 3463 §3.2")},
	{"X.1.1", N_("Bad destination mailbox address"),
	 N_("The recipient's mailbox does not exist: the part left of the '@' is wrong. Check the address for typos."),
	 N_("RFC 3463 §3.2")},
	{"X.1.2", N_("Bad destination system address"),
	 N_("The recipient's domain does not exist or cannot take mail: the part right of the '@' is wrong."),
	 N_("RFC 3463 §3.2")},
	{"X.1.3", N_("Bad destination mailbox address syntax"),
	 N_("The recipient address is syntactically invalid."),
	 N_("RFC 3463 §3.2")},
	{"X.1.4", N_("Destination mailbox address ambiguous"),
	 N_("The address matches more than one recipient at the destination."),
	 N_("RFC 3463 §3.2")},
	{"X.1.5", N_("Destination address valid"),
	 N_("The recipient address is valid; used with success replies."),
	 N_("RFC 3463 §3.2")},
	{"X.1.6", N_("Destination mailbox has moved, no forwarding address"),
	 N_("The address was once valid but takes no more mail, and no new address is known."),
	 N_("RFC 3463 §3.2")},
	{"X.1.7", N_("Bad sender's mailbox address syntax"),
	 N_("The sender address (MAIL FROM) is syntactically invalid."),
	 N_("RFC 3463 §3.2")},
	{"X.1.8", N_("Bad sender's system address"),
	 N_("The sender's domain does not exist or cannot take mail back (no MX or A record), so bounces could not be returned."),
	 N_("RFC 3463 §3.2")},
	{"X.1.9", N_("Message relayed to non-compliant mailer"),
	 N_("The address was valid, but the message went on to a system that cannot report further status."),
	 N_("RFC 3886")},
	{"X.1.10", N_("Recipient address has null MX"),
	 N_("The recipient's domain publishes a null MX: it accepts no mail at all."),
	 N_("RFC 7505")},

	{"X.2.0", N_("Other or undefined mailbox status"),
	 N_("The mailbox exists, but something about it caused this status."),
	 N_("RFC 3463 §3.3")},
	{"X.2.1", N_("Mailbox disabled, not accepting messages"),
	 N_("The mailbox exists but takes no messages, temporarily or for good."),
	 N_("RFC 3463 §3.3")},
	{"X.2.2", N_("Mailbox full"),
	 N_("The recipient is over quota; the recipient can make room by deleting mail, so this is usually temporary."),
	 N_("RFC 3463 §3.3")},
	{"X.2.3", N_("Message length exceeds administrative limit"),
	 N_("The message is larger than this mailbox accepts."),
	 N_("RFC 3463 §3.3")},
	{"X.2.4", N_("Mailing list expansion problem"),
	 N_("The address is a mailing list that could not be expanded."),
	 N_("RFC 3463 §3.3")},

	{"X.3.0", N_("Other or undefined mail system status"),
	 N_("The destination system normally takes mail, but something about it caused this status."),
	 N_("RFC 3463 §3.4")},
	{"X.3.1", N_("Mail system full"),
	 N_("The destination system is out of storage; the recipient cannot fix this."),
	 N_("RFC 3463 §3.4")},
	{"X.3.2", N_("System not accepting network messages"),
	 N_("The host takes no messages now, for example because of a shutdown, load or maintenance."),
	 N_("RFC 3463 §3.4")},
	{"X.3.3", N_("System not capable of selected features"),
	 N_("The destination does not support features requested for this message."),
	 N_("RFC 3463 §3.4")},
	{"X.3.4", N_("Message too big for system"),
	 N_("The message is larger than the system's per-message limit (see SIZE in the EHLO reply)."),
	 N_("RFC 3463 §3.4")},
	{"X.3.5", N_("System incorrectly configured"),
	 N_("The destination system is not set up to accept this message."),
	 N_("RFC 3463 §3.4")},
	{"X.3.6", N_("Requested priority was changed"),
	 N_("The message was accepted, but with a different priority than MT-PRIORITY asked for."),
	 N_("RFC 6710")},

	{"X.4.0", N_("Other or undefined network or routing status"),
	 N_("A network or routing problem that no other code describes."),
	 N_("RFC 3463 §3.5")},
	{"X.4.1", N_("No answer from host"),
	 N_("The next host did not answer the connection attempt."),
	 N_("RFC 3463 §3.5")},
	{"X.4.2", N_("Bad connection"),
	 N_("A connection was made but the transaction could not be completed (timeout, poor connection)."),
	 N_("RFC 3463 §3.5")},
	{"X.4.3", N_("Directory server failure"),
	 N_("A directory server, typically DNS, could not be reached."),
	 N_("RFC 3463 §3.5")},
	{"X.4.4", N_("Unable to route"),
	 N_("No next hop could be found for the destination, for example no MX or address records."),
	 N_("RFC 3463 §3.5")},
	{"X.4.5", N_("Mail system congestion"),
	 N_("The mail system is congested; retry later."),
	 N_("RFC 3463 §3.5")},
	{"X.4.6", N_("Routing loop detected"),
	 N_("The message was passed around too many times (wrong routing or a forwarding loop)."),
	 N_("RFC 3463 §3.5")},
	{"X.4.7", N_("Delivery time expired"),
	 N_("The message was queued for too long, or its time limit (DELIVERBY) expired."),
	 N_("RFC 3463 §3.5")},

	{"X.5.0", N_("Other or undefined protocol status"),
	 N_("A protocol problem that no other code describes."),
	 N_("RFC 3463 §3.6")},
	{"X.5.1", N_("Invalid command"),
	 N_("The command was out of sequence or not supported."),
	 N_("RFC 3463 §3.6")},
	{"X.5.2", N_("Syntax error"),
	 N_("The command could not be understood: wrong syntax or unknown command."),
	 N_("RFC 3463 §3.6")},
	{"X.5.3", N_("Too many recipients"),
	 N_("More recipients than the server takes in one transaction; send the rest in another."),
	 N_("RFC 3463 §3.6")},
	{"X.5.4", N_("Invalid command arguments"),
	 N_("A valid command with invalid arguments (out of range, unknown features)."),
	 N_("RFC 3463 §3.6")},
	{"X.5.5", N_("Wrong protocol version"),
	 N_("The two sides could not agree on a protocol version."),
	 N_("RFC 3463 §3.6")},
	{"X.5.6", N_("Authentication exchange line is too long"),
	 N_("A Base64 AUTH response line was longer than the server accepts for this mechanism."),
	 N_("RFC 4954 §6")},

	{"X.6.0", N_("Other or undefined media error"),
	 N_("Something about the content made the message undeliverable."),
	 N_("RFC 3463 §3.7")},
	{"X.6.1", N_("Media not supported"),
	 N_("The message's media type is not supported along the path."),
	 N_("RFC 3463 §3.7")},
	{"X.6.2", N_("Conversion required and prohibited"),
	 N_("The content must be converted to be delivered, but conversion is not allowed."),
	 N_("RFC 3463 §3.7")},
	{"X.6.3", N_("Conversion required but not supported"),
	 N_("The content must be converted, but the relay cannot do it (for example 8-bit data for a 7-bit-only next hop)."),
	 N_("RFC 3463 §3.7")},
	{"X.6.4", N_("Conversion with loss performed"),
	 N_("The message was delivered, but a conversion lost some data."),
	 N_("RFC 3463 §3.7")},
	{"X.6.5", N_("Conversion failed"),
	 N_("A required conversion did not succeed."),
	 N_("RFC 3463 §3.7")},
	{"X.6.6", N_("Message content not available"),
	 N_("Content given by reference (BURL) could not be fetched."),
	 N_("RFC 4468")},
	{"X.6.7", N_("Non-ASCII addresses not permitted for that sender/recipient"),
	 N_("An address with non-ASCII characters was given, but SMTPUTF8 is not in effect for it."),
	 N_("RFC 6531")},
	{"X.6.8", N_("UTF-8 string reply is required, but not permitted by the SMTP client"),
	 N_("The reply would need UTF-8 to show a mailbox name, but the client did not ask for SMTPUTF8."),
	 N_("RFC 6531")},
	{"X.6.9", N_("UTF-8 header message cannot be transferred to one or more recipients"),
	 N_("The message has UTF-8 header fields that cannot be passed on, so it must be rejected."),
	 N_("RFC 6531")},
	{"X.6.10", N_("Duplicate of X.6.8 (deprecated)"),
	 N_("Registered by mistake with the meaning of X.6.8; do not use."),
	 N_("RFC 6531")},

	{"X.7.0", N_("Other or undefined security status"),
	 N_("A security or policy reason that no other code describes. With AUTH it is common: 2.7.0 authentication succeeded, 4.7.0 temporary authentication failure, 5.7.0 authentication required."),
	 N_("RFC 3463 §3.8, RFC 4954 §6")},
	{"X.7.1", N_("Delivery not authorized, message refused"),
	 N_("The sender may not send to this destination: per-host or per-recipient filtering, typically 'relay access denied' for unauthenticated clients, or a blocklist."),
	 N_("RFC 3463 §3.8")},
	{"X.7.2", N_("Mailing list expansion prohibited"),
	 N_("The sender may not send to this mailing list."),
	 N_("RFC 3463 §3.8")},
	{"X.7.3", N_("Security conversion required but not possible"),
	 N_("A conversion between secure messaging protocols was needed and could not be done."),
	 N_("RFC 3463 §3.8")},
	{"X.7.4", N_("Security features not supported"),
	 N_("The message requires security features the delivery protocol cannot support."),
	 N_("RFC 3463 §3.8")},
	{"X.7.5", N_("Cryptographic failure"),
	 N_("A system that should verify or decrypt the message could not, for lack of a valid key."),
	 N_("RFC 3463 §3.8")},
	{"X.7.6", N_("Cryptographic algorithm not supported"),
	 N_("A system that should verify or decrypt the message does not support the algorithm."),
	 N_("RFC 3463 §3.8")},
	{"X.7.7", N_("Message integrity failure"),
	 N_("The message was found corrupted or altered."),
	 N_("RFC 3463 §3.8")},
	{"X.7.8", N_("Authentication credentials invalid"),
	 N_("Authentication failed because the credentials were wrong or insufficient: ask the user for them again."),
	 N_("RFC 4954 §6")},
	{"X.7.9", N_("Authentication mechanism is too weak"),
	 N_("The chosen mechanism is weaker than policy allows for this user; use a stronger one."),
	 N_("RFC 4954 §6")},
	{"X.7.10", N_("Encryption needed"),
	 N_("The mechanism needs an external privacy layer such as TLS first; mostly for plaintext mechanisms."),
	 N_("RFC 5248")},
	{"X.7.11", N_("Encryption required for requested authentication mechanism"),
	 N_("This mechanism may only be used over an encrypted connection: STARTTLS first."),
	 N_("RFC 4954 §6")},
	{"X.7.12", N_("A password transition is needed"),
	 N_("Authenticate once with PLAIN (over TLS) so the chosen mechanism works afterwards."),
	 N_("RFC 4954 §6")},
	{"X.7.13", N_("User account disabled"),
	 N_("The credentials were right but the account is disabled; only its administrator can help, so do not ask for the password again."),
	 N_("RFC 5248")},
	{"X.7.14", N_("Trust relationship required"),
	 N_("The submission server needs a configured trust relationship with a third-party server, for example to fetch BURL content."),
	 N_("RFC 5248")},
	{"X.7.15", N_("Priority level is too low"),
	 N_("The MT-PRIORITY given is below what the server accepts now."),
	 N_("RFC 6710")},
	{"X.7.16", N_("Message is too big for the specified priority"),
	 N_("At this MT-PRIORITY level the server accepts only smaller messages."),
	 N_("RFC 6710")},
	{"X.7.17", N_("Mailbox owner has changed"),
	 N_("RRVS: the mailbox has not had the same owner since the time the sender gave."),
	 N_("RFC 7293")},
	{"X.7.18", N_("Domain owner has changed"),
	 N_("RRVS: the recipient's domain has changed owner since the time the sender gave."),
	 N_("RFC 7293")},
	{"X.7.19", N_("RRVS test cannot be completed"),
	 N_("RRVS: the receiver cannot tell whether the mailbox changed owner; the sender may resend without RRVS."),
	 N_("RFC 7293")},
	{"X.7.20", N_("No passing DKIM signature found"),
	 N_("Local policy requires a valid DKIM signature and the message had none."),
	 N_("RFC 7372")},
	{"X.7.21", N_("No acceptable DKIM signature found"),
	 N_("The message has valid DKIM signatures, but none that local policy accepts."),
	 N_("RFC 7372")},
	{"X.7.22", N_("No valid author-matched DKIM signature found"),
	 N_("No acceptable DKIM signature matches the author's domain in the From header field."),
	 N_("RFC 7372")},
	{"X.7.23", N_("SPF validation failed"),
	 N_("The sending host is not allowed by the sender domain's SPF record."),
	 N_("RFC 7372")},
	{"X.7.24", N_("SPF validation error"),
	 N_("Evaluating the sender domain's SPF record produced an error (a DNS failure or a broken record)."),
	 N_("RFC 7372")},
	{"X.7.25", N_("Reverse DNS validation failed"),
	 N_("The client's IP address failed the reverse DNS check local policy requires."),
	 N_("RFC 7372")},
	{"X.7.26", N_("Multiple authentication checks failed"),
	 N_("The message failed more than one authentication check (SPF, DKIM, ...)."),
	 N_("RFC 7372")},
	{"X.7.27", N_("Sender address has null MX"),
	 N_("The sender's domain publishes a null MX, so bounces could never be delivered."),
	 N_("RFC 7505")},
	{"X.7.28", N_("Mail flood detected"),
	 N_("The message looks like part of a flood of similar abusive messages; large mail providers use it for rate limiting."),
	 N_("draft-levine-mailbomb-header")},
	{"X.7.29", N_("ARC validation failure"),
	 N_("The message's Authenticated Received Chain did not validate."),
	 N_("RFC 8617")},
	{"X.7.30", N_("REQUIRETLS support required"),
	 N_("The message asked for REQUIRETLS, but the next hop does not support it, so it could not be passed on."),
	 N_("RFC 8689")},
};

/* Where the registry gives one class of a code its own meaning. */
static const struct kb_entry exact[] = {
	{"2.7.0", N_("Authentication succeeded"),
	 N_("Sent with 235 when AUTH succeeds."),
	 N_("RFC 4954 §6")},
	{"4.7.0", N_("Temporary authentication failure"),
	 N_("Sent with 454 when the server could not check the credentials now."),
	 N_("RFC 4954 §6")},
	{"5.7.0", N_("Authentication required"),
	 N_("Sent with 530 when policy requires AUTH before this command."),
	 N_("RFC 4954 §6")},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct kb_entry *find(const struct kb_entry *t, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].key, key))
			return &t[i];
	return NULL;
}

const struct kb_entry *kb_enhanced(int subject, int detail)
{
	char key[24];
	if (subject < 0 || subject > 999 || detail < 0 || detail > 999)
		return NULL;
	snprintf(key, sizeof key, "X.%d.%d", subject, detail);
	return find(details, COUNT(details), key);
}

const struct kb_entry *kb_enhanced_exact(int cls, int subject, int detail)
{
	char key[24];
	if (cls < 0 || cls > 9 || subject < 0 || subject > 999 || detail < 0 || detail > 999)
		return NULL;
	snprintf(key, sizeof key, "%d.%d.%d", cls, subject, detail);
	return find(exact, COUNT(exact), key);
}

const struct kb_entry *kb_enhanced_class(int cls)
{
	switch (cls) {
	case 2: return &classes[0];
	case 4: return &classes[1];
	case 5: return &classes[2];
	default: return NULL;
	}
}

const struct kb_entry *kb_enhanced_subject(int subject)
{
	if (subject < 0 || (size_t)subject >= COUNT(subjects))
		return NULL;
	return &subjects[subject];
}

const struct kb_entry *kb_enhanced_codes(size_t *n)
{
	*n = COUNT(details);
	return details;
}
