/* DANE for SMTP (RFC 7672): which TLSA records count, and the outcome in
 * words. OpenSSL does the matching (tls.c); this file only judges. */
#include "smtpdbg/dane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

int dane_mode_parse(const char *s)
{
	if (!s || !strcmp(s, "auto"))
		return DANE_AUTO;
	if (!strcmp(s, "require"))
		return DANE_REQUIRE;
	if (!strcmp(s, "off"))
		return DANE_OFF;
	return -1;
}

int dane_qname(const char *host, const char *port, char *out, size_t size)
{
	size_t n = strlen(host);
	if (n && host[n - 1] == '.')
		n--;
	int w = snprintf(out, size, "_%s._tcp.%.*s", port, (int)n, host);
	return w < 0 || (size_t)w >= size || n == 0 ? -1 : 0;
}

bool dane_usage_usable(unsigned usage)
{
	return usage == 2 || usage == 3;
}

void dane_set_add(struct dane_set *s, const uint8_t *rdata, size_t n)
{
	struct tlsa_record t;
	bool ok = tlsa_parse(rdata, n, &t) == 0;
	s->rec = xrealloc(s->rec, (s->n + 1) * sizeof *s->rec);
	struct dane_tlsa *r = &s->rec[s->n++];
	memset(r, 0, sizeof *r);
	r->malformed = !ok;
	if (n >= 3) {
		r->usage = rdata[0];
		r->selector = rdata[1];
		r->mtype = rdata[2];
		r->len = n - 3;
		r->data = xmalloc(r->len ? r->len : 1);
		memcpy(r->data, rdata + 3, r->len);
	}
	r->usable = ok && dane_usage_usable(t.usage);
	if (r->usable)
		s->usable++;
}

void dane_set_free(struct dane_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->rec[i].data);
	free(s->rec);
	s->rec = NULL;
	s->n = s->usable = 0;
}

void dane_mx_security(struct dane_set *s, bool mx_validated)
{
	if (!mx_validated && s->validated) {
		s->validated = false;
		s->mx_insecure = true;
	}
}

bool dane_enforced(const struct dane_set *s)
{
	return s && s->status == DANE_L_FOUND && s->validated && s->usable > 0;
}

enum dane_result dane_judge(const struct dane_set *s, bool off, bool checked, int matched)
{
	if (off)
		return DANE_R_OFF;
	if (!s || s->status == DANE_L_NOT_ASKED || s->status == DANE_L_NONE)
		return DANE_R_NONE;
	if (s->status == DANE_L_FAILED)
		return DANE_R_LOOKUP_FAILED;
	if (s->usable == 0)
		return DANE_R_UNUSABLE;
	if (!checked)
		return DANE_R_NOT_CHECKED;
	if (matched >= 0)
		return s->validated ? DANE_R_AUTHENTICATED : DANE_R_MATCH_UNVALIDATED;
	return s->validated ? DANE_R_NO_MATCH : DANE_R_NO_MATCH_UNVALIDATED;
}

const char *dane_result_key(enum dane_result r)
{
	static const char *const keys[] = {
		[DANE_R_OFF] = "off",
		[DANE_R_NONE] = "none",
		[DANE_R_LOOKUP_FAILED] = "lookup-failed",
		[DANE_R_UNUSABLE] = "unusable",
		[DANE_R_NOT_CHECKED] = "not-checked",
		[DANE_R_AUTHENTICATED] = "authenticated",
		[DANE_R_MATCH_UNVALIDATED] = "matching-not-validated",
		[DANE_R_NO_MATCH] = "no-match",
		[DANE_R_NO_MATCH_UNVALIDATED] = "no-match-not-validated",
	};
	return (unsigned)r < sizeof keys / sizeof *keys ? keys[r] : "?";
}

const char *dane_result_text(enum dane_result r)
{
	switch (r) {
	case DANE_R_OFF:
		return _("not checked (--dane off)");
	case DANE_R_NONE:
		return _("no TLSA records: DANE is not in use for this server; the certificate is "
			 "checked the usual way (WebPKI)");
	case DANE_R_LOOKUP_FAILED:
		return _("the TLSA lookup failed: whether DANE applies is unknown (RFC 7672 "
			 "§2.2 defers delivery to such a server); not DANE-authenticated");
	case DANE_R_UNUSABLE:
		return _("TLSA records present, but none that SMTP can use (only DANE-TA(2) and "
			 "DANE-EE(3) count, RFC 7672 §3.1.3): not DANE-authenticated");
	case DANE_R_NOT_CHECKED:
		return _("the handshake ended before the certificate could be matched: not "
			 "DANE-authenticated");
	case DANE_R_AUTHENTICATED:
		return _("DANE OK: a TLSA record validated by DNSSEC matches the server's "
			 "certificate (RFC 7672)");
	case DANE_R_MATCH_UNVALIDATED:
		return _("TLSA present and matching, but NOT validated by DNSSEC: not "
			 "DANE-authenticated");
	case DANE_R_NO_MATCH:
		return _("DANE FAILED: TLSA records validated by DNSSEC, and none matches the "
			 "server's certificate chain");
	case DANE_R_NO_MATCH_UNVALIDATED:
		return _("TLSA present but matching nothing, and NOT validated by DNSSEC (so "
			 "not binding): not DANE-authenticated");
	}
	return "?";
}

