/* The users file of `serve --users`: accounts in, every bad line named by
 * its number, passwords kept byte for byte (colons included). */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/server_users.h"

TestSuite(server_users, .timeout = 30);

struct errs {
	struct buf b; /* "LINE: why\n" */
	size_t n;
};

static void on_err(void *arg, size_t line, const char *why)
{
	struct errs *e = arg;
	buf_printf(&e->b, "%zu: %s\n", line, why);
	e->n++;
}

static size_t parse(const char *text, size_t len, struct server_accounts *a, struct errs *e)
{
	memset(e, 0, sizeof *e);
	buf_init(&e->b, 0);
	buf_adds(&e->b, "");
	size_t bad = server_users_parse(text, len, a, on_err, e);
	cr_assert_eq(bad, e->n < SERVER_USERS_ERRORS_MAX ? e->n : bad);
	return bad;
}

Test(server_users, accounts_comments_and_blank_lines)
{
	static const char text[] = "# the class of 3b\n"
				   "\n"
				   "   # indented comment\n"
				   "alice:wonderland\r\n"
				   "Max Musterfrau:Geheim:mit:Doppelpunkt\n"
				   "bob:p#ss # not a comment\n"
				   "zoë:grüße"; /* no final newline */
	struct server_accounts a;
	struct errs e;
	cr_assert_eq(parse(text, sizeof text - 1, &a, &e), 0, "%s", e.b.data);
	cr_assert_eq(a.n, 4);
	/* sorted by name, bytewise */
	cr_assert_str_eq(a.v[0].user, "Max Musterfrau");
	cr_assert_str_eq(a.v[1].user, "alice");
	cr_assert_eq(a.v[1].line, 4);
	cr_assert_str_eq(server_accounts_find(&a, "alice", 5), "wonderland");
	cr_assert_str_eq(server_accounts_find(&a, "Max Musterfrau", 14), "Geheim:mit:Doppelpunkt");
	cr_assert_str_eq(server_accounts_find(&a, "bob", 3), "p#ss # not a comment");
	cr_assert_str_eq(server_accounts_find(&a, "zoë", strlen("zoë")), "grüße");
	cr_assert_null(server_accounts_find(&a, "alic", 4));
	cr_assert_null(server_accounts_find(&a, "alicee", 6));
	cr_assert_null(server_accounts_find(&a, "Alice", 5), "names are case-sensitive");
	cr_assert_null(server_accounts_find(&a, "", 0));
	cr_assert_null(server_accounts_find(NULL, "alice", 5));
	server_accounts_free(&a);
	cr_assert_eq(a.n, 0);
	buf_free(&e.b);
}

Test(server_users, every_bad_line_is_named)
{
	static const char text[] = "alice:ok\n"           /* 1 */
				   "no colon here\n"      /* 2 */
				   ":nopassword-name\n"   /* 3 */
				   "nopassword:\n"        /* 4 */
				   " alice2:x\n"          /* 5 */
				   "carol :x\n"           /* 6 */
				   "dave: x\n"            /* 7 */
				   "eve:tab\there\n"      /* 8 */
				   "fr\xe4nk:latin1\n"    /* 9 */
				   "alice:again\n"        /* 10 */
				   "gina:\xc0\xaf\n"      /* 11: overlong '/' */
				   "hank:\xed\xa0\x80\n"; /* 12: a surrogate */
	struct server_accounts a;
	struct errs e;
	cr_assert_eq(parse(text, sizeof text - 1, &a, &e), 11, "%s", e.b.data);
	const char *want[] = {"2: no ':' between name and password",
			      "3: the name is empty",
			      "4: the password is empty",
			      "5: the name begins or ends with a space",
			      "6: the name begins or ends with a space",
			      "7: the password begins or ends with a space",
			      "8: a control character",
			      "9: not UTF-8",
			      "10: this name was given on line 1 already",
			      "11: not UTF-8",
			      "12: not UTF-8"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		cr_assert_not_null(strstr(e.b.data, want[i]), "lacks '%s' in:\n%s", want[i],
				   e.b.data);
	cr_assert_eq(a.n, 0, "nothing is kept when a line is bad");
	cr_assert_null(a.v);
	buf_free(&e.b);
}

Test(server_users, nul_bytes_and_lengths)
{
	struct server_accounts a;
	struct errs e;
	static const char nul[] = "a\0b:c\nd:e\0f\n";
	cr_assert_eq(parse(nul, sizeof nul - 1, &a, &e), 2, "%s", e.b.data);
	cr_assert_not_null(strstr(e.b.data, "1: a NUL byte"));
	cr_assert_not_null(strstr(e.b.data, "2: a NUL byte"));
	buf_free(&e.b);

	struct buf t;
	buf_init(&t, 0);
	for (int i = 0; i < 255; i++)
		buf_addc(&t, 'n');
	buf_adds(&t, ":");
	for (int i = 0; i < 255; i++)
		buf_addc(&t, 'p');
	buf_adds(&t, "\nx:");
	for (int i = 0; i < 256; i++)
		buf_addc(&t, 'p');
	buf_adds(&t, "\n");
	cr_assert_eq(parse(t.data, t.len, &a, &e), 1, "%s", e.b.data);
	cr_assert_not_null(strstr(e.b.data, "2: the password is longer than 255 bytes"));
	buf_free(&e.b);
	buf_free(&t);
}

Test(server_users, many_accounts_and_the_error_cap)
{
	struct buf t;
	buf_init(&t, 0);
	for (int i = 0; i < SERVER_USERS_MAX; i++)
		buf_printf(&t, "student%05d:pw%d\n", i, i);
	struct server_accounts a;
	struct errs e;
	cr_assert_eq(parse(t.data, t.len, &a, &e), 0);
	cr_assert_eq(a.n, SERVER_USERS_MAX);
	cr_assert_str_eq(server_accounts_find(&a, "student04711", 12), "pw4711");
	server_accounts_free(&a);
	buf_free(&e.b);
	buf_adds(&t, "one:too many\n");
	cr_assert_eq(parse(t.data, t.len, &a, &e), 1);
	cr_assert_not_null(strstr(e.b.data, "10001: more than 10000 accounts"));
	buf_free(&e.b);
	buf_free(&t);

	/* 50 bad lines: 50 counted, the first 20 reported */
	buf_init(&t, 0);
	for (int i = 0; i < 50; i++)
		buf_adds(&t, "bad\n");
	cr_assert_eq(parse(t.data, t.len, &a, &e), 50);
	cr_assert_eq(e.n, SERVER_USERS_ERRORS_MAX);
	buf_free(&e.b);
	buf_free(&t);
}

Test(server_users, an_empty_file_has_no_accounts)
{
	struct server_accounts a;
	struct errs e;
	cr_assert_eq(parse("", 0, &a, &e), 0);
	cr_assert_eq(a.n, 0);
	buf_free(&e.b);
	cr_assert_eq(parse("# only a comment\n\n", 18, &a, &e), 0);
	cr_assert_eq(a.n, 0);
	server_accounts_free(&a);
	buf_free(&e.b);
}
