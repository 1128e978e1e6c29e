/* The teaching server's session against a hostile client: no crash, no
 * leak, every reply a well-formed CRLF-terminated line with a 3-digit code,
 * and the same output whether the input comes whole or in pieces. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t fixed_random(void *arg)
{
	(void)arg;
	return 42;
}

/* The first byte picks the personality and how to split the input; 0xff
 * bytes elsewhere complete a STARTTLS handshake when one is pending. */
static void run(const uint8_t *data, size_t size, size_t step, struct buf *out)
{
	const struct server_personality *const *all = server_personalities();
	size_t np = 0;
	while (all[np])
		np++;
	struct server_config cfg = {.personality = all[data[0] % np], .tls_available = true,
				    .random = fixed_random, .max_message = 4096,
				    .max_errors = 50};
	struct server_session *s = server_session_new(&cfg);
	for (size_t off = 1; off < size;) {
		size_t n = size - off < step ? size - off : step;
		const uint8_t *ff = memchr(data + off, 0xff, n);
		if (ff)
			n = (size_t)(ff - (data + off));
		server_session_feed(s, data + off, n);
		off += n;
		if (ff) {
			if (server_session_want_tls(s))
				server_session_tls_ready(s);
			off++;
		}
		const uint8_t *p;
		size_t t = server_session_tx(s, &p);
		buf_add(out, p, t);
		server_session_tx_done(s, t);
	}
	server_session_free(s);
}

static void check_replies(const struct buf *b)
{
	for (size_t i = 0; i < b->len;) {
		const char *l = b->data + i;
		const char *crlf = strstr(l, "\r\n");
		if (!crlf || crlf - l < 3 || crlf - l > 510)
			abort();
		for (int k = 0; k < 3; k++)
			if (l[k] < '0' || l[k] > '9')
				abort();
		for (const char *c = l; c < crlf; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				abort();
		i += (size_t)(crlf - l) + 2;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct buf whole, pieces;
	buf_init(&whole, 0);
	buf_init(&pieces, 0);
	run(data, size, size, &whole);
	run(data, size, 1 + data[0] / 16, &pieces);
	check_replies(&whole);
	if (whole.len != pieces.len || (whole.len && memcmp(whole.data, pieces.data, whole.len)))
		abort();
	buf_free(&whole);
	buf_free(&pieces);
	return 0;
}
