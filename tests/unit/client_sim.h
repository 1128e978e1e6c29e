/* The client engine with no network, for unit tests: what it sends is
 * collected in `sent`, its replies (the verb and the line each answers,
 * and the event flags) and violations are recorded as they come. */
#ifndef SMTPDBG_TEST_CLIENT_SIM_H
#define SMTPDBG_TEST_CLIENT_SIM_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"

struct got {
	struct buf sent;      /* the bytes on the wire */
	char answers[16][80]; /* per reply: verb, then " | " and the line it answers */
	unsigned flags[16];   /* per reply: the event's SMTP_F_* flags */
	size_t nrep;
	char viol[8][400];
	size_t nviol;
};

/* Take every queued event, then everything the engine has to send. */
static inline void drain(struct smtp_client *c, struct got *g)
{
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev)) {
		if (ev.type == SMTP_EV_REPLY && g->nrep < 16) {
			g->flags[g->nrep] = ev.flags;
			snprintf(g->answers[g->nrep++], 80, "%s | %s", ev.answers ? ev.answers : "-",
				 ev.answers_line ? ev.answers_line : "-");
		}
		if (ev.type == SMTP_EV_VIOLATION && g->nviol < 8)
			snprintf(g->viol[g->nviol++], 400, "%s", ev.text);
	}
	const uint8_t *p;
	size_t n = smtp_client_tx(c, &p);
	buf_add(&g->sent, p, n);
	smtp_client_tx_done(c, n);
}

/* The server's bytes s arrive. */
static inline void feed(struct smtp_client *c, struct got *g, const char *s)
{
	smtp_client_feed(c, s, strlen(s));
	drain(c, g);
}

/* The line s is typed (no flags). */
static inline void send_line(struct smtp_client *c, struct got *g, const char *s)
{
	cr_assert_eq(smtp_client_send(c, s, strlen(s), 0), 0);
	drain(c, g);
}

#endif
