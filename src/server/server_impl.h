/* What the server session's files share: the session itself and the reply
 * helpers. Not a public interface. */
#ifndef SMTPDBG_SERVER_IMPL_H
#define SMTPDBG_SERVER_IMPL_H

#include "smtpdbg/buf.h"
#include "smtpdbg/server.h"

/* Replies queued but not yet sent; beyond this the driver stops reading. */
#define SERVER_TX_LIMIT (1024 * 1024)

enum srv_state {
	SRV_GREETED,  /* waiting for HELO/EHLO */
	SRV_READY,    /* no transaction */
	SRV_MAIL,     /* MAIL accepted */
	SRV_RCPT,     /* at least one RCPT accepted */
	SRV_DATA,     /* receiving the message */
	SRV_AUTH,     /* a SASL exchange: the next line is a response */
	SRV_TLS_WAIT, /* 220 to STARTTLS sent, waiting for the handshake */
	SRV_CLOSING,  /* 221 or 421 sent: nothing more is read */
};

enum data_scan { DS_BOL, DS_DOT, DS_DOT_CR, DS_MID, DS_CR };

struct server_session {
	struct server_config cfg;
	const struct server_personality *p;
	const char *host;
	enum srv_state st;
	bool ehlo;         /* EHLO (not HELO) was used */
	bool tls;
	bool authed;
	bool quit;         /* closing after QUIT, not after a limit */
	unsigned errors;

	struct buf line;   /* the command line being received */
	bool overflow;     /* it went past the line limit; skip to its LF */
	size_t dropped;    /* bytes of an overlong line, or of a message over
			    * the limit, read and dropped so far */
	struct buf tx;
	bool sent_any;     /* some reply bytes have left */

	/* The transaction. */
	unsigned nrcpt;
	size_t size;       /* unstuffed message bytes so far */
	bool too_big;
	enum data_scan ds;
	unsigned messages;
	size_t last_size;

	/* The SASL exchange. */
	unsigned mech;     /* enum server_mech */
	int auth_step;
	char *login_user;  /* LOGIN: the user name given */
	size_t login_user_len;
	char *challenge;   /* CRAM-MD5 */
	unsigned auth_failures;
};

/* Queue one reply line "CODE TEXT"; a multi-line reply is built with
 * srv_reply_more for all but the last line. */
void srv_reply(struct server_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void srv_note(struct server_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Count a client error; after max_errors, queue 421 and close. Returns
 * true when the session is now closing. */
bool srv_error(struct server_session *s);
void srv_close(struct server_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void srv_log_client(struct server_session *s, const char *p, size_t n, size_t shown);

/* The command table (server_cmds.c). */
void srv_command(struct server_session *s, char *line, size_t n);
void srv_reset_tx(struct server_session *s);

/* AUTH (server_auth.c). */
void srv_auth_start(struct server_session *s, char *args);
void srv_auth_response(struct server_session *s, char *line, size_t n);
void srv_auth_clear(struct server_session *s);

/* Case-insensitive prefix test on a NUL-terminated line. */
bool srv_prefix(const char *s, const char *prefix);

#endif
