/* The teaching server's session, tutorial personality and framing: the
 * seed's table byte for byte, AUTH in every form, DATA, limits. Every
 * exchange runs whole and one byte at a time. */
#include "server_harness.h"

TestSuite(server, .timeout = 30);

/* The seed's AUTH LOGIN table, as the wire carries it. */
static const char seed_client[] = "EHLO relay.client.com\r\n"
				  "AUTH LOGIN\r\n"
				  "TWF4IE11c3Rlcm1hbm4=\r\n"
				  "SWNoYmlua2VpblNwYW1tZXI=\r\n";
static const char seed_server[] = "250-smtp.server.com Guten Tag\r\n"
				  "250 AUTH CRAM-MD5 LOGIN PLAIN\r\n"
				  "334 VXNlcm5hbWU6\r\n"
				  "334 UGFzc3dvcmQ6\r\n"
				  "235 OK\r\n";

static void seed_table(bool bytewise)
{
	struct harness h;
	h_start(&h, "tutorial", NULL);
	cr_assert_str_eq(h.out.data, "220 smtp.server.com ESMTP Postfix\r\n");
	cr_assert_str_eq(h_send(&h, seed_client, bytewise), seed_server);
	cr_assert(server_session_authenticated(h.s));
	cr_assert_str_eq(h_send(&h, "QUIT\r\n", bytewise), "221 2.0.0 Bye\r\n");
	cr_assert(server_session_closing(h.s));
	h_free(&h);
}

Test(server, seed_table_whole) { seed_table(false); }
Test(server, seed_table_byte_at_a_time) { seed_table(true); }

Test(server, log_masks_the_password_but_not_the_user)
{
	struct harness h;
	h_start(&h, "tutorial", NULL);
	h_send(&h, seed_client, false);
	h_send(&h, "AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\n", false);
	cr_assert_not_null(strstr(h.log.data, "C: TWF4IE11c3Rlcm1hbm4=\n"));
	cr_assert_not_null(strstr(h.log.data, "S: 334 UGFzc3dvcmQ6\nC: ****\n"));
	cr_assert_not_null(strstr(h.log.data, "C: AUTH PLAIN ****\n"));
	cr_assert_null(strstr(h.log.data, "SWNoYmlua2VpblNwYW1tZXI="));
	cr_assert_null(strstr(h.log.data, "AE1heCBN"));
	h_free(&h);
}

static void auth_case(const char *client, const char *want, bool authed)
{
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct harness h;
		h_start(&h, "tutorial", NULL);
		h_send(&h, "EHLO x\r\n", false);
		cr_assert_str_eq(h_send(&h, client, bytewise), want, "for %s", client);
		cr_assert_eq(server_session_authenticated(h.s), authed);
		h_free(&h);
	}
}

Test(server, plain_with_and_without_initial_response)
{
	auth_case("AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\n",
		  "235 OK\r\n", true);
	auth_case("AUTH PLAIN\r\nAE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\n",
		  "334 \r\n235 OK\r\n", true);
	auth_case("auth plain\r\nAE1heCBNdXN0ZXJtYW5uAHdyb25n\r\n",
		  "334 \r\n535 5.7.8 Error: authentication failed: authentication failure\r\n",
		  false);
}

Test(server, login_wrong_password_and_initial_response)
{
	auth_case("AUTH LOGIN\r\nTWF4IE11c3Rlcm1hbm4=\r\nd3Jvbmc=\r\n",
		  "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n"
		  "535 5.7.8 Error: authentication failed: authentication failure\r\n",
		  false);
	/* a wrong user with the right password fails too */
	auth_case("AUTH LOGIN TWF4\r\nSWNoYmlua2VpblNwYW1tZXI=\r\n",
		  "334 UGFzc3dvcmQ6\r\n"
		  "535 5.7.8 Error: authentication failed: authentication failure\r\n",
		  false);
	auth_case("AUTH LOGIN TWF4IE11c3Rlcm1hbm4=\r\nSWNoYmlua2VpblNwYW1tZXI=\r\n",
		  "334 UGFzc3dvcmQ6\r\n235 OK\r\n", true);
}

