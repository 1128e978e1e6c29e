#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/sasl.h"
#include "sasl_harness.h"

static void start(struct exchange *x, const char *mech, const char *authzid,
		  const char *user, const char *password)
{
	ex_open(x, sasl_find(mech),
		&(struct sasl_creds){.authzid = authzid, .user = user, .password = password});
}

/* challenge NULL asks for the initial response, otherwise it is Base64 as
 * the server sends it after "334 ". */
static enum sasl_status step(struct exchange *x, const char *b64_challenge)
{
	return ex_step_b64(x, b64_challenge);
}

static enum sasl_status step_raw(struct exchange *x, const void *chal, size_t len)
{
	return ex_step(x, chal, len);
}

/* ---- registry -------------------------------------------------------- */

Test(sasl, find_is_case_insensitive)
{
	cr_assert_str_eq(sasl_find("plain")->name, "PLAIN");
	cr_assert_str_eq(sasl_find("Login")->name, "LOGIN");
	cr_assert_str_eq(sasl_find("cram-md5")->name, "CRAM-MD5");
	cr_assert_null(sasl_find("CRAM"));
	cr_assert_null(sasl_find("PLAIN "));
	cr_assert_null(sasl_find(""));
	cr_assert_null(sasl_find(NULL));
}

Test(sasl, all_lists_every_mechanism_once)
{
	const struct sasl_mech *const *all = sasl_all();
	size_t n = 0;
	for (; all[n]; n++) {
		cr_assert_eq(sasl_find(all[n]->name), all[n]);
		cr_assert_not_null(all[n]->rfc);
		cr_assert(all[n]->init && all[n]->step && all[n]->done);
		/* Strongest first: the list reads as advice. */
		if (n)
			cr_assert_geq(all[n - 1]->rank, all[n]->rank, "%s before %s",
				      all[n - 1]->name, all[n]->name);
	}
	cr_assert_eq(n, 13);
}

Test(sasl, vtable_flags)
{
	cr_assert(sasl_find("PLAIN")->client_first);
	cr_assert(sasl_find("PLAIN")->reveals_password);
	cr_assert_str_eq(sasl_find("PLAIN")->rfc, "RFC 4616");
	cr_assert_not(sasl_find("LOGIN")->client_first);
	cr_assert(sasl_find("LOGIN")->reveals_password);
	cr_assert_not(sasl_find("CRAM-MD5")->client_first);
	cr_assert_not(sasl_find("CRAM-MD5")->reveals_password);
	cr_assert_str_eq(sasl_find("CRAM-MD5")->rfc, "RFC 2195");
}

Test(sasl, step_free_leaves_an_empty_step)
{
	struct sasl_step s;
	sasl_step_init(&s);
	buf_adds(&s.response, "secret");
	buf_adds(&s.explain, "words");
	s.secret = true;
	sasl_step_free(&s);
	cr_assert_null(s.response.data);
	cr_assert_eq(s.response.len, 0);
	cr_assert_null(s.explain.data);
	cr_assert_not(s.secret);
	sasl_step_free(&s); /* twice is harmless */
}

/* ---- CRAM-MD5 --------------------------------------------------------- */

Test(sasl, cram_md5_rfc2195_vector)
{
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"),
		     SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "tim b913a602c7eda7a495b4e6e7334d3890");
	cr_assert_str_eq(x.b64, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	cr_assert_not(x.st.secret, "the digest is not the password");
	assert_has(&x, "challenge: <1896.697170952@postoffice.reston.mci.net>");
	assert_has(&x, "key = the password");
	assert_has(&x, "= b913a602c7eda7a495b4e6e7334d3890");
	assert_has(&x, "response: tim b913a602c7eda7a495b4e6e7334d3890");
	assert_has(&x, "offline");
	assert_lacks(&x, "tanstaaf");
	assert_lacks(&x, "note:");
	finish(&x);
}

