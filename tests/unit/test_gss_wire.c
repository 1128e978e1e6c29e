/* GSSAPI without the library: the RFC 4752 §3.1 security-layer message,
 * the RFC 2743 §3.1 token framing with the Kerberos OID (RFC 4121 §4.1
 * TOK_IDs, RFC 4121 §4.2.6.2 Wrap tokens), the GSS major status words
 * (RFC 2744 §3.9.1) and the common krb5 minor codes with their advice;
 * and the mechanism's seam: registered, found by name, failing with the
 * cause when there is no ticket. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/gss_wire.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/sasl_gssapi.h"

Test(gss_seclayer, parse_server_offer)
{
	/* Dovecot's offer: only "no security layer", 0xffffff octets. */
	static const uint8_t m[] = {0x01, 0xff, 0xff, 0xff};
	struct gss_seclayer sl;
	cr_assert_eq(gss_seclayer_parse(m, 4, &sl), 0);
	cr_assert_eq(sl.layers, GSS_LAYER_NONE);
	cr_assert_eq(sl.max_size, 0xffffffu);
	static const uint8_t all[] = {0x07, 0x00, 0x10, 0x00};
	cr_assert_eq(gss_seclayer_parse(all, 4, &sl), 0);
	cr_assert_eq(sl.layers, 7);
	cr_assert_eq(sl.max_size, 4096u);
}

Test(gss_seclayer, parse_refuses_other_lengths)
{
	static const uint8_t m[] = {0x01, 0, 0, 0, 0};
	struct gss_seclayer sl;
	cr_assert_eq(gss_seclayer_parse(m, 3, &sl), -1);
	cr_assert_eq(gss_seclayer_parse(m, 5, &sl), -1);
	cr_assert_eq(gss_seclayer_parse(NULL, 4, &sl), -1);
}

Test(gss_seclayer, reply_no_layer_with_and_without_authzid)
{
	struct buf b;
	buf_init(&b, 0);
	cr_assert_eq(gss_seclayer_reply(GSS_LAYER_NONE, 0, NULL, &b), 0);
	cr_assert_eq(b.len, 4);
	cr_assert_eq(memcmp(b.data, "\x01\x00\x00\x00", 4), 0);
	buf_reset(&b);
	cr_assert_eq(gss_seclayer_reply(GSS_LAYER_NONE, 0, "alice", &b), 0);
	cr_assert_eq(b.len, 9);
	cr_assert_eq(memcmp(b.data, "\x01\x00\x00\x00" "alice", 9), 0);
	buf_reset(&b);
	cr_assert_eq(gss_seclayer_reply(GSS_LAYER_INTEGRITY, 0x010203, "", &b), 0);
	cr_assert_eq(memcmp(b.data, "\x02\x01\x02\x03", 4), 0);
	cr_assert_eq(gss_seclayer_reply(GSS_LAYER_NONE, 0x1000000, NULL, &b), -1);
	buf_free(&b);
}

Test(gss_seclayer, names)
{
	struct buf b;
	buf_init(&b, 0);
	gss_seclayer_names(0x07, &b);
	cr_assert_str_eq(b.data, "no security layer, integrity protection, confidentiality "
				 "protection");
	buf_reset(&b);
	gss_seclayer_names(0x00, &b);
	cr_assert_str_eq(b.data, "none at all");
	buf_reset(&b);
	gss_seclayer_names(0x81, &b);
	cr_assert_str_eq(b.data, "no security layer, unknown bits 0x80");
	buf_free(&b);
}

/* 60 len 06 09 <1.2.840.113554.1.2.2> then the inner token. */
static size_t token(uint8_t *out, const uint8_t *inner, size_t n)
{
	static const uint8_t oid[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02};
	size_t body = sizeof oid + n, i = 0;
	out[i++] = 0x60;
	if (body < 0x80) {
		out[i++] = (uint8_t)body;
	} else {
		out[i++] = 0x82;
		out[i++] = (uint8_t)(body >> 8);
		out[i++] = (uint8_t)body;
	}
	memcpy(out + i, oid, sizeof oid);
	memcpy(out + i + sizeof oid, inner, n);
	return i + body;
}

Test(gss_token, ap_req_with_long_length)
{
	uint8_t inner[700] = {0x01, 0x00, 0x6e, 0x82}, tok[800];
	size_t n = token(tok, inner, sizeof inner);
	struct gss_token_info t;
	gss_token_describe(tok, n, &t);
	cr_assert_eq(t.kind, GSS_TOK_INITIAL);
	cr_assert(t.krb5);
	cr_assert_str_eq(t.oid, "1.2.840.113554.1.2.2");
	cr_assert_eq(t.msg, GSS_KRB_AP_REQ);
	cr_assert_eq(t.header, 15);
	cr_assert_eq(t.inner, 700);
	cr_assert_eq(t.total, 715);
	struct buf b;
	buf_init(&b, 0);
	gss_token_words(&t, &b);
	cr_assert(strstr(b.data, "715 bytes; mechanism 1.2.840.113554.1.2.2 (Kerberos V5)"));
	cr_assert(strstr(b.data, "header 15 bytes, inner token 700 bytes"));
	cr_assert(strstr(b.data, "TOK_ID 01 00, AP-REQ"));
	buf_free(&b);
}

