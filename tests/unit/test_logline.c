/* Mail log lines: the reply inside, the command it answered, who refused
 * whom; the lines without a refusal are not taken. */
#include <criterion/criterion.h>
#include <string.h>

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
	lr = parse("Diagnostic-Code: smtp; 550 5.7.1 Relay access denied");
	cr_assert_eq(lr.source, LOG_DSN);
	cr_assert_eq(lr.code, 550);
	lr = parse("Status: 4.2.2");
	cr_assert_eq(lr.code, 450);
}

Test(logline, lines_without_a_refusal)
{
	const char *skip[] = {
		"Dec  7 10:15:02 mx1 postfix/qmgr[12]: 4F1A23C0B2: from=<a@example.com>, size=1234, "
		"nrcpt=1 (queue active)",
		"Dec  7 10:15:02 mx1 postfix/smtpd[12]: connect from unknown[192.0.2.10]",
		"postfix/smtp[1]: 6B: to=<a@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, "
		"status=sent (250 2.0.0 Ok: queued as 12345)",
		"sm-mta[1]: x: to=<b@example.org>, dsn=2.0.0, stat=Sent (Ok: queued)",
		"Status: 2.0.0",
		"Remote-MTA: dns; mx.example.org",
		"dovecot: imap-login: Login: user=<bob>, method=PLAIN, rip=192.0.2.10",
		"",
		"status=",
		"reject: ",
		"SMTP error from remote mail server after",
	};
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) {
		struct log_reply lr;
		cr_assert(!logline_parse(skip[i], strlen(skip[i]), &lr), "taken: %s", skip[i]);
	}
}
