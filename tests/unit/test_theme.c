#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/theme.h"

#define THEMES TEST_DATA_DIR "/../../themes"

/* Every message the parser reports, as "LINE: MSG" lines. */
struct log {
	char text[8192];
	unsigned n;
};

static void collect(void *ctx, const char *file, unsigned line, bool warning, const char *msg)
{
	struct log *l = ctx;
	/* The severity is told by the flag, the prefix is for people. */
	cr_assert_eq(warning, !strncmp(msg, "warning: ", 9), "%s", msg);
	size_t used = strlen(l->text);
	(void)file;
	snprintf(l->text + used, sizeof l->text - used, "%u: %s\n", line, msg);
	l->n++;
}

/* Parse s over the default theme; returns the errors, messages in *l. */
static unsigned parse(struct theme *t, const char *s, struct log *l)
{
	memset(l, 0, sizeof *l);
	theme_init_default(t);
	return theme_parse(t, s, strlen(s), "test.theme", collect, l);
}

static void has(const struct log *l, const char *want)
{
	cr_assert(strstr(l->text, want), "messages lack '%s':\n%s", want, l->text);
}

Test(theme, role_names)
{
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const char *n = theme_role_name((enum theme_role)r);
		cr_assert_not_null(n);
		cr_assert_eq(theme_role_find(n), r, "%s", n);
	}
	cr_assert_eq(theme_role_find("Transcript.Cursor.Blur"), THEME_TRANSCRIPT_CURSOR_BLUR);
	cr_assert_eq(theme_role_find("CODE.2XX"), THEME_CODE_2XX);
	cr_assert_eq(theme_role_find("secret_masked"), -1, "'_' is '-', not '.'");
	cr_assert_eq(theme_role_find("nope"), -1);
	cr_assert_eq(theme_role_find("code"), -1);
	cr_assert_eq(theme_role_find("code.2xx.x"), -1);
	cr_assert_null(theme_role_name(THEME_ROLE_COUNT));
}

Test(theme, default_is_complete_and_transparent)
{
	struct theme t;
	theme_init_default(&t);
	cr_assert_str_eq(t.name, "default");
	cr_assert_str_eq(t.background, "any");
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (r != THEME_SEARCH_MATCH && r != THEME_STATUS_MODE)
			cr_assert_eq(t.role[r].bg, THEME_COLOR_DEFAULT, "%s paints a background",
				     theme_role_name((enum theme_role)r));
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CLIENT].fg, 6); /* cyan */
	cr_assert_eq(t.role[THEME_TRANSCRIPT_META].fg, 5);   /* magenta */
	cr_assert_eq(t.role[THEME_CODE_5XX].fg, 1);
	cr_assert_eq(t.role[THEME_CODE_5XX].attrs, THEME_A_BOLD);
	cr_assert_eq(t.role[THEME_CODE_5XX].mono, THEME_A_REVERSE | THEME_A_BOLD);
	cr_assert_eq(t.role[THEME_CODE_4XX].mono, THEME_A_BOLD | THEME_A_UNDERLINE);
	cr_assert_eq(t.role[THEME_SECRET].mono, THEME_A_STANDOUT);
	cr_assert_eq(t.role[THEME_SEARCH_MATCH].fg, 0);
	cr_assert_eq(t.role[THEME_SEARCH_MATCH].bg, 3);
	cr_assert_eq(t.role[THEME_SECRET_MASKED].fg, THEME_COLOR_DEFAULT);
	cr_assert_eq(t.role[THEME_SECRET_MASKED].attrs, 0);
	cr_assert(theme_mono_distinct(&t));
	/* No text in black, white or bright black on the default background. */
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		int fg = t.role[r].fg;
		if (t.role[r].bg == THEME_COLOR_DEFAULT)
			cr_assert(fg != 0 && fg != 7 && fg != 8 && fg != 15 && fg != 4, "%s",
				  theme_role_name((enum theme_role)r));
	}
}

static struct theme load_file(const char *path, struct log *l)
{
	struct theme t;
	memset(l, 0, sizeof *l);
	cr_assert_eq(theme_load(&t, path, collect, l), 0, "%s: %s", path, l->text);
	return t;
}

