#define _XOPEN_SOURCE_EXTENDED 1
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>

#include "../../src/ui/ui_colors.h"

#define THEMES TEST_DATA_DIR "/../../themes"

static SCREEN *screen;
static FILE *out, *in;

/* A curses screen for terminal type term that draws into /dev/null. */
static bool open_term(const char *term)
{
	setenv("TERM", term, 1);
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	cr_assert(out && in);
	screen = newterm(term, out, in);
	return screen != NULL;
}

static void close_term(void)
{
	if (screen) {
		endwin();
		delscreen(screen);
		screen = NULL;
	}
	fclose(out);
	fclose(in);
}

static void setup(void)
{
	unsetenv("NO_COLOR");
}

static void teardown(void)
{
	if (out)
		close_term();
}

TestSuite(ui_colors, .init = setup, .fini = teardown);

static struct theme load(const char *name)
{
	struct theme t;
	char path[512];
	snprintf(path, sizeof path, THEMES "/%s.theme", name);
	cr_assert_eq(theme_load(&t, path, NULL, NULL), 0, "%s", name);
	return t;
}

/* The colours of the pair role r is drawn with. */
static void pair_of(enum theme_role r, int *fg, int *bg)
{
	int p = (int)PAIR_NUMBER(ui_attr(r));
	cr_assert(extended_pair_content(p, fg, bg) == OK);
}

static void distinct(enum theme_role a, enum theme_role b)
{
	cr_assert_neq(ui_attr(a), ui_attr(b), "%s and %s look the same", theme_role_name(a),
		      theme_role_name(b));
}

/* Roles whose meaning must never be lost, in colour or not. */
static void must_differ(void)
{
	distinct(THEME_CODE_2XX, THEME_CODE_4XX);
	distinct(THEME_CODE_2XX, THEME_CODE_5XX);
	distinct(THEME_CODE_4XX, THEME_CODE_5XX);
	distinct(THEME_TRANSCRIPT_CLIENT, THEME_TRANSCRIPT_SERVER);
	distinct(THEME_TRANSCRIPT_CURSOR, THEME_TRANSCRIPT_SERVER);
	distinct(THEME_SECRET, THEME_SECRET_MASKED);
	distinct(THEME_SEARCH_MATCH, THEME_DEFAULT);
	distinct(THEME_ERROR, THEME_INFO);
}

Test(ui_colors, xterm_256color_uses_the_256_tier)
{
	cr_assert(open_term("xterm-256color"));
	struct theme t = load("dark");
	ui_colors_apply(&t, false);
	cr_assert(ui_colors_on());
	cr_assert_eq(COLORS, 256);
	must_differ();
	int fg, bg;
	pair_of(THEME_TRANSCRIPT_CLIENT, &fg, &bg);
	cr_assert_eq(fg, 117);
	cr_assert_eq(bg, -1, "the terminal's own background");
	pair_of(THEME_CODE_5XX, &fg, &bg);
	cr_assert_eq(fg, 203);
	cr_assert(ui_attr(THEME_CODE_5XX) & A_BOLD);
	cr_assert_eq(PAIR_NUMBER(ui_attr(THEME_DEFAULT)), 0);
	t = load("high-contrast");
	ui_colors_apply(&t, false);
	pair_of(THEME_CODE_5XX, &fg, &bg);
	cr_assert_eq(fg, 231);
	cr_assert_eq(bg, 88);
	must_differ();
}

Test(ui_colors, xterm_has_8_colours)
{
	cr_assert(open_term("xterm"));
	struct theme t = load("dark");
	ui_colors_apply(&t, false);
	cr_assert(ui_colors_on());
	cr_assert_eq(COLORS, 8);
	must_differ();
	int fg, bg;
	pair_of(THEME_TRANSCRIPT_CLIENT, &fg, &bg);
	cr_assert_eq(fg, COLOR_CYAN, "the 16-colour tier, not 117");
	/* bright-red on 8 colours: red, bold. */
	pair_of(THEME_CODE_5XX, &fg, &bg);
	cr_assert_eq(fg, COLOR_RED);
	cr_assert(ui_attr(THEME_CODE_5XX) & A_BOLD);
	/* high-contrast's bright badges become the base colours. */
	t = load("high-contrast");
	ui_colors_apply(&t, false);
	pair_of(THEME_CODE_2XX, &fg, &bg);
	cr_assert_eq(fg, COLOR_BLACK);
	cr_assert_eq(bg, COLOR_GREEN);
	must_differ();
}

