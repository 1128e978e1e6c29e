/* A learner typing into a lesson: the 334 prompt behaves as in a live
 * session (a labelled field whose answer is Base64-encoded, a hidden
 * password, PLAIN and CRAM-MD5 computed, :raw, "*", :cram), a typed line
 * is answered at once, and a lesson that leaves its path follows what
 * really happened and can go back to the last row that followed it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/stepper.h"

TestSuite(lesson_typing, .timeout = 30);

static struct stepper *lesson(const char *name, const char *personality)
{
	setenv("SMTPDBG_LESSON_DIR", TEST_DATA_DIR "/../../docs/lessons", 1);
	char *path = lesson_path(name);
	cr_assert(path, "%s", name);
	struct lesson l;
	cr_assert_eq(lesson_load(&l, path, NULL, NULL), 0);
	free(path);
	struct stepper *s = stepper_lesson(&l, name, (struct lesson_run_opts){
		.personality = personality});
	cr_assert(s);
	return s;
}

static const struct teach_row *current(const struct stepper *s)
{
	long c = stepper_current(s);
	cr_assert_geq(c, 0);
	return &stepper_rows(s)->v[c];
}

static const struct teach_row *find(const struct stepper *s, const char *prefix)
{
	const struct teach_rows *rows = stepper_rows(s);
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].state != TEACH_PENDING && rows->v[i].wire &&
		    !strncmp(rows->v[i].wire, prefix, strlen(prefix)))
			return &rows->v[i];
	return NULL;
}

/* No row played shows the text anywhere. */
static void nowhere(const struct stepper *s, const char *text)
{
	const struct teach_rows *rows = stepper_rows(s);
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		const char *f[] = {w->wire, w->decoded, w->explain, w->detail};
		for (size_t k = 0; k < 4; k++)
			cr_assert_null(f[k] ? strstr(f[k], text) : NULL, "row %zu shows %s: %s", i,
				       text, f[k]);
	}
}

static void forward(struct stepper *s, size_t to_step)
{
	while (stepper_step(s) < to_step)
		cr_assert(stepper_forward(s));
}

static const char *prompt(struct stepper *s, enum stepper_prompt want)
{
	const char *label;
	cr_assert_eq(stepper_prompt(s, &label), want);
	return label;
}

Test(lesson_typing, the_credentials_typed_as_text_reach_235)
{
	struct stepper *s = lesson("auth-login", NULL);
	char msg[512];
	prompt(s, STEPPER_PROMPT_LINE);
	forward(s, 5); /* 334 VXNlcm5hbWU6 */
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_FIELD), "Username: ");
	stepper_submit(s, "Max Mustermann", msg, sizeof msg);
	cr_assert(strstr(msg, "TWF4IE11c3Rlcm1hbm4="), "%s", msg);
	/* It is the lesson's line, and its reply came at once. */
	cr_assert_eq(stepper_step(s), 7);
	const struct teach_row *user = find(s, "TWF4IE11c3Rlcm1hbm4=");
	cr_assert(user && user->typed && user->step == 5);
	cr_assert_str_eq(user->decoded, "Max Mustermann");
	cr_assert_str_eq(current(s)->wire, "334 UGFzc3dvcmQ6");
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_SECRET), "Password: ");
	stepper_submit(s, "IchbinkeinSpammer", msg, sizeof msg);
	cr_assert_str_eq(current(s)->wire, "235 OK");
	cr_assert_not(current(s)->unexpected);
	cr_assert_eq(stepper_left(s), -1);
	nowhere(s, "IchbinkeinSpammer");
	prompt(s, STEPPER_PROMPT_LINE);
	stepper_free(s);
}

Test(lesson_typing, a_wrong_password_reaches_535_and_the_lesson_says_why)
{
	struct stepper *s = lesson("auth-login", NULL);
	char msg[512];
	forward(s, 7);
	stepper_submit(s, "Geheim123", msg, sizeof msg);
	nowhere(s, "Geheim123");
	const struct teach_row *typed = find(s, "********");
	cr_assert(typed && typed->typed && typed->secret);
	cr_assert(strstr(typed->explain, "differs from the lesson's"), "%s", typed->explain);
	const struct teach_row *w = current(s);
	cr_assert(!strncmp(w->wire, "535 ", 4), "%s", w->wire);
	cr_assert(w->unexpected);
	/* The real reply explained, with how it differs from the lesson. */
	cr_assert(strstr(w->explain, "The lesson expected \"235\""), "%s", w->explain);
	cr_assert(strstr(w->explain, "Your answer (masked) differs"), "%s", w->explain);
	cr_assert(strstr(w->explain, "535"), "%s", w->explain);
	cr_assert_null(strstr(w->explain, "credentials were accepted"), "%s", w->explain);
	/* Back to the last row that followed the lesson: the password prompt. */
	cr_assert_eq(stepper_left(s), stepper_current(s));
	cr_assert(stepper_rewind(s));
	cr_assert_eq(stepper_left(s), -1);
	cr_assert_str_eq(current(s)->wire, "334 UGFzc3dvcmQ6");
	cr_assert_eq(stepper_step(s), 7);
	cr_assert_not(stepper_rewind(s));
	/* What led away is gone: forward plays the lesson's own line. */
	cr_assert(stepper_forward(s));
	cr_assert_str_eq(current(s)->wire, "SWNoYmlua2VpblNwYW1tZXI=");
	cr_assert_not(current(s)->typed);
	stepper_free(s);
}

