#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"

static void enc_is(const char *in, size_t n, const char *want)
{
	char *got = b64_encode(in, n);
	cr_assert_str_eq(got, want);
	cr_assert_eq(strlen(got), b64_encoded_len(n));
	free(got);
}

static void dec_is(const char *in, const char *want, size_t wantlen)
{
	uint8_t *out;
	size_t n;
	const char *err = NULL;
	cr_assert_eq(b64_decode(in, strlen(in), &out, &n, &err, NULL), 0, "%s: %s", in, err);
	cr_assert_eq(n, wantlen, "%s", in);
	cr_assert(!memcmp(out, want, n), "%s", in);
	cr_assert_eq(out[n], '\0', "decoded data is NUL-terminated");
	free(out);
}

static void dec_fails(const char *in, size_t want_pos, const char *err_part)
{
	uint8_t *out = (uint8_t *)"x";
	size_t n, pos;
	const char *err = NULL;
	cr_assert_eq(b64_decode(in, strlen(in), &out, &n, &err, &pos), -1, "'%s' accepted", in);
	cr_assert_null(out);
	cr_assert_eq(pos, want_pos, "'%s': position %zu", in, pos);
	cr_assert(strstr(err, err_part), "'%s': %s", in, err);
}

Test(b64, rfc4648_vectors)
{
	static const char *const v[][2] = {
		{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
		{"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		enc_is(v[i][0], strlen(v[i][0]), v[i][1]);
		dec_is(v[i][1], v[i][0], strlen(v[i][0]));
	}
}

Test(b64, seed_values)
{
	enc_is("Max Mustermann", 14, "TWF4IE11c3Rlcm1hbm4=");
	enc_is("IchbinkeinSpammer", 17, "SWNoYmlua2VpblNwYW1tZXI=");
	dec_is("VXNlcm5hbWU6", "Username:", 9);
	dec_is("UGFzc3dvcmQ6", "Password:", 9);
	dec_is("dXNlcm5hbWU6", "username:", 9);
	dec_is("cGFzc3dvcmQ6", "password:", 9);
	dec_is("AHRpbQB0YW5zdGFhZnRhbnN0YWFm", "\0tim\0tanstaaftanstaaf", 21);
	dec_is("VXNlciBOYW1lAA==", "User Name\0", 10);
}

Test(b64, strictness)
{
	dec_fails("VXNl cm5hbWU6", 4, "whitespace");
	dec_fails("VXNlcm5hbWU6\r\n", 12, "whitespace");
	dec_fails("VXNl*m5hbWU6", 4, "alphabet");
	dec_fails("VXNlcm5hbWU", 11, "multiple of 4");
	dec_fails("Zg=a", 3, "after '=' padding");
	dec_fails("Zg==Zg==", 4, "after '=' padding");
	dec_fails("Z===", 1, "too much");
	dec_fails("QR==", 1, "non-canonical");
	dec_fails("QUJ=", 2, "non-canonical");
	dec_fails("Zm9vYmFy-_", 8, "alphabet"); /* base64url is not Base64 */
	dec_fails("\xc3\xa9", 0, "alphabet");
}

Test(b64, random_round_trips)
{
	srand(1);
	for (int round = 0; round < 2000; round++) {
		uint8_t in[64];
		size_t n = (size_t)(rand() % 64);
		for (size_t i = 0; i < n; i++)
			in[i] = (uint8_t)rand();
		char *enc = b64_encode(in, n);
		uint8_t *dec;
		size_t dn;
		cr_assert_eq(b64_decode(enc, strlen(enc), &dec, &dn, NULL, NULL), 0);
		cr_assert_eq(dn, n);
		cr_assert(!memcmp(dec, in, n));
		free(enc);
		free(dec);
	}
}
