#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/explain.h"
#include "smtpdbg/kb.h"
#include "smtpdbg/reply.h"

/* explain_text into a malloc'd string; *rc gets its result. */
static char *text(const char *in, int *rc)
{
	struct buf b;
	buf_init(&b, 0);
	int r = explain_text(&b, in);
	if (rc)
		*rc = r;
	return buf_steal(&b);
}

static struct smtp_reply *frame(const char *s, size_t n)
{
	struct reply_framer f;
	struct smtp_reply *r = NULL;
	size_t used = 0;
	reply_framer_init(&f, NULL);
	while (used < n && !r)
		used += reply_framer_feed(&f, s + used, n - used, &r);
	if (!r)
		r = reply_framer_finish(&f);
	reply_framer_free(&f);
	cr_assert_not_null(r);
	return r;
}

/* Items in their text form, as a malloc'd string; frees the items. */
static char *rendered(struct annot_items *a)
{
	struct buf b;
	buf_init(&b, 0);
	annot_items_text(a, &b);
	annot_items_free(a);
	return buf_steal(&b);
}

static void reply_items(struct annot_items *a, const char *wire, size_t n, const char *answers)
{
	struct smtp_reply *r = frame(wire, n);
	annot_items_init(a);
	explain_reply(a, r, answers);
	reply_free(r);
}

static char *reply(const char *wire, size_t n, const char *answers)
{
	struct annot_items a;
	reply_items(&a, wire, n, answers);
	return rendered(&a);
}

static char *command_n(const char *line, size_t n)
{
	struct annot_items a;
	annot_items_init(&a);
	explain_command(&a, line, n);
	return rendered(&a);
}

static char *command(const char *line)
{
	return command_n(line, strlen(line));
}

#define HAS(s, sub) cr_assert(strstr((s), (sub)), "missing '%s' in:\n%s", (sub), (s))
#define LACKS(s, sub) cr_assert(!strstr((s), (sub)), "unexpected '%s' in:\n%s", (sub), (s))

/* Output is text: printable bytes and newlines, no raw escapes, no C1
 * controls or bidi overrides. */
static void assert_inert(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		cr_assert(*p >= 0x20 || *p == '\n', "control byte %#x in:\n%s", *p, s);
		cr_assert(*p != 0x7f);
		if (p[0] == 0xc2)
			cr_assert(p[1] < 0x80 || p[1] > 0x9f, "C1 control in output");
	}
	LACKS(s, "\xe2\x80\xae");
	LACKS(s, "\xe2\x80\x8b");
}

Test(kb, explain_535_with_enhanced_code)
{
	int rc;
	char *s = text("535 5.7.8", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "535  Authentication credentials invalid  [RFC 4954 §6]");
	HAS(s, "authentication failed");
	HAS(s, "RFC 4954");
	HAS(s, "RFC 3463");
	HAS(s, "5.7.8  Authentication credentials invalid");
	HAS(s, "Permanent failure");
	assert_inert(s);
	free(s);
}

Test(kb, explain_code_alone_and_enhanced_alone)
{
	int rc;
	char *s = text("535", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "RFC 4954");
	HAS(s, "Permanent negative completion");
	LACKS(s, "RFC 3463");
	free(s);

	s = text("5.7.8", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "5.7.8  Authentication credentials invalid  [RFC 4954 §6]");
	HAS(s, "RFC 3463 §3.8");
	free(s);

	s = text("x.7.8", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "X.7.8  Authentication credentials invalid");
	HAS(s, "As 4.7.8");
	free(s);
}

Test(kb, explain_every_table_entry_by_its_key)
{
	size_t n;
	const struct kb_entry *tables[3];
	size_t counts[3];
	tables[0] = kb_reply_codes(&counts[0]);
	tables[1] = kb_enhanced_codes(&counts[1]);
	tables[2] = kb_keywords(&counts[2]);
	for (int t = 0; t < 3; t++)
		for (size_t i = 0; i < counts[t]; i++) {
			int rc;
			char *s = text(tables[t][i].key, &rc);
			cr_assert_eq(rc, 0, "%s", tables[t][i].key);
			HAS(s, tables[t][i].rfc);
			HAS(s, tables[t][i].title);
			free(s);
		}
	const struct kb_entry *c = kb_commands(&n);
	for (size_t i = 0; i < n; i++) {
		int rc;
		char *s = text(c[i].key, &rc);
		cr_assert_eq(rc, 0, "%s", c[i].key);
		HAS(s, c[i].rfc);
		free(s);
	}
}