Test(sasl, cram_md5_curl_test_905)
{
	struct exchange x;
	start(&x, "cram-md5", NULL, "user", "secret");
	cr_assert_eq(step(&x, "PDE5NzIuOTg3NjU0MzIxQGN1cmw+"), SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "user 7031725599fdbb5d412689aa323e3e0b");
	cr_assert_str_eq(x.b64, "dXNlciA3MDMxNzI1NTk5ZmRiYjVkNDEyNjg5YWEzMjNlM2UwYg==");
	assert_lacks(&x, "secret");
	finish(&x);
}

Test(sasl, cram_md5_empty_password_is_an_empty_key)
{
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, "u", "");
	cr_assert_eq(step_raw(&x, "<1.2@x>", 7), SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "u 5d5f7ac2e54575c8145c2151a8ea8671");
	finish(&x);
}

Test(sasl, cram_md5_odd_challenge_is_noted_and_escaped)
{
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, "user", "secret");
	cr_assert_eq(step_raw(&x, "plain-challenge\x1b[2J", 19), SASL_CONTINUE);
	assert_has(&x, "note:");
	assert_has(&x, "plain-challenge\\x1b[2J");
	cr_assert_null(strchr(explain(&x), '\x1b'));
	finish(&x);

	start(&x, "CRAM-MD5", NULL, "user", "secret");
	cr_assert_eq(step_raw(&x, "plain-challenge", 15), SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "user 6d377796910d4907c0e181cce2d6bfcc");
	finish(&x);
}

Test(sasl, cram_md5_refuses_empty_and_missing_challenges)
{
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, "tim", "tanstaaftanstaaf");
	step(&x, NULL);
	assert_failed(&x, "no initial response");
	step(&x, "");
	assert_failed(&x, "empty");
	finish(&x);
}

Test(sasl, cram_md5_refuses_a_second_challenge)
{
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, "PDE5NzIuOTg3NjU0MzIxQGN1cmw+"), SASL_CONTINUE);
	step(&x, "PDE5NzIuOTg3NjU0MzIxQGN1cmw+");
	assert_failed(&x, "kept asking");
	finish(&x);
}

Test(sasl, cram_md5_needs_a_user_and_a_password)
{
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, NULL, "pw");
	step(&x, "PDE5NzIuOTg3NjU0MzIxQGN1cmw+");
	assert_failed(&x, "user name");
	finish(&x);
	start(&x, "CRAM-MD5", NULL, "tim", NULL);
	step(&x, "PDE5NzIuOTg3NjU0MzIxQGN1cmw+");
	assert_failed(&x, "password");
	finish(&x);
}

Test(sasl, cram_md5_handles_a_large_challenge)
{
	/* 49,152 bytes, as a hostile server might send (65,536 in Base64). */
	size_t n = 49152;
	char *big = malloc(n);
	memset(big, 'A', n);
	struct exchange x;
	start(&x, "CRAM-MD5", NULL, "tim", "pw");
	cr_assert_eq(step_raw(&x, big, n), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 3 + 1 + 32);
	finish(&x);
	free(big);
}

/* ---- PLAIN ------------------------------------------------------------- */

Test(sasl, plain_rfc4616_vector)
{
	struct exchange x;
	start(&x, "PLAIN", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 21);
	cr_assert_eq(memcmp(x.st.response.data, "\0tim\0tanstaaftanstaaf", 21), 0);
	cr_assert_str_eq(x.b64, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
	cr_assert(x.st.secret);
	assert_has(&x, "authcid: tim");
	assert_has(&x, "********");
	assert_has(&x, "TLS");
	assert_lacks(&x, "tanstaaf");
	finish(&x);
}

Test(sasl, plain_with_authzid)
{
	struct exchange x;
	start(&x, "PLAIN", "test", "test", "1234");
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "dGVzdAB0ZXN0ADEyMzQ=");
	assert_has(&x, "authzid: test");
	assert_lacks(&x, "1234");
	finish(&x);

	start(&x, "PLAIN", "Ursel", "Kurt", "xipj3plmq");
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "VXJzZWwAS3VydAB4aXBqM3BsbXE=");
	assert_lacks(&x, "xipj3plmq");
	finish(&x);
}

