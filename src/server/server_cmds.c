/* The command table: one handler per verb, each checking sequence and
 * syntax and answering with a Postfix-like reply and an enhanced status
 * code (RFC 3463). The personality decides what is offered and allowed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server_impl.h"

void srv_reset_tx(struct server_session *s)
{
	s->nrcpt = 0;
	s->size = 0;
	s->too_big = false;
	s->dropped = 0;
	s->ds = DS_BOL;
}

/* A 5xx for the client's mistake; counted towards the error limit. */
#define REFUSE(s, ...)                  \
	do {                            \
		if (!srv_error(s))      \
			srv_reply(s, __VA_ARGS__); \
	} while (0)

/* Client text echoed in a reply: printable ASCII only, and short enough
 * to keep the reply within RFC 5321's 512 octets. */
static const char *echo(const char *s)
{
	for (const char *c = s; *c; c++)
		if (*c < 0x21 || *c > 0x7e)
			return "(not printable)";
	return s;
}

static bool need_hello(struct server_session *s)
{
	if (s->st != SRV_GREETED)
		return false;
	REFUSE(s, "503 5.5.1 Error: send HELO/EHLO first");
	return true;
}

static bool no_args(struct server_session *s, const char *args, const char *verb)
{
	if (!*args)
		return true;
	REFUSE(s, "501 5.5.4 Syntax: %s", verb);
	return false;
}

static bool in_transaction(const struct server_session *s)
{
	return s->st == SRV_MAIL || s->st == SRV_RCPT;
}

static bool auth_offered(const struct server_session *s)
{
	return s->p->mechs && (!s->p->auth_needs_tls || s->tls);
}

static bool starttls_offered(const struct server_session *s)
{
	return s->p->starttls && s->cfg.tls_available && !s->tls;
}

static void cmd_helo(struct server_session *s, char *args)
{
	if (!*args) {
		REFUSE(s, "501 5.5.4 Syntax: HELO hostname");
		return;
	}
	srv_reset_tx(s);
	s->ehlo = false;
	s->st = SRV_READY;
	srv_reply(s, "250 %s", s->host);
}

static void cmd_ehlo(struct server_session *s, char *args)
{
	if (!*args) {
		REFUSE(s, "501 5.5.4 Syntax: EHLO hostname");
		return;
	}
	srv_reset_tx(s);
	s->ehlo = true;
	s->st = SRV_READY;
	const char *kw[8];
	char size[32];
	size_t n = 0;
	if (s->p->ehlo_extensions) {
		kw[n++] = "PIPELINING";
		snprintf(size, sizeof size, "SIZE %zu", s->cfg.max_message);
		kw[n++] = size;
	}
	if (starttls_offered(s))
		kw[n++] = "STARTTLS";
	if (auth_offered(s))
		kw[n++] = s->p->auth_order;
	if (s->p->ehlo_extensions) {
		kw[n++] = "ENHANCEDSTATUSCODES";
		kw[n++] = "8BITMIME";
	}
	if (s->p->ehlo_greeting)
		srv_reply(s, "250%c%s %s", n ? '-' : ' ', s->host, s->p->ehlo_greeting);
	else
		srv_reply(s, "250%c%s", n ? '-' : ' ', s->host);
	for (size_t i = 0; i < n; i++)
		srv_reply(s, "250%c%s", i + 1 < n ? '-' : ' ', kw[i]);
}

static void cmd_starttls(struct server_session *s, char *args)
{
	if (!no_args(s, args, "STARTTLS"))
		return;
	if (!s->p->starttls) {
		REFUSE(s, "502 5.5.1 Error: command not implemented");
	} else if (s->tls) {
		REFUSE(s, "554 5.5.1 Error: TLS already active");
	} else if (!s->cfg.tls_available) {
		srv_reply(s, "454 4.7.0 TLS not available due to local problem");
	} else if (!need_hello(s)) {
		if (in_transaction(s)) {
			REFUSE(s, "503 5.5.1 Error: MAIL transaction in progress");
			return;
		}
		srv_reply(s, "220 2.0.0 Ready to start TLS");
		s->st = SRV_TLS_WAIT;
	}
}