Test(lesson_typing, raw_base64_and_cancel_at_the_field)
{
	struct stepper *s = lesson("auth-login", NULL);
	char msg[512];
	forward(s, 5);
	stepper_submit(s, ":raw TWF4IE11c3Rlcm1hbm4=", msg, sizeof msg);
	cr_assert_eq(stepper_step(s), 7, "%s", msg);
	cr_assert(find(s, "TWF4IE11c3Rlcm1hbm4=")->typed);
	/* The raw line is sent as typed: "Max Mustermann" as is cannot be
	 * decoded by the server. */
	cr_assert(stepper_back(s));
	stepper_raw(s, "Max Mustermann", msg, sizeof msg);
	const struct teach_row *w = current(s);
	cr_assert(!strncmp(w->wire, "501 5.5.2", 9), "%s", w->wire);
	cr_assert(w->unexpected);
	cr_assert(strstr(w->explain, "The lesson expected \"334 UGFzc3dvcmQ6\""), "%s", w->explain);
	cr_assert_null(strstr(w->explain, "Another 334"), "%s", w->explain);
	/* "*" cancels the exchange. */
	cr_assert(stepper_rewind(s));
	stepper_submit(s, "*", msg, sizeof msg);
	cr_assert(!strncmp(current(s)->wire, "501 5.7.0", 9), "%s", current(s)->wire);
	prompt(s, STEPPER_PROMPT_LINE);
	stepper_free(s);
}

Test(lesson_typing, plain_asks_user_and_password_and_computes)
{
	struct stepper *s = lesson("auth-plain", NULL);
	char msg[512];
	forward(s, 5); /* 334 (empty) after AUTH PLAIN */
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_FIELD), "Username: ");
	stepper_submit(s, "Max Mustermann", msg, sizeof msg);
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_SECRET), "Password: ");
	cr_assert_eq(stepper_step(s), 5, "nothing sent before the password");
	stepper_submit(s, "IchbinkeinSpammer", msg, sizeof msg);
	cr_assert(!strncmp(current(s)->wire, "235", 3), "%s", current(s)->wire);
	cr_assert_not(current(s)->unexpected);
	nowhere(s, "IchbinkeinSpammer");
	nowhere(s, "AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy");
	stepper_free(s);
}

/* The cram-md5 lesson plays RFC 2195's example (the rfc-example
 * personality): typed by field, the answer is the RFC's own. */
Test(lesson_typing, cram_md5_by_field_and_by_the_cram_command)
{
	struct stepper *s = lesson("cram-md5", NULL);
	char msg[512];
	forward(s, 5);
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_FIELD), "Username: ");
	stepper_cram(s, msg, sizeof msg);
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_FIELD), "Username: ");
	stepper_submit(s, "tim", msg, sizeof msg);
	stepper_submit(s, "tanstaaftanstaaf", msg, sizeof msg);
	const struct teach_row *resp = find(s, "dGltIGI5MTNhNjAy");
	cr_assert(resp && resp->typed);
	cr_assert_str_eq(resp->decoded, "tim b913a602c7eda7a495b4e6e7334d3890");
	cr_assert(!strncmp(current(s)->wire, "235", 3));
	cr_assert_eq(stepper_left(s), -1, "the same answer as the lesson's");
	/* :cram with no challenge waiting says so. */
	stepper_cram(s, msg, sizeof msg);
	cr_assert(strstr(msg, "334"), "%s", msg);
	prompt(s, STEPPER_PROMPT_LINE);
	stepper_free(s);
}

Test(lesson_typing, the_cram_command_in_a_replay_computes_and_sends_nothing)
{
	struct stepper *s = lesson("cram-md5", NULL);
	while (stepper_forward(s))
		;
	char path[] = "/tmp/smtpdbg-test-typing-XXXXXX";
	close(mkstemp(path));
	unlink(path);
	char why[128], msg[512];
	cr_assert_eq(stepper_save(s, path, false, why, sizeof why), 0, "%s", why);
	stepper_free(s);
	FILE *f = fopen(path, "r");
	s = stepper_replay_file(f, path, false, 0, why, sizeof why);
	cr_assert(s, "%s", why);
	unlink(path);
	stepper_cram(s, msg, sizeof msg);
	cr_assert(strstr(msg, "step to one"), "%s", msg);
	for (int i = 0; i < 5; i++)
		cr_assert(stepper_forward(s));
	cr_assert(!strncmp(current(s)->wire, "334 ", 4), "%s", current(s)->wire);
	stepper_cram(s, msg, sizeof msg);
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_FIELD), "Username: ");
	stepper_submit(s, "tim", msg, sizeof msg);
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_SECRET), "Password: ");
	stepper_submit(s, "tanstaaftanstaaf", msg, sizeof msg);
	cr_assert(strstr(msg, "tim b913a602c7eda7a495b4e6e7334d3890"), "%s", msg);
	cr_assert_eq(stepper_current(s), 4, "a replay sends nothing");
	/* A line typed in a replay goes nowhere. */
	stepper_submit(s, "NOOP", msg, sizeof msg);
	cr_assert(strstr(msg, "replay sends nothing"), "%s", msg);
	stepper_free(s);
}