Test(theme, default_file_matches_built_in)
{
	struct log l;
	struct theme f = load_file(THEMES "/default.theme", &l), b;
	theme_init_default(&b);
	cr_assert_eq(l.n, 0, "%s", l.text);
	cr_assert_str_eq(f.description, b.description);
	cr_assert_eq(memcmp(f.role, b.role, sizeof f.role), 0);
	cr_assert_eq(memcmp(f.spec, b.spec, sizeof f.spec), 0);
}

Test(theme, mono_file_matches_built_in)
{
	struct log l;
	struct theme f = load_file(THEMES "/mono.theme", &l), b;
	theme_init_mono(&b);
	cr_assert_eq(l.n, 0, "%s", l.text);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		cr_assert_eq(f.role[r].fg, THEME_COLOR_DEFAULT);
		cr_assert_eq(f.role[r].bg, THEME_COLOR_DEFAULT);
		cr_assert_eq(f.role[r].attrs, b.role[r].attrs, "%s",
			     theme_role_name((enum theme_role)r));
		cr_assert_eq(f.role[r].mono, b.role[r].mono);
		cr_assert_eq(f.role[r].attrs & (THEME_A_DIM | THEME_A_ITALIC), 0);
	}
}

Test(theme, shipped_themes_are_clean)
{
	static const char *const names[] = {"default", "dark", "light", "high-contrast",
					    "mono", "okabe-ito"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[512];
		struct log l;
		snprintf(path, sizeof path, THEMES "/%s.theme", names[i]);
		struct theme t = load_file(path, &l);
		cr_assert_eq(l.n, 0, "%s:\n%s", names[i], l.text);
		cr_assert_str_eq(t.name, names[i]);
		cr_assert(t.description[0], "%s has no description", names[i]);
		cr_assert(theme_mono_distinct(&t), "%s", names[i]);
		/* Each class looks different with colour too. */
		const struct theme_style *a = &t.role[THEME_CODE_2XX], *b = &t.role[THEME_CODE_5XX];
		cr_assert(a->fg256 != b->fg256 || a->bg256 != b->bg256 || a->attrs != b->attrs);
		for (int r = 0; r < THEME_ROLE_COUNT; r++)
			cr_assert_eq(t.role[r].attrs & THEME_A_DIM, 0, "%s uses dim", names[i]);
	}
}

Test(theme, shipped_values)
{
	struct log l;
	struct theme t = load_file(THEMES "/dark.theme", &l);
	cr_assert_str_eq(t.background, "dark");
	cr_assert_eq(t.background_ref, THEME_COLOR_RGB(0, 0, 0));
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CLIENT].fg, 6);
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CLIENT].fg256, 117);
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CLIENT].fg24, THEME_COLOR_RGB(0x87, 0xd7, 0xff));
	cr_assert_eq(t.role[THEME_CODE_5XX].fg256, 203);
	cr_assert_eq(t.role[THEME_CODE_5XX].fg, 9, "bright red on 16 colours");
	/* Inherited from default, untouched by dark. */
	cr_assert_eq(t.role[THEME_SEARCH_MATCH].bg, 3);
	t = load_file(THEMES "/light.theme", &l);
	cr_assert_eq(t.role[THEME_CODE_4XX].fg256, 94);
	cr_assert_eq(t.role[THEME_CODE_5XX].fg256, 124);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		int fg = t.role[r].fg;
		if (t.role[r].bg == THEME_COLOR_DEFAULT)
			cr_assert(fg != 3 && fg != 6 && fg != 7 && fg != 11 && fg != 14 && fg != 15,
				  "light: %s is yellow, cyan or white",
				  theme_role_name((enum theme_role)r));
	}
	t = load_file(THEMES "/high-contrast.theme", &l);
	cr_assert_eq(t.role[THEME_CODE_5XX].fg256, 231);
	cr_assert_eq(t.role[THEME_CODE_5XX].bg256, 88);
	cr_assert_eq(t.role[THEME_CODE_2XX].bg256, 46);
	t = load_file(THEMES "/okabe-ito.theme", &l);
	cr_assert_eq(t.role[THEME_CODE_5XX].fg256, 166);
	cr_assert_eq(t.role[THEME_CODE_2XX].fg256, 35);
	cr_assert_eq(t.role[THEME_CODE_4XX].fg256, 178);
	/* The 24-bit values map to the 256 ones written next to them. */
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (THEME_COLOR_IS_RGB(t.role[r].fg24))
			cr_assert_eq(theme_color_for_depth(t.role[r].fg24, 256), t.role[r].fg256,
				     "okabe-ito %s", theme_role_name((enum theme_role)r));
}