Test(ui_colors, every_theme_keeps_roles_apart)
{
	static const char *const terms[] = {"xterm-256color", "xterm", "vt100", "linux"};
	static const char *const names[] = {"default", "dark", "light", "high-contrast",
					    "mono", "okabe-ito"};
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		cr_assert(open_term(terms[i]));
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			struct theme t = load(names[k]);
			ui_colors_apply(&t, false);
			must_differ();
		}
		close_term();
		out = NULL;
	}
}

Test(ui_colors, vt100_is_mono_without_dim)
{
	cr_assert(open_term("vt100"));
	struct theme t;
	theme_init_default(&t);
	ui_colors_apply(&t, false);
	cr_assert_not(ui_colors_on());
	cr_assert_eq(ui_attr(THEME_CODE_2XX), A_BOLD);
	cr_assert_eq(ui_attr(THEME_CODE_4XX), A_BOLD | A_UNDERLINE);
	cr_assert_eq(ui_attr(THEME_CODE_5XX), A_REVERSE | A_BOLD);
	cr_assert_eq(ui_attr(THEME_SECRET), A_STANDOUT);
	must_differ();
	const char text[] = "mono code.2xx bold,dim,italic\n";
	theme_parse(&t, text, sizeof text - 1, "t", NULL, NULL);
	ui_colors_apply(&t, false);
	cr_assert_eq(ui_attr(THEME_CODE_2XX), A_BOLD, "vt100 has no dim and no italic");
}

Test(ui_colors, linux_has_no_italic)
{
	cr_assert(open_term("linux"));
	struct theme t;
	theme_init_default(&t);
	const char text[] = "color code.2xx green - bold,italic\n";
	theme_parse(&t, text, sizeof text - 1, "t", NULL, NULL);
	ui_colors_apply(&t, false);
	cr_assert(ui_colors_on());
	cr_assert(ui_attr(THEME_CODE_2XX) & A_BOLD);
#ifdef A_ITALIC
	cr_assert_not(ui_attr(THEME_CODE_2XX) & A_ITALIC);
#endif
}

Test(ui_colors, dumb_has_nothing)
{
	cr_assert(open_term("dumb"));
	struct theme t;
	theme_init_default(&t);
	ui_colors_apply(&t, false);
	cr_assert_not(ui_colors_on());
	/* No attributes at all: the text markers carry the meaning. */
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		cr_assert_eq(ui_attr((enum theme_role)r), A_NORMAL);
}

Test(ui_colors, no_color_asked)
{
	struct theme t;
	theme_init_default(&t);
	cr_assert(open_term("xterm-256color"));
	ui_colors_apply(&t, true);
	cr_assert_not(ui_colors_on(), "--no-color");
	cr_assert_eq(ui_attr(THEME_CODE_5XX), A_REVERSE | A_BOLD);
	must_differ();
	setenv("NO_COLOR", "1", 1);
	ui_colors_apply(&t, false);
	cr_assert_not(ui_colors_on(), "NO_COLOR=1");
	setenv("NO_COLOR", "", 1);
	ui_colors_apply(&t, false);
	cr_assert(ui_colors_on(), "an empty NO_COLOR does not count");
	cr_assert_neq(PAIR_NUMBER(ui_attr(THEME_CODE_2XX)), 0);
	cr_assert_eq(ui_attr(THEME_ROLE_COUNT), A_NORMAL);
}

Test(ui_colors, direct_colour)
{
	struct theme t = load("dark");
	/* What the pair will hold, terminfo entry or not. */
	cr_assert_eq(theme_style_fg(&t.role[THEME_TRANSCRIPT_CLIENT], 1 << 24), 0x87d7ff);
	/* Ask first: a failed newterm() leaks inside ncurses. (Not
	 * cr_skip_test(), which leaks inside Criterion under valgrind.) */
	int err;
	if (setupterm("xterm-direct", -1, &err) != OK)
		return;
	del_curterm(cur_term);
	cr_assert(open_term("xterm-direct"));
	ui_colors_apply(&t, false);
	cr_assert(ui_colors_on());
	int fg, bg;
	pair_of(THEME_TRANSCRIPT_CLIENT, &fg, &bg);
	cr_assert_eq(fg, 0x87d7ff);
}
