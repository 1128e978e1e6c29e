/* DANE for SMTP (RFC 7672), the pure part: the TLSA name, which records
 * an SMTP client may use (§3.1.3: not PKIX-TA/PKIX-EE), the result from
 * the lookup and the match, and its wording: only a validated match is
 * "DANE OK". */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/dane.h"

/* RFC 7671 §5.1's example style: 3 1 1 and a SHA-256 digest. */
static void add(struct dane_set *s, unsigned u, unsigned sel, unsigned mt, size_t len)
{
	uint8_t rdata[3 + 64];
	rdata[0] = (uint8_t)u;
	rdata[1] = (uint8_t)sel;
	rdata[2] = (uint8_t)mt;
	for (size_t i = 0; i < len && i < 64; i++)
		rdata[3 + i] = (uint8_t)(0xa0 + i);
	dane_set_add(s, rdata, 3 + len);
}

Test(dane, mode_names)
{
	cr_assert_eq(dane_mode_parse(NULL), DANE_AUTO);
	cr_assert_eq(dane_mode_parse("auto"), DANE_AUTO);
	cr_assert_eq(dane_mode_parse("require"), DANE_REQUIRE);
	cr_assert_eq(dane_mode_parse("off"), DANE_OFF);
	cr_assert_eq(dane_mode_parse("yes"), -1);
	cr_assert_eq(dane_mode_parse(""), -1);
}

Test(dane, tlsa_name_rfc7672_section_2_2)
{
	char q[300];
	cr_assert_eq(dane_qname("mx.example.com", "25", q, sizeof q), 0);
	cr_assert_str_eq(q, "_25._tcp.mx.example.com");
	cr_assert_eq(dane_qname("mx.example.com.", "587", q, sizeof q), 0, "the root dot goes");
	cr_assert_str_eq(q, "_587._tcp.mx.example.com");
	cr_assert_eq(dane_qname("mx.example.com", "25", q, 10), -1, "does not fit");
	cr_assert_eq(dane_qname("", "25", q, sizeof q), -1);
}

Test(dane, only_dane_ta_and_dane_ee_are_usable_for_smtp)
{
	struct dane_set s = {0};
	add(&s, 3, 1, 1, 32); /* DANE-EE SPKI SHA-256 */
	add(&s, 2, 0, 1, 32); /* DANE-TA Cert SHA-256 */
	add(&s, 1, 1, 1, 32); /* PKIX-EE: unusable (§3.1.3) */
	add(&s, 0, 0, 1, 32); /* PKIX-TA: unusable */
	add(&s, 3, 1, 1, 31); /* a SHA-256 of 31 bytes: malformed */
	add(&s, 3, 2, 1, 32); /* selector 2: malformed */
	add(&s, 2, 0, 0, 40); /* a full certificate: any length */
	cr_assert_eq(s.n, 7);
	cr_assert_eq(s.usable, 3);
	bool want[] = {true, true, false, false, false, false, true};
	for (size_t i = 0; i < s.n; i++)
		cr_assert_eq(s.rec[i].usable, want[i], "record %zu", i);
	cr_assert(s.rec[4].malformed && s.rec[5].malformed && !s.rec[2].malformed);
	cr_assert_eq(s.rec[0].len, 32);
	cr_assert_eq(s.rec[0].data[0], 0xa0);
	cr_assert(dane_usage_usable(2) && dane_usage_usable(3));
	cr_assert(!dane_usage_usable(0) && !dane_usage_usable(1) && !dane_usage_usable(4));
	dane_set_free(&s);
	cr_assert_eq(s.n, 0);
}

Test(dane, a_record_too_short_is_kept_as_malformed)
{
	struct dane_set s = {0};
	const uint8_t two[] = {3, 1};
	dane_set_add(&s, two, sizeof two);
	cr_assert_eq(s.n, 1);
	cr_assert(s.rec[0].malformed && !s.rec[0].usable);
	cr_assert_eq(s.usable, 0);
	dane_set_free(&s);
}

Test(dane, judged_from_lookup_and_match)
{
	struct dane_set s = {.status = DANE_L_FOUND};
	add(&s, 3, 1, 1, 32);
	cr_assert_eq(dane_judge(&s, true, true, 0), DANE_R_OFF);
	cr_assert_eq(dane_judge(&s, false, true, 0), DANE_R_MATCH_UNVALIDATED);
	cr_assert_eq(dane_judge(&s, false, true, -1), DANE_R_NO_MATCH_UNVALIDATED);
	cr_assert_eq(dane_judge(&s, false, false, -1), DANE_R_NOT_CHECKED);
	cr_assert(!dane_enforced(&s), "unvalidated records never decide");
	s.validated = true;
	cr_assert(dane_enforced(&s));
	cr_assert_eq(dane_judge(&s, false, true, 0), DANE_R_AUTHENTICATED);
	cr_assert_eq(dane_judge(&s, false, true, -1), DANE_R_NO_MATCH);
	dane_set_free(&s);

	struct dane_set pkix = {.status = DANE_L_FOUND, .validated = true};
	add(&pkix, 1, 1, 1, 32);
	cr_assert_eq(dane_judge(&pkix, false, true, -1), DANE_R_UNUSABLE);
	cr_assert(!dane_enforced(&pkix), "no usable record: the WebPKI decides");
	dane_set_free(&pkix);

	struct dane_set none = {.status = DANE_L_NONE, .validated = true};
	cr_assert_eq(dane_judge(&none, false, true, -1), DANE_R_NONE);
	cr_assert_eq(dane_judge(NULL, false, true, -1), DANE_R_NONE);
	struct dane_set failed = {.status = DANE_L_FAILED};
	cr_assert_eq(dane_judge(&failed, false, true, -1), DANE_R_LOOKUP_FAILED);
}

