/* The HTML handout's style sheet, from a theme: each theme role the
 * terminal uses becomes one CSS rule with the role's direct-colour tier
 * and attributes, so the page looks like the screen. A terminal draws on
 * its own background, a page needs one: the theme's default role, else its
 * declared background, else (a theme for any background) the one its
 * colours read best on. */
#include <stdio.h>

#include "smtpdbg/handout.h"

#define NO_COLOR (-1L)

/* WCAG 2 relative luminance and contrast ratio. */
static double lin(unsigned v)
{
	/* ((c + 0.055) / 1.055) ^ 2.4 without libm: x^2 * x^0.4, and x^0.4
	 * by Newton's method on y^5 = x^2. */
	double c = v / 255.0;
	if (c <= 0.04045)
		return c / 12.92;
	double x = (c + 0.055) / 1.055, x2 = x * x, y = x;
	for (int i = 0; i < 30; i++)
		y -= (y * y * y * y * y - x2) / (5 * y * y * y * y);
	return x2 * y;
}

static double luminance(long rgb)
{
	return 0.2126 * lin((unsigned)(rgb >> 16 & 0xff)) + 0.7152 * lin((unsigned)(rgb >> 8 & 0xff)) +
	       0.0722 * lin((unsigned)(rgb & 0xff));
}

static double contrast(long a, long b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* The roles whose text colour decides the background of an "any" theme. */
static const enum theme_role text_roles[] = {
	THEME_TRANSCRIPT_CLIENT, THEME_TRANSCRIPT_SERVER, THEME_TRANSCRIPT_META, THEME_CODE_2XX,
	THEME_CODE_3XX, THEME_CODE_4XX, THEME_CODE_5XX, THEME_WARNING, THEME_ERROR,
};

static long fg_of(const struct theme *t, enum theme_role r)
{
	return theme_color_rgb(t->role[r].fg24);
}

static long bg_of(const struct theme *t, enum theme_role r)
{
	return theme_color_rgb(t->role[r].bg24);
}

/* The page: the default role's colours, the declared background, or the
 * background (white or black) on which the theme's text reads best. */
static void page(const struct theme *t, bool mono, long *fg, long *bg)
{
	*fg = mono ? NO_COLOR : fg_of(t, THEME_DEFAULT);
	*bg = mono ? NO_COLOR : bg_of(t, THEME_DEFAULT);
	if (*bg == NO_COLOR && !mono)
		*bg = theme_color_rgb(t->background_ref);
	if (*bg == NO_COLOR && !mono && t->background[0] == 'd')
		*bg = 0x000000;
	if (*bg == NO_COLOR && !mono && t->background[0] == 'a') {
		double on_white = 0, on_black = 0;
		for (size_t i = 0; i < sizeof text_roles / sizeof *text_roles; i++) {
			long c = fg_of(t, text_roles[i]);
			if (c == NO_COLOR || bg_of(t, text_roles[i]) != NO_COLOR)
				continue;
			double w = contrast(c, 0xffffff), k = contrast(c, 0x000000);
			on_white += w < 7 ? w : 7;
			on_black += k < 7 ? k : 7;
		}
		*bg = on_black > on_white ? 0x000000 : 0xffffff;
	}
	if (*bg == NO_COLOR)
		*bg = 0xffffff;
	if (*fg == NO_COLOR)
		*fg = luminance(*bg) < 0.18 ? 0xe5e5e5 : 0x000000;
}

/* a and b mixed, a weighing pa percent. */
static long mix(long a, long b, int pa)
{
	long r = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		long ca = a >> sh & 0xff, cb = b >> sh & 0xff;
		r |= ((ca * pa + cb * (100 - pa)) / 100) << sh;
	}
	return r;
}

/* What a rule may take from its role. */
enum { TAKE_COLOR = 1, TAKE_ATTRS = 2, TAKE_ALL = 3 };

