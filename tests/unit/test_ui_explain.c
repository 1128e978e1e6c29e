/* The explanation pane colours items by kind, never by words: the same
 * explanations with every text replaced by nonsense (as a catalogue with
 * unknown words would) get the same roles, line for line of each item. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/ui/ui_explain.h"
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
