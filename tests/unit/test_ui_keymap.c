#include <criterion/criterion.h>
#include <string.h>

#include "../../src/ui/ui_keymap.h"

static int dec(const char *s, size_t *used)
{
	int key = K_NONE;
	*used = keymap_decode((const unsigned char *)s, strlen(s), &key);
	return key;
}

Test(ui_keymap, decodes_keys)
{
	size_t u;
	cr_assert_eq(dec("j", &u), 'j');
	cr_assert_eq(u, 1);
	cr_assert_eq(dec("\033[A", &u), K_UP);
	cr_assert_eq(u, 3);
	cr_assert_eq(dec("\033OB", &u), K_DOWN);
	cr_assert_eq(dec("\033[5~x", &u), K_PGUP);
	cr_assert_eq(u, 4);
	cr_assert_eq(dec("\033[6~", &u), K_PGDN);
	cr_assert_eq(dec("\033[Z", &u), K_BTAB);
	cr_assert_eq(dec("\033", &u), KEY_ESC_);
	cr_assert_eq(dec("\n", &u), KEY_ENTER_);
	/* half a sequence waits for the rest */
	dec("\033[", &u);
	cr_assert_eq(u, 0);
	dec("\033[5", &u);
	cr_assert_eq(u, 0);
	/* an unknown sequence is skipped whole */
	cr_assert_eq(dec("\033[99;5Qj", &u), K_NONE);
	cr_assert_eq(u, 7);
}

Test(ui_keymap, the_documented_keys)
{
	cr_assert_eq(keymap_lookup('j'), ACT_DOWN);
	cr_assert_eq(keymap_lookup(K_DOWN), ACT_DOWN);
	cr_assert_eq(keymap_lookup('k'), ACT_UP);
	cr_assert_eq(keymap_lookup('g'), ACT_TOP);
	cr_assert_eq(keymap_lookup('G'), ACT_BOTTOM);
	cr_assert_eq(keymap_lookup('/'), ACT_SEARCH);
	cr_assert_eq(keymap_lookup('n'), ACT_NEXT);
	cr_assert_eq(keymap_lookup('N'), ACT_PREV);
	cr_assert_eq(keymap_lookup('?'), ACT_HELP);
	cr_assert_eq(keymap_lookup('S'), ACT_SECRETS);
	cr_assert_eq(keymap_lookup('\\'), ACT_ZOOM);
	cr_assert_eq(keymap_lookup('|'), ACT_LAYOUT);
	cr_assert_eq(keymap_lookup('t'), ACT_TIMES);
	cr_assert_eq(keymap_lookup('q'), ACT_QUIT);
	cr_assert_eq(keymap_lookup(KEY_TAB_), ACT_FOCUS_NEXT);
	cr_assert_eq(keymap_lookup('x'), ACT_NONE);
}

/* The help is generated from the table: every action has a key and words,
 * and no key is bound twice. */
Test(ui_keymap, table_is_complete_and_unambiguous)
{
	size_t n, ns;
	const struct ui_key *k = keymap_table(&n);
	const struct ui_key *st = keymap_step_table(&ns);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		bool bound = false;
		for (size_t i = 0; i < n; i++)
			bound |= k[i].act == (enum ui_act)a;
		for (size_t i = 0; i < ns; i++)
			bound |= st[i].act == (enum ui_act)a;
		cr_assert(bound, "action %d has no key", a);
		cr_assert(*keymap_help((enum ui_act)a), "action %d has no help", a);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			cr_assert_neq(k[i].key, k[j].key, "%s bound twice", k[i].name);
	for (size_t i = 0; i < ns; i++)
		for (size_t j = i + 1; j < ns; j++)
			cr_assert_neq(st[i].key, st[j].key, "%s bound twice", st[i].name);
}

/* STEP and REPLAY mode: a presenter's clicker (PgUp/PgDn) and the
 * documented keys step; the other keys keep their meaning. */
Test(ui_keymap, step_keys)
{
	const int fwd[] = {' ', K_PGDN, K_RIGHT, '.'};
	const int back[] = {KEY_BS_, CTRL_('h'), K_PGUP, K_LEFT, ','};
	for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++)
		cr_assert_eq(keymap_lookup_step(fwd[i]), ACT_STEP_FWD);
	for (size_t i = 0; i < sizeof back / sizeof back[0]; i++)
		cr_assert_eq(keymap_lookup_step(back[i]), ACT_STEP_BACK);
	cr_assert_eq(keymap_lookup_step('S'), ACT_SECRETS);
	cr_assert_eq(keymap_lookup_step('q'), ACT_QUIT);
	cr_assert_eq(keymap_lookup(K_PGDN), ACT_PGDN); /* live mode scrolls */
}
