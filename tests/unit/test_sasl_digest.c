/* DIGEST-MD5: RFC 2831's examples with pinned cnonces, rspauth checks, and
 * malformed or hostile challenges. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/sasl.h"
#include "sasl_harness.h"

static void start_creds(struct exchange *x, const struct sasl_creds *c)
{
	ex_open(x, sasl_find("digest-md5"), c);
}

/* RFC 2831's user, password and IMAP digest-uri, with a pinned cnonce. */
static void start(struct exchange *x, const char *cnonce, const char *uri)
{
	start_creds(x, &(struct sasl_creds){.user = "chris", .password = "secret",
					    .nonce = cnonce, .digest_uri = uri});
}

static enum sasl_status step_n(struct exchange *x, const void *p, size_t n)
{
	return ex_step(x, p, n);
}

static enum sasl_status step(struct exchange *x, const char *text)
{
	return ex_step_text(x, text);
}

static enum sasl_status success(struct exchange *x)
{
	return ex_success(x);
}

#define IMAP_CHALLENGE                                                               \
	"realm=\"elwood.innosoft.com\",nonce=\"OA6MG9tEQGm2hh\",qop=\"auth\","       \
	"algorithm=md5-sess,charset=utf-8"
#define IMAP_RESPONSE                                                                \
	"charset=utf-8,username=\"chris\",realm=\"elwood.innosoft.com\","            \
	"nonce=\"OA6MG9tEQGm2hh\",nc=00000001,cnonce=\"OA6MHXh6VqTrRk\","            \
	"digest-uri=\"imap/elwood.innosoft.com\","                                   \
	"response=d388dad90d4bbd760a152321f2143af7,qop=auth"

Test(digest, flags)
{
	const struct sasl_mech *m = sasl_find("DIGEST-MD5");
	cr_assert_not_null(m);
	cr_assert_not(m->client_first);
	cr_assert_not(m->reveals_password);
	cr_assert(m->needs_password);
	cr_assert_not(m->plus);
	cr_assert_eq(m->rank, 30);
	cr_assert_not_null(m->success);
	cr_assert_str_eq(m->rfc, "RFC 2831");
}

Test(digest, rfc2831_imap_example)
{
	struct exchange x;
	start(&x, "OA6MHXh6VqTrRk", "imap/elwood.innosoft.com");
	cr_assert_eq(step(&x, IMAP_CHALLENGE), SASL_CONTINUE);
	cr_assert_str_eq(response(&x), IMAP_RESPONSE);
	cr_assert_not(x.st.secret);
	assert_has(&x, "historic");
	assert_has(&x, "RFC 6331");
	assert_has(&x, "response = HEX(MD5(HA1:nonce:nc:cnonce:qop:HA2)) = "
		       "d388dad90d4bbd760a152321f2143af7");
	assert_has(&x, "HA1 = HEX(MD5(A1)) = ********");
	assert_has(&x, "ea40f60335c427b5527b84dbabcdfffd");
	assert_lacks(&x, "secret");
	cr_assert_eq(step(&x, "rspauth=ea40f60335c427b5527b84dbabcdfffd"), SASL_CONTINUE);
	cr_assert_eq(x.st.response.len, 0);
	assert_has(&x, "rspauth verified");
	cr_assert_eq(success(&x), SASL_CONTINUE);
	cr_assert_eq(step(&x, "rspauth=ea40f60335c427b5527b84dbabcdfffd"), SASL_FAIL);
	assert_has(&x, "kept asking");
	finish(&x);
}

