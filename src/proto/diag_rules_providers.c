/* Providers' documented refusal texts: Microsoft 365 / Exchange Online,
 * Outlook.com, Google (Gmail, Workspace), Yahoo/AOL, Apple iCloud, GMX,
 * Web.de, T-Online and others. Each rule names the page it comes from.
 * Data only; see diag.h for the pattern language.
 *
 * Where a provider's page explains a code but not the words its servers
 * send (Yahoo's [TS..] codes, iCloud, T-Online), the source says so and
 * names where the reply's wording was taken from. */
#include "diag_tables.h"

#include "smtpdbg/i18n.h"

/* Microsoft: the Exchange Online NDR reference and its "Fix error code"
 * articles (learn.microsoft.com, from MicrosoftDocs/SupportArticles-docs). */
#define MS_TS "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/"
#define MS_NDR MS_TS "ndr/non-delivery-reports-in-exchange-online"
#define MS_FIX MS_TS "ndr/fix-error-code-"
#define MS_PRN                                                                                     \
	MS_TS "fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off"
#define MS_AUTH                                                                                    \
	"https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/"        \
	"authenticated-client-smtp-submission"
#define MS_EXSRV                                                                                   \
	"https://learn.microsoft.com/en-us/exchange/mail-flow/non-delivery-reports-and-bounce-"    \
	"messages/non-delivery-reports-and-bounce-messages"
#define MS_SPAMHAUS                                                                                \
	"Microsoft 365 help 'Error sending email: Client host blocked using Spamhaus' (Alchemy "   \
	"Insights, assetid fa98ab4a-92eb-45e9-8d57-ad10fb123042)"
/* Outlook.com (consumer) postmaster pages. */
#define OLC_TS "https://postmaster.live.com/pm/troubleshooting.aspx"
#define OLC_HVS                                                                                    \
	"https://techcommunity.microsoft.com/blog/MicrosoftDefenderforOffice365Blog/"              \
	"strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90"       \
	"volume-senders/4399730"
#define MS_QUOTA MS_TS "ndr/fix-error-for-submission-quota-exceeded-in-exchange-online"
#define MS_SUBM MS_TS "send-emails/smtp-submission-improvements"
#define MS_GROUP MS_TS "email-delivery/microsoft-365-group-email-delivery-fails"
#define SISIMAI_MS "sisimai rb-sisimai lib/sisimai/rhost/microsoft.rb"
/* Google: "Gmail SMTP errors and codes". */
#define GMAIL "https://support.google.com/a/answer/3726730"
/* Yahoo Sender Hub. */
#define YAHOO "https://senders.yahooinc.com/smtp-error-codes/"
#define SISIMAI_YAHOO "sisimai rb-sisimai lib/sisimai/rhost/yahooinc.rb"
/* Apple: the postmaster page documents the contact, not the texts. */
#define APPLE "https://support.apple.com/en-us/102322"
#define SISIMAI_APPLE "sisimai rb-sisimai lib/sisimai/rhost/apple.rb"
/* GMX / WEB.DE (1&1 Mail & Media) and T-Online. */
#define GMX "https://postmaster.gmx.com/en/error-messages"
#define TONLINE "https://postmaster.t-online.de/"
/* Comcast / Xfinity. */
#define COMCAST "http://postmaster.comcast.net/mail-error-codes.html"
/* Amazon SES. */
#define SES_VERIFY "https://repost.aws/knowledge-center/ses-554-400-message-rejected-error"
#define SES_HDR "https://docs.aws.amazon.com/ses/latest/dg/header-fields.html"
/* Tencent QQ Mail: help pages as named by sisimai. */
#define SISIMAI_QQ "sisimai rb-sisimai lib/sisimai/rhost/tencent.rb"
/* Zoho ZeptoMail (transactional relay). */
#define ZEPTO "https://www.zoho.com/zeptomail/help/api/smtp-error-codes.html"

