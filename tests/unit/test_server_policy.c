/* The strict-submission, submission and open-relay personalities: STARTTLS
 * before AUTH, relaying only after AUTH, a submission port's TLS and AUTH
 * before mail, and the open relay the seed warns of. */
#include "server_harness.h"

TestSuite(server_policy, .timeout = 30);

static const char strict_ehlo[] = "250-smtp.server.com\r\n250-PIPELINING\r\n"
				  "250-SIZE 10485760\r\n250-STARTTLS\r\n"
				  "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n";
static const char strict_ehlo_tls[] = "250-smtp.server.com\r\n250-PIPELINING\r\n"
				      "250-SIZE 10485760\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n"
				      "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n";

static void strict_start(struct harness *h)
{
	struct server_config cfg = {.tls_available = true};
	h_start(h, "strict-submission", &cfg);
}

static void strict(bool bytewise)
{
	struct harness h;
	strict_start(&h);
	cr_assert_str_eq(h_send(&h, "EHLO x\r\n", bytewise), strict_ehlo);
	cr_assert_str_eq(h_send(&h, "AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\n",
				bytewise),
			 "530 5.7.0 Must issue a STARTTLS command first\r\n");
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n"
				    "RCPT TO:<max@server.com>\r\nRSET\r\n",
				bytewise),
			 "250 2.1.0 Ok\r\n554 5.7.1 <c@d.test>: Relay access denied\r\n"
			 "250 2.1.5 Ok\r\n250 2.0.0 Ok\r\n");
	/* What follows STARTTLS on the same read is an injection attempt. */
	cr_assert_str_eq(h_send(&h, "STARTTLS\r\nAUTH LOGIN\r\n", bytewise),
			 "220 2.0.0 Ready to start TLS\r\n");
	cr_assert(server_session_want_tls(h.s));
	cr_assert_str_eq(h_send(&h, "NOOP\r\n", bytewise), "");
	server_session_tls_ready(h.s);
	cr_assert(server_session_tls_active(h.s));
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<a@b.test>\r\n", bytewise),
			 "503 5.5.1 Error: send HELO/EHLO first\r\n");
	cr_assert_str_eq(h_send(&h, "EHLO x\r\n", bytewise), strict_ehlo_tls);
	cr_assert_str_eq(h_send(&h, "STARTTLS\r\n", bytewise),
			 "554 5.5.1 Error: TLS already active\r\n");
	cr_assert_str_eq(h_send(&h, "AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAHdyb25n\r\n", bytewise),
			 "535 5.7.8 Error: authentication failed: authentication failure\r\n");
	cr_assert_str_eq(h_send(&h, "AUTH LOGIN\r\nTWF4IE11c3Rlcm1hbm4=\r\n"
				    "SWNoYmlua2VpblNwYW1tZXI=\r\n",
				bytewise),
			 "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n"
			 "235 2.7.0 Authentication successful\r\n");
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<max@server.com>\r\nRCPT TO:<c@d.test>\r\n",
				bytewise),
			 "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
	h_free(&h);
}

Test(server_policy, strict_whole) { strict(false); }
Test(server_policy, strict_byte_at_a_time) { strict(true); }

Test(server_policy, strict_without_tls_says_454)
{
	struct harness h;
	h_start(&h, "strict-submission", NULL);
	h_send(&h, "EHLO x\r\n", false);
	cr_assert_null(strstr(h.out.data, "STARTTLS"), "not offered when it cannot work");
	cr_assert_str_eq(h_send(&h, "STARTTLS\r\n", false),
			 "454 4.7.0 TLS not available due to local problem\r\n");
	cr_assert_not(server_session_want_tls(h.s));
	h_free(&h);
}

Test(server_policy, starttls_needs_ehlo_and_no_transaction)
{
	struct harness h;
	strict_start(&h);
	cr_assert_str_eq(h_send(&h, "STARTTLS\r\n", false),
			 "503 5.5.1 Error: send HELO/EHLO first\r\n");
	cr_assert_str_eq(h_send(&h, "HELO x\r\nMAIL FROM:<a@b.test>\r\nSTARTTLS\r\n", false),
			 "250 smtp.server.com\r\n250 2.1.0 Ok\r\n"
			 "503 5.5.1 Error: MAIL transaction in progress\r\n");
	cr_assert_str_eq(h_send(&h, "STARTTLS now\r\n", false), "501 5.5.4 Syntax: STARTTLS\r\n");
	h_free(&h);
}

static void open_relay(bool bytewise)
{
	struct harness h;
	h_start(&h, "open-relay", NULL);
	cr_assert_str_eq(h_send(&h, "HELO spammer.test\r\nMAIL FROM:<nobody@invented.test>\r\n"
				    "RCPT TO:<victim@elsewhere.test>\r\nDATA\r\nhi\r\n.\r\n",
				bytewise),
			 "250 smtp.server.com\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
			 "354 End data with <CR><LF>.<CR><LF>\r\n"
			 "250 2.0.0 Ok: 4 bytes received and discarded (a teaching server "
			 "delivers nothing)\r\n");
	cr_assert_str_eq(h_send(&h, "AUTH PLAIN\r\n", bytewise),
			 "503 5.5.1 Error: authentication not enabled\r\n");
	h_free(&h);
}

