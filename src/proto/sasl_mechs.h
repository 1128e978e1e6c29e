/* The mechanisms the registry in sasl.c knows. Private to src/proto. */
#ifndef SMTPDBG_SASL_MECHS_H
#define SMTPDBG_SASL_MECHS_H

#include "smtpdbg/sasl.h"

extern const struct sasl_mech sasl_plain;
extern const struct sasl_mech sasl_login;
extern const struct sasl_mech sasl_cram_md5;

#endif
