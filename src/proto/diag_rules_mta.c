/* MTAs' stock refusal texts, written from the MTAs' sources: Postfix
 * (every reject_* restriction, the smtpd and postscreen texts, and the
 * texts of its delivery agents and SMTP client in bounces and logs), Exim,
 * Sendmail, OpenSMTPD, and greylisting (Postgrey, SQLgrey, milter-greylist,
 * rspamd, postscreen). Rules for log text (connect failures, DNS errors)
 * have code 0 like the others; the caller decides where they apply.
 * Most specific first: the first matching rule of a confidence wins.
 * Data only; see diag.h for the pattern language. */
#include "diag_tables.h"

#include "smtpdbg/i18n.h"

const struct diag_rule diag_rules_mta[] = {
	/* Greylisting: Postgrey, SQLgrey, milter-greylist, rspamd, postscreen */
	{"greylist", DIAG_LIKELY, "postgrey", 4, NULL, DC_ANY, 0,
	 N_("Postgrey: retry from the same address after the delay (300 seconds by default); the "
	    "help page named in the reply explains greylisting for the recipient's domain."),
	 "https://github.com/schweikert/postgrey postgrey (greylist_text, --greylist-text)"},
	{"greylist", DIAG_LIKELY, "greylisted, see http", 4, NULL, DC_ANY, 0,
	 N_("Postgrey: retry from the same address after the delay (300 seconds by default); the "
	    "help page named in the reply explains greylisting for the recipient's domain."),
	 "https://github.com/schweikert/postgrey postgrey (greylist_text default)"},
	{"greylist", DIAG_LIKELY, "greylisted for&seconds", 4, NULL, DC_ANY, 0, NULL,
	 "https://github.com/schweikert/postgrey postgrey before 1.25 (greylist_text 'Greylisted "
	 "for %s seconds')"},
	{"greylist", DIAG_LIKELY, "throttling too many connections from new source", 4, NULL,
	 DC_ANY, 0,
	 N_("SQLgrey limits how many not yet approved messages one new source may try at once "
	    "(connect_src_throttle): retry later."),
	 "https://github.com/mmatuska/sqlgrey sqlgrey (connect_src_throttle reply)"},
	{"greylist", DIAG_LIKELY, "greylisted for&minutes", 4, NULL, DC_ANY, 0, NULL,
	 "https://github.com/mmatuska/sqlgrey sqlgrey (reject text 'Greylisted for N minutes')"},
	{"greylist", DIAG_LIKELY, "greylisting in action", 0, NULL, DC_ANY, 0,
	 N_("milter-greylist: the reply usually says how long to wait (come back in hh:mm:ss); a "
	    "normal retry after that time passes."),
	 "milter-greylist milter-greylist.c (log_and_report_greylisting), "
	 "https://github.com/kou/milter-greylist"},
	{"greylist", DIAG_LIKELY, "<try again later&!rejected:", 4, "4.7.1", DC_DOT, 0,
	 N_("rspamd answers 451 4.7.1 Try again later for greylisting and for its other soft "
	    "rejects without a text of their own; a retry after a few minutes normally passes."),
	 "rspamd src/plugins/lua/greylist.lua (message 'Try again later'), "
	 "src/libserver/milter_internal.h (RSPAMD_MILTER_TEMPFAIL_MESSAGE, 451 4.7.1)"},
	{"greylist", DIAG_LIKELY, "service currently unavailable", 450, "4.3.2", DC_RCPT, 0,
	 N_("Postfix postscreen with its after-greeting tests: the first session from a new "
	    "address is deferred at RCPT TO. A retry from the same address passes and then "
	    "reaches the real SMTP server."),
	 "Postfix src/postscreen/postscreen_state.c (rcpt_reply '450 4.3.2 Service currently "
	 "unavailable')"},
	{"greylist", DIAG_LIKELY, "<greylisted|<greylisting|<graylisted|<graylisting", 4, NULL,
	 DC_ANY, 0, NULL,
	 "Postgrey, SQLgrey, milter-greylist stock texts (the word 'Greylisted'/'Greylisting')"},

	/* Exim address verification (these replies quote another server's answer, so they come
	 * before the texts they may quote) */
	{"sender.verify-failed", DIAG_LIKELY, "postmaster verification failed while checking", 0,
	 NULL, DC_ANY, 0,
	 N_("Exim checked whether the postmaster address of the sender's domain accepts mail, as "
	    "RFC 5321 requires: it does not."),
	 "Exim src/src/smtp_in.c (smtp_handle_acl_fail, af_verify_pmfail)"},
	{"sender.verify-failed", DIAG_LIKELY, "callback setup failed while verifying", 0, NULL,
	 DC_ANY, 0,
	 N_("Exim's callout to your MX was refused already at the greeting, at HELO or at MAIL "
	    "FROM:<>: your server must accept the null sender (bounces)."),
	 "Exim src/src/smtp_in.c (smtp_handle_acl_fail, af_verify_nsfail)"},
	{"sender.verify-failed", DIAG_LIKELY,
	 "sender verify failed|could not complete sender verify", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/acl.c (acl_verify: verify = sender)"},
	{"rcpt.verify-failed", DIAG_LIKELY,
	 "callout verification failed|could not complete recipient verify", 0, NULL, DC_ANY, 0,
	 N_("Exim asked the next server (a callout) and it refused the address: the lines after "
	    "this one show its answer."),
	 "Exim src/src/verify.c (do_callout)"},

	/* amavisd-new: its verdicts come before the MTA texts that carry them (Postfix's own
	 * "message content rejected" below). Since 2.x the reason follows the queue id:
	 * "554 5.7.0 Reject, id=NNNNN-NN - spam" */
	{"content.spam", DIAG_LIKELY, "<ube, id=|content rejected, ube", 0, NULL, DC_ANY, 0,
	 N_("amavisd-new calls spam UBE (unsolicited bulk email): its spam check (SpamAssassin) "
	    "scored the message above the reject level."),
	 "amavisd-new (older releases: 'Message content rejected, UBE, id=...', as quoted in "
	 "sisimai rb-sisimai lib/sisimai/reason/spamdetected.rb); amavisd-new 2.11.1 amavisd "
	 "('unsolicited bulk e-mail (UBE)')"},
	{"content.spam", DIAG_LIKELY, "reject&id=&- spam>|- spammy", 0, NULL, DC_ANY, 0, NULL,
	 "amavisd-new 2.11.1 amavisd (%smtp_reason_by_ccat: 'id=%n - spam', 'id=%n - spammy'; "
	 "reply 'Reject, id=...')"},
	{"content.virus", DIAG_LIKELY, "reject&id=&- infected:|- virus:", 0, NULL, DC_ANY, 0, NULL,
	 "amavisd-new 2.11.1 amavisd (%smtp_reason_by_ccat: 'id=%n - INFECTED: %V')"},
	{"content.attachment", DIAG_LIKELY, "reject&id=&- banned:", 0, NULL, DC_ANY, 0,
	 N_("amavisd-new refused a banned part: the name after BANNED is the file name or type "
	    "its banned_filename rules matched."),
	 "amavisd-new 2.11.1 amavisd (%smtp_reason_by_ccat: 'id=%n - BANNED: %F')"},
	{"content.headers", DIAG_LIKELY, "reject&id=&- bad header", 0, NULL, DC_ANY, 0, NULL,
	 "amavisd-new 2.11.1 amavisd (%smtp_reason_by_ccat: 'id=%n - BAD HEADER: ...')"},

	/* Postfix smtpd: HELO/EHLO restrictions (smtpd_check.c) */
	{"helo.not-fqdn", DIAG_LIKELY, "helo command rejected&need fully-qualified hostname", 0,
	 NULL, DC_ANY, 0, NULL, "Postfix src/smtpd/smtpd_check.c (reject_non_fqdn_helo_hostname)"},
	{"helo.invalid", DIAG_LIKELY, "helo command rejected&invalid name", 0, NULL, DC_ANY, 0,
	 NULL, "Postfix src/smtpd/smtpd_check.c (reject_invalid_helo_hostname)"},
	{"helo.invalid", DIAG_LIKELY, "helo command rejected&invalid ip address", 0, NULL, DC_ANY,
	 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_invalid_hostaddr, HELO address literal)"},
	{"helo.unknown", DIAG_LIKELY,
	 "helo command rejected&host not found|malformed dns server reply", 0, NULL, DC_ANY, 0,
	 NULL, "Postfix src/smtpd/smtpd_check.c (reject_unknown_helo_hostname)"},

	/* Postfix smtpd: the client (smtpd_check.c, smtpd.c) */
	{"rdns.missing", DIAG_LIKELY, "client host rejected: cannot find your reverse hostname", 0,
	 NULL, DC_ANY, 0,
	 N_("Postfix reject_unknown_reverse_client_hostname: the client address has no PTR "
	    "record at all (with 450: the lookup failed temporarily). Whoever controls the "
	    "address block, usually the ISP or hosting provider, must publish one."),
	 "Postfix src/smtpd/smtpd_check.c (reject_unknown_reverse_name)"},
	{"rdns.missing", DIAG_LIKELY, "client host rejected: cannot find your hostname", 0, NULL,
	 DC_ANY, 0,
	 N_("Postfix reject_unknown_client_hostname is stricter than a PTR check: the PTR name "
	    "must also resolve (A/AAAA) back to the same client address. Check both directions, "
	    "e.g. dig -x ADDRESS and dig NAME."),
	 "Postfix src/smtpd/smtpd_check.c (reject_unknown_client)"},
	{"policy.access-denied", DIAG_LIKELY, "esmtp not accepting connections", 554, NULL,
	 DC_GREETING, 0, N_("Postfix greets with this when a milter refused the connection."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, milter connect reject)"},
	{"policy.access-denied", DIAG_LIKELY, "error: access denied for", 0, NULL, DC_ANY, 0,
	 N_("Postfix refused this client already at connect time (smtpd_client_restrictions with "
	    "smtpd_delay_reject=no) and now refuses every command: the first refusal of the "
	    "session gives the reason."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, state->access_denied)"},
	{"tls.failed", DIAG_LIKELY,
	 "error: client certificate not trusted|error: no client certificate presented", 0, NULL,
	 DC_ANY, 0,
	 N_("This server requires a client certificate signed by a CA it trusts "
	    "(smtpd_tls_req_ccert)."),
	 "Postfix src/smtpd/smtpd.c (smtpd_start_tls, requirecert)"},

	/* Postfix smtpd: sender and recipient addresses (smtpd_check.c) */
	{"sender.null-mx", DIAG_LIKELY, "sender address rejected&does not accept mail (nullmx)", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_unknown_mailhost, DNS_NULLMX)"},
	{"rcpt.null-mx", DIAG_LIKELY, "recipient address rejected&does not accept mail (nullmx)", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_unknown_mailhost, DNS_NULLMX)"},
	{"sender.unknown-domain", DIAG_LIKELY,
	 "sender address rejected: domain not found|sender address rejected: malformed dns server "
	 "reply",
	 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_unknown_sender_domain)"},
	{"rcpt.unknown-domain", DIAG_LIKELY,
	 "recipient address rejected: domain not found|recipient address rejected: malformed dns "
	 "server reply",
	 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_unknown_recipient_domain)"},
	{"sender.not-fqdn", DIAG_LIKELY, "sender address rejected: need fully-qualified address", 0,
	 NULL, DC_ANY, 0, NULL, "Postfix src/smtpd/smtpd_check.c (reject_non_fqdn_sender)"},
	{"rcpt.not-fqdn", DIAG_LIKELY, "recipient address rejected: need fully-qualified address",
	 0, NULL, DC_ANY, 0, NULL, "Postfix src/smtpd/smtpd_check.c (reject_non_fqdn_recipient)"},
	{"server.local-error", DIAG_LIKELY, "rejected: address verification problem", 0, NULL,
	 DC_ANY, 0,
	 N_("Postfix could not reach its own address verification service: a problem of the "
	    "receiving server, not of the address."),
	 "Postfix src/smtpd/smtpd_check.c (reject_unverified_address, verify service failure)"},
	{"sender.verify-failed", DIAG_LIKELY,
	 "sender address rejected: unverified address: address verification in progress", 0, NULL,
	 DC_ANY, 0,
	 N_("Postfix is still probing the sender address (reject_unverified_sender): a retry a "
	    "few minutes later is normally accepted if your server accepts the address."),
	 "Postfix src/verify/verify.c ('Address verification in progress'), smtpd/smtpd_check.c"},
	{"sender.verify-failed", DIAG_LIKELY,
	 "sender address rejected: undeliverable address|sender address rejected: unverified "
	 "address",
	 0, NULL, DC_ANY, 0,
	 N_("Postfix (reject_unverified_sender) probed the sender address at its domain's MX: "
	    "the text after the colon is what that server answered."),
	 "Postfix src/smtpd/smtpd_check.c (reject_unverified_address)"},
	{"sender.verify-failed", DIAG_LIKELY, "sender address rejected: user unknown", 0, NULL,
	 DC_ANY, 0,
	 N_("Postfix reject_unlisted_sender: the sender address is in a domain this server "
	    "hosts, but no such user exists there."),
	 "Postfix src/smtpd/smtpd_check.c (check_rcpt_maps for the sender, "
	 "reject_unlisted_sender)"},
	{"rcpt.verify-failed", DIAG_LIKELY,
	 "recipient address rejected: unverified address: address verification in progress", 0,
	 NULL, DC_ANY, 0,
	 N_("Postfix is still probing the recipient at the next hop "
	    "(reject_unverified_recipient): retry in a few minutes."),
	 "Postfix src/verify/verify.c ('Address verification in progress'), smtpd/smtpd_check.c"},
	{"rcpt.verify-failed", DIAG_LIKELY,
	 "recipient address rejected: undeliverable address|recipient address rejected: "
	 "unverified address",
	 0, NULL, DC_ANY, 0,
	 N_("Postfix (reject_unverified_recipient) probed the address at the next hop, often a "
	    "mailbox server behind this gateway: the text after the colon is that server's "
	    "answer."),
	 "Postfix src/smtpd/smtpd_check.c (reject_unverified_address)"},
	{"sender.login-mismatch", DIAG_LIKELY, "sender address rejected: not owned by user", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_auth_sender_login_mismatch: "
	 "reject_sender_login_mismatch, reject_authenticated_sender_login_mismatch)"},
	{"auth.required", DIAG_LIKELY, "sender address rejected: not logged in", 0, NULL, DC_ANY, 0,
	 N_("The sender address belongs to an account on this server (smtpd_sender_login_maps): "
	    "Postfix accepts it only after AUTH as that account."),
	 "Postfix src/smtpd/smtpd_check.c (reject_unauth_sender_login_mismatch)"},
	{"relay.denied", DIAG_LIKELY, "relay access denied", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_unauth_destination, defer_unauth_destination)"},
	{"protocol.sync", DIAG_LIKELY, "improper use of smtp command pipelining", 0, NULL, DC_ANY,
	 0, NULL, "Postfix src/smtpd/smtpd_check.c (reject_unauth_pipelining)"},
	{"rcpt.too-many", DIAG_LIKELY, "rejected: multi-recipient bounce", 0, NULL, DC_ANY, 0,
	 N_("Postfix reject_multi_recipient_bounce: a message with the null sender (MAIL "
	    "FROM:<>, a bounce) may have only one recipient."),
	 "Postfix src/smtpd/smtpd_check.c (reject_multi_recipient_bounce)"},
	{"tls.required", DIAG_LIKELY, "session encryption is required", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_plaintext_session)"},

	/* Postfix: DNS list replies (default_rbl_reply, postscreen); the lists themselves are in
	 * diag_rules_dnsbl.c */
	{"dnsbl.other", DIAG_LIKELY, "helo command [&blocked using", 0, NULL, DC_ANY, 0,
	 N_("The HELO name's domain is listed (reject_rhsbl_helo), not the client address."),
	 "Postfix src/smtpd/smtpd_check.c (rbl_reject_reply, default_rbl_reply; "
	 "reject_rhsbl_helo)"},
	{"dnsbl.other", DIAG_LIKELY, "sender address [&blocked using", 0, NULL, DC_ANY, 0,
	 N_("The sender address's domain is listed (reject_rhsbl_sender), not the client "
	    "address: check the domain's listing, not the IP's."),
	 "Postfix src/smtpd/smtpd_check.c (rbl_reject_reply, default_rbl_reply; "
	 "reject_rhsbl_sender)"},
	{"dnsbl.other", DIAG_LIKELY, "recipient address [&blocked using", 0, NULL, DC_ANY, 0,
	 N_("The recipient's domain is listed (reject_rhsbl_recipient): the server refuses mail "
	    "for that domain, whoever sends it."),
	 "Postfix src/smtpd/smtpd_check.c (rbl_reject_reply, default_rbl_reply; "
	 "reject_rhsbl_recipient)"},
	{"dnsbl.other", DIAG_LIKELY, "unverified client host [&blocked using", 0, NULL, DC_ANY, 0,
	 N_("The client's reverse DNS name is listed (reject_rhsbl_reverse_client), not its "
	    "address."),
	 "Postfix src/smtpd/smtpd_check.c (rbl_reject_reply; reject_rhsbl_reverse_client)"},
	{"dnsbl.other", DIAG_LIKELY, "service unavailable; client [&blocked using", 0, NULL, DC_ANY,
	 0, NULL,
	 "Postfix src/postscreen/postscreen_early.c (PSC_DNSBL_FORMAT, "
	 "postscreen_dnsbl_threshold)"},
	{"dnsbl.other", DIAG_LIKELY, "blocked using", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (rbl_reject_reply, default_rbl_reply; "
	 "reject_rbl_client, reject_rhsbl_client)"},

	/* Postfix: access tables and the recipient tables (smtpd_check.c, trivial-rewrite) */
	{"policy.access-denied", DIAG_LIKELY, "rejected: access denied", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (check_table_result: check_*_access REJECT/DEFER "
	 "without text; reject)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "user unknown in relay recipient table", 0, NULL, DC_ANY,
	 0,
	 N_("This server is a gateway for the domain and checks its own list of valid recipients "
	    "(relay_recipient_maps): if the mailbox exists on the final server, that list is out "
	    "of date."),
	 "Postfix src/smtpd/smtpd_check.c (check_rcpt_maps, RESOLVE_CLASS_RELAY)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "user unknown in virtual alias table", 0, NULL, DC_ANY,
	 0,
	 N_("The domain is a Postfix virtual alias domain: only the addresses listed in "
	    "virtual_alias_maps exist there."),
	 "Postfix src/trivial-rewrite/resolve.c (virtual alias domain), smtpd/smtpd_check.c"},
	{"rcpt.unknown-user", DIAG_LIKELY, "user unknown in virtual mailbox table", 0, NULL, DC_ANY,
	 0, NULL, "Postfix src/smtpd/smtpd_check.c (check_rcpt_maps, RESOLVE_CLASS_VIRTUAL)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "user unknown in local recipient table", 0, NULL, DC_ANY,
	 0, NULL, "Postfix src/smtpd/smtpd_check.c (check_rcpt_maps, RESOLVE_CLASS_LOCAL)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "recipient address rejected: user unknown", 0, NULL,
	 DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (check_rcpt_maps, smtpd_show_unknown_rcpt_table=no)"},

	/* Postfix smtpd: the protocol engine (smtpd.c, smtpd_sasl_*.c, cleanup_strerror.c) */
	{"size.too-big", DIAG_LIKELY, "message size exceeds fixed limit", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (smtpd_check_size, message_size_limit)"},
	{"size.too-big", DIAG_LIKELY, "message size exceeds file system imposed limit", 0, NULL,
	 DC_ANY, 0, NULL, "Postfix src/smtpd/smtpd.c (mail_cmd, SIZE parameter)"},
	{"size.too-big", DIAG_LIKELY,
	 "error: message file too big|chunk exceeds message size limit", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/global/cleanup_strerror.c (CLEANUP_STAT_SIZE), smtpd/smtpd.c (bdat_cmd)"},
	{"size.storage", DIAG_LIKELY, "insufficient system storage", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (smtpd_check_queue)"},
	{"helo.required", DIAG_LIKELY, "error: send helo/ehlo first", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (mail_cmd, etrn_cmd), smtpd/smtpd_sasl_proto.c"},
	{"protocol.sequence", DIAG_LIKELY, "error: no valid recipients", 0, NULL, DC_ANY, 0,
	 N_("Every RCPT TO of this transaction was refused: the replies to the RCPT commands say "
	    "why."),
	 "Postfix src/smtpd/smtpd.c (data_cmd, bdat_cmd)"},
	{"protocol.sequence", DIAG_LIKELY,
	 "error: need mail command|error: nested mail command|error: need rcpt command|error: "
	 "mail transaction in progress|error: rcpt after bdat|error: mail after bdat|error: data "
	 "after bdat|error: send auth command first|error: tls already active",
	 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (mail_cmd, rcpt_cmd, data_cmd, starttls_cmd), "
	 "smtpd/smtpd_sasl_proto.c"},
	{"auth.not-offered", DIAG_LIKELY, "error: authentication not enabled", 0, NULL, DC_ANY, 0,
	 N_("Postfix offers AUTH only where smtpd_sasl_auth_enable=yes, usually on the "
	    "submission port 587, and often only after STARTTLS (smtpd_tls_auth_only)."),
	 "Postfix src/smtpd/smtpd_sasl_proto.c (smtpd_sasl_auth_cmd)"},
	{"auth.encryption-required", DIAG_LIKELY,
	 "encryption required for requested authentication mechanism", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_sasl_proto.c (smtpd_sasl_auth_cmd)"},
	{"auth.temporary", DIAG_LIKELY, "temporary authentication failure", 0, NULL, DC_ANY, 0,
	 NULL, "Postfix src/smtpd/smtpd_sasl_glue.c (smtpd_sasl_authenticate)"},
	{"auth.mech-unsupported", DIAG_LIKELY, "invalid authentication mechanism", 0, NULL, DC_ANY,
	 0,
	 N_("Postfix with Dovecot SASL answers a mechanism Dovecot does not offer with 535 "
	    "'authentication failed'; the reason after it names the mechanism. Use one of the "
	    "mechanisms in the EHLO reply's AUTH line."),
	 "Postfix src/xsasl/xsasl_dovecot_server.c (xsasl_dovecot_server_first: 'Invalid "
	 "authentication mechanism'), smtpd/smtpd_sasl_glue.c (smtpd_sasl_authenticate)"},
	{"auth.credentials", DIAG_LIKELY, "error: authentication failed", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_sasl_glue.c (smtpd_sasl_authenticate)"},
	{"protocol.line-too-long", DIAG_LIKELY, "sasl response limit exceeded", 0, NULL, DC_ANY, 0,
	 N_("Postfix limits the length of one SASL response (smtpd_sasl_response_limit, 12288 "
	    "bytes by default); a longer one, e.g. a large OAuth token, is refused."),
	 "Postfix src/smtpd/smtpd_sasl_glue.c (smtpd_sasl_authenticate, "
	 "smtpd_sasl_response_limit)"},
	{"conn.rate", DIAG_LIKELY, "error: too many auth commands from", 0, NULL,
	 DC_ANY, 0,
	 N_("Postfix smtpd_client_auth_rate_limit: too many AUTH commands from this address in "
	    "the time unit (anvil_rate_time_unit); wait before trying again."),
	 "Postfix src/smtpd/smtpd.c (smtpd_sasl_auth_cmd_wrapper)"},
	{"rate.sending", DIAG_LIKELY, "error: too many recipients from", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (rcpt_cmd, smtpd_client_recipient_rate_limit)"},
	{"rate.sending", DIAG_LIKELY, "error: too much mail from", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (mail_cmd, smtpd_client_message_rate_limit)"},
	{"rcpt.too-many", DIAG_LIKELY, "error: too many recipients", 0, NULL, DC_ANY, 0,
	 N_("Postfix smtpd_recipient_limit: send the remaining recipients in a new transaction "
	    "(a conforming client does this by itself)."),
	 "Postfix src/smtpd/smtpd.c (rcpt_cmd)"},
	{"conn.rate", DIAG_LIKELY, "error: too many connections from", 0, NULL, DC_ANY, 0,
	 N_("Postfix sends the same text for the concurrency limit "
	    "(smtpd_client_connection_count_limit) and the rate limit "
	    "(smtpd_client_connection_rate_limit): open fewer connections at once and close idle "
	    "ones."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, anvil)"},
	{"conn.too-many", DIAG_LIKELY, "error: too many connections", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen.c (postscreen_client_connection_count_limit)"},
	{"conn.rate", DIAG_LIKELY, "error: too many new tls sessions from", 0, NULL, DC_ANY, 0,
	 NULL, "Postfix src/smtpd/smtpd.c (smtpd_client_new_tls_session_rate_limit)"},
	{"protocol.too-many-errors", DIAG_LIKELY, "error: too many errors", 0, NULL,
	 DC_GREETING | DC_HELO | DC_STARTTLS | DC_TRANS | DC_OTHER, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, smtpd_hard_error_limit)"},
	{"auth.too-many-failures", DIAG_LIKELY, "error: too many errors", 0, NULL, DC_AUTH, 0,
	 N_("Postfix counts every refused command (smtpd_hard_error_limit); here the last ones "
	    "were AUTH attempts."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, smtpd_hard_error_limit)"},
	{"conn.timeout", DIAG_LIKELY, "error: timeout exceeded", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, smtpd_timeout), postscreen/postscreen_smtpd.c"},
	{"server.local-error", DIAG_LIKELY, "server configuration error", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_server_error), smtpd/smtpd.c"},
	{"server.local-error", DIAG_LIKELY, "temporary lookup failure", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_check.c (reject_dict_retry)"},
	{"server.local-error", DIAG_LIKELY,
	 "server local data error|server local error|mail system error|error: internal "
	 "error|error: queue file write error|error: internal protocol error",
	 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, data_cmd), global/cleanup_strerror.c"},
	{"protocol.bare-lf", DIAG_LIKELY, "bare <lf> received", 0, NULL, DC_ANY, 0,
	 N_("Since Postfix 3.9 (SMTP smuggling hardening, smtpd_forbid_bare_newline) every line "
	    "must end in CRLF: fix the client or script that sends lines ending in LF only."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, data_cmd), global/cleanup_strerror.c"},
	{"tls.required", DIAG_LIKELY, "must issue a starttls command first", 0, NULL, DC_ANY, 0,
	 NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_enforce_tls), postscreen/postscreen_smtpd.c; "
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_check_mail_from)"},
	{"protocol.unknown-command", DIAG_LIKELY, "i can break rules, too", 0, NULL, DC_ANY, 0,
	 N_("Postfix answers this when the client sends something that is not SMTP, e.g. an HTTP "
	    "request or a message header line as a command (smtpd_forbidden_commands)."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, smtpd_forbidden_commands), "
	 "postscreen/postscreen_smtpd.c"},
	{"protocol.unknown-command", DIAG_LIKELY,
	 "error: command not recognized|error: command not implemented", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, starttls_cmd)"},
	{"protocol.line-too-long", DIAG_LIKELY, "error: command too long", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, line_length_limit)"},
	{"protocol.syntax", DIAG_LIKELY, "error: bad syntax|error: bad utf-8 syntax", 0, NULL,
	 DC_ANY, 0, NULL, "Postfix src/smtpd/smtpd.c (smtpd_proto)"},
	{"protocol.syntax", DIAG_LIKELY, "unsupported option:", 555, NULL, DC_ANY, 0,
	 N_("Postfix refuses a MAIL FROM or RCPT TO parameter it does not know or has not "
	    "announced: send only the parameters of extensions listed in the EHLO reply."),
	 "Postfix src/smtpd/smtpd.c (mail_cmd, rcpt_cmd: '555 5.5.4 Unsupported option')"},
	{"protocol.unknown-command", DIAG_LIKELY, "vrfy command is disabled", 0, NULL, DC_ANY, 0,
	 NULL, "Postfix src/smtpd/smtpd.c (vrfy_cmd, disable_vrfy_command)"},
	{"sender.syntax", DIAG_LIKELY, "bad sender address syntax", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (mail_cmd), postscreen/postscreen_smtpd.c"},
	{"content.smtputf8", DIAG_LIKELY, "must declare smtputf8 to", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (mail_cmd, rcpt_cmd)"},
	{"tls.unavailable", DIAG_LIKELY, "tls not available due to local problem", 0, NULL, DC_ANY,
	 0, NULL, "Postfix src/smtpd/smtpd.c (starttls_cmd), postscreen/postscreen_starttls.c"},
	{"content.policy", DIAG_LIKELY, "message content rejected", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/global/cleanup_strerror.c (CLEANUP_STAT_CONT: header_checks, body_checks)"},
	{"server.loop", DIAG_LIKELY, "error: too many hops", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/global/cleanup_strerror.c (CLEANUP_STAT_HOPS, hopcount_limit)"},
	{"protocol.sync", DIAG_LIKELY, "error: smtp protocol synchronization", 0, NULL,
	 DC_HELO | DC_STARTTLS | DC_AUTH | DC_TRANS | DC_OTHER, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_proto, smtpd_forbid_unauth_pipelining)"},
	{"conn.pregreet", DIAG_LIKELY, "error: smtp protocol synchronization", 0, NULL, DC_GREETING,
	 0, NULL, "Postfix src/smtpd/smtpd.c (smtpd_proto, client spoke before the greeting)"},

	/* Postfix postscreen (postscreen*.c) */
	{"conn.pregreet", DIAG_LIKELY, "<protocol error", 0, "5.5.1", DC_ANY, 0,
	 N_("postscreen sends this after the client failed one of its protocol tests: talking "
	    "before the greeting (the usual cause), pipelining without PIPELINING, a bare "
	    "newline or a non-SMTP command. The postscreen log line (PREGREET, COMMAND "
	    "PIPELINING, BARE NEWLINE, NON-SMTP COMMAND) tells which."),
	 "Postfix src/postscreen/postscreen_early.c (PREGREET), postscreen/postscreen_smtpd.c"},
	{"conn.too-many", DIAG_LIKELY, "all server ports are busy|all screening ports are busy", 0,
	 NULL, DC_ANY, 0,
	 N_("Postfix postscreen is at its own limit of connections waiting for an SMTP server "
	    "process (postscreen_post_queue_limit) or under test (postscreen_pre_queue_limit): "
	    "the server is busy with all its clients, not only with you. Retry later."),
	 "Postfix src/postscreen/postscreen.c (psc_endpt_lookup_done: postscreen_post_queue_limit, "
	 "postscreen_pre_queue_limit), postscreen/postscreen_send.c (psc_send_socket)"},
	{"server.closing", DIAG_LIKELY, "no system resources", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen.c, postscreen/postscreen_send.c"},
	{"policy.access-denied", DIAG_LIKELY, "service currently unavailable", 5, "5.3.2", DC_ANY,
	 0,
	 N_("Postfix postscreen refuses clients on its deny list (postscreen_access_list) with "
	    "this text; its log says DENYLISTED (or BLACKLISTED)."),
	 "Postfix src/postscreen/postscreen.c (psc_endpt_lookup_done, PSC_ACL_ACT_DENYLIST)"},

	/* Postfix: delivery agents and the SMTP client (texts of bounces and logs) */
	{"rcpt.mailbox-full", DIAG_LIKELY, "error writing message: file too large", 0, NULL, DC_ANY,
	 0,
	 N_("Postfix local or virtual delivery: the mailbox reached mailbox_size_limit (or "
	    "virtual_mailbox_limit)."),
	 "Postfix src/global/mail_copy.c ('error writing message: %m'), global/mbox_open.c "
	 "(EFBIG: 5.2.2)"},
	{"rcpt.mailbox-full", DIAG_LIKELY, "disk quota exceeded", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/global/mbox_open.c (EDQUOT: 5.2.2 mailbox full), local/mailbox.c"},
	{"server.loop", DIAG_LIKELY, "mail forwarding loop for", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/local/recipient.c (deliver_recipient)"},
	{"server.loop", DIAG_LIKELY, "mail for&loops back to myself", 0, NULL, DC_ANY, 0,
	 N_("The domain's MX record points to this server, but the server is not set up to "
	    "accept the domain (as local, virtual or relay domain): fix the MX record or the "
	    "server's domain list."),
	 "Postfix src/smtp/smtp_addr.c, smtp/smtp_proto.c ('mail for %s loops back to myself')"},
	{"rcpt.unknown-user", DIAG_LIKELY, "unknown user: \"", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/local/unknown.c, virtual/unknown.c (deliver_unknown)"},
	{"tls.requiretls", DIAG_LIKELY, "sender requested requiretls", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtp/smtp_connect.c, smtp/smtp_proto.c (REQUIRETLS)"},
	{"tls.failed", DIAG_LIKELY, "tls is required, but was not offered by host", 0, NULL, DC_ANY,
	 0,
	 N_("Your Postfix requires TLS for this destination (smtp_tls_security_level or a TLS "
	    "policy) but the server did not offer STARTTLS."),
	 "Postfix src/smtp/smtp_proto.c (smtp_helo)"},
	{"tls.failed", DIAG_LIKELY, "tls is required, but host&refused to start tls", 0, NULL,
	 DC_ANY, 0, NULL, "Postfix src/smtp/smtp_proto.c (smtp_helo)"},
	{"tls.failed", DIAG_LIKELY, "server certificate not verified", 0, NULL, DC_ANY, 0,
	 N_("The server's certificate did not pass the verification your TLS policy requires "
	    "(verify, secure, dane): check the chain, the name and, for DANE, the TLSA records."),
	 "Postfix src/smtp/smtp_proto.c (smtp_start_tls)"},
	{"tls.failed", DIAG_LIKELY, "cannot start tls: handshake failure", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtp/smtp_proto.c (smtp_start_tls)"},
	{"dns.lookup-failed", DIAG_LIKELY, "name service error&host not found, try again", 0, NULL,
	 DC_ANY, 0, NULL,
	 "Postfix src/dns/dns_lookup.c (dns_query), dns/dns_strerror.c (TRY_AGAIN)"},
	{"dns.lookup-failed", DIAG_LIKELY,
	 "name service error&malformed or unexpected name server reply|non-recoverable error", 0,
	 NULL, DC_ANY, 0, NULL, "Postfix src/dns/dns_lookup.c (dns_lookup_x), dns/dns_strerror.c"},
	{"rcpt.unknown-domain", DIAG_LIKELY,
	 "host or domain name not found&host not found|no data record of", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/dns/dns_lookup.c (dns_query), dns/dns_strerror.c (HOST_NOT_FOUND, NO_DATA)"},
	{"rcpt.null-mx", DIAG_LIKELY, "does not accept mail (nullmx)", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/dns/dns_lookup.c (DNS_NULLMX)"},
	{"dns.lookup-failed", DIAG_LIKELY, "unable to look up host", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtp/smtp_addr.c (smtp_addr_one, native lookup)"},
	{"net.connect-failed", DIAG_LIKELY, "connect to&connection timed out", 0, NULL, DC_ANY, 0,
	 N_("If every destination times out, your provider may block outgoing port 25: test from "
	    "another network, or send through the provider's relay (smarthost)."),
	 "Postfix src/smtp/smtp_connect.c (smtp_connect_addr, 'connect to %s[%s]:%d: %m')"},
	{"net.connect-failed", DIAG_LIKELY,
	 "connect to&connection refused|no route to host|network is unreachable", 0, NULL, DC_ANY,
	 0, NULL,
	 "Postfix src/smtp/smtp_connect.c (smtp_connect_addr, 'connect to %s[%s]:%d: %m')"},

	/* Postfix log lines of smtpd and postscreen */
	{"conn.pregreet", DIAG_LIKELY, "pregreet&after&from [", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen_early.c (log 'PREGREET %d after %s from [%s]:%s')"},
	{"protocol.sync", DIAG_LIKELY,
	 "command pipelining from [|improper command pipelining after", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen_smtpd.c, smtpd/smtpd.c (log texts)"},
	{"protocol.bare-lf", DIAG_LIKELY, "bare newline from [", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen_smtpd.c (log 'BARE NEWLINE from')"},
	{"protocol.unknown-command", DIAG_LIKELY, "non-smtp command from", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen_smtpd.c, smtpd/smtpd.c (log 'non-SMTP command from')"},
	{"dnsbl.other", DIAG_LIKELY, "dnsbl rank&for [", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen_early.c (log 'DNSBL rank %d for [%s]:%s')"},
	{"auth.credentials", DIAG_LIKELY, "sasl&authentication failed", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd_sasl_glue.c (log '%s: SASL %s authentication failed: %s')"},
	{"protocol.too-many-errors", DIAG_LIKELY, "too many errors after", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (log 'too many errors after %s from %s')"},
	{"rdns.missing", DIAG_LIKELY, "hostname&does not resolve to address", 0, NULL, DC_ANY, 0,
	 NULL, "Postfix src/smtpd/smtpd_peer.c (log 'hostname %s does not resolve to address %s')"},

	/* Exim (src/src/smtp_in.c, acl.c, verify.c, route.c, receive.c, configure.default) */
	{"relay.denied", DIAG_LIKELY, "relay not permitted", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/configure.default (acl_check_rcpt: require message = relay not permitted)"},
	{"rcpt.unknown-domain", DIAG_LIKELY, "unrouteable address", 0, NULL, DC_ANY, 0,
	 N_("Exim routes each address before accepting it: Unrouteable address usually means the "
	    "domain has no usable MX or A record; for a domain the server hosts it can also mean "
	    "that no router accepted the local part."),
	 "Exim src/src/route.c (route_address, default cannot_route_message)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "<unknown user>", 5, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/configure.default (localuser router: cannot_route_message = Unknown user)"},
	{"content.policy", DIAG_LIKELY, "administrative prohibition", 0, NULL, DC_DOT, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_handle_acl_fail, deny in acl_smtp_data without message)"},
	{"policy.access-denied", DIAG_LIKELY, "administrative prohibition", 0, NULL, DC_ANY, 0,
	 NULL, "Exim src/src/smtp_in.c (smtp_handle_acl_fail, deny without message)"},
	{"server.local-error", DIAG_LIKELY, "temporary local problem", 0, NULL, DC_ANY, 0,
	 N_("Exim gives no details for a temporary refusal of its ACLs: a greylisting defer, a "
	    "failed lookup or a DNS timeout all answer with this text. Retry later; the "
	    "receiving server's log has the reason."),
	 "Exim src/src/smtp_in.c (smtp_handle_acl_fail), src/src/receive.c"},
	{"dnsbl.other", DIAG_LIKELY, "is in a black list at", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/configure.default (acl_check_rcpt dnslists example message)"},
	{"helo.required", DIAG_LIKELY, "helo or ehlo required", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_setup_msg, MAIL_CMD)"},
	{"helo.invalid", DIAG_LIKELY,
	 "syntactically invalid helo argument|syntactically invalid ehlo argument", 0, NULL, DC_ANY,
	 0,
	 N_("Exim refuses a HELO name with characters not allowed in a host name, e.g. an "
	    "underscore (helo_allow_chars), or an empty one."),
	 "Exim src/src/smtp_in.c (smtp_setup_msg, check_helo)"},
	{"conn.pregreet", DIAG_LIKELY, "input sent without waiting for greeting", 0, NULL, DC_ANY,
	 0, NULL, "Exim src/src/smtp_in.c (smtp_start_session, log text)"},
	{"protocol.sync", DIAG_LIKELY, "next input sent too soon", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_setup_msg, log text)"},
	{"protocol.sync", DIAG_LIKELY, "smtp synchronization error", 0, NULL,
	 DC_HELO | DC_STARTTLS | DC_AUTH | DC_TRANS | DC_OTHER, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_setup_msg, check_sync)"},
	{"conn.pregreet", DIAG_LIKELY, "smtp synchronization error", 0, NULL, DC_GREETING, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_start_session, input before the banner)"},
	{"conn.too-many", DIAG_LIKELY, "too many concurrent smtp connections from this ip address",
	 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/daemon.c (handle_smtp_call, smtp_accept_max_per_host)"},
	{"conn.too-many", DIAG_LIKELY, "too many concurrent smtp connections", 0, NULL, DC_ANY, 0,
	 N_("Exim's limit for all clients together (smtp_accept_max) is reached: the server is "
	    "busy, not only with you."),
	 "Exim src/src/daemon.c, src/src/smtp_in.c (smtp_accept_max, smtp_accept_reserve)"},
	{"server.closing", DIAG_LIKELY, "too much load", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/daemon.c, src/src/smtp_in.c (smtp_load_reserve)"},
	{"server.closing", DIAG_LIKELY, "too many messages in this connection", 0, NULL, DC_ANY, 0,
	 N_("Exim closes a connection after smtp_accept_max_per_connection messages: connect "
	    "again for the rest; this is not an error."),
	 "Exim src/src/smtp_in.c (smtp_setup_msg, smtp_accept_max_per_connection)"},
	{"server.local-error", DIAG_LIKELY, "local configuration error", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/daemon.c (handle_smtp_call, smtp_active_hostname)"},
	{"size.too-big", DIAG_LIKELY, "message size exceeds maximum permitted", 0, NULL, DC_ANY, 0,
	 NULL, "Exim src/src/smtp_in.c (SIZE parameter), src/src/receive.c (message_size_limit)"},
	{"size.storage", DIAG_LIKELY, "space shortage", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_setup_msg, check_spool_space)"},
	{"auth.credentials", DIAG_LIKELY, "incorrect authentication data", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_in_auth)"},
	{"auth.temporary", DIAG_LIKELY, "unable to authenticate at present", 0, NULL, DC_ANY, 0,
	 NULL, "Exim src/src/smtp_in.c (smtp_in_auth)"},
	{"auth.not-offered", DIAG_LIKELY, "auth command used when not advertised", 0, NULL, DC_ANY,
	 0,
	 N_("Exim advertises AUTH only to hosts in auth_advertise_hosts, commonly only after "
	    "STARTTLS."),
	 "Exim src/src/smtp_in.c (smtp_setup_msg, AUTH_CMD)"},
	{"auth.mech-unsupported", DIAG_LIKELY, "authentication mechanism not supported", 0, NULL,
	 DC_ANY, 0, NULL, "Exim src/src/smtp_in.c (smtp_setup_msg, AUTH_CMD)"},
	{"protocol.sequence", DIAG_LIKELY,
	 "sender already given|sender not yet given|valid rcpt command must precede|not permitted "
	 "in mail transaction|must precede data|only rset accepted now|only bdat permissible",
	 0, NULL, DC_ANY, 0, NULL, "Exim src/src/smtp_in.c (smtp_setup_msg, synprot_error)"},
	{"protocol.unknown-command", DIAG_LIKELY, "starttls command used when not advertised", 0,
	 NULL, DC_ANY, 0,
	 N_("Exim offers STARTTLS only to hosts in tls_advertise_hosts and only with a "
	    "certificate configured (tls_certificate)."),
	 "Exim src/src/smtp_in.c (smtp_setup_msg, STARTTLS_CMD)"},
	{"tls.unavailable", DIAG_LIKELY, "tls currently unavailable", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_setup_msg, tls_server_start DEFER)"},
	{"tls.failed", DIAG_LIKELY, "<security failure>", 554, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (commands after a failed TLS handshake)"},
	{"content.smtputf8", DIAG_LIKELY, "smtputf8 used when not advertised", 0, NULL, DC_ANY, 0,
	 NULL, "Exim src/src/smtp_in.c (smtp_setup_msg, MAIL SMTPUTF8)"},
	{"protocol.unknown-command", DIAG_LIKELY,
	 "<unrecognized command|too many unrecognized commands", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_setup_msg, BADARG_CMD/default)"},
	{"protocol.too-many-errors", DIAG_LIKELY, "too many nonmail commands", 0, NULL, DC_ANY, 0,
	 N_("Exim limits commands that do not send mail (smtp_accept_max_nonmail), such as "
	    "repeated HELO, RSET, NOOP or VRFY: the client issued too many of them."),
	 "Exim src/src/smtp_in.c (smtp_setup_msg, smtp_accept_max_nonmail)"},
	{"protocol.too-many-errors", DIAG_LIKELY, "too many syntax or protocol errors", 0, NULL,
	 DC_ANY, 0, NULL, "Exim src/src/smtp_in.c (synprot_error, smtp_max_synprot_errors)"},
	{"protocol.too-many-errors", DIAG_LIKELY, "rejected for too many bad recipients", 0, NULL,
	 DC_ANY, 0,
	 N_("Exim's default configuration refuses every further RCPT once more than 10 were "
	    "tried and fewer than half of them accepted: check the recipient list for unknown "
	    "addresses."),
	 "Exim src/src/configure.default (acl_check_rcpt: Rejected for too many bad recipients)"},
	{"protocol.line-too-long", DIAG_LIKELY, "maximum allowed line length is 998 octets", 0,
	 NULL, DC_ANY, 0,
	 N_("Exim's default configuration refuses messages with lines over 998 characters (the "
	    "RFC 5322 limit): encode the body (quoted-printable or base64) or wrap the lines."),
	 "Exim src/src/configure.default (acl_check_data: max_received_linelength)"},
	{"protocol.line-too-long", DIAG_LIKELY, "a message header line is too long", 0, NULL,
	 DC_ANY, 0, NULL, "Exim src/src/receive.c (receive_msg, header_line_maxsize)"},
	{"content.headers", DIAG_LIKELY, "message header is ridiculously long", 0, NULL, DC_ANY, 0,
	 NULL, "Exim src/src/receive.c (receive_msg, header_maxsize)"},
	{"content.headers", DIAG_LIKELY, "<header syntax>", 0, NULL, DC_DOT, 0, NULL,
	 "Exim src/src/configure.default (acl_check_data: verify = header_syntax)"},
	{"content.virus", DIAG_LIKELY, "this message contains a virus", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/configure.default (acl_check_data malware example)"},
	{"policy.access-denied", DIAG_LIKELY, "restricted characters in address", 0, NULL, DC_ANY,
	 0,
	 N_("Exim's default configuration refuses local parts that start with a dot or contain @ "
	    "% ! / or | (for remote domains: /../)."),
	 "Exim src/src/configure.default (acl_check_rcpt: Restricted characters in address)"},
	{"server.loop", DIAG_LIKELY, "too many \"received\" headers", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/receive.c (received_headers_max: suspected mail loop)"},
	{"server.loop", DIAG_LIKELY,
	 "lowest numbered mx record points to local host|remote host address is the local host", 0,
	 NULL, DC_ANY, 0,
	 N_("The domain's MX record points to this server, but the server is not set up to "
	    "accept the domain (as local, virtual or relay domain): fix the MX record or the "
	    "server's domain list."),
	 "Exim src/src/routers/rf_self_action.c"},
	{"rcpt.mailbox-full", DIAG_LIKELY, "mailbox is full", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/transports/appendfile.c (quota, EDQUOT)"},
	{"server.local-error", DIAG_LIKELY,
	 "error while writing spool file|error in writing spool file", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/receive.c (receive_msg)"},
	{"net.connect-failed", DIAG_LIKELY,
	 "retry time not reached for any host|have been failing for a long time", 0, NULL, DC_ANY,
	 0,
	 N_("Exim does not try this destination yet because earlier attempts failed; the earlier "
	    "log lines give the original error."),
	 "Exim src/src/transports/smtp.c (smtp_transport_entry, retry)"},

	/* Sendmail (cf/m4/proto.m4, cf/feature/dnsbl.m4 and others, sendmail/srvrsmtp.c) */
	{"rdns.missing", DIAG_LIKELY, "cannot resolve ptr record for", 0, NULL, DC_ANY, 0,
	 N_("Sendmail could not look up the PTR record of the client's address (the DNS lookup "
	    "failed temporarily) while it checked whether to accept the client by its host "
	    "name; it asks to retry. Check that the address's reverse DNS answers (dig -x "
	    "ADDRESS); to relay, authenticate instead."),
	 "Sendmail 8.17 cf/m4/proto.m4 (Rcpt_ok: ${client_resolve} TEMP, 'Relaying temporarily "
	 "denied. Cannot resolve PTR record for')"},
	{"rdns.missing", DIAG_LIKELY,
	 "access denied. ip name lookup failed|access denied. ip name possibly forged", 0, NULL,
	 DC_ANY, 0,
	 N_("This Sendmail refuses every client whose address has no PTR record or whose PTR "
	    "name does not resolve back to the address (possibly forged)."),
	 "sendmail.mc Basic_check_relay rulesets refusing by ${client_resolve} (e.g. RuOBSD "
	 "sample.mc), worded after Sendmail 8.17 cf/m4/proto.m4 (Rcpt_ok)"},
	{"relay.denied", DIAG_LIKELY, "relaying denied. proper authentication required", 0, NULL,
	 DC_ANY, 0,
	 N_("Sendmail with AUTH enabled: authenticate (AUTH) first; then relaying is allowed."),
	 "Sendmail 8.17 cf/m4/proto.m4 (confRELAY_MSG with _USE_AUTH_)"},
	{"relay.denied", DIAG_LIKELY,
	 "relaying denied. ip name possibly forged|relaying denied. ip name lookup failed", 0, NULL,
	 DC_ANY, 0,
	 N_("Sendmail would relay for this client by its host name, but the client's reverse DNS "
	    "failed or does not match its forward DNS."),
	 "Sendmail 8.17 cf/m4/proto.m4 (Relay_ok)"},
	{"relay.denied", DIAG_LIKELY, "relaying denied", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_rcpt, confRELAY_MSG)"},
	{"sender.unknown-domain", DIAG_LIKELY,
	 "domain of sender address&does not exist|does not resolve", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_mail)"},
	{"sender.not-fqdn", DIAG_LIKELY, "domain name required for sender address", 0, NULL, DC_ANY,
	 0, NULL, "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_mail)"},
	{"rcpt.not-fqdn", DIAG_LIKELY,
	 "fully qualified domain name required|<domain name required>", 0, NULL, DC_RCPT, 0, NULL,
	 "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_rcpt, Rcpt_ok)"},
	{"rcpt.disabled", DIAG_LIKELY, "mailbox disabled for this recipient", 0, NULL, DC_ANY, 0,
	 N_("Sendmail writes this for a recipient listed with REJECT in its access map: the "
	    "mailbox may exist but takes no mail from outside."),
	 "Sendmail 8.17 cf/m4/proto.m4 (Rcpt_ok, confRCPTREJ_MSG)"},
	{"dnsbl.other", DIAG_LIKELY, "rejected:&listed at", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 cf/feature/dnsbl.m4, cf/feature/enhdnsbl.m4 (_DNSBL_MSG_)"},
	{"rdns.missing", DIAG_LIKELY, "fix reverse dns for|possibly forged hostname for", 0, NULL,
	 DC_ANY, 0, NULL, "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_relay, FEATURE require_rdns)"},
	{"rdns.missing", DIAG_LIKELY, "client ip address&does not resolve", 0, NULL, DC_ANY, 0,
	 NULL, "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_relay, FEATURE require_rdns)"},
	{"helo.forged", DIAG_LIKELY, "bogus helo name used", 0, NULL, DC_ANY, 0,
	 N_("Sendmail FEATURE block_bad_helo refuses a HELO that names this server (its host "
	    "name or address) and also one without a dot."),
	 "Sendmail 8.17 cf/m4/proto.m4 (check_rcpt, _BLOCK_BAD_HELO_)"},
	{"sender.login-mismatch", DIAG_LIKELY, "not allowed to act as", 0, NULL, DC_ANY, 0,
	 N_("Sendmail trust_auth: the AUTH= parameter of MAIL FROM names another user than the "
	    "one who authenticated."),
	 "Sendmail 8.17 cf/m4/proto.m4 (trust_auth)"},
	{"conn.rate", DIAG_LIKELY, "connection rate limit exceeded", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 cf/m4/proto.m4 (RateControl, FEATURE ratecontrol)"},
	{"conn.too-many", DIAG_LIKELY, "too many open connections", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 cf/m4/proto.m4 (ConnControl, FEATURE conncontrol)"},
	{"policy.access-denied", DIAG_LIKELY, "not accepting messages", 554, NULL, DC_GREETING, 0,
	 N_("Sendmail greets with this when it will refuse every command: after the client spoke "
	    "before the greeting (FEATURE greet_pause) or when a milter rejected the connection."),
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, greetcode 554, nullserver)"},
	{"policy.access-denied", DIAG_LIKELY,
	 "<command rejected>&!command rejected:&!helo command&!data command", 0, "X.0.0", DC_ANY, 0,
	 NULL, "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, nullserver 'Command rejected')"},
	{"tls.failed", DIAG_LIKELY, "tls handshake failed|dane check failed", 0, NULL, DC_ANY, 0,
	 NULL, "Sendmail 8.17 cf/m4/proto.m4 (TLS_connection: SW_MSG, DANE_MSG)"},
	{"tls.unavailable", DIAG_LIKELY, "tls currently not available|tls not available", 0, NULL,
	 DC_ANY, 0, NULL, "Sendmail 8.17 sendmail/srvrsmtp.c (STARTTLS)"},
	{"helo.required", DIAG_LIKELY,
	 "polite people say helo first|i demand that you introduce yourself first", 0, NULL, DC_ANY,
	 0, NULL, "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, MAIL, RCPT)"},
	{"protocol.sequence", DIAG_LIKELY,
	 "need mail before rcpt|need mail command|need rcpt (recipient)|sender already "
	 "specified|auth not permitted during a mail transaction|already authenticated",
	 0, NULL, DC_ANY, 0, NULL, "Sendmail 8.17 sendmail/srvrsmtp.c (smtp)"},
	{"protocol.too-many-errors", DIAG_LIKELY, "too many bad commands", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, MAXBADCOMMANDS)"},
	{"protocol.too-many-errors", DIAG_LIKELY, "too many bad recipients", 0, NULL, DC_ANY, 0,
	 N_("Sendmail (BadRcptShutdown, BadRcptShutdownGood) ends the session after too many "
	    "refused recipients: check the recipient list for unknown addresses."),
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, RCPT: BadRcptShutdown)"},
	{"auth.required", DIAG_LIKELY, "authentication required", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, MAIL: 530 5.7.0 Authentication required)"},
	{"auth.not-offered", DIAG_LIKELY, "auth not available", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, AUTH)"},
	{"auth.mech-unsupported", DIAG_LIKELY, "auth mechanism&not available", 0, NULL, DC_ANY, 0,
	 NULL, "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, AUTH)"},
	{"size.too-big", DIAG_LIKELY,
	 "message size exceeds maximum value|message size exceeds fixed maximum message size", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, mail_esmtp_args: SIZE, MaxMessageSize)"},
	{"size.storage", DIAG_LIKELY, "insufficient disk space", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp, MAIL: enoughdiskspace)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "addressee unknown", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp: 550 5.1.1 Addressee unknown)"},
	{"server.loop", DIAG_LIKELY, "too many hops", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/deliver.c (sendall, MaxHopCount); Postfix "
	 "src/global/cleanup_strerror.c"},
	{"net.connect-failed", DIAG_LIKELY, "connection refused by", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/err.c (sm_errstring, ECONNREFUSED)"},
	{"dns.lookup-failed", DIAG_LIKELY, "name server:&host name lookup failure", 0, NULL, DC_ANY,
	 0, NULL, "Sendmail 8.17 sendmail/err.c (sm_errstring, TRY_AGAIN)"},
	{"rcpt.unknown-domain", DIAG_LIKELY, "name server:&host not found", 0, NULL, DC_ANY, 0,
	 NULL,
	 "Sendmail 8.17 sendmail/err.c (sm_errstring, HOST_NOT_FOUND), sendmail/deliver.c "
	 "(hostsignature)"},

	/* OpenSMTPD (usr.sbin/smtpd/smtp_session.c, lka_session.c) */
	{"rcpt.unknown-user", DIAG_LIKELY, "invalid recipient", 0, NULL, DC_ANY, 0,
	 N_("OpenSMTPD gives this both for an unknown user and for an address no match rule "
	    "accepts, e.g. a foreign domain from a client that did not authenticate (relaying "
	    "refused)."),
	 "OpenSMTPD usr.sbin/smtpd/lka_session.c (lka_resume: 550 Invalid recipient), "
	 "smtp_session.c"},
	{"sender.login-mismatch", DIAG_LIKELY, "<sender rejected", 530, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (IMSG_SMTP_CHECK_SENDER, listener senders "
	 "table)"},
	{"auth.required", DIAG_LIKELY, "must issue an auth command first", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_check_mail_from, auth-require)"},
	{"protocol.sync", DIAG_LIKELY, "pipelining not supported", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_io, IO_DATAIN)"},
	{"protocol.line-too-long", DIAG_LIKELY, "<line too long|command line too long", 0, NULL,
	 DC_ANY, 0, NULL, "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_io, SMTP_LINE_MAX)"},
	{"server.closing", DIAG_LIKELY, "too many messages sent", 0, NULL, DC_ANY, 0,
	 N_("OpenSMTPD limits the messages per session (max-mails, 100 by default): open a new "
	    "connection for the rest."),
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_check_mail_from, sc_session_max_mails)"},
	{"protocol.sequence", DIAG_LIKELY,
	 "command not allowed at this point|already identified|no recipient specified", 0, NULL,
	 DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_check_mail_from, smtp_check_rcpt_to, "
	 "smtp_check_data)"},
	{"helo.invalid", DIAG_LIKELY, "helo requires domain name|ehlo requires domain name", 0,
	 NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_check_helo, smtp_check_ehlo)"},
	{"helo.invalid", DIAG_LIKELY, "<invalid domain name", 0, NULL, DC_HELO, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_check_helo, smtp_check_ehlo); Sendmail "
	 "8.17 sendmail/srvrsmtp.c"},
	{"size.too-big", DIAG_LIKELY, "message too big", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_message_end, TX_ERROR_SIZE)"},
	{"server.loop", DIAG_LIKELY, "<loop detected", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_message_end, TX_ERROR_LOOP)"},
	{"content.headers", DIAG_LIKELY, "not rfc 2822 compliant", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_message_end, TX_ERROR_MALFORMED)"},
	{"sender.syntax", DIAG_LIKELY, "sender address syntax error", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_tx_mail_from)"},
	{"dns.lookup-failed", DIAG_LIKELY, "temporary failure in mx lookup", 0, NULL, DC_ANY, 0,
	 NULL, "OpenSMTPD usr.sbin/smtpd/mta.c (mta_on_mx, relay->failstr)"},

	/* qmail (qmail-smtpd.c; notqmail keeps the texts) */
	{"protocol.bare-lf", DIAG_LIKELY, "/smtplf.html", 0, NULL, DC_ANY, 0,
	 N_("qmail drops the connection when a line ends in a bare LF instead of CRLF; the page "
	    "it names explains why. Send CRLF line endings."),
	 "qmail 1.03 qmail-smtpd.c (straynewline: '451 See "
	 "http://pobox.com/~djb/docs/smtplf.html.'); notqmail qmail-smtpd.c "
	 "(https://cr.yp.to/docs/smtplf.html)"},
	{"relay.denied", DIAG_LIKELY, "isn't in my list of allowed rcpthosts", 0, NULL, DC_ANY, 0,
	 N_("qmail accepts mail only for the domains in its control/rcpthosts; it relays for a "
	    "client only when RELAYCLIENT is set for it (tcpserver rules) or, with a patch, "
	    "after SMTP AUTH."),
	 "qmail 1.03 qmail-smtpd.c (err_nogateway)"},
	{"policy.access-denied", DIAG_LIKELY, "is in my badmailfrom list", 0, NULL, DC_ANY, 0,
	 N_("qmail refuses the sender addresses and domains listed in its control/badmailfrom."),
	 "qmail 1.03 qmail-smtpd.c (err_bmf)"},

	/* mox (smtpserver/server.go, smtpserver/analyze.go) */
	{"sender.login-mismatch", DIAG_LIKELY,
	 "must belong to authenticated user|must match authenticated user", 0, NULL, DC_ANY, 0,
	 NULL,
	 "mox smtpserver/server.go (cmdMail: 'must match authenticated user'; submit: 'message "
	 "from address must belong to authenticated user')"},
	{"rate.sending", DIAG_LIKELY, "maxoutgoingmessagesperday|maxfirsttimerecipientsperday", 0,
	 NULL, DC_ANY, 0,
	 N_("mox limits each account's messages (MaxOutgoingMessagesPerDay, 1000 by default) and "
	    "first-time recipients (MaxFirstTimeRecipientsPerDay, 200 by default) in 24 hours; "
	    "the admin can raise them for the account."),
	 "mox smtpserver/server.go (submit), config/config.go (MaxOutgoingMessagesPerDay, "
	 "MaxFirstTimeRecipientsPerDay)"},
	{"auth.not-offered", DIAG_LIKELY, "authentication only allowed on submission ports", 0,
	 NULL, DC_ANY, 0,
	 N_("mox accepts AUTH only on its submission ports (587, 465), not on port 25."),
	 "mox smtpserver/server.go (cmdAuth)"},
	{"auth.temporary", DIAG_LIKELY, "scram not possible", 0, NULL, DC_ANY, 0,
	 N_("mox answers this for an account it does not know and for one without stored SCRAM "
	    "secrets (setting the password again stores them); AUTH PLAIN over TLS still works."),
	 "mox smtpserver/server.go (cmdAuth, SCRAM)"},
	{"helo.required", DIAG_LIKELY, "no ehlo/helo yet", 0, NULL, DC_ANY, 0, NULL,
	 "mox smtpserver/server.go (xneedHello)"},
	{"protocol.sequence", DIAG_LIKELY,
	 "already speaking tls|cannot starttls after authentication|already have mail|"
	 "missing mail from|missing rcpt to|authentication not allowed during mail transaction", 0,
	 NULL, DC_ANY, 0, NULL, "mox smtpserver/server.go (cmdStarttls, cmdAuth, cmdMail, cmdRcpt, "
	 "cmdData)"},
	{"protocol.unknown-command", DIAG_LIKELY, "starttls not offered", 0, NULL, DC_ANY, 0, NULL,
	 "mox smtpserver/server.go (cmdStarttls)"},
	{"dmarc.reject", DIAG_LIKELY, "rejecting per dmarc policy", 0, NULL, DC_ANY, 0, NULL,
	 "mox smtpserver/analyze.go (dmarcResult.Reject, 550 5.7.26)"},

	/* Texts more than one MTA uses */
	{"auth.credentials", DIAG_LIKELY, "<authentication failed", 535, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_auth_failure_resume); Sendmail 8.17 "
	 "sendmail/srvrsmtp.c (AUTH)"},
	{"auth.mech-unsupported", DIAG_LIKELY, "auth method&not supported", 0, NULL, DC_ANY, 0,
	 NULL, "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_proceed_auth)"},
	{"protocol.unknown-command", DIAG_LIKELY, "command unrecognized", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (smtp); OpenSMTPD usr.sbin/smtpd/smtp_session.c "
	 "(smtp_command)"},
	{"rcpt.too-many", DIAG_LIKELY, "<too many recipients>", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/srvrsmtp.c (452 4.5.3); Exim src/src/smtp_in.c "
	 "(recipients_max); OpenSMTPD usr.sbin/smtpd/smtp_session.c"},
	{"rcpt.mailbox-full", DIAG_LIKELY, "<mailbox full>", 0, NULL, DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/esc.c (ESC_MAILBOX_FULL, RFC 3463 X.2.2 description)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "<user unknown", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 sendmail/recipient.c (recipient: 550 5.1.1 User unknown); Postfix "
	 "src/smtpd/smtpd_check.c"},
	{"policy.access-denied", DIAG_LIKELY,
	 "<access denied&!spf&!dkim&!dmarc&!spam&!blacklist&!blocklist&!listed&!reputation", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Sendmail 8.17 cf/m4/proto.m4 (Basic_check_relay, Basic_check_mail: access map REJECT)"},
};
const size_t diag_rules_mta_n = sizeof diag_rules_mta / sizeof diag_rules_mta[0];
