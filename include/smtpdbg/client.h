/* The SMTP client engine: a state machine with no I/O.
 * Server bytes go in (smtp_client_feed); events come out
 * (smtp_client_next_event) and bytes to send are drained by the caller
 * (smtp_client_tx / smtp_client_tx_done). It never touches a socket or a
 * terminal, so the TUI, `run`, replay and the tests drive the same code.
 *
 * A debugger must let people break rules: commands sent out of order are
 * sent anyway and annotated with a VIOLATION event, never refused. */
#ifndef SMTPDBG_CLIENT_H
#define SMTPDBG_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/caps.h"
#include "smtpdbg/reply.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/smtp_state.h"

enum smtp_ev_type {
	SMTP_EV_REPLY,     /* a complete reply: reply, answers */
	SMTP_EV_SENT,      /* a line queued for sending: data/len, flags */
	SMTP_EV_STATE,     /* from -> to */
	SMTP_EV_CAPS,      /* capabilities changed (parsed or forgotten) */
	SMTP_EV_NEED_TLS,  /* STARTTLS accepted: handshake, then smtp_client_tls_ready */
	SMTP_EV_AUTH_STEP, /* a SASL step: data/len = decoded challenge, text = explanation */
	SMTP_EV_VIOLATION, /* text = what rule was broken, and by whom (flags) */
	SMTP_EV_CLOSED,    /* the connection ended; text says how */
};

/* Flags on SENT lines and VIOLATION events. */
enum {
	SMTP_F_SECRET = 1u << 0, /* reveals a secret: mask it when shown */
	SMTP_F_RAW = 1u << 1,    /* sent verbatim: no CRLF added, not inspected */
	SMTP_F_SASL = 1u << 2,   /* a SASL response line (answers a 334) */
	SMTP_F_BODY = 1u << 3,   /* message content after 354 */
	SMTP_F_SERVER = 1u << 4, /* VIOLATION: the server broke the rule */
	SMTP_F_CLIENT = 1u << 5, /* VIOLATION: the client (the user) did */
	SMTP_F_TLS = 1u << 6,    /* REPLY: it came over TLS */
	SMTP_F_AUTHED = 1u << 7, /* REPLY: the client had authenticated before it */
	SMTP_F_LAST = 1u << 8,   /* REPLY: it answers BDAT ... LAST */
	/* SENT: a BDAT line whose octets the engine streamed itself, not as
	 * lines; to smtp_client_send: no lines follow as its octets (a
	 * replayed transcript, which does not hold them) */
	SMTP_F_CHUNK = 1u << 9,
	/* REPLY: LMTP's reply for one recipient after the end of data (its
	 * RCPT line is answers_line) */
	SMTP_F_LMTP_RCPT = 1u << 10,
	/* REPLY: the last of those (the events of several replies can wait in
	 * the queue together: the engine's state is already past them) */
	SMTP_F_LMTP_DONE = 1u << 11,
	/* AUTH_STEP: the mechanism gave up on this challenge (text says why);
	 * the engine cancels with "*" */
	SMTP_F_SASL_GAVE_UP = 1u << 12,
	/* REPLY: it answers the client's "*", the cancelled exchange (a 535
	 * then judges no password: some servers answer so, not 501) */
	SMTP_F_CANCELLED = 1u << 13,
};

struct smtp_event {
	enum smtp_ev_type type;
	const struct smtp_reply *reply; /* REPLY */
	const char *answers;            /* REPLY: "GREETING", "EHLO", "AUTH", ...; NULL if unsolicited */
	enum smtp_state from, to;       /* STATE */
	const uint8_t *data;            /* SENT: line without CRLF; AUTH_STEP: decoded challenge */
	size_t len;
	const char *text;               /* VIOLATION, AUTH_STEP, CLOSED: UTF-8, safe to show */
	unsigned flags;
	/* AUTH_STEP: the same explanation as items, each secret masked with its
	 * revealed form beside it (annot_items_apply chooses); NULL: text only */
	const struct annot_items *items;
	/* SENT with SMTP_F_SASL, and a REPLY to AUTH or a SASL answer (334,
	 * 235, 535, ...): the mechanism the answer or reply belongs to
	 * (static, the registry's spelling), NULL when unknown */
	const char *mech;
	/* REPLY: the command line it answers when it came pipelined (other
	 * commands were in flight with it, RFC 2920) or per recipient after
	 * PRDR's 353 or after LMTP's end of data (its RCPT line); NULL otherwise */
	const char *answers_line;
};