Test(server, cram_md5_with_a_fixed_challenge)
{
	/* challenge <1896609055.1700000000@smtp.server.com>; the response was
	 * computed independently: HMAC-MD5 keyed with the password. */
	auth_case("AUTH CRAM-MD5\r\n"
		  "TWF4IE11c3Rlcm1hbm4gMjFjODc0YjgyZTUzN2VlZGZjMTEwNjkxYjAwMjdkZDA=\r\n",
		  "334 PDE4OTY2MDkwNTUuMTcwMDAwMDAwMEBzbXRwLnNlcnZlci5jb20+\r\n"
		  "235 OK\r\n",
		  true);
	auth_case("AUTH CRAM-MD5\r\n"
		  "TWF4IE11c3Rlcm1hbm4gMjFjODc0YjgyZTUzN2VlZGZjMTEwNjkxYjAwMjdkZDE=\r\n",
		  "334 PDE4OTY2MDkwNTUuMTcwMDAwMDAwMEBzbXRwLnNlcnZlci5jb20+\r\n"
		  "535 5.7.8 Error: authentication failed: authentication failure\r\n",
		  false);
	auth_case("AUTH CRAM-MD5 dGVzdA==\r\n", "501 5.5.4 CRAM-MD5 has no initial response\r\n",
		  false);
}

Test(server, cancel_bad_base64_unknown_mechanism)
{
	auth_case("AUTH LOGIN\r\n*\r\n",
		  "334 VXNlcm5hbWU6\r\n501 5.7.0 Authentication aborted\r\n", false);
	auth_case("AUTH PLAIN\r\nnot base64!\r\n",
		  "334 \r\n501 5.5.2 Cannot decode response\r\n", false);
	auth_case("AUTH SCRAM-SHA-1\r\n", "504 5.5.4 Unrecognized authentication type\r\n", false);
	auth_case("AUTH\r\n", "501 5.5.4 Syntax: AUTH mechanism\r\n", false);
}

Test(server, auth_twice_is_a_sequence_error)
{
	auth_case("AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\nAUTH LOGIN\r\n",
		  "235 OK\r\n"
		  "503 5.5.1 Error: already authenticated\r\n",
		  true);
}

Test(server, bad_sequence_and_unknown_commands)
{
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct harness h;
		h_start(&h, "tutorial", NULL);
		cr_assert_str_eq(h_send(&h, "MAIL FROM:<a@b.test>\r\n", bytewise),
				 "503 5.5.1 Error: send HELO/EHLO first\r\n");
		cr_assert_str_eq(h_send(&h, "HELO x\r\nRCPT TO:<a@server.com>\r\n", bytewise),
				 "250 smtp.server.com\r\n503 5.5.1 Error: need MAIL command\r\n");
		cr_assert_str_eq(h_send(&h, "MAIL FROM:<a@b.test>\r\nDATA\r\n", bytewise),
				 "250 2.1.0 Ok\r\n554 5.5.1 Error: no valid recipients\r\n");
		cr_assert_str_eq(h_send(&h, "MAIL FROM:<c@d.test>\r\n", bytewise),
				 "503 5.5.1 Error: nested MAIL command\r\n");
		cr_assert_str_eq(h_send(&h, "RSET\r\nDATA\r\n", bytewise),
				 "250 2.0.0 Ok\r\n503 5.5.1 Error: need RCPT command\r\n");
		cr_assert_str_eq(h_send(&h, "XYZZY\r\n\r\nMAIL\r\n", bytewise),
				 "500 5.5.2 Error: command not recognized\r\n"
				 "500 5.5.2 Error: command not recognized\r\n"
				 "501 5.5.4 Syntax: MAIL FROM:<address>\r\n");
		cr_assert_str_eq(h_send(&h, "VRFY max\r\nNOOP\r\nSTARTTLS\r\n", bytewise),
				 "252 2.0.0 Cannot VRFY user, but will accept message and attempt "
				 "delivery\r\n250 2.0.0 Ok\r\n"
				 "502 5.5.1 Error: command not implemented\r\n");
		cr_assert_str_eq(h_send(&h, "HELP\r\n", bytewise),
				 "214-2.0.0 smtpdbg teaching server, personality tutorial\r\n"
				 "214-2.0.0 Commands: HELO EHLO STARTTLS AUTH MAIL RCPT DATA "
				 "RSET NOOP\r\n214 2.0.0 VRFY HELP QUIT\r\n");
		h_free(&h);
	}
}

