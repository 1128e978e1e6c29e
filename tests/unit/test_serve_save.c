/* serve --save-dir: the private directory and the sessions' files. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/safedir.h"
#include "smtpdbg/serve_save.h"

static char base[] = "/tmp/smtpdbg-test-serve-save-XXXXXX";

static void setup(void)
{
	cr_assert_not_null(mkdtemp(base));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	if (system(cmd) != 0) {
		/* left behind in /tmp */
	}
}

TestSuite(serve_save, .init = setup, .fini = teardown, .timeout = 30);

/* BASE/name; four results can be in use at once. */
static char *path(const char *name)
{
	static char p[4][256];
	static unsigned k;
	char *out = p[k++ % 4];
	snprintf(out, sizeof p[0], "%s/%s", base, name);
	return out;
}

static char *slurp(const char *p)
{
	FILE *f = fopen(p, "r");
	cr_assert_not_null(f, "%s", p);
	static char b[65536];
	size_t n = fread(b, 1, sizeof b - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

Test(serve_save, a_missing_directory_is_made_private)
{
	char why[256];
	int fd = safedir_open(path("new"), why, sizeof why);
	cr_assert_geq(fd, 0, "%s", why);
	struct stat st;
	cr_assert_eq(stat(path("new"), &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	close(fd);
	/* only the last part is made */
	cr_assert_lt(safedir_open(path("no/such/parent"), why, sizeof why), 0);
}

Test(serve_save, unsafe_directories_are_refused)
{
	char why[256];
	cr_assert_eq(mkdir(path("open"), 0700), 0);
	chmod(path("open"), 0777);
	cr_assert_lt(safedir_open(path("open"), why, sizeof why), 0);
	cr_assert(strstr(why, "write"), "%s", why);
	cr_assert_eq(mkdir(path("real"), 0700), 0);
	cr_assert_eq(symlink(path("real"), path("link")), 0);
	cr_assert_lt(safedir_open(path("link"), why, sizeof why), 0);
	cr_assert(strstr(why, "symbolic link"), "%s", why);
	FILE *f = fopen(path("file"), "w");
	fclose(f);
	cr_assert_lt(safedir_open(path("file"), why, sizeof why), 0);
	/* readable by others, writable by no one else: accepted */
	cr_assert_eq(mkdir(path("shared"), 0755), 0);
	chmod(path("shared"), 0755);
	int fd = safedir_open(path("shared"), why, sizeof why);
	cr_assert_geq(fd, 0, "%s", why);
	close(fd);
}

Test(serve_save, create_never_opens_an_existing_name_or_a_link)
{
	char why[256];
	int dfd = safedir_open(base, why, sizeof why);
	cr_assert_geq(dfd, 0, "%s", why);
	int fd = safedir_create(dfd, "a.txt");
	cr_assert_geq(fd, 0);
	close(fd);
	struct stat st;
	cr_assert_eq(stat(path("a.txt"), &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert_lt(safedir_create(dfd, "a.txt"), 0);
	cr_assert_eq(errno, EEXIST);
	cr_assert_eq(symlink("/tmp/smtpdbg-test-target-nowhere", path("l.txt")), 0);
	cr_assert_lt(safedir_create(dfd, "l.txt"), 0);
	cr_assert_eq(access("/tmp/smtpdbg-test-target-nowhere", F_OK), -1);
	cr_assert_lt(safedir_create(dfd, "../escape.txt"), 0);
	close(dfd);
}

Test(serve_save, names_hold_time_peer_and_number)
{
	char n[160];
	serve_save_name(n, sizeof n, 1796638502, "192.0.2.10", 51515, 12, 1);
	cr_assert_str_eq(n, "20261207T101502Z-192.0.2.10-51515-12.txt");
	serve_save_name(n, sizeof n, 1796638502, "::1", 40000, 3, 2);
	cr_assert_str_eq(n, "20261207T101502Z-__1-40000-3-2.txt");
}

Test(serve_save, a_file_is_written_as_the_session_goes)
{
	char why[256];
	int dfd = safedir_open(base, why, sizeof why);
	cr_assert_geq(dfd, 0, "%s", why);
	/* the first name is taken: the next is used, the old file untouched */
	FILE *f = fopen(path("20261207T101502Z-192.0.2.10-51515-12.txt"), "w");
	fputs("keep me\n", f);
	fclose(f);
	struct serve_save *s = serve_save_open(dfd, 1796638502, "192.0.2.10", 51515, 12, why,
					       sizeof why);
	cr_assert_not_null(s, "%s", why);
	cr_assert_str_eq(serve_save_file(s), "20261207T101502Z-192.0.2.10-51515-12-2.txt");
	cr_assert_str_eq(slurp(path("20261207T101502Z-192.0.2.10-51515-12.txt")), "keep me\n");
	const char *p = path("20261207T101502Z-192.0.2.10-51515-12-2.txt");
	struct stat st;
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert(strstr(slurp(p), "@peer 192.0.2.10:51515\n@start 2026-12-07T10:15:02Z\n"), "%s",
		  slurp(p));
	cr_assert(strstr(slurp(p), "@live 1\n"));
	struct tf_record r = {.kind = TF_CLIENT, .t_ms = 5, .data = (uint8_t *)"AUTH PLAIN AGEAYg==",
			      .len = 19, .flags = TF_F_SECRET};
	cr_assert_eq(serve_save_record(s, &r, why, sizeof why), 0);
	/* on disk at once, masked */
	cr_assert(strstr(slurp(p), "\nC 5 SM AUTH PLAIN ********\n"), "%s", slurp(p));
	cr_assert_null(strstr(slurp(p), "AGEAYg=="));
	cr_assert_eq(serve_save_close(s, why, sizeof why), 0, "%s", why);
	close(dfd);
}

Test(serve_save, a_file_stops_at_its_limit)
{
	char why[256];
	int dfd = safedir_open(base, why, sizeof why);
	struct serve_save *s = serve_save_open(dfd, 0, "::1", 1, 1, why, sizeof why);
	cr_assert_not_null(s, "%s", why);
	static char line[4000];
	memset(line, 'a', sizeof line);
	struct tf_record r = {.kind = TF_CLIENT, .data = (uint8_t *)line, .len = sizeof line};
	for (size_t i = 0; i < SERVE_SAVE_MAX / sizeof line + 10; i++)
		cr_assert_eq(serve_save_record(s, &r, why, sizeof why), 0);
	struct tf_record x = {.kind = TF_CLOSED, .data = (uint8_t *)"gone", .len = 4};
	cr_assert_eq(serve_save_record(s, &x, why, sizeof why), 0);
	const char *name = serve_save_file(s);
	char p[256];
	snprintf(p, sizeof p, "%s", path(name));
	cr_assert_eq(serve_save_close(s, why, sizeof why), 0);
	struct stat st;
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_leq((size_t)st.st_size, SERVE_SAVE_MAX + 200);
	FILE *f = fopen(p, "r");
	fseek(f, -200, SEEK_END);
	char tail[256] = "";
	size_t n = fread(tail, 1, sizeof tail - 1, f);
	tail[n] = '\0';
	fclose(f);
	cr_assert(strstr(tail, "\n! 0 - the transcript stops here"), "%s", tail);
	cr_assert(strstr(tail, "\nX 0 - gone\n"), "%s", tail);
	close(dfd);
}
