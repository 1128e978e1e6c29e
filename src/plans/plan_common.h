/* What the non-interactive plans (run, relay-test) share: sending one
 * command built from parts, and naming a reply that ended a stage. Private
 * to src/plans. */
#ifndef SMTPDBG_PLAN_COMMON_H
#define SMTPDBG_PLAN_COMMON_H

#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"

/* Send verb + arg + close ("MAIL FROM:<" a ">"); the engine refuses an arg
 * with a line break, so nothing can be smuggled into a second command. */
void plan_send(struct smtp_client *c, const char *verb, const char *arg, const char *close);

/* "the server answered 554", or that the reply was malformed. */
void plan_reply_reason(struct buf *out, const struct smtp_reply *r);

#endif
