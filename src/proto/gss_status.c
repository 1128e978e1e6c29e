/* What a GSS-API status means (RFC 2744 §3.9.1) and, for the Kerberos
 * minor codes people meet at a mail server, what to do. The numbers are
 * fixed by the RFC and by MIT krb5's error tables, so they are known here
 * without the library; the library's own words are added by the caller. */
#include <stddef.h>

#include "smtpdbg/gss_wire.h"
#include "smtpdbg/i18n.h"

/* Routine errors, bits 16-23 of the major status. */
static const struct {
	const char *name, *meaning;
} routine[] = {
	[1] = {"GSS_S_BAD_MECH", N_("the mechanism is not supported here")},
	[2] = {"GSS_S_BAD_NAME", N_("the name could not be read (the service name?)")},
	[3] = {"GSS_S_BAD_NAMETYPE", N_("the kind of name is not supported")},
	[4] = {"GSS_S_BAD_BINDINGS", N_("the channel bindings do not match")},
	[5] = {"GSS_S_BAD_STATUS", N_("an invalid status code")},
	[6] = {"GSS_S_BAD_MIC", N_("a token's signature is wrong: tampered with, or not meant "
				   "for this context")},
	[7] = {"GSS_S_NO_CRED", N_("no credentials: no ticket-granting ticket in the "
				   "credential cache, or none for this principal")},
	[8] = {"GSS_S_NO_CONTEXT", N_("no security context")},
	[9] = {"GSS_S_DEFECTIVE_TOKEN", N_("a token is malformed: the server sent something "
					   "that is not a GSSAPI token")},
	[10] = {"GSS_S_DEFECTIVE_CREDENTIAL", N_("the credentials are damaged")},
	[11] = {"GSS_S_CREDENTIALS_EXPIRED", N_("the credentials (the ticket) have expired")},
	[12] = {"GSS_S_CONTEXT_EXPIRED", N_("the security context has expired")},
	[13] = {"GSS_S_FAILURE", N_("the mechanism failed; the minor status says why")},
	[14] = {"GSS_S_BAD_QOP", N_("the quality of protection is not supported")},
	[15] = {"GSS_S_UNAUTHORIZED", N_("the operation is not allowed")},
	[16] = {"GSS_S_UNAVAILABLE", N_("the operation is not available")},
	[17] = {"GSS_S_DUPLICATE_ELEMENT", N_("the credential element exists already")},
	[18] = {"GSS_S_NAME_NOT_MN", N_("the name is not a mechanism name")},
};

/* Calling errors, bits 24-31: the program's mistake, not the network's. */
static const struct {
	const char *name, *meaning;
} calling[] = {
	[1] = {"GSS_S_CALL_INACCESSIBLE_READ", N_("an input could not be read")},
	[2] = {"GSS_S_CALL_INACCESSIBLE_WRITE", N_("an output could not be written")},
	[3] = {"GSS_S_CALL_BAD_STRUCTURE", N_("a malformed argument")},
};

/* Supplementary bits 0-15. */
static const struct {
	uint32_t bit;
	const char *name, *meaning;
} supplementary[] = {
	{1, "GSS_S_CONTINUE_NEEDED", N_("another token must be exchanged")},
	{2, "GSS_S_DUPLICATE_TOKEN", N_("a token was seen twice (a replay)")},
	{4, "GSS_S_OLD_TOKEN", N_("a token is too old")},
	{8, "GSS_S_UNSEQ_TOKEN", N_("a later token came first")},
	{16, "GSS_S_GAP_TOKEN", N_("an expected token was skipped")},
};