Test(kb, explain_starttls_keyword_line)
{
	int rc;
	char *s = text("250-STARTTLS", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "STARTTLS  Start TLS  [RFC 3207]");
	HAS(s, "continuation line");
	free(s);

	s = text("STARTTLS", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "STARTTLS (EHLO keyword)");
	HAS(s, "RFC 3207 §4");
	free(s);
}

static const char seed_ehlo[] =
	"250-smtp.server.com\r\n"
	"250-PIPELINING\r\n"
	"250-SIZE 10240000\r\n"
	"250-STARTTLS\r\n"
	"250-ENHANCEDSTATUSCODES\r\n"
	"250-8BITMIME\r\n"
	"250-X-UNKNOWN-THING foo\r\n"
	"250 AUTH CRAM-MD5 LOGIN PLAIN\r\n";

Test(kb, ehlo_reply_lists_every_keyword)
{
	char *s = reply(seed_ehlo, strlen(seed_ehlo), "EHLO");
	HAS(s, "The server names itself: smtp.server.com");
	HAS(s, "  PIPELINING  Command pipelining  [RFC 2920]");
	HAS(s, "  SIZE  Message size declaration  [RFC 1870]");
	HAS(s, "10240000 octets");
	HAS(s, "  STARTTLS  Start TLS  [RFC 3207]");
	HAS(s, "  ENHANCEDSTATUSCODES  Enhanced status codes  [RFC 2034]");
	HAS(s, "  8BITMIME  8-bit MIME transport  [RFC 6152]");
	HAS(s, "  X-UNKNOWN-THING  Unknown extension keyword");
	HAS(s, "private extensions");
	HAS(s, "  AUTH  Authentication (SASL)  [RFC 4954]");
	HAS(s, "    CRAM-MD5  Challenge-response with HMAC-MD5  [RFC 2195]");
	HAS(s, "    LOGIN  ");
	HAS(s, "    PLAIN  Username and password in one message  [RFC 4616]");
	/* The server's name is not a keyword. */
	LACKS(s, "smtp.server.com  Unknown");
	free(s);

	/* Without the command it answers, it is still recognised. */
	s = reply(seed_ehlo, strlen(seed_ehlo), NULL);
	HAS(s, "  PIPELINING  Command pipelining");
	free(s);
}

Test(kb, ehlo_size_and_legacy_auth)
{
	const char w[] = "250-x\r\n250-SIZE 0\r\n250-SIZE abc\r\n250 AUTH=LOGIN PLAIN\r\n";
	char *s = reply(w, strlen(w), "EHLO");
	HAS(s, "no fixed limit");
	HAS(s, "Not a number");
	HAS(s, "'AUTH=' is the pre-standard form");
	HAS(s, "    LOGIN  ");
	HAS(s, "    PLAIN  ");
	free(s);
}

Test(kb, ehlo_line_with_nul_is_not_a_keyword)
{
	const char w[] = "250-x\r\n250-STARTTLS\0IGNORED\r\n250 SIZE 10\r\n";
	char *s = reply(w, sizeof w - 1, "EHLO");
	HAS(s, "Not trusted");
	HAS(s, "STARTTLS\\x00IGNORED");
	LACKS(s, "STARTTLS  Start TLS");
	HAS(s, "a NUL byte");
	assert_inert(s);
	free(s);
}

Test(kb, huge_ehlo_reply_is_bounded)
{
	struct buf w;
	buf_init(&w, 0);
	buf_adds(&w, "250-x\r\n");
	for (int i = 0; i < 900; i++)
		buf_adds(&w, "250-PIPELINING\r\n");
	buf_adds(&w, "250 SIZE 1\r\n");
	char *s = reply(w.data, w.len, "EHLO");
	HAS(s, "more keyword lines not explained");
	cr_assert_lt(strlen(s), 200000);
	free(s);
	buf_free(&w);
}

