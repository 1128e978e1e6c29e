/* Recorded lessons (docs/lessons.md): the server steps carry the replies a
 * real server sent, and the runner plays them back after the recorded
 * client lines; nothing else is answered. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/lesson.h"
#include "smtpdbg/lesson_run.h"

struct errs {
	char msg[512];
	unsigned line;
	int n;
};

static void on_err(void *arg, const char *file, unsigned line, const char *msg)
{
	struct errs *e = arg;
	e->n++;
	e->line = line;
	snprintf(e->msg, sizeof e->msg, "%s:%u: %s", file, line, msg);
}

#define HEAD "smtpdbg-lesson 1\ntitle T\npersonality recorded\n"

static const char rec[] = HEAD
	"step server\nreply 220 mail.lab.test ESMTP\nexpect 220\nexplain Hello.\n"
	"step client\nsend EHLO c.lab.test\nexplain Ask.\n"
	"step server\nreply 250-mail.lab.test\nreply 250-STARTTLS\nreply 250 AUTH GSSAPI\n"
	"explain Offers.\n"
	"step client\nsend STARTTLS\nexplain TLS.\n"
	"step server\nreply 220 2.0.0 Ready\nexplain Go.\n"
	"step client\nsend EHLO c.lab.test\nexplain Again.\n"
	"step server\nreply 250-mail.lab.test\nreply 250 AUTH GSSAPI\nexplain Again.\n"
	"step client\nsend QUIT\nexplain Bye.\n"
	"step server\nreply 221 2.0.0 Bye\nexpect 221\nexplain Gone.\n";

static void parse(struct lesson *l, const char *text)
{
	struct errs e = {0};
	cr_assert_eq(lesson_parse(l, text, strlen(text), "r.lesson", on_err, &e), 0, "%s", e.msg);
}

static void bad(const char *text, unsigned line, const char *words)
{
	struct lesson l;
	struct errs e = {0};
	cr_assert_eq(lesson_parse(&l, text, strlen(text), "r.lesson", on_err, &e), -1,
		     "accepted: %s", text);
	cr_assert_eq(e.line, line, "line %u, want %u: %s", e.line, line, e.msg);
	cr_assert(strstr(e.msg, words), "'%s' lacks '%s'", e.msg, words);
}

Test(lesson_recorded, parser_keeps_the_reply_lines)
{
	struct lesson l;
	parse(&l, rec);
	cr_assert(l.recorded);
	cr_assert_str_eq(l.personality, LESSON_RECORDED);
	cr_assert_str_eq(l.steps[2].reply,
			 "250-mail.lab.test\r\n250-STARTTLS\r\n250 AUTH GSSAPI\r\n");
	cr_assert_null(l.steps[1].reply);
	lesson_free(&l);
}

Test(lesson_recorded, parser_errors)
{
	/* reply only in a recorded lesson, only in a server step */
	bad("smtpdbg-lesson 1\ntitle T\npersonality tutorial\nstep server\nreply 220 x\n", 5,
	    "recorded lesson");
	bad(HEAD "step client\nsend EHLO x\nreply 250 x\n", 6, "server step");
	bad(HEAD "step server\nreply hello\n", 5, "three-digit");
	bad(HEAD "step server\nreply 22\n", 5, "three-digit");
	bad(HEAD "step server\nreply 2200 x\n", 5, "three-digit");
	/* one reply a step */
	bad(HEAD "step server\nreply 250 a\nreply 250 b\n", 6, "one reply a step");
	/* every server step has its reply; no computing what was recorded */
	bad(HEAD "step server\nexplain x\nstep client\nsend QUIT\nexplain y\n", 4,
	    "recorded reply");
	bad(HEAD "step server\nreply 220 x\nexplain x\nstep client\ncompute PLAIN\n", 8,
	    "\"send\"");
}

static struct lesson_run *start(const struct lesson *l, const char *personality)
{
	return lesson_run_new(&(struct lesson_run_opts){.lesson = l, .personality = personality});
}

static size_t count(const struct teach_rows *rows, char party)
{
	size_t n = 0;
	for (size_t i = 0; i < rows->n; i++)
		n += rows->v[i].party == party && rows->v[i].state != TEACH_PENDING;
	return n;
}

Test(lesson_recorded, plays_the_recording_in_order)
{
	struct lesson l;
	parse(&l, rec);
	struct lesson_run *r = start(&l, NULL);
	cr_assert_not_null(r);
	cr_assert_str_eq(lesson_run_personality(r)->name, "recorded");
	while (lesson_run_forward(r))
		;
	cr_assert(lesson_run_finished(r));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	const struct teach_rows *rows = lesson_run_rows(r);
	/* The recorded multi-line reply comes back as one row, as recorded. */
	bool offers = false, bye = false, tls = false;
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		offers |= w->party == 'S' && !strcmp(w->wire, "250-mail.lab.test\n250-STARTTLS\n"
							       "250 AUTH GSSAPI");
		bye |= w->party == 'S' && !strcmp(w->wire, "221 2.0.0 Bye");
		tls |= w->party == '#' && strstr(w->wire, "TLS handshake") != NULL;
	}
	cr_assert(offers);
	cr_assert(bye);
	cr_assert(tls, "the STARTTLS of the recording is a handshake row");
	cr_assert_eq(count(rows, 'S'), 5);
	cr_assert_eq(count(rows, 'C'), 4);
	/* Back and forward again: the same rows. */
	size_t n = rows->n;
	cr_assert(lesson_run_back(r));
	cr_assert(lesson_run_forward(r));
	cr_assert_eq(lesson_run_rows(r)->n, n);
	lesson_run_free(r);
	lesson_free(&l);
}

