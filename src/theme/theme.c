/* The theme model: role names, the compiled-in themes, and resolving what
 * a theme sets into a complete style per role. */
#include <ctype.h>
#include <string.h>

#include "smtpdbg/theme.h"
#include "theme_int.h"

static const char *const role_names[THEME_ROLE_COUNT] = {
	[THEME_DEFAULT] = "default",
	[THEME_TRANSCRIPT_CLIENT] = "transcript.client",
	[THEME_TRANSCRIPT_SERVER] = "transcript.server",
	[THEME_TRANSCRIPT_META] = "transcript.meta",
	[THEME_TRANSCRIPT_CURSOR] = "transcript.cursor",
	[THEME_TRANSCRIPT_CURSOR_BLUR] = "transcript.cursor.blur",
	[THEME_CODE_2XX] = "code.2xx",
	[THEME_CODE_3XX] = "code.3xx",
	[THEME_CODE_4XX] = "code.4xx",
	[THEME_CODE_5XX] = "code.5xx",
	[THEME_CODE_ENHANCED] = "code.enhanced",
	[THEME_EXPLAIN_HEADING] = "explain.heading",
	[THEME_EXPLAIN_TEXT] = "explain.text",
	[THEME_EXPLAIN_TERM] = "explain.term",
	[THEME_EXPLAIN_REF] = "explain.ref",
	[THEME_EXPLAIN_CALC] = "explain.calc",
	[THEME_BASE64] = "base64",
	[THEME_DECODED] = "decoded",
	[THEME_SECRET] = "secret",
	[THEME_SECRET_MASKED] = "secret.masked",
	[THEME_INFO] = "info",
	[THEME_WARNING] = "warning",
	[THEME_ERROR] = "error",
	[THEME_STATUS] = "status",
	[THEME_STATUS_KEY] = "status.key",
	[THEME_STATUS_MODE] = "status.mode",
	[THEME_TITLE_FOCUS] = "title.focus",
	[THEME_TITLE_BLUR] = "title.blur",
	[THEME_BORDER_FOCUS] = "border.focus",
	[THEME_BORDER_BLUR] = "border.blur",
	[THEME_SEARCH_MATCH] = "search.match",
	[THEME_SEARCH_CURRENT] = "search.current",
	[THEME_SELECTION] = "selection",
	[THEME_PROMPT_SMTP] = "prompt.smtp",
	[THEME_PROMPT_CMD] = "prompt.cmd",
	[THEME_PROMPT_INPUT] = "prompt.input",
	[THEME_HELP_KEY] = "help.key",
	[THEME_HELP_TEXT] = "help.text",
	[THEME_HELP_HEADING] = "help.heading",
	[THEME_STEP_CURRENT] = "step.current",
	[THEME_STEP_DONE] = "step.done",
	[THEME_STEP_PENDING] = "step.pending",
	[THEME_LINENUMBER] = "linenumber",
	[THEME_TIMESTAMP] = "timestamp",
};

/* The same lines as themes/default.theme (a test keeps them equal), so
 * the program works with no theme files installed at all. */
static const char default_text[] =
	"format 1\n"
	"theme default\n"
	"description \"The terminal's own colours and background; works on dark and light\"\n"
	"background any\n"
	"palette client cyan\n"
	"palette meta magenta\n"
	"palette ok green\n"
	"palette interim cyan\n"
	"palette transient yellow\n"
	"palette permanent red\n"
	"palette secret magenta\n"
	"color default default default normal\n"
	"color transcript.client client - normal\n"
	"color transcript.server default - normal\n"
	"color transcript.meta meta - normal\n"
	"color transcript.cursor - - reverse\n"
	"color transcript.cursor.blur - - underline\n"
	"color code.2xx ok - bold\n"
	"color code.3xx interim - normal\n"
	"color code.4xx transient - bold\n"
	"color code.5xx permanent - bold\n"
	"color explain.heading - - bold,underline\n"
	"color explain.text default - normal\n"
	"color explain.term client - normal\n"
	"color explain.ref - - underline\n"
	"color explain.calc default - normal\n"
	"color base64 - - underline\n"
	"color decoded - - bold\n"
	"color secret secret - bold\n"
	"color secret.masked default - normal\n"
	"color info default - normal\n"
	"color warning transient - bold\n"
	"color error permanent - bold\n"
	"color status - - reverse\n"
	"color status.key - - reverse,bold\n"
	"color status.mode black cyan normal\n"
	"color title.focus - - reverse,bold\n"
	"color title.blur - - reverse\n"
	"color border.focus - - bold\n"
	"color border.blur - - normal\n"
	"color search.match black yellow normal\n"
	"color search.current - - reverse,bold\n"
	"color selection - - reverse\n"
	"color prompt.smtp - - bold\n"
	"color prompt.cmd - - bold\n"
	"color prompt.input default - normal\n"
	"color help.key - - bold\n"
	"color help.text default - normal\n"
	"color help.heading - - bold,underline\n"
	"color step.current - - reverse,bold\n"
	"color step.done default - normal\n"
	"color step.pending default - normal\n"
	"color linenumber default - normal\n"
	"color timestamp default - normal\n"
	"mono default normal\n"
	"mono transcript.client bold\n"
	"mono transcript.server normal\n"
	"mono transcript.meta underline\n"
	"mono transcript.cursor reverse\n"
	"mono transcript.cursor.blur underline\n"
	"mono code.2xx bold\n"
	"mono code.3xx underline\n"
	"mono code.4xx bold,underline\n"
	"mono code.5xx reverse,bold\n"
	"mono explain.heading bold,underline\n"
	"mono explain.text normal\n"
	"mono explain.term bold\n"
	"mono explain.ref underline\n"
	"mono explain.calc normal\n"
	"mono base64 underline\n"
	"mono decoded bold\n"
	"mono secret standout\n"
	"mono secret.masked normal\n"
	"mono info normal\n"
	"mono warning bold\n"
	"mono error reverse\n"
	"mono status reverse\n"
	"mono status.key reverse,bold\n"
	"mono status.mode reverse,bold\n"
	"mono title.focus reverse,bold\n"
	"mono title.blur reverse\n"
	"mono border.focus bold\n"
	"mono border.blur normal\n"
	"mono search.match reverse\n"
	"mono search.current reverse,bold,underline\n"
	"mono selection reverse\n"
	"mono prompt.smtp bold\n"
	"mono prompt.cmd bold\n"
	"mono prompt.input normal\n"
	"mono help.key bold\n"
	"mono help.text normal\n"
	"mono help.heading bold,underline\n"
	"mono step.current reverse,bold\n"
	"mono step.done normal\n"
	"mono step.pending normal\n"
	"mono linenumber normal\n"
	"mono timestamp normal\n";

