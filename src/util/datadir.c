/* The data directory, relative to /proc/self/exe: an installed binary in
 * BINDIR finds DATADIR/smtpdbg (SMTPDBG_BIN_TO_DATA is the relative path
 * between them, "../share" by default); a binary in a build tree finds the
 * "share/smtpdbg" beside it. */
#include "smtpdbg/datadir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SMTPDBG_BIN_TO_DATA
#define SMTPDBG_BIN_TO_DATA "../share"
#endif

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *datadir(void)
{
	static char dir[PATH_MAX];
	static bool looked;
	if (looked)
		return dir[0] ? dir : NULL;
	looked = true;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	const char *tries[] = {SMTPDBG_BIN_TO_DATA "/smtpdbg", "share/smtpdbg"};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		int w = snprintf(dir, sizeof dir, "%s/%s", exe, tries[i]);
		char real[PATH_MAX];
		if (w > 0 && (size_t)w < sizeof dir && is_dir(dir)) {
			/* Shown to people ("theme list"): without "bin/..". */
			if (realpath(dir, real) && strlen(real) < sizeof dir)
				strcpy(dir, real);
			return dir;
		}
	}
	dir[0] = '\0';
	return NULL;
}
