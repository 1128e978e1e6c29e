/* GSSAPI (RFC 4752) over the system's GSS-API library: the client gets a
 * service ticket for SERVICE@HOST from the KDC and sends it in an AP-REQ;
 * the server proves itself with an AP-REP (mutual authentication); then
 * both agree on a security layer in one wrapped 4-byte message each. This
 * client always chooses "no security layer": inside TLS there is nothing
 * to add, and without TLS the reader is told what stays unprotected.
 * Tokens carry tickets and authenticators, so they are masked like
 * passwords. The framing and the 4-byte messages are read by the pure
 * code in src/proto/gss_wire.c. */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "gss_impl.h"
#include "smtpdbg/gss_wire.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/sasl_gssapi.h"
#include "smtpdbg/xmalloc.h"

enum stage { ST_START, ST_CONTEXT, ST_LAYER, ST_DONE, ST_BROKEN };

struct gssapi {
	char *service, *host, *keytab, *principal, *authzid;
	bool tls;
	enum stage stage;
	bool mutual;
	gss_cred_id_t cred;
	gss_ctx_id_t ctx;
	gss_name_t target;
};

/* Whether the session runs inside TLS: the channel binding callback
 * answers only then. */
static bool under_tls(const struct sasl_creds *cr)
{
	if (!cr->channel_binding)
		return false;
	const char *type = NULL;
	uint8_t data[128];
	size_t len = sizeof data;
	bool yes = cr->channel_binding(cr->cb_ctx, &type, data, &len) == 0;
	wipe(data, sizeof data);
	return yes;
}

static void *gssapi_init(const struct sasl_creds *cr)
{
	struct gssapi *g = xcalloc(1, sizeof *g);
	g->service = xstrdup(cr->gss_service && *cr->gss_service ? cr->gss_service : "smtp");
	g->host = xstrdup(cr->gss_host && *cr->gss_host ? cr->gss_host
			  : cr->host ? cr->host : "localhost");
	g->keytab = sasl_strdup_opt(cr->gss_keytab);
	g->principal = sasl_strdup_opt(cr->gss_principal);
	g->authzid = sasl_strdup_opt(cr->authzid);
	g->tls = under_tls(cr);
	g->cred = GSS_C_NO_CREDENTIAL;
	g->ctx = GSS_C_NO_CONTEXT;
	g->target = GSS_C_NO_NAME;
	return g;
}

static void gssapi_done(void *state)
{
	struct gssapi *g = state;
	if (!g)
		return;
	OM_uint32 minor;
	if (g->ctx != GSS_C_NO_CONTEXT)
		gss_delete_sec_context(&minor, &g->ctx, GSS_C_NO_BUFFER);
	if (g->cred != GSS_C_NO_CREDENTIAL)
		gss_release_cred(&minor, &g->cred);
	if (g->target != GSS_C_NO_NAME)
		gss_release_name(&minor, &g->target);
	free(g->service);
	free(g->host);
	free(g->keytab);
	free(g->principal);
	sasl_wipe_str(g->authzid);
	free(g);
}

/* A token's framing in words, and its first bytes: the client's only when
 * secrets are shown (they hold the ticket and authenticator). */
static void say_token(struct sasl_step *out, const char *label, const void *p, size_t n,
		      bool secret)
{
	struct gss_token_info t;
	struct buf w;
	buf_init(&w, 0);
	gss_token_describe(p, n, &t);
	buf_printf(&w, "%s: ", label);
	gss_token_words(&t, &w);
	sasl_say(out, AK_CALC, 1, "%s", w.data);
	buf_free(&w);
	size_t shown = n < 48 ? n : 48;
	char *hex = sasl_hex(p, shown, true);
	if (!secret) {
		sasl_say(out, AK_CALC, 2, _("bytes: %s%s"), hex, shown < n ? " ..." : "");
		free(hex);
		return;
	}
	struct buf r, m;
	buf_init(&r, 0);
	buf_init(&m, 0);
	buf_printf(&r, _("bytes: %s%s"), hex, shown < n ? " ..." : "");
	buf_printf(&m, _("bytes: %s (a credential: S in the interactive mode or --show-secrets shows them)"), SASL_MASK);
	sasl_say_secret(out, 2, m.data, r.data);
	wipe(hex, strlen(hex));
	free(hex);
	buf_wipe_free(&r);
	buf_free(&m);
}

