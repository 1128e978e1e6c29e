/* EHLO keywords: the IANA "SMTP Service Extensions" registry, historic
 * keywords still seen in the wild, and common vendor extensions; plus the
 * SASL mechanisms an AUTH keyword lists. Data only, sorted by key. */
#include "smtpdbg/kb.h"

#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"

static const struct kb_entry keywords[] = {
	{"8BITMIME", N_("8-bit MIME transport"),
	 N_("The server accepts message bodies with 8-bit bytes when MAIL FROM carries BODY=8BITMIME (BODY=7BIT is the default). Lines are still limited to 1000 octets and end in CRLF."),
	 N_("RFC 6152")},
	{"ATRN", N_("Authenticated TURN (on-demand mail relay)"),
	 N_("An authenticated client that holds mail for a domain may reverse the roles and receive the mail queued for it; used on the ODMR port 366."),
	 N_("RFC 2645")},
	{"AUTH", N_("Authentication (SASL)"),
	 N_("The server accepts AUTH with the mechanisms listed after the keyword. Submission servers often offer PLAIN and LOGIN only after STARTTLS. MAIL FROM may then carry AUTH=<mailbox>."),
	 N_("RFC 4954")},
	{"BINARYMIME", N_("Binary MIME"),
	 N_("Message bodies may contain arbitrary binary data (BODY=BINARYMIME); such a message must be sent with BDAT (CHUNKING), never with DATA."),
	 N_("RFC 3030")},
	{"BURL", N_("Message submission by reference"),
	 N_("The client may give the message, or parts of it, as URLs (usually IMAP URLs) that the server fetches: BURL <url> [LAST]. Parameters after the keyword name the URL schemes the server can fetch."),
	 N_("RFC 4468")},
	{"CHECKPOINT", N_("Checkpoint/restart"),
	 N_("Lets a client resume an interrupted transfer of a large message instead of starting over (MAIL FROM carries TRANSID=)."),
	 N_("RFC 1845")},
	{"CHUNKING", N_("Message data in chunks (BDAT)"),
	 N_("The client may send the message with BDAT <size> [LAST] instead of DATA: exact octet counts, no dot-stuffing and no end-of-data line. Each chunk gets its own reply."),
	 N_("RFC 3030")},
	{"CONNEG", N_("Content negotiation"),
	 N_("The client may learn what content the recipient can handle before sending (Internet fax)."),
	 N_("RFC 4141")},
	{"CONPERM", N_("Content conversion permission"),
	 N_("The client may say whether the message content may be converted on the way (Internet fax)."),
	 N_("RFC 4141")},
	{"DELIVERBY", N_("Deliver by"),
	 N_("The client may set a delivery time limit: MAIL FROM ... BY=<seconds>;R (return the message if late) or ;N (notify if late). A number after the keyword is the shortest limit the server accepts."),
	 N_("RFC 2852")},
	{"DSN", N_("Delivery status notifications"),
	 N_("The client may control delivery reports: RET=FULL|HDRS and ENVID= on MAIL FROM, NOTIFY=NEVER or SUCCESS,FAILURE,DELAY and ORCPT= on RCPT TO."),
	 N_("RFC 3461")},
	{"ENHANCEDSTATUSCODES", N_("Enhanced status codes"),
	 N_("The server puts a code such as 5.7.8 before the text of its replies (not the greeting or the EHLO reply), saying more precisely what happened (RFC 3463)."),
	 N_("RFC 2034")},
	{"ETRN", N_("Remote message queue starting"),
	 N_("A client may ask the server to deliver the mail it queued for a domain: ETRN <domain>, ETRN @<domain> (with subdomains) or ETRN #<queue>."),
	 N_("RFC 1985")},
	{"EXPN", N_("Expand a mailing list"),
	 N_("The server answers EXPN with the members of a mailing list. Often switched off because it reveals addresses."),
	 N_("RFC 5321 §3.5")},
	{"FUTURERELEASE", N_("Future release"),
	 N_("The client may ask the server to hold the message until later: HOLDFOR=<seconds> or HOLDUNTIL=<time> on MAIL FROM. The parameters after the keyword are the longest hold and the latest release time."),
	 N_("RFC 4865")},
	{"HELP", N_("Help"),
	 N_("The server answers HELP with text for people (214)."),
	 N_("RFC 5321 §4.1.1.8")},
	{"LIMITS", N_("Server limits"),
	 N_("The server states its limits up front, such as RCPTMAX= (recipients per transaction), MAILMAX= (transactions per session) and RCPTDOMAINMAX= (recipient domains per transaction), so a client can stay within them."),
	 N_("RFC 9422")},
	{"MT-PRIORITY", N_("Message transfer priority"),
	 N_("MAIL FROM may carry MT-PRIORITY=<-9..9>; the parameter after the keyword names the server's priority policy."),
	 N_("RFC 6710")},
	{"MTRK", N_("Message tracking"),
	 N_("MAIL FROM may carry MTRK= so the sender can later ask where the message went."),
	 N_("RFC 3885")},
	{"NO-SOLICITING", N_("No soliciting"),
	 N_("The server lists solicitation classes it refuses; a client marks such mail with SOLICIT= on MAIL FROM."),
	 N_("RFC 3865")},
	{"ONEX", N_("One message per session (historic)"),
	 N_("A sendmail extension: the client promises to send only one message in this session."),
	 N_("IANA SMTP Service Extensions registry (sendmail)")},
	{"PIPELINING", N_("Command pipelining"),
	 N_("The client may send several commands without waiting for each reply (MAIL, RCPT, RCPT, DATA); the server answers in order. EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP, and also AUTH and STARTTLS, must end a group."),
	 N_("RFC 2920")},
	{"PRDR", N_("Per-recipient data responses"),
	 N_("After the message data the server can accept the message for some recipients and refuse it for others: it sends 353, one reply per recipient, then a final reply. The client asks for it with PRDR on MAIL FROM."),
	 N_("draft-hall-prdr")},
	{"REQUIRETLS", N_("Require TLS along the whole path"),
	 N_("MAIL FROM may carry REQUIRETLS (only over TLS): every server on the way must then use verified TLS, or the message bounces (5.7.30)."),
	 N_("RFC 8689")},
	{"RRVS", N_("Require recipient valid since"),
	 N_("RCPT TO may carry RRVS=<date-time>: deliver only if the mailbox has had the same owner since then (otherwise 5.7.17)."),
	 N_("RFC 7293")},
	{"SAML", N_("Send and mail (historic)"),
	 N_("An RFC 821 command that delivered to the user's terminal and mailbox. Removed from SMTP; do not use."),
	 N_("RFC 821, RFC 5321 App. F.6")},
	{"SEND", N_("Send to terminal (historic)"),
	 N_("An RFC 821 command that delivered to the user's terminal. Removed from SMTP; do not use."),
	 N_("RFC 821, RFC 5321 App. F.6")},
	{"SIZE", N_("Message size declaration"),
	 N_("The number after SIZE is the largest message, in octets, the server accepts; 0 or no number means no fixed limit. The client may declare the size with SIZE=<n> on MAIL FROM, so a message that is too large is refused (552) before it is sent."),
	 N_("RFC 1870")},
	{"SMTPUTF8", N_("Internationalized email"),
	 N_("The server accepts UTF-8 in addresses and header fields when MAIL FROM carries SMTPUTF8."),
	 N_("RFC 6531")},
	{"SOML", N_("Send or mail (historic)"),
	 N_("An RFC 821 command that delivered to the user's terminal, or else the mailbox. Removed from SMTP; do not use."),
	 N_("RFC 821, RFC 5321 App. F.6")},
	{"STARTTLS", N_("Start TLS"),
	 N_("The server can upgrade this connection to TLS. Send STARTTLS, wait for 220, do the handshake, then EHLO again: everything learnt before TLS, this list included, is void, and the AUTH mechanisms often change. Unless the certificate is verified, an attacker in the middle can remove this keyword or intercept the session."),
	 N_("RFC 3207")},
	{"TURN", N_("Reverse roles (historic)"),
	 N_("RFC 821's TURN let client and server swap roles with no authentication; it is insecure and deprecated. ATRN replaces it."),
	 N_("RFC 821, RFC 5321 App. F.1")},
	{"UTF8SMTP", N_("Internationalized email (experimental, obsolete)"),
	 N_("The experimental predecessor of SMTPUTF8."),
	 N_("RFC 5336 (obsoleted by RFC 6531)")},
	{"VERB", N_("Verbose (historic)"),
	 N_("A sendmail extension: VERB asks the server to report delivery progress in detail."),
	 N_("IANA SMTP Service Extensions registry (sendmail)")},
	{"VRFY", N_("Verify an address"),
	 N_("The server answers VRFY. Many servers answer 252 to everything, so as not to reveal which mailboxes exist."),
	 N_("RFC 5321 §3.5")},
	{"X-EXPS", N_("Exchange server authentication (vendor)"),
	 N_("A Microsoft Exchange extension for authentication between Exchange servers (GSSAPI, NTLM)."),
	 N_("Microsoft Exchange, not registered")},
	{"X-LINK2STATE", N_("Exchange link state (vendor)"),
	 N_("A Microsoft Exchange extension exchanging routing information between Exchange servers."),
	 N_("Microsoft Exchange, not registered")},
	{"XCLIENT", N_("Override client attributes (Postfix)"),
	 N_("A trusted client (a proxy or a test tool) may change what the server believes about the connection: XCLIENT NAME= ADDR= PORT= PROTO= HELO= LOGIN= ... After the new 220 greeting the client must send EHLO again. Only hosts the server trusts for it may use it."),
	 N_("Postfix XCLIENT_README")},
	{"XEXCH50", N_("Exchange message properties (vendor)"),
	 N_("A Microsoft Exchange extension passing message properties between Exchange servers."),
	 N_("Microsoft Exchange, not registered")},
	{"XFORWARD", N_("Forward client attributes (Postfix)"),
	 N_("A trusted content filter may pass on the original client's NAME, ADDR, PORT, PROTO, HELO, IDENT and SOURCE for logging; it applies to the next transaction."),
	 N_("Postfix XFORWARD_README")},
};

