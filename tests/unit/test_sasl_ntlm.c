/* NTLM: the [MS-NLMP] section 4.2 examples (user "User", domain "Domain",
 * password "Password", server challenge 0123456789abcdef, client challenge
 * aa..aa, time 0), the NEGOTIATE message, and malformed CHALLENGE messages. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/sasl.h"
#include "sasl_harness.h"

/* Hex (spaces ignored) to bytes; returns the length. */
static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	while (*h) {
		if (*h == ' ') {
			h++;
			continue;
		}
		unsigned v;
		cr_assert_eq(sscanf(h, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

static bool bytes_eq(const uint8_t *p, const char *hex)
{
	uint8_t want[256];
	size_t n = unhex(hex, want);
	return !memcmp(p, want, n);
}

/* [MS-NLMP] 4.2.4.3: the CHALLENGE message of the NTLMv2 example. */
#define V2_CHALLENGE                                                                       \
	"4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"                \
	"00000000000000002400240044000000060070170000000f530065007200760065007200"        \
	"02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000"

/* The NTLMv1 example's challenge (4.2.2), without extended session security
 * and without target information. */
#define V1_CHALLENGE                                                                       \
	"4e544c4d53535000020000000c000c0030000000338202e20123456789abcdef"                \
	"00000000000000000000000000000000530065007200760065007200"

static void start(struct exchange *x, bool v1)
{
	ex_open(x, sasl_find("ntlm"),
		&(struct sasl_creds){.user = "Domain\\User", .password = "Password",
				     .nonce = "aaaaaaaaaaaaaaaa", .ntlm_v1 = v1,
				     .ntlm_time_pinned = true, .ntlm_time = 0});
}

static enum sasl_status step_hex(struct exchange *x, const char *hex)
{
	uint8_t m[512];
	size_t n = unhex(hex, m);
	return ex_step(x, m, n);
}

/* A security buffer of the AUTHENTICATE message: its bytes and length. */
static const uint8_t *field(const struct exchange *x, size_t at, size_t *len)
{
	const uint8_t *m = (const uint8_t *)response(x);
	*len = (size_t)(m[at] | m[at + 1] << 8);
	size_t off = (size_t)(m[at + 4] | m[at + 5] << 8);
	cr_assert_leq(off + *len, x->st.response.len);
	return m + off;
}

Test(ntlm, flags)
{
	const struct sasl_mech *m = sasl_find("NTLM");
	cr_assert_not_null(m);
	cr_assert(m->client_first);
	cr_assert_not(m->reveals_password);
	cr_assert(m->needs_password);
	cr_assert_str_eq(m->rfc, "MS-NLMP");
}

Test(ntlm, negotiate_message)
{
	struct exchange x;
	start(&x, false);
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 32);
	/* NTLMSSP\0, type 1, flags 0x00088207 (v2 asks for extended session security) */
	cr_assert(bytes_eq((const uint8_t *)response(&x),
			   "4e544c4d53535000 01000000 07820800"));
	assert_has(&x, "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY");
	assert_lacks(&x, "NTLMv1 was asked for");
	cr_assert_not(x.st.secret);
	finish(&x);
}

Test(ntlm, v2_ms_nlmp_4_2_4)
{
	struct exchange x;
	start(&x, false);
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_CONTINUE);
	cr_assert_eq(step_hex(&x, V2_CHALLENGE), SASL_CONTINUE);
	const uint8_t *m = (const uint8_t *)response(&x);
	cr_assert(bytes_eq(m, "4e544c4d53535000 03000000"));
	size_t len;
	const uint8_t *nt = field(&x, 20, &len);
	/* 4.2.4.2.2: NTProofStr */
	cr_assert(bytes_eq(nt, "68cd0ab851e51c96aabc927bebef6a1c"), "NTProofStr");
	cr_assert_eq(len, 16 + 28 + 36 + 4);
	const uint8_t *lm = field(&x, 12, &len);
	cr_assert_eq(len, 24);
	/* 4.2.4.2.1: LMv2 response */
	cr_assert(bytes_eq(lm, "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa"), "LMv2");
	const uint8_t *dom = field(&x, 28, &len);
	cr_assert_eq(len, 12);
	cr_assert(bytes_eq(dom, "44006f006d00610069006e00"));
	const uint8_t *usr = field(&x, 36, &len);
	cr_assert_eq(len, 8);
	cr_assert(bytes_eq(usr, "5500730065007200"));
	assert_has(&x, "NTProofStr = HMAC-MD5(NTOWFv2, server challenge + blob) = "
		       "68cd0ab851e51c96aabc927bebef6a1c");
	assert_has(&x, "server challenge = 0123456789abcdef");
	assert_has(&x, "MsvAvNbDomainName = \"Domain\"");
	assert_has(&x, "MsvAvNbComputerName = \"Server\"");
	assert_has(&x, "target name = \"Server\"");
	/* The NTOWFv2 (4.2.4.1.1) is password-equivalent: masked in the words,
	 * revealed in the item only. */
	assert_lacks(&x, "0c868a403bfd7a93a3001ef22ef02e3f");
	assert_has(&x, "NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(UPPER(user) + domain)) = ********");
	bool revealed = false;
	for (size_t i = 0; i < x.st.items.n; i++)
		if (x.st.items.v[i].revealed &&
		    strstr(x.st.items.v[i].revealed, "0c868a403bfd7a93a3001ef22ef02e3f"))
			revealed = true;
	cr_assert(revealed, "the revealed item carries NTOWFv2");
	cr_assert_not(x.st.secret);
	assert_inert(&x);
	/* A fourth message is refused. */
	cr_assert_eq(step_hex(&x, V2_CHALLENGE), SASL_FAIL);
	assert_failed(&x, "kept asking");
	finish(&x);
}

Test(ntlm, v1_ms_nlmp_4_2_2)
{
	struct exchange x;
	start(&x, true);
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_CONTINUE);
	assert_has(&x, "NTLMv1 was asked for");
	cr_assert(bytes_eq((const uint8_t *)response(&x), "4e544c4d53535000 01000000 07820000"));
	cr_assert_eq(step_hex(&x, V1_CHALLENGE), SASL_CONTINUE);
	size_t len;
	const uint8_t *nt = field(&x, 20, &len);
	cr_assert_eq(len, 24);
	/* 4.2.2.2.1: NTLMv1 response */
	cr_assert(bytes_eq(nt, "67c43011f30298a2ad35ece64f16331c44bdbed927841f94"), "NTv1");
	assert_lacks(&x, "a4f49c406510bdcab6824ee7c30fd852"); /* NTOWFv1, masked */
	finish(&x);
}