/* One call of gss_init_sec_context, with the server's token or none. */
static enum sasl_status context_step(struct gssapi *g, const uint8_t *in, size_t inlen,
				     struct sasl_step *out)
{
	OM_uint32 major, minor, flags = 0;
	gss_buffer_desc input = {inlen, (void *)in}, output = GSS_C_EMPTY_BUFFER;
	major = gss_init_sec_context(&minor, g->cred, &g->ctx, g->target, &gss_krb5_oid,
				     GSS_C_MUTUAL_FLAG | GSS_C_SEQUENCE_FLAG | GSS_C_INTEG_FLAG,
				     0, GSS_C_NO_CHANNEL_BINDINGS, in ? &input : GSS_C_NO_BUFFER,
				     NULL, &output, &flags, NULL);
	if (GSS_ERROR(major)) {
		OM_uint32 ignored;
		g->stage = ST_BROKEN;
		gss_release_buffer(&ignored, &output);
		enum sasl_status st = gss_fail(out, "gss_init_sec_context", major, minor);
		/* An unknown service: name the one asked for, ready for kvno;
		 * connected by address, the name is the likely fix. */
		const struct gss_minor_help *h = gss_minor_find((int32_t)minor);
		if (h && !strcmp(h->name, "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN")) {
			unsigned char a[16];
			bool addr = inet_pton(AF_INET, g->host, a) == 1 ||
				    inet_pton(AF_INET6, g->host, a) == 1;
			struct buf why;
			buf_init(&why, 0);
			buf_printf(&why, _("the KDC knows no %s/%s: kvno %s/%s tests it"), g->service,
				   g->host, g->service, g->host);
			if (addr)
				buf_printf(&why, _("; you connected by address, and a service key is "
						   "made for a name: give the server's name with "
						   "--gss-host NAME"));
			st = sasl_fail(out, why.data);
			buf_free(&why);
		}
		return st;
	}
	if (!in) {
		/* The ticket is in hand now: say which one the KDC gave. */
		gss_name_t tn = GSS_C_NO_NAME;
		if (!GSS_ERROR(gss_canonicalize_name(&minor, g->target, &gss_krb5_oid, &tn))) {
			char *t = gss_name_text(tn);
			sasl_say_bytes(out, AK_CALC, 1, _("service ticket: for "), t, strlen(t),
				       _(" (from the KDC, or from the cache if asked for before)"));
			free(t);
			gss_release_name(&minor, &tn);
		}
	}
	if (output.length) {
		say_token(out, in ? _("the client's next token") : _("the client's token"),
			  output.value, output.length, true);
		if (buf_add(&out->response, output.value, output.length) < 0) {
			gss_release_buffer(&minor, &output);
			g->stage = ST_BROKEN;
			return sasl_fail(out, _("the GSSAPI token is too large for an AUTH line"));
		}
	}
	size_t sent = output.length;
	gss_release_buffer(&minor, &output);
	out->secret = true;
	if (major & GSS_S_CONTINUE_NEEDED) {
		sasl_say(out, AK_CALC, 1, "%s",
			 _("GSS_S_CONTINUE_NEEDED: the server must answer with its token "
			   "(the AP-REP, for mutual authentication)"));
		return SASL_CONTINUE;
	}
	g->mutual = flags & GSS_C_MUTUAL_FLAG;
	g->stage = ST_LAYER;
	sasl_say(out, AK_CALC, 1, "%s",
		 g->mutual ? _("context established (GSS_S_COMPLETE), mutual authentication "
			       "done: the server proved it holds the service's key")
			   : _("context established (GSS_S_COMPLETE), but without mutual "
			       "authentication: the server did not prove who it is"));
	if (!sent && in)
		sasl_say(out, AK_CALC, 1, "%s",
			 _("the client has no more token: it answers with an empty response, and "
			   "the server sends the security-layer offer (RFC 4752 §3.1)"));
	return SASL_CONTINUE;
}

