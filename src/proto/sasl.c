/* The mechanism registry and the step buffers every mechanism shares. */
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sasl_mechs.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/xmalloc.h"

/* Listed strongest first, so a list shown to the user reads as advice;
 * room at the end for those sasl_register adds. */
#define MECHS_MAX 20
static const struct sasl_mech *mechs[MECHS_MAX + 1] = {
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
	&sasl_mech_oauth10a,
	&sasl_mech_digest_md5,
	&sasl_mech_ntlm,
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

void sasl_register(const struct sasl_mech *m)
{
	size_t n = 0;
	while (mechs[n]) {
		if (mechs[n] == m)
			return;
		n++;
	}
	if (n >= MECHS_MAX)
		return;
	size_t at = 0;
	while (at < n && mechs[at]->rank >= m->rank)
		at++;
	memmove(&mechs[at + 1], &mechs[at], (n - at + 1) * sizeof mechs[0]);
	mechs[at] = m;
}

const struct sasl_mech *const *sasl_all(void)
{
	return (const struct sasl_mech *const *)mechs;
}

void sasl_step_init(struct sasl_step *s)
{
	buf_init(&s->response, SASL_RESPONSE_MAX);
	s->secret = false;
	buf_init(&s->explain, 0);
	annot_items_init(&s->items);
}

void sasl_step_free(struct sasl_step *s)
{
	/* The response may be the password itself (PLAIN, LOGIN). */
	buf_wipe_free(&s->response);
	buf_free(&s->explain);
	annot_items_free(&s->items);
	s->secret = false;
}

void sasl_step_items(const struct sasl_step *s, struct annot_items *out)
{
	if (s->items.n)
		annot_items_copy(out, &s->items, 0);
	else if (s->explain.len)
		annot_add(out, AK_CALC, 0, NULL, "%s", s->explain.data);
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
	/* A mechanism that explains itself in items says why there too. */
	if (out->items.n)
		annot_add(&out->items, AK_WARNING, 0, NULL, "%s", why);
	return SASL_FAIL;
}

/* Start a new line of the words, indented for depth. */
static void new_line(struct sasl_step *out, unsigned depth)
{
	if (out->explain.len && out->explain.data[out->explain.len - 1] != '\n')
		buf_addc(&out->explain, '\n');
	for (unsigned d = 0; d < depth; d++)
		buf_adds(&out->explain, "  ");
}

static void say_text(struct sasl_step *out, enum annot_kind kind, unsigned depth,
		     const char *text)
{
	new_line(out, depth);
	buf_adds(&out->explain, text);
	annot_add_item(&out->items, kind, depth, 0, text, NULL);
}

void sasl_say(struct sasl_step *out, enum annot_kind kind, unsigned depth, const char *fmt, ...)
{
	struct buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	say_text(out, kind, depth, b.data ? b.data : "");
	buf_free(&b);
}

void sasl_say_bytes(struct sasl_step *out, enum annot_kind kind, unsigned depth,
		    const char *prefix, const void *p, size_t n, const char *suffix)
{
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, prefix ? prefix : "");
	esc_append(&b, p, n, 0);
	buf_adds(&b, suffix ? suffix : "");
	say_text(out, kind, depth, b.data ? b.data : "");
	buf_free(&b);
}

void sasl_say_secret(struct sasl_step *out, unsigned depth, const char *masked,
		     const char *revealed)
{
	if (masked) {
		new_line(out, depth);
		buf_adds(&out->explain, masked);
	}
	annot_add_item(&out->items, AK_CALC, depth, 0, masked, revealed);
}

char *sasl_hex(const void *p, size_t n, bool spaced)
{
	const uint8_t *b = p;
	char *s = xmalloc(n * 3 + 1), *w = s;
	for (size_t i = 0; i < n; i++) {
		if (spaced && i)
			*w++ = ' ';
		w += snprintf(w, 3, "%02x", b[i]);
	}
	*w = '\0';
	return s;
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
