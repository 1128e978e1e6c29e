/* PLAIN (RFC 4616): one message, "[authzid] NUL authcid NUL passwd".
 * The password travels in it, merely Base64-encoded on the wire. */
#include <stdlib.h>
#include <string.h>

#include "sasl_creds.h"
#include "sasl_mechs.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct plain {
	struct sasl_copy cred;
	bool sent;
};

static void *plain_init(const struct sasl_creds *creds)
{
	struct plain *p = xcalloc(1, sizeof *p);
	sasl_copy_init(&p->cred, creds);
	return p;
}

static void plain_done(void *state)
{
	struct plain *p = state;
	sasl_copy_free(&p->cred);
	free(p);
}

static enum sasl_status message(struct plain *p, struct sasl_step *out)
{
	const char *z = p->cred.authzid ? p->cred.authzid : "";
	const char *u = p->cred.user ? p->cred.user : "";
	const char *pw = p->cred.password ? p->cred.password : "";

	p->sent = true;
	buf_add(&out->response, z, strlen(z));
	buf_addc(&out->response, '\0');
	buf_add(&out->response, u, strlen(u));
	buf_addc(&out->response, '\0');
	buf_add(&out->response, pw, strlen(pw));
	out->secret = true;

	if (*z) {
		buf_adds(&out->explain, _("PLAIN message: authorization identity \""));
		esc_append(&out->explain, z, strlen(z), 0);
		buf_adds(&out->explain, _("\" NUL "));
	} else {
		buf_adds(&out->explain, _("PLAIN message: (no authorization identity) NUL "));
	}
	buf_adds(&out->explain, _("user \""));
	esc_append(&out->explain, u, strlen(u), 0);
	buf_adds(&out->explain,
		 _("\" NUL the password, Base64-encoded as one line (RFC 4616 §2). "
		   "Base64 is not encryption: anyone who sees this line can decode the password, "
		   "so send it only over TLS."));
	return SASL_DONE;
}

static enum sasl_status plain_step(void *state, const uint8_t *challenge, size_t len,
				   struct sasl_step *out)
{
	struct plain *p = state;
	if (!p->sent && (!challenge || len == 0))
		return message(p, out);
	buf_adds(&out->explain,
		 p->sent ? _("PLAIN has a single message and it was sent: a further challenge "
			     "is a protocol error, so the exchange is cancelled.")
			 : _("PLAIN expects an empty challenge (RFC 4954 §4), but the server sent "
			     "data: the exchange is cancelled."));
	return SASL_FAIL;
}

const struct sasl_mech sasl_plain = {
	.name = "PLAIN",
	.client_first = true,
	.reveals_password = true,
	.rfc = "RFC 4616",
	.init = plain_init,
	.step = plain_step,
	.done = plain_done,
};