static void cmd_auth(struct server_session *s, char *args)
{
	if (!s->p->mechs) {
		REFUSE(s, "503 5.5.1 Error: authentication not enabled");
	} else if (s->p->auth_needs_tls && !s->tls) {
		REFUSE(s, "530 5.7.0 Must issue a STARTTLS command first");
	} else if (!need_hello(s)) {
		if (s->authed)
			REFUSE(s, "503 5.5.1 Error: already authenticated");
		else if (in_transaction(s))
			REFUSE(s, "503 5.5.1 Error: MAIL transaction in progress");
		else
			srv_auth_start(s, args);
	}
}

/* "<local@domain>" (or "<>" when empty is allowed) at *pp; the address
 * without brackets is returned in place, *pp moves past it. NULL: bad. */
static char *path(char **pp, bool empty_ok)
{
	char *p = *pp;
	while (*p == ' ')
		p++; /* "MAIL FROM: <a@b>" is common enough to accept */
	if (*p != '<')
		return NULL;
	char *end = strchr(p, '>');
	if (!end)
		return NULL;
	*end = '\0';
	char *addr = p + 1;
	*pp = end + 1;
	if (!*addr)
		return empty_ok ? addr : NULL;
	for (const unsigned char *c = (const unsigned char *)addr; *c; c++)
		if (*c <= ' ' || *c == 0x7f || *c == '<')
			return NULL;
	char *at = strrchr(addr, '@');
	if (at && (at == addr || !at[1]))
		return NULL;
	return addr;
}

