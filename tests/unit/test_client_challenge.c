/* A 334 challenge the engine itself flagged as cut short (longer than the
 * reply line cap) is not answered: the exchange is cancelled with "*" and
 * the reason is given. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/client.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/xmalloc.h"

static void take_tx(struct smtp_client *c, struct buf *out)
{
	const uint8_t *p;
	size_t n;
	while ((n = smtp_client_tx(c, &p)) > 0) {
		buf_add(out, p, n);
		smtp_client_tx_done(c, n);
	}
}

static void feed(struct smtp_client *c, const char *s)
{
	smtp_client_feed(c, s, strlen(s));
}

/* Drain the events; true if a violation contains want. */
static bool violation(struct smtp_client *c, const char *want)
{
	bool seen = false;
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		if (ev.type == SMTP_EV_VIOLATION && ev.text && strstr(ev.text, want))
			seen = true;
	return seen;
}

static struct smtp_client *ready_client(struct buf *tx)
{
	struct smtp_client *c = smtp_client_new(&(struct smtp_client_opts){
		.ehlo_name = "client.test", .limits = {.line_cap = 64}});
	feed(c, "220 mx.test ESMTP\r\n");
	cr_assert_eq(smtp_client_send(c, "EHLO client.test", 16, 0), 0);
	feed(c, "250-mx.test\r\n250 AUTH CRAM-MD5\r\n");
	violation(c, "");
	const struct sasl_mech *m = sasl_find("CRAM-MD5");
	cr_assert(m);
	cr_assert_eq(smtp_client_auth(c, m, &(struct sasl_creds){.user = "u", .password = "p"}), 0);
	take_tx(c, tx);
	buf_reset(tx);
	violation(c, "");
	return c;
}

Test(client_challenge, truncated_challenge_is_cancelled)
{
	struct buf tx;
	buf_init(&tx, 0);
	struct smtp_client *c = ready_client(&tx);
	/* A valid Base64 challenge far over the 64-byte cap: what is kept of
	 * it still decodes, but it is not what the server sent. */
	struct buf line;
	buf_init(&line, 0);
	buf_adds(&line, "334 ");
	for (int i = 0; i < 50; i++)
		buf_adds(&line, "PDEyMzQ1");
	buf_adds(&line, "\r\n");
	smtp_client_feed(c, line.data, line.len);
	take_tx(c, &tx);
	cr_assert_str_eq(tx.data ? tx.data : "", "*\r\n", "sent: %s", tx.data ? tx.data : "");
	cr_assert(violation(c, "cut short"), "the reason is given");
	buf_free(&line);
	buf_free(&tx);
	smtp_client_free(c);
}

Test(client_challenge, whole_challenge_is_answered)
{
	struct buf tx;
	buf_init(&tx, 0);
	struct smtp_client *c = ready_client(&tx);
	feed(c, "334 PDEyMzQ1QG14LnRlc3Q+\r\n");
	take_tx(c, &tx);
	cr_assert(tx.len > 3 && strcmp(tx.data, "*\r\n") != 0, "sent: %s", tx.data);
	buf_free(&tx);
	smtp_client_free(c);
}
