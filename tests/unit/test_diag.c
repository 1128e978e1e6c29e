/* The diagnosis: the pattern language, the choice between rules, the
 * context, and the tables' integrity. The corpus of real texts is in
 * test_diag_cases.c. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/reply.h"

static bool m(const char *pattern, const char *text)
{
	char norm[512];
	size_t n = diag_normalise(text, strlen(text), norm, sizeof norm);
	return diag_match(pattern, norm, n);
}

Test(diag, pattern_language)
{
	cr_assert(m("relay access denied", "554 5.7.1 <b@x>: Relay access denied"));
	cr_assert(m("relay&denied", "Relaying is DENIED here"), "& is any order, case-blind");
	cr_assert(!m("relay&denied", "relay not permitted"));
	cr_assert(m("not permitted|denied", "relay not permitted"));
	cr_assert(m("relay&not permitted|denied", "relay   not\tpermitted"), "spaces collapse");
	cr_assert(!m("greylist&!not greylisted", "you are not greylisted"), "! excludes");
	cr_assert(m("greylist&!not greylisted", "Greylisted, see http://x"));
	cr_assert(m("<spam>", "554 Spam detected"));
	cr_assert(!m("<spam>", "554 antispam engine said no"), "< needs a word start");
	cr_assert(!m("<spam>", "554 spamhaus listed"), "> needs a word end");
	cr_assert(m("<spam>", "spam"), "boundaries at both ends of the text");
	cr_assert(m("<rbl>", "listed in an rbl, sorry"), "a second occurrence is tried");
	cr_assert(!m("", "anything"), "an empty pattern matches nothing");
	cr_assert(!m("a||b", "c"));
	cr_assert(!diag_match(NULL, "x", 1));
}

Test(diag, normalise)
{
	char out[16];
	cr_assert_eq(diag_normalise("  A\r\n\tB  ", 9, out, sizeof out), 3);
	cr_assert_str_eq(out, "a b");
	/* A NUL cannot end the text early; the cap is kept. */
	cr_assert_eq(diag_normalise("x\0y", 3, out, sizeof out), 3);
	cr_assert_str_eq(out, "x y");
	cr_assert_eq(diag_normalise("abcdefghijklmnopqrstuvwxyz", 26, out, sizeof out), 15);
}

static struct smtp_reply *reply(const char *s)
{
	struct reply_framer f;
	struct smtp_reply *r = NULL;
	size_t used = 0, n = strlen(s);
	reply_framer_init(&f, NULL);
	while (used < n && !r)
		used += reply_framer_feed(&f, s + used, n - used, &r);
	reply_framer_free(&f);
	cr_assert(r, "framed: %s", s);
	return r;
}

static const char *diag_id(const char *text, const char *verb, unsigned state,
			   enum diag_conf *conf)
{
	struct smtp_reply *r = reply(text);
	struct diag_ctx_info ci = {diag_ctx_of_verb(verb), state};
	struct diag_result d;
	bool ok = diag_reply(r, &ci, &d);
	reply_free(r);
	if (conf)
		*conf = d.conf;
	return ok ? d.kind->id : NULL;
}

Test(diag, success_is_never_diagnosed)
{
	cr_assert_null(diag_id("250 2.0.0 Ok: queued as 4F1A, relay access denied\r\n", "DOT", 0, NULL));
	cr_assert_null(diag_id("235 2.7.0 Authentication successful\r\n", "AUTH", 0, NULL));
	cr_assert_null(diag_id("354 End data with <CR><LF>.<CR><LF>\r\n", "DATA", 0, NULL));
	cr_assert_null(diag_id("334 VXNlcm5hbWU6\r\n", "AUTH", 0, NULL));
}

/* The cases the issue names, each with the advice it must (not) get. */
Test(diag, the_reported_cases)
{
	enum diag_conf c;
	cr_assert_str_eq(diag_id("535 5.7.8 Error: authentication failed: authentication failure\r\n",
				 "AUTH", DS_KNOWN | DS_TLS, &c),
			 "auth.credentials");
	cr_assert_str_eq(diag_id("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified "
				 "hostname\r\n", "EHLO", 0, NULL),
			 "helo.not-fqdn");
	/* 5.7.9 after the data is not a weak mechanism. */
	const char *id = diag_id("554 5.7.9 Message rejected (DMARC reject)\r\n", "DOT", 0, NULL);
	cr_assert(id && strcmp(id, "auth.mech-weak"), "got %s", id ? id : "none");
	cr_assert_str_eq(diag_id("534 5.7.9 Authentication mechanism is too weak\r\n", "AUTH", 0, &c),
			 "auth.mech-weak");
	cr_assert_eq(c, DIAG_CERTAIN);
	/* 4.7.0 with 421 is not a temporary authentication failure. */
	id = diag_id("421 4.7.0 Try again later, closing connection.\r\n", "RCPT", 0, NULL);
	cr_assert(!id || strcmp(id, "auth.temporary"), "got %s", id);
	cr_assert_str_eq(diag_id("454 4.7.0 Temporary authentication failure\r\n", "AUTH", 0, NULL),
			 "auth.temporary");
}

/* A documented text says more than a code's meaning, which says more
 * than a guess; a fallback comes last. */
