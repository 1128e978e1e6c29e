/* Where a client session stands, as the engine tracks it. */
#ifndef SMTPDBG_SMTP_STATE_H
#define SMTPDBG_SMTP_STATE_H

/* X(name, label): label is the short form shown in status bars and logs. */
#define SMTP_STATES(X)                \
	X(GREETING, "greeting")       \
	X(HELLO, "hello")             \
	X(READY, "ready")             \
	X(TLS, "tls-handshake")       \
	X(AUTH, "auth")               \
	X(MAIL, "mail")               \
	X(RCPT, "rcpt")               \
	X(DATA, "data")               \
	X(QUIT, "quit")               \
	X(CLOSED, "closed")

enum smtp_state {
#define X(name, label) SMTP_ST_##name,
	SMTP_STATES(X)
#undef X
	SMTP_ST_COUNT
};

/* The label of a state ("ready"); never NULL. */
const char *smtp_state_name(enum smtp_state s);

#endif