static void cmd_mail(struct server_session *s, char *args)
{
	if (need_hello(s))
		return;
	if (in_transaction(s)) {
		REFUSE(s, "503 5.5.1 Error: nested MAIL command");
		return;
	}
	if (s->p->auth_required && !s->authed) { /* RFC 6409 §4.3 */
		REFUSE(s, "530 5.7.0 Authentication required");
		return;
	}
	char *rest = srv_prefix(args, "FROM:") ? args + 5 : NULL;
	char *addr = rest ? path(&rest, true) : NULL;
	if (!addr) {
		REFUSE(s, "501 5.5.4 Syntax: MAIL FROM:<address>");
		return;
	}
	if (*addr && !strchr(addr, '@')) {
		REFUSE(s, "501 5.1.7 Bad sender address syntax");
		return;
	}
	/* Parameters (RFC 5321 §4.1.1.11): SIZE (RFC 1870) and BODY (RFC 6152). */
	char *save = NULL;
	for (char *tok = strtok_r(rest, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (srv_prefix(tok, "SIZE=")) {
			char *end;
			unsigned long long n = strtoull(tok + 5, &end, 10);
			if (*end || end == tok + 5) {
				REFUSE(s, "501 5.5.4 Bad SIZE parameter");
				return;
			}
			if (n > s->cfg.max_message) {
				srv_reply(s, "552 5.3.4 Message size exceeds fixed limit");
				return;
			}
		} else if (!strcasecmp(tok, "BODY=7BIT") || !strcasecmp(tok, "BODY=8BITMIME")) {
			continue;
		} else {
			REFUSE(s, "555 5.5.4 Unsupported option: %.64s", echo(tok));
			return;
		}
	}
	srv_reset_tx(s);
	s->st = SRV_MAIL;
	srv_reply(s, "250 2.1.0 Ok");
}

/* Domains this server receives mail for: its own name and its parent
 * ("smtp.server.com" receives for "server.com"). */
static bool local_domain(const struct server_session *s, const char *dom)
{
	if (!strcasecmp(dom, s->host))
		return true;
	const char *dot = strchr(s->host, '.');
	return dot && strchr(dot + 1, '.') && !strcasecmp(dom, dot + 1);
}

static void cmd_rcpt(struct server_session *s, char *args)
{
	if (!in_transaction(s)) {
		REFUSE(s, "503 5.5.1 Error: need MAIL command");
		return;
	}
	char *rest = srv_prefix(args, "TO:") ? args + 3 : NULL;
	char *addr = rest ? path(&rest, false) : NULL;
	if (!addr) {
		REFUSE(s, "501 5.5.4 Syntax: RCPT TO:<address>");
		return;
	}
	while (*rest == ' ')
		rest++;
	if (*rest) {
		REFUSE(s, "555 5.5.4 Unsupported option: %.64s", echo(rest));
		return;
	}
	const char *at = strrchr(addr, '@');
	if (!at && strcasecmp(addr, "postmaster")) {
		REFUSE(s, "501 5.1.3 Bad recipient address syntax");
		return;
	}
	if (s->nrcpt >= s->cfg.max_rcpts) {
		srv_reply(s, "452 4.5.3 Error: too many recipients");
		return;
	}
	/* The seed's open-relay test: only an open relay accepts a foreign
	 * recipient from a client that has not authenticated. */
	if (at && !s->p->open_relay && !s->authed && !local_domain(s, at + 1)) {
		srv_reply(s, "554 5.7.1 <%.400s>: Relay access denied", echo(addr));
		return;
	}
	s->nrcpt++;
	s->st = SRV_RCPT;
	srv_reply(s, "250 2.1.5 Ok");
}

static void cmd_data(struct server_session *s, char *args)
{
	if (!no_args(s, args, "DATA") || need_hello(s))
		return;
	if (s->st == SRV_MAIL) {
		REFUSE(s, "554 5.5.1 Error: no valid recipients");
	} else if (s->st != SRV_RCPT) {
		REFUSE(s, "503 5.5.1 Error: need RCPT command");
	} else {
		s->size = 0;
		s->too_big = false;
		s->ds = DS_BOL;
		s->st = SRV_DATA;
		srv_reply(s, "354 End data with <CR><LF>.<CR><LF>");
	}
}

static void cmd_rset(struct server_session *s, char *args)
{
	if (!no_args(s, args, "RSET"))
		return;
	srv_reset_tx(s);
	if (in_transaction(s))
		s->st = SRV_READY;
	srv_reply(s, "250 2.0.0 Ok");
}

static void cmd_noop(struct server_session *s, char *args)
{
	(void)args; /* RFC 5321 §4.1.1.9: a parameter is allowed and ignored */
	srv_reply(s, "250 2.0.0 Ok");
}

static void cmd_vrfy(struct server_session *s, char *args)
{
	if (!*args) {
		REFUSE(s, "501 5.5.4 Syntax: VRFY address");
		return;
	}
	/* RFC 5321 §3.5.3: 252 neither confirms nor denies the address. */
	srv_reply(s, "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
}

static void cmd_help(struct server_session *s, char *args)
{
	(void)args;
	srv_reply(s, "214-2.0.0 smtpdbg teaching server, personality %s", s->p->name);
	srv_reply(s, "214-2.0.0 Commands: HELO EHLO STARTTLS AUTH MAIL RCPT DATA RSET NOOP");
	srv_reply(s, "214 2.0.0 VRFY HELP QUIT");
}

static void cmd_quit(struct server_session *s, char *args)
{
	(void)args;
	srv_close(s, "221 2.0.0 Bye");
	s->quit = true;
}

static const struct {
	const char *verb;
	void (*fn)(struct server_session *s, char *args);
	bool before_tls; /* allowed where TLS is required and not yet up */
} commands[] = {
	{"HELO", cmd_helo, true}, {"EHLO", cmd_ehlo, true}, {"STARTTLS", cmd_starttls, true},
	{"AUTH", cmd_auth, false}, {"MAIL", cmd_mail, false}, {"RCPT", cmd_rcpt, false},
	{"DATA", cmd_data, false}, {"RSET", cmd_rset, true}, {"NOOP", cmd_noop, true},
	{"VRFY", cmd_vrfy, false}, {"HELP", cmd_help, true}, {"QUIT", cmd_quit, true},
};

/* How much of an AUTH line may be logged: "AUTH MECH", not the initial
 * response, which may carry the password. */
static size_t shown_part(const char *line, size_t n)
{
	if (n < 5 || !srv_prefix(line, "AUTH "))
		return n;
	const char *sp = memchr(line + 5, ' ', n - 5);
	return sp ? (size_t)(sp - line) : n;
}

void srv_command(struct server_session *s, char *line, size_t n)
{
	srv_log_client(s, line, n, shown_part(line, n));
	size_t vlen = strcspn(line, " ");
	char *args = line + vlen;
	while (*args == ' ')
		args++;
	/* A NUL inside the line hides the rest: such a line is not a command. */
	bool clean = strlen(line) == n;
	for (size_t i = 0; clean && i < sizeof commands / sizeof commands[0]; i++) {
		if (strlen(commands[i].verb) == vlen && srv_prefix(line, commands[i].verb)) {
			/* Postfix's smtpd_tls_security_level=encrypt */
			if (!commands[i].before_tls && s->p->tls_required && starttls_offered(s))
				REFUSE(s, "530 5.7.0 Must issue a STARTTLS command first");
			else
				commands[i].fn(s, args);
			return;
		}
	}
	REFUSE(s, "500 5.5.2 Error: command not recognized");
}
