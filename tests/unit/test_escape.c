#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/escape.h"

static void esc_is(const char *in, size_t n, unsigned flags, const char *want)
{
	char *got = esc_str(in, n, flags);
	cr_assert_str_eq(got, want);
	free(got);
}

#define ESC_IS(lit, want) esc_is(lit, sizeof(lit) - 1, 0, want)

Test(escape, printable_text_untouched)
{
	ESC_IS("250 smtp.server.com ESMTP Postfix", "250 smtp.server.com ESMTP Postfix");
	ESC_IS("Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac", "Grüße €");
	ESC_IS("a\\b", "a\\\\b");
}

Test(escape, terminal_controls)
{
	ESC_IS("\x1b[2J", "\\x1b[2J");
	ESC_IS("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07");
	ESC_IS("\x1b]8;;http://x\x1b\\", "\\x1b]8;;http://x\\x1b\\\\");
	ESC_IS("ok\bX", "ok\\x08X");
	ESC_IS("a\rb\nc\td", "a\\rb\\nc\\td");
	ESC_IS("\x7f\x00", "\\x7f\\x00");
	ESC_IS("\x1b" "c", "\\x1bc");
}

Test(escape, c1_and_format_characters)
{
	ESC_IS("\xc2\x9b" "2J", "<U+009B>2J");
	ESC_IS("\xc2\x9d" "0;t\xc2\x9c", "<U+009D>0;t<U+009C>");
	ESC_IS("abc\xe2\x80\xae" "def", "abc<U+202E>def");
	ESC_IS("\xe2\x81\xa6x\xe2\x81\xa9", "<U+2066>x<U+2069>");
	ESC_IS("a\xe2\x80\x8b" "b", "a<U+200B>b");
	ESC_IS("\xef\xbb\xbf", "<U+FEFF>");
}

Test(escape, invalid_utf8_byte_by_byte)
{
	ESC_IS("\xff", "\\xff");
	ESC_IS("\xc0\xaf", "\\xc0\\xaf");             /* overlong '/' */
	ESC_IS("\xed\xa0\x80", "\\xed\\xa0\\x80");     /* surrogate */
	ESC_IS("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* beyond U+10FFFF */
	ESC_IS("\xe2\x82", "\\xe2\\x82");             /* truncated */
	ESC_IS("\xe2\x82" "A", "\\xe2\\x82A");
}

Test(escape, ascii_mode)
{
	esc_is("Gr\xc3\xbc\xc3\x9f" "e", 7, ESC_ASCII, "Gr\\xc3\\xbc\\xc3\\x9fe");
}

/* Whatever goes in, what comes out is valid UTF-8 without control bytes. */
static bool valid_utf8_no_controls(const unsigned char *s)
{
	while (*s) {
		if (*s < 0x20 || *s == 0x7f)
			return false;
		if (*s < 0x80) {
			s++;
			continue;
		}
		int len = (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 0;
		if (!len)
			return false;
		for (int i = 1; i < len; i++)
			if ((s[i] & 0xc0) != 0x80)
				return false;
		s += len;
	}
	return true;
}

Test(escape, random_bytes_property)
{
	srand(7);
	for (int round = 0; round < 5000; round++) {
		unsigned char in[48];
		size_t n = (size_t)(rand() % 48);
		for (size_t i = 0; i < n; i++)
			in[i] = (unsigned char)(rand() % 4 ? rand() : 0x80 + rand() % 0x40);
		char *out = esc_str(in, n, 0);
		cr_assert(valid_utf8_no_controls((const unsigned char *)out), "round %d", round);
		free(out);
	}
}
