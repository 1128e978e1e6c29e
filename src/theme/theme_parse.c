/* Theme files, format 1: one directive per line, words separated by
 * blanks, '#' comments. Every problem is reported with file and line and
 * the line is skipped, so a bad theme still gives a usable screen. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/theme.h"
#include "smtpdbg/xmalloc.h"
#include "theme_int.h"

#define MAX_WORDS 16
#define PALETTE_MAX 64
#define PALETTE_NAME_MAX 32
/* How much of a bad word a message repeats. */
#define ECHO_MAX 40

struct palette {
	char name[PALETTE_NAME_MAX];
	int c[THEME_TIER_COUNT];
};

/* Shared by a file and the files it inherits from. */
struct parser {
	struct theme *t;
	theme_err_fn err;
	void *ctx;
	unsigned errors;
	bool background_set; /* by the top file: inherited files must not override */
	struct palette pal[PALETTE_MAX];
	size_t npal;
	unsigned depth;
	char chain[THEME_INHERIT_MAX][PATH_MAX]; /* files being read, for cycles */
};

/* One file's position. */
struct where {
	const char *file;
	unsigned line;
	bool styled; /* a color, mono or palette line was seen */
	bool inherited;
};

static void report(struct parser *p, const struct where *w, bool warning, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct parser *p, const struct where *w, bool warning, const char *fmt, ...)
{
	char msg[320];
	size_t off = 0;
	if (warning)
		off = (size_t)snprintf(msg, sizeof msg, "%s", _("warning: "));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg + off, sizeof msg - off, fmt, ap);
	va_end(ap);
	if (!warning)
		p->errors++;
	if (p->err)
		p->err(p->ctx, w->file, w->line, warning, msg);
}

/* A word as a message may repeat it: printable ASCII only, shortened. */
static const char *echo(const char *s, char out[ECHO_MAX * 4 + 4])
{
	size_t o = 0, i;
	for (i = 0; s[i] && i < ECHO_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			out[o++] = (char)c;
		else
			o += (size_t)sprintf(out + o, "\\x%02x", c);
	}
	if (s[i])
		o += (size_t)sprintf(out + o, "...");
	out[o] = '\0';
	return out;
}

/* Split line (modified in place) into words. A '#' starts a comment at the
 * start of the line or when a blank follows it, so "#87d7ff" is a colour.
 * A word in double quotes may contain blanks, \" and \\. Returns the number
 * of words, or -1 with *why set; quoted[i] tells which were quoted. */
static int split(char *line, char *word[MAX_WORDS], bool quoted[MAX_WORDS], const char **why)
{
	int n = 0;
	char *s = line;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return n;
		if (*s == '#' && (n == 0 || !s[1] || s[1] == ' ' || s[1] == '\t'))
			return n;
		if (n == MAX_WORDS) {
			*why = _("too many words on the line");
			return -1;
		}
		if (*s == '"') {
			char *o = s, *q = s + 1;
			quoted[n] = true;
			word[n++] = s;
			for (;;) {
				if (!*q) {
					*why = _("unterminated \"quoted string\"");
					return -1;
				}
				if (*q == '"')
					break;
				if (*q == '\\' && (q[1] == '"' || q[1] == '\\'))
					q++;
				*o++ = *q++;
			}
			*o = '\0';
			s = q + 1;
			if (*s && *s != ' ' && *s != '\t') {
				*why = _("text right after a closing quote");
				return -1;
			}
			if (*s)
				s++;
			continue;
		}
		quoted[n] = false;
		word[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

static const char *const base_colors[8] = {"black", "red", "green", "yellow",
					   "blue", "magenta", "cyan", "white"};

/* A colour that is not a palette name: default, a name, bright-NAME,
 * colorN or N (0-255), #rrggbb. Returns 0 or -1. */
static int literal_color(const char *w, int *out)
{
	if (!strcasecmp(w, "default")) {
		*out = THEME_COLOR_DEFAULT;
		return 0;
	}
	const char *base = w;
	int bright = 0;
	if (!strncasecmp(w, "bright-", 7) || !strncasecmp(w, "bright_", 7)) {
		base = w + 7;
		bright = 8;
	}
	for (int i = 0; i < 8; i++)
		if (!strcasecmp(base, base_colors[i])) {
			*out = i + bright;
			return 0;
		}
	if (bright)
		return -1;
	const char *d = !strncasecmp(w, "color", 5) ? w + 5 : w;
	if (*d >= '0' && *d <= '9') {
		size_t n = strspn(d, "0123456789");
		if (d[n] || n > 3)
			return -1;
		int v = atoi(d);
		if (v > 255)
			return -1;
		*out = v;
		return 0;
	}
	if (w[0] == '#' && strlen(w) == 7 && strspn(w + 1, "0123456789abcdefABCDEF") == 6) {
		unsigned long v = strtoul(w + 1, NULL, 16);
		*out = THEME_COLOR_RGB((int)(v >> 16), (int)(v >> 8 & 0xff), (int)(v & 0xff));
		return 0;
	}
	return -1;
}

static struct palette *palette_find(struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->npal; i++)
		if (!strcasecmp(p->pal[i].name, name))
			return &p->pal[i];
	return NULL;
}

/* A colour word into its three tiers; palette names give theirs. */
static int color_tiers(struct parser *p, const struct where *w, const char *word,
		       int tier[THEME_TIER_COUNT])
{
	char e[ECHO_MAX * 4 + 4];
	int c;
	if (literal_color(word, &c) == 0) {
		for (int i = 0; i < THEME_TIER_COUNT; i++)
			tier[i] = c;
		return 0;
	}
	const struct palette *pal = palette_find(p, word);
	if (pal) {
		memcpy(tier, pal->c, sizeof pal->c);
		return 0;
	}
	if (word[0] == '#')
		report(p, w, false, _("bad colour '%s': write #rrggbb with six hex digits"),
		       echo(word, e));
	else if ((word[0] >= '0' && word[0] <= '9') || !strncasecmp(word, "color", 5))
		report(p, w, false, _("bad colour '%s': numbers go from 0 to 255"), echo(word, e));
	else
		report(p, w, false, _("unknown colour '%s' (not a colour name, number, #rrggbb "
		       "or palette name)"), echo(word, e));
	return -1;
}

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{"normal", 0},
	{"bold", THEME_A_BOLD},
	{"dim", THEME_A_DIM},
	{"underline", THEME_A_UNDERLINE},
	{"reverse", THEME_A_REVERSE},
	{"standout", THEME_A_STANDOUT},
	{"italic", THEME_A_ITALIC},
};

