/* Careful file writing: new files 0600, no link followed, no file replaced
 * without SF_FORCE, replacement through rename, every write checked; the
 * private state directory check. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/safefile.h"

static char dir[] = "/tmp/smtpdbg-safefile-XXXXXX";

static void setup(void)
{
	umask(022);
	cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

static char *at(const char *name)
{
	static char p[4][256]; /* two at once in one call */
	static unsigned i;
	char *r = p[i++ % 4];
	snprintf(r, sizeof p[0], "%s/%s", dir, name);
	return r;
}

static void put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void expect_text(const char *path, const char *want)
{
	char got[256] = {0};
	FILE *f = fopen(path, "r");
	cr_assert(f, "%s: %s", path, strerror(errno));
	size_t n = fread(got, 1, sizeof got - 1, f);
	got[n] = 0;
	fclose(f);
	cr_assert_str_eq(got, want);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Nothing but the named files in dir (no temporary file left). */
static int entries(void)
{
	char cmd[160];
	snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq ", dir);
	for (int n = 0; n < 10; n++) {
		char c[200];
		snprintf(c, sizeof c, "%s%d", cmd, n);
		if (system(c) == 0)
			return n;
	}
	return -1;
}

TestSuite(safefile, .init = setup, .fini = teardown);

Test(safefile, new_file_is_private)
{
	char why[128];
	cr_assert_eq(safefile_write_file(at("t"), "hello\n", 6, 0, why, sizeof why), 0, "%s", why);
	expect_text(at("t"), "hello\n");
	cr_assert_eq(mode_of(at("t")), 0600);
}

Test(safefile, existing_file_refused_without_force)
{
	char why[128];
	put(at("t"), "old\n", 0644);
	cr_assert_eq(safefile_write_file(at("t"), "new\n", 4, 0, why, sizeof why), -1);
	cr_assert_eq(errno, EEXIST);
	expect_text(at("t"), "old\n");
	cr_assert_eq(mode_of(at("t")), 0644);
}

Test(safefile, force_replaces_through_rename_with_mode_0600)
{
	char why[128];
	put(at("t"), "old\n", 0644);
	cr_assert_eq(safefile_write_file(at("t"), "new\n", 4, SF_FORCE, why, sizeof why), 0, "%s",
		     why);
	expect_text(at("t"), "new\n");
	cr_assert_eq(mode_of(at("t")), 0600);
	cr_assert_eq(entries(), 1, "no temporary file is left");
}

Test(safefile, stream_force_replaces_at_once)
{
	char why[128];
	struct safefile f;
	put(at("t"), "old\n", 0644);
	cr_assert_eq(safefile_open(&f, at("t"), SF_STREAM | SF_FORCE, why, sizeof why), 0, "%s",
		     why);
	cr_assert_eq(safefile_write(&f, "part", 4), 0);
	expect_text(at("t"), "part"); /* what a crash would keep */
	cr_assert_eq(mode_of(at("t")), 0600);
	cr_assert_eq(safefile_close(&f, why, sizeof why), 0, "%s", why);
}

Test(safefile, symlink_never_followed)
{
	char why[128];
	put(at("victim"), "precious\n", 0644);
	cr_assert_eq(symlink(at("victim"), at("link")), 0);
	for (unsigned flags = 0; flags < 4; flags++) {
		cr_assert_eq(safefile_write_file(at("link"), "x", 1, flags, why, sizeof why), -1);
		struct safefile f;
		cr_assert_eq(safefile_open(&f, at("link"), flags, why, sizeof why), -1);
		cr_assert_eq(f.err, ELOOP);
	}
	expect_text(at("victim"), "precious\n");
	cr_assert_eq(mode_of(at("victim")), 0644);
	struct stat st;
	cr_assert_eq(lstat(at("link"), &st), 0);
	cr_assert(S_ISLNK(st.st_mode), "the link itself is left alone");
	/* A dangling link is not created through either. */
	cr_assert_eq(symlink(at("nowhere"), at("dangling")), 0);
	cr_assert_eq(safefile_write_file(at("dangling"), "x", 1, 0, why, sizeof why), -1);
	cr_assert_eq(access(at("nowhere"), F_OK), -1);
}

Test(safefile, full_device_fails_with_enospc)
{
	if (access("/dev/full", W_OK) != 0)
		cr_skip_test("no /dev/full");
	char why[128];
	struct safefile f;
	cr_assert_eq(safefile_open(&f, "/dev/full", SF_STREAM, why, sizeof why), 0, "%s", why);
	cr_assert_eq(safefile_write(&f, "x", 1), -1);
	cr_assert_eq(f.err, ENOSPC);
	cr_assert_eq(safefile_write(&f, "y", 1), -1, "nothing more after a failure");
	cr_assert_eq(safefile_close(&f, why, sizeof why), -1);
	cr_assert_str_eq(why, strerror(ENOSPC));
	/* The device is still there. */
	struct stat st;
	cr_assert_eq(stat("/dev/full", &st), 0);
	cr_assert(S_ISCHR(st.st_mode));
	cr_assert_eq(safefile_write_file("/dev/full", "x", 1, SF_FORCE, why, sizeof why), -1);
	cr_assert_eq(stat("/dev/full", &st), 0);
	cr_assert(S_ISCHR(st.st_mode));
}

Test(safefile, failed_whole_file_leaves_nothing)
{
	char why[128];
	struct safefile f;
	cr_assert_eq(safefile_open(&f, at("t"), 0, why, sizeof why), 0);
	cr_assert_eq(safefile_write(&f, "x", 1), 0);
	safefile_abort(&f);
	cr_assert_eq(access(at("t"), F_OK), -1, "a file created and abandoned is removed");
	put(at("t"), "old\n", 0644);
	cr_assert_eq(safefile_open(&f, at("t"), SF_FORCE, why, sizeof why), 0);
	cr_assert_eq(safefile_write(&f, "x", 1), 0);
	safefile_abort(&f);
	expect_text(at("t"), "old\n");
	cr_assert_eq(entries(), 1, "the temporary file is removed");
}

Test(safefile, directory_refused)
{
	char why[128];
	cr_assert_eq(safefile_write_file(dir, "x", 1, SF_FORCE, why, sizeof why), -1);
	cr_assert_eq(errno, EISDIR);
}

Test(safefile, private_dir_created_0700)
{
	char why[128];
	cr_assert_eq(safefile_private_dir(at("a/b/smtpdbg"), why, sizeof why), 0, "%s", why);
	cr_assert_eq(mode_of(at("a/b/smtpdbg")), 0700);
	cr_assert_eq(mode_of(at("a")), 0700);
	cr_assert_eq(safefile_private_dir(at("a/b/smtpdbg"), why, sizeof why), 0, "%s", why);
}

Test(safefile, private_dir_refused_when_writable_by_others)
{
	char why[128];
	cr_assert_eq(mkdir(at("st"), 0700), 0);
	chmod(at("st"), 0777);
	cr_assert_eq(safefile_private_dir(at("st"), why, sizeof why), -1);
	cr_assert(strstr(why, "group or others"), "%s", why);
	cr_assert_eq(mode_of(at("st")), 0777, "not changed behind the user's back");
	chmod(at("st"), 0770);
	cr_assert_eq(safefile_private_dir(at("st"), why, sizeof why), -1);
}

Test(safefile, private_dir_refused_when_foreign_or_a_link)
{
	char why[128];
	cr_assert_eq(mkdir(at("real"), 0700), 0);
	cr_assert_eq(symlink(at("real"), at("link")), 0);
	cr_assert_eq(safefile_private_dir(at("link"), why, sizeof why), -1);
	if (geteuid() == 0) {
		cr_assert_eq(mkdir(at("foreign"), 0700), 0);
		cr_assert_eq(chown(at("foreign"), 65534, 65534), 0);
		cr_assert_eq(safefile_private_dir(at("foreign"), why, sizeof why), -1);
		cr_assert(strstr(why, "another user"), "%s", why);
	}
}
