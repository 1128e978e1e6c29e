#include "sasl_creds.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/xmalloc.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void wipe_free(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

void sasl_copy_init(struct sasl_copy *c, const struct sasl_creds *creds)
{
	c->authzid = dup_or_null(creds->authzid);
	c->user = dup_or_null(creds->user);
	c->password = dup_or_null(creds->password);
}

void sasl_copy_free(struct sasl_copy *c)
{
	wipe_free(c->authzid);
	wipe_free(c->user);
	wipe_free(c->password);
	c->authzid = c->user = c->password = NULL;
}
