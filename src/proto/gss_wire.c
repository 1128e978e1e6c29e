/* The bytes of GSSAPI (RFC 4752) that need no GSS-API library: the
 * security-layer message both sides wrap, and the framing of the tokens
 * (RFC 2743 §3.1, RFC 4121), read only as far as "what this is and how
 * large". A ticket's ASN.1 stays opaque: it is encrypted for the server
 * anyway, and a reader learns nothing from its DER. */
#include <stdio.h>
#include <string.h>

#include "smtpdbg/gss_wire.h"
#include "smtpdbg/i18n.h"

int gss_seclayer_parse(const uint8_t *p, size_t n, struct gss_seclayer *out)
{
	if (!p || n != 4)
		return -1;
	out->layers = p[0];
	out->max_size = (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return 0;
}

int gss_seclayer_reply(uint8_t layer, uint32_t max_size, const char *authzid, struct buf *out)
{
	if (max_size > 0xffffffu)
		return -1;
	uint8_t m[4] = {layer, (uint8_t)(max_size >> 16), (uint8_t)(max_size >> 8),
			(uint8_t)max_size};
	if (buf_add(out, m, 4) < 0)
		return -1;
	if (authzid && *authzid && buf_adds(out, authzid) < 0)
		return -1;
	return 0;
}

void gss_seclayer_names(uint8_t layers, struct buf *out)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {
		{GSS_LAYER_NONE, N_("no security layer")},
		{GSS_LAYER_INTEGRITY, N_("integrity protection")},
		{GSS_LAYER_CONFIDENTIALITY, N_("confidentiality protection")},
	};
	size_t before = out->len;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (layers & names[i].bit)
			buf_printf(out, "%s%s", out->len > before ? ", " : "", _(names[i].name));
	if (layers & 0xf8u)
		buf_printf(out, "%s%s 0x%02x", out->len > before ? ", " : "",
			   _("unknown bits"), layers & 0xf8u);
	if (out->len == before)
		buf_adds(out, _("none at all"));
}

/* A DER length at p[*i]: short form, or long form of up to 4 bytes. */
static bool der_len(const uint8_t *p, size_t n, size_t *i, size_t *len)
{
	if (*i >= n)
		return false;
	uint8_t b = p[(*i)++];
	if (b < 0x80) {
		*len = b;
		return true;
	}
	unsigned k = b & 0x7fu;
	if (k == 0 || k > 4 || k > n - *i)
		return false;
	size_t v = 0;
	for (unsigned j = 0; j < k; j++)
		v = v << 8 | p[(*i)++];
	*len = v;
	return true;
}

/* The dotted form of a DER OID's content; false if malformed or too long. */
static bool oid_text(const uint8_t *p, size_t n, char *out, size_t cap)
{
	if (n == 0 || cap < 8)
		return false;
	size_t w = 0;
	uint64_t v = 0;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (v >> 56)
			return false;
		v = v << 7 | (p[i] & 0x7fu);
		if (p[i] & 0x80u) {
			if (i + 1 == n)
				return false;
			continue;
		}
		int k;
		if (first) {
			unsigned a = v < 40 ? 0 : v < 80 ? 1 : 2;
			k = snprintf(out + w, cap - w, "%u.%llu", a,
				     (unsigned long long)(v - 40u * a));
			first = false;
		} else {
			k = snprintf(out + w, cap - w, ".%llu", (unsigned long long)v);
		}
		if (k < 0 || (size_t)k >= cap - w)
			return false;
		w += (size_t)k;
		v = 0;
	}
	return true;
}

static enum gss_krb_msg krb_msg(uint16_t id)
{
	switch (id) {
	case 0x0100: return GSS_KRB_AP_REQ;
	case 0x0200: return GSS_KRB_AP_REP;
	case 0x0300: return GSS_KRB_ERROR;
	default: return GSS_KRB_OTHER;
	}
}

