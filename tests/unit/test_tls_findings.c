/* tls-report's findings from facts alone: each problem found, rated and
 * explained; a clean server gets no problem; the JSON stays well-formed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/tls_report.h"

static struct tls_cert_facts certs[3];
static struct tls_report_facts f;
static struct tls_finding fi[TLS_REPORT_MAX_FINDINGS];

/* A sound server: TLS 1.2 and 1.3, an EC leaf under an RSA intermediate,
 * the name fits, stapled. */
static void sound(void)
{
	memset(&f, 0, sizeof f);
	memset(certs, 0, sizeof certs);
	static const char *const names[] = {"1.0", "1.1", "1.2", "1.3"};
	for (int i = 0; i < TLS_REPORT_NVERSIONS; i++)
		f.v[i].name = names[i];
	f.v[0].result = f.v[1].result = TLS_PROBE_REFUSED;
	f.v[2].result = f.v[3].result = TLS_PROBE_ACCEPTED;
	strcpy(f.v[2].cipher, "ECDHE-RSA-AES256-GCM-SHA384");
	strcpy(f.v[3].cipher, "TLS_AES_256_GCM_SHA384");
	strcpy(certs[0].subject, "CN=mail.example.org");
	strcpy(certs[0].issuer, "CN=Intermediate");
	strcpy(certs[0].sans, "DNS:mail.example.org");
	strcpy(certs[0].not_after, "2030-01-01 00:00:00 UTC");
	certs[0].days_left = 300;
	strcpy(certs[0].key_type, "EC");
	certs[0].key_bits = 256;
	strcpy(certs[0].signature, "sha256WithRSAEncryption");
	strcpy(certs[1].subject, "CN=Intermediate");
	strcpy(certs[1].issuer, "CN=Root");
	certs[1].days_left = 900;
	strcpy(certs[1].key_type, "RSA");
	certs[1].key_bits = 4096;
	strcpy(certs[1].signature, "sha256WithRSAEncryption");
	f.certs = certs;
	f.ncerts = 2;
	f.chain = TLS_CHAIN_TRUSTED;
	f.name = "mail.example.org";
	f.name_ok = true;
	f.ocsp_stapled = true;
	f.host = "mail.example.org";
	f.port = "25";
}

static size_t judge(void)
{
	return tls_report_judge(&f, fi, TLS_REPORT_MAX_FINDINGS);
}

static const struct tls_finding *find(size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(fi[i].code, code))
			return &fi[i];
	return NULL;
}

static int worst(size_t n)
{
	int w = TLS_RATE_OK;
	for (size_t i = 0; i < n; i++)
		if (fi[i].rating > w)
			w = fi[i].rating;
	return w;
}

Test(tls_findings, a_sound_server_has_no_warning)
{
	sound();
	size_t n = judge();
	cr_assert_eq(worst(n), TLS_RATE_OK);
	cr_assert(find(n, "chain-trusted"));
	cr_assert(find(n, "name-ok"));
	cr_assert(find(n, "tls13"));
}

Test(tls_findings, expired_leaf_is_a_problem_with_its_date)
{
	sound();
	certs[0].expired = true;
	certs[0].days_left = -3;
	strcpy(certs[0].not_after, "2020-01-01 00:00:00 UTC");
	f.chain = TLS_CHAIN_CERT_PROBLEM;
	size_t n = judge();
	const struct tls_finding *e = find(n, "expired");
	cr_assert(e);
	cr_assert_eq(e->rating, TLS_RATE_PROBLEM);
	cr_assert(strstr(e->text, "2020-01-01"));
	cr_assert(strstr(e->text, "certificate 1 (CN=mail.example.org)"));
	cr_assert_not(find(n, "chain-trusted"));
	cr_assert_eq(fi[0].rating, TLS_RATE_PROBLEM, "worst first");
}

Test(tls_findings, expiring_within_two_weeks_warns)
{
	sound();
	certs[0].days_left = 13;
	size_t n = judge();
	cr_assert_eq(find(n, "expires-soon")->rating, TLS_RATE_WARNING);
	certs[0].days_left = 14;
	n = judge();
	cr_assert_null(find(n, "expires-soon"));
}

Test(tls_findings, weak_keys_by_type)
{
	sound();
	strcpy(certs[0].key_type, "RSA");
	certs[0].key_bits = 1024;
	size_t n = judge();
	const struct tls_finding *w = find(n, "weak-key");
	cr_assert(w);
	cr_assert_eq(w->rating, TLS_RATE_PROBLEM);
	cr_assert(strstr(w->text, "1024-bit RSA"));
	certs[0].key_bits = 2048;
	cr_assert_null(find(judge(), "weak-key"));
	strcpy(certs[0].key_type, "EC");
	certs[0].key_bits = 192;
	cr_assert(find(judge(), "weak-key"));
	strcpy(certs[0].key_type, "ED25519");
	certs[0].key_bits = 256;
	cr_assert_null(find(judge(), "weak-key"));
}

