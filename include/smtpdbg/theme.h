/* Themes: the contract between the code that draws and the files in
 * themes/ (format 1: `color ROLE FG BG [ATTRS]`, `mono ROLE ATTRS`,
 * `palette`, `inherit`). Pure: parsing and resolution only, no curses; the
 * TUI maps a resolved theme to the terminal in src/ui/ui_colors.c. */
#ifndef SMTPDBG_THEME_H
#define SMTPDBG_THEME_H

#include <stdbool.h>
#include <stddef.h>

/* The roles of the role table in the manual. A missing role falls back
 * through its dotted prefixes (code.enhanced -> code -> default). */
enum theme_role {
	THEME_DEFAULT,
	THEME_TRANSCRIPT_CLIENT,
	THEME_TRANSCRIPT_SERVER,
	THEME_TRANSCRIPT_META,
	THEME_TRANSCRIPT_CURSOR,
	THEME_TRANSCRIPT_CURSOR_BLUR,
	THEME_CODE_2XX,
	THEME_CODE_3XX,
	THEME_CODE_4XX,
	THEME_CODE_5XX,
	THEME_CODE_ENHANCED,
	THEME_EXPLAIN_HEADING,
	THEME_EXPLAIN_TEXT,
	THEME_EXPLAIN_TERM,
	THEME_EXPLAIN_REF,
	THEME_EXPLAIN_CALC,
	THEME_BASE64,
	THEME_DECODED,
	THEME_SECRET,
	THEME_SECRET_MASKED,
	THEME_INFO,
	THEME_WARNING,
	THEME_ERROR,
	THEME_STATUS,
	THEME_STATUS_KEY,
	THEME_STATUS_MODE,
	THEME_TITLE_FOCUS,
	THEME_TITLE_BLUR,
	THEME_BORDER_FOCUS,
	THEME_BORDER_BLUR,
	THEME_SEARCH_MATCH,
	THEME_SEARCH_CURRENT,
	THEME_SELECTION,
	THEME_PROMPT_SMTP,
	THEME_PROMPT_CMD,
	THEME_PROMPT_INPUT,
	THEME_HELP_KEY,
	THEME_HELP_TEXT,
	THEME_HELP_HEADING,
	THEME_STEP_CURRENT,
	THEME_STEP_DONE,
	THEME_STEP_PENDING,
	THEME_LINENUMBER,
	THEME_TIMESTAMP,
	THEME_ROLE_COUNT
};

/* Attributes, combinable. */
enum {
	THEME_A_BOLD = 1u << 0,
	THEME_A_DIM = 1u << 1,
	THEME_A_UNDERLINE = 1u << 2,
	THEME_A_REVERSE = 1u << 3,
	THEME_A_STANDOUT = 1u << 4,
	THEME_A_ITALIC = 1u << 5,
};

/* A colour: THEME_COLOR_DEFAULT is the terminal's own (-1 for curses);
 * 0-255 are palette indices (0-7 the ANSI colours, 8-15 their bright
 * forms); THEME_COLOR_RGB(r, g, b) is a 24-bit colour, mapped down to the
 * terminal's depth by theme_color_for_depth(). */
#define THEME_COLOR_DEFAULT (-1)
#define THEME_COLOR_RGB(r, g, b) ((int)(0x1000000 | ((r) << 16) | ((g) << 8) | (b)))
#define THEME_COLOR_IS_RGB(c) ((c) >= 0x1000000)

/* Colour tiers: a theme may write a colour for 16-colour terminals and
 * refine it for 256-colour and direct-colour ones (`palette`). */
enum theme_tier { THEME_TIER_16, THEME_TIER_256, THEME_TIER_24, THEME_TIER_COUNT };

struct theme_style {
	int fg, bg;       /* colours for colour terminals: the 16-colour tier */
	unsigned attrs;   /* THEME_A_* with colour */
	unsigned mono;    /* THEME_A_* without colour */
	int fg256, bg256; /* the 256-colour tier (fg, bg when not refined) */
	int fg24, bg24;   /* the direct-colour tier */
};

/* What the theme files set explicitly for one role; a field not set comes
 * from the role's dotted parent when the theme is resolved. Kept in the
 * theme so that theme_parse() can apply more lines over it. */
struct theme_spec {
	int fg[THEME_TIER_COUNT], bg[THEME_TIER_COUNT];
	unsigned attrs, mono;
	unsigned set; /* THEME_SET_* */
};
enum { THEME_SET_FG = 1u << 0, THEME_SET_BG = 1u << 1, THEME_SET_ATTRS = 1u << 2,
       THEME_SET_MONO = 1u << 3 };

#define THEME_PATH_MAX 512

