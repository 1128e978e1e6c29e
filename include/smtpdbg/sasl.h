/* SASL mechanisms as pure step functions (RFC 4422).
 * A mechanism sees raw bytes only: the SMTP binding (AUTH verb, 334, Base64,
 * "*" to cancel) lives in the client engine. Each step also explains itself
 * in words, for the transcript and the explanation pane. */
#ifndef SMTPDBG_SASL_H
#define SMTPDBG_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"

enum sasl_status {
	SASL_CONTINUE, /* a response was produced; more challenges may follow */
	SASL_DONE,     /* the mechanism has nothing more to send */
	SASL_FAIL,     /* the challenge was unacceptable; cancel with "*" */
};

struct sasl_creds {
	const char *authzid;  /* optional: act as this identity (PLAIN) */
	const char *user;     /* authentication identity */
	const char *password; /* may contain any bytes but NUL */
};

/* The output of one step. Initialise with sasl_step_init, release with
 * sasl_step_free (which wipes the response). */
struct sasl_step {
	struct buf response;  /* raw bytes to send (the engine Base64-encodes) */
	bool secret;          /* the response reveals the password: mask it */
	struct buf explain;   /* what happened in this step, in words (UTF-8) */
};

struct sasl_mech {
	const char *name;          /* "PLAIN", "LOGIN", "CRAM-MD5" */
	bool client_first;         /* has an initial response (RFC 4954 §4) */
	bool reveals_password;     /* sends the password itself: needs TLS */
	const char *rfc;           /* where it is defined, e.g. "RFC 4616" */
	/* Create the per-exchange state; copies what it needs from creds. */
	void *(*init)(const struct sasl_creds *creds);
	/* One step. challenge == NULL asks for the initial response (only when
	 * client_first). Otherwise challenge holds the decoded server bytes. */
	enum sasl_status (*step)(void *state, const uint8_t *challenge, size_t len,
				 struct sasl_step *out);
	/* Wipe and free the state. */
	void (*done)(void *state);
};

/* Find a mechanism by name, case-insensitively; NULL if unknown. */
const struct sasl_mech *sasl_find(const char *name);
/* All mechanisms, NULL-terminated. */
const struct sasl_mech *const *sasl_all(void);

void sasl_step_init(struct sasl_step *s);
void sasl_step_free(struct sasl_step *s);

#endif
