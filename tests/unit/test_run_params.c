/* The parameters of MAIL FROM and RCPT TO, against the RFCs' rules:
 * RFC 3461 (DSN, xtext), RFC 6531/6533 (SMTPUTF8, utf-8 ORCPT), RFC 3030
 * (BINARYMIME), RFC 1870 (SIZE), RFC 8689 (REQUIRETLS), RFC 9422 (LIMITS). */
#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/caps.h"
#include "smtpdbg/run_plan.h"

static struct smtp_reply *reply_of(const char *text)
{
	struct reply_framer fr;
	struct smtp_reply *r = NULL;
	reply_framer_init(&fr, NULL);
	size_t n = strlen(text), off = 0;
	while (off < n && !r)
		off += reply_framer_feed(&fr, text + off, n - off, &r);
	reply_framer_free(&fr);
	cr_assert_not_null(r);
	return r;
}

static void caps_of(struct smtp_caps *c, const char *ehlo)
{
	struct smtp_reply *r = reply_of(ehlo);
	caps_init(c);
	caps_parse_ehlo(c, r);
	reply_free(r);
}

static const char *xt(struct buf *b, const char *s)
{
	b->len = 0;
	buf_adds(b, "");
	run_xtext(b, s);
	return b->data;
}

Test(run_params, xtext_rfc3461)
{
	struct buf b;
	buf_init(&b, 0);
	cr_assert_str_eq(xt(&b, "QQ314159"), "QQ314159");
	cr_assert_str_eq(xt(&b, "a+b=c"), "a+2Bb+3Dc");
	cr_assert_str_eq(xt(&b, "two words"), "two+20words");
	cr_assert_str_eq(xt(&b, "\x7f~!"), "+7F~!");
	cr_assert_str_eq(xt(&b, "\xc3\xbc"), "+C3+BC");
	buf_free(&b);
}

Test(run_params, orcpt_ascii_and_utf8)
{
	struct buf b;
	buf_init(&b, 0);
	run_orcpt(&b, "bob+tag@x.test", false);
	cr_assert_str_eq(b.data, "rfc822;bob+2Btag@x.test");
	b.len = 0;
	run_orcpt(&b, "j\xc3\xbcrgen+x=y\\z@x.test", true);
	cr_assert_str_eq(b.data, "utf-8;j\xc3\xbcrgen\\x{2B}x\\x{3D}y\\x{5C}z@x.test");
	buf_free(&b);
}

Test(run_params, notify_values)
{
	cr_assert(run_dsn_notify_ok("NEVER"));
	cr_assert(run_dsn_notify_ok("SUCCESS,FAILURE,DELAY"));
	cr_assert(run_dsn_notify_ok("success"));
	cr_assert_not(run_dsn_notify_ok("NEVER,SUCCESS"));
	cr_assert_not(run_dsn_notify_ok("SUCCESS,SUCCESS"));
	cr_assert_not(run_dsn_notify_ok("SUCCESS,"));
	cr_assert_not(run_dsn_notify_ok(""));
	cr_assert_not(run_dsn_notify_ok("ALWAYS"));
}

Test(run_params, param_syntax)
{
	cr_assert(run_param_ok("BY=120;R"));
	cr_assert(run_param_ok("MT-PRIORITY=3"));
	cr_assert(run_param_ok("HOLDFOR=600"));
	cr_assert(run_param_ok("SMTPUTF8"));
	cr_assert_not(run_param_ok("=x"));
	cr_assert_not(run_param_ok("A B"));
	cr_assert_not(run_param_ok("A=b=c"));
	cr_assert_not(run_param_ok("A="));
	cr_assert_not(run_param_ok("-A=1"));
	cr_assert_not(run_param_ok("A=b\r\nRSET"));
}

static const char *const tos[] = {"b@x.test"};
static const char *const utf_tos[] = {"j\xc3\xbcrgen@x.test"};

static struct run_opts base(void)
{
	return (struct run_opts){.from = "a@x.test", .to = tos, .nto = 1, .msg_size = -1,
				 .quit_after = -1};
}

/* Build MAIL's parameters; returns the result, params or reason in *out. */
static int mail(struct buf *out, const struct run_opts *o, const char *ehlo, bool tls, bool bdat)
{
	struct smtp_caps caps;
	caps_of(&caps, ehlo);
	out->len = 0;
	buf_adds(out, "");
	int rc = run_mail_params(out, NULL, o, &(struct run_mail_ctx){&caps, tls, bdat});
	caps_clear(&caps);
	return rc;
}

#define ALL "250-mx\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-DSN\r\n" \
	    "250-REQUIRETLS\r\n250-PRDR\r\n250-CHUNKING\r\n250-PIPELINING\r\n250 DELIVERBY\r\n"

Test(run_params, every_parameter_in_order)
{
	struct run_opts o = base();
	static const char *const mp[] = {"BY=120;R"};
	o.msg_size = 321;
	o.msg_8bit = true;
	o.to = utf_tos;
	o.dsn_ret = "HDRS";
	o.envid = "id+1";
	o.requiretls = o.prdr = o.pipeline = true;
	o.mail_params = mp;
	o.nmail_params = 1;
	struct buf b;
	buf_init(&b, 0);
	cr_assert_eq(mail(&b, &o, ALL, true, false), 0, "%s", b.data);
	cr_assert_str_eq(b.data, " SIZE=321 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=id+2B1 "
				 "REQUIRETLS PRDR BY=120;R");
	buf_free(&b);
}

