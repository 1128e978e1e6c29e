#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/kb.h"

static void check_entry(const struct kb_entry *e, const char *what)
{
	cr_assert_not_null(e, "%s missing", what);
	cr_assert(e->key && *e->key, "%s: empty key", what);
	cr_assert(e->title && *e->title, "%s: empty title", what);
	cr_assert(e->text && *e->text, "%s: empty text", what);
	cr_assert(e->rfc && *e->rfc, "%s: empty rfc", what);
	/* One point per line: no entry may break the output's layout. */
	for (const char *s = e->text; *s; s++)
		cr_assert((unsigned char)*s >= 0x20, "%s: control byte in text", what);
	for (const char *s = e->title; *s; s++)
		cr_assert((unsigned char)*s >= 0x20, "%s: control byte in title", what);
}

static void check_table(const struct kb_entry *t, size_t n, const char *what)
{
	cr_assert_gt(n, 0, "%s: empty", what);
	for (size_t i = 0; i < n; i++) {
		check_entry(&t[i], t[i].key ? t[i].key : what);
		if (i)
			cr_assert_lt(strcmp(t[i - 1].key, t[i].key), 0,
				     "%s: '%s' and '%s' out of order or duplicated", what,
				     t[i - 1].key, t[i].key);
	}
}

Test(kb, every_rfc5321_code_is_known)
{
	static const int codes[] = {211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452,
				    455, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		char what[16];
		snprintf(what, sizeof what, "%d", codes[i]);
		const struct kb_entry *e = kb_reply_code(codes[i]);
		check_entry(e, what);
		cr_assert_str_eq(e->key, what);
		cr_assert(strstr(e->rfc, "RFC 5321"), "%d: %s", codes[i], e->rfc);
	}
}

Test(kb, extension_codes_name_their_rfc)
{
	static const struct {
		int code;
		const char *rfc;
	} ext[] = {
		{235, "RFC 4954"}, {334, "RFC 4954"}, {432, "RFC 4954"}, {454, "RFC 4954"},
		{500, "RFC 4954"}, {530, "RFC 4954"}, {534, "RFC 4954"}, {535, "RFC 4954"},
		{538, "RFC 4954"}, {220, "RFC 3207"}, {454, "RFC 3207"}, {501, "RFC 3207"},
		{530, "RFC 3207"}, {521, "RFC 7504"}, {556, "RFC 7504"}, {253, "RFC 1985"},
		{458, "RFC 1985"}, {459, "RFC 1985"}, {353, "prdr"},
	};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		const struct kb_entry *e = kb_reply_code(ext[i].code);
		check_entry(e, ext[i].rfc);
		cr_assert(strstr(e->rfc, ext[i].rfc), "%d: '%s' lacks %s", ext[i].code, e->rfc,
			  ext[i].rfc);
	}
}

Test(kb, operational_meanings)
{
	cr_assert(strstr(kb_reply_code(530)->text, "STARTTLS (or AUTH) first"));
	cr_assert(strstr(kb_reply_code(535)->title, "credentials invalid"));
	cr_assert(strstr(kb_reply_code(535)->text, "password"));
	cr_assert(strstr(kb_reply_code(554)->text, "no SMTP service"));
	cr_assert(strstr(kb_reply_code(334)->text, "Base64"));
}

Test(kb, unknown_codes_are_null)
{
	cr_assert_null(kb_reply_code(0));
	cr_assert_null(kb_reply_code(199));
	cr_assert_null(kb_reply_code(299));
	cr_assert_null(kb_reply_code(600));
	cr_assert_null(kb_reply_code(-250));
}

Test(kb, reply_table_sorted_unique)
{
	size_t n;
	const struct kb_entry *t = kb_reply_codes(&n);
	check_table(t, n, "reply codes");
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(kb_reply_code(atoi(t[i].key)), &t[i], "lookup of %s", t[i].key);
	t = kb_reply_context_table(&n);
	check_table(t, n, "reply contexts");
	for (size_t i = 0; i < n; i++)
		cr_assert_not_null(kb_reply_code(atoi(t[i].key)), "context for unknown %s", t[i].key);
}

