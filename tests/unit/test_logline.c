/* Mail log lines: the reply inside, the command it answered, who refused
 * whom; the lines without a refusal are not taken. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/diag_log.h"
#include "smtpdbg/logline.h"

static struct log_reply parse(const char *s)
{
	struct log_reply lr;
	cr_assert(logline_parse(s, strlen(s), &lr), "not read: %s", s);
	return lr;
}

static void span_is(struct log_span sp, const char *want)
{
	cr_assert_eq(sp.n, strlen(want), "'%.*s' is not '%s'", (int)sp.n, sp.p ? sp.p : "", want);
	cr_assert(!memcmp(sp.p, want, sp.n));
}

Test(logline, postfix_smtp_bounce)
{
	struct log_reply lr = parse(
		"Dec  7 10:15:01 mx1 postfix/smtp[2211]: 4F1A23C0B2: to=<bob@example.org>, "
		"relay=mx.example.org[192.0.2.25]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, "
		"status=bounced (host mx.example.org[192.0.2.25] said: 550 5.1.1 <bob@example.org>: "
		"Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO "
		"command))");
	cr_assert_eq(lr.source, LOG_POSTFIX_SMTP);
	cr_assert_eq(lr.code, 550);
	cr_assert(lr.code_given && lr.remote);
	cr_assert_eq(lr.enh.cls, 5);
	cr_assert_eq(lr.enh.detail, 1);
	cr_assert_str_eq(lr.verb, "RCPT");
	span_is(lr.host, "mx.example.org[192.0.2.25]");
	span_is(lr.rcpt, "<bob@example.org>");
	span_is(lr.status, "bounced");
	span_is(lr.text, "<bob@example.org>: Recipient address rejected: User unknown in virtual "
			 "mailbox table");
}

Test(logline, postfix_smtp_other_forms)
{
	struct log_reply lr = parse(
		"2026-12-07T10:15:01.123456+01:00 mx1 postfix/smtp[1]: 5A: to=<x@example.net>, "
		"relay=none, delay=30, dsn=4.4.1, status=deferred (connect to "
		"mx.example.net[198.51.100.7]:25: Connection timed out)");
	cr_assert_eq(lr.code, 450, "a deferral without a reply is a 4xx");
	cr_assert(!lr.code_given);
	cr_assert_eq(lr.enh.cls, 4);
	span_is(lr.host, "mx.example.net[198.51.100.7]:25");
	span_is(lr.text, "connect to mx.example.net[198.51.100.7]:25: Connection timed out");

	lr = parse("postfix/smtp[1]: 6B: to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, "
		   "dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.1] said: 554 5.7.1 "
		   "Rejected (in reply to end of DATA command))");
	cr_assert_str_eq(lr.verb, "DOT");
	lr = parse("postfix/smtp[1]: 6B: to=<a@example.org>, dsn=4.0.0, status=deferred (host "
		   "mx.example.org[192.0.2.1] refused to talk to me: 421 4.7.0 Try again later)");
	cr_assert_str_eq(lr.verb, "GREETING");
	cr_assert_eq(lr.code, 421);
}

Test(logline, postfix_smtpd)
{
	struct log_reply lr = parse(
		"Dec  7 10:15:03 mx1 postfix/smtpd[99]: NOQUEUE: reject: RCPT from "
		"unknown[192.0.2.10]: 450 4.7.1 Client host rejected: cannot find your hostname, "
		"[192.0.2.10]; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<laptop>");
	cr_assert_eq(lr.source, LOG_POSTFIX_SMTPD);
	cr_assert(!lr.remote);
	cr_assert_str_eq(lr.verb, "RCPT");
	span_is(lr.host, "unknown[192.0.2.10]");
	span_is(lr.rcpt, "<b@example.org>");
	span_is(lr.text, "Client host rejected: cannot find your hostname, [192.0.2.10]");
	lr = parse("postfix/smtpd[9]: warning: unknown[192.0.2.10]: SASL LOGIN authentication "
		   "failed: UGFzc3dvcmQ6");
	cr_assert_eq(lr.code, 535);
	cr_assert_str_eq(lr.verb, "AUTH");
	span_is(lr.host, "unknown[192.0.2.10]");
	span_is(lr.text, "UGFzc3dvcmQ6");
	/* The reason alone: what the client was told after "authentication failed:". */
	lr = parse("postfix/smtpd[9]: warning: unknown[192.0.2.1]: SASL PLAIN authentication "
		   "failed: Connection lost to authentication server, sasl_username=bob");
	span_is(lr.text, "Connection lost to authentication server");
}

