/* The server session against a hostile client, and with the accounts of a
 * users file: every limit answers with its SMTP reply and a log note, and
 * every mechanism logs in with every account. */
#include <stdio.h>

#include "server_harness.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/server_users.h"

TestSuite(server_limits, .timeout = 30);

static struct server_accounts accounts;

static void load(const char *text)
{
	cr_assert_eq(server_users_parse(text, strlen(text), &accounts, NULL, NULL), 0);
}

static char *b64(const char *p, size_t n)
{
	return b64_encode(p, n);
}

/* AUTH PLAIN with an initial response for user/password. */
static void plain(struct harness *h, const char *user, const char *pw, const char *want)
{
	char raw[600];
	int n = snprintf(raw, sizeof raw, "%c%s%c%s", 0, user, 0, pw);
	char *e = b64(raw, (size_t)n);
	char line[1024];
	snprintf(line, sizeof line, "AUTH PLAIN %s\r\n", e);
	free(e);
	cr_assert_str_eq(h_send(h, line, false), want, "PLAIN %s", user);
}

static const char ok[] = "235 2.7.0 Authentication successful\r\n";
static const char fail[] = "535 5.7.8 Error: authentication failed: authentication failure\r\n";

Test(server_limits, every_mechanism_checks_the_users_file)
{
	load("alice:wonderland\nMax Musterfrau:Ge:heim\n");
	struct server_config cfg = {.accounts = &accounts};
	struct harness h;
	/* rfc-example: tim's account stays, the file's are added */
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	plain(&h, "alice", "wonderland", ok);
	h_free(&h);
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	plain(&h, "tim", "tanstaaftanstaaf", ok);
	h_free(&h);
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	plain(&h, "alice", "tanstaaftanstaaf", fail); /* another account's password */
	plain(&h, "Max Musterfrau", "Ge:heim", ok);
	h_free(&h);

	/* LOGIN: the name, then the password */
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	char *u = b64("Max Musterfrau", 14), *p = b64("Ge:heim", 7);
	char line[256];
	snprintf(line, sizeof line, "AUTH LOGIN\r\n%s\r\n%s\r\n", u, p);
	cr_assert_str_eq(h_send(&h, line, true),
			 "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication "
			 "successful\r\n");
	free(u);
	free(p);
	h_free(&h);

	/* CRAM-MD5 with RFC 2195's fixed challenge; the digests were computed
	 * independently (Python's hmac module). A name with a space. */
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	const char *resp = "alice f8b84462cdd4d65a5f0ea15e124c8fde";
	char *r = b64(resp, strlen(resp));
	snprintf(line, sizeof line, "AUTH CRAM-MD5\r\n%s\r\n", r);
	free(r);
	cr_assert_str_eq(h_send(&h, line, false),
			 "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n"
			 "235 2.7.0 Authentication successful\r\n");
	h_free(&h);
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	resp = "Max Musterfrau c795734a7b5ce7246f3b9a7dc19a70bf";
	r = b64(resp, strlen(resp));
	snprintf(line, sizeof line, "AUTH CRAM-MD5\r\n%s\r\n", r);
	free(r);
	cr_assert_str_eq(h_send(&h, line, false),
			 "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n"
			 "235 2.7.0 Authentication successful\r\n");
	h_free(&h);
	/* the right digest under another account's name fails */
	h_start(&h, "rfc-example", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	resp = "tim f8b84462cdd4d65a5f0ea15e124c8fde";
	r = b64(resp, strlen(resp));
	snprintf(line, sizeof line, "AUTH CRAM-MD5\r\n%s\r\n", r);
	free(r);
	cr_assert_not_null(strstr(h_send(&h, line, false), fail));
	h_free(&h);
	server_accounts_free(&accounts);
}

Test(server_limits, failed_logins_end_the_session_with_421)
{
	struct server_config cfg = {.max_auth_failures = 2};
	struct harness h;
	h_start(&h, "tutorial", &cfg);
	h_send(&h, "EHLO x\r\n", false);
	plain(&h, "Max Mustermann", "wrong1", fail);
	cr_assert(!server_session_closing(h.s));
	plain(&h, "Max Mustermann", "wrong2",
	      "535 5.7.8 Error: authentication failed: authentication failure\r\n"
	      "421 4.7.0 smtp.server.com Error: too many failed authentication attempts\r\n");
	cr_assert(server_session_closing(h.s));
	cr_assert(!server_session_quit(h.s));
	cr_assert_not_null(strstr(h.log.data, "2 failed logins in this session: 421"));
	cr_assert_str_eq(h_send(&h, "NOOP\r\n", false), "");
	h_free(&h);

	/* the default is 5: smtplib's login tries three mechanisms in turn */
	h_start(&h, "tutorial", NULL);
	h_send(&h, "EHLO x\r\n", false);
	for (int i = 0; i < 4; i++)
		plain(&h, "Max Mustermann", "w", fail);
	cr_assert(!server_session_closing(h.s));
	plain(&h, "Max Mustermann", "IchbinkeinSpammer", "235 OK\r\n");
	h_free(&h);
}

/* A line that never ends is cut off at SERVER_LINE_CUTOFF with 421. */
static void endless_line(size_t chunk)
{
	struct harness h;
	h_start(&h, "tutorial", NULL);
	buf_reset(&h.out);
	char *big = malloc(chunk + 1);
	memset(big, 'A', chunk);
	big[chunk] = '\0';
	size_t sent = 0;
	while (!server_session_closing(h.s) && sent < 4 * SERVER_LINE_CUTOFF) {
		server_session_feed(h.s, big, chunk);
		sent += chunk;
	}
	drain(&h);
	cr_assert(server_session_closing(h.s));
	cr_assert_geq(sent, SERVER_LINE_CUTOFF);
	cr_assert_leq(sent, SERVER_LINE_CUTOFF + chunk + 512);
	cr_assert_str_eq(h.out.data, "421 4.7.0 smtp.server.com Error: line too long, closing "
				     "connection\r\n");
	cr_assert_not_null(strstr(h.log.data, "a line still without its end after 1048576 "
					      "bytes: 421"));
	cr_assert_null(strstr(h.log.data, "discarded"), "the rest is not noted per chunk");
	free(big);
	h_free(&h);
}

Test(server_limits, an_endless_line_is_cut_off)
{
	endless_line(65536);
	endless_line(1000);
}

Test(server_limits, max_line_allows_longer_commands)
{
	struct server_config cfg = {.max_line = 1000};
	struct harness h;
	h_start(&h, "tutorial", &cfg);
	char line[1100];
	memset(line, 'x', sizeof line);
	memcpy(line, "NOOP ", 5);
	memcpy(line + 998, "\r\n", 3);
	cr_assert_str_eq(h_send(&h, line, false), "250 2.0.0 Ok\r\n");
	memcpy(line + 999, "\r\n", 3);
	cr_assert_str_eq(h_send(&h, line, false), "500 5.5.2 Line too long\r\n");
	h_free(&h);
}

/* Body bytes until the session closes or limit bytes went in. */
static size_t stream_body(struct harness *h, size_t limit)
{
	static char chunk[8192];
	memset(chunk, 'y', sizeof chunk);
	for (size_t i = 98; i < sizeof chunk; i += 100)
		memcpy(chunk + i, "\r\n", 2);
	size_t sent = 0;
	while (!server_session_closing(h->s) && sent < limit) {
		server_session_feed(h->s, chunk, sizeof chunk);
		sent += sizeof chunk;
		drain(h);
	}
	return sent;
}

Test(server_limits, a_message_past_twice_the_limit_is_cut_off)
{
	struct server_config cfg = {.max_message = 100000};
	struct harness h;
	h_start(&h, "open-relay", &cfg);
	h_send(&h, "EHLO x\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n", false);
	buf_reset(&h.out);
	size_t sent = stream_body(&h, 1000000);
	cr_assert(server_session_closing(h.s));
	cr_assert_geq(sent, 200000);
	cr_assert_leq(sent, 200000 + 8192);
	cr_assert_str_eq(h.out.data, "552 5.3.4 Error: message file too big, closing "
				     "connection\r\n");
	cr_assert_not_null(strstr(h.log.data, "message over twice the limit of 100000 bytes"));
	cr_assert_leq(h.data.len, 100000, "nothing past the limit was passed on");
	h_free(&h);

	/* over the limit but ended in time: 552 at the end, the session goes on */
	h_start(&h, "open-relay", &cfg);
	h_send(&h, "EHLO x\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n", false);
	stream_body(&h, 150000);
	cr_assert(!server_session_closing(h.s));
	cr_assert_str_eq(h_send(&h, "\r\n.\r\n", false), "552 5.3.4 Error: message file too big\r\n");
	cr_assert_str_eq(h_send(&h, "NOOP\r\n", false), "250 2.0.0 Ok\r\n");
	h_free(&h);
}

/* RFC 4954 §4: AUTH with an initial response may be 12,288 octets, so
 * long names and passwords log in in one line (found by fuzz_users); other
 * commands keep 512. */
Test(server_limits, auth_with_a_long_initial_response)
{
	char user[256], pw[256];
	memset(user, 'u', 255);
	memset(pw, 'p', 255);
	user[255] = pw[255] = '\0';
	struct buf text;
	buf_init(&text, 0);
	buf_printf(&text, "%s:%s\n", user, pw);
	load(text.data);
	buf_free(&text);
	struct server_config cfg = {.accounts = &accounts};
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct harness h;
		h_start(&h, "tutorial", &cfg);
		h_send(&h, "EHLO x\r\n", false);
		char raw[600];
		int n = snprintf(raw, sizeof raw, "%c%s%c%s", 0, user, 0, pw);
		char *e = b64(raw, (size_t)n);
		char line[1024];
		snprintf(line, sizeof line, "AUTH PLAIN %s\r\n", e);
		free(e);
		cr_assert_gt(strlen(line), 512);
		cr_assert_str_eq(h_send(&h, line, bytewise), "235 OK\r\n");
		memcpy(line, "NOOP", 4);
		cr_assert_str_eq(h_send(&h, line, bytewise), "500 5.5.2 Line too long\r\n");
		h_free(&h);
	}
	server_accounts_free(&accounts);
}
