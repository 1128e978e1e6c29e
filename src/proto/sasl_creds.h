/* Credential copies the mechanisms keep for the length of one exchange.
 * Private to src/proto. */
#ifndef SMTPDBG_SASL_CREDS_H
#define SMTPDBG_SASL_CREDS_H

#include "smtpdbg/sasl.h"

struct sasl_copy {
	char *authzid, *user, *password; /* NULL when not given */
};

/* Copy what creds hold (NULL fields stay NULL). */
void sasl_copy_init(struct sasl_copy *c, const struct sasl_creds *creds);
/* Wipe and free the copies. */
void sasl_copy_free(struct sasl_copy *c);

#endif
