/* Strict Base64: whatever decodes must encode back to exactly the input
 * (one meaning per string), and escaping keeps output free of controls. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *dec;
	size_t n;
	if (b64_decode((const char *)data, size, &dec, &n, NULL, NULL) == 0) {
		char *enc = b64_encode(dec, n);
		if (strlen(enc) != size || memcmp(enc, data, size) != 0)
			abort();
		free(enc);
		free(dec);
	}
	char *e = esc_str(data, size, 0);
	for (const unsigned char *p = (const unsigned char *)e; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	free(e);
	return 0;
}