Test(kb, digits)
{
	for (int d = 2; d <= 5; d++) {
		const struct kb_entry *e = kb_reply_first_digit(d * 100 + 50);
		check_entry(e, "first digit");
		cr_assert_eq(e->key[0], '0' + d);
		cr_assert(strstr(e->rfc, "RFC 5321 §4.2.1"));
		cr_assert_eq(kb_reply_first_digit(d), e);
	}
	for (int d = 0; d <= 5; d++) {
		const struct kb_entry *e = kb_reply_second_digit(500 + d * 10 + 3);
		check_entry(e, "second digit");
		cr_assert_eq(e->key[1], '0' + d);
	}
	cr_assert_str_eq(kb_reply_second_digit(421)->title, "Connections");
	cr_assert_str_eq(kb_reply_second_digit(550)->title, "Mail system");
	cr_assert_null(kb_reply_first_digit(150));
	cr_assert_null(kb_reply_first_digit(650));
	cr_assert_null(kb_reply_second_digit(7));
}

Test(kb, contexts_by_command)
{
	const struct kb_entry *c = kb_reply_context(220, "STARTTLS");
	check_entry(c, "220 STARTTLS");
	cr_assert(strstr(c->text, "handshake"));
	cr_assert(strstr(c->rfc, "RFC 3207"));
	cr_assert(strstr(kb_reply_context(554, "GREETING")->title, "No SMTP service"));
	cr_assert_not_null(kb_reply_context(334, "AUTH"));
	cr_assert_null(kb_reply_context(220, "RCPT"));
	cr_assert_null(kb_reply_context(220, NULL));

	size_t n;
	const struct kb_entry *all = kb_reply_contexts(220, &n);
	cr_assert_geq(n, 2);
	for (size_t i = 0; i < n; i++)
		cr_assert(!strncmp(all[i].key, "220 ", 4));
	cr_assert_null(kb_reply_contexts(211, &n));
	cr_assert_eq(n, 0);
}

Test(kb, every_registered_enhanced_code)
{
	/* The IANA registry: subject -> highest detail. */
	static const int last[] = {0, 10, 4, 6, 7, 6, 10, 30};
	size_t count = 0;
	for (int s = 0; s <= 7; s++)
		for (int d = 0; d <= last[s]; d++) {
			char what[16];
			snprintf(what, sizeof what, "X.%d.%d", s, d);
			const struct kb_entry *e = kb_enhanced(s, d);
			check_entry(e, what);
			cr_assert_str_eq(e->key, what);
			count++;
		}
	size_t n;
	kb_enhanced_codes(&n);
	cr_assert_eq(n, count, "table has %zu, registry %zu", n, count);
	cr_assert_null(kb_enhanced(7, 31));
	cr_assert_null(kb_enhanced(8, 0));
	cr_assert_null(kb_enhanced(0, 1));
	cr_assert_null(kb_enhanced(-1, 0));
}

