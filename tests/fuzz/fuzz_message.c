/* The test message's header and address parsing: whatever a --header
 * argument holds, an accepted field comes out as folded CRLF lines that
 * cannot smuggle a second field, none over 998 characters, pure ASCII unless
 * an address itself is non-ASCII; file names as MIME parameters likewise;
 * and the line-end normaliser's count equals what it writes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/msg_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines end in CRLF, continuation lines start with a blank (folded=true),
 * no bare CR or LF, none over 998. */
static void check_lines(const char *s, size_t n, bool folded, bool ascii)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (ascii && c > 127)
			abort();
		if (c == '\n')
			abort(); /* a LF not after CR */
		if (c == '\r') {
			if (i + 1 >= n || s[i + 1] != '\n')
				abort();
			i++;
			if (folded && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
				abort(); /* a new field would start here */
			col = 0;
			continue;
		}
		if (++col > 998)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	size_t nlen;
	const char *value, *why;
	if (msg_field_split(s, &nlen, &value, &why) == 0) {
		struct buf b;
		buf_init(&b, 0);
		bool utf8 = false;
		if (msg_field_write(&b, s, nlen, value, &utf8, &why) == 0) {
			if (b.len < 2 || memcmp(b.data + b.len - 2, "\r\n", 2))
				abort();
			check_lines(b.data, b.len, true, !utf8);
		}
		buf_free(&b);
		/* The same value as an address list. */
		buf_init(&b, 0);
		utf8 = false;
		if (msg_field_write(&b, "To", 2, value, &utf8, &why) == 0)
			check_lines(b.data, b.len, true, !utf8);
		buf_free(&b);
	}
	if (!msg_value_check(s)) {
		struct buf b;
		buf_init(&b, 0);
		msg_param_write(&b, "filename", s);
		/* ";\r\n filename=..." pieces: folded lines, always ASCII. */
		if (b.len < 4 || memcmp(b.data, ";\r\n ", 4))
			abort();
		check_lines(b.data + 3, b.len - 3, true, true);
		buf_free(&b);
	}

	struct msg_norm n1, n2;
	msg_norm_init(&n1);
	msg_norm_init(&n2);
	char *out = malloc(2 * size + 2);
	size_t w = msg_norm_feed(&n1, data, size, out);
	w += msg_norm_end(&n1, out + w);
	msg_norm_feed(&n2, data, size, NULL);
	msg_norm_end(&n2, NULL);
	if (w != n1.out || n1.out != n2.out)
		abort();
	for (size_t i = 0; i < w; i++)
		if ((out[i] == '\r') != (i + 1 < w && out[i + 1] == '\n') ||
		    (out[i] == '\n' && (i == 0 || out[i - 1] != '\r')))
			abort();
	free(out);
	free(s);
	return 0;
}