Test(logline, exim_sendmail_dovecot_dsn)
{
	struct log_reply lr = parse(
		"2026-12-07 10:00:00 1abc-000123-AB ** bob@example.org R=dnslookup T=remote_smtp "
		"H=mx.example.org [192.0.2.25]: SMTP error from remote mail server after RCPT "
		"TO:<bob@example.org>: 550 5.1.1 User unknown");
	cr_assert_eq(lr.source, LOG_EXIM);
	cr_assert_str_eq(lr.verb, "RCPT");
	cr_assert_eq(lr.code, 550);
	span_is(lr.host, "mx.example.org [192.0.2.25]");
	span_is(lr.text, "User unknown");
	lr = parse("2026-12-07 10:00:00 H=(laptop) [192.0.2.10] F=<a@example.com> rejected RCPT "
		   "<b@example.org>: relay not permitted");
	cr_assert_eq(lr.source, LOG_EXIM_REJECT);
	cr_assert_str_eq(lr.verb, "RCPT");
	span_is(lr.text, "relay not permitted");
	lr = parse("sm-mta[1]: x: ruleset=check_rcpt, arg1=<b@example.org>, relay=[192.0.2.10], "
		   "reject=550 5.7.1 <b@example.org>... Relaying denied");
	cr_assert_eq(lr.source, LOG_SENDMAIL);
	cr_assert_str_eq(lr.verb, "RCPT");
	cr_assert_eq(lr.code, 550);
	lr = parse("sm-mta[1]: x: to=<b@example.org>, delay=00:00:01, mailer=esmtp, "
		   "relay=mx.example.org. [192.0.2.25], dsn=5.1.1, stat=User unknown");
	cr_assert_eq(lr.code, 550);
	cr_assert_eq(lr.enh.subject, 1);
	span_is(lr.text, "User unknown");
	lr = parse("dovecot: auth: passwd-file(bob,192.0.2.10): Password mismatch");
	cr_assert_eq(lr.source, LOG_DOVECOT);
	cr_assert_str_eq(lr.verb, "AUTH");
	cr_assert_eq(lr.code, 0, "Dovecot gives no SMTP reply");
	span_is(lr.host, "192.0.2.10");
	span_is(lr.text, "dovecot: auth: passwd-file(bob,192.0.2.10): Password mismatch");
	lr = parse("Diagnostic-Code: smtp; 550 5.7.1 Relay access denied");
	cr_assert_eq(lr.source, LOG_DSN);
	cr_assert_eq(lr.code, 550);
	lr = parse("Status: 4.2.2");
	cr_assert_eq(lr.code, 450);
}

