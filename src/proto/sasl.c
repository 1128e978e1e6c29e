/* The SASL mechanism registry. */
#include "smtpdbg/sasl.h"

#include <strings.h>

#include "sasl_mechs.h"

static const struct sasl_mech *const all[] = {
	&sasl_plain,
	&sasl_login,
	&sasl_cram_md5,
	NULL,
};

const struct sasl_mech *const *sasl_all(void)
{
	return all;
}

const struct sasl_mech *sasl_find(const char *name)
{
	for (size_t i = 0; all[i]; i++)
		if (!strcasecmp(all[i]->name, name))
			return all[i];
	return NULL;
}

void sasl_step_init(struct sasl_step *s)
{
	buf_init(&s->response, 0);
	buf_init(&s->explain, 0);
	s->secret = false;
}

void sasl_step_free(struct sasl_step *s)
{
	buf_wipe_free(&s->response);
	buf_free(&s->explain);
}
