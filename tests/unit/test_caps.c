#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/caps.h"

static struct smtp_reply *parse(const char *s)
{
	struct reply_framer f;
	struct smtp_reply *r = NULL;
	reply_framer_init(&f, NULL);
	size_t used = reply_framer_feed(&f, s, strlen(s), &r);
	cr_assert_eq(used, strlen(s));
	cr_assert(r);
	reply_framer_free(&f);
	return r;
}

static void parse_caps(struct smtp_caps *c, const char *s)
{
	struct smtp_reply *r = parse(s);
	caps_init(c);
	caps_parse_ehlo(c, r);
	reply_free(r);
}

Test(caps, typical_submission_server)
{
	struct smtp_caps c;
	parse_caps(&c, "250-smtp.example.com Hello\r\n"
		       "250-PIPELINING\r\n"
		       "250-SIZE 10240000\r\n"
		       "250-AUTH PLAIN LOGIN CRAM-MD5\r\n"
		       "250-ENHANCEDSTATUSCODES\r\n"
		       "250-8BITMIME\r\n"
		       "250 STARTTLS\r\n");
	cr_assert(c.known);
	cr_assert(c.pipelining);
	cr_assert(c.has_size);
	cr_assert_eq(c.size, 10240000ULL);
	cr_assert(c.enhancedstatuscodes);
	cr_assert(c.eightbitmime);
	cr_assert(c.starttls, "STARTTLS on the final line counts");
	cr_assert_eq(c.nauth, 3);
	cr_assert(caps_has_auth(&c, "cram-md5"));
	cr_assert(caps_has_auth(&c, "PLAIN"));
	cr_assert(!caps_has_auth(&c, "XOAUTH2"));
	cr_assert(!c.auth_legacy);
	cr_assert(!caps_has(&c, "SMTP.EXAMPLE.COM"), "the first line is the server name");
	cr_assert_eq(c.nkeywords, 6);
	caps_clear(&c);
	cr_assert(!c.known);
	cr_assert_eq(c.nauth, 0);
}

Test(caps, seed_greeting)
{
	struct smtp_caps c;
	parse_caps(&c, "250-smtp.server.com\r\n250 AUTH CRAM-MD5 LOGIN PLAIN\r\n");
	cr_assert_eq(c.nauth, 3);
	cr_assert_str_eq(c.auth[0], "CRAM-MD5");
	cr_assert_str_eq(c.auth[1], "LOGIN");
	cr_assert_str_eq(c.auth[2], "PLAIN");
	cr_assert(!c.starttls);
	caps_clear(&c);
}

Test(caps, legacy_auth_equals_and_lower_case)
{
	struct smtp_caps c;
	parse_caps(&c, "250-mx\r\n250-auth login plain\r\n250-AUTH=LOGIN PLAIN XOAUTH2\r\n"
		       "250 starttls\r\n");
	cr_assert(c.auth_legacy);
	cr_assert_eq(c.nauth, 3, "duplicates merged: %zu", c.nauth);
	cr_assert(caps_has_auth(&c, "XOAUTH2"));
	cr_assert(c.starttls);
	cr_assert(caps_has(&c, "STARTTLS"));
	caps_clear(&c);
}

Test(caps, size_without_limit_and_garbage)
{
	struct smtp_caps c;
	parse_caps(&c, "250-mx\r\n250 SIZE\r\n");
	cr_assert(c.has_size);
	cr_assert_eq(c.size, 0);
	caps_clear(&c);
	parse_caps(&c, "250-mx\r\n250 SIZE 99999999999999999999999\r\n");
	cr_assert(!c.has_size, "an overflowing SIZE is not believed");
	caps_clear(&c);
}

Test(caps, nul_and_control_lines_are_not_trusted)
{
	struct smtp_caps c;
	static const char s[] = "250-mx\r\n250-STARTTLS\0IGNORED\r\n250-SIZE 10\0" "0000\r\n"
				"250-AUTH PLAIN\x1b[2J\r\n250 -BAD\r\n";
	struct reply_framer f;
	struct smtp_reply *r;
	reply_framer_init(&f, NULL);
	reply_framer_feed(&f, s, sizeof s - 1, &r);
	reply_framer_free(&f);
	caps_init(&c);
	caps_parse_ehlo(&c, r);
	reply_free(r);
	cr_assert(!c.starttls);
	cr_assert(!c.has_size);
	cr_assert_eq(c.nauth, 0);
	cr_assert_eq(c.nsuspicious, 4);
	caps_clear(&c);
}