Test(logline, lines_without_a_refusal)
{
	/* Everyday lines of the daemons: not taken at all. */
	const char *skip[] = {
		"Dec  7 10:15:02 mx1 postfix/qmgr[12]: 4F1A23C0B2: from=<a@example.com>, size=1234, "
		"nrcpt=1 (queue active)",
		"Dec  7 10:15:02 mx1 postfix/smtpd[12]: connect from unknown[192.0.2.10]",
		"Dec  7 10:15:02 mx1 postfix/smtpd[12]: disconnect from unknown[192.0.2.10] ehlo=1 "
		"auth=0/1 quit=1 commands=2/3",
		"Dec  7 10:15:02 mx1 postfix/qmgr[12]: 4F1A23C0B2: removed",
		"postfix/smtp[1]: 6B: to=<a@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, "
		"status=sent (250 2.0.0 Ok: queued as 12345)",
		"postfix/local[1]: 6B: to=<a@example.org>, relay=local, dsn=2.0.0, status=sent "
		"(delivered to mailbox: no errors)",
		"sm-mta[1]: x: to=<b@example.org>, dsn=2.0.0, stat=Sent (Ok: queued)",
		"Status: 2.0.0",
		"Remote-MTA: dns; mx.example.org",
		"dovecot: imap-login: Login: user=<bob>, method=PLAIN, rip=192.0.2.10",
		"dovecot: imap(bob): Disconnected: Logged out in=605 out=520",
		"2026-12-07 10:15:01 1vXyZa-000123-AB <= alice@example.com U=CALLER P=local S=1234",
		"2026-12-07 10:15:01 1vXyZa-000123-AB => bob@example.org R=dnslookup T=remote_smtp "
		"H=mx.example.org [192.0.2.25] C=\"250 2.0.0 Ok: queued as 4F1A23C0B2\"",
		"2026-12-07 10:15:01 1vXyZa-000123-AB Completed",
		"Dec  7 10:15:01 mx1 smtpd[4121]: 7e8b9c0d1e2f3a4b smtp authentication user=bob "
		"result=ok",
		"Dec  7 10:15:01 mx1 smtpd[4121]: 7e8b9c0d1e2f3a4b smtp connected address=192.0.2.10 "
		"host=mail.example.com",
		"Dec  7 10:15:01 mx1 postgrey[25243]: action=pass, reason=triplet found, "
		"client_name=mx.example.com",
		/* Another program's failure is not a mail daemon's. */
		"Dec  7 10:15:01 mx1 sshd[99]: Failed password for root from 192.0.2.1 port 22 ssh2",
		"Dec  7 10:15:01 mx1 kernel: [  970.699396] F2B: failure from 192.0.2.2",
		"",
		"status=",
	};
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) {
		struct log_reply lr;
		cr_assert(!logline_parse(skip[i], strlen(skip[i]), &lr), "taken: %s", skip[i]);
	}
	/* Fragments: at most a candidate in words (code 0), never a reply. */
	const char *fragments[] = {
		"reject: ",
		"SMTP error from remote mail server after",
		"Action: failed",
	};
	for (size_t i = 0; i < sizeof fragments / sizeof fragments[0]; i++) {
		struct log_reply lr;
		cr_assert(!logline_parse(fragments[i], strlen(fragments[i]), &lr) || !lr.code,
			  "read as a reply: %s", fragments[i]);
	}
}

/* A reply quoted in a bounce's text, a milter's reject, OpenSMTPD's and
 * maddy's failed commands. */
