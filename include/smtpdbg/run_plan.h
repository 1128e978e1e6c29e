/* What `smtpdbg run` sends next, decided from the engine's events alone:
 * greeting, EHLO (HELO as fallback), STARTTLS, AUTH, MAIL, RCPT, DATA,
 * QUIT, or the lines of a script. Pure: the caller does the I/O, streams
 * the message body when asked, and does the TLS handshake on NEED_TLS. */
#ifndef SMTPDBG_RUN_PLAN_H
#define SMTPDBG_RUN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"
#include "smtpdbg/conn_opts.h"
#include "smtpdbg/sasl.h"

/* The stages, in session order. Each failing stage has its own exit code;
 * QUIT never fails a session (the message is in by then), so it has none. */
#define RUN_STAGES(X)              \
	X(CONNECT, "connect", 10)  \
	X(BANNER, "banner", 11)    \
	X(EHLO, "ehlo", 12)        \
	X(TLS, "tls", 13)          \
	X(AUTH, "auth", 14)        \
	X(MAIL, "mail", 15)        \
	X(RCPT, "rcpt", 16)        \
	X(DATA, "data", 17)        \
	X(QUIT, "quit", 0)

enum run_stage {
#define X(name, label, code) RUN_STAGE_##name,
	RUN_STAGES(X)
#undef X
	RUN_STAGE_COUNT
};

/* Some recipients refused, others accepted: the message went to those. */
#define RUN_EXIT_PARTIAL 18

const char *run_stage_name(enum run_stage s);
int run_stage_exit(enum run_stage s);
/* Parse a --quit-after value; -1 if unknown. */
int run_stage_parse(const char *name);

/* How a session stopped early at run_opts.quit_after ends. */
enum run_stop {
	RUN_STOP_QUIT,       /* --quit-after: after the stage's reply, QUIT */
	RUN_STOP_DROP,       /* --drop-after: after the reply, close without QUIT */
	RUN_STOP_DROP_SEND,  /* --drop-after-send: close once the stage's command is sent */
};

struct run_opts {
	const char *ehlo;            /* EHLO name */
	const char *xclient;         /* an XCLIENT command to send after EHLO, or NULL */
	enum conn_tls tls;
	const struct sasl_mech *auth; /* NULL: no AUTH (unless auth_auto) */
	bool auth_auto;              /* choose the best mechanism offered */
	bool auth_list;              /* --auth list: say what is offered, then QUIT */
	bool auth_optional;          /* a refused or impossible AUTH: go on without */
	bool have_cert;              /* a client certificate is in use (EXTERNAL) */
	bool have_ticket;            /* --auth auto: kinit left a valid ticket (GSSAPI) */
	struct sasl_creds creds;
	bool allow_plaintext_auth;
	const char *from;            /* NULL: stop after AUTH */
	const char *const *to;
	size_t nto;
	bool has_body;               /* the caller streams a body after 354 */
	/* What the message needs, known before it is sent (run_cli fills it). */
	int64_t msg_size; /* bytes as sent, CRLF lines, before dot-stuffing; -1: unknown */
	bool msg_8bit;    /* bytes above 127 in the body: BODY=8BITMIME */
	bool msg_utf8;    /* UTF-8 in the header fields: SMTPUTF8 */
	/* The extensions asked for (each refused before MAIL if not offered). */
	bool pipeline;               /* RFC 2920: MAIL, RCPT..., DATA in one write */
	bool chunking;               /* RFC 3030: BDAT instead of DATA */
	size_t chunk_size;           /* octets per BDAT chunk; 0: the default */
	const char *dsn_notify;      /* RFC 3461 NOTIFY=, checked by run_dsn_notify_ok */
	const char *dsn_ret;         /* "FULL" or "HDRS" */
	const char *envid;           /* ENVID=, sent as xtext */
	bool orcpt;                  /* ORCPT=rfc822;<the recipient> on every RCPT */
	bool requiretls;             /* RFC 8689 */
	bool prdr;                   /* per-recipient replies after the data */
	const char *const *mail_params; /* --mail-param K=V, sent as given */
	size_t nmail_params;
	const char *const *rcpt_params; /* --rcpt-param K=V */
	size_t nrcpt_params;
	int quit_after;              /* a run_stage to stop at, or -1 */
	enum run_stop stop;          /* how: QUIT after its reply, or drop the connection */
	const char *const *script;   /* raw lines instead of the plan above */
	size_t nscript;
};

/* The default BDAT chunk: big enough that the command lines cost nothing,
 * small enough to keep memory flat. */
#define RUN_CHUNK_DEFAULT (1024 * 1024)
#define RUN_CHUNK_MAX (64 * 1024 * 1024)

