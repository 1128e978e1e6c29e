/* Finding and reading theme files. User themes come first so that a copy
 * in ~/.config/smtpdbg/themes overrides an installed theme of that name. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/datadir.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/theme.h"
#include "smtpdbg/xmalloc.h"
#include "theme_int.h"

bool theme_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < sizeof ((struct theme *)0)->name && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-+") == n;
}

size_t theme_search_dirs(char dirs[][THEME_PATH_MAX], size_t max)
{
	size_t n = 0;
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	/* The XDG spec says to ignore relative values. */
	if (n < max && xdg && xdg[0] == '/')
		snprintf(dirs[n++], THEME_PATH_MAX, "%s/smtpdbg/themes", xdg);
	else if (n < max && home && home[0] == '/')
		snprintf(dirs[n++], THEME_PATH_MAX, "%s/.config/smtpdbg/themes", home);
	const char *data = datadir();
	if (n < max && data)
		snprintf(dirs[n++], THEME_PATH_MAX, "%s/themes", data);
	return n;
}

static bool readable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* dir/name.theme into out when that file exists. */
static bool try_dir(const char *dir, size_t dirlen, const char *name, char *out, size_t n)
{
	int w = snprintf(out, n, "%.*s/%s.theme", (int)dirlen, dir, name);
	return w > 0 && (size_t)w < n && readable(out);
}

int theme_find(const char *name, char *out, size_t n)
{
	return theme_find_near(name, NULL, out, n);
}

int theme_find_near(const char *name, const char *from, char *out, size_t n)
{
	if (strchr(name, '/')) {
		int w = snprintf(out, n, "%s", name);
		return w > 0 && (size_t)w < n && readable(out) ? 0 : -1;
	}
	if (!theme_name_ok(name))
		return -1;
	const char *slash = from ? strrchr(from, '/') : NULL;
	if (slash && try_dir(from, (size_t)(slash - from), name, out, n))
		return 0;
	char dirs[THEME_DIRS_MAX][THEME_PATH_MAX];
	size_t nd = theme_search_dirs(dirs, THEME_DIRS_MAX);
	for (size_t i = 0; i < nd; i++)
		if (try_dir(dirs[i], strlen(dirs[i]), name, out, n))
			return 0;
	return -1;
}

int theme_read(const char *path, char **text, size_t *len, char *why, size_t whylen)
{
	*text = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO named as a theme must not hang the start-up. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "%s", _("not a regular file"));
		close(fd);
		return -1;
	}
	if (st.st_size > (off_t)THEME_FILE_MAX) {
		snprintf(why, whylen, _("file larger than %u KiB"), THEME_FILE_MAX / 1024);
		close(fd);
		return -1;
	}
	char *buf = xmalloc(THEME_FILE_MAX + 2);
	size_t got = 0;
	/* Read one byte past the limit: the file may have grown since fstat. */
	while (got <= THEME_FILE_MAX) {
		ssize_t r = read(fd, buf + got, THEME_FILE_MAX + 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, whylen, "%s", strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got > THEME_FILE_MAX) {
		snprintf(why, whylen, _("file larger than %u KiB"), THEME_FILE_MAX / 1024);
		free(buf);
		return -1;
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}

/* "dark" from ".../dark.theme". */
static void name_from_path(const char *path, char *out, size_t n)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len > 6 && !strcmp(base + len - 6, ".theme"))
		len -= 6;
	snprintf(out, n, "%.*s", (int)len, base);
}

int theme_load(struct theme *t, const char *name, theme_err_fn err, void *ctx)
{
	char path[THEME_PATH_MAX], why[160];
	theme_init_default(t);
	if (theme_find(name, path, sizeof path) < 0) {
		/* Built in, so that NO_COLOR and broken installs still work. */
		if (!strcmp(name, "default"))
			return 0;
		if (!strcmp(name, "mono")) {
			theme_init_mono(t);
			return 0;
		}
		if (err) {
			char msg[THEME_PATH_MAX * 3 + 128];
			char dirs[THEME_DIRS_MAX][THEME_PATH_MAX];
			size_t nd = theme_search_dirs(dirs, THEME_DIRS_MAX);
			int w = snprintf(msg, sizeof msg, "%s",
					 strchr(name, '/') ? _("no such theme file")
							   : _("no such theme; looked in"));
			for (size_t i = 0; !strchr(name, '/') && i < nd && w > 0 &&
			     (size_t)w < sizeof msg; i++)
				w += snprintf(msg + w, sizeof msg - (size_t)w, "%s %s",
					      i ? "," : "", dirs[i]);
			err(ctx, name, 0, false, msg);
		}
		return -1;
	}
	char *text;
	size_t len;
	if (theme_read(path, &text, &len, why, sizeof why) < 0) {
		if (err)
			err(ctx, path, 0, false, why);
		return -1;
	}
	t->description[0] = '\0'; /* the default's would describe the wrong theme */
	theme_parse(t, text, len, path, err, ctx);
	free(text);
	name_from_path(path, t->name, sizeof t->name);
	snprintf(t->path, sizeof t->path, "%s", path);
	return 0;
}