Test(lesson_typing, a_typed_line_is_answered_at_once)
{
	struct stepper *s = lesson("auth-login", NULL);
	char msg[512];
	stepper_submit(s, "EHLO relay.client.com", msg, sizeof msg);
	/* The greeting first, then the line, then its reply: all played. */
	cr_assert_eq(stepper_step(s), 3);
	cr_assert(strstr(current(s)->wire, "250 AUTH CRAM-MD5 LOGIN PLAIN"));
	cr_assert_eq(current(s)->step, 2);
	/* A line outside the lesson: answered at once too, and the lesson's
	 * line is still next (the server is where the lesson left it). */
	stepper_submit(s, "FOO", msg, sizeof msg);
	const struct teach_row *w = current(s);
	cr_assert(!strncmp(w->wire, "502 ", 4) || !strncmp(w->wire, "500 ", 4), "%s", w->wire);
	cr_assert(strstr((w - 1)->explain, "still next"), "%s", (w - 1)->explain);
	cr_assert_eq(stepper_left(s), -1);
	stepper_free(s);
}

Test(lesson_typing, a_typed_line_after_which_the_lesson_no_longer_fits)
{
	struct stepper *s = lesson("auth-login", NULL);
	char msg[512];
	forward(s, 3);
	stepper_submit(s, "AUTH PLAIN", msg, sizeof msg);
	const struct teach_rows *rows = stepper_rows(s);
	const struct teach_row *typed = find(s, "AUTH PLAIN");
	cr_assert(typed && typed->typed);
	cr_assert(strstr(typed->explain, "Same command"), "%s", typed->explain);
	cr_assert(strstr(typed->explain, "no longer fits"), "%s", typed->explain);
	cr_assert_null(strstr(typed->explain, "still next"), "%s", typed->explain);
	cr_assert_eq(stepper_left(s), typed - rows->v);
	/* The server's 334 to PLAIN is shown; its field asks as PLAIN does. */
	cr_assert_str_eq(current(s)->wire, "334 ");
	cr_assert_str_eq(prompt(s, STEPPER_PROMPT_FIELD), "Username: ");
	cr_assert(stepper_rewind(s));
	cr_assert_eq(stepper_step(s), 3);
	cr_assert(stepper_forward(s));
	cr_assert_str_eq(current(s)->wire, "AUTH LOGIN");
	stepper_free(s);
}

Test(lesson_typing, a_derailed_lesson_explains_the_real_replies)
{
	/* Written for the tutorial server, played against a strict one. */
	struct stepper *s = lesson("auth-login", "strict-submission");
	while (stepper_forward(s))
		;
	const struct teach_rows *rows = stepper_rows(s);
	long left = stepper_left(s);
	cr_assert_geq(left, 0);
	size_t unexpected = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		if (w->party == 'S' && w->unexpected) {
			unexpected++;
			cr_assert(strstr(w->explain, "The lesson expected"), "%s", w->explain);
			/* never the lesson's words for the reply it expected */
			cr_assert_null(strstr(w->explain, "Another 334"), "%s", w->explain);
			cr_assert_null(strstr(w->explain, "credentials were accepted"), "%s", w->explain);
		}
		if (w->party == 'C' && (long)i > left)
			cr_assert(strstr(w->explain, "Off the lesson's path"), "%s", w->explain);
	}
	cr_assert_geq(unexpected, 4);
	cr_assert(strstr(rows->v[left].explain, "strict-submission"), "%s", rows->v[left].explain);
	stepper_free(s);
}

Test(lesson_typing, first_and_last)
{
	struct stepper *s = lesson("starttls", NULL);
	cr_assert_not(stepper_first(s));
	cr_assert(stepper_last(s));
	cr_assert_eq(stepper_step(s), stepper_steps(s));
	cr_assert_not(stepper_forward(s));
	cr_assert(stepper_first(s));
	cr_assert_eq(stepper_current(s), -1);
	/* The handshake is a row of its own, shown by a step of its own. */
	forward(s, 7);
	cr_assert(!strncmp(current(s)->wire, "220 2.0.0", 9), "%s", current(s)->wire);
	cr_assert(stepper_forward(s));
	cr_assert_eq(current(s)->party, '#');
	cr_assert_eq(stepper_step(s), 7);
	cr_assert(stepper_forward(s));
	cr_assert_str_eq(current(s)->wire, "EHLO relay.client.com");
	cr_assert(current(s)->tls);
	stepper_free(s);
}
