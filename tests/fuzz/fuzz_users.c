/* The users file of `serve --users` is the teacher's, but it may be copied
 * from anywhere: whatever the bytes, parsing stays in bounds and leaks
 * nothing. What it accepts holds the format's rules, written back and read
 * again gives the same accounts, and every account logs in with AUTH
 * PLAIN on a server session. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/server.h"
#include "smtpdbg/server_users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const char *p, size_t n)
{
	if (n == 0 || n > SERVER_USERS_FIELD_MAX || p[0] == ' ' || p[n - 1] == ' ')
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			abort();
}

static void logs_in(const struct server_accounts *a, const struct server_account *acct)
{
	struct server_config cfg = {.personality = server_personality_find("tutorial"),
				    .accounts = a};
	if (!strcmp(acct->user, cfg.personality->user))
		return; /* refused at load time */
	struct server_session *s = server_session_new(&cfg);
	struct buf raw, line;
	buf_init(&raw, 0);
	buf_init(&line, 0);
	buf_addc(&raw, '\0');
	buf_adds(&raw, acct->user);
	buf_addc(&raw, '\0');
	buf_adds(&raw, acct->password);
	char *e = b64_encode(raw.data, raw.len);
	buf_printf(&line, "EHLO x\r\nAUTH PLAIN %s\r\n", e);
	free(e);
	server_session_feed(s, line.data, line.len);
	const uint8_t *out;
	size_t n = server_session_tx(s, &out);
	if (!server_session_authenticated(s) || n < 8 || memcmp(out + n - 8, "235 OK\r\n", 8))
		abort();
	server_session_free(s);
	buf_free(&raw);
	buf_free(&line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct server_accounts a;
	size_t bad = server_users_parse((const char *)data, size, &a, NULL, NULL);
	if (bad) {
		if (a.n || a.v)
			abort(); /* nothing kept from a file with a bad line */
		return 0;
	}
	struct buf again;
	buf_init(&again, 0);
	for (size_t i = 0; i < a.n; i++) {
		const struct server_account *x = &a.v[i];
		check_field(x->user, x->user_len);
		check_field(x->password, strlen(x->password));
		if (memchr(x->user, ':', x->user_len))
			abort();
		if (i > 0) { /* sorted, each name once */
			const struct server_account *y = &a.v[i - 1];
			size_t k = y->user_len < x->user_len ? y->user_len : x->user_len;
			int c = memcmp(y->user, x->user, k);
			if (c > 0 || (c == 0 && y->user_len >= x->user_len))
				abort();
		}
		if (server_accounts_find(&a, x->user, x->user_len) != x->password)
			abort();
		buf_printf(&again, "%s:%s\n", x->user, x->password);
		if (i < 3)
			logs_in(&a, x);
	}
	struct server_accounts b;
	if (server_users_parse(again.data ? again.data : "", again.len, &b, NULL, NULL) ||
	    b.n != a.n)
		abort();
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.v[i].user, b.v[i].user) || strcmp(a.v[i].password, b.v[i].password))
			abort();
	server_accounts_free(&b);
	server_accounts_free(&a);
	buf_free(&again);
	return 0;
}
