/* The lesson file parser (format in docs/lessons.md). Line based: a
 * directive word, one space, the rest of the line as its value. */
#include "smtpdbg/lesson.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/server.h"
#include "smtpdbg/xmalloc.h"

struct parser {
	struct lesson *l;
	const char *file;
	unsigned lineno;
	lesson_error_fn err;
	void *arg;
	struct lesson_step *cur;
	size_t cap;
};

static int fail(struct parser *p, const char *msg)
{
	if (p->err)
		p->err(p->arg, p->file, p->lineno, msg);
	return -1;
}

/* explain/about lines: joined by a space; an empty one starts a new
 * paragraph. */
static void add_text(char **dst, const char *v, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	const char *sep = n == 0 ? "\n" : (old && (*dst)[old - 1] != '\n') ? " " : "";
	if (n == 0 && !old)
		return;
	size_t s = strlen(sep);
	*dst = xrealloc(*dst, old + s + n + 1);
	memcpy(*dst + old, sep, s);
	memcpy(*dst + old + s, v, n);
	(*dst)[old + s + n] = '\0';
}

static int set_once(struct parser *p, char **dst, const char *v, size_t n, const char *what)
{
	if (*dst)
		return fail(p, what);
	*dst = xstrndup(v, n);
	return 0;
}

static bool is(const char *word, size_t wn, const char *name)
{
	return strlen(name) == wn && !memcmp(word, name, wn);
}

static int new_step(struct parser *p, const char *v, size_t n)
{
	enum lesson_party party;
	if (is(v, n, "server"))
		party = LESSON_SERVER;
	else if (is(v, n, "client"))
		party = LESSON_CLIENT;
	else
		return fail(p, _("a step is \"step server\" or \"step client\""));
	struct lesson *l = p->l;
	if (l->nsteps == LESSON_STEPS_MAX)
		return fail(p, _("too many steps"));
	if (l->nsteps == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		l->steps = xrealloc(l->steps, p->cap * sizeof *l->steps);
	}
	p->cur = &l->steps[l->nsteps++];
	memset(p->cur, 0, sizeof *p->cur);
	p->cur->party = party;
	p->cur->lineno = p->lineno;
	return 0;
}

/* A finished step must be complete. */
static int check_step(struct parser *p, const struct lesson_step *s)
{
	unsigned save = p->lineno;
	p->lineno = s->lineno;
	int rc = 0;
	if (s->party == LESSON_CLIENT && !s->send && !s->compute)
		rc = fail(p, _("a client step needs \"send LINE\" or \"compute MECHANISM\""));
	else if (s->party == LESSON_SERVER && p->l->recorded && !s->reply)
		rc = fail(p, _("a server step of a recorded lesson needs the recorded reply "
			       "(\"reply LINE\")"));
	else if (!s->explain)
		rc = fail(p, _("every step needs an explanation (\"explain TEXT\")"));
	p->lineno = save;
	return rc;
}

/* A recorded reply line: a three-digit code, then a space, a hyphen or
 * nothing (RFC 5321 §4.2). */
