/* SASL mechanisms as pure step functions (RFC 4422).
 * A mechanism sees raw bytes only: the SMTP binding (AUTH verb, 334, Base64,
 * "*" to cancel) lives in the client engine. Each step also explains itself
 * in words, for the transcript and the explanation pane. */
#ifndef SMTPDBG_SASL_H
#define SMTPDBG_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/annot_items.h"
#include "smtpdbg/buf.h"

enum sasl_status {
	SASL_CONTINUE, /* a response was produced; more challenges may follow */
	SASL_DONE,     /* the mechanism has nothing more to send */
	SASL_FAIL,     /* the challenge was unacceptable; cancel with "*" */
};

/* Channel binding data for the -PLUS mechanisms (RFC 5056): fill *type
 * ("tls-exporter" on TLS 1.3, "tls-server-end-point" otherwise) and up to
 * *len bytes of data into out; return 0, or -1 when there is none (no TLS). */
typedef int (*sasl_cb_fn)(void *ctx, const char **type, uint8_t *out, size_t *len);

/* Whether AUTH carries an initial response (RFC 4954 section 4). */
enum sasl_ir {
	SASL_IR_DEFAULT, /* when the mechanism starts (client_first) */
	SASL_IR_NEVER,   /* bare "AUTH MECH", answer the server's empty 334 */
	SASL_IR_ALWAYS,  /* also LOGIN: the user name on the AUTH line */
};

struct sasl_creds {
	const char *authzid;  /* optional: act as this identity (PLAIN, SCRAM, ...) */
	const char *user;     /* authentication identity */
	const char *password; /* may contain any bytes but NUL */
	const char *token;    /* OAuth 2.0 bearer token (XOAUTH2, OAUTHBEARER) */
	const char *host;     /* the server's name (OAUTHBEARER host=, DIGEST-MD5 digest-uri) */
	unsigned port;        /* the server's port (OAUTHBEARER port=) */
	const char *digest_uri; /* DIGEST-MD5: overrides "smtp/" host */
	const char *nonce;    /* pins the client nonce (SCRAM) or cnonce (DIGEST-MD5);
			       * NULL: random from OpenSSL's RAND_bytes */
	sasl_cb_fn channel_binding; /* NULL: no channel binding available */
	void *cb_ctx;
	enum sasl_ir ir;      /* initial response on the AUTH line or not */
	const char *timestamp; /* OAUTH10A: pins oauth_timestamp (NULL: now) */
	bool ntlm_v1;         /* NTLM: the weak v1 response instead of v2 */
	bool ntlm_time_pinned; /* NTLM: use ntlm_time, not the clock (tests) */
	uint64_t ntlm_time;   /* NTLMv2: FILETIME in the blob when pinned */
	const char *gss_service;   /* GSSAPI: the service in SERVICE@HOST (NULL: "smtp") */
	const char *gss_host;      /* GSSAPI: the host in SERVICE@HOST (NULL: host) */
	const char *gss_keytab;    /* GSSAPI: a client keytab instead of the user's cache */
	const char *gss_principal; /* GSSAPI: the client principal (with gss_keytab) */
};

/* The output of one step. Initialise with sasl_step_init, release with
 * sasl_step_free (which wipes the response and the revealed items). */
struct sasl_step {
	struct buf response;  /* raw bytes to send (the engine Base64-encodes) */
	bool secret;          /* the response reveals the password: mask it */
	struct buf explain;   /* what happened in this step, in words (UTF-8),
			       * one line per item, secrets masked */
	struct annot_items items; /* the same as items (AK_CALC, ...), with the
				   * revealed form of each masked secret beside it;
				   * empty for a mechanism that only writes words */
};

struct sasl_mech {
	const char *name;          /* "PLAIN", "LOGIN", "CRAM-MD5" */
	bool client_first;         /* has an initial response (RFC 4954 §4) */
	bool reveals_password;     /* sends the password itself: needs TLS */
	const char *rfc;           /* where it is defined, e.g. "RFC 4616" */
	/* Create the per-exchange state; copies what it needs from creds. */
	void *(*init)(const struct sasl_creds *creds);
	/* One step. challenge == NULL asks for the initial response (when
	 * client_first, or LOGIN with SASL_IR_ALWAYS). Otherwise challenge holds the decoded server bytes. */
	enum sasl_status (*step)(void *state, const uint8_t *challenge, size_t len,
				 struct sasl_step *out);
	/* Wipe and free the state. */
	void (*done)(void *state);
	/* The server said 235. Mechanisms with mutual authentication (SCRAM,
	 * DIGEST-MD5) return SASL_FAIL, with the reason in out->explain, if the
	 * server never proved itself (its signature was missing or wrong);
	 * NULL means success needs no check. */
	enum sasl_status (*success)(void *state, struct sasl_step *out);
	bool needs_password;  /* false for XOAUTH2, OAUTHBEARER, EXTERNAL */
	bool needs_token;     /* XOAUTH2, OAUTHBEARER */
	bool plus;            /* needs channel binding (the -PLUS variants) */
	int rank;             /* preference when choosing: higher is better */
	bool kerberos;        /* GSSAPI: the credentials are Kerberos tickets, from the
			       * user's cache or a keytab, never given here */
};

/* Find a mechanism by name, case-insensitively; NULL if unknown. */
const struct sasl_mech *sasl_find(const char *name);
/* Add a mechanism that lives outside src/proto (GSSAPI calls a library
 * that does I/O), in rank order; a second call with the same one is
 * ignored. Call before the first sasl_find. */
void sasl_register(const struct sasl_mech *m);
/* All mechanisms, NULL-terminated. */
const struct sasl_mech *const *sasl_all(void);

void sasl_step_init(struct sasl_step *s);
void sasl_step_free(struct sasl_step *s);
/* A step's explanation as items, added to out: its own items, or its
 * words as one AK_CALC item per line. Revealed forms are kept. */
void sasl_step_items(const struct sasl_step *s, struct annot_items *out);

#endif
