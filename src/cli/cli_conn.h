/* The shared connection options of the command-line layer. Private to
 * src/cli. */
#ifndef SMTPDBG_CLI_CONN_H
#define SMTPDBG_CLI_CONN_H

#include "smtpdbg/conn_opts.h"
#include "smtpdbg/opt.h"

extern const struct opt conn_opt_table[];
/* The same for the proxy's upstream: --tls, verification, timeout. */
extern const struct opt conn_upstream_opt_table[];

/* Defaults: any address family, TLS by port, 30 s. */
void conn_opts_init(struct conn_opts *c);
/* Split the target (NULL: not given) and settle the TLS choice. Returns
 * -1 when all is well, else the exit status of the reported usage error. */
int conn_opts_finish(const struct cli_cmd *cmd, struct conn_opts *c, const char *target);
void conn_opts_free(struct conn_opts *c);

/* The path options (conn_path.c): whether any was given, and their
 * check once the target is split (same return as conn_opts_finish). */
bool conn_path_given(const struct conn_opts *c);
int conn_path_finish(const struct cli_cmd *cmd, struct conn_opts *c);
void conn_path_free(struct conn_opts *c);

#endif