Test(ntlm, v2_refuses_a_v1_only_server)
{
	struct exchange x;
	start(&x, false);
	ex_step(&x, NULL, 0);
	cr_assert_eq(step_hex(&x, V1_CHALLENGE), SASL_FAIL);
	assert_failed(&x, "--ntlm-v1");
	finish(&x);
}

Test(ntlm, empty_first_challenge_is_the_prompt)
{
	/* AUTH NTLM without an initial response: the server's empty 334. */
	struct exchange x;
	start(&x, false);
	cr_assert_eq(ex_step(&x, "", 0), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 32);
	finish(&x);
}

Test(ntlm, malformed_challenges)
{
	static const char *const bad[] = {
		"4e544c4d53535000", /* too short */
		"4e544c4d53535001020000000c000c003800000033828ae20123456789abcdef", /* sig */
		"4e544c4d53535000030000000c000c003800000033828ae20123456789abcdef", /* type */
		/* target name beyond the end */
		"4e544c4d5353500002000000ff00ff003800000033828ae20123456789abcdef",
		/* target info: an AV pair longer than the list */
		"4e544c4d53535000020000000000000030000000338280e20123456789abcdef"
		"0000000000000000080008003000000002002000aaaaaaaa",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct exchange x;
		start(&x, false);
		ex_step(&x, NULL, 0);
		cr_assert_eq(step_hex(&x, bad[i]), SASL_FAIL, "case %zu", i);
		cr_assert_eq(x.st.response.len, 0);
		assert_inert(&x);
		finish(&x);
	}
}

Test(ntlm, data_before_negotiate)
{
	struct exchange x;
	start(&x, false);
	cr_assert_eq(ex_step_text(&x, "hello"), SASL_FAIL);
	assert_failed(&x, "before the client's NTLM NEGOTIATE");
	finish(&x);
}
