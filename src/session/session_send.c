/* Lines the user typed at the smtp> prompt: sent verbatim through the
 * engine, after a question when they would put a password in clear. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* The line without leading blanks: a server skips them, so " AUTH PLAIN
 * ..." is an AUTH line for the question, the masking and the history. */
static const char *trimmed(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* Where a server splits a command's words (the engine does the same). */
#define BLANKS " \t"

static bool is_auth(const char *line)
{
	line = trimmed(line);
	return !strncasecmp(line, "AUTH", 4) && (line[4] == ' ' || line[4] == '\t');
}

/* An AUTH line typed by hand: remember the mechanism; an initial response
 * on it is a secret. Returns whether the line carries one. */
static bool note_auth_line(struct session *s, const char *line)
{
	if (!is_auth(line))
		return false;
	const char *m = trimmed(trimmed(line) + 5);
	size_t n = strcspn(m, BLANKS);
	snprintf(s->auth_mech, sizeof s->auth_mech, "%.*s", (int)n, m);
	const char *ir = trimmed(m + n);
	/* Answers are counted from here: the initial response is the first. */
	s->sasl_answers = *ir != '\0';
	return *ir != '\0';
}

/* Whether lines can be sent (always without a network: the tests). */
static bool can_send(struct session *s)
{
	if (s->closed || (s->loop && !s->connected)) {
		session_say(s, "%s", s->closed ? _("not connected: the connection is closed (:save keeps the transcript)")
					       : _("not connected yet"));
		return false;
	}
	return true;
}

int session_send(struct session *s, const char *line, size_t n, unsigned flags)
{
	if (!can_send(s))
		return -1;
	int rc = smtp_client_send(s->c, line, n, flags);
	if (rc < 0)
		session_say(s, "%s", _("not sent: a line cannot contain CR, LF or NUL (use :raw)"));
	session_pump(s);
	return rc;
}

void session_send_line(struct session *s, const char *line)
{
	unsigned fl = note_auth_line(s, line) ? SMTP_F_SECRET : 0;
	session_send(s, line, strlen(line), fl);
}

bool session_submit(struct session *s, const char *line)
{
	if (s->flow != FLOW_SMTP)
		return session_auth_submit(s, line);
	if (is_auth(line)) {
		char mech[32];
		const char *m = trimmed(trimmed(line) + 5);
		snprintf(mech, sizeof mech, "%.*s", (int)strcspn(m, BLANKS), m);
		if (session_cleartext_auth(s, mech)) {
			free(s->pending_line);
			s->pending_line = xstrdup(line);
			s->flow = FLOW_CONFIRM_LINE;
			snprintf(s->label, sizeof s->label, "%s", _("Send credentials in clear? (y/N) "));
			session_say(s, "%s", session_cleartext_advice(s));
			return false;
		}
		bool has_ir = *trimmed(m + strcspn(m, BLANKS)) != '\0';
		session_send_line(s, line);
		return !has_ir;
	}
	session_send_line(s, line);
	return true;
}