Test(logline, quoted_replies)
{
	struct log_reply lr = parse(
		"<bob@example.org>: host mx.example.org[192.0.2.25] said: 550 5.1.1 User unknown "
		"(in reply to RCPT TO command)");
	cr_assert_eq(lr.source, LOG_POSTFIX_SMTP);
	cr_assert(lr.remote && lr.code_given);
	cr_assert_eq(lr.code, 550);
	cr_assert_str_eq(lr.verb, "RCPT");
	span_is(lr.host, "mx.example.org[192.0.2.25]");
	span_is(lr.rcpt, "<bob@example.org>");
	span_is(lr.text, "User unknown");
	lr = parse("Oct 15 08:30:22 mx1 postfix/smtp[1]: BD: host mx.example.net[198.51.100.2] "
		   "refused to talk to me: 554 5.7.1 Access denied");
	cr_assert_str_eq(lr.verb, "GREETING");
	cr_assert_eq(lr.code, 554);
	span_is(lr.host, "mx.example.net[198.51.100.2]");

	lr = parse("Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient "
		   "not found by SMTP address lookup'");
	cr_assert_eq(lr.source, LOG_BOUNCE);
	cr_assert_eq(lr.code, 550);
	cr_assert_eq(lr.enh.detail, 10);
	span_is(lr.text, "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address "
			 "lookup");
	lr = parse("Server at example.org returned '550 5.4.316 Message expired, connection "
		   "refused(Socket error code 10061)'");
	span_is(lr.host, "example.org");
	lr = parse("#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient "
		   "##rfc822;bob@example.org");
	cr_assert_eq(lr.code, 550);
	span_is(lr.text, "RESOLVER.RST.RecipSizeLimit; message too large for this recipient");
	lr = parse("5.1.1 <bob@icloud.com>: inactive email address (in reply to RCPT TO command)");
	cr_assert_eq(lr.code, 550);
	cr_assert(!lr.code_given);
	cr_assert_str_eq(lr.verb, "RCPT");

	lr = parse("Nov 28 16:03:13 mx1 postfix/cleanup[2751]: B64A73FD27: milter-reject: "
		   "END-OF-MESSAGE from mail.example.com[198.51.100.71]: 5.7.1 rejected by DMARC "
		   "policy for example.com; from=<a@example.com> to=<b@example.org> proto=ESMTP "
		   "helo=<mail.example.com>");
	cr_assert_str_eq(lr.verb, "DOT");
	cr_assert_eq(lr.code, 550, "the code is not logged: made from 5.7.1");
	span_is(lr.host, "mail.example.com[198.51.100.71]");
	span_is(lr.rcpt, "<b@example.org>");
	span_is(lr.text, "rejected by DMARC policy for example.com");
	lr = parse("Dec  7 10:15:01 mx1 smtpd[4121]: 7e8b9c0d1e2f3a4b smtp failed-command "
		   "command=\"AUTH LOGIN (password)\" result=\"535 Authentication failed\"");
	cr_assert_eq(lr.source, LOG_OPENSMTPD);
	cr_assert_str_eq(lr.verb, "AUTH");
	cr_assert_eq(lr.code, 535);
	span_is(lr.text, "Authentication failed");
	lr = parse("smtp: DATA error\t{\"check\":\"dmarc\",\"smtp_code\":550,\"smtp_enchcode\":"
		   "\"5.7.1\",\"smtp_msg\":\"DMARC check failed\"}");
	cr_assert_eq(lr.source, LOG_MADDY);
	cr_assert_str_eq(lr.verb, "DATA");
	cr_assert_eq(lr.enh.subject, 7);
	span_is(lr.text, "DMARC check failed");
	lr = parse("2011-06-14 09:52:30 1QWNUD-000AiT-GU ** bob@example.com R=dnslookup "
		   "T=remote_smtp: SMTP error from remote mail server after RCPT TO:<bob@example.com>: "
		   "host mx.example.com [198.51.100.108]: 550 Broken Reverse DNS");
	span_is(lr.host, "mx.example.com [198.51.100.108]");
	span_is(lr.text, "Broken Reverse DNS");
}

/* A failure a daemon logs in words: code 0, the words after the program's
 * name, who and which command. */
static struct log_reply event(const char *s, enum log_source src, const char *verb,
			      const char *host)
{
	struct log_reply lr = parse(s);
	cr_assert_eq(lr.code, 0, "%s: code %d", s, lr.code);
	cr_assert(!lr.code_given);
	cr_assert_eq(lr.source, src, "%s: source %d", s, lr.source);
	if (verb)
		cr_assert_str_eq(lr.verb ? lr.verb : "(none)", verb, "%s", s);
	else
		cr_assert_null(lr.verb, "%s: verb %s", s, lr.verb);
	if (host)
		span_is(lr.host, host);
	return lr;
}

