#include <criterion/criterion.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/escape.h"

static void check_n(const char *in, size_t n, unsigned flags, const char *want)
{
	char *got = esc_str(in, n, flags);
	cr_assert_str_eq(got, want);
	/* esc_append appends, and agrees with esc_str */
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, "> ");
	esc_append(&b, in, n, flags);
	cr_assert_str_eq(b.data + 2, want);
	buf_free(&b);
	free(got);
}

static void check(const char *in, const char *want)
{
	check_n(in, strlen(in), 0, want);
}

/* A strict UTF-8 validator, written independently of escape.c. Returns
 * false on any invalid sequence or any code point `ok` rejects. */
static bool valid_utf8(const uint8_t *p, size_t n, bool (*ok)(uint32_t))
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len;
		if (p[i] < 0x80) {
			cp = p[i];
			len = 1;
		} else if ((p[i] & 0xe0) == 0xc0) {
			cp = p[i] & 0x1f;
			len = 2;
		} else if ((p[i] & 0xf0) == 0xe0) {
			cp = p[i] & 0x0f;
			len = 3;
		} else if ((p[i] & 0xf8) == 0xf0) {
			cp = p[i] & 0x07;
			len = 4;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if (ok && !ok(cp))
			return false;
		i += len;
	}
	return true;
}

/* What may reach the terminal: no C0, DEL, C1, bidi or invisible format
 * character. */
static bool terminal_safe(uint32_t cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f) &&
	       !(cp >= 0x200b && cp <= 0x200f) && !(cp >= 0x202a && cp <= 0x202e) &&
	       !(cp >= 0x2066 && cp <= 0x2069) && cp != 0xfeff;
}

Test(escape, printable_ascii_unchanged)
{
	check("220 smtp.server.com ESMTP Postfix", "220 smtp.server.com ESMTP Postfix");
	check("", "");
	check("~!@#$%^&*()_+{}|:\"<>?`-=[];',./", "~!@#$%^&*()_+{}|:\"<>?`-=[];',./");
}

Test(escape, backslash_is_doubled_so_escapes_are_unambiguous)
{
	check("a\\x1b", "a\\\\x1b");
}

Test(escape, csi_sequences)
{
	check("\x1b[2J", "\\x1b[2J");
	check("\x1b[6n", "\\x1b[6n");    /* DSR: makes the terminal answer */
	check("\x1b[c", "\\x1b[c");      /* DA */
	check("\x1b" "c", "\\x1bc");     /* RIS */
	check("\x1b[?1049h", "\\x1b[?1049h");
}

Test(escape, osc_52_clipboard_and_title)
{
	check("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07");
	check("\x1b]0;pwned\x1b\\", "\\x1b]0;pwned\\x1b\\\\");
	check("\x1b]8;;http://x\x1b\\", "\\x1b]8;;http://x\\x1b\\\\");
}

Test(escape, c0_controls_and_del)
{
	check("\a", "\\x07");
	check("secret\b\b\b\b\b\bpublic", "secret\\x08\\x08\\x08\\x08\\x08\\x08public");
	check("ok\rEVIL", "ok\\rEVIL");
	check("a\nb\tc", "a\\nb\\tc");
	check("\x7f", "\\x7f");
	check("\x0b\x0c", "\\x0b\\x0c");
	check_n("a\0b", 3, 0, "a\\x00b");
}

Test(escape, c1_controls)
{
	/* a lone 0x9b is CSI on 8-bit terminals, and invalid UTF-8 */
	check("\x9b" "2J", "\\x9b2J");
	check("\x9d\x9c", "\\x9d\\x9c");
	/* the same controls encoded as UTF-8 code points */
	check("\xc2\x9b" "2J", "<U+009B>2J");
	check("\xc2\x85", "<U+0085>");
}

