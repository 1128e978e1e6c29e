/* The DMARC parser on arbitrary bytes: no crash, values inside the input. */
#include <stdint.h>
#include <stdlib.h>

#include "smtpdbg/dns_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const char *v, size_t n, const char *s, size_t size)
{
	if (v && (v < s || v + n > s + size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct dmarc_record d;
	if (dmarc_parse(s, size, &d) < 0) {
		if (!d.error)
			abort();
		return 0;
	}
	if (!d.p || d.pct < 0 || d.pct > 100)
		abort();
	inside(d.p, d.p_len, s, size);
	inside(d.sp, d.sp_len, s, size);
	inside(d.rua, d.rua_len, s, size);
	inside(d.ruf, d.ruf_len, s, size);
	return 0;
}