/* One line over the bound: "1 more keyword line", not "1 ... lines". */
Test(kb, one_keyword_line_over_the_bound_is_singular)
{
	struct buf w;
	buf_init(&w, 0);
	buf_adds(&w, "250-x\r\n");
	for (int i = 0; i < 200; i++)
		buf_adds(&w, "250-PIPELINING\r\n");
	buf_adds(&w, "250 SIZE 1\r\n");
	char *s = reply(w.data, w.len, "EHLO");
	HAS(s, "... 1 more keyword line not explained");
	free(s);
	buf_free(&w);
}

Test(kb, auth_login_challenges_are_decoded)
{
	const char u[] = "334 VXNlcm5hbWU6\r\n";
	char *s = reply(u, strlen(u), "AUTH");
	HAS(s, "Decoded challenge: Username:");
	HAS(s, "asks for the username");
	HAS(s, "RFC 4954");
	free(s);

	const char p[] = "334 UGFzc3dvcmQ6\r\n";
	s = reply(p, strlen(p), "SASL");
	HAS(s, "Decoded challenge: Password:");
	HAS(s, "only over TLS");
	free(s);

	int rc;
	s = text("334 dXNlcm5hbWU6", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "Decoded challenge: username:");
	free(s);
}

Test(kb, other_challenges)
{
	const char cram[] = "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n";
	char *s = reply(cram, strlen(cram), "AUTH");
	HAS(s, "<1896.697170952@postoffice.reston.mci.net>");
	HAS(s, "CRAM-MD5");
	HAS(s, "RFC 2195");
	free(s);

	const char empty[] = "334 \r\n";
	s = reply(empty, strlen(empty), "AUTH");
	HAS(s, "Empty challenge");
	free(s);

	/* Strict Base64: bad padding is reported, never guessed at. */
	const char bad[] = "334 VXNlcm5hbWU\r\n";
	s = reply(bad, strlen(bad), "AUTH");
	HAS(s, "Not valid Base64");
	HAS(s, "'*'");
	free(s);

	/* Decoded bytes are escaped too. */
	const char esc[] = "334 G1sySkhlbGxv\r\n"; /* "\x1b[2JHello" */
	s = reply(esc, strlen(esc), "AUTH");
	HAS(s, "\\x1b[2JHello");
	assert_inert(s);
	free(s);
}

Test(kb, context_picks_the_meaning)
{
	const char r220[] = "220 Ready to start TLS\r\n";
	char *s = reply(r220, strlen(r220), "STARTTLS");
	HAS(s, "Answering STARTTLS: Start TLS now  [RFC 3207 §4.2]");
	HAS(s, "handshake");
	LACKS(s, "As the greeting");
	free(s);

	const char g[] = "220 smtp.server.com ESMTP Postfix\r\n";
	s = reply(g, strlen(g), "GREETING");
	HAS(s, "As the greeting");
	HAS(s, "The server names itself: smtp.server.com");
	LACKS(s, "Answering STARTTLS: ");
	free(s);

	const char b[] = "554 5.7.1 no SMTP service for you\r\n";
	s = reply(b, strlen(b), "GREETING");
	HAS(s, "No SMTP service here");
	HAS(s, "5.7.1  Delivery not authorized");
	free(s);

	const char t[] = "530 5.7.0 Must issue a STARTTLS command first\r\n";
	s = reply(t, strlen(t), "MAIL");
	HAS(s, "STARTTLS (or AUTH) first");
	HAS(s, "5.7.0  Authentication required");
	HAS(s, "RFC 3207");
	free(s);

	const char ok[] = "235 2.7.0 Authentication successful\r\n";
	s = reply(ok, strlen(ok), "AUTH");
	HAS(s, "2.7.0  Authentication succeeded  [RFC 4954 §6]");
	free(s);
}

