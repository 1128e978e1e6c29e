/* Shared by the two halves of the GSSAPI mechanism: credentials and status
 * words (gss_creds.c), the exchange (sasl_gssapi.c). */
#ifndef SMTPDBG_GSS_IMPL_H
#define SMTPDBG_GSS_IMPL_H

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>

#include "../proto/sasl_mechs.h"

/* Kerberos V5's mechanism OID, 1.2.840.113554.1.2.2. */
extern gss_OID_desc gss_krb5_oid;

/* Explain a failed GSS call: the major status in words, the library's own
 * words for both statuses, and for a known minor what it means and what
 * helps; then fail the step with a one-line summary. */
enum sasl_status gss_fail(struct sasl_step *out, const char *call, OM_uint32 major,
			  OM_uint32 minor);

/* The client's credentials: from a keytab into a memory cache of their own
 * (keytab non-NULL, principal optional), or the user's default cache
 * (KRB5CCNAME). Explains which principal and until when. Returns
 * GSS_C_NO_CREDENTIAL after failing the step (out explains). */
gss_cred_id_t gss_get_creds(const char *keytab, const char *principal, struct sasl_step *out,
			    enum sasl_status *st);

/* A GSS name as text, malloc'd; "?" when it cannot be shown. */
char *gss_name_text(gss_name_t name);

#endif
