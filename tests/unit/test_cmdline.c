/* --pipe's command line: words split as a shell would for the simple
 * cases, shell syntax recognised so the command goes to /bin/sh. */
#include <criterion/criterion.h>

#include "smtpdbg/cmdline.h"

static struct cmdline split_ok(const char *s)
{
	struct cmdline c;
	char why[128] = "";
	cr_assert_eq(cmdline_split(s, &c, why, sizeof why), 0, "%s: %s", s, why);
	return c;
}

Test(cmdline, plain_words)
{
	struct cmdline c = split_ok("  sendmail   -bs\t");
	cr_assert_not(c.needs_shell);
	cr_assert_eq(c.argc, 2);
	cr_assert_str_eq(c.argv[0], "sendmail");
	cr_assert_str_eq(c.argv[1], "-bs");
	cr_assert_null(c.argv[2]);
	cmdline_free(&c);
}

Test(cmdline, quotes_and_escapes)
{
	struct cmdline c = split_ok("exim -C '/etc/exim conf' -bs \"a b\" c\\ d ''");
	cr_assert_not(c.needs_shell);
	cr_assert_eq(c.argc, 7);
	cr_assert_str_eq(c.argv[2], "/etc/exim conf");
	cr_assert_str_eq(c.argv[4], "a b");
	cr_assert_str_eq(c.argv[5], "c d");
	cr_assert_str_eq(c.argv[6], "", "an empty quoted word is a word");
	cmdline_free(&c);
}

Test(cmdline, shell_syntax_goes_to_the_shell)
{
	const char *shell[] = {"sendmail -bs | tee log", "sendmail -bs 2>/dev/null",
			       "X=1 sendmail -bs", "sendmail -C $CONF -bs", "a; b",
			       "echo \"$HOME\"", "ls *.cf", "a && b", "`which sendmail` -bs"};
	for (size_t i = 0; i < sizeof shell / sizeof shell[0]; i++) {
		struct cmdline c = split_ok(shell[i]);
		cr_assert(c.needs_shell, "%s", shell[i]);
		cr_assert_eq(c.argc, 0);
		cr_assert_null(c.argv);
		cmdline_free(&c);
	}
	/* ... but not an option with a value, nor what is quoted in '...' */
	struct cmdline o = split_ok("exim -oMr=lab -bs 100%");
	cr_assert_not(o.needs_shell);
	cr_assert_eq(o.argc, 4);
	cmdline_free(&o);
	struct cmdline c = split_ok("printf '%s|$x'");
	cr_assert_not(c.needs_shell);
	cr_assert_str_eq(c.argv[1], "%s|$x");
	cmdline_free(&c);
}

Test(cmdline, errors)
{
	struct cmdline c;
	char why[128];
	cr_assert_eq(cmdline_split("sendmail 'oops", &c, why, sizeof why), -1);
	cr_assert(strstr(why, "unterminated"), "%s", why);
	cr_assert_eq(cmdline_split("   ", &c, why, sizeof why), -1);
	cr_assert(strstr(why, "empty"), "%s", why);
	cr_assert_eq(cmdline_split("\"", &c, why, sizeof why), -1);
}
