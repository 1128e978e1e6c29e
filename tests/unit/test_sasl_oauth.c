#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/sasl.h"
#include "sasl_harness.h"

/* Looked up directly, so these tests do not depend on the registry. */
extern const struct sasl_mech sasl_mech_xoauth2;
extern const struct sasl_mech sasl_mech_oauthbearer;
extern const struct sasl_mech sasl_mech_external;

/* RFC 7628 section 4.1. */
#define RFC_TOKEN "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="
/* Google's XOAUTH2 example. */
#define GOOGLE_TOKEN "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"

static void start(struct exchange *x, const struct sasl_mech *m, const struct sasl_creds *c)
{
	ex_open(x, m, c);
}

static enum sasl_status step(struct exchange *x, const char *b64_challenge)
{
	return ex_step_b64(x, b64_challenge);
}

static enum sasl_status step_raw(struct exchange *x, const void *chal, size_t len)
{
	return ex_step(x, chal, len);
}

/* ---- flags ----------------------------------------------------------- */

Test(sasl_oauth, vtable_flags)
{
	const struct sasl_mech *tok[] = {&sasl_mech_xoauth2, &sasl_mech_oauthbearer};
	for (size_t i = 0; i < 2; i++) {
		cr_assert(tok[i]->client_first);
		cr_assert(tok[i]->reveals_password, "a bearer token needs TLS");
		cr_assert_not(tok[i]->needs_password);
		cr_assert(tok[i]->needs_token);
		cr_assert_not(tok[i]->plus);
		cr_assert_not_null(tok[i]->rfc);
		cr_assert(tok[i]->init && tok[i]->step && tok[i]->done);
	}
	cr_assert_str_eq(sasl_mech_xoauth2.name, "XOAUTH2");
	cr_assert_str_eq(sasl_mech_oauthbearer.name, "OAUTHBEARER");
	cr_assert_eq(sasl_mech_xoauth2.rank, 70);
	cr_assert_eq(sasl_mech_oauthbearer.rank, 75);

	const struct sasl_mech *e = &sasl_mech_external;
	cr_assert_str_eq(e->name, "EXTERNAL");
	cr_assert(e->client_first);
	cr_assert_not(e->reveals_password);
	cr_assert_not(e->needs_password);
	cr_assert_not(e->needs_token);
	cr_assert_eq(e->rank, 80);
	cr_assert_str_eq(e->rfc, "RFC 4422 Appendix A");
}

/* ---- OAUTHBEARER ------------------------------------------------------ */

static void bearer_vector(unsigned port, const char *want)
{
	struct exchange x;
	start(&x, &sasl_mech_oauthbearer,
	      &(struct sasl_creds){.authzid = "user@example.com", .token = RFC_TOKEN,
				   .host = "server.example.com", .port = port});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, want);
	cr_assert(x.st.secret);
	assert_has(&x, "a=user@example.com");
	assert_has(&x, "server.example.com");
	assert_has(&x, "********");
	assert_has(&x, "\\x01auth=Bearer ********\\x01\\x01");
	assert_lacks(&x, RFC_TOKEN);
	assert_lacks(&x, "vF9dft4q");
	assert_inert(&x);
	finish(&x);
}

Test(sasl_oauth, oauthbearer_rfc7628_section_4_1)
{
	bearer_vector(143, "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9"
			   "MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZ"
			   "Mjl0Q2c9PQEB");
}

Test(sasl_oauth, oauthbearer_port_587)
{
	bearer_vector(587, "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9"
			   "NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZ"
			   "Mjl0Q2c9PQEB");
}

Test(sasl_oauth, oauthbearer_rfc7628_section_4_3_failure)
{
	struct exchange x;
	start(&x, &sasl_mech_oauthbearer,
	      &(struct sasl_creds){.authzid = "user@example.com", .token = RFC_TOKEN,
				   .host = "server.example.com", .port = 587});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(step(&x, "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3Bl"
			      "Iiwib3BlbmlkLWNvbmZpZ3VyYXRpb24iOiJodHRwczovL2V4YW1wbGUuY29tLy53"
			      "ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0="),
		     SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 1);
	cr_assert_eq(x.st.response.data[0], '\x01');
	cr_assert_str_eq(x.b64, "AQ==");
	cr_assert_not(x.st.secret, "the 0x01 answer reveals nothing");
	assert_has(&x, "status: invalid_token");
	assert_has(&x, "scope: example_scope");
	assert_has(&x, "openid-configuration: https://example.com/.well-known/"
		       "openid-configuration");
	assert_has(&x, "fresh access token");
	assert_has(&x, "535");
	assert_lacks(&x, RFC_TOKEN);
	assert_inert(&x);

	/* The server must now send 535; another challenge is refused. */
	step(&x, "e30=");
	assert_failed(&x, "kept asking");
	finish(&x);
}

