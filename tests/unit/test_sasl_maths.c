/* The maths of a SASL step as items, checked against the RFCs' own
 * examples: RFC 2195 (CRAM-MD5: tim, tanstaaftanstaaf, the digest
 * b913a602...), RFC 4616 (PLAIN: the NUL-separated fields) and RFC 7677
 * (SCRAM-SHA-256: user, pencil). Every secret is masked in the words and in
 * the items' text, and only the revealed form beside it holds it. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/xmalloc.h"
#include "sasl_harness.h"

/* The items as lines, masked or revealed; secret-only items masked out. */
static char *shown(const struct annot_items *a, bool reveal)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < a->n; i++) {
		const char *t = annot_item_shown(&a->v[i], reveal);
		if (!t)
			continue;
		for (unsigned d = 0; d < a->v[i].depth; d++)
			buf_adds(&b, "  ");
		buf_adds(&b, t);
		buf_addc(&b, '\n');
	}
	return b.data ? buf_steal(&b) : xstrdup("");
}

static void has(const char *text, const char *want)
{
	cr_assert(strstr(text, want), "lacks '%s':\n%s", want, text);
}

static void lacks(const char *text, const char *what)
{
	cr_assert_null(strstr(text, what), "contains '%s':\n%s", what, text);
}

/* The words are the items' masked text, line for line. */
static void words_are_items(const struct exchange *x)
{
	char *m = shown(&x->st.items, false);
	size_t n = strlen(m);
	if (n && m[n - 1] == '\n')
		m[n - 1] = '\0';
	cr_assert_str_eq(explain(x), m);
	free(m);
}

static char *hex_of_b64(const char *b64)
{
	uint8_t *p;
	size_t n, pos;
	const char *err;
	cr_assert_eq(b64_decode(b64, strlen(b64), &p, &n, &err, &pos), 0);
	char *h = xmalloc(2 * n + 1);
	for (size_t i = 0; i < n; i++)
		snprintf(h + 2 * i, 3, "%02x", p[i]);
	free(p);
	return h;
}

/* ---- CRAM-MD5, RFC 2195 section 2 --------------------------------------- */

#define RFC2195_CHALLENGE "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"

Test(sasl_maths, cram_md5_rfc2195_step_by_step)
{
	struct exchange x;
	ex_open(&x, sasl_find("CRAM-MD5"),
		&(struct sasl_creds){.user = "tim", .password = "tanstaaftanstaaf"});
	cr_assert_eq(ex_step_b64(&x, RFC2195_CHALLENGE), SASL_CONTINUE);
	cr_assert_str_eq(x.b64, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	words_are_items(&x);

	char *m = shown(&x.st.items, false), *r = shown(&x.st.items, true);
	has(m, "challenge: <1896.697170952@postoffice.reston.mci.net>");
	has(m, "key K = the password: ********");
	has(m, "K XOR ipad = ********");
	has(m, "K XOR opad = ********");
	/* MD5(K XOR ipad || challenge), as Python's hashlib computes it (RFC 2104). */
	has(m, "inner = MD5((K XOR ipad) || challenge) = 328f9bd73494a1c04a60bc24213a8e36");
	has(m, "digest = MD5((K XOR opad) || inner) = b913a602c7eda7a495b4e6e7334d3890");
	has(m, "response: tim b913a602c7eda7a495b4e6e7334d3890");
	lacks(m, "tanstaaf");
	lacks(explain(&x), "tanstaaf");

	has(r, "key K = the password: \"tanstaaftanstaaf\" = "
	       "74 61 6e 73 74 61 61 66 74 61 6e 73 74 61 61 66");
	/* 't' XOR 0x36 = 'B' (0x42), 't' XOR 0x5c = 0x28; the padding is the pad byte. */
	has(r, "K XOR ipad = 42 57 58 45 42 57 57 50 42 57 58 45 42 57 57 50, then 36 repeated "
	       "48 times");
	has(r, "K XOR opad = 28 3d 32 2f 28 3d 3d 3a 28 3d 32 2f 28 3d 3d 3a, then 5c repeated "
	       "48 times");
	has(r, "digest = MD5((K XOR opad) || inner) = b913a602c7eda7a495b4e6e7334d3890");
	/* Only the secret items have a revealed form. */
	for (size_t i = 0; i < x.st.items.n; i++)
		if (x.st.items.v[i].revealed)
			cr_assert(strstr(x.st.items.v[i].text, "********"), "%s",
				  x.st.items.v[i].text);
	free(m);
	free(r);
	finish(&x);
}

/* A password longer than MD5's block is hashed first (RFC 2104 section 2);
 * the steps still end in the digest OpenSSL's HMAC computes. */
Test(sasl_maths, cram_md5_long_key_is_hashed_first)
{
	char pw[100];
	memset(pw, 'k', sizeof pw - 1);
	pw[sizeof pw - 1] = '\0';
	struct exchange x;
	ex_open(&x, sasl_find("CRAM-MD5"), &(struct sasl_creds){.user = "u", .password = pw});
	cr_assert_eq(ex_step_text(&x, "<1.2@x>"), SASL_CONTINUE);
	char *m = shown(&x.st.items, false), *r = shown(&x.st.items, true);
	has(m, "so the key K is MD5(password)");
	has(m, "key K = MD5(password) = ********");
	lacks(r, "kkkk");
	/* The digest line of the steps is the response's. */
	const char *resp = response(&x);
	char want[80];
	snprintf(want, sizeof want, "digest = MD5((K XOR opad) || inner) = %s", resp + 2);
	has(m, want);
	free(m);
	free(r);
	finish(&x);
}

Test(sasl_maths, cram_md5_empty_key_is_all_zero_bytes)
{
	struct exchange x;
	ex_open(&x, sasl_find("CRAM-MD5"), &(struct sasl_creds){.user = "u", .password = ""});
	cr_assert_eq(ex_step_text(&x, "<1.2@x>"), SASL_CONTINUE);
	char *r = shown(&x.st.items, true);
	has(r, "K XOR ipad = 36 repeated 64 times");
	has(r, "digest = MD5((K XOR opad) || inner) = 5d5f7ac2e54575c8145c2151a8ea8671");
	free(r);
	finish(&x);
}

/* ---- PLAIN, RFC 4616 section 4 ------------------------------------------- */

static void plain_fields(const char *authzid, const char *user, const char *pw,
			 const char *want_masked, const char *want_revealed)
{
	struct exchange x;
	ex_open(&x, sasl_find("PLAIN"),
		&(struct sasl_creds){.authzid = authzid, .user = user, .password = pw});
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_CONTINUE);
	cr_assert(x.st.secret);
	/* What the line shows, read from its bytes as every face reads it. */
	struct annot_items a;
	annot_items_init(&a);
	annot_sasl_maths(&a, "PLAIN", (const uint8_t *)x.st.response.data, x.st.response.len, true,
			 0);
	char *m = shown(&a, false), *r = shown(&a, true);
	has(m, "PLAIN message = authzid NUL authcid NUL passwd (RFC 4616 section 2)");
	has(m, want_masked);
	has(r, want_revealed);
	lacks(m, pw);
	has(m, "passwd: ********");
	annot_items_free(&a);
	free(m);
	free(r);
	finish(&x);
}