static enum sasl_status start(struct gssapi *g, struct sasl_step *out)
{
	OM_uint32 major, minor;
	enum sasl_status st;
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("GSSAPI (RFC 4752), Kerberos V5: the client shows a service ticket instead of "
		   "a password"));
	g->cred = gss_get_creds(g->keytab, g->principal, out, &st);
	if (st == SASL_FAIL) {
		g->stage = ST_BROKEN;
		return st;
	}
	struct buf sn;
	buf_init(&sn, 0);
	buf_printf(&sn, "%s@%s", g->service, g->host);
	gss_buffer_desc nb = {sn.len, sn.data};
	major = gss_import_name(&minor, &nb, GSS_C_NT_HOSTBASED_SERVICE, &g->target);
	sasl_say_bytes(out, AK_CALC, 1, _("service name: "), sn.data, sn.len,
		       _(" (GSS_C_NT_HOSTBASED_SERVICE; the KDC knows it as SERVICE/HOST@REALM)"));
	buf_free(&sn);
	if (GSS_ERROR(major)) {
		g->stage = ST_BROKEN;
		return gss_fail(out, "gss_import_name", major, minor);
	}
	g->stage = ST_CONTEXT;
	return context_step(g, NULL, 0, out);
}

/* The server's offer: unwrap, read, answer "no security layer". */
static enum sasl_status security_layer(struct gssapi *g, const uint8_t *p, size_t n,
				       struct sasl_step *out)
{
	OM_uint32 major, minor;
	int conf = 0;
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("security layer negotiation (RFC 4752 §3.1): the server's offer, wrapped"));
	say_token(out, _("the server's token"), p, n, false);
	/* MIT's gss_unwrap may work in place on its input (RFC 4121 tokens
	 * are rotated and decrypted there): give it a copy, so the challenge
	 * the engine still shows (--json, the transcript) stays the server's. */
	void *copy = xmalloc(n ? n : 1);
	memcpy(copy, p, n);
	gss_buffer_desc in = {n, copy}, plain = GSS_C_EMPTY_BUFFER;
	major = gss_unwrap(&minor, g->ctx, &in, &plain, &conf, NULL);
	wipe(copy, n);
	free(copy);
	if (GSS_ERROR(major)) {
		g->stage = ST_BROKEN;
		return gss_fail(out, "gss_unwrap", major, minor);
	}
	struct gss_seclayer sl;
	int bad = gss_seclayer_parse(plain.value, plain.length, &sl);
	size_t plen = plain.length;
	gss_release_buffer(&minor, &plain);
	if (bad < 0) {
		g->stage = ST_BROKEN;
		sasl_say(out, AK_CALC, 1, _("unwrapped: %zu bytes"), plen);
		return sasl_fail(out, _("the security-layer offer must be exactly 4 bytes (a bitmask "
					"and a 3-byte maximum size, RFC 4752 §3.1)"));
	}
	struct buf w;
	buf_init(&w, 0);
	gss_seclayer_names(sl.layers, &w);
	sasl_say(out, AK_CALC, 1, _("offered layers: 0x%02x = %s"), sl.layers, w.data);
	sasl_say(out, AK_CALC, 1,
		 _("maximum message size: %u bytes (the largest wrapped message the server takes)"),
		 (unsigned)sl.max_size);
	buf_free(&w);
	if (!(sl.layers & GSS_LAYER_NONE)) {
		g->stage = ST_BROKEN;
		return sasl_fail(out, _("the server insists on a security layer (integrity or "
					"confidentiality), which smtpdbg does not implement: use "
					"TLS and a server that offers \"no security layer\""));
	}
	struct buf reply;
	buf_init(&reply, 0);
	gss_seclayer_reply(GSS_LAYER_NONE, 0, g->authzid, &reply);
	sasl_say(out, AK_CALC, 1, "%s",
		 _("chosen: 0x01, no security layer, maximum size 0 (RFC 4752 §3.1)"));
	if (g->authzid && *g->authzid)
		sasl_say_bytes(out, AK_CALC, 1, _("authzid: "), g->authzid, strlen(g->authzid),
			       _(" (act as this identity)"));
	else
		sasl_say(out, AK_CALC, 1, "%s", _("authzid: none (act as the client principal)"));
	/* Without TLS this is a warning, shown without --explain-auth: the
	 * login was safe, the session after it is not. */
	if (g->tls)
		sasl_say(out, AK_NOTE, 1, "%s",
			 _("why: TLS protects the whole session already; a GSSAPI layer inside "
			   "it would add nothing but cost"));
	else
		sasl_say(out, AK_WARNING, 1, "%s",
			 _("without TLS: no password crossed the wire (only a ticket, useless "
			   "elsewhere), but the rest of the session, the mail itself, is "
			   "unprotected: anyone on the path can read and change it"));
	gss_buffer_desc rin = {reply.len, reply.data}, wrapped = GSS_C_EMPTY_BUFFER;
	major = gss_wrap(&minor, g->ctx, 0, GSS_C_QOP_DEFAULT, &rin, &conf, &wrapped);
	buf_wipe_free(&reply);
	if (GSS_ERROR(major)) {
		g->stage = ST_BROKEN;
		return gss_fail(out, "gss_wrap", major, minor);
	}
	say_token(out, _("the client's answer, wrapped (integrity only)"), wrapped.value,
		  wrapped.length, true);
	int rc = buf_add(&out->response, wrapped.value, wrapped.length);
	gss_release_buffer(&minor, &wrapped);
	if (rc < 0)
		return sasl_fail(out, _("the GSSAPI token is too large for an AUTH line"));
	out->secret = true;
	g->stage = ST_DONE;
	return SASL_CONTINUE;
}