Test(diag, the_most_specific_rule_wins)
{
	enum diag_conf c;
	cr_assert_str_eq(diag_id("550 5.1.1 unknown\r\n", "RCPT", 0, &c), "rcpt.unknown-user");
	cr_assert_eq(c, DIAG_CERTAIN);
	/* Without the command, a context-bound meaning is only possible. */
	cr_assert_str_eq(diag_id("550 5.1.1 unknown\r\n", NULL, 0, &c), "rcpt.unknown-user");
	cr_assert_eq(c, DIAG_POSSIBLE);
	/* After MAIL, X.1.1 is not the recipient's mailbox. */
	const char *id = diag_id("550 5.1.1 unknown\r\n", "MAIL", 0, NULL);
	cr_assert(!id || strcmp(id, "rcpt.unknown-user"));
	/* 421 with nothing known: the fallback. */
	cr_assert_str_eq(diag_id("421 4.3.2 Service shutting down\r\n", "RCPT", 0, &c),
			 "server.closing");
}

/* A multi-line reply is read as one text: the words may cross lines, and
 * the enhanced code repeated on each line is not in the way. */
Test(diag, multiline_replies_are_one_text)
{
	const char *id = diag_id("450-4.7.1 <b@example.org>: Recipient address rejected:\r\n"
				 "450 4.7.1 Greylisted, see http://postgrey.schweikert.ch/help/example.org.html\r\n",
				 "RCPT", 0, NULL);
	cr_assert_str_eq(id ? id : "none", "greylist");
}

/* A rule that needs a state applies only when the state is known. */
Test(diag, state_conditions)
{
	const char *plain = diag_id("530 5.7.0 Something about policy\r\n", "MAIL", DS_KNOWN, NULL);
	const char *tls = diag_id("530 5.7.0 Something about policy\r\n", "MAIL", DS_KNOWN | DS_TLS,
				  NULL);
	cr_assert_str_eq(plain ? plain : "none", "tls.required");
	cr_assert_str_eq(tls ? tls : "none", "auth.required");
}

/* Every rule names a kind that exists, a source, a lower-case pattern; no
 * rule diagnoses success; every kind has its texts and steps. */
Test(diag, tables_are_sound)
{
	size_t nk = diag_kind_count(), nr = diag_rule_count();
	cr_assert_geq(nk, 60);
	cr_assert_geq(nr, 200);
	for (size_t i = 0; i < nk; i++) {
		const struct diag_kind *k = diag_kind_at(i);
		cr_assert(k->id && k->title && k->checked && k->cause && k->next, "kind %zu", i);
		for (const char *c = k->id; *c; c++)
			cr_assert((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' ||
					  *c == '-',
				  "%s: ids are lower-case words, dots and hyphens", k->id);
		cr_assert(k->next[0] && k->next[strlen(k->next) - 1] != '\n', "%s: steps", k->id);
		for (size_t j = i + 1; j < nk; j++)
			cr_assert(strcmp(k->id, diag_kind_at(j)->id), "%s twice", k->id);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct diag_rule *r = diag_rule_at(i);
		cr_assert(r->id, "rule %zu has no id", i);
		cr_assert(diag_kind_find(r->id), "rule %zu: no kind %s", i, r->id);
		cr_assert(r->source && r->source[0], "rule %zu (%s): no source", i, r->id);
		cr_assert(r->code == 0 || r->code == 4 || r->code == 5 ||
				  (r->code >= 400 && r->code <= 599),
			  "rule %zu (%s): code %d", i, r->id, r->code);
		cr_assert(r->match || r->code || r->enh, "rule %zu (%s) matches everything", i, r->id);
		if (r->conf == DIAG_CERTAIN)
			cr_assert(!r->match || r->code || r->enh, "rule %zu (%s)", i, r->id);
		for (const char *p = r->match; p && *p; p++)
			cr_assert(!(*p >= 'A' && *p <= 'Z'), "rule %zu (%s): pattern not lower case: %s",
				  i, r->id, r->match);
		if (r->match)
			cr_assert(r->match[0] && !strstr(r->match, "&&") && !strstr(r->match, "||") &&
					  r->match[strlen(r->match) - 1] != '&',
				  "rule %zu (%s): empty term in %s", i, r->id, r->match);
	}
}

/* Every face shows the confidence; the items carry the steps as NEXT. */
Test(diag, items)
{
	struct smtp_reply *r = reply("554 5.7.1 <b@example.org>: Relay access denied\r\n");
	struct annot_items a;
	annot_items_init(&a);
	struct diag_result d;
	explain_reply_diag(&a, r, "RCPT", DS_KNOWN, &d);
	cr_assert(d.kind);
	cr_assert_str_eq(d.kind->id, "relay.denied");
	bool heading = false, next = false;
	for (size_t i = 0; i < a.n; i++) {
		if (a.v[i].kind == AK_DIAGNOSIS && strstr(a.v[i].text, "(likely)"))
			heading = true;
		if (a.v[i].kind == AK_NEXT && !strncmp(a.v[i].text, "Next: ", 6))
			next = true;
	}
	cr_assert(heading && next);
	annot_items_free(&a);
	reply_free(r);
}