Test(kb, malformed_and_flagged_replies)
{
	const char m[] = "2500 ok\r\n";
	char *s = reply(m, strlen(m), "EHLO");
	HAS(s, "Malformed reply");
	HAS(s, "Received: 2500 ok");
	free(s);

	const char lf[] = "250 ok\n";
	s = reply(lf, strlen(lf), "NOOP");
	HAS(s, "Warning: a line ended in a bare LF");
	free(s);

	const char mm[] = "250 5.1.1 odd\r\n";
	s = reply(mm, strlen(mm), "RCPT");
	HAS(s, "class differs");
	free(s);
}

Test(kb, hostile_bytes_are_escaped)
{
	const char w[] = "250-evil\x1b]0;pwned\x07\r\n"
			 "250-STARTTLS\xe2\x80\xae\r\n"
			 "250-\xc2\x9b" "31m\r\n"
			 "250 AUTH PLAIN \x1b[2J\r\n";
	char *s = reply(w, sizeof w - 1, "EHLO");
	assert_inert(s);
	HAS(s, "\\x1b");
	HAS(s, "<U+202E>");
	free(s);

	int rc;
	s = text("250 x\x1b[31mred\xc2\x9b", &rc);
	cr_assert_eq(rc, 0);
	assert_inert(s);
	free(s);

	s = text("\x1b[2Jnonsense\xe2\x80\xae", &rc);
	cr_assert_eq(rc, -1);
	HAS(s, "knows nothing");
	assert_inert(s);
	free(s);

	s = command("EHLO \x1b]52;c;aGk=\x07");
	assert_inert(s);
	free(s);
}

Test(kb, credentials_are_never_shown)
{
	/* "\0alice\0secret" */
	const char *lines[] = {"AUTH PLAIN AGFsaWNlAHNlY3JldA==", "auth plain AGFsaWNlAHNlY3JldA=="};
	for (size_t i = 0; i < 2; i++) {
		char *s = command(lines[i]);
		HAS(s, "carries the credentials");
		LACKS(s, "AGFsaWNl");
		LACKS(s, "alice");
		LACKS(s, "secret");
		free(s);
		int rc;
		s = text(lines[i], &rc);
		cr_assert_eq(rc, 0);
		LACKS(s, "AGFsaWNl");
		LACKS(s, "alice");
		free(s);
	}
	char *s = command("AUTH LOGIN =");
	HAS(s, "empty initial response");
	free(s);
	s = command("*");
	HAS(s, "Cancel the authentication exchange");
	HAS(s, "RFC 4954");
	free(s);
}

Test(kb, commands_with_arguments)
{
	char *s = command("MAIL FROM:<> SIZE=100 BODY=8BITMIME FOO=1");
	HAS(s, "MAIL  Start a mail transaction  [RFC 5321 §4.1.1.2]");
	HAS(s, "null reverse-path");
	HAS(s, "SIZE=100  Declared message size  [RFC 1870]");
	HAS(s, "BODY=8BITMIME  Body type");
	HAS(s, "FOO=1  Unknown parameter");
	free(s);

	s = command("RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE");
	HAS(s, "Recipient: <b@example.org>");
	HAS(s, "RFC 3461");
	free(s);

	s = command("STARTTLS now");
	HAS(s, "takes no parameters");
	free(s);

	s = command("EHLO");
	HAS(s, "No name given");
	free(s);

	s = command("BDAT 100 LAST");
	HAS(s, "final chunk");
	free(s);

	s = command("FROB x");
	HAS(s, "Not an SMTP command");
	free(s);

	struct buf big;
	buf_init(&big, 0);
	buf_adds(&big, "NOOP ");
	for (int i = 0; i < 600; i++)
		buf_addc(&big, 'a');
	s = command_n(big.data, big.len);
	HAS(s, "over the 512 allowed");
	free(s);
	buf_free(&big);
}

