/* The client's Kerberos credentials for GSSAPI, and what a GSS status
 * means. A keytab is read into a memory credential cache of this process
 * (gss_acquire_cred_from with client_keytab), so a script's run never
 * writes to the user's cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gss_impl.h"
#include "smtpdbg/gss_wire.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl_gssapi.h"
#include "smtpdbg/xmalloc.h"

gss_OID_desc gss_krb5_oid = {9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};

char *gss_name_text(gss_name_t name)
{
	OM_uint32 minor;
	gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
	if (name == GSS_C_NO_NAME || GSS_ERROR(gss_display_name(&minor, name, &b, NULL)))
		return xstrdup("?");
	char *s = xstrndup(b.value, b.length);
	gss_release_buffer(&minor, &b);
	return s;
}

/* The library's words for one kind of status, each message on a line. */
static void library_words(struct sasl_step *out, OM_uint32 code, int type, gss_OID mech)
{
	OM_uint32 minor, ctx = 0;
	do {
		gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
		if (GSS_ERROR(gss_display_status(&minor, code, type, mech, &ctx, &b)))
			return;
		sasl_say_bytes(out, AK_CALC, 1,
			       type == GSS_C_GSS_CODE ? _("the library says: ")
						      : _("Kerberos says: "),
			       b.value, b.length, NULL);
		gss_release_buffer(&minor, &b);
	} while (ctx);
}

/* The first status name in the major status' words (GSS_S_...), into
 * out, for the one-line summary. */
static void routine_name(OM_uint32 major, char *out, size_t cap)
{
	struct buf w;
	buf_init(&w, 0);
	gss_major_words(major, &w);
	const char *t = w.data ? w.data : "";
	snprintf(out, cap, "%.*s", (int)strcspn(t, ":\n"), t);
	buf_free(&w);
}

enum sasl_status gss_fail(struct sasl_step *out, const char *call, OM_uint32 major,
			  OM_uint32 minor)
{
	struct buf w;
	buf_init(&w, 0);
	gss_major_words(major, &w);
	sasl_say(out, AK_TEXT, 0, _("%s failed (major status 0x%08x, minor %d):"), call, major,
		 (int32_t)minor);
	for (char *line = w.data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		sasl_say(out, AK_CALC, 1, "%s", line);
	}
	buf_free(&w);
	library_words(out, major, GSS_C_GSS_CODE, GSS_C_NO_OID);
	if (minor)
		library_words(out, minor, GSS_C_MECH_CODE, &gss_krb5_oid);
	const struct gss_minor_help *h = gss_minor_find((int32_t)minor);
	const char *advice = h ? _(h->advice) : gss_major_advice(major) ? _(gss_major_advice(major)) : NULL;
	if (h)
		sasl_say(out, AK_CALC, 1, "%s: %s", h->name, _(h->meaning));
	struct buf why;
	buf_init(&why, 0);
	if (h)
		buf_printf(&why, _("GSSAPI failed (%s): %s"), h->name, _(h->meaning));
	else {
		char name[80];
		routine_name(major, name, sizeof name);
		buf_printf(&why, _("GSSAPI failed (%s, major status 0x%08x): %s"), call, major,
			   name);
	}
	if (advice)
		buf_printf(&why, _("; what helps: %s"), advice);
	enum sasl_status st = sasl_fail(out, why.data);
	buf_free(&why);
	return st;
}

/* Which principal the credentials are for, and how long they last. */
static void say_cred(struct sasl_step *out, gss_cred_id_t cred, const char *from)
{
	OM_uint32 major, minor, life = 0;
	gss_name_t name = GSS_C_NO_NAME;
	/* The lifetime first, without the name: for expired credentials
	 * MIT's mechanism glue loses a name it was handed with the error. */
	major = gss_inquire_cred(&minor, cred, NULL, &life, NULL, NULL);
	if (GSS_ROUTINE_ERROR(major) == GSS_S_CREDENTIALS_EXPIRED) {
		sasl_say(out, AK_CALC, 1, _("credentials: %s, the ticket-granting ticket has expired"),
			 from);
		return;
	}
	if (GSS_ERROR(major) || GSS_ERROR(gss_inquire_cred(&minor, cred, &name, NULL, NULL, NULL)))
		return;
	char *n = gss_name_text(name);
	sasl_say_bytes(out, AK_CALC, 1, _("client principal: "), n, strlen(n), NULL);
	free(n);
	gss_release_name(&minor, &name);
	sasl_say(out, AK_CALC, 1,
		 _("credentials: %s, the ticket-granting ticket valid for %u more seconds"), from,
		 (unsigned)life);
}

