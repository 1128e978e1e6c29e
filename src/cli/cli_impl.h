/* What the files of the command-line layer share. Private to src/cli. */
#ifndef SMTPDBG_CLI_IMPL_H
#define SMTPDBG_CLI_IMPL_H

#include <stdbool.h>

#include "smtpdbg/opt.h"

/* The fields set by one layer (the config file's top section, a command
 * section, a host section, the command line), so that options sharing a
 * field (--starttls/--tls/--no-tls) are refused together within a layer
 * while a higher layer simply overrides a lower one, and a list given in
 * a higher layer replaces the lower one's. */
struct opt_layer {
	struct {
		const void *field;
		const struct opt *o;
	} seen[64];
	size_t n;
};

/* Apply one value to out. where names the source in messages: "--timeout"
 * on the command line, "FILE:LINE" in the config file. Returns 0, or -1
 * after printing a usage error. */
int opt_apply(const struct cli_cmd *cmd, void *out, const struct opt *o, size_t base,
	      const char *value, struct opt_layer *layer, const char *where);

/* Find an option of cmd by long name; *base receives its group's offset. */
const struct opt *cli_find_long(const struct cli_cmd *cmd, const char *name, size_t *base);

/* Read the config file and apply its layers for cmd: the top section,
 * [cmd->section], then [host TARGET] when target matches. Returns 0 (also
 * when there is no file), or -1 after printing FILE:LINE: why. *path
 * receives the file read (static storage) or NULL. */
int config_apply(const struct cli_cmd *cmd, void *out, const char *target, const char **path);

/* The config file's "lang", read early and leniently (before the language
 * is set, so nothing is printed: a bad file is reported later): from
 * [section] if there, else from the top; NULL when not set. */
const char *config_lang(const char *section);

/* The --lang option, in every command's table; its value, once parsed. */
extern const struct opt lang_opt_table[];
/* --gss-service, --gss-host, --keytab, --principal (offsets into struct
 * sasl_creds), and their checks for the mechanism asked for (NULL: none;
 * "auto" allows them): -1 to go on, or an exit status. */
extern const struct opt gss_opt_table[];
/* --ntlm-v1, the same way. */
extern const struct opt ntlm_opt_table[];
struct sasl_creds;
int gss_opts_check(const struct cli_cmd *cmd, const struct sasl_creds *cr, const char *mech);
extern const char *cli_lang;

/* Print "smtpdbg CMD: " + message (escaped pieces are the caller's) and
 * the --help hint; returns EXIT_USAGE. */
int cli_fail(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Open --output FILE for a transcript written as the session goes
 * (safefile.h, SF_STREAM): a new file, mode 0600, no symbolic link
 * followed; an existing regular file only with force (unlinked, then
 * created anew). Returns -1 when opened, else SMTPDBG_EXIT_WRITE after
 * saying why on stderr. */
struct safefile;
int cli_open_output(const char *cmd, const char *path, bool force, struct safefile *out);

/* -1 when name is NULL or a theme that loads, else the usage error's exit
 * status (reported): a mistyped --theme is said at once, not ignored. */
int cli_check_theme(const struct cli_cmd *cmd, const char *name);

/* One name for EHLO: visible ASCII only, no space, no <>, not empty (a
 * space or an escape would be sent to the server as typed). */
bool cli_good_name(const char *s);

/* A malloc'd copy of s with control bytes and invalid UTF-8 escaped. */
char *cli_safe(const char *s);

/* Listening (serve, proxy; cmd_serve.c). "ADDR:PORT", "[V6]:PORT", "ADDR"
 * or "V6" split into malloc'd host and port (default 2525); false when
 * malformed. */
bool cli_split_listen(const char *arg, char **host, char **port);
/* A numeric address or "localhost" into ss: its length, 0 when it is not
 * loopback and remote is false, -1 when it is not an address. */
struct sockaddr_storage;
int cli_listen_addr(const char *host, unsigned port, bool remote, struct sockaddr_storage *ss);
/* "ADDR:PORT" or "[V6]:PORT" appended to b. */
struct buf;
void cli_print_addr(struct buf *b, const struct sockaddr_storage *ss);

#endif
