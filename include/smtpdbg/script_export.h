/* A session turned into what reproduces it (the TUI's :export): a `run
 * --script` file with the `smtpdbg run` command line that plays it, and
 * the equivalent swaks command line for the parts swaks can do. EHLO,
 * STARTTLS and AUTH become options (the password an environment
 * variable, never inline); every other line goes into the script as it
 * was sent. Pure: records in, text out. */
#ifndef SMTPDBG_SCRIPT_EXPORT_H
#define SMTPDBG_SCRIPT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/transcript_file.h"

/* The environment variables the exported command lines read. */
#define SCRIPT_EXPORT_PASSWORD_ENV "SMTPDBG_PASSWORD"
#define SCRIPT_EXPORT_TOKEN_ENV "SMTPDBG_TOKEN"

struct script_export_in {
	const char *target;  /* "host:port", "unix:/path" or "pipe:COMMAND" */
	bool implicit_tls;   /* the session began with TLS (--tls) */
	bool insecure;       /* it ran with --insecure: so does the command line */
	const char *file;    /* the script's name, for the run line */
};

struct script_export {
	struct buf script;   /* the file: '#' lines about it, then the lines */
	struct buf run;      /* smtpdbg run ... --script FILE TARGET */
	struct buf swaks;    /* swaks ... */
	struct buf notes;    /* what was left out and why, a sentence a line */
	size_t lines;        /* lines in the script (not counting the '#' ones) */
};

void script_export(const struct tf_list *l, const struct script_export_in *in,
		   struct script_export *x);
void script_export_free(struct script_export *x);

#endif