Test(run_params, plain_message_gets_only_size)
{
	struct run_opts o = base();
	struct buf b;
	buf_init(&b, 0);
	cr_assert_eq(mail(&b, &o, ALL, false, false), 0);
	cr_assert_str_eq(b.data, "", "size unknown: no SIZE=");
	o.msg_size = 12;
	cr_assert_eq(mail(&b, &o, "250-mx\r\n250 8BITMIME\r\n", false, false), 0);
	cr_assert_str_eq(b.data, "", "no SIZE offered: no SIZE=");
	buf_free(&b);
}

/* RFC 3030 §3: an 8-bit message with BDAT may go as BINARYMIME. */
Test(run_params, binarymime_only_with_bdat)
{
	struct run_opts o = base();
	o.msg_8bit = true;
	struct buf b;
	buf_init(&b, 0);
	const char *e = "250-mx\r\n250-CHUNKING\r\n250-BINARYMIME\r\n250 8BITMIME\r\n";
	cr_assert_eq(mail(&b, &o, e, false, true), 0);
	cr_assert_str_eq(b.data, " BODY=BINARYMIME");
	cr_assert_eq(mail(&b, &o, e, false, false), 0);
	cr_assert_str_eq(b.data, " BODY=8BITMIME");
	buf_free(&b);
}

/* Each wish the server cannot meet is refused, with the reason. */
Test(run_params, refusals)
{
	struct buf b;
	buf_init(&b, 0);
	const char *bare = "250-mx\r\n250 SIZE 100\r\n";
	struct run_opts o = base();
	o.to = utf_tos;
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	cr_assert(strstr(b.data, "SMTPUTF8") && strstr(b.data, "j\xc3\xbcrgen"), "%s", b.data);
	o = base();
	o.msg_utf8 = true;
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	cr_assert(strstr(b.data, "SMTPUTF8"));
	o = base();
	cr_assert_eq(mail(&b, &o, bare, false, true), -1);
	cr_assert(strstr(b.data, "CHUNKING"));
	o = base();
	o.msg_8bit = true;
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	cr_assert(strstr(b.data, "8BITMIME"));
	o = base();
	o.msg_size = 101;
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	cr_assert(strstr(b.data, "101") && strstr(b.data, "100"), "%s", b.data);
	o.msg_size = 100;
	cr_assert_eq(mail(&b, &o, bare, false, false), 0);
	cr_assert_str_eq(b.data, " SIZE=100");
	o = base();
	o.dsn_notify = "SUCCESS";
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	cr_assert(strstr(b.data, "DSN"));
	o = base();
	o.requiretls = true;
	cr_assert_eq(mail(&b, &o, ALL, false, false), -1, "REQUIRETLS in clear");
	cr_assert(strstr(b.data, "TLS"));
	cr_assert_eq(mail(&b, &o, bare, true, false), -1);
	cr_assert(strstr(b.data, "REQUIRETLS"));
	o = base();
	o.prdr = true;
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	o = base();
	o.pipeline = true;
	cr_assert_eq(mail(&b, &o, bare, false, false), -1);
	cr_assert(strstr(b.data, "PIPELINING"));
	buf_free(&b);
}

Test(run_params, rcpt_dsn)
{
	struct run_opts o = base();
	static const char *const rp[] = {"X-TEST=1"};
	o.dsn_notify = "SUCCESS,FAILURE";
	o.orcpt = true;
	o.rcpt_params = rp;
	o.nrcpt_params = 1;
	struct smtp_caps caps;
	caps_of(&caps, ALL);
	struct buf b;
	buf_init(&b, 0);
	run_rcpt_params(&b, &o, &caps, "b+1@x.test", false);
	cr_assert_str_eq(b.data, " NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2B1@x.test X-TEST=1");
	b.len = 0;
	run_rcpt_params(&b, &o, &caps, "j\xc3\xbcrgen@x.test", true);
	cr_assert_str_eq(b.data, " NOTIFY=SUCCESS,FAILURE ORCPT=utf-8;j\xc3\xbcrgen@x.test X-TEST=1");
	buf_free(&b);
	caps_clear(&caps);
}

Test(run_params, limits_rfc9422)
{
	struct run_limits l;
	struct smtp_reply *r = reply_of("250-mx\r\n250-LIMITS RCPTMAX=2 MAILMAX=3 RCPTDOMAINMAX=1\r\n"
					"250 PIPELINING\r\n");
	run_limits_parse(&l, r);
	cr_assert_eq(l.rcptmax, 2);
	cr_assert_eq(l.mailmax, 3);
	reply_free(r);
	r = reply_of("250-mx\r\n250-LIMITSX RCPTMAX=2\r\n250 LIMITS MAILMAX=x RCPTMAX=\r\n");
	run_limits_parse(&l, r);
	cr_assert_eq(l.rcptmax, 0);
	cr_assert_eq(l.mailmax, 0);
	reply_free(r);
}
