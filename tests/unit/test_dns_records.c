/* The DNS record parsers on RFC examples: SPF (RFC 7208 appendix A),
 * DMARC (RFC 7489 appendix B), TLSA (RFC 6698 §2.3, RFC 7672) and the DNS
 * message format with compressed names (RFC 1035 §4.1.4); the MX route from
 * an answer (RFC 5321 §5.1, RFC 7505 null MX). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/dns_records.h"

static int spf(const char *s, struct spf_record *r)
{
	return spf_parse(s, strlen(s), r);
}

Test(spf, rfc7208_examples_parse_with_their_lookup_counts)
{
	struct spf_record r;
	cr_assert_eq(spf("v=spf1 +all", &r), 0);
	cr_assert_eq(r.all, '+');
	cr_assert_eq(r.lookups, 0);
	cr_assert_eq(spf("v=spf1 a -all", &r), 0);
	cr_assert_eq(r.lookups, 1);
	cr_assert_eq(r.all, '-');
	cr_assert_eq(spf("v=spf1 a:example.org -all", &r), 0);
	cr_assert_eq(spf("v=spf1 mx mx:deferrals.domain.com -all", &r), 0);
	cr_assert_eq(r.lookups, 2);
	cr_assert_eq(spf("v=spf1 ip4:192.0.2.0/24 mx -all", &r), 0);
	cr_assert_eq(r.lookups, 1);
	cr_assert_eq(r.nterms, 3);
	cr_assert_eq(spf("v=spf1 a/24 mx/24 ptr include:example.com ~all", &r), 0);
	cr_assert_eq(r.lookups, 4);
	cr_assert_eq(r.all, '~');
	cr_assert_eq(spf("v=spf1 redirect=_spf.example.com", &r), 0);
	cr_assert_not_null(r.redirect);
	cr_assert_eq(r.redirect->arg_len, strlen("_spf.example.com"));
	cr_assert_eq(r.lookups, 1);
	cr_assert_eq(r.all, 0);
	cr_assert_eq(spf("v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all", &r), 0);
	cr_assert_eq(spf("v=spf1 ?all exp=explain._spf.%{d}", &r), 0);
	cr_assert_eq(r.lookups, 0, "exp= costs no lookup when checking");
	cr_assert_eq(spf("V=SPF1 IP6:2001:db8::/32 -ALL", &r), 0, "case-insensitive");
	cr_assert_eq(r.all, '-');
}

Test(spf, errors_are_found_and_placed)
{
	struct spf_record r;
	cr_assert(spf_is_spf("v=spf1", 6));
	cr_assert_not(spf_is_spf("v=spf10 a", 9));
	cr_assert_not(spf_is_spf("spf2.0/pra a", 12));
	cr_assert_eq(spf("v=spf1 foo -all", &r), -1);
	cr_assert_eq(r.error_at, 7);
	cr_assert_eq(spf("v=spf1 include -all", &r), -1, "include needs a domain");
	cr_assert_eq(spf("v=spf1 ip4 -all", &r), -1);
	cr_assert_eq(spf("v=spf1 -all:x", &r), -1);
	cr_assert_eq(spf("v=spf1 redirect=a redirect=b", &r), -1);
	cr_assert_eq(spf("v=spf1 -redirect=a", &r), -1, "a modifier takes no qualifier");
	cr_assert_eq(spf("v=spf1 a\x01", &r), -1);
	cr_assert_eq(spf("v=spf1 include:a include:b include:c include:d include:e include:f "
			 "include:g include:h include:i include:j include:k",
			 &r),
		     0);
	cr_assert_eq(r.lookups, 11, "counted; the limit is the report's to judge");
}

static int dmarc(const char *s, struct dmarc_record *d)
{
	return dmarc_parse(s, strlen(s), d);
}

Test(dmarc, rfc7489_examples)
{
	struct dmarc_record d;
	cr_assert_eq(dmarc("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com", &d), 0);
	cr_assert_eq(d.p_len, 4);
	cr_assert_eq(d.rua_len, strlen("mailto:dmarc-feedback@example.com"));
	cr_assert_eq(d.adkim, 'r');
	cr_assert_eq(d.pct, 100);
	cr_assert_eq(dmarc("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com; "
			   "ruf=mailto:auth-reports@thirdparty.example.net; pct=25",
			   &d),
		     0);
	cr_assert_eq(d.pct, 25);
	cr_assert_not_null(d.ruf);
	cr_assert_eq(dmarc("v=DMARC1;p=reject;sp=none;adkim=s;aspf=s;fo=1", &d), 0);
	cr_assert_eq(d.adkim, 's');
	cr_assert_eq(d.aspf, 's');
	cr_assert_eq(d.sp_len, 4);
	cr_assert_eq(dmarc("v = DMARC1 ; p = reject ; unknown=ignored", &d), 0);
}

Test(dmarc, errors)
{
	struct dmarc_record d;
	cr_assert_eq(dmarc("p=reject; v=DMARC1", &d), -1, "v= must come first");
	cr_assert_eq(dmarc("v=DMARC1; rua=mailto:a@b", &d), -1, "no policy");
	cr_assert_eq(dmarc("v=DMARC1; p=block", &d), -1);
	cr_assert_eq(dmarc("v=DMARC1; p=none; pct=101", &d), -1);
	cr_assert_eq(dmarc("v=DMARC1; p=none; pct=", &d), -1);
	cr_assert_eq(dmarc("v=DMARC1; p=none; adkim=x", &d), -1);
	cr_assert_eq(dmarc("v=DMARC1; p=none; junk", &d), -1);
	cr_assert_not(dmarc_is_dmarc("v=DMARC10; p=none", 17));
}

Test(tlsa, rfc6698_and_rfc7672_records)
{
	/* RFC 6698 §2.3: "0 0 1 d2abde24..." (32 bytes of SHA-256). */
	uint8_t rd[3 + 64] = {3, 1, 1};
	struct tlsa_record t;
	cr_assert_eq(tlsa_parse(rd, 3 + 32, &t), 0);
	cr_assert_str_eq(tlsa_usage_name(t.usage), "DANE-EE(3)");
	cr_assert_str_eq(tlsa_selector_name(t.selector), "SPKI(1)");
	cr_assert_eq(t.len, 32);
	rd[2] = 2;
	cr_assert_eq(tlsa_parse(rd, 3 + 32, &t), -1, "SHA-512 needs 64 bytes");
	cr_assert_eq(tlsa_parse(rd, 3 + 64, &t), 0);
	rd[0] = 4;
	cr_assert_eq(tlsa_parse(rd, 3 + 64, &t), -1);
	cr_assert_eq(tlsa_parse(rd, 3, &t), -1, "no data");
	uint8_t full[] = {2, 0, 0, 0x30, 0x82};
	cr_assert_eq(tlsa_parse(full, sizeof full, &t), 0, "Full(0): any length");
}