Test(kb, several_items_and_lines)
{
	int rc;
	char *s = text("PIPELINING 5.7.1 CRAM-MD5", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "PIPELINING (EHLO keyword)");
	HAS(s, "5.7.1  Delivery not authorized");
	HAS(s, "CRAM-MD5 (SASL mechanism)");
	free(s);

	s = text("AUTH PLAIN LOGIN", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "AUTH  Authentication (SASL)");
	HAS(s, "    PLAIN  ");
	LACKS(s, "No mechanism given");
	free(s);

	s = text("250-smtp.server.com\n250-PIPELINING\n250 AUTH CRAM-MD5 LOGIN PLAIN\n", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "The server names itself: smtp.server.com");
	HAS(s, "  PIPELINING  Command pipelining");
	LACKS(s, "bare LF");
	free(s);

	s = text("EHLO client.example\nQUIT", &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "The client calls itself: client.example");
	HAS(s, "QUIT  End the session");
	free(s);
}

Test(kb, unknown_text)
{
	static const char *const unknown[] = {"xyzzy", "2500 ok", "999", "650 x", "5.7", "",
					      "   ", "X.7", "PIPELINING-ish"};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		int rc;
		char *s = text(unknown[i], &rc);
		cr_assert_eq(rc, -1, "'%s' was explained:\n%s", unknown[i], s);
		cr_assert_gt(strlen(s), 0);
		free(s);
	}
	int rc;
	char *s = text(NULL, &rc);
	cr_assert_eq(rc, -1);
	free(s);
}

Test(kb, null_arguments_are_harmless)
{
	struct annot_items a;
	annot_items_init(&a);
	explain_reply(&a, NULL, "EHLO");
	explain_command(&a, NULL, 0);
	cr_assert_eq(a.n, 0);
	cr_assert_eq(explain_text(NULL, "535"), -1);
	annot_items_free(&a);
	struct smtp_reply *r = frame("250 ok\r\n", 8);
	explain_reply(NULL, r, "NOOP");
	explain_command(NULL, "NOOP", 4);
	reply_free(r);
}

Test(kb, fed_byte_by_byte_same_explanation)
{
	/* The explanation depends only on the reply, not on how it arrived. */
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	struct smtp_reply *r = NULL;
	for (size_t i = 0; i < strlen(seed_ehlo) && !r; i++)
		reply_framer_feed(&f, seed_ehlo + i, 1, &r);
	reply_framer_free(&f);
	cr_assert_not_null(r);
	struct annot_items a;
	annot_items_init(&a);
	explain_reply(&a, r, "EHLO");
	reply_free(r);
	char *bytes = rendered(&a);
	char *whole = reply(seed_ehlo, strlen(seed_ehlo), "EHLO");
	cr_assert_str_eq(bytes, whole);
	free(whole);
	free(bytes);
}

/* ---- kinds ---------------------------------------------------------- */

/* The first item of kind k whose text contains sub, or NULL. */
static const struct annot_item *find_item(const struct annot_items *a, enum annot_kind k,
					  const char *sub)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].kind == k && strstr(a->v[i].text, sub))
			return &a->v[i];
	return NULL;
}

#define HAS_ITEM(a, k, sub)                                                                    \
	cr_assert_not_null(find_item((a), (k), (sub)), "no %s item with '%s'",                 \
			   annot_kind_name(k), (sub))

Test(kinds, reply_heading_is_a_meaning_with_its_ref)
{
	const char w[] = "535 5.7.8 Authentication failed\r\n";
	struct annot_items a;
	reply_items(&a, w, strlen(w), "AUTH");
	cr_assert_gt(a.n, 1);
	cr_assert_eq(a.v[0].kind, AK_MEANING);
	cr_assert_eq(a.v[0].depth, 0);
	cr_assert_str_eq(a.v[0].text, "535  Authentication credentials invalid");
	cr_assert_not_null(a.v[0].ref);
	cr_assert_str_eq(a.v[0].ref, "RFC 4954 §6");
	cr_assert_eq(a.v[1].kind, AK_TEXT);
	cr_assert_eq(a.v[1].depth, 1);
	/* The enhanced code is a heading of its own, under the reply's. */
	const struct annot_item *e = find_item(&a, AK_MEANING, "5.7.8  ");
	cr_assert_not_null(e);
	cr_assert_eq(e->depth, 1);
	annot_items_free(&a);

	const char u[] = "259 what\r\n";
	reply_items(&a, u, strlen(u), NULL);
	cr_assert_eq(a.v[0].kind, AK_MEANING);
	HAS(a.v[0].text, "Unregistered reply code");
	cr_assert_str_eq(a.v[0].ref, "RFC 5321 §4.2.1");
	annot_items_free(&a);
}

