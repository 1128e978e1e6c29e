/* Theme files come from users and downloads: whatever the bytes, parsing
 * must stay in bounds and leave a theme whose every colour and attribute
 * is one the terminal code can use. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *ctx, const char *file, unsigned line, bool warning, const char *msg)
{
	(void)warning;
	(void)ctx;
	(void)file;
	if (!msg[0] || line > THEME_FILE_MAX)
		abort();
}

static bool color_ok(int c)
{
	return c == THEME_COLOR_DEFAULT || (c >= 0 && c <= 255) ||
	       (THEME_COLOR_IS_RGB(c) && c <= THEME_COLOR_RGB(255, 255, 255));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Keep `inherit` inside the shipped themes. */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	/* The default parsed once: it is the same for every input. */
	static struct theme base;
	static bool ready;
	if (!ready) {
		theme_init_default(&base);
		ready = true;
	}
	struct theme t = base;
	theme_parse(&t, (const char *)data, size, "fuzz.theme", ignore, NULL);
	const unsigned all = THEME_A_BOLD | THEME_A_DIM | THEME_A_UNDERLINE | THEME_A_REVERSE |
			     THEME_A_STANDOUT | THEME_A_ITALIC;
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *s = &t.role[r];
		if (!color_ok(s->fg) || !color_ok(s->bg) || !color_ok(s->fg256) ||
		    !color_ok(s->bg256) || !color_ok(s->fg24) || !color_ok(s->bg24) ||
		    (s->attrs & ~all) || (s->mono & ~all))
			abort();
		static const int depths[] = {8, 16, 256, 1 << 24};
		for (size_t d = 0; d < 4; d++) {
			int c = theme_style_fg(s, depths[d]);
			if (c != THEME_COLOR_DEFAULT && (c < 0 || (depths[d] <= 256 && c >= depths[d])))
				abort();
		}
	}
	if (!memchr(t.name, '\0', sizeof t.name) || !memchr(t.description, '\0', sizeof t.description))
		abort();
	return 0;
}
