/* run --check: the monitoring plugin's judgement and status line. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/check.h"

static struct check_facts ok_facts(void)
{
	return (struct check_facts){.connect_ms = 12, .banner_ms = 30, .tls_ms = 55,
				    .auth_ms = 80, .total_ms = 1234, .have_cert = true,
				    .cert_days = 85, .target = "mx.example.org:587"};
}

static enum check_status judge(const struct check_facts *f, const struct check_limits *l,
			       struct buf *b)
{
	buf_init(b, 0);
	return check_report(f, l, b);
}

Test(check, ok_line_and_perfdata)
{
	struct check_facts f = ok_facts();
	struct check_limits l = {.warn_days = 30, .crit_days = 7, .warn_ms = 2000, .crit_ms = 5000};
	struct buf b;
	cr_assert_eq(judge(&f, &l, &b), CHECK_OK);
	cr_assert_str_eq(b.data,
			 "SMTP OK - mx.example.org:587: session completed in 1.234 s; the "
			 "certificate expires in 85 days | connect=0.012s;;;0 banner=0.030s;;;0 "
			 "tls=0.055s;;;0 auth=0.080s;;;0 time=1.234s;2.000;5.000;0 "
			 "cert_days=85;30;7\n");
	buf_free(&b);
}

Test(check, certificate_thresholds)
{
	struct check_facts f = ok_facts();
	struct check_limits l = {.warn_days = 30, .crit_days = 7};
	struct buf b;
	f.cert_days = 10;
	cr_assert_eq(judge(&f, &l, &b), CHECK_WARNING);
	cr_assert(strstr(b.data, "SMTP WARNING - "), "%s", b.data);
	buf_free(&b);
	f.cert_days = 6;
	cr_assert_eq(judge(&f, &l, &b), CHECK_CRITICAL);
	buf_free(&b);
	f.cert_days = 30; /* fewer than 30 warns; 30 itself does not */
	cr_assert_eq(judge(&f, &l, &b), CHECK_OK);
	buf_free(&b);
	f.cert_days = -3;
	cr_assert_eq(judge(&f, &l, &b), CHECK_CRITICAL);
	cr_assert(strstr(b.data, "expired 3 days ago"), "%s", b.data);
	buf_free(&b);
	struct check_limits none = {0};
	f.cert_days = 1;
	cr_assert_eq(judge(&f, &none, &b), CHECK_OK, "0 leaves a threshold out");
	cr_assert(strstr(b.data, "cert_days=1;;"), "%s", b.data);
	buf_free(&b);
}

Test(check, time_thresholds)
{
	struct check_facts f = ok_facts();
	struct check_limits l = {.warn_ms = 1000, .crit_ms = 2000};
	struct buf b;
	cr_assert_eq(judge(&f, &l, &b), CHECK_WARNING);
	buf_free(&b);
	f.total_ms = 2001;
	cr_assert_eq(judge(&f, &l, &b), CHECK_CRITICAL);
	buf_free(&b);
}

Test(check, failures)
{
	struct check_facts f = {.connect_ms = -1, .banner_ms = -1, .tls_ms = -1, .auth_ms = -1,
				.total_ms = 5, .run_exit = 10, .stage = "connect",
				.reason = "refused | by policy\nreally", .target = "h:25"};
	struct check_limits l = {.warn_days = 30, .crit_days = 7};
	struct buf b;
	cr_assert_eq(judge(&f, &l, &b), CHECK_CRITICAL);
	cr_assert_str_eq(b.data, "SMTP CRITICAL - h:25: failed at the connect stage: refused / by "
				 "policy really | time=0.005s;;;0\n",
			 "a '|' in the text would start the perfdata");
	buf_free(&b);
	f.run_exit = 18;
	f.stage = NULL;
	f.reason = "refused: c@d (550)";
	cr_assert_eq(judge(&f, &l, &b), CHECK_WARNING);
	buf_free(&b);
	cr_assert_str_eq(check_status_name(CHECK_UNKNOWN), "UNKNOWN");
}