Test(kb, enhanced_codes_cite_their_rfc)
{
	static const struct {
		int s, d;
		const char *rfc, *title;
	} want[] = {
		{7, 8, "RFC 4954", "credentials invalid"},
		{7, 0, "RFC 3463", "security"},
		{7, 1, "RFC 3463", "not authorized"},
		{7, 11, "RFC 4954", "Encryption required"},
		{7, 14, "RFC 5248", "Trust relationship"},
		{7, 17, "RFC 7293", "owner"},
		{7, 18, "RFC 7293", "owner"},
		{7, 19, "RFC 7293", "RRVS"},
		{7, 20, "RFC 7372", "DKIM"},
		{7, 23, "RFC 7372", "SPF"},
		{7, 26, "RFC 7372", "Multiple"},
		{7, 27, "RFC 7505", "null MX"},
		{7, 28, "", "flood"},
		{7, 29, "RFC 8617", "ARC"},
		{7, 30, "RFC 8689", "REQUIRETLS"},
		{1, 1, "RFC 3463", "mailbox"},
		{1, 10, "RFC 7505", "null MX"},
		{5, 6, "RFC 4954", "too long"},
		{6, 7, "RFC 6531", "Non-ASCII"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct kb_entry *e = kb_enhanced(want[i].s, want[i].d);
		cr_assert_not_null(e);
		cr_assert(strstr(e->rfc, want[i].rfc), "X.%d.%d: %s", want[i].s, want[i].d, e->rfc);
		cr_assert(strstr(e->title, want[i].title), "X.%d.%d: %s", want[i].s, want[i].d,
			  e->title);
	}
}

Test(kb, enhanced_table_sorted_unique)
{
	size_t n;
	const struct kb_entry *t = kb_enhanced_codes(&n);
	int ps = -1, pd = -1;
	for (size_t i = 0; i < n; i++) {
		int s, d;
		cr_assert_eq(sscanf(t[i].key, "X.%d.%d", &s, &d), 2, "%s", t[i].key);
		cr_assert(s > ps || (s == ps && d > pd), "%s out of order", t[i].key);
		ps = s, pd = d;
		cr_assert_eq(kb_enhanced(s, d), &t[i]);
	}
}

Test(kb, enhanced_classes_and_subjects)
{
	cr_assert_str_eq(kb_enhanced_class(2)->title, "Success");
	cr_assert_str_eq(kb_enhanced_class(4)->title, "Persistent transient failure");
	cr_assert_str_eq(kb_enhanced_class(5)->title, "Permanent failure");
	cr_assert_null(kb_enhanced_class(3));
	for (int c = 2; c <= 5; c++)
		if (c != 3)
			cr_assert(strstr(kb_enhanced_class(c)->rfc, "RFC 3463"));
	for (int s = 0; s <= 7; s++) {
		const struct kb_entry *e = kb_enhanced_subject(s);
		check_entry(e, "subject");
		cr_assert_eq(e->key[2], '0' + s);
		cr_assert(strstr(e->rfc, "RFC 3463"));
	}
	cr_assert(strstr(kb_enhanced_subject(7)->rfc, "§3.8"));
	cr_assert_null(kb_enhanced_subject(8));
	cr_assert_null(kb_enhanced_subject(-1));
}

Test(kb, enhanced_exact_by_class)
{
	cr_assert_str_eq(kb_enhanced_exact(2, 7, 0)->title, "Authentication succeeded");
	cr_assert_str_eq(kb_enhanced_exact(5, 7, 0)->title, "Authentication required");
	cr_assert_str_eq(kb_enhanced_exact(4, 7, 0)->title, "Temporary authentication failure");
	cr_assert_null(kb_enhanced_exact(5, 7, 8));
	cr_assert_null(kb_enhanced_exact(5, 1, 1));
}

Test(kb, registry_keywords)
{
	static const struct {
		const char *kw, *rfc;
	} want[] = {
		{"SIZE", "RFC 1870"}, {"PIPELINING", "RFC 2920"}, {"8BITMIME", "RFC 6152"},
		{"STARTTLS", "RFC 3207"}, {"AUTH", "RFC 4954"}, {"DSN", "RFC 3461"},
		{"ENHANCEDSTATUSCODES", "RFC 2034"}, {"CHUNKING", "RFC 3030"},
		{"BINARYMIME", "RFC 3030"}, {"SMTPUTF8", "RFC 6531"}, {"PRDR", "prdr"},
		{"REQUIRETLS", "RFC 8689"}, {"DELIVERBY", "RFC 2852"}, {"ETRN", "RFC 1985"},
		{"ATRN", "RFC 2645"}, {"VRFY", "RFC 5321"}, {"EXPN", "RFC 5321"},
		{"HELP", "RFC 5321"}, {"BURL", "RFC 4468"}, {"MT-PRIORITY", "RFC 6710"},
		{"FUTURERELEASE", "RFC 4865"}, {"RRVS", "RFC 7293"}, {"NO-SOLICITING", "RFC 3865"},
		{"MTRK", "RFC 3885"}, {"CHECKPOINT", "RFC 1845"}, {"CONPERM", "RFC 4141"},
		{"CONNEG", "RFC 4141"}, {"LIMITS", "RFC 9422"}, {"SEND", "RFC 821"},
		{"SOML", "RFC 821"}, {"SAML", "RFC 821"}, {"TURN", "RFC 821"},
		{"VERB", "IANA"}, {"ONEX", "IANA"}, {"XCLIENT", "Postfix"},
		{"XFORWARD", "Postfix"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct kb_entry *e = kb_keyword(want[i].kw, strlen(want[i].kw));
		check_entry(e, want[i].kw);
		cr_assert(strstr(e->rfc, want[i].rfc), "%s: %s", want[i].kw, e->rfc);
	}
	static const char *const historic[] = {"SEND", "SOML", "SAML", "TURN", "VERB", "ONEX"};
	for (size_t i = 0; i < sizeof historic / sizeof historic[0]; i++)
		cr_assert(strstr(kb_keyword(historic[i], 4)->title, "historic"), "%s", historic[i]);
}

Test(kb, keyword_lookup_case_and_length)
{
	const struct kb_entry *e = kb_keyword("starttls", 8);
	cr_assert_not_null(e);
	cr_assert_str_eq(e->key, "STARTTLS");
	cr_assert_eq(kb_keyword("Pipelining", 10), kb_keyword("PIPELINING", 10));
	/* n bytes only: the rest of a line is not part of the keyword. */
	cr_assert_eq(kb_keyword("SIZE 1000", 4), kb_keyword("SIZE", 4));
	cr_assert_null(kb_keyword("STARTTLSX", 9));
	cr_assert_null(kb_keyword("START", 5));
	cr_assert_null(kb_keyword("STARTTLS\0X", 10));
	cr_assert_null(kb_keyword("", 0));
	cr_assert_null(kb_keyword(NULL, 0));
	cr_assert_null(kb_keyword("X-UNKNOWN", 9));
}

Test(kb, keyword_and_mech_tables_sorted_unique)
{
	size_t n;
	const struct kb_entry *t = kb_keywords(&n);
	check_table(t, n, "keywords");
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(kb_keyword(t[i].key, strlen(t[i].key)), &t[i]);
	t = kb_sasl_mechs(&n);
	check_table(t, n, "mechanisms");
	cr_assert(strstr(kb_sasl_mech("plain", 5)->rfc, "RFC 4616"));
	cr_assert(strstr(kb_sasl_mech("CRAM-MD5", 8)->rfc, "RFC 2195"));
	cr_assert(strstr(kb_sasl_mech("SCRAM-SHA-256", 13)->rfc, "RFC 7677"));
	cr_assert_null(kb_sasl_mech("PLAINX", 6));
}

Test(kb, commands)
{
	static const char *const verbs[] = {"HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT",
					    "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT",
					    "STARTTLS", "AUTH", "ETRN", "XCLIENT"};
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		const struct kb_entry *e = kb_command(verbs[i], strlen(verbs[i]));
		check_entry(e, verbs[i]);
		cr_assert_str_eq(e->key, verbs[i]);
	}
	cr_assert(strstr(kb_command("rcpt", 4)->rfc, "RFC 5321 §4.1.1.3"));
	cr_assert(strstr(kb_command("STARTTLS", 8)->rfc, "RFC 3207"));
	cr_assert(strstr(kb_command("AUTH", 4)->rfc, "RFC 4954"));
	cr_assert(strstr(kb_command("BDAT", 4)->rfc, "RFC 3030"));
	cr_assert_null(kb_command("MAILX", 5));
	cr_assert_null(kb_command("", 0));

	size_t n;
	const struct kb_entry *t = kb_commands(&n);
	check_table(t, n, "commands");
	t = kb_mail_params(&n);
	check_table(t, n, "parameters");
	cr_assert(strstr(kb_mail_param("size", 4)->rfc, "RFC 1870"));
	cr_assert(strstr(kb_mail_param("NOTIFY", 6)->rfc, "RFC 3461"));
}

Test(kb, a_text_for_every_state)
{
	for (int s = 0; s < SMTP_ST_COUNT; s++) {
		const struct kb_entry *e = kb_state((enum smtp_state)s);
		check_entry(e, smtp_state_name((enum smtp_state)s));
		cr_assert_str_eq(e->key, smtp_state_name((enum smtp_state)s));
	}
	cr_assert(strstr(kb_state(SMTP_ST_TLS)->text, "EHLO again"));
	cr_assert(strstr(kb_state(SMTP_ST_AUTH)->text, "334"));
	cr_assert_null(kb_state(SMTP_ST_COUNT));
}

/* A name longer than every registered one is compared within its length
 * only (the lookup read past a registry entry's end: found by fuzzing). */
Test(kb, sasl_usage_of_a_long_name)
{
	const char *name = "SCRAM-SHA-256-PLUS-AND-A-GREAT-DEAL-MORE";
	cr_assert_eq(kb_sasl_usage(name, strlen(name)), KB_SASL_UNREGISTERED);
	cr_assert_eq(kb_sasl_usage(name, 18), KB_SASL_COMMON, "SCRAM-SHA-256-PLUS");
	cr_assert_eq(kb_sasl_usage("plain", 5), KB_SASL_COMMON);
	cr_assert_eq(kb_sasl_usage("PLAINX", 6), KB_SASL_UNREGISTERED);
}