Test(theme, every_directive)
{
	struct theme t;
	struct log l;
	cr_assert_eq(parse(&t,
			   "# comment\n"
			   "   \n"
			   "format 1\n"
			   "theme my-theme\n"
			   "description \"A \\\"quoted\\\" text # not a comment\"\n"
			   "background light #fafafa   # reference\n"
			   "inherit -\n"
			   "palette fg1 red\n"
			   "palette fg2 red 160\n"
			   "palette fg3 red 160 #d70000\n"
			   "palette Ref fg3\n"
			   "color code.2xx fg1 fg2 underline,italic\n"
			   "color code.3xx fg3 REF bold dim\n"
			   "color code.4xx bright-blue color200\n"
			   "color code.5xx 17 #0A0b0C Reverse,standout\n"
			   "color secret - - -\n"
			   "mono code.2xx standout\n"
			   "mono code.3xx normal\n"
			   "\tcolor info green -\t# trailing comment\r\n",
			   &l), 0, "%s", l.text);
	cr_assert_eq(l.n, 0, "%s", l.text);
	cr_assert_str_eq(t.name, "my-theme");
	cr_assert_str_eq(t.description, "A \"quoted\" text # not a comment");
	cr_assert_str_eq(t.background, "light");
	cr_assert_eq(t.background_ref, THEME_COLOR_RGB(0xfa, 0xfa, 0xfa));
	const struct theme_style *s = &t.role[THEME_CODE_2XX];
	cr_assert_eq(s->fg, 1);
	cr_assert_eq(s->fg256, 1);
	cr_assert_eq(s->bg, 1);
	cr_assert_eq(s->bg256, 160);
	cr_assert_eq(s->bg24, 160);
	cr_assert_eq(s->attrs, THEME_A_UNDERLINE | THEME_A_ITALIC);
	cr_assert_eq(s->mono, THEME_A_STANDOUT);
	s = &t.role[THEME_CODE_3XX];
	cr_assert_eq(s->fg24, THEME_COLOR_RGB(0xd7, 0, 0));
	cr_assert_eq(s->bg24, THEME_COLOR_RGB(0xd7, 0, 0), "palette names are case-insensitive");
	cr_assert_eq(s->attrs, THEME_A_BOLD | THEME_A_DIM);
	cr_assert_eq(s->mono, 0);
	s = &t.role[THEME_CODE_4XX];
	cr_assert_eq(s->fg, 12);
	cr_assert_eq(s->bg, 200);
	cr_assert_eq(s->attrs, 0, "attributes left out come from the parent role");
	s = &t.role[THEME_CODE_5XX];
	cr_assert_eq(s->fg, 17);
	cr_assert_eq(s->bg24, THEME_COLOR_RGB(10, 11, 12));
	cr_assert_eq(s->attrs, THEME_A_REVERSE | THEME_A_STANDOUT);
	/* "-" everywhere: the role takes everything from default. */
	cr_assert_eq(t.role[THEME_SECRET].fg, THEME_COLOR_DEFAULT);
	cr_assert_eq(t.role[THEME_SECRET].attrs, 0);
	cr_assert_eq(t.role[THEME_SECRET].mono, THEME_A_STANDOUT, "mono untouched by color");
	cr_assert_eq(t.role[THEME_INFO].fg, 2);
}

