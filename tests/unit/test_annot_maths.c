/* The arithmetic of a Base64 line in the annotated-line model: "Max"
 * becomes "TWF4" group by group, padding, long lines, secrets masked with
 * no trace in a masked face (not even how many groups), the engine's own
 * steps carried by its events, and the faces (narration, JSON) showing the
 * same steps. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/xmalloc.h"

static char *lines(const struct annot_items *a, bool reveal)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < a->n; i++) {
		const char *t = annot_item_shown(&a->v[i], reveal);
		if (t)
			buf_printf(&b, "%u %s\n", a->v[i].depth, t);
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

static char *maths(const char *s, size_t n, bool secret, bool reveal)
{
	struct annot_items a;
	annot_items_init(&a);
	annot_b64_maths(&a, 1, (const uint8_t *)s, n, secret, 0);
	for (size_t i = 0; i < a.n; i++)
		cr_assert(a.v[i].flags & AIF_MATHS);
	char *t = lines(&a, reveal);
	annot_items_free(&a);
	return t;
}

Test(annot_maths, max_becomes_twf4)
{
	char *t = maths("Max", 3, false, false);
	has(t, "1 3 bytes, in hex: 4d 61 78\n");
	has(t, "1 \"Max\" 01001101 01100001 01111000\n");
	has(t, "2 010011 010110 000101 111000 = 19 22 5 56 = TWF4\n");
	free(t);
}

Test(annot_maths, padding_is_explained)
{
	char *t = maths("M", 1, false, false);
	has(t, "\"M\" 01001101 + 4 zero bits");
	has(t, "010011 010000 = 19 16 = TQ, then \"==\": 1 bytes give 2 characters");
	free(t);
	t = maths("Ma", 2, false, false);
	has(t, "\"Ma\" 01001101 01100001 + 2 zero bits");
	has(t, "010011 010110 000100 = 19 22 4 = TWE, then \"=\"");
	free(t);
	/* A NUL is visible, as everywhere. */
	t = maths("\0tim", 4, false, false);
	has(t, "\"\\x00ti\" 00000000 01110100 01101001");
	free(t);
}

Test(annot_maths, only_the_groups_are_flagged_as_bits)
{
	struct annot_items a;
	annot_items_init(&a);
	annot_b64_maths(&a, 0, (const uint8_t *)"Max", 3, false, 0);
	cr_assert_not(a.v[0].flags & AIF_B64_BITS, "the hex is always shown");
	for (size_t i = 1; i < a.n; i++)
		cr_assert(a.v[i].flags & AIF_B64_BITS, "%s", a.v[i].text);
	annot_items_free(&a);
}

Test(annot_maths, long_lines_show_first_blocks_and_the_last)
{
	const char *s = "0123456789abcdefghijk"; /* 21 bytes: 7 blocks */
	char *t = maths(s, strlen(s), false, false);
	has(t, "\"012\"");
	has(t, "\"9ab\"");
	lacks(t, "\"cde\"");
	has(t, "... 2 more blocks of 3 bytes, the same way ...");
	lacks(t, "\"fgh\"");
	has(t, "\"ijk\"");
	free(t);
	/* The hex stops too. */
	char big[64];
	memset(big, 'a', sizeof big);
	t = maths(big, sizeof big, false, false);
	has(t, "64 bytes, in hex: 61 61");
	has(t, " ...\n");
	free(t);
}

Test(annot_maths, a_secret_leaves_no_trace_masked)
{
	char *m = maths("IchbinkeinSpammer", 17, true, false);
	cr_assert_str_eq(m, "1 bytes, in hex: ********\n");
	char *r = maths("IchbinkeinSpammer", 17, true, true);
	has(r, "17 bytes, in hex: 49 63 68");
	has(r, "\"Ich\" 01001001 01100011 01101000");
	has(r, "= SWNo\n");
	free(m);
	free(r);
	/* Nor in the text form every masked face prints. */
	struct annot_items a;
	annot_items_init(&a);
	annot_b64_maths(&a, 0, (const uint8_t *)"pw", 2, true, 0);
	struct buf b;
	buf_init(&b, 0);
	annot_items_text(&a, &b);
	cr_assert_str_eq(b.data, "bytes, in hex: ********\n");
	buf_free(&b);
	annot_items_free(&a);
}

