/* Log-only texts: what mail daemons write to their logs when there is no
 * SMTP reply to read (postscreen's limits, anvil's rate limits, Exim's
 * timeouts, Sendmail's "AUTH failure", Dovecot's authentication and TLS
 * failures, OpenSMTPD's authentication results, policy services), and the
 * words of bounces that quote no reply (Gmail's "The recipient server did
 * not accept our requests to connect"). Tried with code 0 by the log
 * reader, so every rule here is DIAG_LIKELY with a pattern and no code;
 * each takes the fixed words of the format string in the daemon's source,
 * never the variable parts. Every pattern for a line without a reply
 * contains one of the log reader's failure words (logline.c,
 * failure_words), or the reader never offers the line. Data only; see
 * diag.h for the pattern language. */
#include "diag_tables.h"

#include "smtpdbg/i18n.h"

const struct diag_rule diag_rules_logs[] = {
	/* Postfix: smtpd, postscreen and anvil */
	{"conn.timeout", DIAG_LIKELY, "<timeout after &from ", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_service: '%s: %s after %s from %s', REASON_TIMEOUT)"},
	{"conn.timeout", DIAG_LIKELY, "command time limit from [", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen_smtpd.c (psc_smtpd_time_event: 'COMMAND TIME LIMIT "
	 "from [%s]:%s after %s')"},
	{"protocol.line-too-long", DIAG_LIKELY, "command length limit from [", 0, NULL, DC_ANY, 0,
	 NULL,
	 "Postfix src/postscreen/postscreen_smtpd.c (psc_smtpd_read_event: 'COMMAND LENGTH LIMIT "
	 "from [%s]:%s after %s')"},
	{"conn.too-many", DIAG_LIKELY, "connection concurrency limit exceeded: &for service", 0,
	 NULL, DC_ANY, 0,
	 N_("Postfix's anvil counts the connections open at once from one address "
	    "(smtpd_client_connection_count_limit); clients in smtpd_client_event_limit_exceptions "
	    "(by default $mynetworks) are not counted."),
	 "Postfix src/smtpd/smtpd.c (smtpd_proto: 'Connection concurrency limit exceeded: %d "
	 "from %s for service %s')"},
	{"conn.too-many", DIAG_LIKELY,
	 "reject: connect from [&too many connections|all server ports busy|all screening ports "
	 "busy",
	 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/postscreen/postscreen.c (psc_endpt_lookup_done: 'NOQUEUE: reject: CONNECT "
	 "from [%s]:%s: too many connections', 'all server ports busy', 'all screening ports "
	 "busy')"},
	{"conn.rate", DIAG_LIKELY,
	 "auth command rate limit exceeded: |new tls session rate limit exceeded: &for service", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtpd/smtpd.c (smtpd_sasl_auth_cmd_wrapper: 'AUTH command rate limit "
	 "exceeded', smtpd_start_tls: 'New TLS session rate limit exceeded': '%d from %s for "
	 "service %s')"},
	{"rate.sending", DIAG_LIKELY,
	 "message delivery request rate limit exceeded: |recipient address rate limit exceeded: &"
	 "for service",
	 0, NULL, DC_ANY, 0,
	 N_("Postfix's anvil counts per client address and time unit (anvil_rate_time_unit): "
	    "smtpd_client_message_rate_limit and smtpd_client_recipient_rate_limit; clients in "
	    "smtpd_client_event_limit_exceptions (by default $mynetworks) are not counted."),
	 "Postfix src/smtpd/smtpd.c (mail_cmd: 'Message delivery request rate limit exceeded', "
	 "rcpt_cmd: 'Recipient address rate limit exceeded': '%d from %s for service %s')"},
	{"policy.access-denied", DIAG_LIKELY, "<denylisted [|<blacklisted [", 0, NULL, DC_ANY, 0,
	 N_("The client's address is in postscreen_access_list with reject (or in "
	    "postscreen_denylist_networks): postscreen refuses it before any other test."),
	 "Postfix src/postscreen/postscreen.c (psc_endpt_lookup_done: '%sLISTED [%s]:%s', "
	 "PSC_ACL_ACT_DENYLIST)"},
	{"net.connect-failed", DIAG_LIKELY, "<connect to &]:&: cannot assign requested address", 0,
	 NULL, DC_ANY, 0,
	 N_("This host has no usable source address of that family, usually IPv6 without a route "
	    "to the Internet: give it IPv6 connectivity, or set inet_protocols = ipv4 in "
	    "Postfix."),
	 "Postfix src/smtp/smtp_connect.c (smtp_connect_addr: 'connect to %s[%s]:%d: %m', "
	 "EADDRNOTAVAIL)"},
	{"net.connect-failed", DIAG_LIKELY,
	 "<connect to &]:&: connection refused|: connection timed out|: operation timed out|: no "
	 "route to host|: network is unreachable|: host is unreachable|: connection reset by peer",
	 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/smtp/smtp_connect.c (smtp_connect_addr: 'connect to %s[%s]:%d: %m', logged "
	 "on its own line by smtp_connect_inet)"},
	{"tls.failed", DIAG_LIKELY, "ssl_accept error from ", 0, NULL, DC_ANY, 0, NULL,
	 "Postfix src/tls/tls_server.c (tls_server_start: 'SSL_accept error from %s: %d', ': %m', "
	 "': lost connection')"},
	/* The reason in smtpd's "SASL LOGIN authentication failed: %s" (read as 535). */
	{"auth.temporary", DIAG_LIKELY,
	 "connection lost to authentication server|can't connect to authentication server", 0,
	 NULL, DC_ANY, 0,
	 N_("Postfix could not talk to Dovecot's authentication service (smtpd_sasl_path): check "
	    "that Dovecot runs and that its auth socket (e.g. private/auth in the Postfix queue "
	    "directory) exists with permissions Postfix may use."),
	 "Postfix src/xsasl/xsasl_dovecot_server.c (XSASL_AUTH_TEMP: smtpd answers '454 4.7.0 "
	 "Temporary authentication failure')"},

	/* Exim: src/src/smtp_in.c, host.c, receive.c */
	{"rdns.missing", DIAG_LIKELY, "no host name found for ip address", 0, NULL, DC_ANY, 0,
	 N_("Exim logs this when it looks up the client's name (host_lookup); it refuses the "
	    "client only where an ACL requires verify = reverse_host_lookup."),
	 "Exim src/src/host.c (host_name_lookup: 'no host name found for IP address %s')"},
	{"rdns.missing", DIAG_LIKELY,
	 "no ip address found for host&(during smtp connection from", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/host.c (host_find_byname: 'no IP address found for host %s (during %s)', "
	 "the client's PTR name checked forward)"},
	{"sender.verify-failed", DIAG_LIKELY, "sender verify fail for <|sender verify defer for <",
	 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_handle_acl_fail: '%s sender verify %s for <%s>%s')"},
	{"policy.access-denied", DIAG_LIKELY, "dropped by 'connect' acl", 0, NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (log_connect_tls_drop: '%s dropped by %s', the connect ACL's "
	 "drop)"},
	{"conn.timeout", DIAG_LIKELY,
	 "smtp command timeout on|smtp data timeout (message abandoned) on connection from", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Exim src/src/smtp_in.c (smtp_command_timeout_exit: 'SMTP command timeout on%s "
	 "connection from %s', smtp_data_timeout_exit: 'SMTP data timeout (message abandoned) on "
	 "connection from %s')"},
	{"content.spam", DIAG_LIKELY, "rejected by local_scan()&hits=&required=", 0, NULL, DC_ANY,
	 0, NULL,
	 "Exim src/src/receive.c (receive_msg: '%srejected by local_scan(): %.256s'); "
	 "hits=/required=: the SpamAssassin score an SA-Exim local_scan() rejects with"},

	/* Sendmail: sendmail/srvrsmtp.c, err.c; Cyrus SASL lib/common.c (sasl_errstring) */
	{"conn.pregreet", DIAG_LIKELY, "due to pre-greeting traffic", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail sendmail/srvrsmtp.c (smtp, greet_pause: 'rejecting commands from %s [%s] due "
	 "to pre-greeting traffic after %d seconds')"},
	{"auth.too-many-failures", DIAG_LIKELY, "possible smtp attack: command=auth,", 0, NULL,
	 DC_ANY, 0,
	 N_("Sendmail counts the AUTH commands of one session; after more than it offers "
	    "mechanisms it logs this and makes the client wait longer for every further try."),
	 "Sendmail sendmail/srvrsmtp.c (checksmtpattack(&n_auth, n_mechs + 1, ...): '%s: "
	 "possible SMTP attack: command=%.40s, count=%u')"},
	{"auth.unknown-user", DIAG_LIKELY, "auth failure (&): user not found (", 0, NULL, DC_ANY, 0,
	 NULL,
	 "Sendmail sendmail/srvrsmtp.c (LOGAUTHFAIL: 'AUTH failure (%s): %s (%d) %s'); Cyrus "
	 "SASL lib/common.c (SASL_NOUSER: 'user not found')"},
	{"auth.mech-unsupported", DIAG_LIKELY, "auth failure (&): no mechanism available (", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Sendmail sendmail/srvrsmtp.c (LOGAUTHFAIL); Cyrus SASL lib/common.c (SASL_NOMECH: 'no "
	 "mechanism available')"},
	{"auth.mech-weak", DIAG_LIKELY, "auth failure (&): mechanism too weak for this user (", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Sendmail sendmail/srvrsmtp.c (LOGAUTHFAIL); Cyrus SASL lib/common.c (SASL_TOOWEAK)"},
	{"auth.encryption-required", DIAG_LIKELY,
	 "auth failure (&): encryption needed to use mechanism (", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail sendmail/srvrsmtp.c (LOGAUTHFAIL); Cyrus SASL lib/common.c (SASL_ENCRYPT)"},
	{"auth.temporary", DIAG_LIKELY,
	 "auth failure (&): remote authentication server unavailable (|): transient failure", 0,
	 NULL, DC_ANY, 0, NULL,
	 "Sendmail sendmail/srvrsmtp.c (LOGAUTHFAIL); Cyrus SASL lib/common.c (SASL_UNAVAIL, "
	 "SASL_TRYAGAIN)"},
	{"auth.credentials", DIAG_LIKELY, "auth failure (&): authentication failure (", 0, NULL,
	 DC_ANY, 0, NULL,
	 "Sendmail sendmail/srvrsmtp.c (LOGAUTHFAIL: 'AUTH failure (%s): %s (%d) %s', the client "
	 "got '535 5.7.0 authentication failed'); Cyrus SASL lib/common.c (SASL_BADAUTH: "
	 "'authentication failure')"},
	{"net.connect-failed", DIAG_LIKELY, "connection timed out with &!during ", 0, NULL, DC_ANY,
	 0, NULL,
	 "Sendmail sendmail/err.c (sm_errstring: ETIMEDOUT 'Connection timed out with %s', ' "
	 "during %s' only once in an SMTP phase)"},
	{"rcpt.unknown-user", DIAG_LIKELY, "... no such user here", 0, NULL, DC_ANY, 0, NULL,
	 "Sendmail cf/README (virtusertable: 'error:nouser 550 No such user here'), logged as "
	 "'<address>... No such user here'"},

	/* Dovecot: src/auth, src/login-common, src/lib-ssl-iostream, src/plugins/quota */
	{"auth.unknown-user", DIAG_LIKELY,
	 "): unknown user|auth(&: unknown user|pam_authenticate() failed: user not known to the "
	 "underlying authentication module",
	 0, NULL, DC_ANY, 0,
	 N_("Dovecot's passdb does not know this login name: check the exact name the client "
	    "sends (often the full address, not the local part) and auth_username_format."),
	 "Dovecot src/auth/auth-request.c (auth_request_db_log_unknown_user: 'passdb(user,ip): "
	 "unknown user', 2.4: 'auth(user,ip)<session>: passdb: unknown user'), "
	 "src/auth/passdb-pam.c ('pam_authenticate() failed: %s'); Linux-PAM "
	 "libpam/pam_strerror.c (PAM_USER_UNKNOWN)"},
	{"auth.credentials", DIAG_LIKELY,
	 ": password mismatch|): invalid credentials|pam_authenticate() failed: authentication "
	 "failure|(dovecot:auth): authentication failure;",
	 0, NULL, DC_ANY, 0, NULL,
	 "Dovecot src/auth/password-scheme.h (AUTH_LOG_MSG_PASSWORD_MISMATCH 'Password "
	 "mismatch'), src/auth/passdb-ldap.c (up to 2.2: 'invalid credentials'), "
	 "src/auth/passdb-pam.c (PAM_AUTH_ERR: '(Password mismatch?)'); Linux-PAM "
	 "modules/pam_unix/support.c ('authentication failure; logname=...', PAM service "
	 "dovecot)"},
	{"auth.encryption-required", DIAG_LIKELY,
	 "tried to use disallowed plaintext auth|tried to use disallowed cleartext auth|tried to "
	 "use disabled plaintext auth",
	 0, NULL, DC_ANY, 0,
	 N_("By default Dovecot allows PLAIN and LOGIN only over TLS or from the local host "
	    "(disable_plaintext_auth, in 2.4 auth_allow_cleartext): connect with STARTTLS or to "
	    "the TLS port (993, 995)."),
	 "Dovecot src/login-common/client-common.c (client_auth_fail_code_reasons: 'tried to use "
	 "disallowed plaintext auth', 2.0: 'disabled', 2.4: 'cleartext')"},
	{"auth.mech-unsupported", DIAG_LIKELY, "tried to use unsupported auth mechanism", 0, NULL,
	 DC_ANY, 0, NULL,
	 "Dovecot src/login-common/client-common.c (client_auth_fail_code_reasons)"},
	{"auth.temporary", DIAG_LIKELY, "auth service reported temporary failure", 0, NULL, DC_ANY,
	 0, NULL, "Dovecot src/login-common/client-common.c (client_auth_fail_code_reasons)"},
	{"auth.credentials", DIAG_LIKELY, "(auth failed, ", 0, NULL, DC_ANY, 0, NULL,
	 "Dovecot src/login-common/client-common.c (client_get_extra_disconnect_reason: '(auth "
	 "failed, %u attempts in %u secs)')"},
	{"tls.failed", DIAG_LIKELY, "ssl_accept() failed|ssl_accept() syscall failed", 0, NULL,
	 DC_ANY, 0,
	 N_("'wrong version number' or 'http request' usually means a client speaking plain text "
	    "to a TLS port (or TLS to a plain one); 'no shared cipher' or 'unsupported protocol' "
	    "an old client, or ssl_min_protocol or the cipher list set too strict."),
	 "Dovecot src/lib-ssl-iostream/iostream-openssl.c (openssl_iostream_handle_error: '%s "
	 "failed: %s', '%s syscall failed: %s' for SSL_accept())"},
	{"rcpt.mailbox-full", DIAG_LIKELY, "quota exceeded (mailbox for user is full)", 0, NULL,
	 DC_ANY, 0, NULL,
	 "Dovecot src/plugins/quota/quota-settings.c (default quota_exceeded_message)"},

	/* OpenSMTPD: usr.sbin/smtpd/smtp_session.c */
	{"auth.credentials", DIAG_LIKELY, "smtp authentication user=&result=permfail", 0, NULL,
	 DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_session_imsg, LKA_PERMFAIL: 'smtp "
	 "authentication user=%s result=permfail')"},
	{"auth.temporary", DIAG_LIKELY, "smtp authentication user=&result=tempfail", 0, NULL,
	 DC_ANY, 0, NULL,
	 "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_session_imsg, LKA_TEMPFAIL: the client "
	 "got '421 4.7.0 Temporary failure')"},
	{"tls.failed", DIAG_LIKELY, "smtp disconnected reason=tls-accept-failed", 0, NULL, DC_ANY,
	 0, NULL, "OpenSMTPD usr.sbin/smtpd/smtp_session.c (smtp_tls_init)"},

	/* Policy services and filters */
	{"greylist", DIAG_LIKELY, "<action=greylist", 0, NULL, DC_ANY, 0, NULL,
	 "Postgrey postgrey (mylog_action: 'action=%s, reason=%s, ...', action greylist)"},
	{"dmarc.reject", DIAG_LIKELY, "rejected by dmarc policy for", 0, NULL, DC_ANY, 0, NULL,
	 "OpenDMARC opendmarc/opendmarc.c (mlfi_eom, DMARC_POLICY_REJECT: 'rejected by DMARC "
	 "policy for %s')"},
	{"dmarc.reject", DIAG_LIKELY, "dmarc check failed", 0, NULL, DC_ANY, 0, NULL,
	 "maddy internal/msgpipeline/check_runner.go (dmarc.PolicyReject: 'DMARC check failed')"},

	/* Bounces without a reply: Gmail's and Google Groups' texts */
	{"net.connect-failed", DIAG_LIKELY,
	 "the recipient server did not accept our requests to connect", 0, NULL, DC_ANY, 0, NULL,
	 "Gmail bounce text (it links https://support.google.com/mail/answer/7720); Sisimai "
	 "lib/Sisimai/Lhost/Gmail.pm (messagesof expired)"},
	{"dns.lookup-failed", DIAG_LIKELY, "dns error: could not contact dns servers", 0, NULL,
	 DC_ANY, 0, NULL, "Gmail bounce text; Sisimai lib/Sisimai/Lhost/Gmail.pm (messagesof)"},
	{"rcpt.unknown-domain", DIAG_LIKELY,
	 "dns error:&domain name not found|dns server returned answer with no data", 0, NULL,
	 DC_ANY, 0, NULL,
	 "Gmail bounce text; Sisimai lib/Sisimai/Lhost/Gmail.pm (messagesof hostunknown)"},
	{"content.spam", DIAG_LIKELY, "was rejected due to spam classification", 0, NULL, DC_ANY,
	 0, NULL,
	 "Google Groups bounce text (sisimai set-of-emails maildir/bsd/lhost-gsuite-12.eml); "
	 "Sisimai lib/Sisimai/Reason/SpamDetected.pm"},
};
const size_t diag_rules_logs_n = sizeof diag_rules_logs / sizeof diag_rules_logs[0];