Test(theme, dotted_fallback)
{
	struct theme t;
	struct log l;
	cr_assert_eq(parse(&t,
			   "color default 7 4\n"
			   "color transcript.cursor red green reverse\n"
			   "color status blue yellow\n"
			   "mono secret underline\n",
			   &l), 0, "%s", l.text);
	/* The default theme sets only the attributes of .blur. */
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CURSOR_BLUR].fg, 1);
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CURSOR_BLUR].bg, 2);
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CURSOR_BLUR].attrs, THEME_A_UNDERLINE);
	cr_assert_eq(t.role[THEME_STATUS_KEY].fg, 4);
	cr_assert_eq(t.role[THEME_STATUS_KEY].bg, 3);
	cr_assert_eq(t.role[THEME_STATUS_KEY].attrs, THEME_A_REVERSE | THEME_A_BOLD);
	/* status.mode sets its own colours in the default theme. */
	cr_assert_eq(t.role[THEME_STATUS_MODE].bg, 6);
	/* code.enhanced is set nowhere: it is default's. */
	cr_assert_eq(t.role[THEME_CODE_ENHANCED].fg, 7);
	cr_assert_eq(t.role[THEME_CODE_ENHANCED].bg, 4);
	/* A background set on default reaches roles with "-". */
	cr_assert_eq(t.role[THEME_TRANSCRIPT_CLIENT].bg, 4);
	cr_assert_eq(t.role[THEME_SECRET_MASKED].mono, 0, "set explicitly by default");
	/* Unset it, and the child follows its parent. */
	cr_assert_eq(parse(&t, "mono secret.masked -\nmono secret underline\n", &l), 0);
	cr_assert_eq(t.role[THEME_SECRET_MASKED].mono, THEME_A_UNDERLINE);
}

Test(theme, errors_name_their_line)
{
	struct theme t;
	struct log l;
	unsigned n = parse(&t,
			   "format 1\n"                       /* 1 */
			   "colour code.2xx red -\n"          /* 2 unknown directive */
			   "color code.2xx reddish -\n"       /* 3 */
			   "color code.2xx red - blink\n"     /* 4 */
			   "color code.9xx red -\n"           /* 5 warning only */
			   "color code.2xx 256 -\n"           /* 6 */
			   "color code.2xx #12345 -\n"        /* 7 */
			   "color code.2xx red\n"             /* 8 */
			   "description unquoted\n"           /* 9 */
			   "description \"open\n"             /* 10 */
			   "format 2\n"                       /* 11 */
			   "background grey\n"                /* 12 */
			   "palette red 1\n"                  /* 13 */
			   "palette x -\n"                    /* 14 */
			   "mono code.2xx\n"                  /* 15 */
			   "mono code.2xx bold,,underline\n"  /* 16 */
			   "color code.4xx magenta - bold\n", /* 17 good */
			   &l);
	cr_assert_eq(n, 14, "%s", l.text);
	cr_assert_eq(l.n, 15, "%s", l.text);
	has(&l, "2: unknown directive 'colour'");
	has(&l, "3: unknown colour 'reddish'");
	has(&l, "4: unknown attribute 'blink'");
	has(&l, "5: warning: unknown role 'code.9xx'");
	has(&l, "6: bad colour '256'");
	has(&l, "7: bad colour '#12345'");
	has(&l, "8: color needs ROLE FG BG");
	has(&l, "9: description needs");
	has(&l, "10: unterminated");
	has(&l, "11: unsupported format '2'");
	has(&l, "12: background 'grey'");
	has(&l, "13: palette name 'red' is already a colour");
	has(&l, "14: a palette colour cannot be '-'");
	has(&l, "15: mono needs ROLE");
	has(&l, "16: empty attribute");
	/* Bad lines changed nothing; the good one applied. */
	cr_assert_eq(t.role[THEME_CODE_2XX].fg, 2);
	cr_assert_eq(t.role[THEME_CODE_2XX].mono, THEME_A_BOLD);
	cr_assert_eq(t.role[THEME_CODE_4XX].fg, 5);
}

Test(theme, messages_never_echo_controls)
{
	struct theme t;
	struct log l;
	cr_assert_eq(parse(&t, "color code.2xx r\xc3\xa9\xff -\nfoo\x1b[2J\n", &l), 2);
	has(&l, "r\\xc3\\xa9\\xff");
	has(&l, "2: line contains a control character");
	cr_assert_null(strchr(l.text, '\x1b'));
}

