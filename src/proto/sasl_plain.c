/* PLAIN (RFC 4616): one client message, authzid NUL authcid NUL passwd.
 * It carries the password itself, so it belongs inside TLS only.
 * Credentials arrive as C strings, so a NUL inside one (which would shift
 * the fields) cannot reach this file; the password readers refuse one. */
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct plain {
	char *authzid;
	char *user;
	char *password;
	bool sent; /* the single message has been produced */
};

static void *plain_init(const struct sasl_creds *creds)
{
	struct plain *p = xcalloc(1, sizeof *p);
	p->authzid = sasl_strdup_opt(creds->authzid);
	p->user = sasl_strdup_opt(creds->user);
	p->password = sasl_strdup_opt(creds->password);
	return p;
}

static void plain_done(void *state)
{
	struct plain *p = state;
	if (!p)
		return;
	sasl_wipe_str(p->authzid);
	sasl_wipe_str(p->user);
	sasl_wipe_str(p->password);
	free(p);
}

/* The fields in words. They are not items: the annotated line reads them
 * from the line itself, with the NULs visible and the password masked
 * (annot_maths.c), whoever computed it; items here would say it twice. */
static void explain_fields(const struct plain *p, struct sasl_step *out)
{
	struct buf *e = &out->explain;
	const char *z = p->authzid ? p->authzid : "";

	if (e->len && e->data[e->len - 1] != '\n')
		buf_addc(e, '\n');
	buf_adds(e, _("message = authzid NUL authcid NUL password (RFC 4616 section 2)\n"));
	if (*z) {
		buf_adds(e, _("authzid: "));
		sasl_explain_bytes(out, z, strlen(z));
		buf_adds(e, _(" (act as this identity, if the server allows it)\n"));
	} else {
		buf_adds(e, _("authzid: empty (act as the user who authenticates)\n"));
	}
	buf_adds(e, _("authcid: "));
	sasl_explain_bytes(out, p->user, strlen(p->user));
	buf_printf(e, _("\npassword: %s (masked)\n"), SASL_MASK);
	/* The layout as bytes, with the password masked. */
	buf_adds(e, _("as bytes: "));
	sasl_explain_bytes(out, z, strlen(z));
	buf_adds(e, "\\x00");
	sasl_explain_bytes(out, p->user, strlen(p->user));
	buf_printf(e, "\\x00%s", SASL_MASK);
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("Base64 is an encoding, not encryption: whoever sees this response "
		   "has the password, so send it only over TLS"));
}

static enum sasl_status build(struct plain *p, struct sasl_step *out)
{
	if (!p->user || !*p->user)
		return sasl_fail(out, _("PLAIN needs a user name: RFC 4616 requires a "
					"non-empty authentication identity (authcid)"));
	if (!p->password || !*p->password)
		return sasl_fail(out, _("PLAIN needs a password: RFC 4616 does not allow "
					"an empty one"));

	const char *z = p->authzid ? p->authzid : "";
	struct buf *r = &out->response;
	/* The buffer's limit turns oversized credentials into a clean failure. */
	if (buf_adds(r, z) < 0 || buf_addc(r, '\0') < 0 || buf_adds(r, p->user) < 0 ||
	    buf_addc(r, '\0') < 0 || buf_adds(r, p->password) < 0)
		return sasl_fail(out, _("the credentials are too large for one PLAIN message "
					"(servers accept AUTH lines of at most 12,288 octets, "
					"RFC 4954 section 4)"));
	out->secret = true;
	explain_fields(p, out);
	p->sent = true;
	return SASL_CONTINUE;
}

static enum sasl_status plain_step(void *state, const uint8_t *challenge, size_t len,
				   struct sasl_step *out)
{
	struct plain *p = state;

	if (!challenge) {
		if (p->sent)
			return sasl_fail(out, _("the PLAIN message was already produced; "
						"PLAIN has a single step"));
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("initial response: sent on the AUTH PLAIN line itself, saving a round "
			   "trip (RFC 4954 section 4)"));
		return build(p, out);
	}
	if (len > 0) {
		sasl_say_bytes(out, AK_CALC, 0, _("challenge: "), challenge, len, NULL);
		return sasl_fail(out, _("PLAIN expects no challenge data: the client's single "
					"message is the whole exchange (RFC 4616), so the "
					"client cancels with \"*\""));
	}
	if (p->sent)
		return sasl_fail(out, _("another empty challenge after the PLAIN message: "
					"PLAIN has a single step, so the server kept asking "
					"and the client cancels with \"*\""));
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("empty challenge: AUTH PLAIN was sent without an initial response, so the "
		   "server waits for the message (RFC 4954 section 4)"));
	return build(p, out);
}

const struct sasl_mech sasl_mech_plain = {
	.name = "PLAIN",
	.client_first = true,
	.reveals_password = true,
	.rfc = "RFC 4616",
	.init = plain_init,
	.step = plain_step,
	.done = plain_done,
	.needs_password = true,
	.rank = 60,
};
