/* The I/O side of a session that runs without a person at the keyboard:
 * connect, TLS, the poll loop, reply timeouts, body streaming, and the
 * transcript (or JSON Lines) on stdout and --output. What to send is
 * decided by a pure plan behind struct drive_plan; `run` and `relay-test`
 * each bring their own. Shared by the plans and the command line. */
#ifndef SMTPDBG_DRIVE_H
#define SMTPDBG_DRIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "smtpdbg/client.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/run_plan.h"
#include "smtpdbg/net_path.h"
#include "smtpdbg/tls.h"

struct safefile;

struct drive_conf {
	const char *host, *port;
	int family;              /* AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX (host: the path) */
	const char *pipe;        /* --pipe: a command instead of host and port, or NULL */
	const struct net_path *path; /* a source address, a proxy, a PROXY header; or NULL */
	enum conn_tls tls;
	struct tls_opts tls_opts;
	int timeout_s;           /* connect and reply timeout */
	int dane;                /* enum dane_mode: TLSA lookup before each handshake */
	const char *ehlo;        /* for the engine */
	bool lmtp;               /* the engine speaks LMTP (RFC 2033) */
	bool json;
	bool quiet;              /* print only notes from the plan, failures and the result */
	bool quiet_notes;        /* with quiet: not the plan's notes either */
	bool silent;             /* nothing on stdout at all (run --check); --output as ever */
	struct safefile *output; /* a copy of everything (opened with SF_STREAM), or NULL */
	const char *output_path; /* its name, for messages */
	const char *name;        /* the command ("run"), for messages */
	FILE *body;              /* streamed on RUN_SEND_BODY, or NULL */
	struct narrate_opts no;
};

/* The plan: each engine event goes to event(); the other calls report
 * what happened outside the engine. */
struct drive_plan {
	void *ctx;
	enum run_action (*event)(void *ctx, struct smtp_client *c, const struct smtp_event *ev);
	void (*fail)(void *ctx, const char *why); /* timeout, interrupt, no connection */
	void (*tls_ready)(void *ctx);             /* STARTTLS handshake done */
	void (*tls_failed)(void *ctx, const char *why);
	/* The plan's next note for the transcript and its JSON type, or NULL;
	 * called until NULL after every event. The caller frees it. */
	char *(*take_note)(void *ctx, const char **type);
	/* Connected to peer ("127.0.0.1:25", "[::1]:25"); may be NULL. */
	void (*connected)(void *ctx, const char *peer);
};

struct drive;

/* conf must outlive the drive. */
struct drive *drive_new(const struct drive_conf *conf);
void drive_free(struct drive *d);
/* Connect and run the session until the plan finishes or fails. */
void drive_run(struct drive *d, const struct drive_plan *plan);

/* What the session measured (run --check): milliseconds from the start
 * to each stage's end, -1 where it was not reached; the certificate's
 * days left when TLS was up. */
struct drive_stats {
	int64_t connect_ms, banner_ms, tls_ms, auth_ms, total_ms;
	bool have_cert;
	int cert_days;
};
void drive_stats(const struct drive *d, struct drive_stats *out);

/* --mx (before drive_run): conf->host is a mail domain; its MX hosts are
 * looked up and the route shown as a note; a failed connect then moves on
 * to the next host, each with its own timeout. Returns false with why
 * filled when there is no host to try (a null MX, a failed lookup): the
 * connect stage's failure (exit 10), for the caller to report. */
bool drive_mx_route(struct drive *d, struct buf *why);
/* The MX host being tried (the one connected to, after the session), or
 * NULL without --mx. */
const char *drive_mx_host(const struct drive *d);

/* Whether a connection was made (else the connect stage failed). */
bool drive_connected(const struct drive *d);
/* A note on stdout and --output, as an annotation or a JSON object. */
void drive_note(struct drive *d, const char *type, const char *text);
/* How the session ended: a note, or in JSON a "result" object with the
 * stage (NULL: none) and the exit status. */
void drive_result(struct drive *d, const char *stage, int exit_code, const char *text);
/* Text written as is to stdout and --output (a summary, a JSON line). */
void drive_print(struct drive *d, const char *text);

/* Whether a write to --output failed (reported on stderr at once): the
 * command then exits 19. */
bool drive_output_failed(const struct drive *d);
/* Finish --output: fsync and close it (the caller's safefile), reporting a
 * failure on stderr. Returns 0, or -1 when anything written to it was lost
 * (now or earlier). Call after the last drive_result or drive_print. */
int drive_output_close(struct drive *d);

/* SCRAM-*-PLUS channel binding; ctx is the drive. */
int drive_channel_binding(void *ctx, const char **type, uint8_t *out, size_t *len);

#endif
