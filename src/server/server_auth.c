/* AUTH, the server side (RFC 4954): PLAIN (RFC 4616), LOGIN and CRAM-MD5
 * (RFC 2195), with initial responses, "*" to cancel and strict Base64.
 * Every mechanism checks the same accounts: the personality's own, then
 * those of `serve --users FILE`. CRAM-MD5 is checked by computing the
 * expected answer with the project's own client mechanism, so client and
 * server share one implementation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/server_users.h"
#include "smtpdbg/xmalloc.h"

enum { STEP_USER = 1, STEP_PASSWORD, STEP_PLAIN, STEP_CRAM };

void srv_auth_clear(struct server_session *s)
{
	free(s->challenge);
	s->challenge = NULL;
	if (s->login_user) {
		wipe(s->login_user, s->login_user_len);
		free(s->login_user);
	}
	s->login_user = NULL;
	s->login_user_len = 0;
	s->mech = 0;
	s->auth_step = 0;
}

/* Compare without an early exit, so timing does not reveal the prefix
 * that matched. */
static bool same(const void *a, size_t an, const void *b, size_t bn)
{
	if (an != bn)
		return false;
	const unsigned char *x = a, *y = b;
	unsigned char d = 0;
	for (size_t i = 0; i < an; i++)
		d |= (unsigned char)(x[i] ^ y[i]);
	return d == 0;
}

static bool is(const char *want, const uint8_t *p, size_t n)
{
	return want && same(want, strlen(want), p, n);
}

/* The password of the account named by the n bytes at user: the
 * personality's, then the users file's; NULL when there is none. */
static const char *password_of(const struct server_session *s, const uint8_t *user, size_t n)
{
	if (is(s->p->user, user, n))
		return s->p->password;
	return server_accounts_find(s->cfg.accounts, (const char *)user, n);
}

/* A failed login is answered 535; after max_auth_failures of them in one
 * session the server says 421 and closes, as Postfix does after its error
 * limit, so a client cannot try passwords at line speed. */
static void finish(struct server_session *s, bool ok)
{
	srv_auth_clear(s);
	s->st = SRV_READY;
	if (ok) {
		s->authed = true;
		srv_reply(s, "%s", s->p->auth_ok ? s->p->auth_ok : "235 2.7.0 Authentication successful");
		return;
	}
	if (srv_error(s))
		return;
	srv_reply(s, "535 5.7.8 Error: authentication failed: authentication failure");
	if (++s->auth_failures < s->cfg.max_auth_failures)
		return;
	srv_note(s, P_("%u failed login in this session: 421 and the connection closed",
		       "%u failed logins in this session: 421 and the connection closed",
		       s->auth_failures),
		 s->auth_failures);
	srv_close(s, "421 4.7.0 %s Error: too many failed authentication attempts", s->host);
}

static void ask(struct server_session *s, int step, const char *b64)
{
	s->auth_step = step;
	s->st = SRV_AUTH;
	srv_reply(s, "334 %s", b64);
}

/* RFC 4616: [authzid] NUL authcid NUL passwd; acting as someone else is
 * not allowed here. */
static bool plain_ok(const struct server_session *s, const uint8_t *m, size_t n)
{
	const uint8_t *n1 = memchr(m, '\0', n);
	const uint8_t *n2 = n1 ? memchr(n1 + 1, '\0', n - (size_t)(n1 + 1 - m)) : NULL;
	if (!n2)
		return false;
	size_t zlen = (size_t)(n1 - m), ulen = (size_t)(n2 - n1 - 1);
	const char *pw = password_of(s, n1 + 1, ulen);
	return is(pw, n2 + 1, n - (size_t)(n2 + 1 - m)) &&
	       (zlen == 0 || same(m, zlen, n1 + 1, ulen));
}

/* RFC 2195: "user SP hex(HMAC-MD5(password, challenge))"; the user name
 * may hold spaces ("Max Mustermann"), the digest does not. */
static bool cram_ok(const struct server_session *s, const uint8_t *m, size_t n)
{
	const uint8_t *sp = NULL;
	for (size_t i = n; i > 0 && !sp; i--)
		if (m[i - 1] == ' ')
			sp = m + i - 1;
	const char *pw = sp ? password_of(s, m, (size_t)(sp - m)) : NULL;
	const struct sasl_mech *mech = sasl_find("CRAM-MD5");
	if (!pw || !mech)
		return false;
	char *user = xstrndup((const char *)m, (size_t)(sp - m));
	struct sasl_creds cr = {.user = user, .password = pw};
	void *st = mech->init(&cr);
	bool ok = false;
	if (st) {
		struct sasl_step out;
		sasl_step_init(&out);
		ok = mech->step(st, (const uint8_t *)s->challenge, strlen(s->challenge), &out) !=
			     SASL_FAIL &&
		     same(out.response.data, out.response.len, m, n);
		sasl_step_free(&out);
		mech->done(st);
	}
	free(user);
	return ok;
}

