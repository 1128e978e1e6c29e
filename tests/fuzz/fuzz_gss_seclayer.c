/* The RFC 4752 §3.1 security-layer message on hostile bytes: parsed only
 * at exactly 4 bytes; what is parsed round-trips through the reply
 * builder (the rest of the input as the authzid), and the layer names
 * never hold a control character. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/gss_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gss_seclayer sl;
	int rc = gss_seclayer_parse(data, size < 4 ? size : 4, &sl);
	if ((rc == 0) != (size >= 4))
		abort();
	if (rc < 0)
		return 0;
	if (sl.max_size > 0xffffffu)
		abort();
	char *authzid = malloc(size - 4 + 1);
	memcpy(authzid, data + 4, size - 4);
	authzid[size - 4] = '\0';
	struct buf b;
	buf_init(&b, 0);
	if (gss_seclayer_reply(sl.layers, sl.max_size, authzid, &b) < 0 || b.len < 4 ||
	    memcmp(b.data, data, 4) || b.len != 4 + strlen(authzid))
		abort();
	buf_reset(&b);
	gss_seclayer_names(sl.layers, &b);
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20)
			abort();
	buf_free(&b);
	free(authzid);
	return 0;
}
