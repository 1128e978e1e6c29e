/* The stepper behind STEP and REPLAY mode: forward and back give the same
 * rows, a saved lesson replays with the same lines, masked secrets stay
 * masked. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/stepper.h"

static struct stepper *auth_login(void)
{
	char *path = lesson_path("auth-login");
	cr_assert(path);
	struct lesson l;
	cr_assert_eq(lesson_load(&l, path, NULL, NULL), 0);
	free(path);
	struct stepper *s = stepper_lesson(&l, "auth-login", (struct lesson_run_opts){0});
	cr_assert(s);
	return s;
}

static char *current_wire(const struct stepper *s)
{
	long c = stepper_current(s);
	cr_assert_geq(c, 0);
	return strdup(stepper_rows(s)->v[c].wire);
}

Test(stepper, lesson_steps_and_back)
{
	setenv("SMTPDBG_LESSON_DIR", TEST_DATA_DIR "/../../docs/lessons", 1);
	struct stepper *s = auth_login();
	cr_assert_eq(stepper_kind(s), STEPPER_LESSON);
	cr_assert_eq(stepper_steps(s), 9);
	cr_assert_eq(stepper_current(s), -1);
	cr_assert_not(stepper_back(s));
	for (int i = 0; i < 5; i++)
		cr_assert(stepper_forward(s));
	cr_assert_eq(stepper_step(s), 5);
	char *five = current_wire(s);
	cr_assert_str_eq(five, "334 VXNlcm5hbWU6");
	cr_assert_str_eq(stepper_rows(s)->v[stepper_current(s)].decoded, "Username:");
	cr_assert(stepper_forward(s));
	cr_assert(stepper_back(s));
	char *again = current_wire(s);
	cr_assert_str_eq(five, again);
	free(five);
	free(again);
	/* a line typed at the server's question answers it */
	char msg[256];
	stepper_submit(s, "NOOP", msg, sizeof msg);
	cr_assert_eq(stepper_step(s), 7, "the answer took the lesson's step, its reply came");
	stepper_free(s);
}

Test(stepper, saved_lesson_replays_the_same_lines)
{
	setenv("SMTPDBG_LESSON_DIR", TEST_DATA_DIR "/../../docs/lessons", 1);
	struct stepper *s = auth_login();
	while (stepper_forward(s))
		;
	char path[] = "/tmp/smtpdbg-test-stepper-XXXXXX";
	close(mkstemp(path));
	unlink(path); /* saving writes a new file */
	char why[128];
	cr_assert_eq(stepper_save(s, path, false, why, sizeof why), 0);

	FILE *f = fopen(path, "r");
	struct tf_list l;
	tf_list_init(&l);
	cr_assert_eq(tf_read(&l, f, path, NULL, NULL, NULL), 0);
	fclose(f);
	unlink(path);
	struct stepper *r = stepper_replay(&l, "saved", true, 0);
	cr_assert_eq(stepper_kind(r), STEPPER_REPLAY);
	cr_assert_eq(stepper_current(r), -1);
	/* every protocol row of the lesson, in order, with the same line and
	 * smtpdbg's same words about it */
	const struct teach_rows *a = stepper_rows(s);
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->v[i].party != 'S' && a->v[i].party != 'C')
			continue;
		cr_assert(stepper_forward(r));
		const struct teach_row *b = &stepper_rows(r)->v[stepper_current(r)];
		cr_assert_eq(b->state, TEACH_CURRENT);
		if (a->v[i].secret) {
			cr_assert_str_eq(b->wire, "********"); /* masked in the file, even revealed */
		} else {
			cr_assert_str_eq(b->wire, a->v[i].wire);
			cr_assert_str_eq(b->detail, a->v[i].detail);
		}
		k++;
	}
	cr_assert_eq(k, 9);
	cr_assert_not(stepper_forward(r));
	cr_assert(stepper_back(r));
	cr_assert_eq(stepper_step(r), 8);
	stepper_free(r);
	stepper_free(s);
}

/* A long transcript file, as `smtpdbg replay FILE` opens it in the TUI:
 * rows are built as the user steps, not all at once. */
static FILE *long_transcript(size_t noops, const char *tail)
{
	FILE *f = tmpfile();
	cr_assert_not_null(f);
	fputs("smtpdbg-transcript 1\n@peer mx.test:25\nS 0 - 220 mx.test ESMTP\n", f);
	for (size_t i = 0; i < noops; i++)
		fprintf(f, "C %zu - NOOP\nS %zu - 250 2.0.0 Ok\n", i, i);
	fputs(tail, f);
	rewind(f);
	return f;
}

