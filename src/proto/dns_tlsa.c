/* TLSA records (RFC 6698 §2.1): certificate usage, selector, matching type
 * and the data, with the lengths the matching types imply. */
#include <string.h>

#include "smtpdbg/dns_records.h"
#include "smtpdbg/i18n.h"

int tlsa_parse(const uint8_t *rdata, size_t n, struct tlsa_record *t)
{
	memset(t, 0, sizeof *t);
	if (n < 4) {
		t->error = N_("too short for a TLSA record");
		return -1;
	}
	t->usage = rdata[0];
	t->selector = rdata[1];
	t->mtype = rdata[2];
	t->data = rdata + 3;
	t->len = n - 3;
	if (t->usage > 3)
		t->error = N_("an unknown certificate usage (0 to 3)");
	else if (t->selector > 1)
		t->error = N_("an unknown selector (0 full certificate, 1 public key)");
	else if (t->mtype > 2)
		t->error = N_("an unknown matching type (0 exact, 1 SHA-256, 2 SHA-512)");
	else if ((t->mtype == 1 && t->len != 32) || (t->mtype == 2 && t->len != 64))
		t->error = N_("the data's length does not fit the matching type (SHA-256: 32 bytes, SHA-512: 64)");
	return t->error ? -1 : 0;
}

const char *tlsa_usage_name(unsigned usage)
{
	static const char *const names[] = {"PKIX-TA(0)", "PKIX-EE(1)", "DANE-TA(2)", "DANE-EE(3)"};
	return usage < 4 ? names[usage] : "?";
}

const char *tlsa_selector_name(unsigned selector)
{
	return selector == 0 ? "Cert(0)" : selector == 1 ? "SPKI(1)" : "?";
}

const char *tlsa_mtype_name(unsigned mtype)
{
	static const char *const names[] = {"Full(0)", "SHA2-256(1)", "SHA2-512(2)"};
	return mtype < 3 ? names[mtype] : "?";
}
