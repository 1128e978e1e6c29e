#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/reply.h"

/* Feed a whole stream in pieces of `step` bytes (0: all at once) and
 * collect every reply. */
struct parsed {
	struct smtp_reply *r[64];
	size_t n;
};

static void parse(const char *s, size_t len, size_t step, struct parsed *out, bool finish)
{
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	memset(out, 0, sizeof *out);
	size_t off = 0;
	while (off < len) {
		size_t n = step && len - off > step ? step : len - off;
		size_t used = 0;
		while (used < n) {
			struct smtp_reply *r;
			used += reply_framer_feed(&f, s + off + used, n - used, &r);
			if (r)
				out->r[out->n++] = r;
		}
		off += n;
	}
	if (finish) {
		struct smtp_reply *r = reply_framer_finish(&f);
		if (r)
			out->r[out->n++] = r;
	}
	reply_framer_free(&f);
}

static void release(struct parsed *p)
{
	for (size_t i = 0; i < p->n; i++)
		reply_free(p->r[i]);
}

static const char seed_stream[] =
	"220 smtp.server.com ESMTP Postfix\r\n"
	"250-smtp.server.com\r\n"
	"250 AUTH CRAM-MD5 LOGIN PLAIN\r\n"
	"334 VXNlcm5hbWU6\r\n"
	"334 UGFzc3dvcmQ6\r\n"
	"235 2.7.0 Authentication successful\r\n";

static void check_seed(const struct parsed *p)
{
	cr_assert_eq(p->n, 5);
	cr_assert_eq(p->r[0]->code, 220);
	cr_assert_eq(p->r[0]->nlines, 1);
	cr_assert_str_eq(p->r[0]->lines[0].raw, "220 smtp.server.com ESMTP Postfix");
	cr_assert_eq(p->r[1]->code, 250);
	cr_assert_eq(p->r[1]->nlines, 2);
	cr_assert_str_eq(p->r[1]->lines[1].raw, "250 AUTH CRAM-MD5 LOGIN PLAIN");
	cr_assert_eq(p->r[2]->code, 334);
	cr_assert_eq(p->r[3]->code, 334);
	cr_assert_eq(p->r[4]->code, 235);
	cr_assert_eq(p->r[4]->enh.cls, 2);
	cr_assert_eq(p->r[4]->enh.subject, 7);
	cr_assert_eq(p->r[4]->enh.detail, 0);
	for (size_t i = 0; i < p->n; i++)
		cr_assert_eq(p->r[i]->flags, 0, "reply %zu flags %#x", i, p->r[i]->flags);
}

Test(reply, seed_whole_and_byte_by_byte)
{
	for (size_t step = 0; step <= 7; step++) {
		struct parsed p;
		parse(seed_stream, strlen(seed_stream), step, &p, false);
		check_seed(&p);
		release(&p);
	}
}

Test(reply, line_text_after_code)
{
	struct parsed p;
	const char s[] = "250-smtp.example\r\n250 SIZE 10240000\r\n";
	parse(s, strlen(s), 0, &p, false);
	cr_assert_eq(p.n, 1);
	size_t n;
	const char *t = reply_line_text(&p.r[0]->lines[1], &n);
	cr_assert_eq(n, strlen("SIZE 10240000"));
	cr_assert(!memcmp(t, "SIZE 10240000", n));
	release(&p);
}

Test(reply, malformed_codes_are_single_replies)
{
	/* anchors-reliability P1: none of these may be taken as success or
	 * make the framer wait for more lines. */
	static const char *bad[] = {
		"2500 ok", "abc", "25", "999 x", "25O ok", "250x ok", " 250 ok",
		"250\tok", "100 continue", "650 x", "-250 x", "260 x",
		"\xd9\xa2\xd9\xa5\xd9\xa0 ok", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char s[64];
		snprintf(s, sizeof s, "%s\r\n", bad[i]);
		struct parsed p;
		parse(s, strlen(s), 0, &p, false);
		cr_assert_eq(p.n, 1, "case %zu", i);
		cr_assert_eq(p.r[0]->code, 0, "case %zu: %s", i, bad[i]);
		cr_assert(p.r[0]->flags & RF_MALFORMED, "case %zu", i);
		release(&p);
	}
}

Test(reply, bare_code_is_valid)
{
	struct parsed p;
	parse("250\r\n", 5, 0, &p, false);
	cr_assert_eq(p.n, 1);
	cr_assert_eq(p.r[0]->code, 250);
	cr_assert_eq(p.r[0]->flags, 0);
	release(&p);
}

Test(reply, code_mismatch_ends_reply_and_is_flagged)
{
	struct parsed p;
	const char s[] = "250-x\r\n251 y\r\n250 next\r\n";
	parse(s, strlen(s), 1, &p, false);
	cr_assert_eq(p.n, 2);
	cr_assert(p.r[0]->flags & RF_CODE_MISMATCH);
	cr_assert_eq(p.r[0]->nlines, 2);
	cr_assert_eq(p.r[1]->code, 250);
	cr_assert_eq(p.r[1]->flags, 0);
	release(&p);
}

Test(reply, malformed_middle_line_ends_reply)
{
	struct parsed p;
	const char s[] = "250-x\r\n250x\r\n250 ok\r\n";
	parse(s, strlen(s), 0, &p, false);
	cr_assert_eq(p.n, 2);
	cr_assert(p.r[0]->flags & RF_MALFORMED);
	cr_assert_eq(p.r[0]->code, 250);
	cr_assert_eq(p.r[1]->code, 250);
	release(&p);
}