/* Attribute words (each a comma list) into bits. */
static int parse_attrs(struct parser *p, const struct where *w, char **words, int n,
		       unsigned *out)
{
	char e[ECHO_MAX * 4 + 4];
	unsigned bits = 0;
	for (int i = 0; i < n; i++) {
		const char *s = words[i];
		for (;;) {
			size_t len = strcspn(s, ",");
			bool found = false;
			for (size_t k = 0; k < sizeof attr_names / sizeof attr_names[0]; k++)
				if (len == strlen(attr_names[k].name) &&
				    !strncasecmp(s, attr_names[k].name, len)) {
					bits |= attr_names[k].bit;
					found = true;
				}
			if (!found) {
				char item[ECHO_MAX + 1];
				snprintf(item, sizeof item, "%.*s", (int)(len < ECHO_MAX ? len : ECHO_MAX), s);
				if (len == 0)
					report(p, w, false, _("empty attribute in '%s'"), echo(words[i], e));
				else
					report(p, w, false, _("unknown attribute '%s' (use normal, bold, dim, "
					       "underline, reverse, standout or italic)"), echo(item, e));
				return -1;
			}
			if (!s[len])
				break;
			s += len + 1;
		}
	}
	*out = bits;
	return 0;
}

/* The role a color or mono line names; unknown roles are only a warning,
 * so that an older program can read a newer theme. */
static int line_role(struct parser *p, const struct where *w, const char *word)
{
	char e[ECHO_MAX * 4 + 4];
	int r = theme_role_find(word);
	if (r < 0)
		report(p, w, true, _("unknown role '%s' (line ignored; see smtpdbg theme show)"),
		       echo(word, e));
	return r;
}

/* color ROLE FG BG [ATTR[,ATTR...]]; "-" inherits from the parent role. */
static void do_color(struct parser *p, const struct where *w, char **a, int n)
{
	if (n < 4) {
		report(p, w, false, _("color needs ROLE FG BG [ATTRS]"));
		return;
	}
	int role = line_role(p, w, a[1]);
	if (role < 0)
		return;
	struct theme_spec s = p->t->spec[role];
	int fg[THEME_TIER_COUNT], bg[THEME_TIER_COUNT];
	bool fg_set = strcmp(a[2], "-") != 0, bg_set = strcmp(a[3], "-") != 0;
	if ((fg_set && color_tiers(p, w, a[2], fg) < 0) || (bg_set && color_tiers(p, w, a[3], bg) < 0))
		return;
	unsigned attrs = 0;
	bool attrs_set = n > 4 && !(n == 5 && !strcmp(a[4], "-"));
	if (attrs_set && parse_attrs(p, w, a + 4, n - 4, &attrs) < 0)
		return;
	s.set &= ~(unsigned)(THEME_SET_FG | THEME_SET_BG | THEME_SET_ATTRS);
	if (fg_set) {
		memcpy(s.fg, fg, sizeof fg);
		s.set |= THEME_SET_FG;
	}
	if (bg_set) {
		memcpy(s.bg, bg, sizeof bg);
		s.set |= THEME_SET_BG;
	}
	if (attrs_set) {
		s.attrs = attrs;
		s.set |= THEME_SET_ATTRS;
	}
	p->t->spec[role] = s;
}