Test(server, tutorial_refuses_to_relay_without_auth)
{
	struct harness h;
	h_start(&h, "tutorial", NULL);
	cr_assert_str_eq(h_send(&h, "EHLO x\r\nMAIL FROM:<spam@example.org>\r\n"
				    "RCPT TO:<victim@example.net>\r\nRCPT TO:<max@server.com>\r\n",
				false),
			 "250-smtp.server.com Guten Tag\r\n250 AUTH CRAM-MD5 LOGIN PLAIN\r\n250 2.1.0 Ok\r\n"
			 "554 5.7.1 <victim@example.net>: Relay access denied\r\n"
			 "250 2.1.5 Ok\r\n");
	h_free(&h);
}

static void data_case(bool bytewise)
{
	struct harness h;
	h_start(&h, "open-relay", NULL);
	h_send(&h, "EHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<a@b.test>\r\n", bytewise);
	cr_assert_str_eq(h_send(&h, "DATA\r\n", bytewise),
			 "354 End data with <CR><LF>.<CR><LF>\r\n");
	cr_assert_str_eq(h_send(&h, "Subject: x\r\n\r\n..one\r\n.\rtwo\r\n...\r\nQUIT\r\n.\r\n"
				    "NOOP\r\n",
				bytewise),
			 "250 2.0.0 Ok: 36 bytes received and discarded (a teaching server "
			 "delivers nothing)\r\n250 2.0.0 Ok\r\n");
	cr_assert_str_eq(h.data.data, "Subject: x\r\n\r\n.one\r\n\rtwo\r\n..\r\nQUIT\r\n");
	cr_assert_eq(server_session_last_size(h.s), 36);
	cr_assert_eq(server_session_messages(h.s), 1);
	/* a bare LF ends lines too, as Postfix accepts */
	buf_reset(&h.data);
	h_send(&h, "MAIL FROM:<a@b.test>\nRCPT TO:<c@d.test>\nDATA\n", bytewise);
	cr_assert_str_eq(h_send(&h, "hi\n.\n", bytewise),
			 "250 2.0.0 Ok: 3 bytes received and discarded (a teaching server "
			 "delivers nothing)\r\n");
	cr_assert_str_eq(h.data.data, "hi\n");
	h_free(&h);
}

Test(server, data_is_unstuffed_whole) { data_case(false); }
Test(server, data_is_unstuffed_byte_at_a_time) { data_case(true); }

Test(server, data_over_the_limit_is_refused)
{
	struct harness h;
	struct server_config cfg = {.max_message = 10};
	h_start(&h, "open-relay", &cfg);
	h_send(&h, "EHLO x\r\nMAIL FROM:<a@b.test> SIZE=10\r\nRCPT TO:<c@d.test>\r\nDATA\r\n",
	       false);
	cr_assert_str_eq(h_send(&h, "0123456789\r\n.\r\n", false),
			 "552 5.3.4 Error: message file too big\r\n");
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<a@b.test> SIZE=11\r\n", false),
			 "552 5.3.4 Message size exceeds fixed limit\r\n");
	cr_assert_str_eq(h_send(&h, "MAIL FROM:<a@b.test> FOO=1\r\n", false),
			 "555 5.5.4 Unsupported option: FOO=1\r\n");
	h_free(&h);
}

