/* LOGIN (draft-murchison-sasl-login, never an RFC): the server prompts
 * twice and the client answers with the user name, then the password. The
 * prompts are informational only; the answer depends on their order. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sasl_creds.h"
#include "sasl_mechs.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct login {
	struct sasl_copy cred;
	int round;
};

static void *login_init(const struct sasl_creds *creds)
{
	struct login *l = xcalloc(1, sizeof *l);
	sasl_copy_init(&l->cred, creds);
	return l;
}

static void login_done(void *state)
{
	struct login *l = state;
	sasl_copy_free(&l->cred);
	free(l);
}

/* Whether the prompt starts with `word` (case-insensitive). */
static bool prompt_is(const uint8_t *p, size_t n, const char *word)
{
	size_t wn = strlen(word);
	return n >= wn && !strncasecmp((const char *)p, word, wn);
}

static void describe_prompt(struct buf *e, const uint8_t *p, size_t n, const char *expected)
{
	buf_adds(e, _("The server's prompt decodes to \""));
	esc_append(e, p, n, 0);
	buf_adds(e, "\"");
	if (!prompt_is(p, n, expected) && !(n >= 4 && prompt_is(p, n, expected[0] == 'U' ? "User" : "Pass")))
		buf_adds(e, _(" (unusual wording; LOGIN prompts are informational, so the client "
			      "answers by their order)"));
	buf_adds(e, ". ");
}

static enum sasl_status login_step(void *state, const uint8_t *challenge, size_t len,
				   struct sasl_step *out)
{
	struct login *l = state;
	const char *u = l->cred.user ? l->cred.user : "";
	const char *pw = l->cred.password ? l->cred.password : "";

	if (!challenge) {
		buf_adds(&out->explain, _("LOGIN has no initial response: the server prompts first."));
		return SASL_FAIL;
	}
	switch (l->round++) {
	case 0:
		describe_prompt(&out->explain, challenge, len, "Username");
		buf_adds(&out->response, u);
		buf_adds(&out->explain, _("The client answers with the user name \""));
		esc_append(&out->explain, u, strlen(u), 0);
		buf_adds(&out->explain, _("\", Base64-encoded."));
		return SASL_CONTINUE;
	case 1:
		describe_prompt(&out->explain, challenge, len, "Password");
		buf_adds(&out->response, pw);
		out->secret = true;
		buf_adds(&out->explain,
			 _("The client answers with the password, Base64-encoded. Base64 is not "
			   "encryption: anyone who sees this line can decode it, so send it only "
			   "over TLS."));
		return SASL_DONE;
	default:
		buf_adds(&out->explain, _("LOGIN asks for two things only, the user name and the "
					  "password; a third challenge is cancelled."));
		return SASL_FAIL;
	}
}

const struct sasl_mech sasl_login = {
	.name = "LOGIN",
	.client_first = false,
	.reveals_password = true,
	.rfc = "draft-murchison-sasl-login",
	.init = login_init,
	.step = login_step,
	.done = login_done,
};