Test(kinds, ehlo_line_with_control_byte_is_a_warning)
{
	const char w[] = "250-mx\r\n250-STARTTLS\x1b[2J\r\n250 PIPELINING\r\n";
	struct annot_items a;
	reply_items(&a, w, sizeof w - 1, "EHLO");
	const struct annot_item *t = find_item(&a, AK_WARNING, "Not trusted");
	cr_assert_not_null(t);
	cr_assert_eq(t->depth, 1);
	HAS(t->text, "STARTTLS\\x1b[2J");
	HAS_ITEM(&a, AK_WARNING, "Warning: control characters");
	cr_assert_null(find_item(&a, AK_MEANING, "STARTTLS  "));
	HAS_ITEM(&a, AK_MEANING, "PIPELINING  Command pipelining");
	annot_items_free(&a);
}

Test(kinds, login_challenge_is_decoded_with_the_next_step)
{
	const char w[] = "334 VXNlcm5hbWU6\r\n";
	struct annot_items a;
	reply_items(&a, w, strlen(w), "AUTH");
	const struct annot_item *c = find_item(&a, AK_CALC, "Username:");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->text, "Decoded challenge: Username:");
	const struct annot_item *n = find_item(&a, AK_NEXT, "asks for the username");
	cr_assert_not_null(n);
	cr_assert_str_eq(n->ref, "draft-murchison-sasl-login");
	annot_items_free(&a);

	const char bad[] = "334 VXNlcm5hbWU\r\n";
	reply_items(&a, bad, strlen(bad), "AUTH");
	HAS_ITEM(&a, AK_WARNING, "Not valid Base64");
	cr_assert_null(find_item(&a, AK_CALC, ""));
	annot_items_free(&a);

	const char g[] = "220 mx.example ESMTP\r\n";
	reply_items(&a, g, strlen(g), "GREETING");
	HAS_ITEM(&a, AK_NEXT, "send EHLO");
	annot_items_free(&a);
}

Test(kinds, command_problems_are_warnings)
{
	struct annot_items a;
	annot_items_init(&a);
	explain_command(&a, "MAIL FROM:a@b", 13);
	cr_assert_eq(a.v[0].kind, AK_MEANING);
	const struct annot_item *w = find_item(&a, AK_WARNING, "angle brackets");
	cr_assert_not_null(w);
	cr_assert_str_eq(w->ref, "RFC 5321 §4.1.1.2");
	annot_items_free(&a);

	annot_items_init(&a);
	explain_command(&a, "AUTH PLAIN", 10);
	HAS_ITEM(&a, AK_MEANING, "PLAIN  ");
	HAS_ITEM(&a, AK_NEXT, "No initial response");
	annot_items_free(&a);
}

/* Each item is one line, without the indentation or the reference that
 * the text form adds. */
static void assert_items_clean(const struct annot_items *a)
{
	for (size_t i = 0; i < a->n; i++) {
		const char *t = a->v[i].text;
		cr_assert_not_null(t);
		cr_assert_null(strchr(t, '\n'), "newline in item '%s'", t);
		cr_assert(t[0] != ' ', "indented item '%s'", t);
		LACKS(t, "  [RFC");
		cr_assert_lt(a->v[i].kind, AK_COUNT);
		cr_assert_leq(a->v[i].depth, 3);
	}
}

static const char nul_reply[] = "250-x\r\n250-STARTTLS\0IGNORED\r\n250 SIZE 10\r\n";

