/* CRAM-MD5 (RFC 2195): the client answers the server's challenge with
 * "user SP hex(HMAC-MD5(key = password, text = challenge))". The password
 * itself is not sent, but anyone who records the exchange can test
 * password guesses against it offline. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_creds.h"
#include "sasl_mechs.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct cram {
	struct sasl_copy cred;
	bool answered;
};

static void *cram_init(const struct sasl_creds *creds)
{
	struct cram *c = xcalloc(1, sizeof *c);
	sasl_copy_init(&c->cred, creds);
	return c;
}

static void cram_done(void *state)
{
	struct cram *c = state;
	sasl_copy_free(&c->cred);
	free(c);
}

static enum sasl_status cram_step(void *state, const uint8_t *challenge, size_t len,
				  struct sasl_step *out)
{
	struct cram *c = state;
	const char *u = c->cred.user ? c->cred.user : "";
	const char *pw = c->cred.password ? c->cred.password : "";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	if (!challenge || len == 0) {
		buf_adds(&out->explain, _("CRAM-MD5 needs a challenge from the server (RFC 2195 §2), "
					  "but it was empty: the exchange is cancelled."));
		return SASL_FAIL;
	}
	if (c->answered) {
		buf_adds(&out->explain, _("CRAM-MD5 has one round only: a second challenge is "
					  "cancelled."));
		return SASL_FAIL;
	}
	if (!HMAC(EVP_md5(), pw, (int)strlen(pw), challenge, len, md, &mdlen)) {
		buf_adds(&out->explain, _("HMAC-MD5 is not available in this OpenSSL (is MD5 "
					  "disabled by a FIPS policy?)."));
		return SASL_FAIL;
	}
	for (unsigned i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	c->answered = true;

	buf_adds(&out->response, u);
	buf_addc(&out->response, ' ');
	buf_adds(&out->response, hex);

	struct buf *e = &out->explain;
	buf_adds(e, _("1. The challenge, decoded: "));
	esc_append(e, challenge, len, 0);
	buf_adds(e, _("\n2. HMAC-MD5 with the password as key and the challenge as text "
		      "(RFC 2104): "));
	buf_adds(e, hex);
	buf_adds(e, _("\n3. The response is the user name, a space and that digest in lower-case "
		      "hex: "));
	esc_append(e, u, strlen(u), 0);
	buf_printf(e, " %s", hex);
	buf_adds(e, _("\n4. It is sent Base64-encoded. The password never crosses the wire, "
		      "but whoever records challenge and response can try guesses offline, and "
		      "the server must keep the password in clear (RFC 2195 §3)."));
	wipe(md, sizeof md);
	return SASL_DONE;
}

const struct sasl_mech sasl_cram_md5 = {
	.name = "CRAM-MD5",
	.client_first = false,
	.reveals_password = false,
	.rfc = "RFC 2195",
	.init = cram_init,
	.step = cram_step,
	.done = cram_done,
};
