/* Finding and reading lesson files: the I/O edge of lesson.c. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/datadir.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/lesson.h"
#include "smtpdbg/xmalloc.h"


int lesson_read(struct lesson *l, const char *path, lesson_error_fn err, void *arg)
{
	memset(l, 0, sizeof *l);
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err)
			err(arg, path, 0, strerror(errno));
		return -1;
	}
	struct buf b;
	buf_init(&b, 0);
	char chunk[8192];
	size_t n;
	/* One byte past the limit lets the parser say the file is too big. */
	while (b.len <= LESSON_FILE_MAX && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	bool bad = ferror(f);
	fclose(f);
	int rc;
	if (bad) {
		if (err)
			err(arg, path, 0, _("read error"));
		rc = -1;
	} else {
		rc = lesson_parse(l, b.data ? b.data : "", b.len, path, err, arg);
	}
	buf_free(&b);
	return rc;
}

int lesson_load(struct lesson *l, const char *path, lesson_error_fn err, void *arg)
{
	int rc = lesson_read(l, path, err, arg);
	if (rc == 0)
		lesson_translate(l);
	return rc;
}

/* SMTPDBG_LESSON_DIR first (the user's own lessons), then the shipped
 * ones beside the executable. */
static const char *dirs(size_t i)
{
	static char shipped[4096];
	const char *data;
	switch (i) {
	case 0: return getenv("SMTPDBG_LESSON_DIR");
	case 1:
		data = datadir();
		if (!data)
			return NULL;
		snprintf(shipped, sizeof shipped, "%s/lessons", data);
		return shipped;
	default: return NULL;
	}
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *lesson_path(const char *name)
{
	if (strchr(name, '/'))
		return is_file(name) ? xstrdup(name) : NULL;
	for (size_t i = 0; i < 2; i++) {
		const char *d = dirs(i);
		if (!d || !*d)
			continue;
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "%s/%s%s", d, name, LESSON_EXT);
		if (is_file(b.data))
			return buf_steal(&b);
		buf_free(&b);
	}
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t lesson_names(char ***out)
{
	char **names = NULL;
	size_t n = 0;
	for (size_t i = 0; i < 2; i++) {
		const char *d = dirs(i);
		DIR *dir = d && *d ? opendir(d) : NULL;
		if (!dir)
			continue;
		struct dirent *e;
		while ((e = readdir(dir))) {
			size_t len = strlen(e->d_name), ext = strlen(LESSON_EXT);
			if (len <= ext || strcmp(e->d_name + len - ext, LESSON_EXT) != 0)
				continue;
			char *name = xstrndup(e->d_name, len - ext);
			bool dup = false;
			for (size_t j = 0; j < n && !dup; j++)
				dup = !strcmp(names[j], name);
			if (dup || n == 1000) {
				free(name);
				continue;
			}
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = name;
		}
		closedir(dir);
	}
	if (n)
		qsort(names, n, sizeof *names, by_name);
	*out = names;
	return n;
}

size_t lesson_list(FILE *f)
{
	char **names;
	size_t n = lesson_names(&names);
	for (size_t i = 0; i < n; i++) {
		char *path = lesson_path(names[i]);
		struct lesson l;
		if (path && lesson_load(&l, path, NULL, NULL) == 0) {
			char *t = esc_str(l.title, strlen(l.title), esc_flags_for_locale());
			fprintf(f, "%-18s %s (%s)\n", names[i], t, l.personality);
			free(t);
			lesson_free(&l);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return n;
}
