#include <criterion/criterion.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/secret_guard.h"

/* Criterion runs each test in its own process, so these change only it. */
Test(secret_guard, no_core_and_not_dumpable)
{
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1, "dumpable to begin with");
	cr_assert_eq(secret_guard(), 0);
	struct rlimit r;
	cr_assert_eq(getrlimit(RLIMIT_CORE, &r), 0);
	cr_assert_eq(r.rlim_cur, 0);
	cr_assert_eq(r.rlim_max, 0);
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	cr_assert_eq(secret_guard(), 0, "twice is harmless");
}

Test(secret_guard, reading_a_password_guards_first)
{
	setenv("SMTPDBG_TEST_PW", "pencil", 1);
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	char *pw = cli_read_password("test", "SMTPDBG_TEST_PW", NULL);
	cr_assert_str_eq(pw, "pencil");
	free(pw);
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}
