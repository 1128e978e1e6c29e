/* The SOCKS5 reply parsers on arbitrary bytes: no crash, no read past the
 * input, a reply never longer than the bytes given, and the same answer
 * however much of it had arrived before (a prefix never says DONE or BAD
 * for what the whole then contradicts). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/path_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Which parser: the first byte; the rest is the proxy's reply. */
static enum path_parse parse(unsigned which, const uint8_t *d, size_t n, size_t *used)
{
	struct buf why;
	buf_init(&why, 0);
	char bound[300];
	int method = -1;
	enum path_parse r;
	*used = 0;
	switch (which % 4) {
	case 0: r = socks5_parse_method(d, n, false, &method, used, &why); break;
	case 1: r = socks5_parse_method(d, n, true, &method, used, &why); break;
	case 2: r = socks5_parse_auth(d, n, used, &why); break;
	default: r = socks5_parse_connect(d, n, used, bound, sizeof bound, &why); break;
	}
	if (r == PATH_BAD && why.len == 0)
		abort(); /* every refusal is explained */
	if (r == PATH_DONE && which % 4 == 3 && !memchr(bound, 0, sizeof bound))
		abort();
	if (r == PATH_DONE && method != -1 && method != 0 && method != 2)
		abort();
	buf_free(&why);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned which = data[0];
	const uint8_t *d = data + 1;
	size_t n = size - 1;
	/* An exact copy, so a read past the end shows under ASan. */
	uint8_t *copy = malloc(n ? n : 1);
	memcpy(copy, d, n);
	size_t used;
	enum path_parse whole = parse(which, copy, n, &used);
	if (whole != PATH_MORE && (used == 0 || used > n))
		abort();
	size_t whole_used = used;
	/* The driver reads byte by byte: the first prefix that is not MORE
	 * must be the answer the whole input gives. */
	for (size_t k = 0; k <= n; k++) {
		enum path_parse r = parse(which, copy, k, &used);
		if (r == PATH_MORE)
			continue;
		if (r != whole || (r == PATH_DONE && used != whole_used))
			abort();
		break;
	}
	free(copy);
	return 0;
}