Test(kinds, items_are_single_lines)
{
	static const char *const replies[] = {
		"250-smtp.server.com\r\n250-SIZE 10240000\r\n250-SIZE abc\r\n250-X-FOO bar\r\n"
		"250 AUTH=LOGIN PLAIN FOO\r\n",
		"535 5.7.8 Authentication failed\r\n",
		"220 smtp.server.com ESMTP Postfix\r\n",
		"334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n",
		"334-e30=\r\n334 x\r\n",
		"2500 ok\r\n",
		"250 ok\n",
		nul_reply,
	};
	static const size_t lens[] = {0, 0, 0, 0, 0, 0, 0, sizeof nul_reply - 1};
	static const char *const verbs[] = {"EHLO", "AUTH", "GREETING", "AUTH", "AUTH", NULL, NULL, "EHLO"};
	for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
		struct annot_items a;
		reply_items(&a, replies[i], lens[i] ? lens[i] : strlen(replies[i]), verbs[i]);
		cr_assert_gt(a.n, 0);
		assert_items_clean(&a);
		annot_items_free(&a);
	}
	static const char *const commands[] = {
		"MAIL FROM:<> SIZE=100 BODY=8BITMIME FOO=1", "RCPT TO: b@x", "AUTH FOO x",
		"AUTH PLAIN =", "BDAT 100 FOO", "EHLO", "FROB x", "STARTTLS now", "*",
	};
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		struct annot_items a;
		annot_items_init(&a);
		explain_command(&a, commands[i], strlen(commands[i]));
		cr_assert_gt(a.n, 0);
		assert_items_clean(&a);
		annot_items_free(&a);
	}
}

/* Only a host name is a name: an enhanced code after 421 or 554 is not
 * the server naming itself (it printed "names itself: 5.7.1"). */
Test(context, enhanced_codes_are_not_host_names)
{
	const char *wires[] = {"421 4.7.0 Try again later, closing connection.\r\n",
			       "554 5.7.1 Service unavailable\r\n",
			       "554 5.7.9 Message not accepted for policy reasons\r\n",
			       "421 4.7.28 Our system has detected an unusual rate\r\n"};
	for (size_t i = 0; i < sizeof wires / sizeof wires[0]; i++) {
		char *s = reply(wires[i], strlen(wires[i]), NULL);
		LACKS(s, "names itself");
		free(s);
		s = reply(wires[i], strlen(wires[i]), "GREETING");
		LACKS(s, "names itself");
		free(s);
	}
	char *s = reply("421 4.3.2 mx.example.org Service shutting down\r\n", 48, "RCPT");
	HAS(s, "The server names itself: mx.example.org");
	free(s);
	s = reply("221 2.0.0 mx.example.org closing connection\r\n", 45, "QUIT");
	HAS(s, "The server names itself: mx.example.org");
	free(s);
}

/* The enhanced code is explained for the command it answers. */
Test(context, enhanced_code_meaning_follows_the_command)
{
	const char *dmarc = "554 5.7.9 Message rejected (DMARC reject)\r\n";
	char *s = reply(dmarc, strlen(dmarc), "DOT");
	LACKS(s, "5.7.9  Authentication mechanism is too weak");
	HAS(s, "Registered for replies to AUTH");
	free(s);
	s = reply(dmarc, strlen(dmarc), "AUTH");
	HAS(s, "5.7.9  Authentication mechanism is too weak");
	free(s);
	const char *busy = "421 4.7.0 Too many concurrent SMTP connections\r\n";
	s = reply(busy, strlen(busy), "RCPT");
	LACKS(s, "Temporary authentication failure");
	free(s);
	s = reply(busy, strlen(busy), NULL);
	LACKS(s, "4.7.0  Temporary authentication failure");
	free(s);
	const char *temp = "454 4.7.0 Temporary authentication failure\r\n";
	s = reply(temp, strlen(temp), "AUTH");
	HAS(s, "4.7.0  Temporary authentication failure");
	free(s);
	const char *grey = "450 4.7.1 <b@example.org>: Recipient address rejected: Greylisted\r\n";
	s = reply(grey, strlen(grey), "RCPT");
	HAS(s, "A temporary policy refusal of the envelope");
	free(s);
}

/* A pasted reply without its command is read as the answer to the command
 * its text names, not given every meaning of its code. */
Test(context, pasted_helo_refusal_is_about_helo)
{
	int rc;
	char *s = text("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname",
		       &rc);
	cr_assert_eq(rc, 0);
	HAS(s, "Read as the answer to EHLO");
	HAS(s, "Diagnosis (likely)");
	LACKS(s, "SASL");
	LACKS(s, "mechanism");
	free(s);
}
