#include <criterion/criterion.h>
#include <string.h>

#include "smtpdbg/transcript.h"

Test(transcript, lines_groups_and_markers)
{
	struct transcript t;
	tr_init(&t, 0);
	cr_assert_eq(tr_add(&t, TR_CLIENT, 1, "EHLO x", 6, 0, false), 0);
	cr_assert_eq(tr_add(&t, TR_SERVER, 2, "250-a", 5, 0, false), 1);
	cr_assert_eq(tr_add(&t, TR_SERVER, 2, "250 b", 5, 0, true), 2);
	cr_assert_eq(t.v[2].group, 1);
	tr_explain_add(&t, 2, AK_TEXT, "one");
	tr_explain_add(&t, 1, AK_WARNING, "two");
	const struct annot_items *a = tr_items(&t, 1);
	cr_assert_eq(a, tr_items(&t, 2), "a reply's lines share one explanation");
	cr_assert_eq(a->n, 2);
	cr_assert_str_eq(a->v[0].text, "one");
	cr_assert_eq(a->v[1].kind, AK_WARNING);
	cr_assert_eq(tr_items(&t, 0)->n, 0);
	cr_assert_eq(t.v[0].latency_ms, -1);
	cr_assert_eq(tr_marker(TR_SERVER), 'S');
	cr_assert_eq(tr_marker(TR_CLIENT), 'C');
	cr_assert_eq(tr_marker(TR_WARN), '!');
	tr_free(&t);
}

Test(transcript, server_bytes_are_escaped)
{
	struct transcript t;
	tr_init(&t, 0);
	const char evil[] = "250 \x1b[2J\x07hi\xc2\x9b\xe2\x80\xae";
	tr_add(&t, TR_SERVER, 0, evil, sizeof evil - 1, 0, false);
	const char *s = tr_text(&t, 0, false);
	for (const char *p = s; *p; p++)
		cr_assert((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte in %s", s);
	cr_assert(!strstr(s, "\xc2\x9b"));     /* C1 CSI */
	cr_assert(!strstr(s, "\xe2\x80\xae")); /* bidi override */
	tr_free(&t);
}

Test(transcript, secrets_masked_unless_revealed)
{
	struct transcript t;
	tr_init(&t, 0);
	tr_add(&t, TR_CLIENT, 0, "c2VjcmV0", 8, 0, false);
	tr_set_secret(&t, 0, "********");
	tr_set_decoded(&t, 0, "secret", 6, 0);
	cr_assert_str_eq(tr_text(&t, 0, false), "********");
	cr_assert_null(tr_decoded(&t, 0, false));
	cr_assert_str_eq(tr_text(&t, 0, true), "c2VjcmV0");
	cr_assert_str_eq(tr_decoded(&t, 0, true), "secret");
	tr_free(&t);
}

Test(transcript, byte_budget_drops_whole_old_groups)
{
	struct transcript t;
	tr_init(&t, 64 * 1024);
	char line[200];
	memset(line, 'x', sizeof line);
	size_t groups = 0;
	for (int i = 0; i < 5000; i++) {
		bool cont = i % 3 != 0; /* groups of three lines, like a reply */
		groups += !cont;
		tr_add(&t, TR_SERVER, i, line, sizeof line, 0, cont);
		tr_explain_add(&t, t.n - 1, AK_TEXT, "a few words of explanation");
		tr_trim(&t);
		cr_assert_leq(t.bytes, t.limit + 4096, "over budget by more than one line");
	}
	cr_assert_gt(t.dropped, 0);
	cr_assert_eq(t.dropped + t.n, 5000, "every line is either kept or counted as dropped");
	cr_assert_eq(t.dropped % 3, 0, "only whole groups are dropped");
	for (size_t i = 0; i < t.n; i++) {
		cr_assert_leq(t.v[i].group, i);
		cr_assert_eq(t.v[i].group, i - i % 3, "line %zu keeps its group", i);
		cr_assert_eq(t.v[i].t_ms, (int64_t)(t.dropped + i), "the newest lines are kept");
	}
	(void)groups;
	tr_free(&t);
}

Test(transcript, repeated_warning_is_counted_not_copied)
{
	struct transcript t;
	tr_init(&t, 0);
	size_t first = tr_add_warning(&t, 0, "server: unsolicited reply", 0);
	for (int i = 0; i < 100000; i++)
		cr_assert_eq(tr_add_warning(&t, i, "server: unsolicited reply", 0), first);
	cr_assert_eq(t.n, 1);
	cr_assert_eq(t.v[first].repeat, 100000);
	size_t bytes = t.bytes;
	cr_assert_lt(bytes, 1024, "a counter, not 100,000 copies: %zu bytes", bytes);
	cr_assert_neq(tr_add_warning(&t, 1, "server: something else", 0), first);
	cr_assert_eq(t.n, 2);
	tr_free(&t);
}

/* A flood: each unsolicited line and its warning, with a budget so small
 * that the warning's entry is dropped again and again; its count still
 * only grows, and matches the number of warnings. */
Test(transcript, repeated_warning_count_survives_the_budget)
{
	struct transcript t;
	tr_init(&t, 16 * 1024);
	unsigned long last = 0;
	for (int i = 1; i <= 20000; i++) {
		tr_add(&t, TR_SERVER, i, "250 x", 5, 0, false);
		size_t w = tr_add_warning(&t, i, "server: a reply nobody asked for", 0);
		cr_assert_geq(t.v[w].repeat, last, "the count went down at %d", i);
		last = t.v[w].repeat;
		tr_trim(&t);
	}
	cr_assert_gt(t.dropped, 0);
	cr_assert_eq(last + 1, 20000, "every warning counted once");
	tr_free(&t);
}

static void fill(struct transcript *t)
{
	const char *lines[] = {"220 ready", "EHLO x", "250-STARTTLS", "250 PIPELINING", "QUIT"};
	tr_init(t, 0);
	for (size_t i = 0; i < 5; i++)
		tr_add(t, i % 2 ? TR_CLIENT : TR_SERVER, 0, lines[i], strlen(lines[i]), 0, false);
}

Test(transcript, search_smart_case_and_wrap)
{
	struct transcript t;
	bool wrapped, bad;
	fill(&t);
	cr_assert_eq(tr_search(&t, 0, true, "starttls", false, &wrapped, &bad), 2);
	cr_assert_not(wrapped);
	cr_assert_eq(tr_search(&t, 0, true, "Starttls", false, &wrapped, &bad), -1);
	cr_assert_eq(tr_search(&t, 3, true, "^220", false, &wrapped, &bad), 0);
	cr_assert(wrapped);
	cr_assert_eq(tr_search(&t, 0, false, "QUIT", false, &wrapped, &bad), 4);
	cr_assert(wrapped);
	cr_assert_eq(tr_search(&t, 4, false, "250", false, &wrapped, &bad), 3);
	cr_assert_eq(tr_search(&t, 3, false, "250", false, &wrapped, &bad), 2);
	cr_assert_eq(tr_search(&t, 0, true, "(", false, &wrapped, &bad), -1);
	cr_assert(bad);
	tr_free(&t);
}

Test(transcript, search_never_finds_masked_text)
{
	struct transcript t;
	bool wrapped, bad;
	tr_init(&t, 0);
	tr_add(&t, TR_CLIENT, 0, "hunter2", 7, 0, false);
	tr_set_secret(&t, 0, "********");
	cr_assert_eq(tr_search(&t, 0, true, "hunter", false, &wrapped, &bad), -1);
	cr_assert_eq(tr_search(&t, 0, true, "hunter", true, &wrapped, &bad), 0);
	tr_free(&t);
}