/* A response to "MX example.com" with two answers whose names point back
 * into the question (RFC 1035 §4.1.4). */
static const uint8_t mx_answer[] = {
	0x12, 0x34, 0x81, 0xa0, 0, 1, 0, 2, 0, 0, 0, 0,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 15, 0, 1,
	0xc0, 12, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 7, 0, 10, 2, 'm', 'x', 0xc0, 12,
	0xc0, 12, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 1 + 3, 0, 0, 0, 0,
};

Test(dns_msg, header_answers_and_compressed_names)
{
	struct dns_msg m;
	cr_assert_eq(dns_msg_parse(mx_answer, sizeof mx_answer, &m), 0);
	cr_assert(m.ad);
	cr_assert_eq(m.rcode, 0);
	cr_assert_eq(m.an, 2);
	size_t off = m.an_off;
	unsigned i = 0, pref;
	struct dns_rr rr;
	char host[DNS_NAME_MAX];
	cr_assert_eq(dns_msg_next(&m, &off, &i, &rr), 1);
	cr_assert_str_eq(rr.owner, "example.com");
	cr_assert_eq(rr.ttl, 3600);
	cr_assert_eq(dns_rr_mx(&m, &rr, &pref, host), 0);
	cr_assert_eq(pref, 10);
	cr_assert_str_eq(host, "mx.example.com");
	/* The second is a null MX written badly (4 bytes of rdata for 3). */
	cr_assert_eq(dns_msg_next(&m, &off, &i, &rr), 1);
	cr_assert_eq(dns_rr_mx(&m, &rr, &pref, host), -1);
	cr_assert_eq(dns_msg_next(&m, &off, &i, &rr), 0);
}

Test(dns_msg, truncated_and_looping_messages_are_refused)
{
	struct dns_msg m;
	for (size_t n = 0; n < 29; n++)
		cr_assert_eq(dns_msg_parse(mx_answer, n, &m), -1, "cut at %zu", n);
	cr_assert_eq(dns_msg_parse(mx_answer, sizeof mx_answer - 1, &m), 0);
	size_t off = m.an_off;
	unsigned i = 0;
	struct dns_rr rr;
	cr_assert_eq(dns_msg_next(&m, &off, &i, &rr), 1);
	cr_assert_eq(dns_msg_next(&m, &off, &i, &rr), -1, "the last record is cut");
	const uint8_t loop[] = {0xc0, 0};
	char name[DNS_NAME_MAX];
	size_t end;
	cr_assert_eq(dns_name_read(loop, sizeof loop, 0, name, &end), -1);
}

Test(dns_msg, names_we_can_ask_for)
{
	char big[300];
	memset(big, 'a', sizeof big);
	for (size_t k = 63; k < sizeof big; k += 64)
		big[k] = '.';
	big[253] = 0;
	cr_assert(dns_name_ok(big), "253 characters");
	big[253] = 'a';
	big[254] = 0;
	cr_assert_not(dns_name_ok(big), "254 characters");
	cr_assert(dns_name_ok("example.org."));
	cr_assert_not(dns_name_ok("a..b"));
	cr_assert_not(dns_name_ok("a b"));
	cr_assert_not(dns_name_ok(""));
	memset(big, 'a', 64);
	big[64] = 0;
	cr_assert_not(dns_name_ok(big), "a label of 64");
}