struct smtp_client_opts {
	const char *ehlo_name;   /* used when the engine sends EHLO itself */
	bool tls_active;         /* implicit TLS: the session starts encrypted */
	/* LMTP (RFC 2033): LHLO is the greeting, and after the end of the
	 * data one reply per accepted recipient is due, each REPLY carrying
	 * its RCPT line in answers_line */
	bool lmtp;
	struct reply_limits limits;
};

struct smtp_client;

struct smtp_client *smtp_client_new(const struct smtp_client_opts *opts);
void smtp_client_free(struct smtp_client *c);
/* The name the engine gives in EHLO (after STARTTLS) and plans send. */
void smtp_client_set_ehlo_name(struct smtp_client *c, const char *name);
const char *smtp_client_ehlo_name(const struct smtp_client *c);

/* Server bytes in. May be called with any number of bytes at a time.
 * After NEED_TLS, bytes fed before smtp_client_tls_ready are plaintext the
 * server injected: they are discarded and reported, never parsed. */
void smtp_client_feed(struct smtp_client *c, const void *p, size_t n);
/* The connection ended (EOF or error); why is shown to the user. */
void smtp_client_closed(struct smtp_client *c, const char *why);

/* Send one command line (n bytes, no CRLF). The engine adds CRLF, works out
 * which command it is and what reply it expects, and annotates rule
 * breaking. Lines with CR, LF or NUL are refused (returns -1) unless
 * SMTP_F_RAW, which sends the bytes exactly as given. flags: SMTP_F_SECRET
 * to mask the line in transcripts. In the DATA state lines are message
 * content; "." ends it. */
int smtp_client_send(struct smtp_client *c, const char *line, size_t n, unsigned flags);

/* Message content after 354, streamed: dot-stuffed, line ends made CRLF.
 * Call smtp_client_body_end to send the final ".". */
void smtp_client_body(struct smtp_client *c, const void *p, size_t n);
void smtp_client_body_end(struct smtp_client *c);

/* Send the message content that follows as BDAT chunks of chunk_size
 * octets (RFC 3030) instead of after DATA: smtp_client_body and
 * smtp_client_body_end then make line ends CRLF (no dot-stuffing) and the
 * last chunk carries LAST. Chunks wait for each other's replies unless the
 * server offers PIPELINING; a refused chunk stops the rest. */
void smtp_client_chunking(struct smtp_client *c, size_t chunk_size);
/* Whether smtp_client_body takes more now: false while a whole chunk
 * waits to be sent, so memory stays at about one chunk. */
bool smtp_client_body_wants(const struct smtp_client *c);
/* Stop sending chunks (the plan gives up on the transaction). */
void smtp_client_chunking_stop(struct smtp_client *c);
/* Octets of data the last BDAT line announced that are still due: typed
 * or scripted lines go as those data until it is 0. */
size_t smtp_client_bdat_left(const struct smtp_client *c);

/* Run a whole SASL exchange: sends AUTH with the initial response when the
 * mechanism has one, answers every 334 with the mechanism's response, and
 * cancels with "*" on a bad challenge. Credentials are copied. */
int smtp_client_auth(struct smtp_client *c, const struct sasl_mech *m,
		     const struct sasl_creds *creds);
/* Why the last smtp_client_auth returned -1 (the mechanism's own last
 * line: no ticket, no keytab key, ...), or "" when it gave no reason. */
const char *smtp_client_auth_error(const struct smtp_client *c);

/* The TLS handshake after NEED_TLS succeeded: forget the capabilities
 * (RFC 3207 §4.2) and, with send_ehlo, send EHLO again. */
void smtp_client_tls_ready(struct smtp_client *c, bool send_ehlo);

/* Bytes waiting to be sent. tx returns how many and points *p at them;
 * tx_done says how many the caller wrote. */
size_t smtp_client_tx(struct smtp_client *c, const uint8_t **p);
void smtp_client_tx_done(struct smtp_client *c, size_t n);

/* The next event, or false when none is queued. What the event points to
 * stays valid until the next call (or smtp_client_free). */
bool smtp_client_next_event(struct smtp_client *c, struct smtp_event *ev);

enum smtp_state smtp_client_state(const struct smtp_client *c);
const struct smtp_caps *smtp_client_caps(const struct smtp_client *c);
bool smtp_client_tls(const struct smtp_client *c);
bool smtp_client_authenticated(const struct smtp_client *c);
/* Whether the session speaks LMTP (smtp_client_opts.lmtp). */
bool smtp_client_lmtp(const struct smtp_client *c);
/* Commands sent whose replies have not arrived yet. */
size_t smtp_client_outstanding(const struct smtp_client *c);
/* The verb of the oldest command awaiting its reply, or NULL. */
const char *smtp_client_awaiting(const struct smtp_client *c);

#endif