Test(digest, rfc2831_acap_example)
{
	struct exchange x;
	start(&x, "OA9BSuZWMSpW8m", "acap/elwood.innosoft.com");
	cr_assert_eq(step(&x, "realm=\"elwood.innosoft.com\",nonce=\"OA9BSXrbuRhWay\","
			      "qop=\"auth\",algorithm=md5-sess,charset=utf-8"),
		     SASL_CONTINUE);
	cr_assert(strstr(response(&x), ",response=6084c6db3fede7352c551284490fd0fc,"),
		  "%s", response(&x));
	cr_assert_eq(step(&x, "rspauth=2F0B3D7C3C2E486600EF710726AA2EAE"), SASL_CONTINUE,
		     "hex case does not matter");
	cr_assert_eq(success(&x), SASL_CONTINUE);
	finish(&x);
}

Test(digest, digest_uri_defaults_to_smtp_host)
{
	struct exchange x;
	start_creds(&x, &(struct sasl_creds){.user = "u", .password = "pw", .nonce = "c1",
					     .host = "mx.example"});
	cr_assert_eq(step(&x, "nonce=\"n1\",algorithm=md5-sess"), SASL_CONTINUE);
	cr_assert_str_eq(response(&x),
			 "username=\"u\",nonce=\"n1\",nc=00000001,cnonce=\"c1\","
			 "digest-uri=\"smtp/mx.example\","
			 "response=072c0d400562673b20160c1d38420ad5,qop=auth");
	assert_has(&x, "defaults to auth");
	assert_has(&x, "(none: the empty string is used)");
	finish(&x);

	start_creds(&x, &(struct sasl_creds){.user = "u", .password = "pw"});
	cr_assert_eq(step(&x, "nonce=\"n1\",algorithm=md5-sess"), SASL_FAIL);
	assert_failed(&x, "digest-uri");
	finish(&x);
}

Test(digest, echoed_values_are_re_escaped)
{
	struct exchange x;
	start_creds(&x, &(struct sasl_creds){.user = "u", .password = "pw", .nonce = "c1",
					     .digest_uri = "smtp/mx.example"});
	cr_assert_eq(step(&x, "realm=\"hostile\\\"test\\\\x\",realm=\"second\", nonce = \"n1\" ,"
			      "algorithm=md5-sess,,unknown=1,stale=true"),
		     SASL_CONTINUE);
	cr_assert(strstr(response(&x), "realm=\"hostile\\\"test\\\\x\","), "%s", response(&x));
	cr_assert(strstr(response(&x), "response=d7157096638caac0270d55cba6be100e"), "%s",
		  response(&x));
	assert_has(&x, "the first of 2 offered");
	assert_has(&x, "unknown directives are ignored");
	finish(&x);
}

Test(digest, authzid_is_part_of_a1_and_sent)
{
	struct exchange x;
	start_creds(&x, &(struct sasl_creds){.user = "u", .password = "pw", .nonce = "c1",
					     .authzid = "boss",
					     .digest_uri = "smtp/mx.example"});
	cr_assert_eq(step(&x, "realm=\"r\",nonce=\"n1\",algorithm=md5-sess,qop=\"auth,auth-int\""),
		     SASL_CONTINUE);
	cr_assert(strstr(response(&x), "response=51b081d7620417d22820507f5a5f8d1e"), "%s",
		  response(&x));
	cr_assert(strstr(response(&x), ",authzid=\"boss\""), "%s", response(&x));
	finish(&x);
}

Test(digest, wrong_or_missing_rspauth_fails)
{
	static const char *const bad[] = {
		"rspauth=ea40f60335c427b5527b84dbabcdfffe",
		"rspauth=ea40f60335c427b5527b84dbabcdfff",
		"rspauth=",
		"rspauth=\"unterminated",
		"other=1",
		"",
		"rspauth=ea40f60335c427b5527b84dbabcdfffd,rspauth=ea40f60335c427b5527b84dbabcdfffd",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct exchange x;
		start(&x, "OA6MHXh6VqTrRk", "imap/elwood.innosoft.com");
		cr_assert_eq(step(&x, IMAP_CHALLENGE), SASL_CONTINUE);
		cr_assert_eq(step(&x, bad[i]), SASL_FAIL, "accepted %s", bad[i]);
		assert_failed(&x, "rspauth");
		cr_assert_eq(success(&x), SASL_FAIL);
		finish(&x);
	}
}

