/* SCRAM-SHA-1/-256 and -PLUS: the RFC 5802 and RFC 7677 exchanges with
 * pinned nonces, the intermediate values, and hostile server messages. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/sasl.h"
#include "sasl_harness.h"

static void start_creds(struct exchange *x, const char *mech, const struct sasl_creds *c)
{
	ex_open(x, sasl_find(mech), c);
}

static void start(struct exchange *x, const char *mech, const char *nonce)
{
	start_creds(x, mech, &(struct sasl_creds){.user = "user", .password = "pencil",
						  .nonce = nonce});
}

/* One step; text NULL asks for the initial response. */
static enum sasl_status step(struct exchange *x, const char *text)
{
	return ex_step_text(x, text);
}

static enum sasl_status success(struct exchange *x)
{
	return ex_success(x);
}

#define SHA1_NONCE "fyko+d2lbbFgONRv9qkxdawL"
#define SHA1_FIRST "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"
#define SHA1_FINAL \
	"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
#define SHA1_V "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="

#define SHA256_NONCE "rOprNGfwEbeRWgbNEkqO"
#define SHA256_FIRST \
	"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
#define SHA256_FINAL                                                                  \
	"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"               \
	"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define SHA256_V "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

Test(scram, registry_flags)
{
	static const struct {
		const char *name;
		bool plus;
		int rank;
	} want[] = {{"SCRAM-SHA-256-PLUS", true, 100},
		    {"SCRAM-SHA-1-PLUS", true, 95},
		    {"SCRAM-SHA-256", false, 90},
		    {"scram-sha-1", false, 85}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct sasl_mech *m = sasl_find(want[i].name);
		cr_assert_not_null(m, "%s", want[i].name);
		cr_assert(m->client_first);
		cr_assert_not(m->reveals_password);
		cr_assert(m->needs_password);
		cr_assert_not(m->needs_token);
		cr_assert_eq(m->plus, want[i].plus);
		cr_assert_eq(m->rank, want[i].rank);
		cr_assert_not_null(m->success);
	}
}

Test(scram, rfc5802_sha1)
{
	struct exchange x;
	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), "n,,n=user,r=" SHA1_NONCE);
	cr_assert_not(x.st.secret);
	assert_lacks(&x, "pencil");
	cr_assert_eq(step(&x, SHA1_FIRST), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), SHA1_FINAL);
	cr_assert_not(x.st.secret, "the client-final message is not password-equivalent");
	assert_has(&x, "StoredKey = H(ClientKey) = e9d94660c39d65c38fbad91c358f14da0eef2bd6");
	assert_has(&x, "ServerKey = HMAC(SaltedPassword, \"Server Key\") = "
		       "0fe09258b3ac852ba502cc62ba903eaacdbf7d31");
	assert_has(&x, "n=user,r=fyko+d2lbbFgONRv9qkxdawL,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvW"
		       "Vs7j,s=QSXCR+Q6sek8bf92,i=4096,c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1"
		       "ZVvWVs7j");
	assert_has(&x, "ClientProof = ClientKey XOR ClientSignature = ");
	assert_has(&x, "expected ServerSignature = HMAC(ServerKey, AuthMessage) = "
		       "ae617da6a57c4bbb2e0286568dae1d251905b0a4"); /* rmF9pqV8... in hex */
	/* SaltedPassword and ClientKey would let anyone log in: masked. */
	assert_lacks(&x, "1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d");
	assert_lacks(&x, "e234c47bf6c36696dd6d852b99aaa2ba26555728");
	assert_has(&x, "********");
	assert_lacks(&x, "pencil");
	cr_assert_eq(step(&x, SHA1_V), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 0, "the answer to v= is empty");
	assert_has(&x, "server signature verified");
	cr_assert_eq(success(&x), SASL_CONTINUE);
	cr_assert_eq(step(&x, "v=x"), SASL_FAIL, "a fourth challenge is refused");
	assert_has(&x, "kept asking");
	finish(&x);
}