Test(sasl_oauth, oauthbearer_without_authzid_or_address)
{
	struct exchange x;
	start(&x, &sasl_mech_oauthbearer, &(struct sasl_creds){.token = "abc"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, strlen("n,,\x01" "auth=Bearer abc\x01\x01"));
	cr_assert_eq(memcmp(x.st.response.data, "n,,\x01" "auth=Bearer abc\x01\x01",
			    x.st.response.len), 0);
	assert_has(&x, "n,,");
	assert_has(&x, "host: not sent");
	assert_has(&x, "port: not sent");
	finish(&x);
}

Test(sasl_oauth, oauthbearer_uses_the_user_as_identity_and_encodes_it)
{
	struct exchange x;
	start(&x, &sasl_mech_oauthbearer,
	      &(struct sasl_creds){.user = "a,b=c", .token = "t", .host = "h"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	const char want[] = "n,a=a=2Cb=3Dc,\x01host=h\x01" "auth=Bearer t\x01\x01";
	cr_assert_eq(x.st.response.len, sizeof want - 1);
	cr_assert_eq(memcmp(x.st.response.data, want, sizeof want - 1), 0);
	assert_has(&x, "user name is sent as the identity");
	finish(&x);
}

Test(sasl_oauth, oauthbearer_answers_an_empty_challenge_with_the_message)
{
	struct exchange x;
	start(&x, &sasl_mech_oauthbearer, &(struct sasl_creds){.token = "abc"});
	cr_assert_eq(step(&x, ""), SASL_CONTINUE);
	cr_assert(x.st.secret);
	cr_assert_eq(x.st.response.len, strlen("n,,\x01" "auth=Bearer abc\x01\x01"));
	assert_has(&x, "without an initial response");
	finish(&x);
}

Test(sasl_oauth, challenge_data_before_the_message_is_refused)
{
	struct exchange x;
	start(&x, &sasl_mech_oauthbearer, &(struct sasl_creds){.token = "abc"});
	step_raw(&x, "\x1b]0;pwned\x07", 10);
	assert_failed(&x, "client speaks first");
	assert_has(&x, "\\x1b]0;pwned\\x07");
	assert_inert(&x);
	finish(&x);
}

Test(sasl_oauth, initial_response_only_once)
{
	struct exchange x;
	start(&x, &sasl_mech_xoauth2, &(struct sasl_creds){.user = "u", .token = "t"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	step(&x, NULL);
	assert_failed(&x, "already produced");
	finish(&x);
}

/* ---- XOAUTH2 ----------------------------------------------------------- */

Test(sasl_oauth, xoauth2_google_example)
{
	struct exchange x;
	start(&x, &sasl_mech_xoauth2,
	      &(struct sasl_creds){.user = "someuser@example.com", .token = GOOGLE_TOKEN,
				   .host = "smtp.gmail.com", .port = 587});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRm"
				"dDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==");
	cr_assert(x.st.secret);
	assert_has(&x, "user: someuser@example.com");
	assert_has(&x, "user=someuser@example.com\\x01auth=Bearer ********\\x01\\x01");
	assert_lacks(&x, GOOGLE_TOKEN);
	assert_lacks(&x, "ya29");
	assert_inert(&x);
	finish(&x);
}

Test(sasl_oauth, xoauth2_error_gets_an_empty_response)
{
	struct exchange x;
	start(&x, &sasl_mech_xoauth2,
	      &(struct sasl_creds){.user = "someuser@example.com", .token = GOOGLE_TOKEN});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	const char *json = "{\"status\":\"401\",\"schemes\":\"bearer mac\","
			   "\"scope\":\"https://mail.google.com/\"}";
	cr_assert_eq(step_raw(&x, json, strlen(json)), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 0);
	cr_assert_str_eq(x.b64, "");
	cr_assert_not(x.st.secret);
	assert_has(&x, "status: 401");
	assert_has(&x, "schemes: bearer mac");
	assert_has(&x, "scope: https://mail.google.com/");
	assert_has(&x, "fresh access token");
	assert_lacks(&x, GOOGLE_TOKEN);
	step_raw(&x, json, strlen(json));
	assert_failed(&x, "kept asking");
	finish(&x);
}

Test(sasl_oauth, xoauth2_needs_a_user_and_a_token)
{
	struct exchange x;
	start(&x, &sasl_mech_xoauth2, &(struct sasl_creds){.token = "t"});
	step(&x, NULL);
	assert_failed(&x, "needs the user name");
	finish(&x);

	start(&x, &sasl_mech_xoauth2, &(struct sasl_creds){.user = "u"});
	step(&x, NULL);
	assert_failed(&x, "XOAUTH2 needs an OAuth 2.0 access token");
	finish(&x);

	start(&x, &sasl_mech_oauthbearer, &(struct sasl_creds){.user = "u", .token = ""});
	step(&x, NULL);
	assert_failed(&x, "OAUTHBEARER needs an OAuth 2.0 access token");
	finish(&x);
}

Test(sasl_oauth, a_separator_byte_in_a_credential_is_refused)
{
	struct exchange x;
	start(&x, &sasl_mech_xoauth2, &(struct sasl_creds){.user = "u", .token = "a\x01" "b"});
	step(&x, NULL);
	assert_failed(&x, "0x01");
	finish(&x);

	start(&x, &sasl_mech_oauthbearer,
	      &(struct sasl_creds){.token = "t", .host = "evil\x01" "auth=Bearer x"});
	step(&x, NULL);
	assert_failed(&x, "0x01");
	finish(&x);
}

Test(sasl_oauth, a_pasted_line_break_in_the_token_is_noted_not_shown)
{
	struct exchange x;
	start(&x, &sasl_mech_xoauth2, &(struct sasl_creds){.user = "u", .token = "secret\n"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	assert_has(&x, "RFC 6750 section 2.1");
	assert_lacks(&x, "secret");
	finish(&x);
}

/* ---- hostile error challenges --------------------------------------- */

static void send_token(struct exchange *x, const struct sasl_mech *m)
{
	start(x, m, &(struct sasl_creds){.user = "u", .token = RFC_TOKEN});
	cr_assert_eq(step(x, NULL), SASL_CONTINUE);
}

Test(sasl_oauth, huge_json_is_bounded)
{
	size_t n = 64 * 1024;
	char *json = malloc(n);
	cr_assert_not_null(json);
	memset(json, 'A', n);
	const char head[] = "{\"status\":\"";
	memcpy(json, head, sizeof head - 1);
	json[n - 2] = '"';
	json[n - 1] = '}';

	struct exchange x;
	send_token(&x, &sasl_mech_oauthbearer);
	cr_assert_eq(step_raw(&x, json, n), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "AQ==");
	assert_has(&x, "more bytes not shown");
	assert_has(&x, "status: AAAA");
	assert_has(&x, "more bytes)");
	cr_assert_lt(x.st.explain.len, 8 * 1024, "the explanation is bounded: %zu",
		     x.st.explain.len);
	finish(&x);
	free(json);
}

Test(sasl_oauth, unterminated_strings_do_not_read_past_the_challenge)
{
	/* Each is copied into an exact-size block, so ASan/valgrind see any
	 * read beyond it. */
	static const char *const cases[] = {
		"{\"status\":\"inval",
		"{\"status\":\"x\\",
		"{\"status",
		"{\"status\":",
		"{\"status\"   ",
		"{\"scope\":\"\\u12",
		"{\"scope\":\"\\u",
		"{\"",
		"{",
		"\"",
		"\\",
		"{\"status\":401",
		"}}]]{{{\"status\":\"x\"",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i]);
		char *c = malloc(n ? n : 1);
		cr_assert_not_null(c);
		memcpy(c, cases[i], n);

		struct exchange x;
		send_token(&x, &sasl_mech_xoauth2);
		cr_assert_eq(step_raw(&x, c, n), SASL_CONTINUE, "case %zu", i);
		cr_assert_eq(x.st.response.len, 0);
		assert_inert(&x);
		finish(&x);
		free(c);
	}

	struct exchange x;
	send_token(&x, &sasl_mech_xoauth2);
	const char *t = "{\"status\":\"inval";
	step_raw(&x, t, strlen(t));
	assert_has(&x, "status: inval");
	finish(&x);

	send_token(&x, &sasl_mech_xoauth2);
	t = "{\"status\":401 , \"scope\" : \"s\"}";
	step_raw(&x, t, strlen(t));
	assert_has(&x, "status: 401 (");
	assert_has(&x, "scope: s");
	finish(&x);
}

Test(sasl_oauth, escapes_in_json_are_decoded_then_made_inert)
{
	const char *json = "{\"status\":\"\\u001b[2J\\\"x\\\"\\n\\u00e9\\ud800\","
			   "\"scope\":\"\x1b]52;c;AAAA\x07\xe2\x80\xae\","
			   "\"nested\":{\"status\":\"not me\"}}";
	struct exchange x;
	send_token(&x, &sasl_mech_oauthbearer);
	cr_assert_eq(step_raw(&x, json, strlen(json)), SASL_CONTINUE);
	assert_has(&x, "status: \\x1b[2J\"x\"\\n\xc3\xa9\\\\ud800\n");
	assert_has(&x, "scope: \\x1b]52;c;AAAA\\x07<U+202E>");
	assert_lacks(&x, "not me\n");
	assert_inert(&x);
	finish(&x);
}

Test(sasl_oauth, nested_keys_are_not_top_level_fields)
{
	const char *json = "{\"error\":{\"status\":\"deep\"},\"status\":\"top\"}";
	struct exchange x;
	send_token(&x, &sasl_mech_oauthbearer);
	step_raw(&x, json, strlen(json));
	assert_has(&x, "status: top");
	assert_lacks(&x, "status: deep");
	finish(&x);
}

Test(sasl_oauth, non_json_and_empty_errors)
{
	struct exchange x;
	send_token(&x, &sasl_mech_oauthbearer);
	step_raw(&x, "bad \x00 token", 11);
	cr_assert_str_eq(x.b64, "AQ==");
	assert_has(&x, "not a JSON object");
	assert_has(&x, "bad \\x00 token");
	finish(&x);

	send_token(&x, &sasl_mech_xoauth2);
	cr_assert_eq(step(&x, ""), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 0);
	assert_has(&x, "(empty)");
	finish(&x);
}

/* ---- EXTERNAL ----------------------------------------------------------- */

Test(sasl_oauth, external_without_authzid)
{
	struct exchange x;
	start(&x, &sasl_mech_external, &(struct sasl_creds){.user = "ignored", .password = "pw"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 0, "the engine sends \"AUTH EXTERNAL =\"");
	cr_assert_not(x.st.secret);
	assert_has(&x, "TLS client certificate");
	assert_has(&x, "--cert/--key");
	assert_has(&x, "authzid: empty");
	assert_lacks(&x, "pw");
	step(&x, "");
	assert_failed(&x, "kept asking");
	finish(&x);
}

Test(sasl_oauth, external_with_authzid)
{
	struct exchange x;
	start(&x, &sasl_mech_external, &(struct sasl_creds){.authzid = "postmaster\x1b[0m"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(x.st.response.data, "postmaster\x1b[0m");
	cr_assert_not(x.st.secret);
	assert_has(&x, "authzid: postmaster\\x1b[0m");
	assert_inert(&x);
	finish(&x);
}

Test(sasl_oauth, external_without_initial_response_and_with_challenge_data)
{
	struct exchange x;
	start(&x, &sasl_mech_external, &(struct sasl_creds){.authzid = "a"});
	cr_assert_eq(step(&x, ""), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "YQ==");
	assert_has(&x, "without an initial response");
	finish(&x);

	start(&x, &sasl_mech_external, &(struct sasl_creds){0});
	step_raw(&x, "hi", 2);
	assert_failed(&x, "expects no challenge data");
	finish(&x);
}