static enum sasl_status gssapi_step(void *state, const uint8_t *challenge, size_t len,
				    struct sasl_step *out)
{
	struct gssapi *g = state;
	switch (g->stage) {
	case ST_START:
		if (challenge && len)
			return sasl_fail(out, _("the server sent data before the client's first "
						"GSSAPI token"));
		return start(g, out);
	case ST_CONTEXT:
		sasl_say(out, AK_TEXT, 0, "%s", _("GSSAPI: the server's token"));
		say_token(out, _("the server's token"), challenge ? challenge : (const uint8_t *)"",
			  challenge ? len : 0, false);
		if (!challenge || !len) {
			g->stage = ST_BROKEN;
			return sasl_fail(out, _("the server sent an empty challenge where its "
						"Kerberos token (the AP-REP) belongs"));
		}
		return context_step(g, challenge, len, out);
	case ST_LAYER:
		return security_layer(g, challenge ? challenge : (const uint8_t *)"",
				      challenge ? len : 0, out);
	case ST_DONE:
		return sasl_fail(out, _("a challenge after the security-layer answer: GSSAPI "
					"is over, so the server kept asking and the client "
					"cancels with \"*\""));
	case ST_BROKEN:
	default:
		return sasl_fail(out, _("the GSSAPI exchange failed earlier"));
	}
}

static enum sasl_status gssapi_success(void *state, struct sasl_step *out)
{
	struct gssapi *g = state;
	if (g->stage != ST_DONE)
		return sasl_fail(out, _("the server said 235 before the GSSAPI exchange was over: "
					"it never proved who it is (no AP-REP and security "
					"layer): not authenticated"));
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("235: the server accepted the ticket; it had proved itself with its AP-REP"));
	return SASL_DONE;
}

const struct sasl_mech sasl_mech_gssapi = {
	.name = "GSSAPI",
	.client_first = true,
	.reveals_password = false,
	.rfc = "RFC 4752",
	.init = gssapi_init,
	.step = gssapi_step,
	.done = gssapi_done,
	.success = gssapi_success,
	.needs_password = false,
	.needs_token = false,
	.rank = 78,
	.kerberos = true,
};

void sasl_gssapi_register(void)
{
	sasl_register(&sasl_mech_gssapi);
}