Test(gss_token, ap_rep_and_krb_error)
{
	uint8_t tok[64];
	static const uint8_t rep[] = {0x02, 0x00, 0x6f, 0x00};
	struct gss_token_info t;
	gss_token_describe(tok, token(tok, rep, sizeof rep), &t);
	cr_assert_eq(t.msg, GSS_KRB_AP_REP);
	cr_assert_eq(t.header, 13);
	static const uint8_t err[] = {0x03, 0x00, 0x7e, 0x00};
	gss_token_describe(tok, token(tok, err, sizeof err), &t);
	cr_assert_eq(t.msg, GSS_KRB_ERROR);
	static const uint8_t other[] = {0x04, 0x04};
	gss_token_describe(tok, token(tok, other, sizeof other), &t);
	cr_assert_eq(t.msg, GSS_KRB_OTHER);
}

Test(gss_token, wrap_token)
{
	/* RFC 4121 §4.2.6.2: 05 04, flags, filler ff, EC, RRC, SND_SEQ. */
	static const uint8_t w[32] = {0x05, 0x04, 0x05, 0xff, 0x00, 0x0c};
	struct gss_token_info t;
	gss_token_describe(w, sizeof w, &t);
	cr_assert_eq(t.kind, GSS_TOK_WRAP);
	cr_assert_eq(t.inner, 16);
	static const uint8_t mic[16] = {0x04, 0x04};
	gss_token_describe(mic, sizeof mic, &t);
	cr_assert_eq(t.kind, GSS_TOK_MIC);
}

Test(gss_token, lies_and_garbage_are_unknown)
{
	uint8_t tok[64];
	static const uint8_t rep[] = {0x02, 0x00};
	size_t n = token(tok, rep, sizeof rep);
	struct gss_token_info t;
	tok[1] += 1; /* a length past the end */
	gss_token_describe(tok, n, &t);
	cr_assert_eq(t.kind, GSS_TOK_UNKNOWN);
	tok[1] -= 2; /* a length short of the end */
	gss_token_describe(tok, n, &t);
	cr_assert_eq(t.kind, GSS_TOK_UNKNOWN);
	static const uint8_t junk[] = "\x1b[2J not a token";
	gss_token_describe(junk, sizeof junk - 1, &t);
	cr_assert_eq(t.kind, GSS_TOK_UNKNOWN);
	static const uint8_t longlen[] = {0x60, 0x85, 1, 2, 3, 4, 5, 6};
	gss_token_describe(longlen, sizeof longlen, &t);
	cr_assert_eq(t.kind, GSS_TOK_UNKNOWN);
	gss_token_describe(NULL, 0, &t);
	cr_assert_eq(t.kind, GSS_TOK_UNKNOWN);
	/* An OID whose last byte says "more follows". */
	static const uint8_t badoid[] = {0x60, 0x04, 0x06, 0x02, 0x2a, 0x86};
	gss_token_describe(badoid, sizeof badoid, &t);
	cr_assert_eq(t.kind, GSS_TOK_UNKNOWN);
	struct buf b;
	buf_init(&b, 0);
	gss_token_words(&t, &b);
	cr_assert(strstr(b.data, "not a framing GSSAPI uses"));
	buf_free(&b);
}

Test(gss_token, spnego_oid_named)
{
	static const uint8_t sp[] = {0x60, 0x0a, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02,
				     0xa0, 0x00};
	struct gss_token_info t;
	gss_token_describe(sp, sizeof sp, &t);
	cr_assert_eq(t.kind, GSS_TOK_INITIAL);
	cr_assert_str_eq(t.oid, "1.3.6.1.5.5.2");
	cr_assert_not(t.krb5);
	struct buf b;
	buf_init(&b, 0);
	gss_token_words(&t, &b);
	cr_assert(strstr(b.data, "(SPNEGO)"));
	buf_free(&b);
}