Test(lesson_recorded, a_line_the_recording_lacks_is_not_sent)
{
	struct lesson l;
	parse(&l, rec);
	struct lesson_run *r = start(&l, NULL);
	lesson_run_type(r, "HELO other", false);
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *w = NULL;
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].party == '#' && strstr(rows->v[i].wire, "HELO other"))
			w = &rows->v[i];
	cr_assert_not_null(w, "a row says the typed line was not sent");
	cr_assert(strstr(w->wire, "not sent"), "%s", w->wire);
	cr_assert(strstr(w->explain, "recorded"), "%s", w->explain);
	cr_assert_eq(lesson_run_step(r), 1, "the lesson's EHLO is still next");
	/* The lesson's own line, typed (verb in another case), is answered
	 * with the recording's reply. */
	lesson_run_type(r, "ehlo c.lab.test", false);
	cr_assert_eq(lesson_run_step(r), 3);
	cr_assert_eq(lesson_run_unexpected(r), 0);
	lesson_run_free(r);
	lesson_free(&l);
}

Test(lesson_recorded, no_other_personality_plays_it)
{
	struct lesson l;
	parse(&l, rec);
	cr_assert_null(start(&l, "tutorial"));
	struct lesson_run *r = start(&l, "recorded");
	cr_assert_not_null(r);
	lesson_run_free(r);
	lesson_free(&l);
}

/* The shipped gssapi lesson: a recording of a real Kerberos login (the
 * integration test test_gssapi.sh checks it against a fresh one). Played,
 * its tokens are framed as GSS-API says, the empty answer is not masked,
 * and the security-layer offer is the one RFC 4752 §3.1 describes. */
Test(lesson_recorded, gssapi_lesson_plays_a_kerberos_login)
{
	struct lesson l;
	struct errs e = {0};
	cr_assert_eq(lesson_load(&l, TEST_DATA_DIR "/../../docs/lessons/gssapi.lesson", on_err, &e),
		     0, "%s", e.msg);
	cr_assert(l.recorded);
	struct lesson_run *r = start(&l, NULL);
	while (lesson_run_forward(r))
		;
	cr_assert(lesson_run_finished(r));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	const struct teach_rows *rows = lesson_run_rows(r);
	int stage = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		if (stage == 0 && w->party == 'C' && !strcmp(w->wire, "AUTH GSSAPI"))
			stage = 1;
		else if (stage == 1 && w->party == 'C' && !strncmp(w->wire, "YII", 3))
			stage = 2; /* the initial-context token: 0x60 0x82 ... */
		else if (stage == 2 && w->party == 'S' && !strncmp(w->wire, "334 YIG", 7))
			stage = 3; /* the AP-REP */
		else if (stage == 3 && w->party == 'C' && !strcmp(w->wire, ""))
			stage = 4; /* the empty answer, shown as it is */
		else if (stage == 4 && w->party == 'S' && !strncmp(w->wire, "334 BQQF/w", 10))
			stage = 5; /* a Wrap token (05 04), flags 05 */
		else if (stage == 5 && w->party == 'C' && !strncmp(w->wire, "BQQE/w", 6))
			stage = 6;
		else if (stage == 6 && w->party == 'S' && !strncmp(w->wire, "235", 3))
			stage = 7;
		else if (stage == 7 && w->party == 'S' && !strncmp(w->wire, "250 2.0.0", 9))
			stage = 8;
	}
	cr_assert_eq(stage, 8, "the login and the delivery in order (reached %d)", stage);
	lesson_run_free(r);
	lesson_free(&l);
}

/* A recording that starts with the client's line (no greeting recorded):
 * nothing is queued before it, and nothing is read from an empty queue
 * (fuzz_lesson found the pointer arithmetic on no buffer, UBSan). */
Test(lesson_recorded, a_recording_without_a_greeting_plays)
{
	struct lesson l;
	parse(&l, HEAD "step client\nsend NOOP\nexplain First.\n"
		   "step server\nreply 250 2.0.0 Ok\nexplain Ok.\n");
	struct lesson_run *r = start(&l, NULL);
	cr_assert_not_null(r);
	while (lesson_run_forward(r))
		;
	cr_assert(lesson_run_finished(r));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	cr_assert_eq(count(lesson_run_rows(r), 'S'), 1);
	lesson_run_free(r);
	lesson_free(&l);
}