struct theme {
	char name[64];
	struct theme_style role[THEME_ROLE_COUNT]; /* resolved: read these */
	char description[160];
	char background[8];   /* "dark", "light" or "any" */
	int background_ref;   /* the declared reference colour, or THEME_COLOR_DEFAULT */
	char path[THEME_PATH_MAX]; /* the file theme_load() read; "" when built in */
	struct theme_spec spec[THEME_ROLE_COUNT];
};

/* "transcript.client" for THEME_TRANSCRIPT_CLIENT; -1 from the lookup
 * when unknown (case-insensitive, '-' and '_' alike). */
const char *theme_role_name(enum theme_role r);
int theme_role_find(const char *name);

/* The compiled-in default theme, always complete: the terminal's own
 * colours and background. */
void theme_init_default(struct theme *t);

/* The compiled-in mono theme: attributes only, every colour the
 * terminal's own (what themes/mono.theme says, for broken installs). */
void theme_init_mono(struct theme *t);

/* Called once per problem, with the file name and 1-based line (0 when
 * the problem is the file as a whole, e.g. too large); the bad line is
 * skipped and the rest still applies. Warnings (an unknown role, which a
 * newer theme may use) come through here too, with warning set (and msg
 * starting "warning: " in the user's language), and are not counted as
 * errors. */
typedef void (*theme_err_fn)(void *ctx, const char *file, unsigned line, bool warning,
			     const char *msg);

/* Apply a theme file's text over t (resolving `inherit` through the
 * directory of file, then theme_load's search path) and resolve it again.
 * err may be NULL. Lines longer than THEME_LINE_MAX bytes are errors.
 * Returns the number of errors reported. */
#define THEME_LINE_MAX 1024
#define THEME_FILE_MAX (64u * 1024u)
unsigned theme_parse(struct theme *t, const char *text, size_t len, const char *file,
		     theme_err_fn err, void *ctx);

/* Load theme NAME (or a path containing '/') over the default: user
 * themes first ($XDG_CONFIG_HOME/smtpdbg/themes, ~/.config/smtpdbg/themes),
 * then the installed ones, then the source tree's. Returns 0 when found
 * (even with bad lines, each reported), -1 when not found (reported). */
int theme_load(struct theme *t, const char *name, theme_err_fn err, void *ctx);

/* Read a theme file (a regular file of at most THEME_FILE_MAX bytes) into
 * a malloc'd, NUL-terminated buffer. Returns 0, or -1 with the reason in
 * why. */
int theme_read(const char *path, char **text, size_t *len, char *why, size_t whylen);

/* The directories theme_load() searches, in order: the user's
 * ($XDG_CONFIG_HOME/smtpdbg/themes, else ~/.config/smtpdbg/themes), the
 * installed one and the source tree's (both fixed when building). Writes
 * up to max of them and returns how many. */
#define THEME_DIRS_MAX 3
size_t theme_search_dirs(char dirs[][THEME_PATH_MAX], size_t max);

/* The file theme NAME would be loaded from: 0 with its path in out, -1
 * when there is none (or NAME is not a valid theme name). */
int theme_find(const char *name, char *out, size_t n);

/* Whether the mono attributes of code.2xx, code.4xx and code.5xx all
 * differ, ignoring dim and italic (which many terminals cannot show), so
 * that a reply's class survives without colour. */
bool theme_mono_distinct(const struct theme *t);

/* A role's colour on a terminal with `colors` colours: the tier for that
 * depth, mapped by theme_color_for_depth(). */
int theme_style_fg(const struct theme_style *s, int colors);
int theme_style_bg(const struct theme_style *s, int colors);

/* Colour c as 0xRRGGBB (a palette index through xterm's palette), or -1
 * for the terminal's own colour: for faces that are not a terminal (the
 * HTML handout). */
long theme_color_rgb(int c);

/* Write colour c as a theme file would ("default", "cyan", "bright-red",
 * "117", "#87d7ff") into out (at least 16 bytes). */
void theme_color_name(int c, char *out, size_t n);

/* The colour to use on a terminal with `colors` colours (8, 16, 256, or
 * more): RGB becomes the nearest xterm-256 index in 16-255 on 256, the
 * nearest ANSI colour below that; indices >= colors are mapped down
 * (bright 8-15 to their base colour on 8 colours: add bold yourself).
 * On direct-colour terminals (colors >= 2^24) the result is 0-7 for the
 * ANSI colours and 0xRRGGBB otherwise, as ncurses' *-direct entries want.
 * Fewer than 8 colours gives THEME_COLOR_DEFAULT. */
int theme_color_for_depth(int color, int colors);

#endif