static void long_lines(bool bytewise)
{
	struct harness h;
	h_start(&h, "tutorial", NULL);
	char line[700];
	/* 510 bytes and CRLF: exactly the limit */
	memset(line, 'x', sizeof line);
	memcpy(line, "NOOP ", 5);
	memcpy(line + 510, "\r\n", 3);
	cr_assert_str_eq(h_send(&h, line, bytewise), "250 2.0.0 Ok\r\n");
	memcpy(line + 511, "\r\n", 3);
	cr_assert_str_eq(h_send(&h, line, bytewise), "500 5.5.2 Line too long\r\n");
	memcpy(line + 510, "\n", 2); /* 510 and a bare LF: fine */
	cr_assert_str_eq(h_send(&h, line, bytewise), "250 2.0.0 Ok\r\n");
	memset(line + 510, 'x', 90);
	memcpy(line + 600, "\r\nNOOP\r\n", 9);
	cr_assert_str_eq(h_send(&h, line, bytewise), "500 5.5.2 Line too long\r\n250 2.0.0 Ok\r\n");
	h_free(&h);
}

Test(server, line_limit_whole) { long_lines(false); }
Test(server, line_limit_byte_at_a_time) { long_lines(true); }

Test(server, too_many_errors_close_with_421)
{
	struct harness h;
	h_start(&h, "tutorial", NULL);
	struct buf in;
	buf_init(&in, 0);
	for (int i = 0; i < 100; i++)
		buf_adds(&in, "BOGUS\r\n");
	const char *out = h_send(&h, in.data, false);
	size_t n500 = 0;
	for (const char *p = out; (p = strstr(p, "500 5.5.2")); p++)
		n500++;
	cr_assert_eq(n500, SERVER_DEFAULT_MAX_ERRORS - 1);
	cr_assert_not_null(strstr(out, "\r\n421 4.7.0 smtp.server.com Error: too many errors\r\n"));
	cr_assert(strstr(out, "421") + strlen(strstr(out, "421")) == out + strlen(out),
		  "421 is the last reply");
	cr_assert(server_session_closing(h.s));
	cr_assert_str_eq(h_send(&h, "NOOP\r\n", false), "");
	buf_free(&in);
	h_free(&h);
}

Test(server, abort_says_421)
{
	struct harness h;
	struct server_config cfg = {.hostname = "mx.lesson.test"};
	h_start(&h, "tutorial", &cfg);
	cr_assert_str_eq(h.out.data, "220 mx.lesson.test ESMTP Postfix\r\n");
	buf_reset(&h.out);
	server_session_abort(h.s, SERVER_ABORT_TIMEOUT);
	server_session_abort(h.s, SERVER_ABORT_SHUTDOWN); /* only once */
	drain(&h);
	cr_assert_str_eq(h.out.data, "421 4.4.2 mx.lesson.test Error: timeout exceeded\r\n");
	cr_assert(server_session_closing(h.s));
	h_free(&h);
}

Test(server, pipelined_commands_answer_in_order)
{
	struct harness h;
	h_start(&h, "open-relay", NULL);
	cr_assert_str_eq(h_send(&h, "EHLO x\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n"
				    "RCPT TO:<e@f.test>\r\nDATA\r\n",
				false),
			 "250-smtp.server.com\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n"
			 "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n250 2.1.0 Ok\r\n"
			 "250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
	h_free(&h);
}

Test(server, personalities_are_listed)
{
	const struct server_personality *const *all = server_personalities();
	cr_assert_str_eq(all[0]->name, "tutorial");
	cr_assert_not_null(server_personality_find("open-relay"));
	cr_assert_not_null(server_personality_find("STRICT-SUBMISSION"));
	cr_assert_null(server_personality_find("nope"));
}

Test(server, busy_replaces_the_greeting)
{
	struct server_config cfg = {.personality = server_personality_find("tutorial")};
	struct server_session *s = server_session_new(&cfg);
	server_session_abort(s, SERVER_ABORT_BUSY);
	const uint8_t *p;
	size_t n = server_session_tx(s, &p);
	cr_assert_eq(n, strlen("421 4.7.0 smtp.server.com Error: too many connections, try "
			       "again later\r\n"));
	cr_assert_eq(memcmp(p, "421 4.7.0 ", 10), 0);
	server_session_free(s);
}