Test(sasl_maths, plain_rfc4616_nuls_visible)
{
	plain_fields(NULL, "tim", "tanstaaftanstaaf", "as bytes (00 is NUL): 00 74 69 6d 00 ********",
		     "as bytes (00 is NUL): 00 74 69 6d 00 74 61 6e 73 74 61 61 66 74 61 6e 73 "
		     "74 61 61 66");
	plain_fields(NULL, "tim", "tanstaaftanstaaf", "as text: \\x00tim\\x00********",
		     "as text: \\x00tim\\x00tanstaaftanstaaf");
	/* The second example: act as Ursel, authenticated as Kurt. */
	plain_fields("Ursel", "Kurt", "xipj3plmq",
		     "as bytes (00 is NUL): 55 72 73 65 6c 00 4b 75 72 74 00 ********",
		     "as text: Ursel\\x00Kurt\\x00xipj3plmq");
	plain_fields("Ursel", "Kurt", "xipj3plmq", "authzid: Ursel (act as this identity",
		     "passwd: xipj3plmq");
}

Test(sasl_maths, plain_with_other_than_two_nuls_is_not_plain)
{
	struct annot_items a;
	annot_items_init(&a);
	annot_sasl_maths(&a, "plain", (const uint8_t *)"tim\0pw", 6, false, 0);
	cr_assert_eq(a.v[a.n - 1].kind, AK_WARNING);
	has(a.v[a.n - 1].text, "exactly two NUL bytes");
	annot_items_free(&a);
}

Test(sasl_maths, cram_md5_response_read_from_the_line)
{
	struct annot_items a;
	annot_items_init(&a);
	const char *line = "tim b913a602c7eda7a495b4e6e7334d3890";
	annot_sasl_maths(&a, "CRAM-MD5", (const uint8_t *)line, strlen(line), false, 0);
	char *m = shown(&a, false);
	has(m, "CRAM-MD5 response = user SP digest (RFC 2195 section 2)");
	has(m, "user: tim");
	has(m, "digest: b913a602c7eda7a495b4e6e7334d3890");
	free(m);
	annot_items_free(&a);
	annot_items_init(&a);
	annot_sasl_maths(&a, "CRAM-MD5", (const uint8_t *)"tim B913", 8, false, 0);
	cr_assert_eq(a.v[a.n - 1].kind, AK_WARNING);
	annot_items_free(&a);
}

/* ---- SCRAM-SHA-256, RFC 7677 section 3 ----------------------------------- */

#define NONCE "rOprNGfwEbeRWgbNEkqO"
#define FIRST "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
#define PROOF "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define SIG "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