/* mono ROLE ATTR[,ATTR...]: how the role looks without colour. */
static void do_mono(struct parser *p, const struct where *w, char **a, int n)
{
	if (n < 3) {
		report(p, w, false, _("mono needs ROLE ATTR[,ATTR...]"));
		return;
	}
	int role = line_role(p, w, a[1]);
	if (role < 0)
		return;
	struct theme_spec *s = &p->t->spec[role];
	if (n == 3 && !strcmp(a[2], "-")) {
		s->set &= ~(unsigned)THEME_SET_MONO;
		return;
	}
	unsigned attrs;
	if (parse_attrs(p, w, a + 2, n - 2, &attrs) < 0)
		return;
	s->mono = attrs;
	s->set |= THEME_SET_MONO;
}

/* palette NAME C16 [C256 [C24]]: a lower tier is required, higher ones
 * refine it. */
static void do_palette(struct parser *p, const struct where *w, char **a, int n)
{
	char e[ECHO_MAX * 4 + 4];
	if (n < 3 || n > 5) {
		report(p, w, false, _("palette needs NAME COLOR-16 [COLOR-256 [COLOR-24BIT]]"));
		return;
	}
	const char *name = a[1];
	int dummy;
	size_t len = strlen(name);
	if (!isalpha((unsigned char)name[0]) || len >= PALETTE_NAME_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != len) {
		report(p, w, false, _("bad palette name '%s' (a letter, then letters, digits, "
		       "'.', '_' or '-'; at most %d)"), echo(name, e), PALETTE_NAME_MAX - 1);
		return;
	}
	if (literal_color(name, &dummy) == 0) {
		report(p, w, false, _("palette name '%s' is already a colour"), echo(name, e));
		return;
	}
	/* A tier not written comes from the last colour written: the same
	 * number, or that palette name's own tier. */
	int c[THEME_TIER_COUNT], last[THEME_TIER_COUNT];
	for (int i = 0; i < THEME_TIER_COUNT; i++) {
		if (i + 2 < n) {
			if (!strcmp(a[i + 2], "-")) {
				report(p, w, false, _("a palette colour cannot be '-'"));
				return;
			}
			if (color_tiers(p, w, a[i + 2], last) < 0)
				return;
		}
		c[i] = last[i];
	}
	struct palette *pal = palette_find(p, name);
	if (!pal) {
		if (p->npal == PALETTE_MAX) {
			report(p, w, false, _("too many palette names (at most %d)"), PALETTE_MAX);
			return;
		}
		pal = &p->pal[p->npal++];
		snprintf(pal->name, sizeof pal->name, "%s", name);
	}
	memcpy(pal->c, c, sizeof c);
}

static void do_background(struct parser *p, const struct where *w, char **a, int n)
{
	char e[ECHO_MAX * 4 + 4];
	if (n < 2 || n > 3) {
		report(p, w, false, _("background needs dark, light or any, and optionally #rrggbb"));
		return;
	}
	if (strcmp(a[1], "dark") && strcmp(a[1], "light") && strcmp(a[1], "any")) {
		report(p, w, false, _("background '%s': use dark, light or any"), echo(a[1], e));
		return;
	}
	int ref = THEME_COLOR_DEFAULT;
	if (n == 3 && literal_color(a[2], &ref) < 0) {
		report(p, w, false, _("bad background reference colour '%s'"), echo(a[2], e));
		return;
	}
	if (w->inherited && p->background_set)
		return;
	if (!w->inherited)
		p->background_set = true;
	snprintf(p->t->background, sizeof p->t->background, "%s", a[1]);
	p->t->background_ref = ref;
}

static unsigned parse_text(struct parser *p, const char *text, size_t len, const char *file,
			   bool inherited);