/* ---- MAIL FROM and RCPT TO parameters (run_params.c, pure) ---------- */

/* Whether an address needs SMTPUTF8 (a byte above 127, RFC 6531 §3.3). */
bool run_addr_utf8(const char *addr);
/* RFC 3461 §4 xtext: "+" "=" and every byte outside "!".."~" as +XX. */
void run_xtext(struct buf *out, const char *s);
/* ORCPT's value for addr (RFC 3461 §4.2, RFC 6533 §3 with utf8):
 * "rfc822;" + xtext, or "utf-8;" + the address with "\x{HEX}" escapes. */
void run_orcpt(struct buf *out, const char *addr, bool utf8);
/* Whether s is a NOTIFY= value: NEVER, or SUCCESS, FAILURE, DELAY joined
 * by commas, each at most once (RFC 3461 §4.1). */
bool run_dsn_notify_ok(const char *s);
/* Whether s is a K=V (or K) parameter esmtp-param (RFC 5321 §4.1.2). */
bool run_param_ok(const char *s);

/* What MAIL FROM needs, decided against the capabilities. On success the
 * parameters (each with a leading space) go to out and 0 is returned; a
 * wish the server cannot meet returns -1 with why in *why (translated,
 * static or in out). notes gets what was decided and why, one per line. */
struct run_mail_ctx {
	const struct smtp_caps *caps;
	bool tls;                    /* the connection is encrypted */
	bool bdat;                   /* the message goes with BDAT */
};
int run_mail_params(struct buf *out, struct buf *notes, const struct run_opts *o,
		    const struct run_mail_ctx *x);
/* The parameters of RCPT TO for addr (each with a leading space). */
void run_rcpt_params(struct buf *out, const struct run_opts *o, const struct smtp_caps *caps,
		     const char *addr, bool utf8);

/* RFC 9422 LIMITS from an EHLO reply: RCPTMAX and MAILMAX (0: none). */
struct run_limits {
	size_t rcptmax, mailmax;
};
void run_limits_parse(struct run_limits *l, const struct smtp_reply *ehlo);

enum run_action {
	RUN_GO_ON,      /* keep feeding events */
	RUN_SEND_BODY,  /* 354 arrived: stream the body, then smtp_client_body_end */
	RUN_START_TLS,  /* handshake now, then smtp_client_tls_ready(c, true) */
	RUN_FINISHED,   /* the session is over: see run_plan_exit */
	RUN_DROP,       /* close the connection without QUIT once what is queued is sent;
			 * the session is over */
};

struct run_plan;

/* The plan keeps pointers into o; they must outlive it. */
struct run_plan *run_plan_new(const struct run_opts *o);
void run_plan_free(struct run_plan *p);

/* React to one engine event, possibly sending on c. */
enum run_action run_plan_event(struct run_plan *p, struct smtp_client *c,
			       const struct smtp_event *ev);
/* The time now (any monotonic clock, in microseconds), before each event:
 * only to say what PIPELINING saved. */
void run_plan_clock(struct run_plan *p, int64_t now_us);
/* The connection failed or closed before the plan ended, or the reply
 * timed out: record a failure of the current stage with why. */
void run_plan_fail(struct run_plan *p, const char *why);
/* The TLS handshake after STARTTLS succeeded; call before
 * smtp_client_tls_ready(c, true), whose EHLO the plan then expects. */
void run_plan_tls_ready(struct run_plan *p);
/* The TLS handshake failed: the TLS stage fails with why. */
void run_plan_tls_failed(struct run_plan *p, const char *why);

/* A note for the transcript (e.g. which mechanisms were offered and why
 * one was chosen), or NULL; the caller frees it. */
char *run_plan_take_note(struct run_plan *p);
/* The JSON type of the note waiting there: "mechanism" (which one was
 * chosen, and why) or "stop" (the connection dropped without QUIT). */
const char *run_plan_note_type(const struct run_plan *p);
/* A note on the extensions (what PIPELINING saved, why SMTPUTF8 was
 * added, how LIMITS split the recipients, PRDR's count), or NULL. */
char *run_plan_take_ext_note(struct run_plan *p);

/* The stage reached or failed, its exit status (0 when the whole plan
 * succeeded) and the reason for a failure (NULL on success). */
enum run_stage run_plan_stage(const struct run_plan *p);
int run_plan_exit(const struct run_plan *p);
const char *run_plan_reason(const struct run_plan *p);
/* After a partial refusal (exit RUN_EXIT_PARTIAL), the refused recipients
 * with their codes ("a@b (550), c@d (450)"); else NULL. */
const char *run_plan_refused(const struct run_plan *p);

#endif