Test(reply, bare_lf_and_stray_cr_flagged)
{
	struct parsed p;
	const char s[] = "250-a\n250-b\r\r\n250 c\r\n";
	parse(s, strlen(s), 1, &p, false);
	cr_assert_eq(p.n, 1);
	cr_assert(p.r[0]->flags & RF_BARE_LF);
	cr_assert(p.r[0]->flags & RF_STRAY_CR);
	cr_assert_eq(p.r[0]->lines[0].flags, RF_BARE_LF);
	cr_assert_eq(p.r[0]->lines[2].flags, 0);
	release(&p);
}

Test(reply, nul_is_kept_and_flagged)
{
	struct parsed p;
	const char s[] = "250-STARTTLS\0IGNORED\r\n250 SIZE 10\0" "000000\r\n";
	parse(s, sizeof s - 1, 0, &p, false);
	cr_assert_eq(p.n, 1);
	cr_assert(p.r[0]->flags & RF_NUL);
	cr_assert_eq(p.r[0]->lines[0].len, strlen("250-STARTTLS") + 1 + strlen("IGNORED"));
	release(&p);
}

Test(reply, huge_line_is_capped_and_resyncs)
{
	size_t big = 10 * 1024 * 1024;
	char *s = malloc(big + 64);
	memcpy(s, "250 ", 4);
	memset(s + 4, 'A', big);
	/* markers that must never surface as a reply of their own */
	memcpy(s + 512, "\r250 INJECTED", 13);
	strcpy(s + 4 + big, "\r\n220 next\r\n");
	struct parsed p;
	parse(s, strlen(s), 65536 + 3, &p, false);
	cr_assert_eq(p.n, 2);
	cr_assert(p.r[0]->flags & RF_TRUNCATED);
	cr_assert(p.r[0]->flags & RF_LONG);
	cr_assert_eq(p.r[0]->lines[0].len, REPLY_DEFAULT_LINE_CAP);
	cr_assert_eq(p.r[0]->lines[0].orig_len, big + 4);
	cr_assert_eq(p.r[1]->code, 220);
	cr_assert_str_eq(p.r[1]->lines[0].raw, "220 next");
	release(&p);
	free(s);
}

Test(reply, many_lines_are_bounded)
{
	size_t lines = 100000;
	char *s = malloc(lines * 16 + 64), *o = s;
	for (size_t i = 0; i < lines; i++)
		o += sprintf(o, "250-L%zu\r\n", i);
	strcpy(o, "250 STARTTLS\r\n");
	struct parsed p;
	parse(s, strlen(s), 4096, &p, false);
	cr_assert_eq(p.n, 1);
	cr_assert_eq(p.r[0]->nlines_total, lines + 1);
	cr_assert(p.r[0]->nlines <= REPLY_DEFAULT_LINES_CAP);
	cr_assert(p.r[0]->flags & RF_LINES_DROPPED);
	cr_assert_str_eq(p.r[0]->lines[p.r[0]->nlines - 1].raw, "250 STARTTLS",
			 "the final line is always kept");
	release(&p);
	free(s);
}

Test(reply, stops_after_each_reply)
{
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	const char s[] = "220 go ahead\r\nINJECTED\r\n";
	struct smtp_reply *r;
	size_t used = reply_framer_feed(&f, s, strlen(s), &r);
	cr_assert_eq(used, strlen("220 go ahead\r\n"));
	cr_assert_eq(r->code, 220);
	cr_assert_eq(reply_framer_pending(&f), 0);
	reply_free(r);
	reply_framer_free(&f);
}

Test(reply, finish_returns_dangling_reply)
{
	struct parsed p;
	parse("250-x\r\n250-y", 12, 0, &p, true);
	cr_assert_eq(p.n, 1);
	cr_assert(p.r[0]->flags & RF_MALFORMED);
	cr_assert(p.r[0]->flags & RF_INCOMPLETE);
	cr_assert_eq(p.r[0]->nlines, 2);
	struct buf b;
	buf_init(&b, 0);
	reply_describe_flags(&b, p.r[0]->flags);
	cr_assert(strstr(b.data, "closed in the middle"), "%s", b.data);
	cr_assert_null(strstr(b.data, "malformed"), "its lines were well-formed: %s", b.data);
	buf_free(&b);
	release(&p);
}

Test(reply, enhanced_codes)
{
	struct enh_code e;
	cr_assert_eq(enh_parse("5.7.8 Error", 11, &e), 5);
	cr_assert_eq(e.cls, 5);
	cr_assert_eq(e.subject, 7);
	cr_assert_eq(e.detail, 8);
	cr_assert_eq(enh_parse("4.7.30", 6, &e), 6);
	cr_assert_eq(e.detail, 30);
	cr_assert_eq(enh_parse("2.0.0", 5, &e), 5);
	cr_assert_eq(enh_parse("3.0.0 x", 7, &e), 0, "class 3 does not exist");
	cr_assert_eq(enh_parse("5.7.1234 x", 10, &e), 0);
	cr_assert_eq(enh_parse("5..8 x", 6, &e), 0);
	cr_assert_eq(enh_parse("5.7.8x", 6, &e), 0);
	cr_assert_eq(enh_parse("5.7", 3, &e), 0);
}

Test(reply, enhanced_class_mismatch_flagged)
{
	struct parsed p;
	const char s[] = "550 2.1.5 ok?\r\n";
	parse(s, strlen(s), 0, &p, false);
	cr_assert(p.r[0]->flags & RF_ENH_MISMATCH);
	release(&p);
}

Test(reply, describe_flags)
{
	struct buf b;
	buf_init(&b, 0);
	reply_describe_flags(&b, RF_BARE_LF | RF_MALFORMED);
	cr_assert(strstr(b.data, "bare LF"));
	cr_assert(strstr(b.data, "malformed"));
	buf_free(&b);
}
