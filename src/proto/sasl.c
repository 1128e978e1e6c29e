/* The mechanism registry and the step buffers every mechanism shares. */
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sasl_mechs.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/xmalloc.h"

/* Listed strongest first, so a list shown to the user reads as advice. */
static const struct sasl_mech *const mechs[] = {
	&sasl_mech_scram_sha256_plus,
	&sasl_mech_scram_sha1_plus,
	&sasl_mech_scram_sha256,
	&sasl_mech_scram_sha1,
	&sasl_mech_external,
	&sasl_mech_oauthbearer,
	&sasl_mech_xoauth2,
	&sasl_mech_plain,
	&sasl_mech_cram_md5,
	&sasl_mech_login,
	&sasl_mech_digest_md5,
	NULL,
};

const struct sasl_mech *sasl_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; mechs[i]; i++)
		if (!strcasecmp(mechs[i]->name, name))
			return mechs[i];
	return NULL;
}

const struct sasl_mech *const *sasl_all(void)
{
	return mechs;
}

void sasl_step_init(struct sasl_step *s)
{
	buf_init(&s->response, SASL_RESPONSE_MAX);
	s->secret = false;
	buf_init(&s->explain, 0);
}

void sasl_step_free(struct sasl_step *s)
{
	/* The response may be the password itself (PLAIN, LOGIN). */
	buf_wipe_free(&s->response);
	buf_free(&s->explain);
	s->secret = false;
}

enum sasl_status sasl_fail(struct sasl_step *out, const char *why)
{
	/* Nothing half-built may be sent, and nothing of it may linger. */
	if (out->response.data)
		wipe(out->response.data, out->response.cap);
	buf_reset(&out->response);
	out->secret = false;
	if (out->explain.len && out->explain.data[out->explain.len - 1] != '\n')
		buf_addc(&out->explain, '\n');
	buf_adds(&out->explain, why);
	return SASL_FAIL;
}

void sasl_explain_bytes(struct sasl_step *out, const void *p, size_t n)
{
	/* Explanations are UTF-8; a non-UTF-8 terminal is the printer's job. */
	esc_append(&out->explain, p, n, 0);
}

void sasl_explain_hex(struct sasl_step *out, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		buf_printf(&out->explain, "%02x", b[i]);
}

char *sasl_make_nonce(const char *pinned)
{
	if (pinned)
		return xstrdup(pinned);
	/* 24 bytes: 192 bits, far beyond guessing; Base64 keeps it printable. */
	uint8_t raw[24];
	if (RAND_bytes(raw, sizeof raw) != 1)
		return NULL;
	char *n = b64_encode(raw, sizeof raw);
	wipe(raw, sizeof raw);
	return n;
}

char *sasl_strdup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void sasl_wipe_str(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}