void dane_record_text(const struct dane_tlsa *r, struct buf *out)
{
	buf_printf(out, "%u %u %u ", r->usage, r->selector, r->mtype);
	size_t show = r->len > 32 ? 32 : r->len;
	for (size_t i = 0; i < show; i++)
		buf_printf(out, "%02x", r->data[i]);
	if (show < r->len)
		buf_adds(out, "...");
}

/* Why a record does not count, or NULL when it does. */
static const char *unusable_why(const struct dane_tlsa *r)
{
	if (r->malformed)
		return _("malformed (a field out of range or the wrong length): unusable");
	if (!dane_usage_usable(r->usage))
		return _("PKIX-TA(0) and PKIX-EE(1) are unusable for SMTP (RFC 7672 §3.1.3): "
			 "ignored");
	return NULL;
}

void dane_describe_lookup(const struct dane_set *s, struct buf *out)
{
	switch (s->status) {
	case DANE_L_NOT_ASKED:
		return;
	case DANE_L_NONE:
		buf_printf(out, _("DANE: no TLSA records at %s%s\n"), s->qname,
			   s->validated ? _(" (validated: the resolver set the AD bit)") : "");
		return;
	case DANE_L_FAILED:
		buf_printf(out, _("DANE: the TLSA lookup of %s failed: %s\n"), s->qname, s->why);
		return;
	case DANE_L_FOUND:
		break;
	}
	buf_printf(out, P_("DANE: %zu TLSA record at %s, ", "DANE: %zu TLSA records at %s, ", s->n),
		   s->n, s->qname);
	buf_adds(out, s->validated ? _("validated by DNSSEC (the resolver set the AD bit)")
		      : s->mx_insecure
			      ? _("validated by DNSSEC, but the MX answer that named this host was "
				  "NOT, so they count as not validated (RFC 7672 §2.2.1: a forged MX "
				  "answer chooses the host and its records)")
			      : _("NOT validated by DNSSEC (no AD bit from the resolver)"));
	buf_addc(out, '\n');
	if (s->cname)
		buf_adds(out, _("DANE: the name is an alias (CNAME); the records of its target "
				"are used, the certificate is still checked against the MX host "
				"name\n"));
	for (size_t i = 0; i < s->n; i++) {
		const struct dane_tlsa *r = &s->rec[i];
		buf_adds(out, "DANE:   ");
		dane_record_text(r, out);
		buf_printf(out, " %s %s %s", tlsa_usage_name(r->usage),
			   tlsa_selector_name(r->selector), tlsa_mtype_name(r->mtype));
		const char *why = unusable_why(r);
		if (why)
			buf_printf(out, ": %s", why);
		buf_addc(out, '\n');
	}
}

void dane_describe_outcome(const struct dane_set *s, const struct dane_outcome *o,
			   struct buf *out)
{
	buf_printf(out, "DANE: %s\n", dane_result_text(o->result));
	if (!s || o->matched < 0 || (size_t)o->matched >= s->n)
		return;
	const struct dane_tlsa *r = &s->rec[o->matched];
	buf_adds(out, _("DANE: matched "));
	dane_record_text(r, out);
	if (o->depth == 0)
		buf_adds(out, _(" with the server's own certificate (depth 0)"));
	else
		buf_printf(out, _(" with the certificate at depth %d of the chain"), o->depth);
	buf_addc(out, '\n');
	if (o->result != DANE_R_AUTHENTICATED)
		return;
	if (r->usage == 3)
		buf_adds(out, _("DANE: DANE-EE(3): the server's key is pinned; its name and expiry "
				"are not checked, nor any certificate authority (RFC 7672 §3.1.1)\n"));
	else
		buf_adds(out, _("DANE: DANE-TA(2): the chain is anchored in the published "
				"authority; the name is checked against the MX host name, the "
				"WebPKI's authorities are not consulted (RFC 7672 §3.1.2)\n"));
}
