#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/lesson.h"
#include "smtpdbg/lesson_run.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/xmalloc.h"

#define LESSONS TEST_DATA_DIR "/../../docs/lessons/"

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

static void load(struct lesson *l, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, LESSONS "%s.lesson", name);
	struct errs e = {0};
	cr_assert_eq(lesson_load(l, path, on_err, &e), 0, "%s", e.msg);
}

static struct lesson_run *start(const struct lesson *l, const char *personality)
{
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
		.lesson = l, .personality = personality, .esc_flags = 0});
	cr_assert_not_null(r);
	return r;
}

/* ---- the parser ------------------------------------------------------- */

#define HEAD "smtpdbg-lesson 1\ntitle T\npersonality tutorial\n"

static void bad(const char *text, unsigned line, const char *words)
{
	struct lesson l;
	struct errs e = {0};
	cr_assert_eq(lesson_parse(&l, text, strlen(text), "x.lesson", on_err, &e), -1,
		     "accepted: %s", text);
	cr_assert_eq(e.n, 1);
	cr_assert_eq(e.line, line, "line %u, want %u: %s", e.line, line, e.msg);
	cr_assert(strstr(e.msg, words), "'%s' lacks '%s'", e.msg, words);
	cr_assert(!strncmp(e.msg, "x.lesson:", 9));
	cr_assert_eq(l.nsteps, 0);
}

Test(lesson, parser_errors_name_their_line)
{
	bad("", 1, "empty");
	bad("lesson\n", 1, "not a lesson");
	bad("smtpdbg-lesson 2\n", 1, "version");
	bad(HEAD "colour red\n", 4, "unknown directive before");
	bad("smtpdbg-lesson 1\ntitle T\ntitle U\n", 3, "twice");
	bad("smtpdbg-lesson 1\ntitle T\npersonality nosuch\n", 3, "unknown personality");
	bad(HEAD "step both\n", 4, "step server");
	bad(HEAD "step server\nsend EHLO x\n", 5, "only a client step");
	bad(HEAD "step client\nexpect 250\n", 5, "belongs to the server");
	bad(HEAD "step client\nsend A\nsend B\n", 6, "one line");
	bad(HEAD "step client\ncompute NOSUCH-MECH\n", 5, "unknown SASL");
	bad(HEAD "step client\nsecret yes\n", 5, "stands alone");
	bad(HEAD "step server\nexpect\n", 5, "start of a reply");
	bad(HEAD "step server\nwobble\n", 5, "unknown directive in a step");
	bad(HEAD "step client\nexplain no line\nstep server\nexplain x\n", 4, "needs \"send");
	bad(HEAD "step server\nexpect 220\n", 4, "explanation");
	bad(HEAD "step server\nexplain a\tb\n", 5, "control character");
	bad("smtpdbg-lesson 1\npersonality tutorial\nstep server\nexplain x\n", 5, "no \"title\"");
	bad("smtpdbg-lesson 1\ntitle T\nstep server\nexplain x\n", 5, "no \"personality\"");
	bad(HEAD, 4, "no steps");
	char *big = malloc(LESSON_LINE_MAX + 64);
	snprintf(big, LESSON_LINE_MAX + 64, HEAD "about ");
	size_t n = strlen(big);
	memset(big + n, 'a', LESSON_LINE_MAX);
	big[n + LESSON_LINE_MAX] = '\0';
	bad(big, 4, "too long");
	free(big);
}

