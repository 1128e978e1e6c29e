/* The interactive session driver behind the TUI: owns the connection, TLS,
 * the client engine and the transcript, and decides what a line typed at
 * the prompt means (a command for the server, the answer to a 334, a
 * password, a yes/no). No terminal code: the UI draws what this holds, and
 * the unit tests drive it without a network by feeding server bytes. */
#ifndef SMTPDBG_SESSION_H
#define SMTPDBG_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"
#include "smtpdbg/command.h"
#include "smtpdbg/conn_opts.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/transcript.h"

struct session_opts {
	struct conn_opts conn;   /* the timeout: connect, and when a reply is overdue */
	struct sasl_creds creds; /* what :auth takes from the command line: GSSAPI's
				  * --gss-service, --gss-host, --keytab, --principal;
				  * --ntlm-v1 (the other fields unused) */
	bool show_secrets;       /* start with secrets revealed on screen */
	const char *theme;       /* NULL: the default */
	bool no_color;
	const char *startup_time; /* --startup-time FILE, or NULL */
	size_t max_transcript;   /* memory budget of the transcript (0: the default) */
};


/* What the input line is for. */
enum session_prompt {
	SESSION_PROMPT_SMTP,    /* "smtp>": lines go to the server verbatim */
	SESSION_PROMPT_FIELD,   /* a labelled field, e.g. "Username:" (Base64-encoded for you) */
	SESSION_PROMPT_SECRET,  /* the same, echoing nothing and kept out of history */
	SESSION_PROMPT_CONFIRM, /* a yes/no question */
};

struct session;

/* loop NULL: no network (tests feed bytes with session_feed). The options
 * must outlive the session. */
struct session *session_new(const struct session_opts *o, struct loop *l);
void session_free(struct session *s);
/* Start connecting (the greeting is shown when it arrives). */
void session_start(struct session *s);
/* Call before every poll(): sets socket interest, handles decrypted bytes
 * OpenSSL holds. Returns the longest wait allowed in ms (-1: none). */
int session_before_sleep(struct session *s);

/* Server bytes in, and the end of the connection (also used by tests). */
void session_feed(struct session *s, const void *p, size_t n);
void session_closed(struct session *s, const char *why);
struct smtp_client *session_client(struct session *s);

/* The prompt now wanted; *label receives its text ("smtp> ", "Password: "). */
enum session_prompt session_prompt(const struct session *s, const char **label);
/* The user pressed Enter on line. Returns true when the line may enter
 * the history (never for fields, secrets or answers). */
bool session_submit(struct session *s, const char *line);
/* STEP and REPLAY mode: a session without a connection only holds the
 * prompt, which the lesson decides (the UI reads every prompt from a
 * session); p SMTP clears it. */
void session_set_prompt(struct session *s, enum session_prompt p, const char *label);
/* Ctrl-C or Esc in a field or question: give up what it was for. */
void session_cancel_prompt(struct session *s);
/* Carry out a tool command (b64, cram, auth, raw, save). */
void session_tool(struct session *s, const struct tool_parsed *t);

const struct transcript *session_transcript(const struct session *s);
/* The explanation of entry i as items (appended to out): its decoded form,
 * its own note, its reply's explanation, and where the session is now when
 * i belongs to the latest exchange. */
void session_explain(const struct session *s, size_t i, bool reveal, struct annot_items *out);
/* The same as text (annot_items_text). */
void session_explain_text(const struct session *s, size_t i, bool reveal, struct buf *out);
/* The next message for the message line, or NULL; the caller frees it. */
char *session_take_message(struct session *s);
/* Write the session as a transcript file (docs/transcript-format.md,
 * secrets masked) to path, mode 0600; smtpdbg replay reads it back with
 * the same explanations. Returns 0, or -1 with a message. */
int session_save(struct session *s, const char *path);

struct session_status {
	const char *peer;     /* "127.0.0.1:587", or the host while connecting */
	bool connected;       /* the socket is open */
	const char *link;     /* "connecting", "plain", "TLS", "closed" */
	const char *tls;      /* "TLSv1.3 TLS_AES_256_GCM_SHA384 verified", or "" */
	const char *auth;     /* "", "AUTH...", "AUTH ok", "AUTH failed 535" */
	const char *state;    /* the engine's state label */
};
void session_status(const struct session *s, struct session_status *st);

#endif