void gss_major_words(uint32_t major, struct buf *out)
{
	unsigned r = major >> 16 & 0xffu, c = major >> 24 & 0xffu;
	size_t before = out->len;
	if (c) {
		if (c < sizeof calling / sizeof calling[0])
			buf_printf(out, "%s: %s\n", calling[c].name, _(calling[c].meaning));
		else
			buf_printf(out, _("calling error %u (unknown)\n"), c);
	}
	if (r) {
		if (r < sizeof routine / sizeof routine[0])
			buf_printf(out, "%s: %s\n", routine[r].name, _(routine[r].meaning));
		else
			buf_printf(out, _("routine error %u (unknown)\n"), r);
	}
	for (size_t i = 0; i < sizeof supplementary / sizeof supplementary[0]; i++)
		if (major & supplementary[i].bit)
			buf_printf(out, "%s: %s\n", supplementary[i].name,
				   _(supplementary[i].meaning));
	if (out->len == before)
		buf_adds(out, _("GSS_S_COMPLETE: no error\n"));
	if (out->len && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
}

#define KRB5_BASE (-1765328384L)

static const struct gss_minor_help minors[] = {
	{KRB5_BASE + 6, "KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN",
	 N_("the KDC does not know the client principal"),
	 N_("check the name and realm with klist, or kinit USER@REALM with the right one")},
	{KRB5_BASE + 7, "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN",
	 N_("the KDC knows no service principal of that name: the server's name is not the one "
	    "its key was made for"),
	 N_("check the service name (--gss-service, smtp by default) and the host name "
	    "(--gss-host): the principal is SERVICE/HOST@REALM, with HOST as DNS gives it; "
	    "kvno SERVICE/HOST tests it")},
	{KRB5_BASE + 23, "KRB5KDC_ERR_KEY_EXP", N_("the password has expired"),
	 N_("change it with kpasswd, then kinit again")},
	{KRB5_BASE + 24, "KRB5KDC_ERR_PREAUTH_FAILED",
	 N_("pre-authentication failed: the password or the keytab's key is wrong"),
	 N_("kinit again with the right password; a keytab: kinit -k -t KEYTAB PRINCIPAL "
	    "tests it")},
	{KRB5_BASE + 31, "KRB5KRB_AP_ERR_BAD_INTEGRITY",
	 N_("the ticket could not be decrypted: the password or key changed"),
	 N_("kinit again; the server's keytab may be older than its key (compare kvno)")},
	{KRB5_BASE + 32, "KRB5KRB_AP_ERR_TKT_EXPIRED", N_("the ticket has expired"),
	 N_("klist shows the times; kinit gets a new ticket (kinit -R renews only one not yet expired)")},
	{KRB5_BASE + 33, "KRB5KRB_AP_ERR_TKT_NYV", N_("the ticket is not valid yet"),
	 N_("the clocks differ: check time sync (timedatectl, chronyc tracking)")},
	{KRB5_BASE + 34, "KRB5KRB_AP_ERR_REPEAT", N_("the server saw this request before (a replay)"),
	 N_("try again; if it persists, check the clocks")},
	{KRB5_BASE + 37, "KRB5KRB_AP_ERR_SKEW",
	 N_("the clocks of this machine and the KDC or server differ by more than the allowed "
	    "skew (5 minutes by default)"),
	 N_("check time sync on both sides (timedatectl, chronyc tracking), then kinit again")},
	{KRB5_BASE + 41, "KRB5KRB_AP_ERR_MODIFIED",
	 N_("the server could not decrypt the ticket: its keytab does not hold the key the KDC "
	    "used, or the ticket is for another service"),
	 N_("check the service name (--gss-service, --gss-host) and the server's keytab "
	    "(klist -k -t KEYTAB against kvno SERVICE/HOST)")},
	{KRB5_BASE + 44, "KRB5KRB_AP_ERR_BADKEYVER",
	 N_("the server's keytab has another key version"),
	 N_("compare kvno SERVICE/HOST with klist -k -t KEYTAB on the server")},
	{KRB5_BASE + 45, "KRB5KRB_AP_ERR_NOKEY", N_("the server has no key for this ticket"),
	 N_("the server's keytab lacks the service principal: check --gss-service and "
	    "--gss-host, and the server's keytab")},
	{KRB5_BASE + 68, "KRB5KDC_ERR_WRONG_REALM", N_("the principal belongs to another realm"),
	 N_("kinit USER@REALM with the right realm, and check default_realm and "
	    "[domain_realm] in krb5.conf")},
	{KRB5_BASE + 141, "KRB5_CC_NOTFOUND",
	 N_("no ticket: the credential cache is missing or holds none for this (no kinit "
	    "yet, or KRB5CCNAME points elsewhere)"),
	 N_("kinit USER@REALM gets one (klist shows the cache); for scripts, --keytab KEYTAB "
	    "--principal NAME, or kinit -k -t KEYTAB PRINCIPAL")},
	{KRB5_BASE + 142, "KRB5_CC_END", N_("the credential cache has no more entries"),
	 N_("klist shows what the cache holds; kinit gets a ticket")},
	{KRB5_BASE + 144, "KRB5KRB_AP_WRONG_PRINC",
	 N_("the server answered as another principal than the one asked for"),
	 N_("check the service name (--gss-service, --gss-host)")},
	{KRB5_BASE + 148, "KRB5_KDCREP_SKEW",
	 N_("the KDC's clock differs from this machine's by more than the allowed skew"),
	 N_("check time sync (timedatectl, chronyc tracking), then kinit again")},
	{KRB5_BASE + 154, "KRB5_REALM_UNKNOWN", N_("the realm is not known to krb5.conf"),
	 N_("add the realm and its KDC to krb5.conf [realms], or kinit USER@REALM with the "
	    "right realm")},
	{KRB5_BASE + 156, "KRB5_KDC_UNREACH", N_("no KDC of the realm answered"),
	 N_("check the kdc lines of krb5.conf [realms] (or DNS SRV _kerberos._udp), and that "
	    "the KDC runs and its port is reachable")},
	{KRB5_BASE + 181, "KRB5_KT_NOTFOUND", N_("the keytab holds no key for this principal"),
	 N_("klist -k -t KEYTAB lists its principals; give one with --principal")},
	{KRB5_BASE + 182, "KRB5_KT_END", N_("the keytab is empty"),
	 N_("klist -k -t KEYTAB; make a new one with ktutil or kadmin ktadd")},
	{KRB5_BASE + 195, "KRB5_FCC_NOFILE",
	 N_("no credential cache: you have no ticket (no kinit yet, or KRB5CCNAME points "
	    "elsewhere)"),
	 N_("kinit USER@REALM gets one (klist shows it); for scripts, --keytab KEYTAB "
	    "--principal NAME, or kinit -k -t KEYTAB PRINCIPAL")},
	{KRB5_BASE + 217, "KRB5_ERR_HOST_REALM_UNKNOWN",
	 N_("the realm of the server's host name is not known"),
	 N_("map the host to its realm in krb5.conf [domain_realm], or set default_realm")},
	{KRB5_BASE + 220, "KRB5_REALM_CANT_RESOLVE", N_("the realm's KDC could not be found"),
	 N_("add kdc = HOST to the realm in krb5.conf, or check DNS SRV _kerberos._udp.REALM")},
	{KRB5_BASE + 224, "KRB5_CONFIG_NODEFREALM", N_("no default realm is configured"),
	 N_("set default_realm in krb5.conf [libdefaults] (KRB5_CONFIG names the file)")},
};

/* MIT krb5's ASN.1 error table: a Kerberos message that does not decode. */
#define ASN1_BASE 1859794432L
static const struct gss_minor_help asn1 = {
	ASN1_BASE, "KRB5 ASN.1",
	N_("the server's Kerberos message could not be decoded (malformed ASN.1)"),
	N_("the server's token is not valid Kerberos: a wrong or broken server, or "
	   "something on the path changed the exchange"),
};

const struct gss_minor_help *gss_minor_find(int32_t code)
{
	for (size_t i = 0; i < sizeof minors / sizeof minors[0]; i++)
		if (minors[i].code == code)
			return &minors[i];
	if (code >= ASN1_BASE && code < ASN1_BASE + 256)
		return &asn1;
	return NULL;
}

const char *gss_major_advice(uint32_t major)
{
	switch (major >> 16 & 0xffu) {
	case 7:
		return N_("klist shows whether you have a ticket; kinit USER@REALM gets one (for "
			  "scripts: --keytab KEYTAB --principal NAME, or kinit -k -t KEYTAB "
			  "PRINCIPAL)");
	case 11:
		return N_("kinit gets a new ticket (klist shows when the old one expired)");
	case 2:
	case 3:
		return N_("check the service name: --gss-service (smtp) and --gss-host");
	case 6:
	case 9:
		return N_("the server's token is not valid GSSAPI: a wrong or broken server, or "
			  "something on the path changed the exchange");
	case 1:
		return N_("the Kerberos mechanism is missing: install MIT Kerberos' libgssapi-krb5");
	default:
		return NULL;
	}
}
