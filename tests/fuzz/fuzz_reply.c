/* The reply framer on arbitrary bytes: no crash, no leak, bounded memory,
 * and the same replies whatever the split of the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse with pieces of `step` bytes; return a fingerprint of the replies. */
static unsigned long parse(const uint8_t *d, size_t n, size_t step, size_t *count)
{
	struct reply_framer f;
	unsigned long h = 5381;
	reply_framer_init(&f, &(struct reply_limits){.line_cap = 64, .lines_cap = 4});
	*count = 0;
	for (size_t off = 0; off < n;) {
		size_t len = n - off < step ? n - off : step;
		size_t used = 0;
		while (used < len) {
			struct smtp_reply *r;
			used += reply_framer_feed(&f, d + off + used, len - used, &r);
			if (!r)
				continue;
			if (r->nlines == 0 || r->nlines > 4 || (r->code && (r->code < 200 || r->code > 559)))
				abort();
			h = h * 33 + (unsigned long)r->code + r->flags * 7 + r->nlines_total;
			(*count)++;
			reply_free(r);
		}
		off += len;
	}
	struct smtp_reply *r = reply_framer_finish(&f);
	if (r) {
		h = h * 33 + (unsigned long)r->code;
		(*count)++;
		reply_free(r);
	}
	reply_framer_free(&f);
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t step = data[0] % 16 + 1, a, b;
	if (parse(data + 1, size - 1, size, &a) != parse(data + 1, size - 1, step, &b) || a != b)
		abort();
	return 0;
}
