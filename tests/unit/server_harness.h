/* Shared by the server session tests: feed client bytes (whole or one at a
 * time) and collect what the server sends, the log and the message. */
#ifndef SMTPDBG_TEST_SERVER_HARNESS_H
#define SMTPDBG_TEST_SERVER_HARNESS_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/server.h"

struct harness {
	struct server_session *s;
	struct buf out;  /* everything the server sent */
	struct buf log;  /* "C: ", "S: ", "#: " lines, secrets masked */
	struct buf data; /* the unstuffed message content */
};

static uint64_t fixed_random(void *arg)
{
	(void)arg;
	return 1896609055;
}

static int64_t fixed_now(void *arg)
{
	(void)arg;
	return 1700000000;
}

static void on_log(void *arg, const struct server_log *e)
{
	struct harness *h = arg;
	static const char *const tag[] = {"C: ", "S: ", "#: "};
	buf_adds(&h->log, tag[e->kind]);
	buf_add(&h->log, e->text, e->shown);
	if (e->shown < e->len)
		buf_adds(&h->log, e->shown ? " ****" : "****");
	buf_addc(&h->log, '\n');
}

static void on_data(void *arg, const void *p, size_t n)
{
	struct harness *h = arg;
	buf_add(&h->data, p, n);
}

static void drain(struct harness *h)
{
	const uint8_t *p;
	size_t n = server_session_tx(h->s, &p);
	buf_add(&h->out, p, n);
	server_session_tx_done(h->s, n);
}

static void h_start(struct harness *h, const char *personality, struct server_config *cfg)
{
	memset(h, 0, sizeof *h);
	buf_init(&h->out, 0);
	buf_init(&h->log, 0);
	buf_init(&h->data, 0);
	struct server_config c = {0};
	if (cfg)
		c = *cfg;
	c.personality = server_personality_find(personality);
	cr_assert_not_null(c.personality, "personality %s", personality);
	c.random = fixed_random;
	c.now = fixed_now;
	c.log = on_log;
	c.log_arg = h;
	c.data = on_data;
	c.data_arg = h;
	h->s = server_session_new(&c);
	drain(h);
}

static void h_free(struct harness *h)
{
	server_session_free(h->s);
	buf_free(&h->out);
	buf_free(&h->log);
	buf_free(&h->data);
}

/* Feed text and return (in h->out, emptied first) what the server sent. */
static const char *h_send(struct harness *h, const char *text, bool bytewise)
{
	buf_reset(&h->out);
	size_t n = strlen(text);
	if (bytewise) {
		for (size_t i = 0; i < n; i++) {
			server_session_feed(h->s, text + i, 1);
			drain(h);
		}
	} else {
		server_session_feed(h->s, text, n);
		drain(h);
	}
	return h->out.data ? h->out.data : "";
}

#endif