Test(theme, limits)
{
	struct theme t;
	struct log l;
	char *big = malloc(3000);
	memset(big, ' ', 3000);
	memcpy(big, "color code.2xx red -", 20);
	memcpy(big + 2000, "\nformat 1\nformat 3\n", 20);
	cr_assert_eq(parse(&t, big, &l), 2, "%s", l.text);
	has(&l, "1: line longer than 1024 bytes");
	has(&l, "3: unsupported format");
	cr_assert_eq(t.role[THEME_CODE_2XX].fg, 2, "the long line was skipped");
	free(big);
	/* Exactly 1024 bytes is fine. */
	char line[1026];
	memset(line, ' ', 1024);
	memcpy(line, "format 1", 8);
	line[1024] = '\n';
	line[1025] = '\0';
	cr_assert_eq(parse(&t, line, &l), 0, "%s", l.text);
	/* Too many words. */
	cr_assert_eq(parse(&t, "mono code.2xx a b c d e f g h i j k l m n o p q\n", &l), 1);
	has(&l, "too many words");
}

/* A scratch directory for theme files, with XDG_CONFIG_HOME inside it. */
static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/smtpdbg-theme-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char p[128];
	snprintf(p, sizeof p, "%s/smtpdbg", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/smtpdbg/themes", dir);
	mkdir(p, 0700);
	setenv("XDG_CONFIG_HOME", dir, 1);
}

static void rm_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/smtpdbg/themes/%s.theme", dir, name);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

TestSuite(theme_files, .init = make_dir, .fini = rm_dir);

Test(theme_files, user_dir_first_and_inherit_chain)
{
	put("dark", "theme dark\ncolor code.2xx 1 -\n");
	put("c", "palette p 3\ncolor code.3xx p -\nbackground dark\n");
	put("b", "inherit c\ncolor code.4xx p - bold\ncolor code.3xx 4 -\n");
	put("a", "description \"A\"\nbackground light\ninherit b\ncolor code.5xx 6 -\n");
	struct theme t;
	struct log l = {{0}, 0};
	cr_assert_eq(theme_load(&t, "dark", collect, &l), 0);
	cr_assert_eq(t.role[THEME_CODE_2XX].fg, 1, "the user's dark wins");
	char path[512];
	cr_assert_eq(theme_find("dark", path, sizeof path), 0);
	cr_assert(strstr(path, dir));

	cr_assert_eq(theme_load(&t, "a", collect, &l), 0);
	cr_assert_eq(l.n, 0, "%s", l.text);
	cr_assert_str_eq(t.name, "a");
	cr_assert_str_eq(t.description, "A");
	cr_assert_str_eq(t.background, "light", "the inheriting file's background wins");
	cr_assert_eq(t.role[THEME_CODE_3XX].fg, 4, "b overrides c");
	cr_assert_eq(t.role[THEME_CODE_4XX].fg, 3, "palettes are inherited");
	cr_assert_eq(t.role[THEME_CODE_5XX].fg, 6);
	cr_assert_eq(t.role[THEME_CODE_2XX].fg, 2, "default below them all");
}

Test(theme_files, inherit_errors)
{
	put("x", "inherit y\n");
	put("y", "format 1\ninherit x\n");
	put("late", "color code.2xx 1 -\ninherit x\n");
	put("twice", "inherit -\ninherit missing-one\n");
	struct theme t;
	struct log l = {{0}, 0};
	cr_assert_eq(theme_load(&t, "x", collect, &l), 0);
	has(&l, "2: inherit 'x' makes a cycle");
	memset(&l, 0, sizeof l);
	theme_load(&t, "late", collect, &l);
	has(&l, "2: inherit must come before");
	memset(&l, 0, sizeof l);
	theme_load(&t, "twice", collect, &l);
	has(&l, "2: cannot inherit 'missing-one'");
	/* A chain of 10: the ninth file is one too deep. */
	for (int i = 0; i < 10; i++) {
		char name[8], text[32];
		snprintf(name, sizeof name, "d%d", i);
		snprintf(text, sizeof text, "inherit d%d\n", i + 1);
		put(name, text);
	}
	put("d10", "color code.2xx 1 -\n");
	memset(&l, 0, sizeof l);
	theme_load(&t, "d0", collect, &l);
	has(&l, "deeper than 8");
	cr_assert_eq(t.role[THEME_CODE_2XX].fg, 2, "nothing past the limit applied");
	memset(&l, 0, sizeof l);
	theme_load(&t, "d3", collect, &l);
	cr_assert_eq(l.n, 0, "%s", l.text);
	cr_assert_eq(t.role[THEME_CODE_2XX].fg, 1, "eight files are fine");
}

