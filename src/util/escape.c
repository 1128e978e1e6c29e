#include "smtpdbg/escape.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Decode one UTF-8 sequence strictly (no overlongs, no surrogates, at most
 * U+10FFFF). Returns its length, or 0 if p does not start a valid one. */
static size_t utf8_decode(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint8_t c = p[0];
	size_t len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Code points that are invisible or change how other text is shown. */
static bool is_unsafe_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f)        /* C1 controls */
	       || cp == 0xad                      /* soft hyphen */
	       || cp == 0x61c                     /* Arabic letter mark */
	       || (cp >= 0x200b && cp <= 0x200f)  /* zero-width, LRM, RLM */
	       || (cp >= 0x2028 && cp <= 0x202e)  /* separators, bidi embeddings */
	       || (cp >= 0x2060 && cp <= 0x206f)  /* word joiner, bidi isolates */
	       || cp == 0xfeff                    /* zero-width no-break space */
	       || (cp >= 0xfff9 && cp <= 0xfffb)  /* interlinear annotation */
	       || (cp >= 0xe0000 && cp <= 0xe007f); /* tag characters */
}

void esc_append(struct buf *out, const void *vp, size_t n, unsigned flags)
{
	const uint8_t *p = vp;
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n;) {
		uint8_t c = p[i];
		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\')
				buf_adds(out, "\\\\");
			else
				buf_addc(out, (char)c);
			i++;
			continue;
		}
		if (c == '\r' || c == '\n' || c == '\t') {
			buf_adds(out, c == '\r' ? "\\r" : c == '\n' ? "\\n" : "\\t");
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = c >= 0x80 ? utf8_decode(p + i, n - i, &cp) : 0;
		if (len == 0 || (flags & ESC_ASCII)) {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			buf_add(out, e, sizeof e);
			i++;
		} else if (is_unsafe_cp(cp)) {
			buf_printf(out, "<U+%04X>", (unsigned)cp);
			i += len;
		} else {
			buf_add(out, p + i, len);
			i += len;
		}
	}
}

char *esc_str(const void *p, size_t n, unsigned flags)
{
	struct buf b;
	buf_init(&b, 0);
	esc_append(&b, p, n, flags);
	return buf_steal(&b);
}

unsigned esc_flags_for_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0 ? 0 : ESC_ASCII;
}