Test(digest, success_without_rspauth_fails)
{
	struct exchange x;
	start(&x, "OA6MHXh6VqTrRk", "imap/elwood.innosoft.com");
	cr_assert_eq(step(&x, IMAP_CHALLENGE), SASL_CONTINUE);
	cr_assert_eq(success(&x), SASL_FAIL);
	assert_has(&x, "without proving");
	finish(&x);
}

Test(digest, no_initial_response)
{
	struct exchange x;
	start(&x, "c", "imap/x");
	cr_assert_eq(step_n(&x, NULL, 0), SASL_FAIL);
	assert_failed(&x, "no initial response");
	finish(&x);
}

static void refuse(const void *chal, size_t n, const char *why)
{
	struct exchange x;
	start(&x, "OA6MHXh6VqTrRk", "imap/elwood.innosoft.com");
	cr_assert_eq(step_n(&x, chal, n), SASL_FAIL, "accepted: %.*s", (int)(n > 200 ? 200 : n),
		     (const char *)chal);
	assert_failed(&x, why);
	finish(&x);
}

#define REFUSE(s, why) refuse(s, sizeof s - 1, why)

Test(digest, malformed_challenges_fail)
{
	REFUSE("realm=\"elwood\",nonce=\"OA6MG9tEQGm2hh", "not terminated");
	REFUSE("nonce=\"abc\\", "not terminated");
	REFUSE("nonce=\"a\",nonce=\"b\",algorithm=md5-sess", "twice");
	REFUSE("nonce=\"a\",qop=\"auth\",qop=\"auth\",algorithm=md5-sess", "twice");
	REFUSE("nonce=\"a\",algorithm=md5-sess,algorithm=md5-sess", "twice");
	REFUSE("nonce=\"a\",charset=utf-8,charset=utf-8,algorithm=md5-sess", "twice");
	REFUSE("realm=\"r\",algorithm=md5-sess", "no nonce");
	REFUSE("nonce=\"\",algorithm=md5-sess", "no nonce");
	REFUSE("nonce=\"a\"", "no algorithm");
	REFUSE("nonce=\"a\",algorithm=md5", "md5-sess");
	REFUSE("nonce=\"a\",algorithm=md5-sess,qop=\"auth-int\"", "qop=auth");
	REFUSE("nonce=\"a\",algorithm=md5-sess,qop=\"auth-intx,xauth\"", "qop=auth");
	REFUSE("nonce=\"a\",algorithm=md5-sess,qop=\"auth,auth-conf\"", "cipher");
	REFUSE("nonce=\"a\",algorithm=md5-sess,cipher=\"rc4\"", "cipher");
	REFUSE("nonce=\"a\",algorithm=md5-sess,charset=latin1", "charset");
	REFUSE("nonce=\"a\",algorithm=md5-sess,maxbuf=lots", "maxbuf");
	REFUSE("nonce=\"a\x01\",algorithm=md5-sess", "control character");
	REFUSE("nonce=\"a\0b\",algorithm=md5-sess", "control character");
	REFUSE("nonce=\"a\" x,algorithm=md5-sess", "other than a comma");
	REFUSE("nonce", "key=value");
	REFUSE("=x", "key=value");
	REFUSE("garbage!!", "key=value");
	REFUSE("", "no nonce");
}

Test(digest, huge_and_many_directives_fail)
{
	size_t big = 64 * 1024;
	char *m = malloc(big);
	memcpy(m, "nonce=\"", 7);
	memset(m + 7, 'A', big - 8);
	m[big - 1] = '"';
	refuse(m, big, "longer than 4096");
	free(m);

	char many[33 * 4 + 1] = "";
	for (int i = 0; i < 33; i++)
		strcat(many, "x=1,");
	refuse(many, strlen(many), "more than 32");
}