Test(theme_files, not_found_and_bad_files)
{
	struct theme t;
	struct log l = {{0}, 0};
	cr_assert_eq(theme_load(&t, "no-such-theme", collect, &l), -1);
	has(&l, "0: no such theme");
	has(&l, dir);
	cr_assert_str_eq(t.name, "default", "the default is left in place");
	cr_assert_eq(theme_load(&t, "../etc/passwd", collect, &l), -1);
	cr_assert_eq(theme_find("bad name", (char[64]){0}, 64), -1);
	cr_assert_eq(theme_find(".hidden", (char[64]){0}, 64), -1);

	char p[256];
	snprintf(p, sizeof p, "%s/smtpdbg/themes/huge.theme", dir);
	FILE *f = fopen(p, "w");
	for (int i = 0; i < 7000; i++)
		fputs("# padding\n", f);
	fclose(f);
	memset(&l, 0, sizeof l);
	cr_assert_eq(theme_load(&t, "huge", collect, &l), -1);
	has(&l, "0: file larger than 64 KiB");
	memset(&l, 0, sizeof l);
	cr_assert_eq(theme_load(&t, dir, collect, &l), -1, "a directory");
	has(&l, "no such theme file");
	char *text = NULL, why[160];
	size_t len;
	cr_assert_eq(theme_read(dir, &text, &len, why, sizeof why), -1);
	cr_assert_str_eq(why, "not a regular file");
	snprintf(p, sizeof p, "%s/fifo.theme", dir);
	cr_assert_eq(mkfifo(p, 0600), 0);
	cr_assert_eq(theme_read(p, &text, &len, why, sizeof why), -1, "a FIFO must not block");
	cr_assert_null(text);
	memset(&l, 0, sizeof l);
	cr_assert_eq(theme_load(&t, p, collect, &l), -1);
	snprintf(p, sizeof p, "%s/smtpdbg/themes/huge.theme", dir);
	cr_assert_eq(theme_read(p, &text, &len, why, sizeof why), -1);
	cr_assert_str_eq(why, "file larger than 64 KiB");
	/* Exactly 64 KiB is fine. */
	f = fopen(p, "w");
	for (int i = 0; i < 64 * 1024; i++)
		fputc(i % 64 == 63 ? '\n' : ' ', f);
	fclose(f);
	cr_assert_eq(theme_read(p, &text, &len, why, sizeof why), 0, "%s", why);
	cr_assert_eq(len, 64 * 1024);
	free(text);
}

Test(theme_files, search_dirs)
{
	char dirs[THEME_DIRS_MAX][THEME_PATH_MAX];
	size_t n = theme_search_dirs(dirs, THEME_DIRS_MAX);
	cr_assert_geq(n, 1);
	cr_assert(strstr(dirs[0], dir) && strstr(dirs[0], "/smtpdbg/themes"));
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	setenv("HOME", "/home/someone", 1);
	n = theme_search_dirs(dirs, THEME_DIRS_MAX);
	cr_assert_str_eq(dirs[0], "/home/someone/.config/smtpdbg/themes");
	cr_assert_eq(theme_search_dirs(dirs, 1), 1);
	/* The shipped themes are found without installing. */
	char path[512];
	cr_assert_eq(theme_find("okabe-ito", path, sizeof path), 0);
}