Test(lesson, parser_reads_steps)
{
	const char *text = HEAD "about one\nabout two\nabout\nabout three\n"
			   "# a comment\n\nstep server\nexpect 220\nexpect 421\nexplain hello  \n"
			   "step client\ncompute CRAM-MD5\nsecret\nexplain a\nexplain b\n";
	struct lesson l;
	struct errs e = {0};
	cr_assert_eq(lesson_parse(&l, text, strlen(text), "x", on_err, &e), 0, "%s", e.msg);
	cr_assert_str_eq(l.title, "T");
	cr_assert_str_eq(l.about, "one two\nthree");
	cr_assert_eq(l.nsteps, 2);
	cr_assert_eq(l.steps[0].party, LESSON_SERVER);
	cr_assert_eq(l.steps[0].nexpect, 2);
	cr_assert_str_eq(l.steps[0].expect[1], "421");
	cr_assert_str_eq(l.steps[0].explain, "hello");
	cr_assert_eq(l.steps[1].party, LESSON_CLIENT);
	cr_assert_str_eq(l.steps[1].compute, "CRAM-MD5");
	cr_assert(l.steps[1].secret);
	cr_assert_str_eq(l.steps[1].explain, "a b");
	cr_assert_eq(l.steps[1].lineno, 14);
	lesson_free(&l);
}

/* ---- the runner ------------------------------------------------------- */

static const struct {
	char party;
	const char *wire, *decoded;
} seed[] = {
	{'S', "220 smtp.server.com ESMTP Postfix", NULL},
	{'C', "EHLO relay.client.com", NULL},
	{'S', "250-smtp.server.com Guten Tag\n250 AUTH CRAM-MD5 LOGIN PLAIN", NULL},
	{'C', "AUTH LOGIN", NULL},
	{'S', "334 VXNlcm5hbWU6", "Username:"},
	{'C', "TWF4IE11c3Rlcm1hbm4=", "Max Mustermann"},
	{'S', "334 UGFzc3dvcmQ6", "Password:"},
	{'C', "SWNoYmlua2VpblNwYW1tZXI=", "********"},
	{'S', "235 OK", NULL},
};
#define NSEED (sizeof seed / sizeof seed[0])

Test(lesson, auth_login_gives_the_seed_rows_in_order)
{
	struct lesson l;
	load(&l, "auth-login");
	struct lesson_run *r = start(&l, NULL);
	cr_assert_eq(lesson_run_steps(r), NSEED);
	/* Before the first step: every row pending, the plan visible. */
	const struct teach_rows *rows = lesson_run_rows(r);
	cr_assert_eq(rows->n, NSEED);
	cr_assert_eq(lesson_run_current(r), -1);
	for (size_t i = 0; i < NSEED; i++)
		cr_assert_eq(rows->v[i].state, TEACH_PENDING);
	for (size_t i = 0; i < NSEED; i++) {
		cr_assert(lesson_run_forward(r));
		rows = lesson_run_rows(r);
		cr_assert_eq(rows->n, NSEED, "rows %zu after step %zu", rows->n, i + 1);
		cr_assert_eq(lesson_run_current(r), (long)i);
		for (size_t j = 0; j < NSEED; j++)
			cr_assert_eq(rows->v[j].state,
				     j < i ? TEACH_DONE : j == i ? TEACH_CURRENT : TEACH_PENDING);
		const struct teach_row *w = &rows->v[i];
		cr_assert_eq(w->party, seed[i].party);
		cr_assert_str_eq(w->wire, seed[i].wire);
		if (seed[i].decoded)
			cr_assert_str_eq(w->decoded, seed[i].decoded, "row %zu", i);
		else
			cr_assert_null(w->decoded, "row %zu: %s", i, w->decoded);
		cr_assert_eq(w->step, (long)i);
		cr_assert(w->explain && *w->explain);
		cr_assert(w->detail && *w->detail, "row %zu has no explanation from smtpdbg", i);
		cr_assert_not(w->unexpected);
		cr_assert_null(strstr(w->decoded ? w->decoded : "", "IchbinkeinSpammer"));
		cr_assert_null(strstr(w->detail, "IchbinkeinSpammer"));
	}
	cr_assert_not(lesson_run_forward(r));
	cr_assert(lesson_run_finished(r));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	cr_assert(rows->v[7].secret);
	/* Revealed on request. */
	lesson_run_set_reveal(r, true);
	cr_assert_str_eq(lesson_run_rows(r)->v[7].decoded, "IchbinkeinSpammer");
	lesson_run_free(r);
	lesson_free(&l);
}

