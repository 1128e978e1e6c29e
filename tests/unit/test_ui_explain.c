/* The explanation pane colours items by kind, never by words: the same
 * explanations with every text replaced by nonsense (as a catalogue with
 * unknown words would) get the same roles, line for line of each item. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/ui/ui_explain.h"
#include "smtpdbg/annot.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/xmalloc.h"

static void reply_items(struct annot_items *a, const char *text, const char *answers)
{
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	struct smtp_reply *r = NULL;
	reply_framer_feed(&f, text, strlen(text), &r);
	cr_assert_not_null(r, "%s", text);
	explain_reply(a, r, answers);
	reply_free(r);
	reply_framer_free(&f);
}

/* The role of each item's lines; all lines of an item share one. */
static enum theme_role *roles(const struct annot_items *a, int width)
{
	enum theme_role *v = xcalloc(a->n + 1, sizeof *v);
	for (size_t i = 0; i < a->n; i++) {
		struct annot_items one = {.v = &a->v[i], .n = 1, .cap = 1};
		struct ui_xlines l = {0};
		ui_explain_lines(&one, width, &l);
		cr_assert_geq(l.n, 1);
		v[i] = l.v[0].role;
		for (size_t k = 1; k < l.n; k++)
			cr_assert_eq(l.v[k].role, v[i], "a wrapped line changed colour");
		ui_lines_free(&l);
	}
	return v;
}

Test(ui_explain, colour_follows_kind_not_words)
{
	struct annot_items a;
	annot_items_init(&a);
	reply_items(&a, "535 5.7.8 Authentication credentials invalid\r\n", "AUTH");
	reply_items(&a, "250-mx.example\r\n250-PIPE\x1bLINING\r\n250 AUTH PLAIN LOGIN\r\n", "EHLO");
	reply_items(&a, "334 VXNlcm5hbWU6\r\n", "AUTH");
	explain_command(&a, "RCPT TO:<a@example.org> FROB=1", 30);
	annot_add(&a, AK_STATE, 0, "RFC 5321", "Now: ready");
	annot_add(&a, AK_NOTE, 0, NULL, "connection closed");
	bool kinds[AK_COUNT] = {false};
	for (size_t i = 0; i < a.n; i++)
		kinds[a.v[i].kind] = true;
	cr_assert(kinds[AK_MEANING] && kinds[AK_TEXT] && kinds[AK_WARNING] && kinds[AK_CALC] &&
		  kinds[AK_NEXT], "the sample covers the common kinds");

	enum theme_role *english = roles(&a, 40);
	/* A fake catalogue: every text replaced, of another length. */
	for (size_t i = 0; i < a.n; i++) {
		size_t n = strlen(a.v[i].text) / 2 + 3;
		free(a.v[i].text);
		a.v[i].text = xmalloc(n + 1);
		memset(a.v[i].text, 'q', n);
		a.v[i].text[n] = '\0';
		if (i % 3 == 0)
			memcpy(a.v[i].text, "Warning", 7); /* words that once chose colours */
		if (i % 3 == 1)
			memcpy(a.v[i].text, "Now:", 4);
	}
	enum theme_role *fake = roles(&a, 40);
	for (size_t i = 0; i < a.n; i++) {
		cr_assert_eq(fake[i], english[i], "item %zu changed colour with its words", i);
		cr_assert_eq(fake[i], ui_role_for_kind(a.v[i].kind));
	}
	cr_assert_neq(ui_role_for_kind(AK_WARNING), ui_role_for_kind(AK_TEXT));
	cr_assert_neq(ui_role_for_kind(AK_MEANING), ui_role_for_kind(AK_TEXT));
	cr_assert_neq(ui_role_for_kind(AK_CALC), ui_role_for_kind(AK_TEXT));
	free(english);
	free(fake);
	annot_items_free(&a);
}

/* The pane's own choices: secrets masked until S, Base64's groups shown
 * only when asked (B, :bits), with one line that says how, and every line
 * of the maths in the calculation colour. */
static char *pane(const struct annot_items *a, bool reveal, bool bits, bool *calc_only)
{
	struct ui_xlines l = {0};
	ui_explain_lines_opt(a, 200, &(struct ui_xopts){.reveal = reveal, .bits = bits}, &l);
	struct buf b;
	buf_init(&b, 0);
	*calc_only = true;
	for (size_t i = 0; i < l.n; i++) {
		buf_printf(&b, "%s\n", l.v[i].text);
		if (l.v[i].role != THEME_EXPLAIN_CALC && !strstr(l.v[i].text, ":bits"))
			*calc_only = false;
	}
	ui_lines_free(&l);
	return b.data ? buf_steal(&b) : xstrdup("");
}

Test(ui_explain, maths_masked_until_revealed_groups_on_request)
{
	struct annot_items a;
	annot_items_init(&a);
	annot_b64_maths(&a, 0, (const uint8_t *)"Max", 3, false, 0);
	annot_b64_maths(&a, 0, (const uint8_t *)"pw!", 3, true, 0);
	bool calc;

	char *t = pane(&a, false, false, &calc);
	cr_assert(strstr(t, "3 bytes, in hex: 4d 61 78"), "%s", t);
	cr_assert_null(strstr(t, "TWF4"), "%s", t);
	cr_assert(strstr(t, "(B or :bits shows how Base64 makes these bytes"), "%s", t);
	cr_assert_null(strstr(t, "70 77 21"), "%s", t);
	/* Said once for the groups it hides; nothing for a masked secret's. */
	cr_assert_null(strstr(strstr(t, ":bits") + 1, ":bits"), "%s", t);
	cr_assert(calc);
	free(t);

	t = pane(&a, false, true, &calc);
	cr_assert(strstr(t, "010011 010110 000101 111000 = 19 22 5 56 = TWF4"), "%s", t);
	cr_assert_null(strstr(t, ":bits"), "%s", t);
	cr_assert_null(strstr(t, "cHch"), "a masked secret's groups: %s", t);
	free(t);

	t = pane(&a, true, true, &calc);
	cr_assert(strstr(t, "3 bytes, in hex: 70 77 21"), "%s", t);
	cr_assert(strstr(t, "= cHch"), "%s", t);
	cr_assert(calc);
	free(t);
	annot_items_free(&a);
}