Test(theme, color_for_depth)
{
	/* 256: RGB to the nearest of 16-255, never 0-15. */
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0x87, 0xd7, 0xff), 256), 117);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0xff, 0x5f, 0x5f), 256), 203);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0x56, 0xb4, 0xe9), 256), 74);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0x00, 0x9e, 0x73), 256), 35);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0xf0, 0xe4, 0x42), 256), 221);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0xe6, 0x9f, 0x00), 256), 178);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0xd5, 0x5e, 0x00), 256), 166);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0xcc, 0x79, 0xa7), 256), 175);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0, 0, 0), 256), 16);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(255, 255, 255), 256), 231);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0x80, 0x80, 0x80), 256), 244);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0x30, 0x30, 0x30), 256), 236);
	for (int v = 0; v < 256; v += 5)
		cr_assert_geq(theme_color_for_depth(THEME_COLOR_RGB(v, 255 - v, v / 2), 256), 16);
	cr_assert_eq(theme_color_for_depth(3, 256), 3);
	cr_assert_eq(theme_color_for_depth(200, 256), 200);
	/* 16 and 8: to the ANSI colours. */
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(255, 0, 0), 16), 9);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(205, 0, 0), 16), 1);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(255, 0, 0), 8), 1);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0, 0, 0), 8), 0);
	cr_assert_eq(theme_color_for_depth(196, 16), 9);   /* #ff0000 */
	cr_assert_eq(theme_color_for_depth(46, 16), 10);   /* #00ff00 */
	cr_assert_eq(theme_color_for_depth(46, 8), 2);
	cr_assert_eq(theme_color_for_depth(231, 16), 15);
	cr_assert_eq(theme_color_for_depth(12, 16), 12);
	cr_assert_eq(theme_color_for_depth(12, 8), 4, "bright to base on 8");
	cr_assert_eq(theme_color_for_depth(5, 8), 5);
	for (int c = 0; c < 256; c++) {
		cr_assert_lt(theme_color_for_depth(c, 8), 8);
		cr_assert_lt(theme_color_for_depth(c, 16), 16);
	}
	/* Direct colour: ANSI 0-7 stay, everything else becomes RGB >= 8. */
	cr_assert_eq(theme_color_for_depth(4, 1 << 24), 4);
	cr_assert_eq(theme_color_for_depth(117, 1 << 24), 0x87d7ff);
	cr_assert_eq(theme_color_for_depth(9, 1 << 24), 0xff0000);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(1, 2, 3), 1 << 24), 0x010203);
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_RGB(0, 0, 5), 1 << 24), 8);
	/* The terminal's own colour stays; too few colours means none. */
	cr_assert_eq(theme_color_for_depth(THEME_COLOR_DEFAULT, 256), THEME_COLOR_DEFAULT);
	cr_assert_eq(theme_color_for_depth(3, 2), THEME_COLOR_DEFAULT);
}

Test(theme, style_tiers_and_names)
{
	struct theme_style s = {6, -1, 0, 0, 117, -1, THEME_COLOR_RGB(0x87, 0xd7, 0xff), -1};
	cr_assert_eq(theme_style_fg(&s, 8), 6);
	cr_assert_eq(theme_style_fg(&s, 16), 6);
	cr_assert_eq(theme_style_fg(&s, 256), 117);
	cr_assert_eq(theme_style_fg(&s, 1 << 24), 0x87d7ff);
	cr_assert_eq(theme_style_bg(&s, 256), THEME_COLOR_DEFAULT);
	char b[16];
	theme_color_name(THEME_COLOR_DEFAULT, b, sizeof b);
	cr_assert_str_eq(b, "default");
	theme_color_name(6, b, sizeof b);
	cr_assert_str_eq(b, "cyan");
	theme_color_name(9, b, sizeof b);
	cr_assert_str_eq(b, "bright-red");
	theme_color_name(117, b, sizeof b);
	cr_assert_str_eq(b, "117");
	theme_color_name(THEME_COLOR_RGB(0x87, 0xd7, 0xff), b, sizeof b);
	cr_assert_str_eq(b, "#87d7ff");
}

Test(theme, mono_distinct)
{
	struct theme t;
	struct log l;
	parse(&t, "mono code.2xx bold\nmono code.4xx bold,dim\n", &l);
	cr_assert_not(theme_mono_distinct(&t), "dim does not count");
	parse(&t, "mono code.5xx bold,underline\n", &l);
	cr_assert_not(theme_mono_distinct(&t));
	parse(&t, "mono code.5xx standout\n", &l);
	cr_assert(theme_mono_distinct(&t));
}