Test(stepper, replay_file_builds_rows_as_the_user_steps)
{
	char why[256];
	struct stepper *s = stepper_replay_file(long_transcript(20000, "X 9 - gone\n"), "long.txt",
						 false, 0, why, sizeof why);
	cr_assert_not_null(s, "%s", why);
	size_t first = stepper_rows(s)->n;
	cr_assert_lt(first, 1000, "%zu rows built before the first frame", first);
	cr_assert(strstr(stepper_title(s), "mx.test:25"), "%s", stepper_title(s));
	for (int i = 0; i < 3000; i++)
		cr_assert(stepper_forward(s));
	cr_assert_eq(stepper_step(s), 3000);
	cr_assert_gt(stepper_rows(s)->n, 3000);
	cr_assert_lt(stepper_rows(s)->n, 4000, "only a window beyond the position");
	const struct teach_row *w = &stepper_rows(s)->v[stepper_current(s)];
	cr_assert(strstr(w->wire, "NOOP") || strstr(w->wire, "250"), "%s", w->wire);
	/* Back and forward show the same rows. */
	char *wire = strdup(w->wire);
	cr_assert(stepper_back(s));
	cr_assert(stepper_forward(s));
	cr_assert_str_eq(stepper_rows(s)->v[stepper_current(s)].wire, wire);
	free(wire);
	/* Another reveal starts over, at the same position. */
	stepper_set_reveal(s, true);
	cr_assert_eq(stepper_step(s), 3000);
	while (stepper_forward(s))
		;
	cr_assert_eq(stepper_rows(s)->v[stepper_rows(s)->n - 1].party, '#', "the end of the file");
	stepper_free(s);
}

Test(stepper, replay_file_problem_shows_as_the_last_row)
{
	char why[256];
	struct stepper *s = stepper_replay_file(long_transcript(500, "Z bad line\n"), "bad.txt", false,
						 0, why, sizeof why);
	cr_assert_not_null(s, "%s", why);
	while (stepper_forward(s))
		;
	const struct teach_rows *r = stepper_rows(s);
	cr_assert_eq(r->v[r->n - 1].party, '!');
	cr_assert(strstr(r->v[r->n - 1].wire, "line 1004 of the file"), "%s", r->v[r->n - 1].wire);
	stepper_free(s);

	FILE *f = tmpfile();
	fputs("not a transcript\n", f);
	rewind(f);
	cr_assert_null(stepper_replay_file(f, "junk.txt", false, 0, why, sizeof why));
	cr_assert(strstr(why, "line 1"), "%s", why);
}

/* A lesson's introduction keeps its paragraph breaks as breaks: escaped
 * whole, the cram-md5 lesson's second paragraph showed after a literal
 * "\n" on screen. Each paragraph is still escaped. */
Test(stepper, introduction_paragraphs_stay_paragraphs)
{
	char *path = lesson_path("cram-md5");
	cr_assert(path);
	struct lesson l;
	cr_assert_eq(lesson_load(&l, path, NULL, NULL), 0);
	free(path);
	struct stepper *s = stepper_lesson(&l, "cram-md5", (struct lesson_run_opts){0});
	cr_assert(s);
	const char *about = stepper_about(s);
	cr_assert(about && strchr(about, '\n'), "two paragraphs: %s", about ? about : "none");
	cr_assert_null(strstr(about, "\\n"), "no escaped break: %s", about);
	stepper_free(s);
}

/* A file of serve --save-dir read while its session was open (@live 1, no
 * X record): the last row says it ends early; a finished one does not. */
Test(stepper, replay_of_an_open_session_says_it_ends_early)
{
	char why[256];
	FILE *f = tmpfile();
	fputs("smtpdbg-transcript 1\n@live 1\nS 0 - 220 mx ESMTP\nC 1 - EHLO a\nS 2 - 250 mx\n", f);
	rewind(f);
	struct stepper *s = stepper_replay_file(f, "open.txt", false, 0, why, sizeof why);
	cr_assert_not_null(s, "%s", why);
	while (stepper_forward(s))
		;
	const struct teach_rows *r = stepper_rows(s);
	cr_assert_eq(r->v[r->n - 1].party, '!');
	cr_assert(strstr(r->v[r->n - 1].wire, "the transcript ends here"), "%s", r->v[r->n - 1].wire);
	stepper_free(s);

	f = tmpfile();
	fputs("smtpdbg-transcript 1\n@live 1\nS 0 - 220 mx ESMTP\nX 1 - the session ended\n", f);
	rewind(f);
	s = stepper_replay_file(f, "done.txt", false, 0, why, sizeof why);
	cr_assert_not_null(s, "%s", why);
	while (stepper_forward(s))
		;
	r = stepper_rows(s);
	for (size_t i = 0; i < r->n; i++)
		cr_assert_null(strstr(r->v[i].wire, "the transcript ends here"));
	stepper_free(s);
}