const struct diag_rule diag_rules_providers[] = {
	/* ---- Microsoft 365 / Exchange Online: authentication, submission ---- */
	{"auth.required", DIAG_LIKELY,
	 "client was not authenticated to send anonymous mail|"
	 "client not authenticated to send mail", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: smtp.office365.com accepts mail only after AUTH with the "
	    "credentials of a mailbox; a device that cannot log in must use direct send (the "
	    "tenant's *.mail.protection.outlook.com MX host) or an SMTP relay connector."),
	 MS_NDR " (5.7.57); " MS_PRN " (Client was not authenticated to send anonymous mail)"},
	{"auth.disabled", DIAG_LIKELY, "smtpclientauthentication is disabled", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: SMTP AUTH is switched off for the tenant (Set-TransportConfig "
	    "-SmtpClientAuthenticationDisabled) or for the mailbox (Set-CASMailbox "
	    "-SmtpClientAuthenticationDisabled $false enables it for one mailbox); security "
	    "defaults also turn it off."),
	 MS_AUTH " (SmtpClientAuthenticationDisabled; the 535 5.7.139 reply links it as "
	 "aka.ms/smtp_auth_disabled)"},
	{"auth.disabled", DIAG_LIKELY,
	 "authentication unsuccessful&basic authentication is disabled", 0, NULL, DC_ANY, 0,
	 N_("Microsoft: a password login (basic authentication) is refused here; an "
	    "authentication policy that disables basic authentication for SMTP overrides the "
	    "SMTP AUTH setting. Use OAuth 2.0 (XOAUTH2), which Exchange Online supports for "
	    "SMTP AUTH."),
	 MS_AUTH " (authentication policy; 535 5.7.139 basic authentication is disabled)"},
	{"auth.temporary", DIAG_LIKELY,
	 "federated sts service was unreachable|federated sts url does not support https", 0,
	 NULL, DC_ANY, 0,
	 N_("Microsoft 365: the account is federated and Exchange Online could not reach the "
	    "organisation's own sign-in server (AD FS) over HTTPS with TLS 1.2; the fault is "
	    "there, not in the password."),
	 MS_PRN " (535 5.7.139 federated STS)"},
	{"auth.credentials", DIAG_LIKELY, "authentication unsuccessful", 535, NULL, DC_ANY, 0,
	 N_("Microsoft 365 also answers this when SMTP AUTH is disabled for the mailbox, when "
	    "multi-factor authentication or security defaults apply, or when a Conditional "
	    "Access policy blocks legacy authentication."),
	 MS_PRN " (535 5.7.3 Authentication unsuccessful)"},
	{"sender.login-mismatch", DIAG_LIKELY,
	 "client does not have permissions to send as this sender", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: with SMTP AUTH the MAIL FROM and From: address must be the "
	    "logged-in mailbox (or one it has Send As rights for); to send as other addresses "
	    "use an SMTP relay connector."),
	 MS_PRN " (5.7.60)"},
	{"sender.login-mismatch", DIAG_LIKELY, "sendasdenied", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: with SMTP AUTH the MAIL FROM and From: address must be the "
	    "logged-in mailbox (or one it has Send As rights for); to send as other addresses "
	    "use an SMTP relay connector."),
	 MS_PRN " (5.7.60; the SendAsDenied store error names the same cause)"},

	/* ---- Microsoft: relaying and recipients ---- */
	{"relay.denied", DIAG_LIKELY, "tenantattribution&relay access denied", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: mail from an on-premises server no longer matches the tenant's "
	    "inbound connector (the server's IP address or the host name in its certificate "
	    "changed); correct the connector."),
	 MS_NDR " (5.7.64); " MS_FIX "5-7-64-in-exchange-online"},
	{"relay.denied", DIAG_LIKELY, "relay access denied", 550, "5.4.1", DC_ANY, 0,
	 N_("Exchange Online: the server does not accept mail for the recipient's domain; "
	    "usually the domain's MX record points to the wrong tenant or the domain is not an "
	    "accepted domain there."),
	 MS_NDR " (5.4.1 Relay Access Denied); " MS_FIX "550-5-4-1-in-exchange-online"},
	{"relay.denied", DIAG_LIKELY, "unable to relay", 0, NULL, DC_ANY, 0,
	 N_("Exchange: the Receive connector does not allow this client to relay; an "
	    "application or device needs a dedicated connector that permits anonymous relay "
	    "from its IP address, or must authenticate."),
	 MS_EXSRV " (5.7.1 Unable to relay); " MS_NDR " (5.7.1)"},
	{"auth.required", DIAG_LIKELY, "client was not authenticated", 0, NULL, DC_ANY, 0, NULL,
	 MS_NDR " (5.7.1 Client was not authenticated)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "recipient address rejected: access denied", 550,
	 "5.4.1", DC_ANY, 0,
	 N_("Exchange Online Directory Based Edge Blocking: the address is not a valid "
	    "recipient of the domain."),
	 MS_NDR " (5.4.1 Recipient address rejected: Access denied)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "recipient address rejected: access denied", 550,
	 "5.7.504", DC_ANY, 0, NULL, MS_NDR " (5.7.504)"},
	{"rcpt.unknown-user", DIAG_LIKELY,
	 "recipient not found by smtp address lookup|resolver.adr.recipientnotfound", 0, NULL,
	 DC_ANY, 0,
	 N_("Exchange Online: the address is unknown in the tenant; the recipient's admin "
	    "should check that the user exists, has a mail licence, and that no forwarding rule "
	    "points to a dead address."),
	 MS_NDR " (5.1.10); " MS_FIX "550-5-1-10-in-exchange-online"},
	{"rcpt.unknown-user", DIAG_LIKELY, "resolver.adr.exrecipnotfound", 0, NULL, DC_ANY, 0,
	 N_("Exchange: if the mailbox was recreated, senders' Outlook autocomplete entries "
	    "still carry the old X.500 address; delete the entry and pick the recipient again."),
	 MS_EXSRV " (5.1.1 RESOLVER.ADR.ExRecipNotFound)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "requested action not taken: mailbox unavailable", 550,
	 "5.5.0", DC_ANY, 0,
	 N_("Outlook.com / Hotmail: the address was not found by SMTP address lookup."),
	 MS_NDR " (5.5.0)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "access denied, banned recipient", 0, NULL, DC_ANY, 0,
	 NULL, MS_NDR " (5.7.505)"},
	{"rcpt.restricted", DIAG_LIKELY,
	 "sender not authenticated for group|sendernotauthenticatedforgroup|"
	 "sender was not authenticated when sending to this group", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: the group accepts mail only from inside its organisation; only the "
	    "group's owner or the recipient's admin can allow outside senders."),
	 MS_NDR " (5.7.133 Sender not authenticated for group); " MS_GROUP
	 " (RESOLVER.RST.SenderNotAuthenticatedForGroup)"},
	{"rcpt.restricted", DIAG_LIKELY,
	 "sender was not authenticated for mailbox|sender was not authenticated for public folder|"
	 "sender was not authenticated by organization", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: the recipient accepts mail only from inside its organisation; only "
	    "the recipient's admin can change that."),
	 MS_NDR " (5.7.12, 5.7.13, 5.7.134, 5.7.135)"},
	{"rcpt.restricted", DIAG_LIKELY, "sender was not authenticated", 0, "5.7.136", DC_ANY, 0,
	 N_("Microsoft 365: the recipient accepts mail only from inside its organisation; only "
	    "the recipient's admin can change that."),
	 MS_NDR " (5.7.136)"},
	{"rcpt.restricted", DIAG_LIKELY, "sender not in allowed-senders list", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: the group's owner must add the sender to its allowed senders."),
	 MS_NDR " (5.7.124)"},
	{"rcpt.restricted", DIAG_LIKELY, "resolver.rst.authrequired", 0, NULL, DC_ANY, 0,
	 N_("Exchange Online: the recipient (e.g. a mail-enabled public folder) requires that "
	    "all senders are authenticated; its admin can allow all senders."),
	 MS_FIX "550-5-7-1-in-exchange-online (RESOLVER.RST.AuthRequired)"},
	{"rcpt.restricted", DIAG_LIKELY, "delivery not authorized&!message refused:", 0, NULL,
	 DC_ANY, 0,
	 N_("Microsoft: the recipient (often a distribution group) accepts mail only from "
	    "certain senders, or a mail flow rule rejected the message; ask the group's owner "
	    "or the recipient's admin."),
	 MS_NDR " (5.7.1 Delivery not authorized; 5.7.900-5.7.999 mail flow rules)"},

	/* ---- Microsoft: IP and account reputation ---- */
	{"reputation.blocked", DIAG_LIKELY, "access denied, banned sending ip", 0, NULL, DC_ANY,
	 0,
	 N_("Microsoft 365 blocks this IP itself; once the cause is fixed, request removal at "
	    "the delist portal https://sender.office.com/."),
	 MS_NDR " (5.7.606-5.7.649)"},
	{"reputation.blocked", DIAG_LIKELY, "blocked using blocklist 1", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365's own block list: forward the bounce to "
	    "delist@messaging.microsoft.com or use the delist portal https://sender.office.com/."),
	 MS_FIX "550-5-7-1-in-exchange-online (Client host blocked using Blocklist 1)"},
	{"reputation.blocked", DIAG_LIKELY, "using customer block list", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: the recipient's organisation put your IP on its own block list; "
	    "only that organisation can remove it, not Microsoft."),
	 MS_NDR " (5.7.513)"},
	{"reputation.blocked", DIAG_LIKELY, "access denied, banned sender", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: the sending account or IP was banned for spam; fix the cause and "
	    "reset the account's credentials, then contact support (an IP: delist@microsoft.com "
	    "with the NDR)."),
	 MS_NDR " (5.7.502, 5.7.503, 5.7.511)"},
	{"reputation.blocked", DIAG_LIKELY, "access denied, spam abuse detected", 0, NULL, DC_ANY,
	 0,
	 N_("Microsoft 365: the sending account was banned for spam; resolve the account's "
	    "issues and reset its credentials, then contact support."),
	 MS_NDR " (5.7.501)"},
	{"reputation.blocked", DIAG_LIKELY, "access denied, bad outbound sender", 0, NULL, DC_ANY,
	 0,
	 N_("Microsoft 365: the sending mailbox is on the Restricted users list (usually a "
	    "compromised account); an admin removes it there after securing the account."),
	 MS_NDR " (5.1.8); " MS_PRN " (550 5.1.8 Bad outbound sender)"},
	{"reputation.blocked", DIAG_LIKELY, "access denied, tenant has exceeded threshold", 0,
	 NULL, DC_ANY, 0,
	 N_("Microsoft 365: the whole tenant may not send because too much spam left it "
	    "(compromised accounts or connectors); fix that, then ask Microsoft support to lift "
	    "the block."),
	 MS_NDR " (5.7.705); " MS_FIX "5-7-700-through-5-7-750"},
	{"reputation.blocked", DIAG_LIKELY, "access denied, traffic not accepted from this ip", 0,
	 NULL, DC_ANY, 0,
	 N_("Microsoft 365: the tenant sends from low-reputation IPs, typical of new or trial "
	    "tenants; Microsoft support can grant an exception."),
	 MS_NDR " (5.7.708); " MS_FIX "5-7-700-through-5-7-750"},
	{"reputation.blocked", DIAG_LIKELY, "client blocked from sending from unregistered domain",
	 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: too much mail comes from domains not added to the tenant; add and "
	    "verify every domain you send from as an accepted domain."),
	 MS_NDR " (5.7.750); " MS_FIX "5-7-700-through-5-7-750"},
	{"policy.access-denied", DIAG_LIKELY,
	 "tenant recipient block policy|tenant allow block list", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: a recipient or domain of the message is blocked in your own "
	    "tenant's Tenant Allow/Block List, which stops the whole message."),
	 MS_NDR " (5.7.703); " MS_FIX "5-7-700-through-5-7-750"},
	{"policy.access-denied", DIAG_LIKELY, "access denied, rejected by recipient", 0, NULL,
	 DC_ANY, 0,
	 N_("Microsoft 365: the recipient's organisation blocked your IP; contact the recipient."),
	 MS_NDR " (5.7.507)"},
	{"policy.access-denied", DIAG_LIKELY, "does not accept email over ipv6", 0, NULL, DC_ANY,
	 0,
	 N_("Microsoft 365: this recipient domain takes no mail over IPv6; send over IPv4."),
	 MS_NDR " (5.7.510)"},
	{"helo.forged", DIAG_LIKELY, "access denied, bad helo", 0, NULL, DC_ANY, 0, NULL,
	 MS_NDR " (5.7.506)"},
	{"rate.sending", DIAG_LIKELY, "has exceeded permitted limits within", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: the sending IPv6 range sent too many messages in too short a time."),
	 MS_NDR " (5.7.508)"},
	{"reputation.deferred", DIAG_LIKELY, "access denied, please try again later", 4, NULL,
	 DC_ANY, 0,
	 N_("Microsoft 365 restricts the IP while it evaluates suspicious activity; the "
	    "restriction is lifted by itself if the traffic is valid."),
	 MS_NDR " (4.7.500-4.7.699, 4.7.850-4.7.899)"},
	{"reputation.deferred", DIAG_LIKELY, "server busy. please try again later from", 4, NULL,
	 DC_ANY, 0,
	 N_("Exchange Online IP throttling: the IP sends much more than before; it eases as a "
	    "sending history builds up. An organisation relaying through Microsoft 365 needs an "
	    "inbound connector for its server."),
	 MS_FIX "451-4-7-500-699-asxxx-in-exchange-online (the reply text as quoted in "
	 SISIMAI_MS ")"},
	{"reputation.deferred", DIAG_LIKELY, "temporarily rate limited due to ip reputation", 4,
	 NULL, DC_ANY, 0, NULL,
	 "Outlook.com 451 4.7.650 (S775), not in Microsoft's NDR table; text as quoted in "
	 SISIMAI_MS},

	/* ---- Microsoft: authentication of the message ---- */
	{"dmarc.reject", DIAG_LIKELY, "does not pass dmarc verification", 0, NULL, DC_ANY, 0,
	 NULL, MS_NDR " (5.7.509)"},
	{"sender.unauthenticated", DIAG_LIKELY, "must pass either spf or dkim validation", 0,
	 NULL, DC_ANY, 0,
	 N_("Microsoft 365: mail arriving over IPv6 must pass SPF or DKIM; without either, send "
	    "over IPv4 or authenticate the domain."),
	 MS_NDR " (4.7.26)"},
	{"rdns.missing", DIAG_LIKELY, "must have a reverse dns record", 0, NULL, DC_ANY, 0,
	 N_("Microsoft 365: a sending IPv6 address needs a reverse DNS (PTR) record."),
	 MS_NDR " (5.7.25)"},
	{"spf.fail", DIAG_LIKELY, "rejected because of sender policy framework violation", 0,
	 NULL, DC_ANY, 0, NULL, MS_NDR " (5.7.23)"},
	{"content.headers", DIAG_LIKELY, "message must be rfc 5322 section 3.6.2 compliant", 0,
	 NULL, DC_ANY, 0,
	 N_("Microsoft 365: the From: header must carry a valid address, in angle brackets, "
	    "e.g. <security@contoso.com>."),
	 MS_NDR " (5.7.512)"},
	{"protocol.bare-lf", DIAG_LIKELY, "invalid characters", 0, "5.6.11", DC_ANY, 0,
	 N_("Exchange Online: the message contains bare line feed characters."),
	 MS_NDR " (5.6.11)"},
	{"net.connect-failed", DIAG_LIKELY, "connection refused&socket error code", 0, NULL, DC_ANY,
	 0,
	 N_("Exchange Online could not connect to the recipient's mail server (socket error "
	    "10061: connection refused); the fault is at the receiving side's server or network."),
	 MS_NDR " (4.4.316 Connection refused [Message=Socket error code 10061])"},
	{"server.loop", DIAG_LIKELY, "routing loop detected", 0, NULL, DC_ANY, 0,
	 N_("Exchange stops a loop after 20 hops; check forwarding and inbox rules of sender "
	    "and recipient."),
	 MS_NDR " (5.4.6, 5.4.14)"},

	/* ---- Microsoft: sending limits ---- */
	{"rate.sending", DIAG_LIKELY,
	 "submission quota exceeded|submission quota was exceeded|submissionquotaexceeded|"
	 "reached your daily limit for message recipients", 0, NULL, DC_ANY, 0,
	 N_("Exchange Online: the mailbox passed its recipient rate limit (10,000 recipients a "
	    "day); this often means the account is compromised and sends spam."),
	 MS_NDR " (5.2.2, 5.1.90); " MS_QUOTA "; " MS_SUBM
	 " (554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException)"},
	{"rcpt.rate-limited", DIAG_LIKELY,
	 "per hour message receive limit|recipient thread limit exceeded", 0, NULL, DC_ANY, 0,
	 N_("Exchange Online limits how many messages one mailbox receives per hour (from one "
	    "sender and in all); send fewer messages to it and retry later."),
	 MS_NDR " (4.3.2, 5.2.121, 5.2.122)"},

	/* ---- Microsoft: Spamhaus ---- */
	{"dnsbl.spamhaus", DIAG_LIKELY, "client host&blocked using spamhaus", 0, NULL, DC_ANY, 0,
	 N_("Microsoft: if the address is on the Spamhaus PBL its owner can assign another "
	    "static address or remove it from the PBL; if your outbound mail passes a "
	    "third-party service, the blocked IP may be theirs (check with WHOIS)."),
	 MS_SPAMHAUS},

	/* ---- Outlook.com (consumer) ---- */
	{"conn.too-many", DIAG_LIKELY, "<rp-003>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the connection limit for this IP depends on the IP's and domain's "
	    "reputation."),
	 OLC_TS " (421 RP-003)"},
	{"reputation.deferred", DIAG_LIKELY, "<rp-001>|<rp-002>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the rate limit for this IP depends on the IP's and domain's "
	    "reputation."),
	 OLC_TS " (421 RP-001, RP-002)"},
	{"reputation.blocked", DIAG_LIKELY, "<sc-002>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the IP showed namespace mining (verifying addresses without sending "
	    "to them, e.g. RCPT TO probes); stop such checks and make sure the server is not "
	    "abused."),
	 OLC_TS " (550 SC-002)"},
	{"reputation.blocked", DIAG_LIKELY, "<sc-003>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the IP appears to be an open proxy or open relay."),
	 OLC_TS " (550 SC-003)"},
	{"reputation.blocked", DIAG_LIKELY, "<sc-004>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the IP is blocked for complaints about its mail; Microsoft recommends "
	    "the Junk Email Reporting Program (JMRP) to remove complaining recipients."),
	 OLC_TS " (550 SC-004)"},
	{"rdns.generic", DIAG_LIKELY, "<dy-001>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com takes no mail from dynamic IP addresses; send through your provider's "
	    "relay."),
	 OLC_TS " (550 DY-001)"},
	{"reputation.blocked", DIAG_LIKELY, "<dy-002>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the likely cause is a compromised or virus-infected server or "
	    "computer."),
	 OLC_TS " (550 DY-002)"},
	{"dnsbl.spamhaus", DIAG_LIKELY, "<ou-001>", 0, NULL, DC_ANY, 0, NULL,
	 OLC_TS " (550 OU-001)"},
	{"reputation.blocked", DIAG_LIKELY, "<sc-001>|<ou-002>", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: content or IP/domain reputation; its postmaster site "
	    "(https://postmaster.live.com) offers SNDS to see the IP's status and links the "
	    "deliverability support form."),
	 OLC_TS " (550 SC-001, OU-002)"},
	{"reputation.blocked", DIAG_LIKELY, "part of their network is on our block list", 0, NULL,
	 DC_ANY, 0,
	 N_("Outlook.com's own block list (S3140, S3150); its postmaster site "
	    "(https://postmaster.live.com) offers SNDS and links the deliverability support "
	    "form."),
	 "Outlook.com reply (S3150, S3140), not in Microsoft's tables; text as quoted in "
	 SISIMAI_MS},
	{"sender.unauthenticated", DIAG_LIKELY,
	 "meet the required authentication level", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: domains sending more than 5,000 messages a day to Outlook.com must "
	    "pass SPF and DKIM and publish DMARC (at least p=none, aligned with SPF or DKIM); "
	    "since May 2025 such mail is rejected."),
	 OLC_HVS " (550 5.7.515); " OLC_TS " (550 5.7.515)"},
	{"spf.fail", DIAG_LIKELY, "sender id validation failure", 0, NULL, DC_ANY, 0,
	 N_("Outlook.com: the sender's domain publishes an SPF/Sender ID record that allows no "
	    "sender at all (\"v=spf1 -all\"); add the sending IPs to it."),
	 OLC_TS " (550 command rejected due to Sender ID validation failure)"},

	/* ---- Google (Gmail, Workspace) ---- */
	{"policy.access-denied", DIAG_LIKELY, "ip not in whitelist for rcpt domain", 0, NULL,
	 DC_ANY, 0,
	 N_("Google Workspace: the recipient domain accepts mail only from the IPs on its "
	    "allowlist."),
	 GMAIL " (421 4.7.0)"},
	{"tls.required", DIAG_LIKELY, "tls required for rcpt domain", 0, NULL, DC_ANY, 0,
	 N_("Google Workspace: the recipient domain requires TLS for incoming mail."),
	 GMAIL " (421 4.7.0)"},
	{"server.closing", DIAG_LIKELY, "try again later, closing connection", 0, NULL, DC_ANY, 0,
	 N_("Google: this usually indicates a denial-of-service condition for the SMTP relay at "
	    "the HELO stage; retry later and open fewer connections."),
	 GMAIL " (421 4.7.0 Try again later, closing connection)"},
	{"server.local-error", DIAG_LIKELY,
	 "temporary system problem|mail server temporarily rejected message|"
	 "email server has temporarily rejected this message&!cannot authenticate", 4, NULL,
	 DC_ANY, 0, NULL, GMAIL " (421 4.3.0, 451 4.3.0)"},
	{"server.closing", DIAG_LIKELY, "server busy, try again later", 4, NULL, DC_ANY, 0, NULL,
	 GMAIL " (421 4.4.5)"},
	{"conn.timeout", DIAG_LIKELY,
	 "connection expired, try reconnecting|timeout - closing connection", 4, NULL, DC_ANY, 0,
	 NULL, GMAIL " (421 4.7.0, 451 4.4.2)"},
	{"auth.too-many-failures", DIAG_LIKELY, "too many login attempts", 0, NULL, DC_ANY, 0,
	 NULL, GMAIL " (454 4.7.0)"},
	{"auth.temporary", DIAG_LIKELY,
	 "cannot authenticate due to a temporary system problem|"
	 "cannot authenticate due to temporary system problem", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (454 4.7.0)"},
	{"auth.app-password", DIAG_LIKELY, "application-specific password required", 0, NULL,
	 DC_ANY, 0,
	 N_("Google: the account uses 2-Step Verification, so mail programs must log in with an "
	    "app password instead of the account password."),
	 GMAIL " (534 5.7.9)"},
	{"auth.web-login", DIAG_LIKELY,
	 "please log in with your web browser|please log in through your web browser|"
	 "please log in via your web browser", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (534 5.7.9, 534 5.7.14; Gmail's replies say 'via your web browser')"},
	{"auth.credentials", DIAG_LIKELY, "username and password not accepted", 0, NULL, DC_ANY,
	 0,
	 N_("Google: an account with 2-Step Verification needs an app password (or OAuth) for "
	    "mail programs."),
	 GMAIL " (535 5.7.8)"},
	{"auth.mech-unsupported", DIAG_LIKELY, "xoauth is no longer supported", 0, NULL, DC_ANY,
	 0,
	 N_("Google: use the XOAUTH2 mechanism (OAuth 2.0), not XOAUTH."),
	 GMAIL " (504 5.7.4)"},
	{"auth.required", DIAG_LIKELY, "authentication required&gsmtp|wantautherror", 5, NULL,
	 DC_ANY, 0, NULL, GMAIL " (530 5.7.0 Authentication required)"},
	{"tls.required", DIAG_LIKELY, "must issue a starttls command first", 0, NULL, DC_ANY, 0,
	 NULL, GMAIL " (530 5.7.0)"},
	{"protocol.sync", DIAG_LIKELY, "no commands allowed to pipeline after starttls", 0, NULL,
	 DC_ANY, 0, NULL, GMAIL " (523 5.7.10, 454 4.5.0)"},
	{"protocol.sequence", DIAG_LIKELY,
	 "starttls may not be repeated|no identity changes permitted", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (454 5.5.1, 503 5.7.0)"},
	{"helo.required", DIAG_LIKELY, "ehlo/helo first", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (503 5.5.1)"},
	{"helo.invalid", DIAG_LIKELY, "helo/ehlo argument&invalid|not allowed", 0, NULL, DC_ANY,
	 0, NULL, GMAIL " (501 5.5.4)"},
	{"protocol.unknown-command", DIAG_LIKELY, "too many unrecognized commands", 0, NULL,
	 DC_ANY, 0, NULL, GMAIL " (502 5.5.1)"},
	/* Authentication of the message. The unauthenticated-sender texts come
	 * before "this mail has been rate limited" (a 550 5.7.1 sending limit),
	 * which the 421 4.7.26 text also contains. */
	{"spf.error", DIAG_LIKELY, "temporary dns failures prevent authentication", 0, NULL,
	 DC_ANY, 0,
	 N_("Gmail could not evaluate the sender domain's DMARC policy because of temporary DNS "
	    "failures; check that the domain's DNS servers answer."),
	 GMAIL " (451 4.7.26)"},
	{"dmarc.reject", DIAG_LIKELY,
	 "not accepted due to domain's dmarc policy|"
	 "unauthenticated email is not accepted from this domain", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (550 5.7.26, 550 5.7.1)"},
	{"dmarc.reject", DIAG_LIKELY, "aligned with either the authenticated spf or dkim", 0,
	 NULL, DC_ANY, 0,
	 N_("Gmail: the From: domain must align with the domain SPF or DKIM authenticated "
	    "(required for senders of 5,000 or more messages a day)."),
	 GMAIL " (421 4.7.32, 5.7.32)"},
	{"dmarc.missing", DIAG_LIKELY,
	 "doesn't have a dmarc record|dmarc record doesn't specify a dmarc policy", 0, NULL,
	 DC_ANY, 0,
	 N_("Gmail requires bulk senders (5,000 or more messages a day) to publish a DMARC "
	    "record; p=none is enough."),
	 GMAIL " (421 4.7.40, 550 5.7.40)"},
	{"spf.error", DIAG_LIKELY, "spf record of the sending domain has one or more suspicious",
	 0, NULL, DC_ANY, 0, NULL, GMAIL " (451 4.7.24, 550 5.7.24)"},
	{"spf.fail", DIAG_LIKELY,
	 "has an spf record with a hard fail policy|spf record with a hard fail policy (-all)", 0,
	 NULL, DC_ANY, 0, NULL, GMAIL " (550 5.7.26)"},
	{"spf.fail", DIAG_LIKELY,
	 "spf authentication didn't pass|didn't pass spf authentication|"
	 "senders to authenticate their email with spf", 0, NULL, DC_ANY, 0,
	 N_("Gmail requires senders of 5,000 or more messages a day to pass SPF."),
	 GMAIL " (421 4.7.27, 550 5.7.27)"},
	{"dkim.fail", DIAG_LIKELY,
	 "dkim authentication didn't pass|didn't pass dkim authentication|dkim does not pass|"
	 "senders to authenticate their email with dkim|senders to authenticate with dkim", 0,
	 NULL, DC_ANY, 0,
	 N_("Gmail requires senders of 5,000 or more messages a day to sign with DKIM."),
	 GMAIL " (421 4.7.30, 550 5.7.30)"},
	{"sender.unauthenticated", DIAG_LIKELY,
	 "gmail requires all senders to authenticate|"
	 "does not have authentication information or fails to pass", 0, NULL, DC_ANY, 0,
	 N_("Gmail requires SPF or DKIM of every sender since February 2024 (SPF, DKIM and "
	    "DMARC for 5,000 or more messages a day)."),
	 GMAIL " (421 4.7.26, 550 5.7.26); https://support.google.com/mail/answer/81126"},
	{"tls.required", DIAG_LIKELY,
	 "wasn't sent over a tls connection|not using a tls connection|senders to use tls/ssl", 0,
	 NULL, DC_ANY, 0,
	 N_("Gmail requires TLS from bulk senders; send with STARTTLS."),
	 GMAIL " (421 4.7.29, 550 5.7.29)"},
	{"rdns.missing", DIAG_LIKELY, "ipv6 sending guidelines regarding ptr records", 0, NULL,
	 DC_ANY, 0,
	 N_("Gmail: over IPv6 the sending address needs a PTR record and the message must be "
	    "authenticated (SPF or DKIM)."),
	 GMAIL " (550 5.7.1)"},
	{"rdns.missing", DIAG_LIKELY,
	 "does not have a ptr record|doesn't have a ptr record|pointer (ptr) record|"
	 "missing ptr records", 0, NULL, DC_ANY, 0,
	 N_("Gmail requires every sending IP to have a PTR record whose name resolves back to "
	    "that IP."),
	 GMAIL " (421 4.7.0, 451 4.7.23, 550 5.7.25)"},
	/* Reputation. */
	{"reputation.deferred", DIAG_LIKELY,
	 "unusual rate of unsolicited|unusual amount of unsolicited|"
	 "has detected an unusual rate of", 4, NULL, DC_ANY, 0,
	 N_("Gmail rate-limits mail from this IP, domain or URL for its spam rate; Google's "
	    "Postmaster Tools show the reputation, and its sender guidelines ask for a spam "
	    "rate below 0.3%."),
	 GMAIL " (421 4.7.0, 421 4.7.28)"},
	{"reputation.blocked", DIAG_LIKELY,
	 "unusual rate of unsolicited|unusual amount of unsolicited", 5, NULL, DC_ANY, 0,
	 N_("Gmail blocks mail from this IP for its spam rate; Google's Postmaster Tools show "
	    "the reputation, and its sender guidelines ask for a spam rate below 0.3%."),
	 GMAIL " (550 5.7.1, 550 5.7.28)"},
	{"reputation.deferred", DIAG_LIKELY, "very low reputation of the sending", 4, NULL,
	 DC_ANY, 0,
	 N_("Gmail: the sending IP or domain has a very low reputation; Google's Postmaster "
	    "Tools show it."),
	 GMAIL " (421 4.7.0)"},
	{"reputation.blocked", DIAG_LIKELY, "very low reputation of the sending", 5, NULL, DC_ANY,
	 0,
	 N_("Gmail: the sending IP or domain has a very low reputation; Google's Postmaster "
	    "Tools show it."),
	 GMAIL " (550 5.7.1)"},
	{"reputation.blocked", DIAG_LIKELY, "temporarily suspended due to abuse", 0, NULL, DC_ANY,
	 0,
	 N_("Google Workspace SMTP relay: the sending account was suspended for abuse."),
	 GMAIL " (550 5.7.0)"},
	{"rdns.generic", DIAG_LIKELY, "not authorized to send email directly to our servers", 0,
	 NULL, DC_ANY, 0,
	 N_("Gmail: this IP may not deliver to Gmail directly; send through your provider's "
	    "SMTP relay."),
	 GMAIL " (550 5.7.1)"},
	{"content.spam", DIAG_LIKELY,
	 "likely unsolicited mail|likely unsolicited email|"
	 "due to the nature of the content or the links within", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (421 4.7.0, 550 5.7.1)"},
	{"rate.sending", DIAG_LIKELY, "exceeded the quota for sending messages that have the same",
	 0, NULL, DC_ANY, 0,
	 N_("Gmail limits how many messages may carry the same Message-ID; give each message "
	    "its own."),
	 GMAIL " (421 4.7.28)"},
	/* Workspace SMTP relay. */
	{"relay.denied", DIAG_LIKELY,
	 "invalid credentials for relay|mail relay denied|email relay denied|mail sending denied|"
	 "email sending denied", 0, NULL, DC_ANY, 0,
	 N_("Google Workspace SMTP relay: register the sending IP in the relay settings, or log "
	    "in with SMTP AUTH, or present one of your domains in HELO/EHLO; the sender account "
	    "must exist in the Workspace domain."),
	 GMAIL " (550 5.7.0, 550 5.7.1); https://support.google.com/a/answer/6140680"},
	{"rate.sending", DIAG_LIKELY,
	 "peak smtp relay limit exceeded|daily smtp relay limit exceeded|"
	 "daily smtp relay sending limit exceeded", 0, NULL, DC_ANY, 0,
	 N_("Google Workspace SMTP relay has per-user and per-customer sending limits."),
	 GMAIL " (450 4.2.1, 550 5.4.5, 550 5.7.1)"},
	{"rate.sending", DIAG_LIKELY,
	 "daily user sending limit exceeded|daily sending quota exceeded", 0, NULL, DC_ANY, 0,
	 N_("Gmail limits how many messages one account may send per day; Google describes the "
	    "limits at https://support.google.com/a/answer/166852."),
	 GMAIL " (550 5.4.5)"},
	{"rate.sending", DIAG_LIKELY,
	 "this email has been rate limited|this mail has been rate limited", 5, NULL, DC_ANY, 0,
	 NULL, GMAIL " (550 5.7.1)"},
	/* Recipients. */
	{"rcpt.unknown-user", DIAG_LIKELY,
	 "the email account that you tried to reach does not exist", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (550 5.1.1)"},
	{"rcpt.unknown-domain", DIAG_LIKELY, "we weren't able to find the recipient domain", 0,
	 NULL, DC_ANY, 0, NULL, GMAIL " (553 5.1.2)"},
	{"sender.syntax", DIAG_LIKELY, "is not a valid rfc 5321 address", 0, "5.1.7", DC_ANY, 0,
	 NULL, GMAIL " (553 5.1.7)"},
	{"rcpt.mailbox-full", DIAG_LIKELY,
	 "inbox is out of storage space|account that you tried to reach is over quota", 0, NULL,
	 DC_ANY, 0, NULL, GMAIL " (452 4.2.2, 552 5.2.2)"},
	{"rcpt.disabled", DIAG_LIKELY,
	 "account that you tried to reach is disabled|account that you tried to reach is inactive",
	 0, NULL, DC_ANY, 0, NULL, GMAIL " (550 5.2.1)"},
	{"rcpt.rate-limited", DIAG_LIKELY,
	 "is receiving mail|is receiving email&too quickly|at a rate that prevents", 0, NULL,
	 DC_ANY, 0, NULL, GMAIL " (450 4.2.1, 550 5.2.1)"},
	{"rcpt.too-many", DIAG_LIKELY,
	 "your message has too many recipients|too many recipients for this sender|"
	 "domain policy size per transaction exceeded", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (452 4.5.3, 550 5.5.3)"},
	{"rcpt.too-many", DIAG_LIKELY,
	 "multiple destination domains per transaction is unsupported", 0, NULL, DC_ANY, 0,
	 N_("Gmail: send the recipients of each domain in a transaction of their own."),
	 GMAIL " (451 4.3.0)"},
	/* The message. */
	{"size.too-big", DIAG_LIKELY, "google's message size limit", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (552 5.2.3, 552 5.3.4)"},
	{"content.headers", DIAG_LIKELY,
	 "google's message header size limit|bytes per individual header size|"
	 "google's header name limit", 0, NULL, DC_ANY, 0,
	 N_("Gmail limits the size of the header as a whole, of each header field and of each "
	    "field name."),
	 GMAIL " (552 5.3.4)"},
	{"content.attachment", DIAG_LIKELY,
	 "content presents a potential security issue|illegal attachment", 0, NULL, DC_ANY, 0,
	 N_("Gmail blocks certain file types; Google lists them in \"File types blocked in "
	    "Gmail\"."),
	 GMAIL " (552 5.7.0)"},
	{"content.headers", DIAG_LIKELY,
	 "missing a valid address in the from: header|multiple addresses in the from: header|"
	 "missing a valid message-id|not rfc 5322 compliant|"
	 "unicode character in a disallowed header|encoded-word syntax is not permitted|"
	 "message is malformed", 0, NULL, DC_ANY, 0, NULL, GMAIL " (550 5.7.1, 554 5.6.0)"},
	{"server.loop", DIAG_LIKELY, "message exceeded 50 hops", 0, NULL, DC_ANY, 0, NULL,
	 GMAIL " (554 5.4.6)"},
	{"policy.access-denied", DIAG_LIKELY, "has a policy that prohibit", 0, NULL, DC_ANY, 0,
	 N_("Google Workspace: a policy of the recipient's (or your own) domain refused the "
	    "message; \"gcdp\" in the reply marks an administrator's custom rule."),
	 GMAIL " (550 5.7.1)"},

	/* ---- Yahoo / AOL ---- */
	{"content.policy", DIAG_LIKELY, "[ph0", 0, NULL, DC_ANY, 0,
	 N_("Yahoo: something in the content (malware, phishing, links to them) is not "
	    "accepted; check your outbound queue for abuse."),
	 YAHOO " (Content based blocks, PH* errors)"},
	{"reputation.deferred", DIAG_LIKELY,
	 "[ts0|[tss0|temporarily deferred due to unexpected volume or user complaints|"
	 "temporarily deferred due to user complaints", 4, NULL, DC_ANY, 0,
	 N_("Yahoo defers mail for complaints, volume, content or the IP's reputation; retry "
	    "later. If it persists, Yahoo asks for a Sender Support Request with the full error."),
	 YAHOO " (Message temporarily deferred, TS* errors; texts as quoted in " SISIMAI_YAHOO
	  ")"},
	{"reputation.blocked", DIAG_LIKELY, "will be permanently deferred", 5, NULL, DC_ANY, 0,
	 N_("Yahoo refuses this IP permanently; do not retry, review Yahoo's sender "
	    "requirements."),
	 YAHOO " (5XX permanent errors; [TSS09]/[TSS11] text as quoted in " SISIMAI_YAHOO
	  ")"},
	{"dnsbl.spamhaus", DIAG_LIKELY, "spamhaus's list|on spamhaus xbl", 0, NULL, DC_ANY, 0,
	 NULL,
	 YAHOO " (Your IP is listed by Spamhaus; [BL21]/[BL23] texts as quoted in " SISIMAI_YAHOO
	  ")"},
	{"sender.unauthenticated", DIAG_LIKELY, "yahoo requires all senders to authenticate", 0,
	 NULL, DC_ANY, 0,
	 N_("Yahoo requires SPF or DKIM of all senders, and SPF, DKIM and a DMARC policy of "
	    "bulk senders."),
	 YAHOO " (Authentication failures)"},
	{"sender.unknown-domain", DIAG_LIKELY, "unresolvable rfc.5321|unresolvable rfc.5322", 0,
	 NULL, DC_ANY, 0,
	 N_("Yahoo checks the MAIL FROM and From: domains with an SOA query; a subdomain needs "
	    "its own SOA record, not only A or MX."),
	 YAHOO " (Unresolvable RFC.5321 or RFC.5322 from domain)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "dd this user doesn't have a", 0, NULL, DC_ANY, 0,
	 NULL, YAHOO " (Recipient does not exist)"},
	{"reputation.deferred", DIAG_LIKELY, "excessive unknown recipients", 4, NULL, DC_ANY, 0,
	 N_("Yahoo: the server sends to many invalid addresses, as open relays do; remove "
	    "bouncing addresses and check the server for abuse."),
	 YAHOO " (Excessive unknown recipients)"},
	{"content.headers", DIAG_LIKELY, "headers are not rfc compliant", 0, NULL, DC_ANY, 0,
	 NULL, YAHOO " (RFC compliance failures)"},
	{"server.closing", DIAG_LIKELY, "resources temporarily unavailable", 4, NULL, DC_ANY, 0,
	 NULL, YAHOO " (Resources temporarily unavailable)"},
	{"policy.access-denied", DIAG_LIKELY, "not accepted for policy reasons&yahoo", 0, NULL,
	 DC_ANY, 0,
	 N_("Yahoo: policy reasons include failed DMARC or DKIM, a null MX, too big headers, a "
	    "date out of range, undecodable headers and forbidden characters in addresses."),
	 YAHOO " (5XX permanent errors, Other policy errors)"},

	/* ---- Apple iCloud ---- */
	{"sender.unauthenticated", DIAG_LIKELY, "blocked for failing both spf and dkim", 0, NULL,
	 DC_ANY, 0,
	 N_("iCloud Mail: if the problem persists, Apple's postmaster team takes questions at "
	    "icloudadmin@apple.com (with domain, IPs and the SMTP errors)."),
	 APPLE " (contact); [HME1] text as quoted in " SISIMAI_APPLE},
	{"policy.access-denied", DIAG_LIKELY, "[cs01]", 0, NULL, DC_ANY, 0,
	 N_("iCloud Mail: if the problem persists, Apple's postmaster team takes questions at "
	    "icloudadmin@apple.com (with domain, IPs and the SMTP errors)."),
	 APPLE " (contact); [CS01] text as quoted in " SISIMAI_APPLE},
	{"rcpt.disabled", DIAG_LIKELY, "inactive email address", 5, NULL, DC_RCPT | DC_DOT, 0, NULL,
	 APPLE "; text as quoted in " SISIMAI_APPLE},
	{"rcpt.rate-limited", DIAG_LIKELY, "deferred due to excessive volume", 4, NULL, DC_ANY, 0,
	 NULL, APPLE "; text as quoted in " SISIMAI_APPLE},

	/* ---- GMX / WEB.DE (1&1 Mail & Media) ---- */
	{"reputation.blocked", DIAG_LIKELY, "ip address is block listed|ip address is black listed",
	 0, NULL, DC_ANY, 0,
	 N_("GMX/WEB.DE: the last line of the reply names a postmaster page for this case, with "
	    "the explanation and a way to contact them."),
	 GMX " (554 IP address is block listed)"},
	{"content.headers", DIAG_LIKELY, "reject due to policy restrictions&?c=hi>|&c=hi>", 0, NULL,
	 DC_ANY, 0,
	 N_("GMX/WEB.DE case \"hi\": the header must follow RFC 5321 and RFC 5322: Date, From, "
	    "Sender and To syntactically correct, and BCC, CC, Date, From, Sender, Subject and "
	    "To at most once each."),
	 "https://postmaster.web.de/en/case?c=hi (page text as quoted in "
	 "https://github.com/zammad/zammad/issues/4630)"},
	{"policy.access-denied", DIAG_LIKELY, "reject due to policy restrictions", 0, NULL,
	 DC_ANY, 0,
	 N_("GMX/WEB.DE: the last line of the reply names a postmaster page for this case, with "
	    "the explanation and a way to contact them."),
	 GMX " (message structure and case URL; this text as GMX/WEB.DE send it)"},

	/* ---- T-Online (Telekom) ---- */
	{"rdns.generic", DIAG_LIKELY, "dialup/transient ip not allowed", 0, NULL, DC_ANY, 0,
	 N_("T-Online lists its requirements for mail servers in section 4.1 of its postmaster "
	    "page; operators report that it wants a website with the operator's contact details "
	    "under the sending host's name. Then write to the address in the reply."),
	 TONLINE " (4.1, 4.7; the reply text as T-Online sends it)"},
	{"reputation.blocked", DIAG_LIKELY, "rx.t-online.de&ask your postmaster", 0, NULL, DC_ANY,
	 0,
	 N_("T-Online accepts mail only from IPs with a known good reputation (by its own "
	    "account, not from IPs unused for a long time either); check section 4.1 of its "
	    "postmaster page, then write to the address in the reply."),
	 TONLINE " (4.1, 4.7, 4.13; the reply text as T-Online sends it)"},

	/* ---- Comcast / Xfinity ---- */
	{"rdns.generic", DIAG_LIKELY, "<es000001>|<es000010>", 0, NULL, DC_ANY, 0,
	 N_("Comcast takes no mail from dynamic or residential IP space, and treats an IP as "
	    "dynamic when its reverse DNS name does not look static."),
	 COMCAST " (ES000001, ES000010)"},
	{"dnsbl.spamhaus", DIAG_LIKELY, "<bl000001>|<bl000011>|<bl000101>", 0, NULL, DC_ANY, 0,
	 NULL, COMCAST " (BL000001, BL000011, BL000101: Spamhaus ZEN)"},
	{"dnsbl.other", DIAG_LIKELY, "<bl000010>|<bl000100>|<bl000110>", 0, NULL, DC_ANY, 0,
	 N_("Comcast: the IP is on Cloudmark CSI or the SenderScore block list."),
	 COMCAST " (BL000010, BL000100, BL000110)"},
	{"reputation.blocked", DIAG_LIKELY, "<bl000000>", 0, NULL, DC_ANY, 0,
	 N_("Comcast: the IP sent mail in patterns characteristic of spam."),
	 COMCAST " (BL000000)"},
	{"conn.too-many", DIAG_LIKELY, "too many sessions opened", 0, NULL, DC_ANY, 0,
	 N_("Comcast limits the simultaneous connections per sending IP."),
	 COMCAST " (421 Too many sessions opened)"},
	{"rdns.missing", DIAG_LIKELY, "reverse dns failure", 0, NULL, DC_ANY, 0,
	 N_("Comcast: the reverse DNS lookup of the sending IP failed; a temporary failure, "
	    "retry."),
	 COMCAST " (421 Reverse DNS failure)"},

	/* ---- Amazon SES ---- */
	{"sender.login-mismatch", DIAG_LIKELY,
	 "email address is not verified&identities failed the check", 0, NULL, DC_ANY, 0,
	 N_("Amazon SES sends only from verified identities: every From, Sender, Return-Path "
	    "and MAIL FROM address (or its domain) must be verified in the region the reply "
	    "names; in the SES sandbox the recipients must be verified too."),
	 SES_VERIFY},
	{"content.headers", DIAG_LIKELY, "transaction failed: duplicate header", 0, NULL, DC_ANY,
	 0,
	 N_("Amazon SES refuses a message with more than one of a header field that may appear "
	    "only once (its list includes From, Date, Subject, Message-ID, MIME-Version and "
	    "DKIM-Signature)."),
	 SES_HDR " (fields that can't appear more than once; the reply text as SES sends it)"},

	/* ---- Tencent QQ Mail ---- */
	{"conn.rate", DIAG_LIKELY, "ip frequency limited|connection frequency limited", 0, NULL,
	 DC_ANY, 0,
	 N_("QQ Mail limits how often one IP address may connect and send; pause sending from "
	    "this address and retry later, more slowly. The help link in the reply explains the "
	    "case."),
	 "QQ Mail (help pages service.mail.qq.com/detail/122/172, 175 as named in " SISIMAI_QQ
	 ")"},
	{"rate.sending", DIAG_LIKELY, "domain frequency limited|sender frequency limited", 0, NULL,
	 DC_ANY, 0,
	 N_("QQ Mail limits how much one sender address or domain may send in a time window; "
	    "pause and send more slowly."),
	 "QQ Mail (help pages service.mail.qq.com/detail/122/173, 174 as named in " SISIMAI_QQ
	 ")"},

	/* ---- Zoho ZeptoMail ---- */
	{"sender.login-mismatch", DIAG_LIKELY, "relaying disallowed as", 0, NULL, DC_ANY, 0,
	 N_("ZeptoMail: the From: address is not in a domain the account may send from."),
	 ZEPTO " (553 Relaying disallowed)"},
	{"content.virus", DIAG_LIKELY, "virus&detected by zoho mail", 0, NULL, DC_ANY, 0, NULL,
	 ZEPTO " (552 5.7.1 virus detected by Zoho Mail)"},
};
const size_t diag_rules_providers_n = sizeof diag_rules_providers / sizeof diag_rules_providers[0];