Test(scram, rfc7677_sha256)
{
	struct exchange x;
	start(&x, "scram-sha-256", SHA256_NONCE);
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), "n,,n=user,r=" SHA256_NONCE);
	cr_assert_eq(step(&x, SHA256_FIRST), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), SHA256_FINAL);
	assert_has(&x, "586e5df283e6dceb5c3e791d8b8528ec191e664045ce971792e2e6b5bb13e2a6");
	assert_has(&x, "c1f3cbc1c13a9d35a14c0990eed97629ea225863e566a4314ab99f3f00e5d9d5");
	assert_lacks(&x, "c4a49510323ab4f952cac1fa99441939e78ea74d6be81ddf7096e87513dc615d");
	assert_lacks(&x, "a60fc923d67e8644a92d16b96eda5ef4656b0c725c484374be25535576996e8b");
	assert_has(&x, "PBKDF2-HMAC-SHA-256");
	cr_assert_eq(step(&x, SHA256_V), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 0);
	cr_assert_eq(success(&x), SASL_CONTINUE);
	finish(&x);
}

Test(scram, empty_first_challenge_gives_the_client_first_message)
{
	struct exchange x;
	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	cr_assert_eq(step(&x, ""), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), "n,,n=user,r=" SHA1_NONCE);
	finish(&x);
	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	cr_assert_eq(step(&x, "r=abc"), SASL_FAIL);
	finish(&x);
}

Test(scram, random_nonce_is_printable_and_fresh)
{
	struct exchange x, y;
	start(&x, "SCRAM-SHA-256", NULL);
	start(&y, "SCRAM-SHA-256", NULL);
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(step(&y, NULL), SASL_CONTINUE);
	const char *r = strstr(response(&x), ",r=");
	cr_assert_not_null(r);
	cr_assert_eq(strlen(r + 3), 32, "24 random bytes in Base64");
	for (const char *p = r + 3; *p; p++)
		cr_assert(*p > 0x20 && *p < 0x7f && *p != ',');
	cr_assert_str_neq(response(&x), response(&y));
	finish(&x);
	finish(&y);
}

Test(scram, username_and_authzid_are_escaped)
{
	struct exchange x;
	start_creds(&x, "SCRAM-SHA-1", &(struct sasl_creds){.user = "a,b=c", .password = "p",
							    .authzid = "x=y,z",
							    .nonce = "abc"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), "n,a=x=3Dy=2Cz,n=a=2Cb=3Dc,r=abc");
	assert_has(&x, "=2C");
	finish(&x);
}

Test(scram, non_ascii_password_is_not_normalised_and_says_so)
{
	struct exchange x;
	start_creds(&x, "SCRAM-SHA-1", &(struct sasl_creds){.user = "u",
							    .password = "p\xc3\xa4ss",
							    .nonce = "abc"});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	assert_has(&x, "SASLprep");
	assert_has(&x, "not apply");
	finish(&x);
	start_creds(&x, "SCRAM-SHA-1", &(struct sasl_creds){.user = "u", .password = "p\tw",
							    .nonce = "abc"});
	cr_assert_eq(step(&x, NULL), SASL_FAIL);
	assert_failed(&x, "control character");
	finish(&x);
}

Test(scram, missing_credentials_and_bad_pinned_nonce_fail)
{
	struct exchange x;
	start_creds(&x, "SCRAM-SHA-1", &(struct sasl_creds){.user = "u", .nonce = "abc"});
	step(&x, NULL);
	assert_failed(&x, "password");
	finish(&x);
	start_creds(&x, "SCRAM-SHA-1", &(struct sasl_creds){.password = "p", .nonce = "abc"});
	step(&x, NULL);
	assert_failed(&x, "user name");
	finish(&x);
	start_creds(&x, "SCRAM-SHA-1",
		    &(struct sasl_creds){.user = "u", .password = "p", .nonce = "a,b"});
	step(&x, NULL);
	assert_failed(&x, "nonce");
	finish(&x);
}

/* The client-first step, then a hostile server-first message. */
static void refuse_first(const char *mech, const char *nonce, const char *server_first,
			 const char *why)
{
	struct exchange x;
	start(&x, mech, nonce);
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(step(&x, server_first), SASL_FAIL, "accepted: %s", server_first);
	assert_failed(&x, why);
	assert_lacks(&x, "ClientProof");
	finish(&x);
}

