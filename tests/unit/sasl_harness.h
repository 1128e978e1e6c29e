/* One SASL exchange driven step by step, shared by the mechanism tests:
 * the mechanism's state, the last step's output and its Base64 form. */
#ifndef SMTPDBG_TEST_SASL_HARNESS_H
#define SMTPDBG_TEST_SASL_HARNESS_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/sasl.h"

struct exchange {
	const struct sasl_mech *m;
	void *state;
	struct sasl_step st;
	enum sasl_status status;
	char *b64; /* the last response, Base64-encoded */
};

static inline void ex_open(struct exchange *x, const struct sasl_mech *m,
			   const struct sasl_creds *c)
{
	memset(x, 0, sizeof *x);
	cr_assert_not_null(m, "no such mechanism");
	x->m = m;
	x->state = m->init(c);
	cr_assert_not_null(x->state);
	sasl_step_init(&x->st);
}

/* One step; chal NULL asks for the initial response. */
static inline enum sasl_status ex_step(struct exchange *x, const void *chal, size_t len)
{
	sasl_step_free(&x->st);
	sasl_step_init(&x->st);
	free(x->b64);
	x->status = x->m->step(x->state, chal, len, &x->st);
	x->b64 = b64_encode(x->st.response.data ? x->st.response.data : "", x->st.response.len);
	cr_assert_not_null(x->st.explain.data, "every step explains itself");
	return x->status;
}

/* One step with the text a server sends after "334 " (Base64); NULL asks
 * for the initial response, "" is an empty challenge. */
static inline enum sasl_status ex_step_b64(struct exchange *x, const char *b64)
{
	uint8_t *chal = NULL;
	size_t len = 0, pos;
	const char *err;

	if (!b64)
		return ex_step(x, NULL, 0);
	cr_assert_eq(b64_decode(b64, strlen(b64), &chal, &len, &err, &pos), 0);
	enum sasl_status s = ex_step(x, chal ? (const void *)chal : "", len);
	free(chal);
	return s;
}

/* One step with a challenge given as text; NULL asks for the initial
 * response. */
static inline enum sasl_status ex_step_text(struct exchange *x, const char *text)
{
	return ex_step(x, text, text ? strlen(text) : 0);
}

/* The server said 235: does the mechanism believe it? */
static inline enum sasl_status ex_success(struct exchange *x)
{
	sasl_step_free(&x->st);
	sasl_step_init(&x->st);
	cr_assert_not_null(x->m->success);
	return x->status = x->m->success(x->state, &x->st);
}

static inline void finish(struct exchange *x)
{
	sasl_step_free(&x->st);
	x->m->done(x->state);
	free(x->b64);
}

static inline const char *explain(const struct exchange *x)
{
	return x->st.explain.data ? x->st.explain.data : "";
}

static inline const char *response(const struct exchange *x)
{
	return x->st.response.data ? x->st.response.data : "";
}

static inline void assert_has(const struct exchange *x, const char *what)
{
	cr_assert(strstr(explain(x), what), "explanation lacks '%s':\n%s", what, explain(x));
}

static inline void assert_lacks(const struct exchange *x, const char *what)
{
	cr_assert(!strstr(explain(x), what), "explanation contains '%s':\n%s", what,
		  explain(x));
}

/* No control byte may reach a terminal through an explanation. */
static inline void assert_inert(const struct exchange *x)
{
	for (const unsigned char *p = (const unsigned char *)explain(x); *p; p++)
		cr_assert(*p == '\n' || (*p >= 0x20 && *p != 0x7f), "raw byte 0x%02x in:\n%s",
			  *p, explain(x));
}

static inline void assert_failed(const struct exchange *x, const char *why)
{
	cr_assert_eq(x->status, SASL_FAIL);
	cr_assert_eq(x->st.response.len, 0, "nothing is sent after a failure");
	cr_assert_not(x->st.secret);
	assert_has(x, why);
}

#endif