static void do_inherit(struct parser *p, struct where *w, char **a, int n, bool *done)
{
	char e[ECHO_MAX * 4 + 4];
	if (n != 2) {
		report(p, w, false, _("inherit needs one theme name, or '-' for none"));
		return;
	}
	if (!strcmp(a[1], "-"))
		return;
	if (*done) {
		report(p, w, false, _("only one inherit line per theme"));
		return;
	}
	if (w->styled) {
		report(p, w, false, _("inherit must come before color, mono and palette lines"));
		return;
	}
	*done = true;
	char path[THEME_PATH_MAX], why[160];
	if (theme_find_near(a[1], w->file, path, sizeof path) < 0) {
		report(p, w, false, _("cannot inherit '%s': no such theme"), echo(a[1], e));
		return;
	}
	char real[PATH_MAX];
	const char *key = realpath(path, real) ? real : path;
	for (unsigned i = 0; i < p->depth; i++)
		if (!strcmp(p->chain[i], key)) {
			report(p, w, false, _("inherit '%s' makes a cycle"), echo(a[1], e));
			return;
		}
	if (p->depth >= THEME_INHERIT_MAX) {
		report(p, w, false, _("inherit chain deeper than %d themes"), THEME_INHERIT_MAX);
		return;
	}
	char *text;
	size_t len;
	if (theme_read(path, &text, &len, why, sizeof why) < 0) {
		report(p, w, false, _("cannot inherit '%s': %s"), echo(a[1], e), why);
		return;
	}
	snprintf(p->chain[p->depth++], PATH_MAX, "%s", key);
	parse_text(p, text, len, path, true);
	p->depth--;
	free(text);
}

static void do_line(struct parser *p, struct where *w, char *line, bool *inherit_done)
{
	char *a[MAX_WORDS], e[ECHO_MAX * 4 + 4];
	const char *why = NULL;
	bool quoted[MAX_WORDS];
	int n = split(line, a, quoted, &why);
	if (n < 0) {
		report(p, w, false, "%s", why);
		return;
	}
	if (n == 0)
		return;
	const char *d = a[0];
	if (!strcmp(d, "color")) {
		w->styled = true;
		do_color(p, w, a, n);
	} else if (!strcmp(d, "mono")) {
		w->styled = true;
		do_mono(p, w, a, n);
	} else if (!strcmp(d, "palette")) {
		w->styled = true;
		do_palette(p, w, a, n);
	} else if (!strcmp(d, "format")) {
		if (n != 2 || strcmp(a[1], "1"))
			report(p, w, false, _("unsupported format '%s': this smtpdbg reads format 1"),
			       n > 1 ? echo(a[1], e) : "");
	} else if (!strcmp(d, "theme")) {
		if (n != 2 || !theme_name_ok(a[1]))
			report(p, w, false, _("theme needs one name (letters, digits, '.', '_', '-')"));
		else if (!w->inherited)
			snprintf(p->t->name, sizeof p->t->name, "%s", a[1]);
	} else if (!strcmp(d, "description")) {
		if (n != 2 || !quoted[1])
			report(p, w, false, _("description needs one \"quoted text\""));
		else if (!w->inherited)
			snprintf(p->t->description, sizeof p->t->description, "%s", a[1]);
	} else if (!strcmp(d, "background")) {
		do_background(p, w, a, n);
	} else if (!strcmp(d, "inherit")) {
		do_inherit(p, w, a, n, inherit_done);
	} else {
		report(p, w, false, _("unknown directive '%s' (expected format, theme, description, "
		       "background, inherit, palette, color or mono)"), echo(d, e));
	}
}

/* Tabs are blanks; any other control byte has no place in a theme and
 * must not reach a terminal through a description. */
static bool has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

static unsigned parse_text(struct parser *p, const char *text, size_t len, const char *file,
			   bool inherited)
{
	struct where w = {file ? file : "<theme>", 0, false, inherited};
	bool inherit_done = false;
	unsigned before = p->errors;
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - pos;
		w.line++;
		if (n > 0 && text[end - 1] == '\r')
			n--;
		if (n > THEME_LINE_MAX) {
			report(p, &w, false, _("line longer than %d bytes (skipped)"), THEME_LINE_MAX);
		} else if (has_control(text + pos, n)) {
			report(p, &w, false, _("line contains a control character (skipped)"));
		} else {
			char line[THEME_LINE_MAX + 1];
			memcpy(line, text + pos, n);
			line[n] = '\0';
			do_line(p, &w, line, &inherit_done);
		}
		pos = end + 1;
	}
	return p->errors - before;
}

unsigned theme_parse(struct theme *t, const char *text, size_t len, const char *file,
		     theme_err_fn err, void *ctx)
{
	struct parser *p = xcalloc(1, sizeof *p);
	p->t = t;
	p->err = err;
	p->ctx = ctx;
	char real[PATH_MAX];
	if (file)
		snprintf(p->chain[p->depth++], PATH_MAX, "%s",
			 realpath(file, real) ? real : file);
	unsigned n = parse_text(p, text, len, file, false);
	free(p);
	theme_resolve(t);
	return n;
}