static char *dump(const struct teach_rows *rows)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	for (size_t i = 0; i < rows->n; i++) {
		const struct teach_row *w = &rows->v[i];
		fprintf(f, "%c|%d|%ld|%s|%s|%s|%s|%d%d%d%d\n", w->party, w->state, w->step, w->wire,
			w->decoded ? w->decoded : "-", w->explain ? w->explain : "-",
			w->detail ? w->detail : "-", w->secret, w->tls, w->unexpected, w->typed);
	}
	fclose(f);
	return p;
}

Test(lesson, back_and_forward_give_identical_rows)
{
	const char *names[] = {"auth-login", "cram-md5", "starttls"};
	for (size_t k = 0; k < 3; k++) {
		struct lesson l;
		load(&l, names[k]);
		struct lesson_run *r = start(&l, NULL);
		size_t steps = lesson_run_steps(r);
		char **seen = calloc(steps + 1, sizeof *seen);
		seen[0] = dump(lesson_run_rows(r));
		for (size_t i = 1; i <= steps; i++) {
			cr_assert(lesson_run_forward(r));
			seen[i] = dump(lesson_run_rows(r));
		}
		for (size_t i = steps; i-- > 0;) {
			cr_assert(lesson_run_back(r));
			char *now = dump(lesson_run_rows(r));
			cr_assert_str_eq(now, seen[i], "%s: back to %zu", names[k], i);
			free(now);
		}
		cr_assert_not(lesson_run_back(r));
		for (size_t i = 1; i <= steps; i++) {
			cr_assert(lesson_run_forward(r));
			char *now = dump(lesson_run_rows(r));
			cr_assert_str_eq(now, seen[i], "%s: forward again to %zu", names[k], i);
			free(now);
		}
		for (size_t i = 0; i <= steps; i++)
			free(seen[i]);
		free(seen);
		lesson_run_free(r);
		lesson_free(&l);
	}
}

Test(lesson, a_wrong_line_is_explained_not_punished)
{
	struct lesson l;
	load(&l, "auth-login");
	struct lesson_run *r = start(&l, NULL);
	/* The greeting is played first, then the typed line goes out. */
	lesson_run_type(r, "HELO relay.client.com", false);
	const struct teach_rows *rows = lesson_run_rows(r);
	cr_assert_eq(lesson_run_step(r), 1, "the lesson's EHLO is still next");
	cr_assert_str_eq(rows->v[0].wire, "220 smtp.server.com ESMTP Postfix");
	const struct teach_row *typed = &rows->v[1];
	cr_assert(typed->typed);
	cr_assert_eq(typed->step, -1);
	cr_assert_str_eq(typed->wire, "HELO relay.client.com");
	cr_assert(strstr(typed->explain, "HELO"), "%s", typed->explain);
	cr_assert(strstr(typed->explain, "EHLO"), "%s", typed->explain);
	cr_assert(strstr(typed->explain, "still next"), "%s", typed->explain);
	/* The server answered it, outside the lesson. */
	cr_assert_eq(rows->v[2].party, 'S');
	cr_assert_str_eq(rows->v[2].wire, "250 smtp.server.com");
	cr_assert_eq(rows->v[2].step, -1);
	cr_assert_eq(rows->v[3].state, TEACH_PENDING);
	cr_assert_str_eq(rows->v[3].wire, "EHLO relay.client.com");

	/* The same command with the wrong argument is told apart. */
	lesson_run_type(r, "EHLO other.example", false);
	rows = lesson_run_rows(r);
	cr_assert(strstr(rows->v[3].explain, "different argument"), "%s", rows->v[3].explain);

	/* Typing the lesson's own line (in any case) counts as the step, and
	 * is answered at once: the lesson's row for the reply comes with it. */
	lesson_run_type(r, "ehlo relay.client.com", false);
	rows = lesson_run_rows(r);
	cr_assert_eq(lesson_run_step(r), 3);
	const struct teach_row *ok = &rows->v[lesson_run_current(r) - 1];
	cr_assert(ok->typed);
	cr_assert_eq(ok->step, 1);
	cr_assert_eq(ok->explain[0], 'T', "the lesson's own explanation: %s", ok->explain);
	const struct teach_row *reply = &rows->v[lesson_run_current(r)];
	cr_assert_eq(reply->step, 2);
	cr_assert(strstr(reply->wire, "250 AUTH CRAM-MD5 LOGIN PLAIN"), "%s", reply->wire);
	cr_assert_eq(lesson_run_left(r), -1, "typing nothing wrong leaves no path");
	/* The lesson goes on to its end from there. */
	while (lesson_run_forward(r))
		;
	cr_assert(lesson_run_finished(r));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	/* Back undoes one action at a time: a step, or a typed line with its
	 * reply. */
	size_t n = lesson_run_rows(r)->n;
	for (int i = 0; i < 6; i++)
		cr_assert(lesson_run_back(r));
	cr_assert_eq(lesson_run_step(r), 3);
	cr_assert(lesson_run_back(r));
	cr_assert_eq(lesson_run_step(r), 1);
	cr_assert_eq(lesson_run_rows(r)->n, n);
	cr_assert(lesson_run_first(r));
	cr_assert_eq(lesson_run_current(r), -1);
	cr_assert_not(lesson_run_first(r));
	lesson_run_free(r);
	lesson_free(&l);
}