void gss_token_describe(const uint8_t *p, size_t n, struct gss_token_info *out)
{
	memset(out, 0, sizeof *out);
	out->total = n;
	if (!p || n < 2)
		return;
	if (n >= 16 && (p[0] == 0x05 || p[0] == 0x04) && p[1] == 0x04) {
		out->kind = p[0] == 0x05 ? GSS_TOK_WRAP : GSS_TOK_MIC;
		out->tok_id = (uint16_t)(p[0] << 8 | p[1]);
		out->header = 16;
		out->inner = n - 16;
		return;
	}
	if (p[0] != 0x60)
		return;
	size_t i = 1, len, oidlen;
	if (!der_len(p, n, &i, &len) || len != n - i)
		return;
	if (i + 2 > n || p[i] != 0x06)
		return;
	i++;
	if (!der_len(p, n, &i, &oidlen) || oidlen > n - i ||
	    !oid_text(p + i, oidlen, out->oid, sizeof out->oid))
		return;
	i += oidlen;
	out->kind = GSS_TOK_INITIAL;
	out->header = i;
	out->inner = n - i;
	out->krb5 = !strcmp(out->oid, "1.2.840.113554.1.2.2");
	if (out->krb5 && n - i >= 2) {
		out->tok_id = (uint16_t)(p[i] << 8 | p[i + 1]);
		out->msg = krb_msg(out->tok_id);
	}
}

static const char *mech_name(const struct gss_token_info *t)
{
	if (t->krb5)
		return "Kerberos V5";
	if (!strcmp(t->oid, "1.3.6.1.5.5.2"))
		return "SPNEGO";
	if (!strcmp(t->oid, "1.2.840.48018.1.2.2"))
		return _("Kerberos V5 (Microsoft's OID)");
	return NULL;
}

void gss_token_words(const struct gss_token_info *t, struct buf *out)
{
	static const char *const msgs[] = {
		[GSS_KRB_AP_REQ] = N_("AP-REQ: the service ticket and an authenticator"),
		[GSS_KRB_AP_REP] = N_("AP-REP: the server's proof that it could read the ticket"),
		[GSS_KRB_ERROR] = N_("KRB-ERROR: the server refused the ticket"),
	};
	switch (t->kind) {
	case GSS_TOK_WRAP:
		buf_printf(out, _("Wrap token (RFC 4121 §4.2.6.2): %zu bytes, a 16-byte header and "
				  "%zu bytes of protected data"),
			   t->total, t->inner);
		return;
	case GSS_TOK_MIC:
		buf_printf(out, _("MIC token (RFC 4121 §4.2.6.1): %zu bytes"), t->total);
		return;
	case GSS_TOK_UNKNOWN:
		buf_printf(out, _("%zu bytes, not a framing GSSAPI uses (neither an "
				  "initial-context token nor an RFC 4121 Wrap token)"),
			   t->total);
		return;
	case GSS_TOK_INITIAL:
		break;
	}
	const char *mech = mech_name(t);
	buf_printf(out, _("initial-context token (RFC 2743 §3.1): %zu bytes; mechanism %s%s%s%s"),
		   t->total, t->oid, mech ? " (" : "", mech ? mech : "", mech ? ")" : "");
	buf_printf(out, _("; header %zu bytes, inner token %zu bytes"), t->header, t->inner);
	if (t->msg == GSS_KRB_AP_REQ || t->msg == GSS_KRB_AP_REP || t->msg == GSS_KRB_ERROR)
		buf_printf(out, _("; TOK_ID %02x %02x, %s"), t->tok_id >> 8, t->tok_id & 0xffu,
			   _(msgs[t->msg]));
	else if (t->krb5 && t->inner >= 2)
		buf_printf(out, _("; TOK_ID %02x %02x (not an AP-REQ, AP-REP or KRB-ERROR)"),
			   t->tok_id >> 8, t->tok_id & 0xffu);
}