static bool reply_line(const char *v, size_t n)
{
	if (n < 3)
		return false;
	for (size_t i = 0; i < 3; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return n == 3 || v[3] == ' ' || v[3] == '-';
}

static int add_reply(struct parser *p, const char *v, size_t n)
{
	struct lesson_step *s = p->cur;
	if (!p->l->recorded)
		return fail(p, _("\"reply\" belongs to a recorded lesson (\"personality recorded\")"));
	if (s->party != LESSON_SERVER)
		return fail(p, _("\"reply\" belongs to the server step that shows the reply"));
	if (!reply_line(v, n))
		return fail(p, _("a reply line starts with a three-digit code"));
	size_t old = s->reply ? strlen(s->reply) : 0;
	if (old) {
		/* One reply a step: every line but the last is "NNN-". */
		const char *last = s->reply + old - 2;
		while (last > s->reply && last[-1] != '\n')
			last--;
		if (last[3] != '-')
			return fail(p, _("one reply a step: the reply before this line has ended "
					 "(only \"NNN-\" lines continue)"));
	}
	s->reply = xrealloc(s->reply, old + n + 3);
	memcpy(s->reply + old, v, n);
	memcpy(s->reply + old + n, "\r\n", 3);
	return 0;
}

static int step_directive(struct parser *p, const char *w, size_t wn, const char *v, size_t n)
{
	struct lesson_step *s = p->cur;
	bool client = s->party == LESSON_CLIENT;
	if (is(w, wn, "explain")) {
		add_text(&s->explain, v, n);
		return 0;
	}
	if (is(w, wn, "send") || is(w, wn, "compute")) {
		if (!client)
			return fail(p, _("only a client step sends a line; a server step shows the reply"));
		if (s->send || s->compute)
			return fail(p, _("a client step sends one line: one \"send\" or one \"compute\""));
		if (w[0] == 'c') {
			if (p->l->recorded)
				return fail(p, _("a recorded lesson sends the recorded lines: \"send\", "
						 "not \"compute\""));
			char *m = xstrndup(v, n);
			bool ok = sasl_find(m) != NULL;
			free(m);
			if (!ok)
				return fail(p, _("unknown SASL mechanism for \"compute\""));
			s->compute = xstrndup(v, n);
		} else {
			s->send = xstrndup(v, n);
		}
		return 0;
	}
	if (is(w, wn, "secret")) {
		if (!client || n)
			return fail(p, _("\"secret\" stands alone, in a client step"));
		s->secret = true;
		return 0;
	}
	if (is(w, wn, "expect")) {
		if (client)
			return fail(p, _("\"expect\" belongs to the server step that shows the reply"));
		if (!n)
			return fail(p, _("\"expect\" needs the start of a reply line, e.g. \"expect 250\""));
		if (s->nexpect == LESSON_EXPECT_MAX)
			return fail(p, _("too many \"expect\" lines in one step"));
		s->expect[s->nexpect++] = xstrndup(v, n);
		return 0;
	}
	if (is(w, wn, "reply"))
		return add_reply(p, v, n);
	return fail(p, _("unknown directive in a step (explain, send, compute, secret, expect, reply)"));
}

static int header_directive(struct parser *p, const char *w, size_t wn, const char *v, size_t n)
{
	struct lesson *l = p->l;
	if (is(w, wn, "title"))
		return set_once(p, &l->title, v, n, _("\"title\" is given twice"));
	if (is(w, wn, "about")) {
		add_text(&l->about, v, n);
		return 0;
	}
	if (is(w, wn, "user"))
		return set_once(p, &l->user, v, n, _("\"user\" is given twice"));
	if (is(w, wn, "password"))
		return set_once(p, &l->password, v, n, _("\"password\" is given twice"));
	if (is(w, wn, "personality")) {
		if (set_once(p, &l->personality, v, n, _("\"personality\" is given twice")) < 0)
			return -1;
		l->recorded = !strcmp(l->personality, LESSON_RECORDED);
		if (!l->recorded && !server_personality_find(l->personality))
			return fail(p, _("unknown personality (tutorial, open-relay, strict-submission, submission, rfc-example, recorded)"));
		return 0;
	}
	return fail(p, _("unknown directive before the first step (title, about, personality, user, password, step)"));
}

static int parse_magic(struct parser *p, const char *s, size_t n)
{
	size_t m = strlen(LESSON_MAGIC);
	if (n <= m + 1 || memcmp(s, LESSON_MAGIC, m) != 0 || s[m] != ' ')
		return fail(p, _("not a lesson (the first line must be \"" LESSON_MAGIC " 1\")"));
	if (n != m + 2 || s[m + 1] != '0' + LESSON_VERSION)
		return fail(p, _("this lesson format version is not supported (this smtpdbg reads version 1)"));
	return 0;
}

static int parse_line(struct parser *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return fail(p, _("a control character (tabs included): use spaces"));
	}
	if (n == 0 || s[0] == '#')
		return 0;
	const char *sp = memchr(s, ' ', n);
	size_t wn = sp ? (size_t)(sp - s) : n;
	const char *v = sp ? sp + 1 : s + n;
	size_t vn = (size_t)(s + n - v);
	if (is(s, wn, "step")) {
		if (p->cur && check_step(p, p->cur) < 0)
			return -1;
		return new_step(p, v, vn);
	}
	return p->cur ? step_directive(p, s, wn, v, vn) : header_directive(p, s, wn, v, vn);
}

int lesson_parse(struct lesson *l, const char *text, size_t n, const char *file,
		 lesson_error_fn err, void *arg)
{
	memset(l, 0, sizeof *l);
	struct parser p = {.l = l, .file = file ? file : "-", .err = err, .arg = arg};
	int rc = 0;
	if (n > LESSON_FILE_MAX) {
		p.lineno = 1;
		rc = fail(&p, _("the file is larger than a lesson may be"));
	}
	for (size_t off = 0; rc == 0 && off < n;) {
		p.lineno++;
		const char *nl = memchr(text + off, '\n', n - off);
		size_t len = nl ? (size_t)(nl - (text + off)) : n - off;
		const char *s = text + off;
		off += len + (nl != NULL);
		if (len > LESSON_LINE_MAX) {
			rc = fail(&p, _("the line is too long"));
			break;
		}
		if (len && s[len - 1] == '\r')
			len--;
		while (len && s[len - 1] == ' ')
			len--; /* trailing spaces are invisible in an editor */
		rc = p.lineno == 1 ? parse_magic(&p, s, len) : parse_line(&p, s, len);
	}
	if (rc == 0 && p.lineno == 0) {
		p.lineno = 1;
		rc = fail(&p, _("the file is empty"));
	}
	if (rc == 0 && p.cur)
		rc = check_step(&p, p.cur);
	if (rc == 0) {
		p.lineno++;
		if (!l->title)
			rc = fail(&p, _("the lesson has no \"title\""));
		else if (!l->personality)
			rc = fail(&p, _("the lesson has no \"personality\""));
		else if (!l->nsteps)
			rc = fail(&p, _("the lesson has no steps"));
	}
	if (rc < 0)
		lesson_free(l);
	return rc;
}

void lesson_free(struct lesson *l)
{
	for (size_t i = 0; i < l->nsteps; i++) {
		struct lesson_step *s = &l->steps[i];
		free(s->send);
		free(s->compute);
		for (size_t j = 0; j < s->nexpect; j++)
			free(s->expect[j]);
		free(s->reply);
		free(s->explain);
	}
	free(l->steps);
	free(l->title);
	free(l->about);
	free(l->personality);
	free(l->user);
	if (l->password)
		wipe(l->password, strlen(l->password));
	free(l->password);
	memset(l, 0, sizeof *l);
}