const char *theme_role_name(enum theme_role r)
{
	return (unsigned)r < THEME_ROLE_COUNT ? role_names[r] : NULL;
}

/* Compare a role name as users may write it: any case, '_' for '-'. */
static bool role_eq(const char *user, size_t n, const char *canon)
{
	for (size_t i = 0; i < n; i++, canon++) {
		int c = tolower((unsigned char)user[i]);
		int k = *canon;
		if (c == '_')
			c = '-';
		if (k == '_')
			k = '-';
		if (!k || c != k)
			return false;
	}
	return !*canon;
}

static int role_find_n(const char *name, size_t n)
{
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (role_eq(name, n, role_names[r]))
			return r;
	return -1;
}

int theme_role_find(const char *name)
{
	return name ? role_find_n(name, strlen(name)) : -1;
}

/* The role a role falls back to: its longest dotted prefix that is a
 * role (code.5xx.enhanced -> code.5xx -> code), else default. */
static int role_parent(int r)
{
	const char *name = role_names[r];
	size_t n = strlen(name);
	while (n > 0) {
		while (n > 0 && name[n - 1] != '.')
			n--;
		if (n == 0)
			break;
		n--; /* drop the dot */
		int p = role_find_n(name, n);
		if (p >= 0)
			return p;
	}
	return THEME_DEFAULT;
}

/* One role, its parent first; depth-bounded although the names are few. */
static void resolve_role(struct theme *t, int r, bool done[], int depth)
{
	if (done[r])
		return;
	const struct theme_spec *sp = &t->spec[r];
	struct theme_style *st = &t->role[r];
	struct theme_style base = {THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0, 0,
				   THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT,
				   THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT};
	if (r != THEME_DEFAULT && depth < 8) {
		int p = role_parent(r);
		resolve_role(t, p, done, depth + 1);
		base = t->role[p];
	}
	*st = base;
	if (sp->set & THEME_SET_FG) {
		st->fg = sp->fg[THEME_TIER_16];
		st->fg256 = sp->fg[THEME_TIER_256];
		st->fg24 = sp->fg[THEME_TIER_24];
	}
	if (sp->set & THEME_SET_BG) {
		st->bg = sp->bg[THEME_TIER_16];
		st->bg256 = sp->bg[THEME_TIER_256];
		st->bg24 = sp->bg[THEME_TIER_24];
	}
	if (sp->set & THEME_SET_ATTRS)
		st->attrs = sp->attrs;
	if (sp->set & THEME_SET_MONO)
		st->mono = sp->mono;
	done[r] = true;
}

void theme_resolve(struct theme *t)
{
	bool done[THEME_ROLE_COUNT] = {false};
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		resolve_role(t, r, done, 0);
}

void theme_init_default(struct theme *t)
{
	memset(t, 0, sizeof *t);
	t->background_ref = THEME_COLOR_DEFAULT;
	strcpy(t->background, "any");
	theme_parse(t, default_text, sizeof default_text - 1, "default", NULL, NULL);
}

void theme_init_mono(struct theme *t)
{
	theme_init_default(t);
	strcpy(t->name, "mono");
	strcpy(t->description, "Attributes only, no colour");
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		struct theme_spec *sp = &t->spec[r];
		for (int i = 0; i < THEME_TIER_COUNT; i++)
			sp->fg[i] = sp->bg[i] = THEME_COLOR_DEFAULT;
		sp->attrs = t->role[r].mono;
		sp->mono = t->role[r].mono;
		sp->set = THEME_SET_FG | THEME_SET_BG | THEME_SET_ATTRS | THEME_SET_MONO;
	}
	theme_resolve(t);
}

bool theme_mono_distinct(const struct theme *t)
{
	const unsigned keep = ~(unsigned)(THEME_A_DIM | THEME_A_ITALIC);
	unsigned a = t->role[THEME_CODE_2XX].mono & keep;
	unsigned b = t->role[THEME_CODE_4XX].mono & keep;
	unsigned c = t->role[THEME_CODE_5XX].mono & keep;
	return a != b && b != c && a != c;
}