Test(scram, hostile_server_first_messages_fail)
{
	const char *n = SHA1_NONCE;
	refuse_first("SCRAM-SHA-1", n, "r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096",
		     "does not start with the client");
	refuse_first("SCRAM-SHA-1", n, "r=XXXX+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=4096",
		     "does not start with the client");
	refuse_first("SCRAM-SHA-1", n, "r=fyko,s=QSXCR+Q6sek8bf92,i=4096",
		     "does not start with the client");
	refuse_first("SCRAM-SHA-1", n, "s=QSXCR+Q6sek8bf92,i=4096", "not r=");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,i=4096,s=QSXCR+Q6sek8bf92", "not s=");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=0", "iteration");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=2000000",
		     "iteration");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=2147483648",
		     "iteration");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=-1", "iteration");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=04096",
		     "iteration");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=", "iteration");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf9!,i=4096", "salt");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR,i=4096", "salt");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=,i=4096", "salt");
	refuse_first("SCRAM-SHA-1", n, "m=ext,r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=4096", "m=");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=4096,r=again",
		     "repeats");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92", "lacks");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=4096,", "x=value");
	refuse_first("SCRAM-SHA-1", n, "", "x=value");
	refuse_first("SCRAM-SHA-1", n, "e=unknown-user", "server error: unknown-user");
	refuse_first("SCRAM-SHA-1", n, "r=" SHA1_NONCE "x\x01,s=QSXCR+Q6sek8bf92,i=4096",
		     "not visible ASCII");
}

Test(scram, server_first_with_a_nul_or_too_long_fails)
{
	struct exchange x;
	static const char nul[] = "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92\0,i=4096";
	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	step(&x, NULL);
	sasl_step_free(&x.st);
	sasl_step_init(&x.st);
	x.status = x.m->step(x.state, (const uint8_t *)nul, sizeof nul - 1, &x.st);
	assert_failed(&x, "NUL");
	finish(&x);

	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	step(&x, NULL);
	size_t big = 64 * 1024;
	char *m = malloc(big + 1);
	memset(m, 'A', big);
	memcpy(m, "r=" SHA1_NONCE, strlen("r=" SHA1_NONCE));
	m[big] = '\0';
	cr_assert_eq(step(&x, m), SASL_FAIL);
	assert_failed(&x, "longer than any AUTH line");
	free(m);
	finish(&x);
}

Test(scram, low_iteration_count_is_accepted_with_a_warning)
{
	struct exchange x;
	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	step(&x, NULL);
	cr_assert_eq(step(&x, "r=" SHA1_NONCE "x,s=QSXCR+Q6sek8bf92,i=1"), SASL_CONTINUE);
	assert_has(&x, "below the 4096");
	finish(&x);
	start(&x, "SCRAM-SHA-1", SHA1_NONCE);
	step(&x, NULL);
	cr_assert_eq(step(&x, SHA1_FIRST ",x=ext"), SASL_CONTINUE);
	assert_has(&x, "extensions");
	assert_lacks(&x, "below the 4096");
	finish(&x);
}

/* Through the client-final message of RFC 5802's exchange. */
static void sha1_to_final(struct exchange *x)
{
	start(x, "SCRAM-SHA-1", SHA1_NONCE);
	cr_assert_eq(step(x, NULL), SASL_CONTINUE);
	cr_assert_eq(step(x, SHA1_FIRST), SASL_CONTINUE);
}

Test(scram, wrong_or_missing_server_signature_fails)
{
	static const struct {
		const char *final, *why;
	} bad[] = {
		{"v=AAF9pqV8S7suAoZWja4dJRkFsKQ=", "is wrong"},
		{"v=rmF9pqV8S7suAoZWja4dJRkFsKQ", "not valid Base64"},
		{"v=rmF9pqV8S7suAoZWja4dJRkF", "not valid Base64"},
		{"v=!!!!", "not valid Base64"},
		{"v=", "not valid Base64"},
		{"e=invalid-proof", "password is wrong"},
		{"e=channel-bindings-dont-match", "channel binding"},
		{"e=other-error", "server error: other-error"},
		{"", "neither v="},
		{"x=1", "neither v="},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct exchange x;
		sha1_to_final(&x);
		cr_assert_eq(step(&x, bad[i].final), SASL_FAIL, "accepted %s", bad[i].final);
		assert_failed(&x, bad[i].why);
		cr_assert_eq(success(&x), SASL_FAIL, "235 after a bad v= is still a failure");
		finish(&x);
	}
}

