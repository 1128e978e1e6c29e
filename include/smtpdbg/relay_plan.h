/* The open-relay test, decided from the engine's events alone: greeting,
 * EHLO (HELO as fallback), STARTTLS when asked, then one try per relay
 * trick, each a MAIL FROM and a RCPT TO for a foreign recipient without
 * AUTH, RSET between tries, QUIT before DATA unless asked otherwise.
 * Pure, like run_plan: the caller does the I/O and the TLS handshake, so
 * `relay-test` and the TUI can drive the same test. */
#ifndef SMTPDBG_RELAY_PLAN_H
#define SMTPDBG_RELAY_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"
#include "smtpdbg/run_plan.h"

/* Exit statuses. The stage failures before any try are run's codes. */
enum {
	RELAY_EXIT_NOT_OPEN = 0,
	RELAY_EXIT_OPEN = 3,
	RELAY_EXIT_INCONCLUSIVE = 4,
};

struct relay_opts {
	const char *ehlo;   /* EHLO name */
	enum conn_tls tls;
	const char *from;   /* invented sender on a foreign domain */
	const char *to;     /* invented recipient on another foreign domain */
	const char *domain; /* the server's own domain; NULL: the name it gives */
	const char *peer;   /* the address connected to, for the [ip] tries;
			     * relay_plan_set_peer can give it later */
	const char *mx_host; /* --mx: the MX host tested, for the report; or NULL */
	bool data;          /* send a labelled test message when RCPT is accepted */
	const char *date;   /* RFC 5322 date for that message */
	const char *tag;    /* unique token for its Subject and Message-ID */
	unsigned esc_flags; /* escape.h flags for the server's text */
};

/* The relay tricks, in the order they are tried: X(name, key, label),
 * key being the short name in JSON, label marked for translation (it stays
 * English in the test message and in JSON; relay_trick_text translates). */
#define RELAY_TRICKS(X)                                                         \
	X(PLAIN, "plain", N_("plain foreign sender and recipient"))                 \
	X(NULL_SENDER, "null-sender", N_("null sender <>"))                         \
	X(OWN_SENDER, "own-sender", N_("the server's own domain as sender"))        \
	/* xgettext:no-c-format */                                              \
	X(PERCENT, "percent", N_("%-hack"))                                         \
	X(BANG_AT, "bang-at", N_("!-path at the server's domain"))                  \
	X(BANG, "bang", N_("bare !-path"))                                          \
	X(QUOTED_AT, "quoted-at", N_("quoted local part at the server's domain"))   \
	X(QUOTED, "quoted", N_("bare quoted local part"))                           \
	X(ROUTE, "route", N_("source route"))                                       \
	/* xgettext:no-c-format */                                              \
	X(PERCENT_IP, "percent-ip", N_("%-hack at the address literal"))            \
	X(ROUTE_IP, "route-ip", N_("source route through the address literal"))

enum relay_trick {
#define X(name, key, label) RELAY_TRICK_##name,
	RELAY_TRICKS(X)
#undef X
	RELAY_TRICK_COUNT
};

const char *relay_trick_key(enum relay_trick t);
/* Whether the trick hides the foreign recipient inside a local part (or
 * leaves out the domain): a server may accept it as a mailbox of its own,
 * so accepting it suggests relaying but does not prove it. */
bool relay_trick_ambiguous(enum relay_trick t);
/* The label in English (what the test message and JSON carry), and in the
 * user's language. */
const char *relay_trick_label(enum relay_trick t);
const char *relay_trick_text(enum relay_trick t);

/* How one try ended. */
enum relay_outcome {
	RELAY_NOT_RUN,        /* the session ended before it */
	RELAY_ACCEPTED,       /* 250/251 to RCPT (and to the message, with data) */
	RELAY_REFUSED,        /* 5xx to RCPT (or to the message, with data) */
	RELAY_DEFERRED,       /* 4xx to RCPT or to the message */
	RELAY_SENDER_REFUSED, /* 5xx to MAIL: no recipient was tried */
	RELAY_SENDER_DEFERRED,/* 4xx to MAIL */
	RELAY_NO_ANSWER,      /* dropped, timed out or malformed mid-try */
};

/* The outcome's fixed name ("accepted", JSON's "result"), and the same in
 * the user's language. */
const char *relay_outcome_name(enum relay_outcome o);
const char *relay_outcome_text(enum relay_outcome o);

struct relay_try {
	enum relay_trick trick;
	char *from, *to;       /* the addresses sent, without <> */
	enum relay_outcome outcome;
	int mail_code, rcpt_code, data_code, dot_code; /* 0: not sent or no answer */
	char *text;            /* the deciding reply's first line, escaped */
	char *meaning;         /* what the knowledge base says about it */
};

/* Open: a plainly foreign recipient was accepted. Not open: every try met
 * a permanent refusal. Inconclusive: anything else, an ambiguous trick
 * accepted included. */
enum relay_verdict { RELAY_V_NOT_OPEN, RELAY_V_OPEN, RELAY_V_INCONCLUSIVE };

struct relay_plan;

/* The plan keeps pointers into o; they must outlive it. */
struct relay_plan *relay_plan_new(const struct relay_opts *o);
void relay_plan_free(struct relay_plan *p);

/* The connection is up, to peer: "127.0.0.1:25", "[::1]:25" or a bare
 * address. Until this (or the first event) a failure is the connect
 * stage's. */
void relay_plan_set_peer(struct relay_plan *p, const char *peer);

/* React to one engine event, possibly sending on c. Returns RUN_GO_ON,
 * RUN_START_TLS (handshake, relay_plan_tls_ready, smtp_client_tls_ready)
 * or RUN_FINISHED; never RUN_SEND_BODY (the plan writes its own message). */
enum run_action relay_plan_event(struct relay_plan *p, struct smtp_client *c,
				 const struct smtp_event *ev);
/* The connection failed, timed out or was interrupted. */
void relay_plan_fail(struct relay_plan *p, const char *why);
void relay_plan_tls_ready(struct relay_plan *p);
void relay_plan_tls_failed(struct relay_plan *p, const char *why);

/* The next note for the transcript ("try 3/11: %-hack", a try's result),
 * or NULL; the caller frees it. */
char *relay_plan_take_note(struct relay_plan *p);

/* Whether the session reached the tries; if not, the stage that failed
 * (connect, banner, ehlo, tls) and why. */
bool relay_plan_tested(const struct relay_plan *p);
enum run_stage relay_plan_stage(const struct relay_plan *p);
const char *relay_plan_reason(const struct relay_plan *p);

/* The tries (all of them, the ones not run included). */
size_t relay_plan_ntries(const struct relay_plan *p);
const struct relay_try *relay_plan_try(const struct relay_plan *p, size_t i);
/* The server's domain used in the tries ("" before the greeting). */
const char *relay_plan_domain(const struct relay_plan *p);
/* --mx: the MX host tested (relay_opts.mx_host), or NULL. */
const char *relay_plan_mx_host(const struct relay_plan *p);
/* Whether the connected address is loopback or private (inside the
 * server's likely trusted networks). */
bool relay_plan_peer_local(const struct relay_plan *p);

enum relay_verdict relay_plan_verdict(const struct relay_plan *p);
/* The verdict's fixed name ("open relay": the "verdict:" line scripts match
 * and JSON's "verdict", never translated), and one sentence saying it in
 * the user's language. */
const char *relay_verdict_name(enum relay_verdict v);
const char *relay_verdict_text(enum relay_verdict v);
/* The exit status: a stage's code before the tries, else the verdict's. */
int relay_plan_exit(const struct relay_plan *p);

#endif
