/* The SPF parser on arbitrary bytes: no crash, and what it reports stays
 * inside the record. */
#include <stdint.h>
#include <stdlib.h>

#include "smtpdbg/dns_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct spf_record r;
	if (spf_parse(s, size, &r) < 0) {
		if (!r.error || r.error_at > size)
			abort();
		return 0;
	}
	if (r.nterms > SPF_MAX_TERMS || r.lookups > (int)r.nterms)
		abort();
	for (size_t i = 0; i < r.nterms; i++)
		if (r.terms[i].arg && (r.terms[i].arg < s || r.terms[i].arg + r.terms[i].arg_len > s + size))
			abort();
	return 0;
}