/* The lessons shipped in docs/lessons. */
static const char *const shipped[] = {"auth-login", "auth-plain", "client-settings", "cram-md5",
				      "gssapi", "open-relay-test", "ports", "starttls"};
#define NSHIPPED (sizeof shipped / sizeof *shipped)

/* A lesson added to docs/lessons is added to the list above, so the tests
 * below play it. */
Test(lesson, every_shipped_lesson_is_tested)
{
	DIR *d = opendir(LESSONS);
	cr_assert_not_null(d);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len <= 7 || strcmp(e->d_name + len - 7, ".lesson"))
			continue;
		n++;
		bool known = false;
		for (size_t k = 0; k < NSHIPPED; k++)
			known |= strlen(shipped[k]) == len - 7 && !strncmp(e->d_name, shipped[k], len - 7);
		cr_assert(known, "%s is not in the tests' list", e->d_name);
	}
	closedir(d);
	cr_assert_eq(n, NSHIPPED);
}

Test(lesson, every_lesson_runs_to_its_end)
{
	const char *const *names = shipped;
	for (size_t k = 0; k < NSHIPPED; k++) {
		struct lesson l;
		load(&l, names[k]);
		struct lesson_run *r = start(&l, NULL);
		while (lesson_run_forward(r))
			;
		cr_assert(lesson_run_finished(r), "%s", names[k]);
		const struct teach_rows *rows = lesson_run_rows(r);
		for (size_t i = 0; i < rows->n; i++)
			cr_assert_not(rows->v[i].unexpected, "%s row %zu: %s\n%s", names[k], i,
				      rows->v[i].wire, rows->v[i].detail);
		cr_assert_eq(lesson_run_unexpected(r), 0, "%s", names[k]);
		lesson_run_free(r);
		lesson_free(&l);
	}
}

static const struct teach_row *find_row(const struct teach_rows *rows, const char *prefix)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].wire && !strncmp(rows->v[i].wire, prefix, strlen(prefix)))
			return &rows->v[i];
	return NULL;
}

Test(lesson, open_relay_test_on_both_kinds_of_server)
{
	struct lesson l;
	load(&l, "open-relay-test");
	struct lesson_run *r = start(&l, NULL);
	while (lesson_run_forward(r))
		;
	cr_assert_not_null(find_row(lesson_run_rows(r), "250 2.1.5"));
	lesson_run_free(r);
	r = start(&l, "tutorial");
	while (lesson_run_forward(r))
		;
	const struct teach_row *w = find_row(lesson_run_rows(r), "554 5.7.1");
	cr_assert_not_null(w);
	cr_assert_not(w->unexpected);
	cr_assert_eq(lesson_run_unexpected(r), 0);
	lesson_run_free(r);
	lesson_free(&l);
}