/* ---- the items' policy --------------------------------------------------- */

Test(annot_maths, apply_chooses_one_form_or_keeps_both)
{
	struct annot_items from, to;
	annot_items_init(&from);
	annot_add_item(&from, AK_CALC, 0, 0, "key: ********", "key: secret");
	annot_add_item(&from, AK_CALC, 1, AIF_B64_BITS, NULL, "bits of secret");
	annot_add_item(&from, AK_TEXT, 0, 0, "plain words", NULL);

	annot_items_init(&to);
	annot_items_apply(&to, &from, false, false, AIF_MATHS);
	cr_assert_eq(to.n, 2, "a secret-only item is dropped when masked");
	cr_assert_str_eq(to.v[0].text, "key: ********");
	cr_assert_null(to.v[0].revealed);
	cr_assert(to.v[1].flags & AIF_MATHS);
	annot_items_free(&to);

	annot_items_apply(&to, &from, true, false, 0);
	cr_assert_eq(to.n, 3);
	cr_assert_str_eq(to.v[0].text, "key: secret");
	cr_assert_str_eq(to.v[1].text, "bits of secret");
	cr_assert_not(to.v[1].flags & AIF_SECRET_ONLY);
	cr_assert(to.v[1].flags & AIF_B64_BITS);
	annot_items_free(&to);

	annot_items_apply(&to, &from, false, true, 0);
	cr_assert_eq(to.n, 3);
	cr_assert_str_eq(to.v[0].text, "key: ********");
	cr_assert_str_eq(to.v[0].revealed, "key: secret");
	cr_assert_null(annot_item_shown(&to.v[1], false));
	cr_assert_str_eq(annot_item_shown(&to.v[1], true), "bits of secret");
	annot_items_free(&to);
	annot_items_free(&from);
}

Test(annot_maths, take_moves_or_copies_by_flag)
{
	struct annot_items a, t;
	annot_items_init(&a);
	annot_items_init(&t);
	annot_add(&a, AK_MEANING, 0, NULL, "heading");
	annot_add_item(&a, AK_CALC, 0, AIF_MATHS, "m1", "r1");
	annot_add(&a, AK_TEXT, 0, NULL, "words");
	size_t before = a.bytes;
	annot_items_take(&t, &a, AIF_MATHS, true);
	cr_assert_eq(a.n, 3);
	cr_assert_eq(t.n, 1);
	cr_assert_eq(a.bytes, before);
	annot_items_free(&t);
	annot_items_take(&t, &a, AIF_MATHS, false);
	cr_assert_eq(a.n, 2);
	cr_assert_str_eq(a.v[1].text, "words");
	cr_assert_str_eq(t.v[0].revealed, "r1");
	cr_assert_lt(a.bytes, before);
	annot_items_free(&t);
	annot_items_free(&a);
}

/* ---- lines through the annotated line ------------------------------------ */

static void event_items(const struct smtp_event *ev, const struct annot_policy *p,
			struct annot_items *out)
{
	struct annot_line l;
	annot_event(ev, p, &l);
	annot_items_copy(out, &l.items, 0);
	annot_line_free(&l);
}

