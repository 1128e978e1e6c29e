/* The input line of STEP and REPLAY mode, as a live session has it
 * (src/session/session_auth.c): after the server's 334 the prompt is its
 * question, decoded ("Username: "), and what is typed there is sent
 * Base64-encoded; a password is asked in a hidden field and masked; for
 * PLAIN and CRAM-MD5 the user name and the password are asked and the
 * response computed; ":raw" sends Base64 typed by hand, "*" cancels. A
 * replay sends nothing, but :cram computes the answer to the challenge on
 * screen there too. */
#include "stepper_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/command.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/xmalloc.h"

#define RAW_MAX 4096

void stepper_field_reset(struct stepper *s)
{
	if (s->field.user) {
		wipe(s->field.user, strlen(s->field.user));
		free(s->field.user);
	}
	s->field = (struct stepper_field){0};
}

void stepper_field_cancel(struct stepper *s)
{
	stepper_field_reset(s);
}

/* ---- the question ------------------------------------------------------ */

/* Whether a prompt plainly asks for the user name ("Username:", "User
 * Name", "login:"), as a live session decides. */
static bool asks_user(const uint8_t *p, size_t n)
{
	static const char *const words[] = {"user", "name", "login", "benutzer"};
	for (size_t i = 0; i < n; i++)
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
			size_t wl = strlen(words[w]);
			if (i + wl <= n && !strncasecmp((const char *)p + i, words[w], wl))
				return true;
		}
	return false;
}

/* By the mechanism's step, never by what the prompt claims: every answer
 * of a password mechanism is secret but LOGIN's first when it asks for the
 * user name; an unknown mechanism's too. */
static bool answer_is_secret(const struct sasl_mech *m, unsigned answers, const uint8_t *chal,
			     size_t len)
{
	if (m && !m->needs_password && !m->needs_token)
		return false;
	bool login = m && !strcmp(m->name, "LOGIN");
	if ((login || !m) && answers == 0 && asks_user(chal, len))
		return false;
	return true;
}

/* PLAIN and CRAM-MD5 answer from a user name and a password. */
static bool computed(const struct sasl_mech *m)
{
	return m && (!strcmp(m->name, "PLAIN") || !strcmp(m->name, "CRAM-MD5"));
}

/* The 334 waiting in a lesson, or in a replay the last one up to the
 * current row (decoded into *chal, freed by the caller). */
static bool challenge(struct stepper *s, const char **mech, uint8_t **chal, size_t *len,
		      unsigned *answers)
{
	*mech = "";
	*answers = 0;
	if (s->run) {
		const uint8_t *c;
		if (!lesson_run_challenge(s->run, mech, &c, len, answers))
			return false;
		*chal = xmalloc(*len + 1);
		memcpy(*chal, c, *len);
		return true;
	}
	const struct teach_rows *rows = stepper_rows(s);
	for (long i = stepper_current(s); i >= 0; i--) {
		const struct teach_row *w = &rows->v[i];
		if (w->party != 'S' || !w->wire)
			continue;
		if (strncmp(w->wire, "334 ", 4) || strchr(w->wire, '\n'))
			return false; /* the latest reply is not a challenge */
		const char *err;
		size_t pos;
		const char *t = w->wire + 4;
		if (!*t) {
			*chal = xmalloc(1);
			*len = 0;
			return true;
		}
		return b64_decode(t, strlen(t), chal, len, &err, &pos) == 0;
	}
	return false;
}

enum stepper_prompt stepper_prompt(struct stepper *s, const char **label)
{
	*label = "";
	if (s->field.user) {
		*label = _("Password: ");
		return STEPPER_PROMPT_SECRET;
	}
	if (s->field.mech) {
		*label = _("Username: ");
		return STEPPER_PROMPT_FIELD;
	}
	const char *mech;
	uint8_t *chal;
	size_t len;
	unsigned answers;
	/* A recorded lesson answers only its recorded lines: they are typed
	 * as lines, never built by a field (a Kerberos token cannot be). */
	if (!s->run || s->lesson.recorded || !challenge(s, &mech, &chal, &len, &answers))
		return STEPPER_PROMPT_LINE;
	const struct sasl_mech *m = sasl_find(mech);
	enum stepper_prompt p = STEPPER_PROMPT_FIELD;
	if (computed(m)) {
		*label = _("Username: ");
	} else {
		char *shown = esc_str(chal, len < 60 ? len : 60, s->esc);
		if (*shown)
			snprintf(s->label, sizeof s->label, "%s ", shown);
		else
			snprintf(s->label, sizeof s->label, "%s", _("Response: "));
		free(shown);
		*label = s->label;
		if (answer_is_secret(m, answers, chal, len))
			p = STEPPER_PROMPT_SECRET;
	}
	wipe(chal, len);
	free(chal);
	return p;
}

/* ---- the answers ------------------------------------------------------- */

static void say(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
}

/* The response of m to the challenge, Base64-encoded, or NULL (*msg says
 * why). */
static char *respond(struct stepper *s, const struct sasl_mech *m, const char *password,
		     bool *secret, char **plain, char *msg, size_t n)
{
	const char *mech;
	uint8_t *chal = NULL;
	size_t len = 0;
	unsigned answers;
	if (!challenge(s, &mech, &chal, &len, &answers)) {
		say(msg, n, "%s", _("the server's challenge is gone: nothing was sent"));
		return NULL;
	}
	struct sasl_creds cr = {.user = s->field.user, .password = password, .host = ""};
	void *st = m->init(&cr);
	struct sasl_step step;
	sasl_step_init(&step);
	char *out = NULL;
	if (st && m->step(st, chal, len, &step) != SASL_FAIL) {
		out = b64_encode(step.response.data ? step.response.data : "", step.response.len);
		*secret = step.secret;
		*plain = esc_str(step.response.data ? step.response.data : "", step.response.len,
				 s->esc);
	} else {
		say(msg, n, "%s", step.explain.len ? step.explain.data : _("the mechanism failed"));
	}
	sasl_step_free(&step);
	if (st)
		m->done(st);
	wipe(chal, len);
	free(chal);
	return out;
}