Test(lesson, cram_md5_is_computed_from_the_servers_challenge)
{
	struct lesson l;
	load(&l, "cram-md5");
	/* Against the tutorial server: its own challenge, the seed's password. */
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
		.lesson = &l, .personality = "tutorial", .auth_maths = true});
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *ch = find_row(rows, "334 ");
	cr_assert_not_null(ch);
	cr_assert_str_eq(ch->decoded, "<1896609055.1700000000@smtp.server.com>");
	const struct teach_row *resp = ch + 1;
	cr_assert_eq(resp->party, 'C');
	/* HMAC-MD5("IchbinkeinSpammer", challenge), checked by the server. */
	cr_assert(strstr(resp->explain, "HMAC-MD5"), "%s", resp->explain);
	cr_assert_str_eq(resp->decoded, "Max Mustermann 21c874b82e537eedfc110691b0027dd0");
	cr_assert_not_null(find_row(rows, "235 "));
	lesson_run_free(r);
	lesson_free(&l);
}

/* The row's maths as text, secrets as the run was told. */
static char *maths_text(const struct teach_row *w)
{
	struct buf b;
	buf_init(&b, 0);
	annot_items_text(&w->maths, &b);
	return b.data ? buf_steal(&b) : xstrdup("");
}

/* The lesson plays RFC 2195's own example, so the row carries the RFC's
 * digest and every step to it; the key (the password) only when revealed. */
static void cram_rfc(bool reveal)
{
	struct lesson l;
	load(&l, "cram-md5");
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
		.lesson = &l, .reveal = reveal});
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *ch = find_row(rows, "334 ");
	cr_assert_not_null(ch);
	cr_assert_str_eq(ch->wire, "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
	const struct teach_row *resp = ch + 1;
	cr_assert_str_eq(resp->wire, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	char *m = maths_text(resp);
	const char *want[] = {
		"challenge: <1896.697170952@postoffice.reston.mci.net>",
		"K XOR ipad = ", "inner = MD5((K XOR ipad) || challenge) = ",
		"K XOR opad = ",
		"digest = MD5((K XOR opad) || inner) = b913a602c7eda7a495b4e6e7334d3890",
		"response: tim b913a602c7eda7a495b4e6e7334d3890",
		"user: tim", "digest: b913a602c7eda7a495b4e6e7334d3890",
		"36 bytes, in hex: 74 69 6d 20 62 39 31 33",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert(strstr(m, want[i]), "lacks '%s':\n%s", want[i], m);
	if (reveal) {
		cr_assert(strstr(m, "key K = the password: \"tanstaaftanstaaf\" = 74 61 6e 73"), "%s", m);
		cr_assert(strstr(m, "K XOR ipad = 42 57 58 45 42 57 57 50"), "%s", m);
	} else {
		cr_assert(strstr(m, "key K = the password: ********"), "%s", m);
		cr_assert_null(strstr(m, "tanstaaf"), "%s", m);
	}
	/* Not printed unless asked (--explain-auth): the row keeps it for the TUI. */
	cr_assert_null(strstr(resp->explain, "K XOR ipad"));
	cr_assert_not_null(find_row(rows, "235 "));
	free(m);
	lesson_run_free(r);
	lesson_free(&l);
}

Test(lesson, cram_md5_plays_rfc_2195)
{
	cram_rfc(false);
	cram_rfc(true);
}

/* PLAIN after an empty 334: the response is the answer to it (not an
 * "initial response"), and the row shows the three fields with the NULs
 * visible and the password masked. */
Test(lesson, plain_row_shows_the_nul_separated_fields)
{
	struct lesson l;
	load(&l, "auth-plain");
	struct lesson_run *r = start(&l, NULL);
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *ch = find_row(rows, "334");
	cr_assert_not_null(ch);
	char *m = maths_text(ch + 1);
	cr_assert(strstr(m, "empty challenge: AUTH PLAIN was sent without an initial response"),
		  "%s", m);
	cr_assert_null(strstr(m, "initial response: sent on the AUTH PLAIN line"), "%s", m);
	cr_assert(strstr(m, "PLAIN message = authzid NUL authcid NUL passwd"), "%s", m);
	cr_assert(strstr(m, "authcid: Max Mustermann"), "%s", m);
	cr_assert(strstr(m, "as bytes (00 is NUL): 00 4d 61 78 20 4d 75 73 74 65 72 6d 61 6e 6e 00 "
			    "********"), "%s", m);
	cr_assert(strstr(m, "as text: \\x00Max Mustermann\\x00********"), "%s", m);
	cr_assert_null(strstr(m, "IchbinkeinSpammer"), "%s", m);
	free(m);
	lesson_run_free(r);
	lesson_free(&l);
}

Test(lesson, starttls_changes_what_is_offered)
{
	struct lesson l;
	load(&l, "starttls");
	struct lesson_run *r = start(&l, NULL);
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *first = NULL, *second = NULL;
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].party == 'S' && strstr(rows->v[i].wire, "250-PIPELINING"))
			(first ? &second : &first)[0] = &rows->v[i];
	cr_assert(first && second);
	cr_assert(strstr(first->wire, "STARTTLS"));
	cr_assert_null(strstr(first->wire, "AUTH"));
	cr_assert_not(first->tls);
	cr_assert(strstr(second->wire, "250-AUTH PLAIN LOGIN CRAM-MD5"));
	cr_assert_null(strstr(second->wire, "STARTTLS"));
	cr_assert(second->tls);
	cr_assert_not_null(find_row(rows, "530 5.7.0"));
	/* The handshake is a row of its own, after the 220, honest about
	 * being simulated. */
	const struct teach_row *ready = find_row(rows, "220 2.0.0");
	const struct teach_row *hs = ready + 1;
	cr_assert_eq(hs->party, '#');
	cr_assert(strstr(hs->wire, "TLS handshake"), "%s", hs->wire);
	cr_assert(strstr(hs->detail, "simulated"), "%s", hs->detail);
	cr_assert(strstr(hs->detail, "EHLO again"), "%s", hs->detail);
	cr_assert_eq((hs + 1)->party, 'C');
	cr_assert_str_eq((hs + 1)->wire, "EHLO relay.client.com");
	cr_assert((hs + 1)->tls);
	lesson_run_free(r);
	lesson_free(&l);
}