Test(annot_maths, a_sasl_line_explains_its_base64)
{
	const char *line = "TWF4IE11c3Rlcm1hbm4=";
	struct smtp_event ev = {.type = SMTP_EV_SENT, .data = (const uint8_t *)line,
				.len = strlen(line), .flags = SMTP_F_SASL, .mech = "LOGIN"};
	struct annot_items a;
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){.auth_maths = true}, &a);
	char *t = lines(&a, false);
	has(t, "0 Base64 of: Max Mustermann\n");
	has(t, "0 the line's Base64, byte by byte:\n");
	has(t, "1 14 bytes, in hex: 4d 61 78 20 4d 75 73 74 65 72 6d 61 6e 6e\n");
	has(t, "2 010011 010110 000101 111000 = 19 22 5 56 = TWF4\n");
	has(t, "= bm4, then \"=\"");
	free(t);
	annot_items_free(&a);

	/* Without --explain-auth, the line is explained as before. */
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){0}, &a);
	for (size_t i = 0; i < a.n; i++)
		cr_assert_not(a.v[i].flags & AIF_MATHS, "%s", a.v[i].text);
	annot_items_free(&a);
}

Test(annot_maths, a_secret_plain_line_masked_kept_or_revealed)
{
	/* \0Max Mustermann\0IchbinkeinSpammer */
	const char *line = "AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy";
	struct smtp_event ev = {.type = SMTP_EV_SENT, .data = (const uint8_t *)line,
				.len = strlen(line), .flags = SMTP_F_SASL | SMTP_F_SECRET,
				.mech = "PLAIN"};
	struct annot_items a;
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){.auth_maths = true}, &a);
	for (size_t i = 0; i < a.n; i++) {
		lacks(a.v[i].text, "Ichbin");
		cr_assert_null(a.v[i].revealed, "a masked face keeps no revealed form");
	}
	char *t = lines(&a, false);
	has(t, "as bytes (00 is NUL): 00 4d 61 78 20 4d 75 73 74 65 72 6d 61 6e 6e 00 ********");
	has(t, "authcid: Max Mustermann");
	lacks(t, "01001001"); /* no group of the password's bytes */
	free(t);
	annot_items_free(&a);

	/* The TUI keeps both: S shows the password's bytes and groups. */
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){.auth_maths = true, .keep_revealed = true}, &a);
	t = lines(&a, false);
	lacks(t, "Ichbin");
	free(t);
	t = lines(&a, true);
	has(t, "passwd: IchbinkeinSpammer");
	has(t, "as text: \\x00Max Mustermann\\x00IchbinkeinSpammer");
	has(t, "\"mer\" 01101101 01100101 01110010"); /* the last block */
	free(t);
	annot_items_free(&a);

	/* --show-secrets: one form, the revealed. */
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){.auth_maths = true, .reveal = true}, &a);
	t = lines(&a, false);
	has(t, "passwd: IchbinkeinSpammer");
	free(t);
	annot_items_free(&a);
}

Test(annot_maths, an_auth_line_with_an_initial_response)
{
	const char *line = "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm";
	struct smtp_event ev = {.type = SMTP_EV_SENT, .data = (const uint8_t *)line,
				.len = strlen(line), .flags = SMTP_F_SECRET};
	struct annot_items a;
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){.auth_maths = true}, &a);
	char *t = lines(&a, false);
	has(t, "the initial response's Base64, byte by byte:");
	has(t, "as bytes (00 is NUL): 00 74 69 6d 00 ********");
	lacks(t, "tanstaaf");
	free(t);
	annot_items_free(&a);
}

Test(annot_maths, a_334_challenge_in_bytes)
{
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	struct smtp_reply *r = NULL;
	reply_framer_feed(&f, "334 VXNlcm5hbWU6\r\n", 18, &r);
	cr_assert_not_null(r);
	struct smtp_event ev = {.type = SMTP_EV_REPLY, .reply = r, .answers = "AUTH"};
	struct annot_items a;
	annot_items_init(&a);
	event_items(&ev, &(struct annot_policy){.auth_maths = true}, &a);
	char *t = lines(&a, false);
	has(t, "the challenge's Base64, byte by byte:");
	has(t, "9 bytes, in hex: 55 73 65 72 6e 61 6d 65 3a");
	has(t, "\"Use\" 01010101 01110011 01100101");
	free(t);
	annot_items_free(&a);
	reply_free(r);
	reply_framer_free(&f);
}