Test(scram, success_without_server_signature_fails)
{
	struct exchange x;
	sha1_to_final(&x);
	cr_assert_eq(success(&x), SASL_FAIL);
	assert_has(&x, "without proving it knows the password");
	finish(&x);
	start(&x, "SCRAM-SHA-256", SHA256_NONCE);
	cr_assert_eq(success(&x), SASL_FAIL);
	finish(&x);
}

/* A fake TLS channel: 32 bytes 0x00..0x1f of type tls-exporter. */
static int fake_cb(void *ctx, const char **type, uint8_t *out, size_t *len)
{
	int *calls = ctx;
	++*calls;
	if (*len < 32)
		return -1;
	for (size_t i = 0; i < 32; i++)
		out[i] = (uint8_t)i;
	*type = "tls-exporter";
	*len = 32;
	return 0;
}

static int no_cb(void *ctx, const char **type, uint8_t *out, size_t *len)
{
	(void)ctx, (void)type, (void)out, (void)len;
	return -1;
}

Test(scram, plus_binds_the_channel)
{
	int calls = 0;
	struct exchange x;
	start_creds(&x, "SCRAM-SHA-256-PLUS",
		    &(struct sasl_creds){.user = "user", .password = "pencil",
					 .nonce = SHA256_NONCE, .channel_binding = fake_cb,
					 .cb_ctx = &calls});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_eq(calls, 1);
	cr_assert_str_eq(response(&x), "p=tls-exporter,,n=user,r=" SHA256_NONCE);
	assert_has(&x, "32 bytes, starting 0001020304050607");
	cr_assert_eq(step(&x, SHA256_FIRST), SASL_CONTINUE);

	/* c= is Base64 of the gs2 header followed by the binding data. */
	uint8_t full[16 + 32];
	memcpy(full, "p=tls-exporter,,", 16);
	for (size_t i = 0; i < 32; i++)
		full[16 + i] = (uint8_t)i;
	char *c64 = b64_encode(full, sizeof full);
	char want[256];
	snprintf(want, sizeof want, "c=%s,r=rOprNGfwEbeRWgbNEkqO%%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=",
		 c64);
	free(c64);
	cr_assert(!strncmp(response(&x), want, strlen(want)), "got %s\nwant %s...", response(&x),
		  want);
	assert_has(&x, "channel binding data");
	/* A different channel gives a different proof than RFC 7677's. */
	cr_assert_null(strstr(response(&x), "dHzbZapWIk4jUhN"));
	finish(&x);
}

Test(scram, plus_without_channel_binding_fails)
{
	struct exchange x;
	start(&x, "SCRAM-SHA-1-PLUS", SHA1_NONCE);
	cr_assert_eq(step(&x, NULL), SASL_FAIL);
	assert_failed(&x, "live TLS connection");
	finish(&x);
	start_creds(&x, "SCRAM-SHA-256-PLUS",
		    &(struct sasl_creds){.user = "user", .password = "pencil",
					 .channel_binding = no_cb});
	cr_assert_eq(step(&x, NULL), SASL_FAIL);
	assert_failed(&x, "no channel binding data");
	finish(&x);
}

Test(scram, non_plus_ignores_channel_binding)
{
	int calls = 0;
	struct exchange x;
	start_creds(&x, "SCRAM-SHA-1",
		    &(struct sasl_creds){.user = "user", .password = "pencil",
					 .nonce = SHA1_NONCE, .channel_binding = fake_cb,
					 .cb_ctx = &calls});
	cr_assert_eq(step(&x, NULL), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), "n,,n=user,r=" SHA1_NONCE);
	cr_assert_eq(step(&x, SHA1_FIRST), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), SHA1_FINAL);
	cr_assert_eq(calls, 0);
	finish(&x);
}
