/* The XCLIENT command (Postfix XCLIENT_README): attribute names checked,
 * values xtext-encoded (RFC 3461 section 4), the 512-octet line kept. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/xclient.h"

static struct buf out, why;

static void setup(void)
{
	buf_init(&out, 0);
	buf_init(&why, 0);
}

static void teardown(void)
{
	buf_free(&out);
	buf_free(&why);
}

TestSuite(xclient, .init = setup, .fini = teardown);

Test(xclient, built)
{
	cr_assert_eq(xclient_command("addr=192.0.2.1  NAME=mail.example.org\tHELO=[UNAVAILABLE]",
				     &out, &why),
		     0);
	cr_assert_str_eq(out.data, "XCLIENT ADDR=192.0.2.1 NAME=mail.example.org "
				   "HELO=[UNAVAILABLE]");
}

Test(xclient, xtext)
{
	cr_assert_eq(xclient_command("LOGIN=a+b=c\xc3\xa9", &out, &why), 0);
	cr_assert_str_eq(out.data, "XCLIENT LOGIN=a+2Bb+3Dc+C3+A9");
	buf_reset(&out);
	cr_assert_eq(xclient_command("LOGIN=", &out, &why), 0); /* an empty value is allowed */
	cr_assert_str_eq(out.data, "XCLIENT LOGIN=");
}

Test(xclient, refused)
{
	const char *bad[] = {"", "   ", "ADDR", "=x", "FOO=1", "ADDR=1 addr=2", "ADDR=1 junk"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		buf_reset(&why);
		buf_reset(&out);
		cr_assert_eq(xclient_command(bad[i], &out, &why), -1, "'%s' accepted", bad[i]);
		cr_assert_gt(why.len, 0);
		cr_assert_eq(out.len, 0);
	}
	char big[600];
	memcpy(big, "NAME=", 5);
	memset(big + 5, 'a', sizeof big - 6);
	big[sizeof big - 1] = 0;
	cr_assert_eq(xclient_command(big, &out, &why), -1);
	cr_assert(strstr(why.data, "512"));
}
