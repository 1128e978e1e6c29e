/* The options of the mechanisms that need more than a user and a password,
 * shared by run and the interactive mode (offsets into struct sasl_creds):
 * GSSAPI's (whose credentials: the user's cache, or a keytab for scripts;
 * which service principal to ask the KDC for) and NTLM's version. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "cli_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/secret_file.h"

#define G(field) offsetof(struct sasl_creds, field)

const struct opt gss_opt_table[] = {
	{.lng = "gss-service", .kind = OPT_STR, .off = G(gss_service), .metavar = "NAME",
	 .help = N_("GSSAPI: the service part of the server's principal (default smtp, for "
		    "smtp/HOST@REALM)")},
	{.lng = "gss-host", .kind = OPT_STR, .off = G(gss_host), .metavar = "HOST",
	 .help = N_("GSSAPI: the host part of the server's principal (default: the host "
		    "connected to); to connect by address and still ask for mail.example.org's "
		    "ticket")},
	{.lng = "keytab", .kind = OPT_STR, .off = G(gss_keytab), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("GSSAPI: get tickets with the key in this client keytab (mode 0600, yours) "
		    "into a memory cache, for scripts, instead of the cache kinit filled "
		    "(KRB5CCNAME is honoured); with --principal")},
	{.lng = "principal", .kind = OPT_STR, .off = G(gss_principal), .metavar = "NAME",
	 .help = N_("GSSAPI with --keytab: the client principal, as in user@EXAMPLE.ORG "
		    "(default: the keytab's first)")},
	{0},
};

const struct opt ntlm_opt_table[] = {
	{.lng = "ntlm-v1", .kind = OPT_FLAG, .off = G(ntlm_v1),
	 .help = N_("NTLM: the weak NTLMv1 response instead of NTLMv2, for a server that "
		    "takes nothing else (a recorded exchange gives up the password hash)")},
	{0},
};

/* The keytab must be a secret file (as --password-file is): a key in it
 * logs in as its principal, without a password. */
#define KEYTAB_MAX (1024u * 1024u)

int gss_opts_check(const struct cli_cmd *cmd, const struct sasl_creds *cr, const char *mech)
{
	bool any = cr->gss_service || cr->gss_host || cr->gss_keytab || cr->gss_principal;
	if (!any)
		return -1;
	if (!mech || (strcasecmp(mech, "GSSAPI") && strcasecmp(mech, "auto")))
		return cli_fail(cmd, _("--gss-service, --gss-host, --keytab and --principal go "
				       "with --auth GSSAPI"));
	if (cr->gss_principal && !cr->gss_keytab)
		return cli_fail(cmd, _("--principal goes with --keytab (with the cache kinit "
				       "filled, the principal is the one klist shows)"));
	if (cr->gss_keytab) {
		struct buf kt;
		char why[200];
		buf_init(&kt, 0);
		int rc = secret_file_read(cr->gss_keytab, KEYTAB_MAX, &kt, why, sizeof why);
		bool empty = rc == 0 && kt.len == 0;
		buf_wipe_free(&kt);
		if (rc < 0)
			return cli_fail(cmd, _("--keytab %s: %s"), cr->gss_keytab, why);
		if (empty)
			return cli_fail(cmd, _("--keytab %s: the file is empty"), cr->gss_keytab);
	}
	return -1;
}
