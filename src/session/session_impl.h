/* The session's insides, shared by session*.c and no one else. */
#ifndef SMTPDBG_SESSION_IMPL_H
#define SMTPDBG_SESSION_IMPL_H

#include "smtpdbg/pipe_cmd.h"
#include "smtpdbg/conn.h"
#include "smtpdbg/dane.h"
#include "smtpdbg/mx_async.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/net.h"
#include "smtpdbg/session.h"
#include "smtpdbg/tls.h"
#include "smtpdbg/transcript_file.h"
#include "smtpdbg/transcript_spool.h"

#define SESSION_LABEL_MAX 96
#define SESSION_CHALLENGE_MAX 4096

/* What the next line typed at the prompt is for. */
enum session_flow {
	FLOW_SMTP,          /* a line for the server */
	FLOW_SASL_FIELD,    /* the answer to a 334, Base64-encoded for the user */
	FLOW_MECH_USER,     /* a mechanism (PLAIN, CRAM-MD5, :auth) needs the user name */
	FLOW_MECH_PASSWORD, /* ... and the password */
	FLOW_CONFIRM_LINE,  /* send pending_line in clear? */
	FLOW_CONFIRM_AUTH,  /* run :auth in clear? */
	FLOW_CONFIRM_B64,   /* the answer typed at a field is Base64 already: send it as is? */
	FLOW_CONFIRM_B64_USER, /* the user name typed is Base64: use what it decodes to? */
};

/* How a collected user and password are used. */
enum session_use {
	USE_CHALLENGE, /* answer the stored challenge with mech (PLAIN, CRAM-MD5) */
	USE_AUTH,      /* run the whole exchange with smtp_client_auth (:auth) */
};

struct session {
	const struct session_opts *o;
	struct loop *loop;
	struct smtp_client *c;
	struct transcript tr;
	struct tf_spool save;       /* the records :save writes, bounded in memory */
	char started[32];           /* when the session started, ISO 8601 */
	struct narrate_opts no;
	unsigned esc;               /* escape flags for this terminal */
	int64_t t0;
	/* serve --watch's view of a student's session (session_watch.c): the
	 * engine only observes, nothing is kept for :save */
	bool observer;

	/* connection */
	struct conn *conn;          /* NULL without a loop (tests feed bytes) */
	struct pipe_cmd pipe;       /* --pipe: the local MTA (pid > 0 while it runs) */
	bool connected, closed;
	char peer[128];
	char tls_info[160];
	struct dane_set dane;       /* the TLSA records asked before the handshake */
	struct dane_query *dane_q;  /* while they are asked for */
	struct mx_route mx;         /* --mx: the MX hosts, in the order tried */
	size_t mx_i;                /* ... the one being tried */
	struct mx_query *mx_q;      /* while the route is asked for */
	uint64_t timer;

	/* exchanges */
	int64_t sent_ms;            /* when the oldest unanswered command went out */
	bool awaiting;
	bool body_blank_seen;       /* this message's first empty line went out */
	char auth_mech[32];         /* the mechanism of the last AUTH the user typed */
	unsigned sasl_answers;      /* answers sent in that exchange (its initial response counts) */
	char auth_text[48];
	struct annot_items pending; /* a SASL step's explanation for the next line */
	uint8_t *challenge;         /* the last 334's decoded challenge */
	size_t challenge_len;
	bool have_challenge;
	bool engine_auth;           /* :auth runs: the engine answers every 334 */
	unsigned auth_tried;        /* mechanisms tried since the last :auth MECH, by
				     * their index in sasl_all(), for :auth next */

	/* the prompt */
	enum session_flow flow;
	bool field_secret;
	char label[SESSION_LABEL_MAX];
	char *pending_line;         /* a line waiting for "send in clear?" or "as is?" */
	bool pending_secret;        /* ... typed in a hidden field */
	enum session_use use;
	const struct sasl_mech *mech;
	char *user;                 /* collected for a mechanism; wiped */
	char *message;              /* for the message line */
};

/* The TLS session (during or after the handshake), or NULL. */
static inline struct tls_conn *session_tls(const struct session *s)
{
	return s->conn ? conn_tls(s->conn) : NULL;
}

/* Lines now travel inside TLS. */
static inline bool session_in_tls(const struct session *s)
{
	return session_tls(s) && !conn_handshaking(s->conn);
}

/* session.c */
void session_pump(struct session *s);
void session_note(struct session *s, enum tr_kind kind, const char *text);
void session_say(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int64_t session_now(const struct session *s);
long session_last_protocol_line(const struct transcript *t);
/* Send a line through the engine (refused, with a message, when not
 * connected); session_send_line also notes a typed AUTH line. */
int session_send(struct session *s, const char *line, size_t n, unsigned flags);
void session_send_line(struct session *s, const char *line);

/* session_auth.c: the prompts of an AUTH exchange */
void session_on_challenge(struct session *s, const uint8_t *chal, size_t len);
bool session_auth_submit(struct session *s, const char *line);
void session_auth_reset(struct session *s);
bool session_cleartext_auth(const struct session *s, const char *mech);
/* What to do instead of sending a password in clear, by what the server
 * offers: STARTTLS only when it does. */
const char *session_cleartext_advice(const struct session *s);
void session_auth_tool(struct session *s, const char *mech);
/* An AUTH exchange ended with code (not 235): remember the mechanism as
 * tried and add to the reply's explanation what :auth next would try. */
/* After a failed AUTH: the next mechanism is named when the server
 * refused the mechanism (d: the reply's diagnosis). */
void session_auth_failed(struct session *s, size_t entry, const struct diag_result *d);
void session_cram_tool(struct session *s);

/* session_io.c */
void session_io_start_tls(struct session *s);
void session_io_free(struct session *s);

#endif
