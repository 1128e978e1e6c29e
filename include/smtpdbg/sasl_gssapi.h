/* GSSAPI (RFC 4752) over the system's GSS-API library (MIT Kerberos). It
 * lives outside src/proto because the library reads the credential cache
 * and asks the KDC: sasl_gssapi_register() adds it to the registry, so
 * sasl_find("GSSAPI") finds it like any other mechanism. */
#ifndef SMTPDBG_SASL_GSSAPI_H
#define SMTPDBG_SASL_GSSAPI_H

#include "smtpdbg/sasl.h"

extern const struct sasl_mech sasl_mech_gssapi;

/* Register the mechanism (once; later calls do nothing). */
void sasl_gssapi_register(void);

/* Whether the user's credential cache (KRB5CCNAME, or the default) holds
 * a ticket-granting ticket still valid: kinit was run, so --auth auto may
 * choose GSSAPI. Reads the cache; asks no KDC. */
bool sasl_gssapi_have_ticket(void);

#endif
