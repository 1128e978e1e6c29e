/* The DNS message reader on arbitrary responses (a lying or cut answer):
 * no crash, no read outside the bytes, every name of at most 253. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/dns_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_msg m;
	if (dns_msg_parse(data, size, &m) < 0)
		return 0;
	size_t off = m.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	while (dns_msg_next(&m, &off, &i, &rr) == 1) {
		char name[DNS_NAME_MAX], text[512];
		unsigned pref;
		if (strlen(rr.owner) > 253 || rr.rdata_off + rr.rdlen > size)
			abort();
		if (dns_rr_mx(&m, &rr, &pref, name) == 0 && strlen(name) > 253)
			abort();
		if (dns_rr_name(&m, &rr, name) == 0 && strlen(name) > 253)
			abort();
		if (rr.type == DNS_T_TXT && dns_rr_txt(&m, &rr, text, sizeof text) >= (int)sizeof text)
			abort();
		struct tlsa_record t;
		tlsa_parse(data + rr.rdata_off, rr.rdlen, &t);
	}
	return 0;
}