#include "smtpdbg/mx_route.h"

/* A fixed "random" source: always the last candidate, so the shuffle's
 * result is known. */
static unsigned last(unsigned n, void *ctx)
{
	(*(int *)ctx)++;
	return n - 1;
}

static unsigned first(unsigned n, void *ctx)
{
	(void)n;
	(*(int *)ctx)++;
	return 0;
}

Test(mx_order, preference_first_and_only_equals_shuffled)
{
	struct mx_host h[] = {{30, "c"}, {10, "b"}, {20, "x"}, {10, "a"}, {10, "d"}};
	int calls = 0;
	mx_order(h, 5, last, &calls);
	/* The equals keep their sorted order when rnd always picks the last. */
	cr_assert_str_eq(h[0].name, "a");
	cr_assert_str_eq(h[1].name, "b");
	cr_assert_str_eq(h[2].name, "d");
	cr_assert_str_eq(h[3].name, "x");
	cr_assert_str_eq(h[4].name, "c");
	cr_assert_eq(calls, 2, "three equals need two draws; a single one none");
	calls = 0;
	mx_order(h, 5, first, &calls);
	/* Always the first: a rotation of the three equals, the rest in place. */
	cr_assert_str_eq(h[0].name, "b");
	cr_assert_str_eq(h[1].name, "d");
	cr_assert_str_eq(h[2].name, "a");
	cr_assert_eq(h[3].pref, 20);
	cr_assert_eq(h[4].pref, 30);
}

/* "MX example.com" answered: the header (rcode, answer count), the
 * question, then the answers given. */
static void answer(struct dns_answer *a, unsigned rcode, const uint8_t *an, size_t an_len,
		   unsigned n_an)
{
	static const uint8_t head[] = {
		0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 15, 0, 1,
	};
	memset(a, 0, sizeof *a);
	a->status = DNS_OK;
	a->len = sizeof head + an_len;
	a->buf = malloc(a->len);
	memcpy(a->buf, head, sizeof head);
	a->buf[3] = (uint8_t)(0x80 | rcode);
	a->buf[7] = (uint8_t)n_an;
	if (an_len)
		memcpy(a->buf + sizeof head, an, an_len);
}

Test(mx_route, rfc7505_null_mx_is_no_route)
{
	static const uint8_t null_mx[] = {0xc0, 12, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 3, 0, 0, 0};
	struct dns_answer a;
	struct mx_route r;
	struct buf why;
	buf_init(&why, 0);
	answer(&a, 0, null_mx, sizeof null_mx, 1);
	cr_assert_eq(mx_route_from_answer(&a, "example.com", &r, &why), -1);
	cr_assert(r.null_mx);
	cr_assert_eq(r.n, 0);
	cr_assert_str_eq(why.data, "example.com publishes a null MX (RFC 7505): this domain accepts "
				   "no mail");
	mx_route_free(&r);
	dns_answer_free(&a);
	buf_free(&why);
}

Test(mx_route, rfc5321_implicit_mx_and_the_hosts_in_order)
{
	struct dns_answer a;
	struct mx_route r;
	struct buf why;
	buf_init(&why, 0);
	answer(&a, 0, NULL, 0, 0); /* no MX: the domain itself (§5.1) */
	cr_assert_eq(mx_route_from_answer(&a, "example.com", &r, &why), 0);
	cr_assert(r.implicit);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.names[0], "example.com");
	mx_route_free(&r);
	dns_answer_free(&a);
	static const uint8_t two[] = {
		0xc0, 12, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 7, 0, 20, 2, 'm', '2', 0xc0, 12,
		0xc0, 12, 0, 15, 0, 1, 0, 0, 0x0e, 0x10, 0, 7, 0, 10, 2, 'm', '1', 0xc0, 12,
	};
	answer(&a, 0, two, sizeof two, 2);
	cr_assert_eq(mx_route_from_answer(&a, "example.com", &r, &why), 0);
	cr_assert_not(r.implicit);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.names[0], "m1.example.com", "preference 10 before 20");
	cr_assert_str_eq(r.names[1], "m2.example.com");
	mx_route_free(&r);
	dns_answer_free(&a);
	buf_free(&why);
}

Test(mx_route, nxdomain_and_no_answer_are_no_route)
{
	struct dns_answer a;
	struct mx_route r;
	struct buf why;
	buf_init(&why, 0);
	answer(&a, 3, NULL, 0, 0);
	cr_assert_eq(mx_route_from_answer(&a, "example.com", &r, &why), -1);
	cr_assert_str_eq(why.data, "the domain example.com does not exist (NXDOMAIN)");
	dns_answer_free(&a);
	buf_reset(&why);
	memset(&a, 0, sizeof a);
	a.status = DNS_TIMEOUT;
	snprintf(a.why, sizeof a.why, "no answer within 1000 ms");
	cr_assert_eq(mx_route_from_answer(&a, "example.com", &r, &why), -1);
	cr_assert_str_eq(why.data, "the MX lookup of example.com failed: no answer within 1000 ms");
	cr_assert_eq(r.n, 0);
	buf_free(&why);
}