static void rule(FILE *f, const char *sel, const struct theme *t, enum theme_role r, bool mono,
		 unsigned take, long pfg, long pbg)
{
	const struct theme_style *s = &t->role[r];
	unsigned a = mono ? s->mono : s->attrs;
	long fg = mono ? NO_COLOR : theme_color_rgb(s->fg24);
	long bg = mono ? NO_COLOR : theme_color_rgb(s->bg24);
	if (a & (THEME_A_REVERSE | THEME_A_STANDOUT) && take & TAKE_ATTRS) {
		long tmp = fg == NO_COLOR ? pfg : fg;
		fg = bg == NO_COLOR ? pbg : bg;
		bg = tmp;
	}
	char decl[160];
	size_t n = 0;
#define ADD(...) (n += (size_t)snprintf(decl + n, sizeof decl - n, __VA_ARGS__))
	if (take & TAKE_COLOR || a & (THEME_A_REVERSE | THEME_A_STANDOUT)) {
		if (fg != NO_COLOR)
			ADD("color:#%06lx;", fg);
		if (bg != NO_COLOR)
			ADD("background:#%06lx;", bg);
	}
	if (take & TAKE_ATTRS) {
		if (a & THEME_A_BOLD)
			ADD("font-weight:bold;");
		if (a & THEME_A_ITALIC)
			ADD("font-style:italic;");
		if (a & THEME_A_UNDERLINE)
			ADD("text-decoration:underline;");
		if (a & THEME_A_DIM)
			ADD("opacity:.75;");
	}
#undef ADD
	if (n) /* an empty rule says nothing */
		fprintf(f, "%s{%s}\n", sel, decl);
}

static const char base[] =
	"*{box-sizing:border-box}\n"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{margin:1.5rem auto;max-width:90rem;padding:0 1rem;"
	"font:1.05rem/1.45 system-ui,\"DejaVu Sans\",\"Liberation Sans\",sans-serif}\n"
	"h1{font-size:1.6rem;margin:0 0 .3rem}\n"
	".sub{margin:0 0 1rem}\n"
	".about p{margin:.4rem 0;max-width:60rem}\n"
	"table{border-collapse:collapse;width:100%;margin-top:1rem}\n"
	"th,td{padding:.35rem .5rem;vertical-align:top;text-align:left}\n"
	"thead{display:table-header-group}\n"
	"tr{break-inside:avoid;page-break-inside:avoid}\n"
	"col.party{width:7%}col.line{width:31%}col.dec{width:17%}\n"
	"td.party{white-space:nowrap}\n"
	".wire,.dec{font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",ui-monospace,monospace;"
	"white-space:pre-wrap;overflow-wrap:anywhere}\n"
	".tag{font-size:.8em;margin-left:.3em}\n"
	"td.ex p{margin:0 0 .4rem}\n"
	"td.ex .d,details.notes div{white-space:pre-wrap;overflow-wrap:anywhere}\n"
	"details.notes{font-size:.9em;margin-top:.2rem}\n"
	".foot{margin-top:1rem;font-size:.9em}\n"
	"@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}"
	"details.notes{display:none}}\n";

void handout_css(FILE *f, const struct theme *t, bool mono)
{
	long fg, bg;
	page(t, mono, &fg, &bg);
	fputs(base, f);
	fprintf(f, ":root{color-scheme:%s}\n", luminance(bg) < 0.18 ? "dark" : "light");
	fprintf(f, "body{color:#%06lx;background:#%06lx}\n", fg, bg);
	fprintf(f, "th,td{border:1px solid #%06lx}\n", mix(fg, bg, 35));
	rule(f, "h1", t, THEME_EXPLAIN_HEADING, mono, TAKE_COLOR, fg, bg);
	rule(f, "th", t, THEME_TITLE_FOCUS, mono, TAKE_ALL, fg, bg);
	rule(f, ".sub,.foot,tr.note td,.tag", t, THEME_TRANSCRIPT_META, mono, TAKE_COLOR, fg, bg);
	rule(f, "tr.srv .wire", t, THEME_TRANSCRIPT_SERVER, mono, TAKE_ALL, fg, bg);
	rule(f, "tr.cli .wire", t, THEME_TRANSCRIPT_CLIENT, mono, TAKE_ALL, fg, bg);
	rule(f, ".c2", t, THEME_CODE_2XX, mono, TAKE_ALL, fg, bg);
	rule(f, ".c3", t, THEME_CODE_3XX, mono, TAKE_ALL, fg, bg);
	rule(f, ".c4", t, THEME_CODE_4XX, mono, TAKE_ALL, fg, bg);
	rule(f, ".c5", t, THEME_CODE_5XX, mono, TAKE_ALL, fg, bg);
	rule(f, ".enh", t, THEME_CODE_ENHANCED, mono, TAKE_ALL, fg, bg);
	rule(f, ".dec", t, THEME_DECODED, mono, TAKE_ALL, fg, bg);
	rule(f, ".dec.secret", t, THEME_SECRET_MASKED, mono, TAKE_ALL, fg, bg);
	rule(f, "td.ex", t, THEME_EXPLAIN_TEXT, mono, TAKE_COLOR, fg, bg);
	rule(f, "tr.warn td", t, THEME_WARNING, mono, TAKE_ALL, fg, bg);
	rule(f, ".unexp", t, THEME_ERROR, mono, TAKE_ALL, fg, bg);
}