Test(sasl_maths, scram_sha256_rfc7677_keys)
{
	struct exchange x;
	ex_open(&x, sasl_find("SCRAM-SHA-256"),
		&(struct sasl_creds){.user = "user", .password = "pencil", .nonce = NONCE});
	cr_assert_eq(ex_step(&x, NULL, 0), SASL_CONTINUE);
	words_are_items(&x);
	char *m = shown(&x.st.items, false);
	has(m, "client-first message: n,,n=user,r=" NONCE);
	free(m);

	cr_assert_eq(ex_step_text(&x, FIRST), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
				       "p=" PROOF);
	words_are_items(&x);
	m = shown(&x.st.items, false);
	char *r = shown(&x.st.items, true);
	has(m, "server-first message: " FIRST);
	has(m, "SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096) = ********");
	has(m, "ClientKey = HMAC(SaltedPassword, \"Client Key\") = ********");

	/* The revealed SaltedPassword is PBKDF2's, computed here on its own. */
	uint8_t salt[16], salted[32];
	size_t sl, pos;
	uint8_t *sp;
	const char *err;
	cr_assert_eq(b64_decode("W22ZaJ0SNY7soEsUEjb6gQ==", 24, &sp, &sl, &err, &pos), 0);
	cr_assert_eq(sl, sizeof salt);
	memcpy(salt, sp, sl);
	free(sp);
	cr_assert(PKCS5_PBKDF2_HMAC("pencil", 6, salt, (int)sizeof salt, 4096, EVP_sha256(),
				    (int)sizeof salted, salted));
	char want[160] = "SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096) = ";
	for (size_t i = 0; i < sizeof salted; i++)
		snprintf(want + strlen(want), 3, "%02x", salted[i]);
	has(r, want);
	lacks(m, want + strlen("SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096) = "));

	/* ClientProof in hex is the RFC's p=, decoded. */
	char *proof = hex_of_b64(PROOF);
	snprintf(want, sizeof want, "ClientProof = ClientKey XOR ClientSignature = %s", proof);
	has(m, want);
	free(proof);
	char *sig = hex_of_b64(SIG);
	snprintf(want, sizeof want, "expected ServerSignature = HMAC(ServerKey, AuthMessage) = %s",
		 sig);
	has(m, want);
	has(m, "StoredKey = H(ClientKey) = ");
	has(m, "AuthMessage = client-first-bare , server-first , client-final-without-proof = "
	       "n=user,r=" NONCE "," FIRST ",c=biws,r=");
	lacks(m, "pencil");
	free(m);
	free(r);

	/* The server's v= is the expected signature: checked, and shown. */
	cr_assert_eq(ex_step_text(&x, "v=" SIG), SASL_CONTINUE);
	words_are_items(&x);
	m = shown(&x.st.items, false);
	snprintf(want, sizeof want, "ServerSignature received (v=, decoded) = %s", sig);
	has(m, want);
	snprintf(want, sizeof want, "ServerSignature expected (HMAC(ServerKey, AuthMessage)) = %s",
		 sig);
	has(m, want);
	has(m, "server signature verified");
	free(m);
	free(sig);
	finish(&x);
}

Test(sasl_maths, scram_wrong_signature_shows_both)
{
	struct exchange x;
	ex_open(&x, sasl_find("SCRAM-SHA-256"),
		&(struct sasl_creds){.user = "user", .password = "pencil", .nonce = NONCE});
	ex_step(&x, NULL, 0);
	ex_step_text(&x, FIRST);
	cr_assert_eq(ex_step_text(&x, "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), SASL_FAIL);
	char *m = shown(&x.st.items, false);
	has(m, "ServerSignature received (v=, decoded) = 0000000000");
	has(m, "ServerSignature expected");
	/* The failure is an item too, a warning. */
	cr_assert_eq(x.st.items.v[x.st.items.n - 1].kind, AK_WARNING);
	has(x.st.items.v[x.st.items.n - 1].text, "is wrong");
	free(m);
	finish(&x);
}

/* ---- LOGIN: the password masked, the user name not ------------------------ */

Test(sasl_maths, login_password_masked_in_items)
{
	struct exchange x;
	ex_open(&x, sasl_find("LOGIN"),
		&(struct sasl_creds){.user = "Max Mustermann", .password = "IchbinkeinSpammer"});
	cr_assert_eq(ex_step_b64(&x, "VXNlcm5hbWU6"), SASL_CONTINUE);
	words_are_items(&x);
	cr_assert_eq(ex_step_b64(&x, "UGFzc3dvcmQ6"), SASL_CONTINUE);
	words_are_items(&x);
	char *m = shown(&x.st.items, false), *r = shown(&x.st.items, true);
	has(m, "response: ******** (the password, masked)");
	has(r, "response: IchbinkeinSpammer (the password)");
	lacks(m, "Ichbin");
	free(m);
	free(r);
	finish(&x);
}

/* A mechanism that only writes words still gives items: one per line. */
Test(sasl_maths, words_only_become_calc_items)
{
	struct sasl_step s;
	sasl_step_init(&s);
	buf_adds(&s.explain, "one\ntwo");
	struct annot_items a;
	annot_items_init(&a);
	sasl_step_items(&s, &a);
	cr_assert_eq(a.n, 2);
	cr_assert_eq(a.v[0].kind, AK_CALC);
	cr_assert_str_eq(a.v[1].text, "two");
	annot_items_free(&a);
	sasl_step_free(&s);
}
