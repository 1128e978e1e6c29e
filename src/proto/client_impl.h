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
	char *line; /* the command a pipelined reply answers */
};

/* A command awaiting its reply. */
struct pend {
	char verb[VERB_MAX];
	char *line;  /* the command as sent (not for AUTH and its answers), or NULL */
	bool piped;  /* other commands were in flight with it (RFC 2920) */
	bool last;   /* BDAT ... LAST */
	bool per_rcpt; /* one of the replies per recipient (PRDR, LMTP) */
	bool last_rcpt; /* LMTP: the last of them */
	bool lmtp_fan;  /* LMTP's end of data: one reply per recipient, fanned out at the first */
};

struct smtp_client {
	char *ehlo_name;
	enum smtp_state state;
	struct reply_framer fr;
	struct smtp_caps caps;
	bool greeted, hello_done, tls, tls_wait, tls_needs_ehlo, authed, closed;
	bool sasl_turn;      /* a 334 arrived: the next line answers it */
	bool sasl_cancelled; /* the client answered "*": a 235 now is a lie */
	char *auth_error;    /* why smtp_client_auth could not start, or NULL */
	bool injected_seen;  /* plaintext after the STARTTLS 220 was reported */
	struct buf tx;

	struct pend *pend;   /* commands awaiting replies, oldest first */
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

	/* BDAT (RFC 3030): octets the last BDAT line announced and not yet sent */
	size_t bdat_left;
	/* the message streamed as BDAT chunks (smtp_client_chunking) */
	bool chunk_input;    /* the body goes to chunks (until smtp_client_body_end) */
	bool chunk_run;      /* chunks are being sent (until LAST, or stopped) */
	bool chunk_ended;    /* smtp_client_body_end came: the rest goes with LAST */
	bool chunk_cr;       /* a CR ended the last input */
	bool chunk_bol;      /* the content so far ends a line (or is empty) */
	size_t chunk_size;
	struct buf chunk;    /* normalised content not yet sent */

	/* PRDR (RFC draft-hall-prdr): asked for on MAIL, the accepted RCPT
	 * lines; LMTP (RFC 2033) keeps the same list for its replies after
	 * the data (an entry may be NULL: a line too long to keep) */
	bool prdr, lmtp;
	char **prdr_rcpt;
	size_t nprdr_rcpt;
};

/* A SENT event for a line (client.c). */
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

/* BDAT chunks (client_chunks.c) */
/* Send what is buffered as BDAT chunks, as far as the rules allow. */
void client_chunk_flush(struct smtp_client *c);
/* A typed or scripted line while a BDAT's data is due: it is data. */
void client_chunk_line(struct smtp_client *c, const char *line, size_t n, unsigned flags);
void client_chunk_stop(struct smtp_client *c);
/* The streamed body while chunking. */
void client_chunk_body(struct smtp_client *c, const char *p, size_t n);
void client_chunk_end(struct smtp_client *c);

/* SASL (client_sasl.c) */
void client_mech_end(struct smtp_client *c);
void client_on_challenge(struct smtp_client *c, const struct smtp_reply *r);
/* The server said 235: does the running mechanism accept that (a mutual
 * authentication mechanism must have verified the server)? True when no
 * mechanism is running (AUTH typed by hand), unless the client cancelled. */
bool client_mech_success(struct smtp_client *c);

#endif
