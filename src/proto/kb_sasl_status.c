/* The IANA "SASL Mechanisms" registry's intended usage of each mechanism a
 * server may list (COMMON, LIMITED, OBSOLETE), and what an unregistered
 * name most likely means. Names outside the registry are vendor or private
 * mechanisms; "MD5" alone, as some old documents and servers name it, is
 * none of them. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/kb.h"

static const struct {
	const char *name;
	enum kb_sasl_usage usage;
} registry[] = {
	{"ANONYMOUS", KB_SASL_COMMON},       {"CRAM-MD5", KB_SASL_LIMITED},
	{"DIGEST-MD5", KB_SASL_OBSOLETE},    {"EXTERNAL", KB_SASL_COMMON},
	{"GS2-KRB5", KB_SASL_COMMON},        {"GS2-KRB5-PLUS", KB_SASL_COMMON},
	{"GSS-SPNEGO", KB_SASL_LIMITED},     {"GSSAPI", KB_SASL_COMMON},
	{"KERBEROS_V4", KB_SASL_OBSOLETE},   {"KERBEROS_V5", KB_SASL_LIMITED},
	{"LOGIN", KB_SASL_OBSOLETE},         {"NTLM", KB_SASL_LIMITED},
	{"OAUTH10A", KB_SASL_COMMON},        {"OAUTHBEARER", KB_SASL_COMMON},
	{"OPENID20", KB_SASL_COMMON},        {"OTP", KB_SASL_COMMON},
	{"PLAIN", KB_SASL_COMMON},           {"SAML20", KB_SASL_COMMON},
	{"SCRAM-SHA-1", KB_SASL_COMMON},     {"SCRAM-SHA-1-PLUS", KB_SASL_COMMON},
	{"SCRAM-SHA-256", KB_SASL_COMMON},   {"SCRAM-SHA-256-PLUS", KB_SASL_COMMON},
	{"SECURID", KB_SASL_COMMON},         {"SKEY", KB_SASL_OBSOLETE},
};

enum kb_sasl_usage kb_sasl_usage(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof registry / sizeof *registry; i++)
		if (strlen(registry[i].name) == n && !strncasecmp(registry[i].name, name, n))
			return registry[i].usage;
	return KB_SASL_UNREGISTERED;
}

const char *kb_sasl_usage_text(enum kb_sasl_usage u)
{
	switch (u) {
	case KB_SASL_COMMON:
		return N_("IANA registry: COMMON, intended for general use");
	case KB_SASL_LIMITED:
		return N_("IANA registry: LIMITED, for limited use only; prefer a COMMON "
			  "mechanism such as SCRAM-SHA-256");
	case KB_SASL_OBSOLETE:
		return N_("IANA registry: OBSOLETE, should no longer be used");
	default:
		return N_("not in the IANA SASL mechanisms registry: a vendor or private "
			  "mechanism");
	}
}

const char *kb_sasl_likely(const char *name, size_t n)
{
	if (n == 3 && !strncasecmp(name, "MD5", 3))
		return N_("\"MD5\" alone is no registered mechanism: it most likely means "
			  "CRAM-MD5 (RFC 2195, LIMITED) or DIGEST-MD5 (RFC 2831, OBSOLETE); both "
			  "hash the password with MD5 and neither sends it");
	if (n > 2 && !strncasecmp(name, "X-", 2))
		return N_("the X- prefix marks a private, experimental mechanism");
	if (n == 6 && !strncasecmp(name, "XOAUTH", 6))
		return N_("XOAUTH is Google's older OAuth 1.0 mechanism, long retired; "
			  "OAUTHBEARER (or XOAUTH2) replaced it");
	return NULL;
}