/* ---- the engine's own exchange, and the faces ----------------------------- */

static const char *const cram[] = {
	"220 postoffice.reston.mci.net ESMTP\r\n",
	"250-postoffice.reston.mci.net\r\n250 AUTH CRAM-MD5\r\n",
	"334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n",
	"235 2.7.0 ok\r\n",
};

/* The RFC 2195 exchange run by the engine, every event through a face. */
static char *engine_cram(void (*face)(FILE *, const struct smtp_event *, void *), void *arg)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	struct smtp_client *c = smtp_client_new(NULL);
	struct smtp_event ev;
	for (size_t i = 0; i < sizeof cram / sizeof cram[0]; i++) {
		smtp_client_feed(c, cram[i], strlen(cram[i]));
		if (i == 0)
			smtp_client_send(c, "EHLO x", 6, 0);
		if (i == 1)
			smtp_client_auth(c, sasl_find("CRAM-MD5"),
					 &(struct sasl_creds){.user = "tim",
							      .password = "tanstaaftanstaaf"});
		while (smtp_client_next_event(c, &ev)) {
			if (ev.type == SMTP_EV_AUTH_STEP && ev.text && strstr(ev.text, "HMAC"))
				cr_assert_not_null(ev.items, "the step comes with its items");
			if (ev.type == SMTP_EV_SENT && (ev.flags & SMTP_F_SASL))
				cr_assert_str_eq(ev.mech, "CRAM-MD5");
			face(f, &ev, arg);
		}
	}
	smtp_client_free(c);
	fclose(f);
	return out;
}

static void narrate_face(FILE *f, const struct smtp_event *ev, void *arg)
{
	narrate_event(f, arg, ev);
}

static void json_face(FILE *f, const struct smtp_event *ev, void *arg)
{
	jsonl_event(f, arg, ev, 0, NULL);
}

Test(annot_maths, narration_and_json_show_the_same_steps)
{
	struct narrate_opts o = {.explain = true, .auth_maths = true};
	char *text = engine_cram(narrate_face, &o);
	char *json = engine_cram(json_face, &o);
	const char *steps[] = {
		"key K = the password: ********",
		"K XOR ipad = ********",
		"inner = MD5((K XOR ipad) || challenge) = 328f9bd73494a1c04a60bc24213a8e36",
		"digest = MD5((K XOR opad) || inner) = b913a602c7eda7a495b4e6e7334d3890",
		"response: tim b913a602c7eda7a495b4e6e7334d3890",
		"user: tim",
		"digest: b913a602c7eda7a495b4e6e7334d3890",
		"36 bytes, in hex: 74 69 6d 20",
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		has(text, steps[i]);
		has(json, steps[i]);
	}
	has(json, "\"kind\":\"calc\",\"depth\":1,\"text\":\"digest = MD5");
	lacks(text, "tanstaaf");
	lacks(json, "tanstaaf");
	free(text);
	free(json);
	/* --show-secrets: the key in every face. */
	o.show_secrets = true;
	text = engine_cram(narrate_face, &o);
	has(text, "key K = the password: \"tanstaaftanstaaf\"");
	free(text);
}

/* SCRAM-SHA-256 run by the engine with RFC 7677's messages: the steps reach
 * the annotated line as items, SaltedPassword and ClientKey masked with
 * their revealed forms kept for the TUI (S), dropped for a masked face. */
