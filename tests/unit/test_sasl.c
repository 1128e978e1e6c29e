#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/sasl.h"

/* Run one step and return the Base64 of its response. */
static char *step64(const struct sasl_mech *m, void *st, const char *challenge,
		    enum sasl_status want, bool want_secret, char **explain)
{
	struct sasl_step s;
	sasl_step_init(&s);
	enum sasl_status got = m->step(st, (const uint8_t *)challenge,
				       challenge ? strlen(challenge) : 0, &s);
	cr_assert_eq(got, want, "%s: status %d: %s", m->name, got, s.explain.data);
	cr_assert_eq(s.secret, want_secret, "%s: secret flag", m->name);
	char *b64 = b64_encode(s.response.data ? s.response.data : "", s.response.len);
	if (explain)
		*explain = strdup(s.explain.data ? s.explain.data : "");
	sasl_step_free(&s);
	return b64;
}

Test(sasl, registry)
{
	cr_assert_eq(sasl_find("plain"), sasl_find("PLAIN"));
	cr_assert(sasl_find("Cram-Md5"));
	cr_assert_null(sasl_find("NTLM"));
	size_t n = 0;
	for (const struct sasl_mech *const *p = sasl_all(); *p; p++, n++)
		cr_assert((*p)->rfc && (*p)->init && (*p)->step && (*p)->done);
	cr_assert_eq(n, 3);
	cr_assert(sasl_find("PLAIN")->reveals_password && sasl_find("LOGIN")->reveals_password);
	cr_assert(!sasl_find("CRAM-MD5")->reveals_password);
}

Test(sasl, cram_md5_rfc2195)
{
	const struct sasl_mech *m = sasl_find("CRAM-MD5");
	void *st = m->init(&(struct sasl_creds){.user = "tim", .password = "tanstaaftanstaaf"});
	char *ex;
	char *r = step64(m, st, "<1896.697170952@postoffice.reston.mci.net>", SASL_DONE, false, &ex);
	cr_assert_str_eq(r, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	cr_assert(strstr(ex, "b913a602c7eda7a495b4e6e7334d3890"), "the digest is shown: %s", ex);
	cr_assert_null(strstr(ex, "tanstaaftanstaaf"), "the password is not: %s", ex);
	free(ex);
	free(r);
	/* one round only */
	r = step64(m, st, "<again@x>", SASL_FAIL, false, NULL);
	free(r);
	m->done(st);
}

Test(sasl, cram_md5_curl_905)
{
	const struct sasl_mech *m = sasl_find("CRAM-MD5");
	void *st = m->init(&(struct sasl_creds){.user = "user", .password = "secret"});
	char *r = step64(m, st, "<1972.987654321@curl>", SASL_DONE, false, NULL);
	cr_assert_str_eq(r, "dXNlciA3MDMxNzI1NTk5ZmRiYjVkNDEyNjg5YWEzMjNlM2UwYg==");
	free(r);
	m->done(st);
}

Test(sasl, cram_md5_needs_a_challenge)
{
	const struct sasl_mech *m = sasl_find("CRAM-MD5");
	void *st = m->init(&(struct sasl_creds){.user = "u", .password = "p"});
	char *r = step64(m, st, "", SASL_FAIL, false, NULL);
	cr_assert_str_eq(r, "");
	free(r);
	m->done(st);
}

Test(sasl, plain_rfc4616_and_rfc4954)
{
	const struct sasl_mech *m = sasl_find("PLAIN");
	void *st = m->init(&(struct sasl_creds){.user = "tim", .password = "tanstaaftanstaaf"});
	char *ex;
	char *r = step64(m, st, NULL, SASL_DONE, true, &ex);
	cr_assert_str_eq(r, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
	cr_assert_null(strstr(ex, "tanstaaftanstaaf"));
	free(ex);
	free(r);
	r = step64(m, st, "", SASL_FAIL, false, NULL); /* a second message is an error */
	free(r);
	m->done(st);

	st = m->init(&(struct sasl_creds){.authzid = "test", .user = "test", .password = "1234"});
	r = step64(m, st, NULL, SASL_DONE, true, NULL);
	cr_assert_str_eq(r, "dGVzdAB0ZXN0ADEyMzQ=");
	free(r);
	m->done(st);

	/* Without an initial response the server sends an empty 334. */
	st = m->init(&(struct sasl_creds){.user = "tim", .password = "tanstaaftanstaaf"});
	r = step64(m, st, "", SASL_DONE, true, NULL);
	cr_assert_str_eq(r, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
	free(r);
	m->done(st);

	st = m->init(&(struct sasl_creds){.user = "tim", .password = "x"});
	r = step64(m, st, "unexpected", SASL_FAIL, false, NULL);
	free(r);
	m->done(st);
}

Test(sasl, login_seed)
{
	const struct sasl_mech *m = sasl_find("LOGIN");
	void *st = m->init(&(struct sasl_creds){.user = "Max Mustermann",
						 .password = "IchbinkeinSpammer"});
	char *ex;
	char *r = step64(m, st, "Username:", SASL_CONTINUE, false, &ex);
	cr_assert_str_eq(r, "TWF4IE11c3Rlcm1hbm4=");
	cr_assert(strstr(ex, "Username:"), "%s", ex);
	free(ex);
	free(r);
	r = step64(m, st, "Password:", SASL_DONE, true, &ex);
	cr_assert_str_eq(r, "SWNoYmlua2VpblNwYW1tZXI=");
	cr_assert_null(strstr(ex, "IchbinkeinSpammer"), "%s", ex);
	free(ex);
	free(r);
	r = step64(m, st, "More:", SASL_FAIL, false, NULL);
	free(r);
	m->done(st);
}

Test(sasl, login_odd_prompts_answered_by_order)
{
	const struct sasl_mech *m = sasl_find("LOGIN");
	void *st = m->init(&(struct sasl_creds){.user = "u", .password = "p"});
	/* aiosmtpd's prompt ends in NUL; a hostile one carries escapes. */
	struct sasl_step s;
	sasl_step_init(&s);
	cr_assert_eq(m->step(st, (const uint8_t *)"User Name\0", 10, &s), SASL_CONTINUE);
	cr_assert(strstr(s.explain.data, "User Name\\x00"), "%s", s.explain.data);
	sasl_step_free(&s);
	sasl_step_init(&s);
	cr_assert_eq(m->step(st, (const uint8_t *)"\x1b[2J", 4, &s), SASL_DONE);
	cr_assert_eq(s.response.len, 1);
	cr_assert_eq(s.response.data[0], 'p');
	cr_assert_null(strchr(s.explain.data, '\x1b'));
	cr_assert(strstr(s.explain.data, "unusual"), "%s", s.explain.data);
	sasl_step_free(&s);
	m->done(st);
}

Test(sasl, login_has_no_initial_response)
{
	const struct sasl_mech *m = sasl_find("LOGIN");
	cr_assert(!m->client_first);
	void *st = m->init(&(struct sasl_creds){.user = "u", .password = "p"});
	char *r = step64(m, st, NULL, SASL_FAIL, false, NULL);
	free(r);
	m->done(st);
}
