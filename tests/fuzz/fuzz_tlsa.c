/* The TLSA parser on arbitrary rdata: no crash, lengths that fit; and
 * DANE's copy of it (dane_set_add), usable only for a well-formed
 * DANE-TA(2) or DANE-EE(3), described without reading past the data. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "smtpdbg/dane.h"
#include "smtpdbg/dns_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dane_set s = {.status = DANE_L_FOUND};
	dane_set_add(&s, data, size);
	struct tlsa_record u;
	bool ok = tlsa_parse(data, size, &u) == 0;
	if (s.n != 1 || s.rec[0].usable != (ok && (u.usage == 2 || u.usage == 3)))
		abort();
	struct buf b;
	buf_init(&b, 0);
	dane_describe_lookup(&s, &b);
	buf_free(&b);
	dane_set_free(&s);

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
