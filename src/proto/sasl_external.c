/* EXTERNAL (RFC 4422 Appendix A): the client proves nothing in SASL; the
 * server takes the identity from outside, here the TLS client certificate.
 * The single message is an optional authzid, so nothing secret is sent. */
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct external {
	char *authzid;
	bool sent;
};

static void *external_init(const struct sasl_creds *creds)
{
	struct external *x = xcalloc(1, sizeof *x);
	x->authzid = sasl_strdup_opt(creds->authzid);
	return x;
}

static void external_done(void *state)
{
	struct external *x = state;
	if (!x)
		return;
	sasl_wipe_str(x->authzid);
	free(x);
}

static enum sasl_status build(struct external *x, struct sasl_step *out)
{
	struct buf *e = &out->explain;
	const char *z = x->authzid ? x->authzid : "";

	if (buf_adds(&out->response, z) < 0)
		return sasl_fail(out, _("the authzid is too large for an AUTH line "
					"(at most 12,288 octets, RFC 4954 section 4)"));
	buf_adds(e, _("message = [authzid] (RFC 4422 Appendix A): the identity comes from "
		      "the TLS client certificate (--cert/--key), not from this message\n"));
	if (*z) {
		buf_adds(e, _("authzid: "));
		sasl_explain_bytes(out, z, strlen(z));
		buf_adds(e, _(" (act as this identity, if the certificate's owner may)\n"));
	} else {
		buf_adds(e, _("authzid: empty (act as the identity of the certificate), sent "
			      "as \"=\" (RFC 4954 section 4)\n"));
	}
	buf_adds(e, _("nothing secret is sent: the proof is the TLS handshake, so without "
		      "a client certificate the server answers 535"));
	x->sent = true;
	return SASL_CONTINUE;
}

static enum sasl_status external_step(void *state, const uint8_t *challenge, size_t len,
				      struct sasl_step *out)
{
	struct external *x = state;
	struct buf *e = &out->explain;

	if (!challenge) {
		if (x->sent)
			return sasl_fail(out, _("the EXTERNAL message was already produced; "
						"EXTERNAL has a single step"));
		buf_adds(e, _("initial response: sent on the AUTH EXTERNAL line itself "
			      "(RFC 4954 section 4)\n"));
		return build(x, out);
	}
	if (len > 0) {
		buf_adds(e, _("challenge: "));
		sasl_explain_bytes(out, challenge, len);
		return sasl_fail(out, _("EXTERNAL expects no challenge data: the client's "
					"single message is the whole exchange (RFC 4422 "
					"Appendix A), so the client cancels with \"*\""));
	}
	if (x->sent)
		return sasl_fail(out, _("another empty challenge after the EXTERNAL message: "
					"EXTERNAL has a single step, so the server kept asking "
					"and the client cancels with \"*\""));
	buf_adds(e, _("empty challenge: AUTH EXTERNAL was sent without an initial "
		      "response, so the server waits for the message\n"));
	return build(x, out);
}

const struct sasl_mech sasl_mech_external = {
	.name = "EXTERNAL",
	.client_first = true,
	.reveals_password = false,
	.rfc = "RFC 4422 Appendix A",
	.init = external_init,
	.step = external_step,
	.done = external_done,
	.needs_password = false,
	.needs_token = false,
	.rank = 80,
};