Test(sasl, plain_empty_authzid_is_omitted)
{
	struct exchange x;
	start(&x, "PLAIN", "", "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
	finish(&x);
}

Test(sasl, plain_answers_an_empty_challenge_once)
{
	/* RFC 4954: AUTH PLAIN without an initial response gets "334 ". */
	struct exchange x;
	start(&x, "PLAIN", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, ""), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
	cr_assert(x.st.secret);
	assert_has(&x, "empty challenge");
	step(&x, "");
	assert_failed(&x, "kept asking");
	step(&x, NULL);
	assert_failed(&x, "already");
	finish(&x);
}

Test(sasl, plain_refuses_challenge_data)
{
	struct exchange x;
	start(&x, "PLAIN", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	step(&x, "VXNlcm5hbWU6");
	assert_failed(&x, "no challenge data");
	assert_has(&x, "Username:");
	assert_lacks(&x, "tanstaaf");
	finish(&x);
}

Test(sasl, plain_refuses_empty_identity_or_password)
{
	struct exchange x;
	start(&x, "PLAIN", NULL, "", "pw");
	step(&x, NULL);
	assert_failed(&x, "user name");
	finish(&x);
	start(&x, "PLAIN", NULL, NULL, "pw");
	step(&x, NULL);
	assert_failed(&x, "user name");
	finish(&x);
	start(&x, "PLAIN", NULL, "tim", "");
	step(&x, NULL);
	assert_failed(&x, "password");
	finish(&x);
}

Test(sasl, plain_refuses_oversized_credentials)
{
	size_t n = 1024 * 1024;
	char *pw = malloc(n + 1);
	memset(pw, 'p', n);
	pw[n] = '\0';
	struct exchange x;
	start(&x, "PLAIN", NULL, "tim", pw);
	step(&x, NULL);
	assert_failed(&x, "too large");
	finish(&x);
	free(pw);
}

Test(sasl, plain_escapes_identities_in_explanations)
{
	struct exchange x;
	start(&x, "PLAIN", "\x1b]0;t\a", "tim\r\n", "pw");
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	assert_has(&x, "authzid: \\x1b]0;t\\x07");
	assert_has(&x, "authcid: tim\\r\\n");
	for (const char *p = explain(&x); *p; p++)
		cr_assert(*p == '\n' || (unsigned char)*p >= 0x20, "control byte in explanation");
	finish(&x);
}

/* ---- LOGIN ------------------------------------------------------------- */

Test(sasl, login_seed_exchange)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "Max Mustermann", "IchbinkeinSpammer");
	cr_assert_eq(step(&x, "VXNlcm5hbWU6"), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "TWF4IE11c3Rlcm1hbm4=");
	cr_assert_not(x.st.secret);
	assert_has(&x, "prompt: Username:");
	assert_has(&x, "user name");
	assert_has(&x, "by order");
	assert_lacks(&x, "IchbinkeinSpammer");

	cr_assert_eq(step(&x, "UGFzc3dvcmQ6"), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "SWNoYmlua2VpblNwYW1tZXI=");
	cr_assert(x.st.secret);
	assert_has(&x, "prompt: Password:");
	assert_has(&x, "********");
	assert_lacks(&x, "IchbinkeinSpammer");
	assert_lacks(&x, "SWNoYmlua2VpblNwYW1tZXI=");
	finish(&x);
}

Test(sasl, login_lower_case_prompts)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, "dXNlcm5hbWU6"), SASL_CONTINUE);
	assert_has(&x, "prompt: username: (asks for the user name)");
	cr_assert_eq(step(&x, "cGFzc3dvcmQ6"), SASL_CONTINUE);
	assert_has(&x, "prompt: password: (asks for the password)");
	cr_assert_str_eq(x.st.response.data, "tanstaaftanstaaf");
	finish(&x);
}