Test(dane, only_a_validated_match_is_dane_ok)
{
	for (int r = DANE_R_OFF; r <= DANE_R_NO_MATCH_UNVALIDATED; r++) {
		const char *t = dane_result_text((enum dane_result)r);
		bool ok = dane_result_authenticated((enum dane_result)r);
		cr_assert_eq(strstr(t, "DANE OK") != NULL, ok, "%s", t);
		cr_assert_eq(ok, r == DANE_R_AUTHENTICATED);
	}
	cr_assert_str_eq(dane_result_text(DANE_R_MATCH_UNVALIDATED),
			 "TLSA present and matching, but NOT validated by DNSSEC: not "
			 "DANE-authenticated");
	cr_assert_str_eq(dane_result_key(DANE_R_MATCH_UNVALIDATED), "matching-not-validated");
	cr_assert_str_eq(dane_result_key(DANE_R_AUTHENTICATED), "authenticated");
	cr_assert_str_eq(dane_result_key(DANE_R_NO_MATCH), "no-match");
	cr_assert_str_eq(dane_result_key(DANE_R_UNUSABLE), "unusable");
}

Test(dane, lookup_described_record_by_record)
{
	struct dane_set s = {.status = DANE_L_FOUND, .qname = "_25._tcp.mx.example"};
	add(&s, 3, 1, 1, 32);
	add(&s, 1, 1, 1, 32);
	struct buf b;
	buf_init(&b, 0);
	dane_describe_lookup(&s, &b);
	cr_assert(strstr(b.data, "DANE: 2 TLSA records at _25._tcp.mx.example, NOT validated by "
				 "DNSSEC (no AD bit from the resolver)\n"), "%s", b.data);
	cr_assert(strstr(b.data, "DANE:   3 1 1 a0a1a2a3"), "%s", b.data);
	cr_assert(strstr(b.data, "DANE-EE(3) SPKI(1) SHA2-256(1)\n"), "%s", b.data);
	cr_assert(strstr(b.data, "PKIX-EE(1) SPKI(1) SHA2-256(1): PKIX-TA(0) and PKIX-EE(1) are "
				 "unusable for SMTP (RFC 7672 §3.1.3)"), "%s", b.data);
	buf_reset(&b);
	s.validated = true;
	dane_describe_lookup(&s, &b);
	cr_assert(strstr(b.data, "validated by DNSSEC (the resolver set the AD bit)"), "%s", b.data);
	buf_free(&b);
	dane_set_free(&s);
}

Test(dane, outcome_names_the_record_and_depth)
{
	struct dane_set s = {.status = DANE_L_FOUND, .validated = true};
	add(&s, 2, 0, 0, 40);
	add(&s, 3, 1, 1, 32);
	struct buf b;
	buf_init(&b, 0);
	struct dane_outcome o = {.result = DANE_R_AUTHENTICATED, .matched = 1, .depth = 0};
	dane_describe_outcome(&s, &o, &b);
	cr_assert(strstr(b.data, "DANE: DANE OK"), "%s", b.data);
	cr_assert(strstr(b.data, "DANE: matched 3 1 1 a0a1"), "%s", b.data);
	cr_assert(strstr(b.data, "with the server's own certificate (depth 0)"), "%s", b.data);
	cr_assert(strstr(b.data, "its name and expiry are not checked"), "%s", b.data);
	buf_reset(&b);
	o = (struct dane_outcome){.result = DANE_R_AUTHENTICATED, .matched = 0, .depth = 1};
	dane_describe_outcome(&s, &o, &b);
	cr_assert(strstr(b.data, "with the certificate at depth 1 of the chain"), "%s", b.data);
	cr_assert(strstr(b.data, "...") != NULL, "40 bytes shown shortened: %s", b.data);
	cr_assert(strstr(b.data, "the name is checked against the MX host name"), "%s", b.data);
	buf_reset(&b);
	o = (struct dane_outcome){.result = DANE_R_MATCH_UNVALIDATED, .matched = 1, .depth = 0};
	dane_describe_outcome(&s, &o, &b);
	cr_assert(!strstr(b.data, "DANE OK"), "%s", b.data);
	cr_assert(!strstr(b.data, "not checked"), "no RFC 7672 leniency without DNSSEC: %s", b.data);
	buf_free(&b);
	dane_set_free(&s);
}

/* RFC 7672 §2.2.1: validated records of a host an unvalidated MX answer
 * named do not authenticate it; the description says why. */
Test(dane, an_insecure_mx_answer_makes_the_records_count_as_unvalidated)
{
	struct dane_set s = {.status = DANE_L_FOUND, .validated = true};
	snprintf(s.qname, sizeof s.qname, "_25._tcp.mx.example.org");
	add(&s, 3, 1, 1, 32);
	dane_mx_security(&s, true);
	cr_assert(dane_enforced(&s), "a secure MX answer changes nothing");
	dane_mx_security(&s, false);
	cr_assert(!dane_enforced(&s));
	cr_assert(s.mx_insecure);
	cr_assert_eq(dane_judge(&s, false, true, 0), DANE_R_MATCH_UNVALIDATED);
	struct buf b;
	buf_init(&b, 0);
	dane_describe_lookup(&s, &b);
	cr_assert(strstr(b.data, "MX answer that named this host was NOT"), "%s", b.data);
	buf_free(&b);
	dane_set_free(&s);
	/* Unvalidated records stay unvalidated, with no word about the MX. */
	struct dane_set u = {.status = DANE_L_FOUND};
	add(&u, 3, 1, 1, 32);
	dane_mx_security(&u, false);
	cr_assert_not(u.mx_insecure);
	dane_set_free(&u);
}
