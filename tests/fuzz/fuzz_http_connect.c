/* The HTTP CONNECT reply parser on arbitrary bytes: no crash, no read past
 * the input, a head never longer than the bytes given nor than its cap,
 * and the same answer however much had arrived before. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/path_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum path_parse parse(const uint8_t *d, size_t n, size_t *used, int *status)
{
	struct buf why;
	buf_init(&why, 0);
	*used = 0;
	*status = 0;
	enum path_parse r = http_parse_connect(d, n, used, status, &why);
	if (r == PATH_BAD && why.len == 0)
		abort();
	if (r == PATH_DONE && (*status < 200 || *status > 299))
		abort();
	buf_free(&why);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	size_t used, whole_used;
	int status;
	enum path_parse whole = parse(copy, size, &whole_used, &status);
	if (whole != PATH_MORE && (whole_used == 0 || whole_used > size))
		abort();
	for (size_t k = 0; k <= size; k++) {
		enum path_parse r = parse(copy, k, &used, &status);
		if (r == PATH_MORE)
			continue;
		if (r != whole || (r == PATH_DONE && used != whole_used))
			abort();
		break;
	}
	free(copy);
	return 0;
}
