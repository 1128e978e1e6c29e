/* The client engine's insides, shared by its files (client*.c) and no
 * one else: the engine is one object split by concern. */
#ifndef SMTPDBG_CLIENT_IMPL_H
#define SMTPDBG_CLIENT_IMPL_H

#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"

#define VERB_MAX 16
/* Header lines of a streamed message shown, and the bytes of each. */
#define CLIENT_HDR_LINES_MAX 1000
#define CLIENT_HDR_LINE_MAX 998

/* An event and the memory it points to, freed once the caller moves on. */
struct ev_item {
	struct smtp_event ev;
	struct smtp_reply *reply;
	uint8_t *data;
	size_t data_len;
	char *text;
	struct annot_items *items;
};

struct smtp_client {
	char *ehlo_name;
	enum smtp_state state;
	struct reply_framer fr;
	struct smtp_caps caps;
	bool greeted, hello_done, tls, tls_wait, tls_needs_ehlo, authed, closed;
	bool sasl_turn;      /* a 334 arrived: the next line answers it */
	bool sasl_cancelled; /* the client answered "*": a 235 now is a lie */
	bool injected_seen;  /* plaintext after the STARTTLS 220 was reported */
	struct buf tx;

	char (*pend)[VERB_MAX]; /* verbs awaiting replies, oldest first */
	size_t npend, pend_cap;

	struct ev_item *q;   /* queued events */
	size_t qhead, qlen, qcap;
	struct ev_item given; /* the event last handed out */

	/* an AUTH exchange typed by hand (or scripted, or replayed) */
	char hand_mech[32];
	unsigned hand_answers; /* answers so far, the initial response counting */

	/* automatic SASL exchange */
	const struct sasl_mech *mech;
	void *mech_state;
	char *held_ir;       /* initial response waiting for an empty 334 */
	bool held_secret;    /* ... and it reveals the password */

	/* streamed message content */
	bool body_bol, body_cr;
	/* its header lines, shown as SENT lines until the empty line */
	bool hdr_on, hdr_cr;
	size_t hdr_len, hdr_lines;
	char hdr_line[CLIENT_HDR_LINE_MAX];
};

/* A SENT event for a line queued by other means (client.c). */
void client_emit_sent(struct smtp_client *c, const char *line, size_t n, unsigned flags);
/* A new message starts after 354: its header lines will be shown. */
void client_body_start(struct smtp_client *c);

/* events (client_events.c) */
struct ev_item *client_push_event(struct smtp_client *c, enum smtp_ev_type type);
void client_item_free(struct ev_item *it);
void client_ev_text(struct smtp_client *c, enum smtp_ev_type type, const char *text,
		    unsigned flags);
void client_violation(struct smtp_client *c, unsigned who, const char *text);
void client_set_state(struct smtp_client *c, enum smtp_state to);

/* SASL (client_sasl.c) */
void client_mech_end(struct smtp_client *c);
void client_on_challenge(struct smtp_client *c, const struct smtp_reply *r);
/* The server said 235: does the running mechanism accept that (a mutual
 * authentication mechanism must have verified the server)? True when no
 * mechanism is running (AUTH typed by hand), unless the client cancelled. */
bool client_mech_success(struct smtp_client *c);

#endif