static int hook_calls;
static int fake_handshake(void *arg, struct server_session *s, struct smtp_client *c)
{
	(void)arg;
	hook_calls++;
	server_session_tls_ready(s);
	smtp_client_tls_ready(c, false);
	return 0;
}

Test(lesson, the_handshake_hook_is_used_when_given)
{
	struct lesson l;
	load(&l, "starttls");
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
		.lesson = &l, .tls_handshake = fake_handshake});
	while (lesson_run_forward(r))
		;
	cr_assert_eq(hook_calls, 1);
	cr_assert_eq(lesson_run_unexpected(r), 0);
	const struct teach_row *hs = find_row(lesson_run_rows(r), "TLS handshake");
	cr_assert_not_null(hs);
	cr_assert_null(strstr(hs->detail, "simulated"), "%s", hs->detail);
	lesson_run_free(r);
	lesson_free(&l);
}

/* The live narration of a lesson equals the replay of its saved transcript. */
static void narrate_live(void *arg, const struct smtp_event *ev)
{
	narrate_event(arg, &(struct narrate_opts){.explain = true}, ev);
}

static void narrate_replayed(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	(void)rec;
	narrate_event(arg, &(struct narrate_opts){.explain = true}, ev);
}

Test(lesson, saved_transcript_replays_with_the_same_explanations)
{
	const char *const *names = shipped;
	for (size_t k = 0; k < NSHIPPED; k++) {
		struct lesson l;
		load(&l, names[k]);
		char *live = NULL, *again = NULL, *file = NULL;
		size_t n1 = 0, n2 = 0, n3 = 0;
		FILE *f = open_memstream(&live, &n1);
		struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){
			.lesson = &l, .on_event = narrate_live, .event_arg = f});
		while (lesson_run_forward(r))
			;
		fclose(f);
		/* Saved masked, read back, replayed. */
		f = open_memstream(&file, &n3);
		cr_assert_eq(tf_write(f, lesson_run_transcript(r), false), 0);
		fclose(f);
		struct tf_list back;
		tf_list_init(&back);
		cr_assert_eq(tf_parse(&back, file, n3, "t", NULL, NULL, NULL), 0);
		f = open_memstream(&again, &n2);
		replay_run(&back, &(struct replay_cb){.event = narrate_replayed, .arg = f});
		fclose(f);
		cr_assert_str_eq(again, live, "%s", names[k]);
		cr_assert_null(strstr(file, "IchbinkeinSpammer"));
		tf_list_free(&back);
		free(live);
		free(again);
		free(file);
		lesson_run_free(r);
		lesson_free(&l);
	}
}

