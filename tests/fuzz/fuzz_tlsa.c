/* The TLSA parser on arbitrary rdata: no crash, lengths that fit. */
#include <stdint.h>
#include <stdlib.h>

#include "smtpdbg/dns_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tlsa_record t;
	if (tlsa_parse(data, size, &t) < 0) {
		if (!t.error)
			abort();
		return 0;
	}
	if (t.len + 3 != size || t.usage > 3 || (t.mtype == 1 && t.len != 32))
		abort();
	return 0;
}