Test(annot_maths, scram_steps_reach_every_face)
{
	static const char *const srv[] = {
		"220 mx ESMTP\r\n",
		"250-mx\r\n250 AUTH SCRAM-SHA-256\r\n",
		/* r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096 */
		"334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcy"
		"MlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=\r\n",
		/* v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4= */
		"334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==\r\n",
		"235 2.7.0 ok\r\n",
	};
	struct smtp_client *c = smtp_client_new(NULL);
	struct annot_items kept, masked;
	annot_items_init(&kept);
	annot_items_init(&masked);
	struct smtp_event ev;
	for (size_t i = 0; i < sizeof srv / sizeof srv[0]; i++) {
		smtp_client_feed(c, srv[i], strlen(srv[i]));
		if (i == 0)
			smtp_client_send(c, "EHLO x", 6, 0);
		if (i == 1)
			smtp_client_auth(c, sasl_find("SCRAM-SHA-256"),
					 &(struct sasl_creds){.user = "user", .password = "pencil",
							      .nonce = "rOprNGfwEbeRWgbNEkqO"});
		while (smtp_client_next_event(c, &ev)) {
			if (ev.type != SMTP_EV_AUTH_STEP)
				continue;
			event_items(&ev, &(struct annot_policy){.auth_maths = true,
								 .keep_revealed = true},
				    &kept);
			event_items(&ev, &(struct annot_policy){.auth_maths = true}, &masked);
		}
	}
	cr_assert(smtp_client_authenticated(c), "the server's signature was verified");
	smtp_client_free(c);
	char *m = lines(&masked, false), *k = lines(&kept, false), *r = lines(&kept, true);
	has(m, "client-first message: n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
	has(m, "server-first message: r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
	has(m, "SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096) = ********");
	has(m, "ClientKey = HMAC(SaltedPassword, \"Client Key\") = ********");
	has(m, "StoredKey = H(ClientKey) = ");
	/* RFC 7677's p=, decoded. */
	has(m, "ClientProof = ClientKey XOR ClientSignature = "
	       "747cdb65aa56224e2352137e52d7bdcad6a0f738df30782caa69a2cfb0277554");
	has(m, "ServerSignature received (v=, decoded) = "
	       "eabae24d1062db75a9451ff0b6ea7e98c8546549ff741e672d3251b2397de46e");
	has(m, "server signature verified");
	cr_assert_str_eq(m, k, "kept and masked show the same while masked");
	has(r, "SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096) = ");
	lacks(r, "SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, 4096) = ********");
	for (size_t i = 0; i < masked.n; i++)
		cr_assert_null(masked.v[i].revealed);
	lacks(m, "pencil");
	free(m);
	free(k);
	free(r);
	annot_items_free(&kept);
	annot_items_free(&masked);
}

/* Server or user bytes never reach a terminal raw, and a long message
 * stays a few lines. */
Test(annot_maths, hostile_bytes_are_escaped_and_bounded)
{
	const char evil[] = "\x1b]52;c;aGk=\x07\x1b[2J\xc2\x9b\xe2\x80\xae";
	struct annot_items a;
	annot_items_init(&a);
	annot_b64_maths(&a, 0, (const uint8_t *)evil, sizeof evil - 1, false, 0);
	char user[300];
	memset(user, 'u', sizeof user);
	user[0] = '\0';
	user[sizeof user - 1] = '\0';
	uint8_t plain[sizeof user + 4];
	memcpy(plain, user, sizeof user); /* "\0uuu...\0" */
	memcpy(plain + sizeof user, "\x1b[2J", 4);
	annot_sasl_maths(&a, "PLAIN", plain, sizeof plain, false, 0);
	annot_sasl_maths(&a, "CRAM-MD5", (const uint8_t *)"\x1b[2J 0123456789abcdef0123456789abcdef",
			 37, false, 0);
	for (size_t i = 0; i < a.n; i++) {
		for (const unsigned char *p = (const unsigned char *)a.v[i].text; *p; p++)
			cr_assert(*p >= 0x20 && *p != 0x7f, "raw byte in: %s", a.v[i].text);
		cr_assert_lt(strlen(a.v[i].text), 1400, "%s", a.v[i].text);
		cr_assert_null(strstr(a.v[i].text, "\xe2\x80\xae"), "a bidi override");
	}
	char *t = lines(&a, false);
	has(t, "as bytes (00 is NUL): 00 75 75");
	has(t, "user: \\x1b[2J");
	free(t);
	annot_items_free(&a);
}
