/* Where one session of `smtpdbg serve` goes: its log on the log stream,
 * bare or explained (serve_log.h), and with --save-dir its transcript file
 * (serve_save.h). Keeps the session's clock. */
#ifndef SMTPDBG_SERVE_OUT_H
#define SMTPDBG_SERVE_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "smtpdbg/server.h"

struct serve_out_opts {
	FILE *log;          /* the log stream (flushed after every entry), or NULL */
	bool explain;       /* decoded Base64 and a short explanation per line */
	bool show_secrets;  /* in the log only: files are always masked */
	unsigned esc_flags;
	int save_dirfd;     /* safedir_open's descriptor, or -1: no files */
};

struct serve_out;

/* A session begins: id is its number, peer the client's address; owner is
 * the caller's, given back by serve_out_owner. A file that cannot be made
 * is said in the log; the session goes on without one. */
struct serve_out *serve_out_open(const struct serve_out_opts *o, unsigned id,
				 const struct sockaddr_storage *peer, void *owner);
void *serve_out_owner(const struct serve_out *so);

/* server_conn_opts.log: arg is the serve_out. */
void serve_out_log(void *arg, unsigned id, const struct server_log *e);
/* The session ended (server_conn_opts.closed): logged, the file finished
 * and closed, so is frees. */
void serve_out_end(struct serve_out *so, const char *why);

#endif