/* SASL mechanisms (IANA "SASL Mechanisms" registry, plus common vendor
 * ones). What the mechanism sends matters most to someone debugging. */
static const struct kb_entry mechs[] = {
	{"ANONYMOUS", N_("Anonymous access"),
	 N_("No credentials; the client may send a trace string such as an email address."),
	 N_("RFC 4505")},
	{"CRAM-MD5", N_("Challenge-response with HMAC-MD5"),
	 N_("The password is not sent: the server sends a challenge, the client answers with its username and HMAC-MD5(password, challenge) in hex. The server must keep the password (or an equivalent) in clear. Limited use per the IANA registry."),
	 N_("RFC 2195")},
	{"DIGEST-MD5", N_("HTTP-style digest (historic)"),
	 N_("A challenge-response mechanism moved to Historic because of its complexity and weaknesses; prefer SCRAM."),
	 N_("RFC 2831, RFC 6331")},
	{"EXTERNAL", N_("Authentication from outside SASL"),
	 N_("The identity comes from elsewhere, typically the client's TLS certificate."),
	 N_("RFC 4422 App. A")},
	{"GSS-SPNEGO", N_("Negotiated GSS-API (Microsoft)"),
	 N_("Kerberos or NTLM, negotiated; used by Microsoft servers."),
	 N_("Microsoft, not registered")},
	{"GSSAPI", N_("Kerberos V5 via GSS-API"),
	 N_("Authentication with a Kerberos ticket; no password on the wire."),
	 N_("RFC 4752")},
	{"LOGIN", N_("Username and password prompts (obsolete)"),
	 N_("The server prompts with Base64 'Username:' and 'Password:' and the client answers each with its Base64 value. The password travels in clear (Base64 is not encryption): use it only over TLS. Marked obsolete in favour of PLAIN."),
	 N_("draft-murchison-sasl-login")},
	{"NTLM", N_("NT LAN Manager (Microsoft)"),
	 N_("A Microsoft challenge-response mechanism; weak by today's standards."),
	 N_("Microsoft MS-SMTPNTLM")},
	{"OAUTHBEARER", N_("OAuth 2.0 bearer token"),
	 N_("The client sends an OAuth access token instead of a password; the token is a secret too."),
	 N_("RFC 7628")},
	{"PLAIN", N_("Username and password in one message"),
	 N_("The client sends authorization identity, username and password, separated by NUL bytes and Base64-encoded. The password travels in clear (Base64 is not encryption): use it only over TLS."),
	 N_("RFC 4616")},
	{"SCRAM-SHA-1", N_("Salted challenge-response with SHA-1"),
	 N_("The password is not sent and the server stores only salted, derived keys; both sides prove knowledge of the password."),
	 N_("RFC 5802")},
	{"SCRAM-SHA-1-PLUS", N_("SCRAM-SHA-1 with TLS channel binding"),
	 N_("SCRAM-SHA-1 bound to the TLS connection, which defeats a man in the middle."),
	 N_("RFC 5802")},
	{"SCRAM-SHA-256", N_("Salted challenge-response with SHA-256"),
	 N_("The password is not sent and the server stores only salted, derived keys; the recommended password mechanism."),
	 N_("RFC 7677")},
	{"SCRAM-SHA-256-PLUS", N_("SCRAM-SHA-256 with TLS channel binding"),
	 N_("SCRAM-SHA-256 bound to the TLS connection, which defeats a man in the middle."),
	 N_("RFC 7677")},
	{"XOAUTH2", N_("OAuth 2.0 token (Google/Microsoft)"),
	 N_("A vendor predecessor of OAUTHBEARER: user and access token in one Base64 message; the token is a secret."),
	 N_("Google XOAUTH2 protocol, not registered")},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Case-insensitive match of n bytes against a table key. */
static const struct kb_entry *find(const struct kb_entry *t, size_t count, const char *s, size_t n)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < count; i++)
		if (strlen(t[i].key) == n && !strncasecmp(t[i].key, s, n))
			return &t[i];
	return NULL;
}

const struct kb_entry *kb_keyword(const char *kw, size_t n)
{
	return find(keywords, COUNT(keywords), kw, n);
}

const struct kb_entry *kb_sasl_mech(const char *name, size_t n)
{
	return find(mechs, COUNT(mechs), name, n);
}

const struct kb_entry *kb_keywords(size_t *n)
{
	*n = COUNT(keywords);
	return keywords;
}

const struct kb_entry *kb_sasl_mechs(size_t *n)
{
	*n = COUNT(mechs);
	return mechs;
}
