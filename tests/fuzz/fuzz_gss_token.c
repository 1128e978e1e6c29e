/* The GSSAPI token framing (RFC 2743 §3.1 header, DER lengths, the OID,
 * RFC 4121 Wrap and MIC tokens) on hostile bytes: no crash, lengths within
 * the input, and the words free of control characters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/gss_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gss_token_info t;
	gss_token_describe(data, size, &t);
	if (t.total != size || t.header > size || t.inner > size ||
	    (t.kind == GSS_TOK_INITIAL && t.header + t.inner != size))
		abort();
	if (!memchr(t.oid, '\0', sizeof t.oid))
		abort();
	struct buf b;
	buf_init(&b, 0);
	gss_token_words(&t, &b);
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
			abort();
	buf_free(&b);
	return 0;
}