Test(logline, failures_in_words)
{
	struct log_reply lr = event(
		"Dec 23 19:39:13 mx1 postfix/postscreen[21057]: PREGREET 14 after 0.08 from "
		"[192.0.2.2]:59415: EHLO ylmf-pc\\r\\n",
		LOG_POSTFIX, "GREETING", "[192.0.2.2]");
	span_is(lr.text, "PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\\r\\n");
	event("Sep 19 12:10:57 mx1 postfix/smtpd[1]: warning: Connection rate limit exceeded: 31 "
	      "from spam.example.org[192.0.2.123] for service smtp",
	      LOG_POSTFIX_SMTPD, "GREETING", "spam.example.org[192.0.2.123]");
	event("Jan 12 11:07:49 mx1 postfix/smtpd[1]: improper command pipelining after DATA from "
	      "unknown[192.0.2.88]: ",
	      LOG_POSTFIX_SMTPD, "DATA", "unknown[192.0.2.88]");
	event("Dec 13 12:08:32 mx1 postfix/smtpd[2]: timeout after END-OF-MESSAGE from "
	      "localhost[127.0.0.1]",
	      LOG_POSTFIX_SMTPD, "DOT", "localhost[127.0.0.1]");
	lr = event("Oct 27 09:06:16 mx1 postfix/smtp[3288]: connect to "
		   "mx.example.net[192.0.2.7]:25: Connection refused",
		   LOG_POSTFIX_SMTP, "GREETING", "mx.example.net[192.0.2.7]:25");
	cr_assert(lr.remote);

	/* Exim's own log, and through syslog. */
	event("2013-06-02 06:54:20 [13314] SMTP protocol synchronization error (input sent "
	      "without waiting for greeting): rejected connection from H=[192.0.2.192]:25936 "
	      "I=[198.51.100.4]:25 input=\"GET / HTTP/1.1\"",
	      LOG_EXIM, "GREETING", "[192.0.2.192]");
	event("2016-04-01 11:08:00 info exim[8003]: [8003] SMTP protocol error in \"AUTH LOGIN\" "
	      "H=(User) [192.0.2.29]:4816 I=[192.0.2.1]:25 LOGIN authentication mechanism not "
	      "supported",
	      LOG_EXIM, "AUTH", "(User) [192.0.2.29]");
	lr = event("2017-07-30 18:51:05.712 10HmbC-000000005vi-0000 SMTP data timeout (message "
		   "abandoned) on connection from (tester) [192.0.2.1] F=<a@example.com> D=5m",
		   LOG_EXIM, NULL, "(tester) [192.0.2.1]");
	span_is(lr.text, "SMTP data timeout (message abandoned) on connection from (tester) "
			 "[192.0.2.1] F=<a@example.com> D=5m");
	/* Exim's authenticator failure carries the reply it gave. */
	lr = parse("2013-01-04 17:03:46 login authenticator failed for mail.example.net "
		   "([192.0.2.33]) [192.0.2.74]: 535 Incorrect authentication data (set_id=bob)");
	cr_assert_eq(lr.code, 535);
	cr_assert_str_eq(lr.verb, "AUTH");
	span_is(lr.host, "mail.example.net ([192.0.2.33]) [192.0.2.74]");

	event("Feb 25 04:02:27 mx1 sendmail[16664]: 06I02CNi016764: AUTH failure (LOGIN): "
	      "authentication failure (-13) SASL(-13): authentication failure: checkpass failed, "
	      "user=bob@example.com, relay=mail.example.com [192.0.2.3] (may be forged)",
	      LOG_SENDMAIL, "AUTH", "mail.example.com [192.0.2.3]");
	event("Feb 27 10:53:06 mx1 sm-mta[44307]: s1R9r60D044307: rejecting commands from  "
	      "[192.0.2.253] due to pre-greeting traffic after 0 seconds",
	      LOG_SENDMAIL, "GREETING", "[192.0.2.253]");

	event("Jan 29 13:54:06 auth-worker(22401): Info: sql(bob@example.org,192.0.2.5,"
	      "<n4JLdHNVngZGpV2j>): unknown user",
	      LOG_DOVECOT, "AUTH", "192.0.2.5");
	event("Mar 23 06:10:52 auth: Info: ldap(dog,192.0.2.121,): invalid credentials",
	      LOG_DOVECOT, "AUTH", "192.0.2.121");
	/* Dovecot 2.4: the user and address in the process's prefix. */
	lr = event("Aug 30 00:10:57 auth(bob@example.org,192.0.2.110,sasl:login)<CvN+E95Uf4e7eEnj>: "
		   "Info: sql: Password mismatch (given password: x)",
		   LOG_DOVECOT, "AUTH", "192.0.2.110");
	span_is(lr.text, "auth(bob@example.org,192.0.2.110,sasl:login)<CvN+E95Uf4e7eEnj>: Info: "
			 "sql: Password mismatch (given password: x)");
	event("Dec 12 11:19:11 mx1 dovecot: pop3-login: Aborted login (tried to use disallowed "
	      "plaintext auth): rip=192.0.2.21, lip=198.51.100.193, session=<LgDINsQCkttVIMPg>",
	      LOG_DOVECOT, "AUTH", "192.0.2.21");
	event("Aug 22 12:09:41 mx1 dovecot: imap-login: Login aborted: Connection closed: "
	      "SSL_accept() failed: error:0A0000C1:SSL routines::no shared cipher (no auth "
	      "attempts in 0 secs): user=<>, rip=192.0.2.7, lip=192.0.2.1",
	      LOG_DOVECOT, NULL, "192.0.2.7");

	event("Dec  7 10:15:01 mx1 smtpd[4121]: 7e8b9c0d1e2f3a4b smtp authentication user=bob "
	      "result=permfail",
	      LOG_OPENSMTPD, "AUTH", NULL);
	lr = event("Jun 14 15:45:28 mx1 postgrey[25243]: action=greylist, reason=new, "
		   "client_name=mail.example.com, client_address=198.51.100.169",
		   LOG_FILTER, NULL, NULL);
	span_is(lr.daemon, "postgrey");
	/* A policy service that logs the reply it gave. */
	lr = parse("Jul  3 16:38:22 mx1 policyd-spf[32790]: 550 5.7.23 Message rejected due to: "
		   "SPF fail - not authorized");
	cr_assert_eq(lr.source, LOG_FILTER);
	cr_assert_eq(lr.code, 550);
	cr_assert_eq(lr.enh.detail, 23);
	span_is(lr.daemon, "policyd-spf");

	/* A bounce's text without a reply. */
	event("The recipient server did not accept our requests to connect. Learn more at "
	      "https://support.google.com/mail/answer/7720 [mx.example.net. 192.0.2.9: timed out]",
	      LOG_BOUNCE, NULL, NULL);
}

