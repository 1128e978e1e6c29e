/* serve's explained log against a hostile client: the real server session
 * fed any bytes, its log through serve_log. No crash, no leak; every line
 * of the log starts with the session's number and holds no control byte
 * (everything from the client escaped); the saved records read back as
 * a transcript, and replayed through the client engine (as the log's
 * mirror did) every reply answers a command: a reply without one would
 * mean the engine lost step with the session, and the explanations with
 * it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/serve_log.h"
#include "smtpdbg/server.h"
#include "smtpdbg/transcript_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	struct serve_log *log;
	struct buf out, file;
};

static uint64_t fixed_random(void *arg)
{
	(void)arg;
	return 42;
}

static void on_log(void *arg, const struct server_log *e)
{
	struct ctx *x = arg;
	serve_log_entry(x->log, e, 0, &x->out);
}

static void on_record(void *arg, const struct tf_record *r)
{
	struct ctx *x = arg;
	tf_format_record(&x->file, r, false);
}

static void check_log(const struct buf *b)
{
	for (size_t i = 0; i < b->len;) {
		const char *l = b->data + i;
		const char *nl = memchr(l, '\n', b->len - i);
		if (!nl || strncmp(l, "[1] ", 4))
			abort();
		for (const char *c = l; c < nl; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				abort();
		i += (size_t)(nl - l) + 1;
	}
}

/* The records replayed as `smtpdbg replay` would: the teaching server
 * answers every command once, so a reply the engine finds no command for
 * means it lost step with the session. */
static void on_replayed(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	(void)arg;
	(void)rec;
	if (ev->type == SMTP_EV_REPLY && !ev->answers)
		abort();
}

/* The first byte picks the personality and whether secrets show; 0xff
 * bytes complete a STARTTLS handshake when one is pending. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct server_personality *const *all = server_personalities();
	size_t np = 0;
	while (all[np])
		np++;
	struct ctx x;
	buf_init(&x.out, 0);
	buf_init(&x.file, 0);
	tf_format_header(&x.file, &(struct tf_header){.peer = (char *)"127.0.0.1:1"});
	x.log = serve_log_new(&(struct serve_log_opts){.id = 1, .explain = true,
						       .show_secrets = data[0] & 0x80,
						       .record = on_record, .arg = &x});
	struct server_config cfg = {.personality = all[(data[0] & 0x7f) % np],
				    .tls_available = true, .random = fixed_random,
				    .max_message = 4096, .max_errors = 50,
				    .log = on_log, .log_arg = &x};
	struct server_session *s = server_session_new(&cfg);
	for (size_t off = 1; off < size;) {
		const uint8_t *ff = memchr(data + off, 0xff, size - off);
		size_t n = ff ? (size_t)(ff - (data + off)) : size - off;
		server_session_feed(s, data + off, n);
		off += n;
		if (ff) {
			if (server_session_want_tls(s))
				server_session_tls_ready(s);
			off++;
		}
		const uint8_t *p;
		server_session_tx_done(s, server_session_tx(s, &p));
	}
	serve_log_end(x.log, "the fuzzer is done", 0, &x.out);
	server_session_free(s);
	serve_log_free(x.log);
	check_log(&x.out);
	struct tf_list l;
	tf_list_init(&l);
	if (tf_parse(&l, x.file.data, x.file.len, "fuzz", NULL, NULL, NULL) < 0)
		abort();
	replay_run(&l, &(struct replay_cb){.event = on_replayed});
	tf_list_free(&l);
	buf_free(&x.out);
	buf_free(&x.file);
	return 0;
}
