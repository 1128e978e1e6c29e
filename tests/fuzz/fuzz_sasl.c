/* Every SASL mechanism against hostile challenges: no crash, no leak, and
 * no explanation carries a control character (the server's bytes are shown
 * escaped). The first input byte picks the mechanism; 0xff bytes split the
 * rest into successive challenges. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/sasl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fake_binding(void *ctx, const char **type, uint8_t *out, size_t *len)
{
	(void)ctx;
	*type = "tls-exporter";
	memset(out, 0x5a, 32);
	*len = 32;
	return 0;
}

static void check_explain(const struct sasl_step *s)
{
	for (size_t i = 0; i < s->explain.len; i++) {
		unsigned char c = (unsigned char)s->explain.data[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sasl_mech *const *all = sasl_all();
	size_t n = 0;
	while (all[n])
		n++;
	if (!size)
		return 0;
	const struct sasl_mech *m = all[data[0] % n];
	data++, size--;

	struct sasl_creds creds = {
		.user = "user", .password = "pencil", .token = "token", .host = "mx.example",
		.port = 587, .nonce = "fyko+d2lbbFgONRv9qkxdawL", .channel_binding = fake_binding,
	};
	void *st = m->init(&creds);
	if (!st)
		return 0;
	struct sasl_step s;
	bool going = true;
	if (m->client_first) {
		sasl_step_init(&s);
		going = m->step(st, NULL, 0, &s) != SASL_FAIL;
		check_explain(&s);
		sasl_step_free(&s);
	}
	for (size_t off = 0; going && off <= size;) {
		const uint8_t *ff = memchr(data + off, 0xff, size - off);
		size_t len = ff ? (size_t)(ff - (data + off)) : size - off;
		sasl_step_init(&s);
		/* A non-NULL pointer even for an empty challenge. */
		going = m->step(st, len ? data + off : (const uint8_t *)"", len, &s) != SASL_FAIL;
		check_explain(&s);
		sasl_step_free(&s);
		off += len + 1;
	}
	if (m->success) {
		sasl_step_init(&s);
		m->success(st, &s);
		check_explain(&s);
		sasl_step_free(&s);
	}
	m->done(st);
	return 0;
}
