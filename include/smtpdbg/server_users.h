/* The accounts of `serve --users FILE`, so a teacher can give each student
 * a login of their own: the file's text in, accounts out. Pure parsing:
 * reading the file (and refusing one that others can read) is the
 * caller's business.
 *
 * The format, one account a line:
 *   # a comment (the first character that is not a space is '#')
 *   name:password
 * The name ends at the first ':', the password is the rest of the line
 * (it may hold ':'). A line may end in CRLF. Both must be 1 to 255 bytes of
 * UTF-8 without control characters, and neither may begin or end with a
 * space (it would silently be part of it). A name may be given only once. */
#ifndef SMTPDBG_SERVER_USERS_H
#define SMTPDBG_SERVER_USERS_H

#include <stddef.h>

#include "smtpdbg/server.h"

#define SERVER_USERS_FIELD_MAX 255
#define SERVER_USERS_MAX 10000
/* After this many bad lines the parse stops reporting. */
#define SERVER_USERS_ERRORS_MAX 20

/* Called for each bad line: its number (from 1) and why, in words
 * (translated). */
typedef void (*server_users_err_fn)(void *arg, size_t line, const char *why);

/* Parse len bytes of text (any bytes). Returns the number of bad lines
 * (0: out holds every account, sorted by name); on errors out is empty.
 * err may be NULL. */
size_t server_users_parse(const char *text, size_t len, struct server_accounts *out,
			  server_users_err_fn err, void *arg);
/* Wipe the passwords and free. */
void server_accounts_free(struct server_accounts *a);
/* The password of the account named by the n bytes at user, or NULL (also
 * when a is NULL). */
const char *server_accounts_find(const struct server_accounts *a, const char *user, size_t n);

#endif