static void cram_challenge(struct server_session *s)
{
	if (s->p->cram_challenge) {
		s->challenge = xstrdup(s->p->cram_challenge);
		char *b = b64_encode(s->challenge, strlen(s->challenge));
		ask(s, STEP_CRAM, b);
		free(b);
		return;
	}
	uint64_t r = s->cfg.random ? s->cfg.random(s->cfg.clock_arg) : 0;
	long long t = s->cfg.now ? (long long)s->cfg.now(s->cfg.clock_arg) : 0;
	size_t n = (size_t)snprintf(NULL, 0, "<%llu.%lld@%s>", (unsigned long long)r, t, s->host);
	s->challenge = xmalloc(n + 1);
	snprintf(s->challenge, n + 1, "<%llu.%lld@%s>", (unsigned long long)r, t, s->host);
	char *b = b64_encode(s->challenge, n);
	ask(s, STEP_CRAM, b);
	free(b);
}

/* One decoded client message for the current step. */
static void advance(struct server_session *s, const uint8_t *m, size_t n)
{
	switch (s->auth_step) {
	case STEP_PLAIN:
		finish(s, plain_ok(s, m, n));
		break;
	case STEP_USER:
		s->login_user = xmalloc(n + 1);
		memcpy(s->login_user, m, n);
		s->login_user[n] = '\0';
		s->login_user_len = n;
		ask(s, STEP_PASSWORD, "UGFzc3dvcmQ6"); /* "Password:" */
		break;
	case STEP_PASSWORD:
		finish(s, s->login_user &&
				  is(password_of(s, (const uint8_t *)s->login_user, s->login_user_len),
				     m, n));
		break;
	case STEP_CRAM:
		finish(s, cram_ok(s, m, n));
		break;
	default:
		finish(s, false);
	}
}

/* Decode a response ("=" is an empty initial response, RFC 4954 §4) and
 * go on; a bad encoding ends the exchange with 501. */
static void decode_and_advance(struct server_session *s, const char *b64, size_t n)
{
	uint8_t *m = NULL;
	size_t mlen = 0;
	const char *err;
	size_t pos;
	if (n == 1 && b64[0] == '=') {
		m = (uint8_t *)xstrdup("");
	} else if (b64_decode(b64, n, &m, &mlen, &err, &pos) < 0) {
		srv_auth_clear(s);
		s->st = SRV_READY;
		if (!srv_error(s))
			srv_reply(s, "501 5.5.2 Cannot decode response");
		return;
	}
	advance(s, m, mlen);
	wipe(m, mlen);
	free(m);
}

void srv_auth_start(struct server_session *s, char *args)
{
	size_t mlen = strcspn(args, " ");
	char *ir = args + mlen;
	while (*ir == ' ')
		ir++;
	args[mlen] = '\0';
	if (!mlen) {
		if (!srv_error(s))
			srv_reply(s, "501 5.5.4 Syntax: AUTH mechanism");
		return;
	}
	unsigned mech = !strcasecmp(args, "PLAIN")      ? SERVER_MECH_PLAIN
			: !strcasecmp(args, "LOGIN")    ? SERVER_MECH_LOGIN
			: !strcasecmp(args, "CRAM-MD5") ? SERVER_MECH_CRAM_MD5
							: 0;
	if (!(mech & s->p->mechs)) {
		if (!srv_error(s))
			srv_reply(s, "504 5.5.4 Unrecognized authentication type");
		return;
	}
	s->mech = mech;
	if (mech == SERVER_MECH_CRAM_MD5) {
		if (*ir) {
			srv_auth_clear(s);
			if (!srv_error(s))
				srv_reply(s, "501 5.5.4 CRAM-MD5 has no initial response");
			return;
		}
		cram_challenge(s);
		return;
	}
	s->auth_step = mech == SERVER_MECH_PLAIN ? STEP_PLAIN : STEP_USER;
	if (*ir)
		decode_and_advance(s, ir, strlen(ir));
	else if (mech == SERVER_MECH_PLAIN)
		ask(s, STEP_PLAIN, "");
	else
		ask(s, STEP_USER, "VXNlcm5hbWU6"); /* "Username:" */
}

void srv_auth_response(struct server_session *s, char *line, size_t n)
{
	/* Only LOGIN's user name is not a secret; CRAM-MD5's digest lets an
	 * eavesdropper test password guesses offline. */
	bool secret = s->auth_step != STEP_USER;
	srv_log_client(s, line, n, secret ? 0 : n);
	if (n == 1 && line[0] == '*') {
		srv_auth_clear(s);
		s->st = SRV_READY;
		srv_reply(s, "501 5.7.0 Authentication aborted");
		return;
	}
	decode_and_advance(s, line, n);
}
