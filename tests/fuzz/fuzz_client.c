/* The client engine and the transcript printer against a hostile server:
 * no crash, no leak, and nothing printed carries a control character. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/client.h"
#include "smtpdbg/narrate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Not a line: stream a body as BDAT chunks (smtp_client_chunking). */
#define CHUNKS "(chunks)"

static const char *const commands[] = {
	"EHLO fuzz", "STARTTLS", "AUTH LOGIN", "dGlt", "MAIL FROM:<a@b>", "RCPT TO:<c@d>",
	"DATA", "line", ".", "RSET", "QUIT", "NOOP",
	/* the extensions that change how data and replies line up */
	"MAIL FROM:<a@b> PRDR", "BDAT 6", "BDAT 2 LAST", "x", CHUNKS,
	/* LMTP's hello (an input of odd length is an LMTP session) */
	"LHLO fuzz",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	struct narrate_opts o = {.explain = true};
	/* LMTP or SMTP, without taking a byte from the server's input. */
	struct smtp_client *c = smtp_client_new(&(struct smtp_client_opts){.lmtp = size & 1});
	size_t cmd = 0;

	/* Each 0xff byte in the input makes the client send its next command;
	 * everything else is server bytes. */
	for (size_t off = 0; off < size;) {
		const uint8_t *ff = memchr(data + off, 0xff, size - off);
		size_t n = ff ? (size_t)(ff - (data + off)) : size - off;
		smtp_client_feed(c, data + off, n);
		off += n;
		if (ff) {
			const char *l = commands[cmd++ % (sizeof commands / sizeof commands[0])];
			if (!strcmp(l, CHUNKS)) {
				smtp_client_chunking(c, 7);
				smtp_client_body(c, "ab\n.c\r\nd\re", 11);
				smtp_client_body_end(c);
			} else {
				smtp_client_send(c, l, strlen(l), 0);
			}
			if (smtp_client_state(c) == SMTP_ST_TLS)
				smtp_client_tls_ready(c, true);
			off++;
		}
		struct smtp_event ev;
		while (smtp_client_next_event(c, &ev))
			narrate_event(f, &o, &ev);
		const uint8_t *p;
		smtp_client_tx_done(c, smtp_client_tx(c, &p));
	}
	smtp_client_closed(c, "end of input");
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		narrate_event(f, &o, &ev);
	smtp_client_free(c);
	fclose(f);
	for (size_t i = 0; i < outlen; i++) {
		unsigned char ch = (unsigned char)out[i];
		if ((ch < 0x20 && ch != '\n') || ch == 0x7f)
			abort();
	}
	free(out);
	return 0;
}