Test(sasl, login_aiosmtpd_prompt_with_nul)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step_raw(&x, "User Name\0", 10), SASL_CONTINUE);
	assert_has(&x, "User Name\\x00 (asks for the user name)");
	assert_has(&x, "NUL");
	cr_assert_str_eq(x.st.response.data, "tim");
	finish(&x);
}

Test(sasl, login_answers_by_order_not_by_prompt)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "tim", "tanstaaftanstaaf");
	cr_assert_eq(step(&x, "UGFzc3dvcmQ6"), SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "tim", "the first answer is the user name");
	cr_assert_not(x.st.secret);
	assert_has(&x, "asks for the password, but");
	cr_assert_eq(step(&x, ""), SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "tanstaaftanstaaf");
	cr_assert(x.st.secret);
	assert_has(&x, "(empty)");
	finish(&x);
}

Test(sasl, login_escapes_hostile_prompts)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "tim", "pw");
	cr_assert_eq(step_raw(&x, "\x1b]52;c;ZXZpbA==\x07\xe2\x80\xae", 20), SASL_CONTINUE);
	assert_has(&x, "\\x1b]52;c;ZXZpbA==\\x07<U+202E>");
	assert_has(&x, "not a prompt smtpdbg knows");
	cr_assert_null(strchr(explain(&x), '\x1b'));
	finish(&x);
}

Test(sasl, login_refuses_a_third_challenge)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "tim", "tanstaaftanstaaf");
	step(&x, "VXNlcm5hbWU6");
	step(&x, "UGFzc3dvcmQ6");
	step(&x, "UGFzc3dvcmQ6");
	assert_failed(&x, "third challenge");
	assert_lacks(&x, "tanstaaf");
	finish(&x);
}

Test(sasl, login_has_no_initial_response)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, "tim", "pw");
	step(&x, NULL);
	assert_failed(&x, "no initial response");
	finish(&x);
}

Test(sasl, login_needs_a_user_and_a_password)
{
	struct exchange x;
	start(&x, "LOGIN", NULL, NULL, "pw");
	step(&x, "VXNlcm5hbWU6");
	assert_failed(&x, "user name");
	finish(&x);
	start(&x, "LOGIN", NULL, "tim", NULL);
	cr_assert_eq(step(&x, "VXNlcm5hbWU6"), SASL_CONTINUE);
	step(&x, "UGFzc3dvcmQ6");
	assert_failed(&x, "password");
	finish(&x);
}

/* ---- every mechanism --------------------------------------------------- */

static bool contains(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(p + i, needle, k))
			return true;
	return false;
}

/* Whatever the challenge, no explanation contains the password or its
 * Base64 form. */
Test(sasl, explanations_never_contain_the_password)
{
	static const char pw[] = "Zebra-Quokka-7781";
	static const char *const challenges[] = {NULL, "", "VXNlcm5hbWU6", "UGFzc3dvcmQ6",
						 "PDE5NzIuOTg3NjU0MzIxQGN1cmw+", "AA=="};
	char *pw_b64 = b64_encode(pw, strlen(pw));
	for (const struct sasl_mech *const *m = sasl_all(); *m; m++) {
		struct exchange x;
		start(&x, (*m)->name, "admin", "tim", pw);
		for (size_t i = 0; i < sizeof challenges / sizeof challenges[0]; i++) {
			step(&x, challenges[i]);
			assert_lacks(&x, pw);
			assert_lacks(&x, pw_b64);
			assert_lacks(&x, "Zebra");
			if (x.status != SASL_FAIL && x.st.response.len &&
			    contains(x.st.response.data, x.st.response.len, pw))
				cr_assert(x.st.secret, "%s: a response with the password is secret",
					  (*m)->name);
		}
		finish(&x);
	}
	free(pw_b64);
}
