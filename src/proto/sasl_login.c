/* LOGIN (draft-murchison-sasl-login, never an RFC; IANA lists it as
 * obsolete in favour of PLAIN): two challenges, answered with the user name
 * and then the password. The draft says clients should ignore what the
 * prompts say, so we answer by order and only explain the prompt text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct login {
	char *user;
	char *password;
	unsigned answered; /* answers given so far: 0, 1 or 2 */
	bool ir;           /* the user name may go on the AUTH line */
};

enum ask { ASK_OTHER, ASK_USER, ASK_PASSWORD };

static void *login_init(const struct sasl_creds *creds)
{
	struct login *l = xcalloc(1, sizeof *l);
	l->user = sasl_strdup_opt(creds->user);
	l->password = sasl_strdup_opt(creds->password);
	l->ir = creds->ir == SASL_IR_ALWAYS;
	return l;
}

static void login_done(void *state)
{
	struct login *l = state;
	if (!l)
		return;
	sasl_wipe_str(l->user);
	sasl_wipe_str(l->password);
	free(l);
}

/* What a prompt asks for, ignoring case, a trailing colon and the trailing
 * NUL some servers send ("User Name\0" from aiosmtpd). */
static enum ask classify(const uint8_t *p, size_t n)
{
	static const struct {
		const char *text;
		enum ask ask;
	} known[] = {
		{"username", ASK_USER}, {"user name", ASK_USER}, {"user", ASK_USER},
		{"password", ASK_PASSWORD},
	};
	while (n && (p[n - 1] == '\0' || p[n - 1] == ':' || p[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		size_t k = strlen(known[i].text);
		if (k != n)
			continue;
		size_t j = 0;
		while (j < n && tolower(p[j]) == known[i].text[j])
			j++;
		if (j == n)
			return known[i].ask;
	}
	return ASK_OTHER;
}

/* "prompt: ..." and what it means; returns what the prompt asks for. */
static enum ask explain_prompt(struct sasl_step *out, const uint8_t *p, size_t n)
{
	enum ask ask = classify(p, n);
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, _("prompt: "));
	if (n == 0)
		buf_adds(&b, _("(empty)"));
	else
		esc_append(&b, p, n, 0);
	if (ask == ASK_USER)
		buf_adds(&b, _(" (asks for the user name)"));
	else if (ask == ASK_PASSWORD)
		buf_adds(&b, _(" (asks for the password)"));
	else if (n)
		buf_adds(&b, _(" (not a prompt smtpdbg knows)"));
	if (n && p[n - 1] == '\0')
		buf_adds(&b, _("; the trailing NUL byte is part of the server's text"));
	sasl_say(out, AK_CALC, 0, "%s", b.data);
	buf_free(&b);
	return ask;
}

static enum sasl_status answer_user(struct login *l, enum ask ask, struct sasl_step *out)
{
	if (!l->user || !*l->user)
		return sasl_fail(out, _("LOGIN needs a user name"));
	if (ask == ASK_PASSWORD)
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("the prompt asks for the password, but LOGIN answers by order: "
			   "the first answer is the user name"));
	else
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("LOGIN answers by order, not by the prompt's text: "
			   "the first answer is the user name"));
	if (buf_adds(&out->response, l->user) < 0)
		return sasl_fail(out, _("the user name is too large for an AUTH line "
					"(at most 12,288 octets, RFC 4954 section 4)"));
	sasl_say_bytes(out, AK_CALC, 0, _("response: "), l->user, strlen(l->user), NULL);
	l->answered = 1;
	return SASL_CONTINUE;
}

static enum sasl_status answer_password(struct login *l, enum ask ask, struct sasl_step *out)
{
	if (!l->password)
		return sasl_fail(out, _("LOGIN needs a password, and none was given"));
	if (ask == ASK_USER)
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("the prompt asks for the user name again, but LOGIN answers by "
			   "order: the second answer is the password"));
	else
		sasl_say(out, AK_TEXT, 0, "%s", _("the second answer is the password"));
	if (buf_adds(&out->response, l->password) < 0)
		return sasl_fail(out, _("the password is too large for an AUTH line "
					"(at most 12,288 octets, RFC 4954 section 4)"));
	out->secret = true;
	struct buf m, r;
	buf_init(&m, 0);
	buf_init(&r, 0);
	buf_printf(&m, _("response: %s (the password, masked)"), SASL_MASK);
	buf_adds(&r, _("response: "));
	esc_append(&r, l->password, strlen(l->password), 0);
	buf_adds(&r, _(" (the password)"));
	sasl_say_secret(out, 0, m.data, r.data);
	buf_free(&m);
	buf_wipe_free(&r);
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("Base64 is an encoding, not encryption: whoever sees this response "
		   "has the password, so send it only over TLS"));
	l->answered = 2;
	return SASL_CONTINUE;
}

static enum sasl_status login_step(void *state, const uint8_t *challenge, size_t len,
				   struct sasl_step *out)
{
	struct login *l = state;

	if (!challenge) {
		if (!l->ir || l->answered)
			return sasl_fail(out, _("LOGIN has no initial response: the client "
						"sends AUTH LOGIN and waits for the server's "
						"first prompt"));
		/* Many servers (Postfix with Dovecot, Exchange) take the user
		 * name on the AUTH line and skip the "Username:" prompt. */
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("initial response: the user name on the AUTH LOGIN line, so the server "
			   "skips its \"Username:\" prompt (not in the draft, but widely accepted)"));
		return answer_user(l, ASK_USER, out);
	}
	enum ask ask = explain_prompt(out, challenge, len);
	switch (l->answered) {
	case 0:
		return answer_user(l, ask, out);
	case 1:
		return answer_password(l, ask, out);
	default:
		return sasl_fail(out, _("a third challenge: LOGIN has exactly two (user name, "
					"then password), so the server kept asking and the "
					"client cancels with \"*\" instead of sending the "
					"password again"));
	}
}

const struct sasl_mech sasl_mech_login = {
	.name = "LOGIN",
	.client_first = false,
	.reveals_password = true,
	.rfc = "draft-murchison-sasl-login",
	.init = login_init,
	.step = login_step,
	.done = login_done,
	.needs_password = true,
	.rank = 40,
};
