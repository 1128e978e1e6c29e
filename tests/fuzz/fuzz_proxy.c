/* The proxy's relay between a hostile mail program and a hostile server:
 * any bytes on either side, in any pieces. No crash, no leak; what goes
 * upstream is always a prefix of what the client sent (nothing invented,
 * nothing reordered; only what follows STARTTLS is dropped); what goes to
 * the client is never more than the server sent (the EHLO filter only takes
 * out); every line is mirrored through the client engine as the proxy's
 * narration does, and its records are written as a transcript.
 *
 * Input: pieces of a header byte (bit 7: from the server, else from the
 * client; bits 0-6: the length) and that many bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/proxy_log.h"
#include "smtpdbg/proxy_relay.h"
#include "smtpdbg/transcript_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	struct proxy_log *log;
	struct buf file;
	bool up_tls;
};

static void on_record(void *arg, const struct tf_record *r)
{
	struct ctx *x = arg;
	tf_format_record(&x->file, r, false);
}

static void on_line(void *arg, enum proxy_party who, const char *p, size_t n, bool body,
		    bool bare)
{
	struct ctx *x = arg;
	(void)body;
	unsigned flags = (x->up_tls ? TF_F_TLS : 0) | (bare && who == PROXY_SERVER ? TF_F_BARE_LF : 0);
	proxy_log_line(x->log, who == PROXY_CLIENT ? TF_CLIENT : TF_SERVER, flags, p, n, 0);
}

static void on_note(void *arg, bool warn, const char *text)
{
	struct ctx *x = arg;
	proxy_log_note(x->log, warn, text, 0);
}

/* Upstream: a prefix of the client's bytes since STARTTLS was last
 * answered (what the client sent after it, before TLS, is gone). */
static void check_prefix(struct buf *up, struct buf *sent)
{
	if (up->len > sent->len || (up->len && memcmp(up->data, sent->data, up->len)))
		abort();
	buf_reset(up);
	buf_reset(sent);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx x = {0};
	buf_init(&x.file, 0);
	x.log = proxy_log_new(&(struct proxy_log_opts){.record = on_record, .arg = &x});
	struct proxy_relay *r = proxy_relay_new(
		false, false, &(struct proxy_relay_cb){.line = on_line, .note = on_note, .arg = &x});
	struct buf up, down, sent_c, sent_s;
	buf_init(&up, 0);
	buf_init(&down, 0);
	buf_init(&sent_c, 0);
	buf_init(&sent_s, 0);
	for (size_t i = 0; i < size;) {
		bool server = data[i] & 0x80;
		size_t n = data[i] & 0x7f;
		i++;
		if (n > size - i)
			n = size - i;
		if (server) {
			buf_add(&sent_s, data + i, n);
			bool waited = proxy_relay_awaits_starttls(r);
			if (proxy_relay_server(r, data + i, n, &down) == PROXY_UP_TLS) {
				proxy_relay_release(r, &down);
				x.up_tls = true;
				check_prefix(&up, &sent_c);
				proxy_relay_tls(r);
			} else if (waited && !proxy_relay_awaits_starttls(r)) {
				check_prefix(&up, &sent_c); /* refused: in clear again */
			}
		} else {
			if (!proxy_relay_awaits_starttls(r))
				buf_add(&sent_c, data + i, n);
			proxy_relay_client(r, data + i, n, &up);
		}
		i += n;
	}
	check_prefix(&up, &sent_c);
	/* Downstream: never more than the server sent. */
	if (down.len > sent_s.len)
		abort();
	proxy_log_end(x.log, "end", 0);
	proxy_relay_free(r);
	proxy_log_free(x.log);
	buf_free(&up);
	buf_free(&down);
	buf_free(&sent_c);
	buf_free(&sent_s);
	buf_free(&x.file);
	return 0;
}
