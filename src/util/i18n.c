/* Choosing the language and finding the message catalogue (i18n.h). */
#include "smtpdbg/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


const char *const i18n_languages[] = {"de", "en", NULL};

static const char *current = "en";

const char *i18n_lang(void)
{
	return current;
}

int i18n_known(const char *lang)
{
	for (const char *const *l = i18n_languages; *l; l++)
		if (lang && !strcmp(*l, lang))
			return 1;
	return 0;
}

int i18n_yes(const char *answer)
{
	/* TRANSLATORS: the words that answer yes to a (y/N) question,
	 * separated by "|", English ones included. */
	const char *words = _("y|yes");
	size_t n = strlen(answer);
	for (const char *w = words; *w;) {
		size_t len = strcspn(w, "|");
		if (len == n && !strncasecmp(w, answer, n))
			return 1;
		w += len + (w[len] == '|');
	}
	return !strcasecmp(answer, "y") || !strcasecmp(answer, "yes");
}

int i18n_yes_key(int key)
{
	char one[2] = {(char)key, '\0'};
	return key > 0 && key < 128 && i18n_yes(one);
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static int is_c_locale(const char *v)
{
	return !v || !strcmp(v, "C") || !strcmp(v, "POSIX");
}

/* The language the environment asks for, as gettext would read it: the
 * locale category's value (LC_ALL, LC_MESSAGES, LANG) decides whether
 * anything is translated at all (not under C or POSIX), then LANGUAGE's
 * first entry, else the locale's own language. "de" or "en". */
static const char *from_environment(void)
{
	const char *loc = env("LC_ALL");
	if (!loc)
		loc = env("LC_MESSAGES");
	if (!loc)
		loc = env("LANG");
	if (is_c_locale(loc))
		return "en";
	const char *want = env("LANGUAGE");
	if (!want)
		want = loc;
	return !strncmp(want, "de", 2) && (!want[2] || strchr("_.@:", want[2])) ? "de" : "en";
}

#ifndef SMTPDBG_BIN_TO_LOCALE
#define SMTPDBG_BIN_TO_LOCALE "../share/locale"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Where the catalogues are, relative to /proc/self/exe like the data
 * (datadir.c): installed, BINDIR/SMTPDBG_BIN_TO_LOCALE (share/locale); in
 * a build tree, the "share/locale" beside the binary. */
static int locale_dir(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	const char *tries[] = {SMTPDBG_BIN_TO_LOCALE, "share/locale"};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		char dir[PATH_MAX];
		int w = snprintf(dir, sizeof dir, "%s/%s", exe, tries[i]);
		if (w > 0 && (size_t)w < sizeof dir && is_dir(dir)) {
			if (!realpath(dir, out) && (size_t)w < size)
				strcpy(out, dir);
			return strlen(out) < size ? 0 : -1;
		}
	}
	return -1;
}

void i18n_init(const char *lang)
{
	const char *set = setlocale(LC_ALL, "");
	if (!lang || !i18n_known(lang))
		lang = from_environment();
	current = lang;
	char dir[PATH_MAX];
	int have_dir = locale_dir(dir, sizeof dir) == 0;
	if (have_dir)
		bindtextdomain("smtpdbg", dir);
	textdomain("smtpdbg");
	if (!strcmp(lang, "en")) {
		/* English is the messages as written; other libraries' too. */
		setenv("LANGUAGE", "en", 1);
		return;
	}
	setenv("LANGUAGE", lang, 1);
	/* glibc translates nothing under C or POSIX (LANGUAGE is ignored
	 * there), and a locale the machine lacks leaves C: C.UTF-8 is present
	 * even on a minimal system and lets LANGUAGE choose. */
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (!set || is_c_locale(msgs))
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "C.utf8");
	/* TRANSLATORS: the name of your language, in your language; smtpdbg
	 * also checks with it that the catalogue was loaded. */
	const char *name = _("English");
	if (!strcmp(name, "English")) {
		current = "en";
		setenv("LANGUAGE", "en", 1);
		fprintf(stderr, "smtpdbg: warning: no usable message catalogue for '%s' "
				"(%s/%s/LC_MESSAGES/smtpdbg.mo): messages stay in English\n",
			lang, have_dir ? dir : "?", lang);
	}
}