/* A failure in words is reported only when a documented text recognises
 * it, with a headline that says what happened. */
Test(logline, words_reported_only_when_recognised)
{
	static const struct {
		const char *line, *headline; /* NULL: not reported */
	} cases[] = {
		{"Dec  7 10:15:01 mx1 dovecot: auth: passwd-file(bob,192.0.2.10): Password mismatch",
		 "1: Dovecot: this server refused the login from 192.0.2.10\n"},
		{"Dec 13 12:08:32 mx1 postfix/smtpd[2]: timeout after END-OF-MESSAGE from "
		 "localhost[127.0.0.1]",
		 "1: Postfix (smtpd): this server logged a failure with localhost[127.0.0.1]\n"},
		{"Oct 27 09:06:16 mx1 postfix/smtp[3]: connect to mx.example.net[192.0.2.7]:25: "
		 "Connection refused",
		 "1: Postfix (smtp): mx.example.net[192.0.2.7]:25 could not be reached\n"},
		{"The recipient server did not accept our requests to connect. Learn more at "
		 "https://support.google.com/mail/answer/7720",
		 "1: bounce: the delivery failed\n"},
		{"Jun 14 15:45:28 mx1 postgrey[1]: action=greylist, reason=new, "
		 "client_address=198.51.100.169",
		 "1: postgrey: this server logged a failure with 198.51.100.169\n"},
		/* A failure word, but no documented text: nothing. */
		{"Dec  7 10:15:01 mx1 dovecot: auth: passwd-file(bob,192.0.2.10): lookup failed", NULL},
		{"Feb 18 09:45:10 mx1 postfix/smtpd[42]: lost connection after CONNECT from "
		 "unknown[192.0.2.10]",
		 NULL},
		{"Action: failed", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int brief = 0; brief < 2; brief++) {
			struct buf out;
			buf_init(&out, 0);
			int rc = diag_log_line(&out, cases[i].line, strlen(cases[i].line), 1, brief);
			cr_assert_eq(rc, cases[i].headline != NULL, "%s", cases[i].line);
			cr_assert_eq(out.len > 0, rc, "%s", cases[i].line);
			if (rc && !brief) {
				size_t hl = strlen(cases[i].headline);
				cr_assert(out.len >= hl && !memcmp(out.data, cases[i].headline, hl),
					  "headline: %.*s", (int)out.len, out.data);
			}
			buf_free(&out);
		}
	}
}