Test(server_policy, open_relay_whole) { open_relay(false); }
Test(server_policy, open_relay_byte_at_a_time) { open_relay(true); }

Test(server_policy, address_syntax)
{
	struct harness h;
	h_start(&h, "open-relay", NULL);
	h_send(&h, "EHLO x\r\n", false);
	cr_assert_str_eq(h_send(&h, "MAIL FROM:a@b.test\r\nMAIL FROM:<a b@c>\r\n"
				    "MAIL FROM:<nodomain>\r\nMAIL FROM: <a@b.test>\r\n",
				false),
			 "501 5.5.4 Syntax: MAIL FROM:<address>\r\n"
			 "501 5.5.4 Syntax: MAIL FROM:<address>\r\n"
			 "501 5.1.7 Bad sender address syntax\r\n250 2.1.0 Ok\r\n");
	cr_assert_str_eq(h_send(&h, "RCPT TO:<>\r\nRCPT TO:<x>\r\nRCPT TO:<Postmaster>\r\n"
				    "RCPT TO:<a@b.test> NOTIFY=NEVER\r\n",
				false),
			 "501 5.5.4 Syntax: RCPT TO:<address>\r\n"
			 "501 5.1.3 Bad recipient address syntax\r\n250 2.1.5 Ok\r\n"
			 "555 5.5.4 Unsupported option: NOTIFY=NEVER\r\n");
	h_free(&h);
}

Test(server_policy, too_many_recipients)
{
	struct harness h;
	struct server_config cfg = {.max_rcpts = 2};
	h_start(&h, "open-relay", &cfg);
	h_send(&h, "EHLO x\r\nMAIL FROM:<a@b.test>\r\n", false);
	cr_assert_str_eq(h_send(&h, "RCPT TO:<1@b.test>\r\nRCPT TO:<2@b.test>\r\n"
				    "RCPT TO:<3@b.test>\r\n",
				false),
			 "250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n452 4.5.3 Error: too many recipients\r\n");
	h_free(&h);
}

/* The submission personality: a port 587 as RFC 6409 and RFC 8314 want it.
 * Before TLS only the greeting's commands; after it, no MAIL before AUTH
 * (RFC 6409 §4.3); after AUTH, mail for anyone. */
static void submission(bool bytewise)
{
	struct harness h;
	struct server_config cfg = {.tls_available = true};
	h_start(&h, "submission", &cfg);
	cr_assert_str_eq(h_send(&h, "EHLO x\r\n", bytewise), strict_ehlo);
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<max@server.com>\r\nAUTH LOGIN\r\n"
				    "RCPT TO:<max@server.com>\r\nVRFY max\r\n",
				bytewise),
			 "530 5.7.0 Must issue a STARTTLS command first\r\n"
			 "530 5.7.0 Must issue a STARTTLS command first\r\n"
			 "530 5.7.0 Must issue a STARTTLS command first\r\n"
			 "530 5.7.0 Must issue a STARTTLS command first\r\n");
	cr_assert_str_eq(h_send(&h, "NOOP\r\nRSET\r\nHELO x\r\n", bytewise),
			 "250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n250 smtp.server.com\r\n");
	cr_assert_str_eq(h_send(&h, "STARTTLS\r\n", bytewise), "220 2.0.0 Ready to start TLS\r\n");
	server_session_tls_ready(h.s);
	cr_assert_str_eq(h_send(&h, "EHLO x\r\n", bytewise), strict_ehlo_tls);
	/* Not even mail for the server's own domain before AUTH. */
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<max@server.com>\r\n", bytewise),
			 "530 5.7.0 Authentication required\r\n");
	cr_assert_str_eq(h_send(&h, "AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\n",
				bytewise),
			 "235 2.7.0 Authentication successful\r\n");
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<max@server.com>\r\nRCPT TO:<c@d.test>\r\n",
				bytewise),
			 "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
	h_free(&h);
}

Test(server_policy, submission_whole) { submission(false); }
Test(server_policy, submission_byte_at_a_time) { submission(true); }

/* Where no TLS can be had, the requirement cannot be met: it is not made. */
Test(server_policy, submission_without_tls_asks_only_for_auth)
{
	struct harness h;
	h_start(&h, "submission", NULL);
	cr_assert_str_eq(h_send(&h, "EHLO x\r\nMAIL FROM:<a@b.test>\r\n", false),
			 "250-smtp.server.com\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n"
			 "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n"
			 "530 5.7.0 Authentication required\r\n");
	h_free(&h);
}