static gss_cred_id_t from_keytab(const char *keytab, const char *principal,
				 struct sasl_step *out, enum sasl_status *st)
{
	OM_uint32 major, minor;
	gss_name_t name = GSS_C_NO_NAME;
	if (principal) {
		gss_buffer_desc pb = {strlen(principal), (void *)principal};
		major = gss_import_name(&minor, &pb, (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME, &name);
		if (GSS_ERROR(major)) {
			*st = gss_fail(out, "gss_import_name", major, minor);
			return GSS_C_NO_CREDENTIAL;
		}
	}
	/* A memory cache named for this process: the tickets the keytab's key
	 * gets live and die with it. */
	char cc[64], kt[4200];
	static unsigned serial;
	snprintf(cc, sizeof cc, "MEMORY:smtpdbg-%ld-%u", (long)getpid(), ++serial);
	snprintf(kt, sizeof kt, "FILE:%s", keytab);
	gss_key_value_element_desc el[] = {{"client_keytab", kt}, {"ccache", cc}};
	gss_key_value_set_desc store = {2, el};
	gss_OID_set_desc mechs = {1, &gss_krb5_oid};
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	major = gss_acquire_cred_from(&minor, name, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
				      &store, &cred, NULL, NULL);
	OM_uint32 ignored;
	gss_release_name(&ignored, &name);
	if (GSS_ERROR(major)) {
		gss_fail(out, "gss_acquire_cred_from", major, minor);
		/* The library's words name a cache; the cause is the keytab. */
		struct buf why;
		buf_init(&why, 0);
		if (principal)
			buf_printf(&why, _("the keytab %s gave no ticket for %s: klist -k %s lists the "
					   "principals whose keys it holds"),
				   keytab, principal, keytab);
		else
			buf_printf(&why, _("the keytab %s gave no ticket: klist -k %s lists the "
					   "principals whose keys it holds"),
				   keytab, keytab);
		*st = sasl_fail(out, why.data);
		buf_free(&why);
		return GSS_C_NO_CREDENTIAL;
	}
	sasl_say_bytes(out, AK_CALC, 1, _("keytab: "), keytab, strlen(keytab),
		       _(" (its key gets tickets into a memory cache of this process; your own "
			 "cache is not touched)"));
	return cred;
}

gss_cred_id_t gss_get_creds(const char *keytab, const char *principal, struct sasl_step *out,
			    enum sasl_status *st)
{
	*st = SASL_CONTINUE;
	if (keytab) {
		gss_cred_id_t c = from_keytab(keytab, principal, out, st);
		if (c != GSS_C_NO_CREDENTIAL)
			say_cred(out, c, _("from the keytab"));
		return c;
	}
	OM_uint32 major, minor;
	gss_OID_set_desc mechs = {1, &gss_krb5_oid};
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
				 &cred, NULL, NULL);
	if (GSS_ERROR(major)) {
		*st = gss_fail(out, "gss_acquire_cred", major, minor);
		return GSS_C_NO_CREDENTIAL;
	}
	const char *ccname = getenv("KRB5CCNAME");
	struct buf from;
	buf_init(&from, 0);
	if (ccname && *ccname) {
		buf_adds(&from, _("from the credential cache KRB5CCNAME names"));
	} else {
		buf_adds(&from, _("from your default credential cache (klist shows it)"));
	}
	say_cred(out, cred, from.data);
	buf_free(&from);
	return cred;
}

bool sasl_gssapi_have_ticket(void)
{
	OM_uint32 major, minor, life = 0;
	gss_OID_set_desc mechs = {1, &gss_krb5_oid};
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
				 &cred, NULL, NULL);
	if (GSS_ERROR(major))
		return false;
	major = gss_inquire_cred(&minor, cred, NULL, &life, NULL, NULL);
	gss_release_cred(&minor, &cred);
	return !GSS_ERROR(major) && life > 0;
}