/* The password of a field came: compute, then send it (a lesson) or show
 * it (a replay). */
static void answer_with_password(struct stepper *s, const char *password, char *msg, size_t n)
{
	const struct sasl_mech *m = s->field.mech;
	bool secret = false;
	char *plain = NULL;
	char *b = respond(s, m, password, &secret, &plain, msg, n);
	stepper_field_reset(s);
	if (!b)
		return;
	if (s->run) {
		lesson_run_type(s->run, b, secret);
		if (secret)
			say(msg, n, _("sent the %s response, computed from the user name and the "
				      "password (masked on screen)"),
			    m->name);
		else
			say(msg, n, _("sent the %s response, the Base64 of \"%s\""), m->name, plain);
	} else {
		say(msg, n, _("%s response: the Base64 of \"%s\"; a replay sends nothing"), m->name,
		    secret ? TF_MASK : plain);
	}
	wipe(b, strlen(b));
	free(b);
	if (plain)
		wipe(plain, strlen(plain));
	free(plain);
}

void stepper_raw(struct stepper *s, const char *text, char *msg, size_t n)
{
	msg[0] = 0;
	if (!s->run) {
		say(msg, n, "%s", _("a replay sends nothing: Space or PgDn steps through it"));
		return;
	}
	char *out = xmalloc(RAW_MAX);
	const char *err = NULL;
	long len = tool_unescape(text, out, RAW_MAX, &err);
	/* One line: a CRLF at its end is the one the lesson adds anyway. */
	if (len >= 2 && out[len - 2] == '\r' && out[len - 1] == '\n')
		len -= 2;
	if (len < 0)
		say(msg, n, _(":raw: %s"), _(err));
	else if (memchr(out, '\r', (size_t)len) || memchr(out, '\n', (size_t)len) ||
		 memchr(out, '\0', (size_t)len))
		say(msg, n, "%s", _("in a lesson :raw sends one line: no CR, LF or NUL inside it"));
	else {
		const char *label;
		bool secret = stepper_prompt(s, &label) == STEPPER_PROMPT_SECRET;
		out[len] = 0;
		stepper_field_reset(s);
		lesson_run_type(s->run, out, secret);
	}
	wipe(out, RAW_MAX);
	free(out);
}

void stepper_cram(struct stepper *s, char *msg, size_t n)
{
	const char *mech;
	uint8_t *chal;
	size_t len;
	unsigned answers;
	msg[0] = 0;
	if (!challenge(s, &mech, &chal, &len, &answers)) {
		say(msg, n, "%s", s->run ? _(":cram answers a 334 challenge: type AUTH CRAM-MD5 first")
					 : _(":cram answers the server's 334 challenge: step to one "
					     "first"));
		return;
	}
	wipe(chal, len);
	free(chal);
	stepper_field_reset(s);
	s->field.mech = sasl_find("CRAM-MD5");
	s->field.asked = true;
	say(msg, n, "%s", _("CRAM-MD5: type the user name, then the password (hidden); the "
			    "response is computed and Base64-encoded for you"));
}

void stepper_submit(struct stepper *s, const char *line, char *msg, size_t n)
{
	msg[0] = 0;
	if (s->field.user) {
		answer_with_password(s, line, msg, n);
		return;
	}
	if (s->field.mech) {
		s->field.user = xstrdup(line);
		return;
	}
	if (!s->run) {
		say(msg, n, "%s", _("a replay sends nothing: Space or PgDn steps through it"));
		return;
	}
	const char *label;
	enum stepper_prompt p = stepper_prompt(s, &label);
	if (p == STEPPER_PROMPT_LINE) {
		lesson_run_type(s->run, line, false);
		return;
	}
	/* The field of a 334. */
	struct tool_parsed t = tool_parse(line);
	if (!strcmp(line, "*")) {
		lesson_run_type(s->run, "*", false);
		say(msg, n, "%s", _("cancelled: sent \"*\""));
		return;
	}
	if (t.cmd == TOOL_RAW) {
		stepper_raw(s, t.arg, msg, n);
		return;
	}
	const char *mech;
	uint8_t *chal;
	size_t len;
	unsigned answers;
	if (challenge(s, &mech, &chal, &len, &answers)) {
		wipe(chal, len);
		free(chal);
		const struct sasl_mech *m = sasl_find(mech);
		if (computed(m)) {
			s->field.mech = m;
			s->field.user = xstrdup(line);
			return;
		}
	}
	char *b = b64_encode(line, strlen(line));
	bool secret = p == STEPPER_PROMPT_SECRET;
	lesson_run_type(s->run, b, secret);
	if (secret) {
		say(msg, n, "%s", _("sent the password, Base64-encoded (masked on screen)"));
	} else {
		char *shown = esc_str(line, strlen(line), s->esc);
		say(msg, n, _("sent %s, the Base64 of \"%s\" (:raw TEXT sends Base64 typed by hand)"),
		    b, shown);
		free(shown);
	}
	wipe(b, strlen(b));
	free(b);
}
