/* Theme colours: mapping a colour to what a terminal of a given depth can
 * show, and writing colours back as a theme file spells them. The
 * reference palette is xterm's, the one most terminals start from. */
#include <stdio.h>
#include <string.h>

#include "smtpdbg/theme.h"

#define DIRECT_COLORS 0x1000000

static const char *const ansi_names[8] = {"black", "red", "green", "yellow",
					  "blue", "magenta", "cyan", "white"};

/* xterm's defaults for the 16 ANSI colours. */
static const unsigned ansi_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static const unsigned cube_level[6] = {0, 95, 135, 175, 215, 255};

/* The RGB value of xterm-256 index i. */
static unsigned index_rgb(int i)
{
	if (i < 16)
		return ansi_rgb[i];
	if (i < 232) {
		int v = i - 16;
		return cube_level[v / 36] << 16 | cube_level[v / 6 % 6] << 8 | cube_level[v % 6];
	}
	unsigned g = 8u + 10u * (unsigned)(i - 232);
	return g << 16 | g << 8 | g;
}

static long dist2(unsigned a, unsigned b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);
	return dr * dr + dg * dg + db * db;
}

/* The index in [lo, hi] nearest to rgb; ties go to the lower index. */
static int nearest(unsigned rgb, int lo, int hi)
{
	int best = lo;
	long bd = dist2(rgb, index_rgb(lo));
	for (int i = lo + 1; i <= hi; i++) {
		long d = dist2(rgb, index_rgb(i));
		if (d < bd) {
			bd = d;
			best = i;
		}
	}
	return best;
}

int theme_color_for_depth(int color, int colors)
{
	if (color == THEME_COLOR_DEFAULT || colors < 8 || color < 0)
		return THEME_COLOR_DEFAULT;
	bool rgb = THEME_COLOR_IS_RGB(color);
	unsigned value = rgb ? (unsigned)color & 0xffffffu : index_rgb(color > 255 ? 255 : color);
	if (colors >= DIRECT_COLORS) {
		if (!rgb && color < 8)
			return color;
		/* Values 0-7 mean the ANSI colours there: nudge black's blue. */
		return value < 8 ? 8 : (int)value;
	}
	if (colors >= 256)
		/* Never 0-15 for RGB: users remap those (base16 shells). */
		return rgb ? nearest(value, 16, 255) : color;
	if (!rgb && color < 16)
		return colors >= 16 ? color : color & 7;
	return nearest(value, 0, colors >= 16 ? 15 : 7);
}

static int pick(const int tier[THEME_TIER_COUNT], int colors)
{
	int t = colors >= DIRECT_COLORS ? THEME_TIER_24 : colors >= 256 ? THEME_TIER_256
									 : THEME_TIER_16;
	return theme_color_for_depth(tier[t], colors);
}

int theme_style_fg(const struct theme_style *s, int colors)
{
	return pick((const int[]){s->fg, s->fg256, s->fg24}, colors);
}

int theme_style_bg(const struct theme_style *s, int colors)
{
	return pick((const int[]){s->bg, s->bg256, s->bg24}, colors);
}

void theme_color_name(int c, char *out, size_t n)
{
	if (c == THEME_COLOR_DEFAULT)
		snprintf(out, n, "default");
	else if (THEME_COLOR_IS_RGB(c))
		snprintf(out, n, "#%06x", (unsigned)c & 0xffffffu);
	else if (c >= 0 && c < 8)
		snprintf(out, n, "%s", ansi_names[c]);
	else if (c >= 8 && c < 16)
		snprintf(out, n, "bright-%s", ansi_names[c - 8]);
	else
		snprintf(out, n, "%d", c);
}

long theme_color_rgb(int c)
{
	if (c == THEME_COLOR_DEFAULT || c < 0)
		return -1;
	return THEME_COLOR_IS_RGB(c) ? (long)((unsigned)c & 0xffffffu)
				     : (long)index_rgb(c > 255 ? 255 : c);
}
