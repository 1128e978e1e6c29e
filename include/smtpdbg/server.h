/* The embedded teaching SMTP server, as a pure session: client bytes in,
 * reply bytes out, no sockets and no clock of its own. One personality
 * (data, see server_personality_find) decides what is offered and allowed.
 * The driver (server_conn.h) moves the bytes and runs the TLS handshake
 * when the session asks for it. */
#ifndef SMTPDBG_SERVER_H
#define SMTPDBG_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with CRLF. */
#define SERVER_LINE_MAX 512
/* RFC 4954 §4: a SASL response line may be 12,288 octets. */
#define SERVER_AUTH_LINE_MAX 12288
#define SERVER_DEFAULT_MAX_MESSAGE (10u * 1024 * 1024)
#define SERVER_DEFAULT_MAX_ERRORS 20
#define SERVER_DEFAULT_MAX_RCPTS 100
#define SERVER_DEFAULT_MAX_AUTH_FAILURES 5
/* A command line longer than its limit is dropped and answered 500 at its
 * end; one still without an end after this many bytes closes the session
 * (421): a client that streams one endless line is not read for ever. */
#define SERVER_LINE_CUTOFF (1024 * 1024)

enum server_mech {
	SERVER_MECH_PLAIN = 1u << 0,
	SERVER_MECH_LOGIN = 1u << 1,
	SERVER_MECH_CRAM_MD5 = 1u << 2,
};

/* What a personality offers and allows: data, not code. */
struct server_personality {
	const char *name;
	const char *summary;       /* one line for --list-personalities */
	const char *hostname;      /* default name in the banner and EHLO */
	const char *banner;        /* after "220 HOSTNAME " */
	const char *ehlo_greeting; /* after the name on EHLO's first line, or NULL */
	const char *auth_ok;       /* the 235 line, or NULL: "235 2.7.0 Authentication successful" */
	bool ehlo_extensions;      /* PIPELINING, SIZE, ENHANCEDSTATUSCODES, 8BITMIME */
	bool starttls;             /* STARTTLS offered (when TLS is available) */
	bool auth_needs_tls;       /* AUTH offered and allowed only under TLS */
	bool tls_required;         /* before TLS only EHLO, HELO, STARTTLS, NOOP, RSET,
				    * HELP, QUIT (530; when TLS is available) */
	bool auth_required;        /* no MAIL before AUTH (530, RFC 6409 §4.3) */
	unsigned mechs;            /* enum server_mech; 0: no AUTH */
	const char *auth_order;    /* the EHLO AUTH line's mechanisms, in order */
	bool open_relay;           /* any recipient, no AUTH needed */
	const char *user, *password;
	/* A fixed CRAM-MD5 challenge (an RFC's example, so its digest can be
	 * checked against the RFC), or NULL: "<RANDOM.TIME@HOSTNAME>". */
	const char *cram_challenge;
};

/* Accounts besides the personality's own (`serve --users FILE`), sorted
 * by name so a lookup is a binary search; see server_users.h. */
struct server_account {
	char *user, *password; /* NUL-terminated, neither holds a NUL */
	size_t user_len;
	size_t line;           /* where the users file gave it */
};

struct server_accounts {
	struct server_account *v;
	size_t n;
};

const struct server_personality *server_personality_find(const char *name);
/* All personalities, NULL-terminated; the first is the default. */
const struct server_personality *const *server_personalities(void);

/* One line of the session for a log or a transcript. */
enum server_log_kind {
	SERVER_LOG_CLIENT, /* a command line (or a SASL response) received */
	SERVER_LOG_SERVER, /* one reply line sent */
	SERVER_LOG_NOTE,   /* what happened, in words (message size, TLS, ...) */
};

struct server_log {
	enum server_log_kind kind;
	const char *text; /* without CRLF; client text may hold any bytes */
	size_t len;
	size_t shown;     /* bytes that may be shown; the rest is a secret */
	bool tls;         /* sent or received inside TLS */
};

typedef void (*server_log_fn)(void *arg, const struct server_log *e);

struct server_config {
	const struct server_personality *personality; /* NULL: the default */
	const char *hostname;     /* NULL: the personality's */
	bool tls_available;       /* the driver can run a TLS handshake */
	size_t max_message;       /* 0: SERVER_DEFAULT_MAX_MESSAGE */
	unsigned max_errors;      /* 0: SERVER_DEFAULT_MAX_ERRORS */
	unsigned max_rcpts;       /* 0: SERVER_DEFAULT_MAX_RCPTS */
	/* A command line's limit with CRLF (0: SERVER_LINE_MAX); a SASL
	 * response may always be SERVER_AUTH_LINE_MAX. */
	size_t max_line;
	/* Failed logins (535) before the session is closed with 421
	 * (0: SERVER_DEFAULT_MAX_AUTH_FAILURES). */
	unsigned max_auth_failures;
	/* Accounts that log in besides the personality's own, or NULL; they
	 * must outlive the session. */
	const struct server_accounts *accounts;
	/* The CRAM-MD5 challenge is "<RANDOM.TIME@HOSTNAME>" (RFC 2195);
	 * both are injectable so tests are deterministic. NULL: 0. */
	uint64_t (*random)(void *arg);
	int64_t (*now)(void *arg); /* seconds */
	void *clock_arg;
	server_log_fn log;        /* NULL: no log */
	void *log_arg;
	/* The unstuffed message content, as it arrives (tests); NULL: the
	 * mail is discarded and only its size is kept. */
	void (*data)(void *arg, const void *p, size_t n);
	void *data_arg;
};

struct server_session;

/* A new session; the 220 greeting is already queued. The config's strings
 * must outlive the session. */
struct server_session *server_session_new(const struct server_config *cfg);
void server_session_free(struct server_session *s);

/* Client bytes in, any amount at a time: the result does not depend on how
 * the input is split. Bytes after a STARTTLS command, until
 * server_session_tls_ready, are discarded (RFC 3207 §4.2, CVE-2011-0411),
 * as is everything once the session is closing. */
void server_session_feed(struct server_session *s, const void *p, size_t n);

/* Bytes to send, and how many were sent. */
size_t server_session_tx(const struct server_session *s, const uint8_t **p);
void server_session_tx_done(struct server_session *s, size_t n);

/* The 220 to STARTTLS is queued: send it, then run the handshake and call
 * server_session_tls_ready (or close the connection if it fails). */
bool server_session_want_tls(const struct server_session *s);
void server_session_tls_ready(struct server_session *s);
bool server_session_tls_active(const struct server_session *s);

/* 221 or 421 is queued: send it, then close. */
bool server_session_closing(const struct server_session *s);
/* Closing because the client said QUIT (not because of a limit). */
bool server_session_quit(const struct server_session *s);

enum server_abort {
	SERVER_ABORT_TIMEOUT,  /* 421 4.4.2: idle too long */
	SERVER_ABORT_SHUTDOWN, /* 421 4.3.2: the server is stopping */
	SERVER_ABORT_BUSY,     /* 421 4.7.0: too many connections */
};
/* Queue a 421 and close (unless already closing). */
void server_session_abort(struct server_session *s, enum server_abort why);

/* Whether the client authenticated. */
bool server_session_authenticated(const struct server_session *s);
/* Messages accepted, and the size of the last one. */
unsigned server_session_messages(const struct server_session *s);
size_t server_session_last_size(const struct server_session *s);

#endif