/* The rows of a lesson played to its end, and the one starting with prefix
 * after the row at index from. */
static const struct teach_row *find_from(const struct teach_rows *rows, size_t from,
					 const char *prefix)
{
	for (size_t i = from; i < rows->n; i++)
		if (rows->v[i].wire && !strncmp(rows->v[i].wire, prefix, strlen(prefix)))
			return &rows->v[i];
	return NULL;
}

/* ports: a submission port refuses MAIL before TLS, then before AUTH
 * (RFC 6409 §4.3), and relays after AUTH; the same lesson against a
 * server that accepts MAIL at once is not what it teaches. */
Test(lesson, ports_shows_what_a_submission_port_requires)
{
	struct lesson l;
	load(&l, "ports");
	cr_assert_str_eq(l.personality, "submission");
	struct lesson_run *r = start(&l, NULL);
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *no_tls = find_row(rows, "530 5.7.0 Must issue a STARTTLS");
	cr_assert_not_null(no_tls);
	cr_assert_not(no_tls->tls);
	const struct teach_row *no_auth = find_row(rows, "530 5.7.0 Authentication required");
	cr_assert_not_null(no_auth);
	cr_assert(no_auth->tls);
	cr_assert(strstr(no_auth->explain, "RFC 6409"), "%s", no_auth->explain);
	const struct teach_row *ok = find_from(rows, (size_t)(no_auth - rows->v), "235 ");
	cr_assert_not_null(ok);
	const struct teach_row *relay = find_from(rows, (size_t)(ok - rows->v), "250 2.1.5");
	cr_assert_not_null(relay);
	cr_assert_eq(relay[-1].party, 'C');
	cr_assert(strstr(relay[-1].wire, "example.org"));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	lesson_run_free(r);
	/* strict-submission takes MAIL before TLS: the lesson says it went off. */
	r = start(&l, "strict-submission");
	while (lesson_run_forward(r))
		;
	cr_assert_gt(lesson_run_unexpected(r), 0);
	lesson_run_free(r);
	lesson_free(&l);
}

/* client-settings: STARTTLS, then "Verschlüsseltes Passwort" as CRAM-MD5
 * inside TLS, the digest RFC 2195's arithmetic gives for this challenge. */
Test(lesson, client_settings_logs_in_with_cram_md5_inside_tls)
{
	struct lesson l;
	load(&l, "client-settings");
	struct lesson_run *r = start(&l, NULL);
	while (lesson_run_forward(r))
		;
	const struct teach_rows *rows = lesson_run_rows(r);
	const struct teach_row *tls = find_row(rows, "220 2.0.0");
	cr_assert_not_null(tls);
	const struct teach_row *auth = find_row(rows, "AUTH CRAM-MD5");
	cr_assert_not_null(auth);
	cr_assert(auth->tls);
	cr_assert(strstr(auth->explain, "Verschlüsseltes Passwort"), "%s", auth->explain);
	const struct teach_row *ch = auth + 1;
	cr_assert_str_eq(ch->decoded, "<1896609055.1700000000@smtp.server.com>");
	cr_assert_str_eq(ch[1].decoded, "Max Mustermann 21c874b82e537eedfc110691b0027dd0");
	cr_assert_not_null(find_from(rows, (size_t)(ch - rows->v), "235 "));
	cr_assert_eq(lesson_run_unexpected(r), 0);
	lesson_run_free(r);
	lesson_free(&l);
}