Test(gss_status, major_words)
{
	struct buf b;
	buf_init(&b, 0);
	gss_major_words(0x00070000u, &b); /* GSS_S_NO_CRED */
	cr_assert(!strncmp(b.data, "GSS_S_NO_CRED: ", 15));
	buf_reset(&b);
	gss_major_words(0x000d0000u, &b);
	cr_assert(!strncmp(b.data, "GSS_S_FAILURE: ", 15));
	buf_reset(&b);
	gss_major_words(0x01090001u, &b); /* calling, routine and CONTINUE_NEEDED */
	cr_assert(strstr(b.data, "GSS_S_CALL_INACCESSIBLE_READ"));
	cr_assert(strstr(b.data, "GSS_S_DEFECTIVE_TOKEN"));
	cr_assert(strstr(b.data, "GSS_S_CONTINUE_NEEDED"));
	cr_assert_neq(b.data[b.len - 1], '\n');
	buf_reset(&b);
	gss_major_words(0, &b);
	cr_assert(!strncmp(b.data, "GSS_S_COMPLETE", 14));
	buf_reset(&b);
	gss_major_words(0x00ff0000u, &b);
	cr_assert(strstr(b.data, "routine error 255 (unknown)"));
	buf_free(&b);
}

Test(gss_status, common_minor_codes_and_advice)
{
	/* MIT krb5's com_err values (krb5.h). */
	const struct gss_minor_help *h = gss_minor_find(-1765328347); /* skew */
	cr_assert_not_null(h);
	cr_assert_str_eq(h->name, "KRB5KRB_AP_ERR_SKEW");
	cr_assert(strstr(h->advice, "time sync"));
	h = gss_minor_find(-1765328377);
	cr_assert_str_eq(h->name, "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN");
	cr_assert(strstr(h->advice, "--gss-service"));
	h = gss_minor_find(-1765328352);
	cr_assert_str_eq(h->name, "KRB5KRB_AP_ERR_TKT_EXPIRED");
	cr_assert(strstr(h->advice, "kinit"));
	h = gss_minor_find(-1765328189);
	cr_assert_str_eq(h->name, "KRB5_FCC_NOFILE");
	cr_assert(strstr(h->advice, "kinit -k -t KEYTAB PRINCIPAL"));
	cr_assert_str_eq(gss_minor_find(-1765328243)->name, "KRB5_CC_NOTFOUND");
	cr_assert_str_eq(gss_minor_find(-1765328228)->name, "KRB5_KDC_UNREACH");
	cr_assert_str_eq(gss_minor_find(-1765328316)->name, "KRB5KDC_ERR_WRONG_REALM");
	cr_assert_str_eq(gss_minor_find(1859794437)->name, "KRB5 ASN.1");
	cr_assert_null(gss_minor_find(0));
	cr_assert_null(gss_minor_find(12345));
	cr_assert(strstr(gss_major_advice(0x00070000u), "klist"));
	cr_assert(strstr(gss_major_advice(0x000b0000u), "kinit"));
	cr_assert_null(gss_major_advice(0x000d0000u));
}

Test(gss_mech, registered_and_found)
{
	sasl_gssapi_register();
	sasl_gssapi_register(); /* once only */
	const struct sasl_mech *m = sasl_find("gssapi");
	cr_assert_eq(m, &sasl_mech_gssapi);
	cr_assert(m->kerberos);
	cr_assert_not(m->needs_password);
	cr_assert_not(m->reveals_password);
	cr_assert(m->client_first);
	size_t seen = 0, i;
	const struct sasl_mech *const *all = sasl_all();
	for (i = 0; all[i]; i++) {
		seen += all[i] == m;
		if (i)
			cr_assert_geq(all[i - 1]->rank, all[i]->rank, "not ranked at %zu", i);
	}
	cr_assert_eq(seen, 1);
}

Test(gss_mech, no_ticket_fails_with_the_cause)
{
	/* An empty configuration and a cache that does not exist: the
	 * library says so without any network. */
	setenv("KRB5_CONFIG", "/dev/null", 1);
	setenv("KRB5CCNAME", "FILE:/nonexistent/smtpdbg-test-cc", 1);
	sasl_gssapi_register();
	const struct sasl_mech *m = sasl_find("GSSAPI");
	struct sasl_creds cr = {.host = "mail.example.org"};
	void *st = m->init(&cr);
	struct sasl_step s;
	sasl_step_init(&s);
	cr_assert_eq(m->step(st, NULL, 0, &s), SASL_FAIL);
	cr_assert(strstr(s.explain.data, "GSSAPI failed"), "%s", s.explain.data);
	cr_assert(strstr(s.explain.data, "kinit"), "%s", s.explain.data);
	cr_assert_eq(s.response.len, 0);
	sasl_step_free(&s);
	/* A later challenge is refused, not answered. */
	sasl_step_init(&s);
	cr_assert_eq(m->step(st, (const uint8_t *)"x", 1, &s), SASL_FAIL);
	sasl_step_free(&s);
	m->done(st);
}