Test(escape, invalid_utf8_byte_by_byte)
{
	check("\xff", "\\xff");
	check("\xfe\xff", "\\xfe\\xff");
	check("\xc0\xaf", "\\xc0\\xaf");                  /* overlong '/' */
	check("\xe0\x80\xaf", "\\xe0\\x80\\xaf");         /* overlong, 3 bytes */
	check("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"); /* overlong, 4 bytes */
	check("\xed\xa0\x80", "\\xed\\xa0\\x80");         /* surrogate U+D800 */
	check("\xed\xbf\xbf", "\\xed\\xbf\\xbf");         /* surrogate U+DFFF */
	check("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* above U+10FFFF */
	check("\xe2\x82", "\\xe2\\x82");                  /* truncated at the end */
	check("\xe2\x82x", "\\xe2\\x82x");                /* bad continuation */
	check("\x80", "\\x80");                           /* lone continuation */
}

Test(escape, bidi_and_invisible_characters)
{
	check("abc\xe2\x80\xaegnp.exe", "abc<U+202E>gnp.exe");
	check("\xe2\x80\xad", "<U+202D>");
	check("\xe2\x81\xa6x\xe2\x81\xa9", "<U+2066>x<U+2069>");
	check("pay\xe2\x80\x8bpal", "pay<U+200B>pal");
	check("\xe2\x80\x8f", "<U+200F>");
	check("\xef\xbb\xbf", "<U+FEFF>");
	check("\xc2\xad", "<U+00AD>");
	check("\xd8\x9c", "<U+061C>");
}

Test(escape, valid_utf8_kept)
{
	check("Gr\xc3\xbc\xc3\x9f" "e", "Gr\xc3\xbc\xc3\x9f" "e");
	check("\xe2\x82\xac 5", "\xe2\x82\xac 5");
	check("\xf0\x9f\x93\xa7", "\xf0\x9f\x93\xa7");
	check("\xe4\xbd\xa0\xe5\xa5\xbd", "\xe4\xbd\xa0\xe5\xa5\xbd");
}

Test(escape, ascii_mode_escapes_every_high_byte)
{
	check_n("Gr\xc3\xbc\xc3\x9f" "e", 7, ESC_ASCII, "Gr\\xc3\\xbc\\xc3\\x9fe");
	check_n("\xe2\x80\xae", 3, ESC_ASCII, "\\xe2\\x80\\xae");
	check_n("\x1b[2J", 4, ESC_ASCII, "\\x1b[2J");
}

Test(escape, locale_flags)
{
	cr_assert_not_null(setlocale(LC_ALL, "C"));
	cr_assert_eq(esc_flags_for_locale(), ESC_ASCII);
	if (setlocale(LC_ALL, "C.UTF-8"))
		cr_assert_eq(esc_flags_for_locale(), 0);
	setlocale(LC_ALL, "C");
}

/* The promise of escape.h, on random input biased towards the bytes that
 * matter: the output is valid UTF-8 with no control or format character;
 * in ASCII mode it is printable ASCII only. */
Test(escape, property_random_bytes_come_out_safe)
{
	static const uint8_t interesting[] = {0x1b, 0x07, 0x08, 0x0d, 0x0a, 0x7f, 0x9b, 0x9d,
					      0xc0, 0xc2, 0xe2, 0x80, 0xae, 0xed, 0xa0, 0xf0,
					      0xf4, 0xff, 0x00, '[', ']', '\\'};
	srand(42);
	for (int i = 0; i < 5000; i++) {
		uint8_t in[64];
		size_t n = (size_t)(rand() % (int)sizeof in);
		for (size_t k = 0; k < n; k++)
			in[k] = rand() % 2 ? (uint8_t)rand()
					   : interesting[rand() % (int)sizeof interesting];
		char *out = esc_str(in, n, 0);
		size_t len = strlen(out);
		for (size_t k = 0; k < len; k++)
			cr_assert((uint8_t)out[k] >= 0x20 && (uint8_t)out[k] != 0x7f,
				  "control byte 0x%02x in output", (uint8_t)out[k]);
		cr_assert(valid_utf8((const uint8_t *)out, len, terminal_safe),
			  "unsafe or invalid UTF-8 in output");
		free(out);

		out = esc_str(in, n, ESC_ASCII);
		for (const char *p = out; *p; p++)
			cr_assert((uint8_t)*p >= 0x20 && (uint8_t)*p < 0x7f);
		free(out);
	}
}