Test(tls_findings, sha1_counts_except_on_a_root)
{
	sound();
	certs[1].sig_weak_hash = true;
	strcpy(certs[1].signature, "sha1WithRSAEncryption");
	size_t n = judge();
	const struct tls_finding *s = find(n, "sha1-signature");
	cr_assert(s);
	cr_assert(strstr(s->text, "certificate 2 (CN=Intermediate)"));
	certs[1].self_issued = true; /* a root's own signature is never checked */
	cr_assert_null(find(judge(), "sha1-signature"));
}

Test(tls_findings, missing_intermediate_names_the_issuer)
{
	sound();
	f.ncerts = 1;
	f.chain = TLS_CHAIN_MISSING_INTERMEDIATE;
	size_t n = judge();
	const struct tls_finding *m = find(n, "missing-intermediate");
	cr_assert(m);
	cr_assert_eq(m->rating, TLS_RATE_PROBLEM);
	cr_assert(strstr(m->text, "\"CN=Intermediate\""));
}

Test(tls_findings, name_mismatch_lists_the_names)
{
	sound();
	f.name = "192.0.2.1";
	f.name_ok = false;
	size_t n = judge();
	const struct tls_finding *m = find(n, "name-mismatch");
	cr_assert(m);
	cr_assert(strstr(m->text, "\"192.0.2.1\""));
	cr_assert(strstr(m->text, "DNS:mail.example.org"));
	cr_assert_null(find(n, "name-ok"));
}

Test(tls_findings, old_versions_and_ciphers)
{
	sound();
	f.v[0].result = TLS_PROBE_ACCEPTED;
	f.v[3].result = TLS_PROBE_REFUSED;
	strcpy(f.v[2].cipher, "AES256-SHA");
	size_t n = judge();
	cr_assert_eq(find(n, "old-tls")->rating, TLS_RATE_WARNING);
	cr_assert_eq(find(n, "no-tls13")->rating, TLS_RATE_NOTE);
	cr_assert(find(n, "no-forward-secrecy"));
	cr_assert(find(n, "weak-cipher"));
	/* Unknown is not refused: no finding about TLS 1.3 either way. */
	f.v[3].result = TLS_PROBE_UNKNOWN;
	n = judge();
	cr_assert_null(find(n, "no-tls13"));
	cr_assert_null(find(n, "tls13"));
	f.v[2].result = f.v[3].result = TLS_PROBE_REFUSED;
	cr_assert_eq(find(judge(), "no-modern-tls")->rating, TLS_RATE_PROBLEM);
}

Test(tls_findings, no_staple_is_a_note)
{
	sound();
	f.ocsp_stapled = false;
	cr_assert_eq(find(judge(), "no-ocsp-staple")->rating, TLS_RATE_NOTE);
}

Test(tls_findings, resumption)
{
	sound();
	cr_assert_null(find(judge(), "no-resumption"), "untried says nothing");
	f.resumption = TLS_PROBE_REFUSED;
	cr_assert_eq(find(judge(), "no-resumption")->rating, TLS_RATE_NOTE);
	f.resumption = TLS_PROBE_ACCEPTED;
	size_t n = judge();
	cr_assert_null(find(n, "no-resumption"));
	cr_assert_eq(find(n, "resumption")->rating, TLS_RATE_OK);
}

Test(tls_findings, the_list_is_bounded)
{
	sound();
	certs[0].expired = certs[1].expired = true;
	certs[0].sig_weak_hash = certs[1].sig_weak_hash = true;
	cr_assert_eq(tls_report_judge(&f, fi, 3), 3);
}

Test(tls_findings, json_is_one_object_with_escaped_text)
{
	sound();
	strcpy(certs[0].subject, "CN=\"quoted\"\\x");
	certs[0].expired = true;
	size_t n = judge();
	struct buf b;
	buf_init(&b, 0);
	tls_report_json(&f, fi, n, &b);
	cr_assert(strstr(b.data, "\"subject\":\"CN=\\\"quoted\\\"\\\\x\""), "%s", b.data);
	cr_assert(strstr(b.data, "{\"rating\":\"problem\",\"code\":\"expired\""), "%s", b.data);
	cr_assert(strstr(b.data, "{\"version\":\"1.3\",\"result\":\"accepted\""));
	cr_assert(strstr(b.data, "\"ocsp_stapled\":true,\"resumption\":\"untried\",\"findings\":["),
		  "%s", b.data);
	cr_assert_eq(b.data[b.len - 1], '\n');
	cr_assert_eq(strchr(b.data, '\n'), b.data + b.len - 1, "one line");
	buf_free(&b);
}

Test(tls_findings, text_has_every_section_and_a_verdict)
{
	sound();
	f.ocsp_stapled = false;
	size_t n = judge();
	struct buf b;
	buf_init(&b, 0);
	tls_report_text(&f, fi, n, &b);
	cr_assert(strstr(b.data, "  TLS 1.3  accepted  TLS_AES_256_GCM_SHA384"), "%s", b.data);
	cr_assert(strstr(b.data, "  TLS 1.0  refused"));
	cr_assert(strstr(b.data, "  1. subject: CN=mail.example.org"));
	cr_assert(strstr(b.data, "[note] the server staples no OCSP response"));
	cr_assert(strstr(b.data, "Verdict: note (problems: 0, warnings: 0, notes: 1)"));
	buf_free(&b);
}
