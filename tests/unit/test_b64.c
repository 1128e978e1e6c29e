#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"

static void check_encode(const void *in, size_t n, const char *want)
{
	char *got = b64_encode(in, n);
	cr_assert_str_eq(got, want);
	cr_assert_eq(strlen(got), b64_encoded_len(n));
	free(got);
}

static void check_decode(const char *in, const void *want, size_t wantlen)
{
	uint8_t *out;
	size_t len, pos = 0;
	const char *err = NULL;
	cr_assert_eq(b64_decode(in, strlen(in), &out, &len, &err, &pos), 0,
		     "'%s' refused: %s at %zu", in, err, pos);
	cr_assert_eq(len, wantlen, "'%s'", in);
	cr_assert_eq(memcmp(out, want, len), 0, "'%s'", in);
	cr_assert_eq(out[len], '\0', "the decoded data is NUL-terminated");
	free(out);
}

/* Both directions at once. */
static void check_pair(const char *plain, const char *encoded)
{
	check_encode(plain, strlen(plain), encoded);
	check_decode(encoded, plain, strlen(plain));
}

/* The decoder must refuse `in` (n bytes) at `pos` with a message containing
 * `what`. */
static void check_bad_n(const char *in, size_t n, size_t pos, const char *what)
{
	uint8_t *out = (uint8_t *)"sentinel";
	size_t len = 99, got_pos = 99;
	const char *err = NULL;
	cr_assert_eq(b64_decode(in, n, &out, &len, &err, &got_pos), -1, "'%s' accepted", in);
	cr_assert_null(out);
	cr_assert_eq(len, 0);
	cr_assert_not_null(err);
	cr_assert(strstr(err, what), "'%s': message '%s' lacks '%s'", in, err, what);
	cr_assert_eq(got_pos, pos, "'%s': error at %zu, want %zu", in, got_pos, pos);
}

static void check_bad(const char *in, size_t pos, const char *what)
{
	check_bad_n(in, strlen(in), pos, what);
}

Test(b64, rfc4648_section10_vectors)
{
	check_pair("", "");
	check_pair("f", "Zg==");
	check_pair("fo", "Zm8=");
	check_pair("foo", "Zm9v");
	check_pair("foob", "Zm9vYg==");
	check_pair("fooba", "Zm9vYmE=");
	check_pair("foobar", "Zm9vYmFy");
}

Test(b64, seed_values)
{
	check_pair("Max Mustermann", "TWF4IE11c3Rlcm1hbm4=");
	check_pair("IchbinkeinSpammer", "SWNoYmlua2VpblNwYW1tZXI=");
	check_pair("Username:", "VXNlcm5hbWU6");
	check_pair("Password:", "UGFzc3dvcmQ6");
	check_pair("username:", "dXNlcm5hbWU6");
	check_pair("password:", "cGFzc3dvcmQ6");
}

Test(b64, binary_and_nul_bytes)
{
	static const uint8_t plain[] = "\0tim\0tanstaaftanstaaf";
	check_encode(plain, sizeof plain - 1, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
	check_decode("AHRpbQB0YW5zdGFhZnRhbnN0YWFm", plain, sizeof plain - 1);
	static const uint8_t all_ones[] = {0xff, 0xff, 0xff};
	check_encode(all_ones, 3, "////");
	check_decode("////", all_ones, 3);
	static const uint8_t plus[] = {0xfb, 0xef, 0xbe};
	check_encode(plus, 3, "++++");
	check_decode("++++", plus, 3);
}

Test(b64, refuses_whitespace)
{
	check_bad("QU JD", 2, "whitespace");
	check_bad("QUJD\n", 4, "whitespace");
	check_bad("QUJD\r\n", 4, "whitespace");
	check_bad("\tQUJD", 0, "whitespace");
	check_bad(" ", 0, "whitespace");
}

Test(b64, refuses_characters_outside_the_alphabet)
{
	check_bad("QU*D", 2, "alphabet");
	check_bad("!!!not*base64@@@", 0, "alphabet");
	check_bad("QUJ-", 3, "alphabet");  /* base64url is a different alphabet */
	check_bad("QUJ_", 3, "alphabet");
	check_bad_n("QU\0D", 4, 2, "alphabet");
	check_bad("QU\xc3\xa4", 2, "alphabet");
}

Test(b64, refuses_missing_padding)
{
	check_bad("QQ", 2, "multiple of 4");
	check_bad("QUI", 3, "multiple of 4");
	check_bad("QQ=", 3, "multiple of 4");
	check_bad("Rubbish", 7, "multiple of 4");
}

Test(b64, refuses_data_after_padding)
{
	check_bad("QQ==QQ==", 4, "after '='");
	check_bad("=QUJ", 1, "after '='");
	check_bad("QQ=A", 3, "after '='");
}

Test(b64, refuses_too_much_padding)
{
	check_bad("Q===", 1, "too much");
	check_bad("====", 0, "too much");
}

Test(b64, refuses_non_canonical_encodings)
{
	/* "QQ==" is the only encoding of "A"; "QR==" sets unused bits. */
	check_decode("QQ==", "A", 1);
	check_bad("QR==", 1, "non-canonical");
	check_bad("QW==", 1, "non-canonical");
	check_bad("QUJDQR==", 5, "non-canonical");
}

Test(b64, refuses_non_canonical_two_byte_form)
{
	check_decode("QUI=", "AB", 2);
	check_bad("QUJ=", 2, "non-canonical");
	check_bad("QUL=", 2, "non-canonical");
}

/* Every accepted string has exactly one meaning: decoding then encoding
 * gives the input back, for every accepted 4-character string we try. */
Test(b64, accepted_strings_are_canonical)
{
	static const char alpha[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
	srand(4648);
	for (int i = 0; i < 20000; i++) {
		char in[5];
		for (int k = 0; k < 4; k++)
			in[k] = alpha[rand() % (int)(sizeof alpha - 1)];
		in[4] = '\0';
		uint8_t *out;
		size_t len, pos;
		const char *err;
		if (b64_decode(in, 4, &out, &len, &err, &pos) < 0)
			continue;
		char *again = b64_encode(out, len);
		cr_assert_str_eq(again, in);
		free(again);
		free(out);
	}
}

Test(b64, random_round_trips)
{
	srand(2195);
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)(rand() % 300);
		uint8_t *in = malloc(n ? n : 1);
		for (size_t k = 0; k < n; k++)
			in[k] = (uint8_t)rand();
		char *enc = b64_encode(in, n);
		cr_assert_eq(strlen(enc), b64_encoded_len(n));
		cr_assert_eq(strlen(enc) % 4, 0);
		uint8_t *out;
		size_t len, pos;
		const char *err;
		cr_assert_eq(b64_decode(enc, strlen(enc), &out, &len, &err, &pos), 0);
		cr_assert_eq(len, n);
		cr_assert_eq(memcmp(in, out, n), 0);
		free(out);
		free(enc);
		free(in);
	}
}

Test(b64, error_pointers_are_optional)
{
	uint8_t *out;
	size_t len;
	cr_assert_eq(b64_decode("QQ", 2, &out, &len, NULL, NULL), -1);
	cr_assert_null(out);
}
