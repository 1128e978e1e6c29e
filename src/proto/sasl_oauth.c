/* OAuth 2.0 bearer tokens over SASL: OAUTHBEARER (RFC 7628) and XOAUTH2
 * (Google's and Microsoft's older, proprietary form of the same idea).
 * Both send the token in the initial response. A server that refuses it
 * answers with a 334 carrying JSON that says why; the client must answer
 * that challenge (0x01 for OAUTHBEARER, empty for XOAUTH2) before the
 * server sends its 535. A bearer token works for whoever holds it, so it is
 * masked in explanations and needs TLS like a password. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sasl_mechs.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* The separator between key=value pairs (RFC 7628 section 3.1 "kvsep"). */
#define KVSEP '\x01'
/* How much of the server's error JSON is shown, scanned, and shown per field:
 * real errors are a few hundred bytes, anything larger is hostile. */
#define JSON_SHOW_MAX 4096u
#define JSON_SCAN_MAX (64u * 1024u)
#define JSON_FIELD_MAX 256u

enum phase {
	PH_START, /* nothing sent yet */
	PH_SENT,  /* the token message went out */
	PH_ACKED, /* the error challenge was answered; only 535 may follow */
};

struct oauth {
	bool bearer; /* OAUTHBEARER; false: XOAUTH2 */
	char *authzid;
	char *user;
	char *token;
	char *host;
	unsigned port;
	enum phase phase;
};

static void *oauth_init(const struct sasl_creds *creds, bool bearer)
{
	struct oauth *o = xcalloc(1, sizeof *o);
	o->bearer = bearer;
	o->authzid = sasl_strdup_opt(creds->authzid);
	o->user = sasl_strdup_opt(creds->user);
	o->token = sasl_strdup_opt(creds->token);
	o->host = sasl_strdup_opt(creds->host);
	o->port = creds->port;
	return o;
}

static void *xoauth2_init(const struct sasl_creds *creds)
{
	return oauth_init(creds, false);
}

static void *oauthbearer_init(const struct sasl_creds *creds)
{
	return oauth_init(creds, true);
}

static void oauth_done(void *state)
{
	struct oauth *o = state;
	if (!o)
		return;
	sasl_wipe_str(o->authzid);
	sasl_wipe_str(o->user);
	sasl_wipe_str(o->token);
	sasl_wipe_str(o->host);
	free(o);
}

static const char *mech_name(const struct oauth *o)
{
	return o->bearer ? "OAUTHBEARER" : "XOAUTH2";
}

/* The identity OAUTHBEARER puts in its GS2 header: the authzid, or else the
 * user, as curl and MailKit do (Gmail requires a=). */
static const char *gs2_identity(const struct oauth *o)
{
	if (o->authzid && *o->authzid)
		return o->authzid;
	if (o->user && *o->user)
		return o->user;
	return "";
}

/* Append n bytes at *pos; with dst NULL only count them, so one function
 * both sizes and fills the message. */
static void put(char *dst, size_t *pos, const char *s, size_t n)
{
	if (dst)
		memcpy(dst + *pos, s, n);
	*pos += n;
}

static void puts_(char *dst, size_t *pos, const char *s)
{
	put(dst, pos, s, strlen(s));
}

/* The message; with mask, the token reads SASL_MASK (for explanations).
 * Returns its length. */
static size_t compose(const struct oauth *o, char *dst, bool mask)
{
	size_t pos = 0;
	const char kv[1] = {KVSEP};

	if (o->bearer) {
		const char *id = gs2_identity(o);
		puts_(dst, &pos, "n,");
		if (*id) {
			puts_(dst, &pos, "a=");
			/* GS2 saslname (RFC 5801 section 4): "," and "=" are encoded. */
			for (const char *c = id; *c; c++) {
				if (*c == ',')
					puts_(dst, &pos, "=2C");
				else if (*c == '=')
					puts_(dst, &pos, "=3D");
				else
					put(dst, &pos, c, 1);
			}
		}
		puts_(dst, &pos, ",");
		put(dst, &pos, kv, 1);
		if (o->host && *o->host) {
			puts_(dst, &pos, "host=");
			puts_(dst, &pos, o->host);
			put(dst, &pos, kv, 1);
		}
		if (o->port) {
			char num[16];
			int k = snprintf(num, sizeof num, "port=%u", o->port);
			put(dst, &pos, num, (size_t)k);
			put(dst, &pos, kv, 1);
		}
	} else {
		puts_(dst, &pos, "user=");
		puts_(dst, &pos, o->user);
		put(dst, &pos, kv, 1);
	}
	puts_(dst, &pos, "auth=Bearer ");
	puts_(dst, &pos, mask ? SASL_MASK : o->token);
	put(dst, &pos, kv, 1);
	put(dst, &pos, kv, 1);
	return pos;
}

/* RFC 6750 section 2.1 b64token: what a real token looks like. */
static bool is_b64token(const char *t)
{
	size_t i = 0;
	while (t[i] && (strchr("-._~+/", t[i]) || (t[i] >= '0' && t[i] <= '9') ||
			(t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')))
		i++;
	if (i == 0)
		return false;
	while (t[i] == '=')
		i++;
	return t[i] == '\0';
}

static bool has_kvsep(const char *s)
{
	return s && strchr(s, KVSEP);
}

static void explain_field(struct sasl_step *out, const char *label, const char *v)
{
	buf_adds(&out->explain, label);
	sasl_explain_bytes(out, v, strlen(v));
	buf_addc(&out->explain, '\n');
}

static void explain_message(const struct oauth *o, struct sasl_step *out)
{
	struct buf *e = &out->explain;

	if (o->bearer) {
		const char *id = gs2_identity(o);
		buf_adds(e, _("message = gs2-header kvsep [host=... kvsep] [port=... kvsep] "
			      "auth=Bearer <token> kvsep kvsep, kvsep being the byte 0x01 "
			      "(RFC 7628 section 3.1)\n"));
		if (*id) {
			explain_field(out, _("gs2 header: n (no channel binding), a="), id);
			if (!(o->authzid && *o->authzid))
				buf_adds(e, _("  (no authzid given, so the user name is sent as "
					      "the identity, as most clients do)\n"));
		} else {
			buf_adds(e, _("gs2 header: n,, (no channel binding, no identity: the "
				      "server takes it from the token)\n"));
		}
		if (o->host && *o->host)
			explain_field(out, _("host: "), o->host);
		else
			buf_adds(e, _("host: not sent (no server name known)\n"));
		if (o->port)
			buf_printf(e, _("port: %u\n"), o->port);
		else
			buf_adds(e, _("port: not sent\n"));
	} else {
		buf_adds(e, _("message = \"user=\" user 0x01 \"auth=Bearer \" token 0x01 0x01 "
			      "(Google's and Microsoft's XOAUTH2)\n"));
		explain_field(out, _("user: "), o->user);
	}
	buf_printf(e, _("token: %s (the OAuth 2.0 access token, masked)\n"), SASL_MASK);
	if (!is_b64token(o->token))
		buf_adds(e, _("note: the token has characters a bearer token never contains "
			      "(RFC 6750 section 2.1): a stray quote, space or line break from "
			      "copying it?\n"));

	/* The layout as bytes, built by the same code as the message itself. */
	size_t n = compose(o, NULL, true);
	char *masked = xmalloc(n + 1);
	compose(o, masked, true);
	buf_adds(e, _("as bytes: "));
	sasl_explain_bytes(out, masked, n);
	buf_addc(e, '\n');
	free(masked);
	buf_adds(e, _("Base64 is an encoding, not encryption: a bearer token works for "
		      "whoever holds it (RFC 6750 section 5), so send it only over TLS"));
}

static enum sasl_status build(struct oauth *o, struct sasl_step *out)
{
	char why[160];

	if (!o->token || !*o->token) {
		snprintf(why, sizeof why, _("%s needs an OAuth 2.0 access token "
					    "(--token-env or --token-file)"), mech_name(o));
		return sasl_fail(out, why);
	}
	if (!o->bearer && (!o->user || !*o->user))
		return sasl_fail(out, _("XOAUTH2 needs the user name: the account the "
					"token was issued for"));
	if (has_kvsep(o->token) || has_kvsep(o->user) || has_kvsep(o->authzid) ||
	    has_kvsep(o->host)) {
		snprintf(why, sizeof why, _("a credential contains the byte 0x01, which "
					    "separates the fields of a %s message"), mech_name(o));
		return sasl_fail(out, why);
	}

	/* Built in one exact-size block, so no reallocation leaves a copy of
	 * the token behind in freed memory. */
	size_t n = compose(o, NULL, false);
	char *msg = xmalloc(n + 1);
	compose(o, msg, false);
	int rc = buf_add(&out->response, msg, n);
	wipe(msg, n);
	free(msg);
	if (rc < 0)
		return sasl_fail(out, _("the token is too large for an AUTH line (servers "
					"accept at most 12,288 octets, RFC 4954 section 4)"));
	out->secret = true;
	explain_message(o, out);
	o->phase = PH_SENT;
	return SASL_CONTINUE;
}

/* ---- the server's error JSON --------------------------------------------
 * A tolerant scan, not a parser: it finds "key": value at the top level of
 * the object and never reads past the challenge, whatever the bytes. */

/* Index of the closing quote of a string whose body starts at i, or n. */
static size_t string_end(const uint8_t *s, size_t n, size_t i)
{
	while (i < n && s[i] != '"')
		i += (s[i] == '\\' && i + 1 < n) ? 2 : 1;
	return i < n ? i : n;
}

static size_t skip_ws(const uint8_t *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

struct span {
	const uint8_t *p;
	size_t n;
	bool quoted; /* a JSON string: escapes in it are decoded for display */
};

static bool json_find(const uint8_t *s, size_t n, const char *key, struct span *v)
{
	size_t klen = strlen(key);
	int depth = 0; /* n <= JSON_SCAN_MAX, so this cannot overflow */

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			depth--;
		} else if (s[i] == '"') {
			size_t start = i + 1, end = string_end(s, n, start);
			i = end;
			if (end >= n)
				return false;
			if (depth != 1 || end - start != klen || memcmp(s + start, key, klen))
				continue;
			size_t j = skip_ws(s, n, end + 1);
			if (j >= n || s[j] != ':')
				continue;
			j = skip_ws(s, n, j + 1);
			if (j >= n)
				return false;
			if (s[j] == '"') {
				v->p = s + j + 1;
				v->n = string_end(s, n, j + 1) - (j + 1);
				v->quoted = true;
			} else {
				size_t e = j;
				while (e < n && s[e] != ',' && s[e] != '}' && s[e] != ']')
					e++;
				while (e > j && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
						 s[e - 1] == '\r' || s[e - 1] == '\n'))
					e--;
				v->p = s + j;
				v->n = e - j;
				v->quoted = false;
			}
			return true;
		}
	}
	return false;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode JSON escapes into d (which esc_append then makes inert): a value
 * like "\u001b[2J" shows as the escape it would be, never acts as one. */
static void json_unescape(struct buf *d, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\\' || i + 1 >= n) {
			buf_addc(d, (char)p[i]);
			continue;
		}
		uint8_t c = p[++i];
		const char *simple = strchr("\"\\/bfnrt", c);
		if (c && simple) {
			buf_addc(d, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
			continue;
		}
		unsigned cp = 0;
		bool ok = c == 'u' && i + 4 < n;
		for (size_t k = 1; ok && k <= 4; k++) {
			int h = hexval(p[i + k]);
			ok = h >= 0;
			cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
		}
		/* Surrogates would need a pair: show those, and junk, as written. */
		if (!ok || (cp >= 0xD800 && cp <= 0xDFFF)) {
			buf_addc(d, '\\');
			buf_addc(d, (char)c);
			continue;
		}
		i += 4;
		if (cp < 0x80) {
			buf_addc(d, (char)cp);
		} else if (cp < 0x800) {
			buf_addc(d, (char)(0xC0 | (cp >> 6)));
			buf_addc(d, (char)(0x80 | (cp & 0x3F)));
		} else {
			buf_addc(d, (char)(0xE0 | (cp >> 12)));
			buf_addc(d, (char)(0x80 | ((cp >> 6) & 0x3F)));
			buf_addc(d, (char)(0x80 | (cp & 0x3F)));
		}
	}
}

static bool span_is(const struct span *v, const char *s)
{
	return v->n == strlen(s) && !memcmp(v->p, s, v->n);
}

/* What the common status values mean (RFC 6750 section 3.1; Google sends
 * HTTP status codes instead). */
static const char *status_meaning(const struct span *v)
{
	if (span_is(v, "invalid_token") || span_is(v, "401"))
		return _("the token was refused: expired, revoked, or not a token for this "
			 "server; get a fresh access token");
	if (span_is(v, "insufficient_scope"))
		return _("the token is valid but lacks a scope the server requires (see "
			 "scope): authorize again asking for it");
	if (span_is(v, "invalid_request"))
		return _("the server found the request malformed");
	return NULL;
}

static void explain_json_field(struct sasl_step *out, const uint8_t *s, size_t n,
			       const char *key, const char *meaning)
{
	struct span v;
	if (!json_find(s, n, key, &v))
		return;
	bool cut = v.n > JSON_FIELD_MAX;
	size_t shown = cut ? JSON_FIELD_MAX : v.n;
	struct buf d;

	buf_init(&d, 0);
	if (v.quoted)
		json_unescape(&d, v.p, shown);
	else
		buf_add(&d, v.p, shown);
	buf_printf(&out->explain, "%s: ", key);
	sasl_explain_bytes(out, d.data ? d.data : "", d.len);
	buf_free(&d);
	if (cut)
		buf_printf(&out->explain, _("... (%zu more bytes)"), v.n - shown);
	const char *why = !strcmp(key, "status") ? status_meaning(&v) : meaning;
	if (why)
		buf_printf(&out->explain, " (%s)", why);
	buf_addc(&out->explain, '\n');
}

static void explain_error(const struct oauth *o, const uint8_t *c, size_t len,
			  struct sasl_step *out)
{
	struct buf *e = &out->explain;
	size_t shown = len > JSON_SHOW_MAX ? JSON_SHOW_MAX : len;
	size_t scan = len > JSON_SCAN_MAX ? JSON_SCAN_MAX : len;
	size_t first = skip_ws(c, len, 0);

	if (o->bearer)
		buf_adds(e, _("the server refused the token and says why in JSON "
			      "(RFC 7628 section 3.2.2):\n"));
	else
		buf_adds(e, _("the server refused the token and says why in JSON:\n"));
	if (len == 0) {
		buf_adds(e, _("(empty)\n"));
	} else {
		sasl_explain_bytes(out, c, shown);
		if (shown < len)
			buf_printf(e, _("... (%zu more bytes not shown)"), len - shown);
		buf_addc(e, '\n');
	}
	if (first < len && c[first] == '{') {
		explain_json_field(out, c, scan, "status", NULL);
		explain_json_field(out, c, scan, "schemes",
				   _("the authentication schemes the server accepts"));
		explain_json_field(out, c, scan, "scope",
				   _("the scope the token must carry"));
		explain_json_field(out, c, scan, "openid-configuration",
				   _("where to discover the authorization server"));
	} else if (len) {
		buf_adds(e, _("this is not a JSON object, but the exchange ends the same way\n"));
	}
}

static enum sasl_status oauth_step(void *state, const uint8_t *challenge, size_t len,
				   struct sasl_step *out)
{
	struct oauth *o = state;
	struct buf *e = &out->explain;

	if (!challenge) {
		if (o->phase != PH_START)
			return sasl_fail(out, _("the token message was already produced"));
		buf_printf(e, _("initial response: sent on the AUTH %s line itself, saving a "
				"round trip (RFC 4954 section 4)\n"), mech_name(o));
		return build(o, out);
	}
	switch (o->phase) {
	case PH_START:
		if (len > 0) {
			buf_adds(e, _("challenge: "));
			sasl_explain_bytes(out, challenge, len);
			return sasl_fail(out, _("the client speaks first in this mechanism, so "
						"a challenge before its message makes no sense; "
						"the client cancels with \"*\""));
		}
		buf_printf(e, _("empty challenge: AUTH %s was sent without an initial "
				"response, so the server waits for the message\n"),
			   mech_name(o));
		return build(o, out);
	case PH_SENT:
		explain_error(o, challenge, len, out);
		if (o->bearer) {
			/* RFC 7628 section 3.2.3: the client must answer with kvsep. */
			buf_addc(&out->response, KVSEP);
			buf_adds(e, _("response: the single byte 0x01 (Base64 \"AQ==\"), which "
				      "RFC 7628 section 3.2.3 requires; the server then fails "
				      "the exchange with 535"));
		} else {
			buf_adds(e, _("response: empty, which lets the server end the exchange "
				      "with 535"));
		}
		o->phase = PH_ACKED;
		return SASL_CONTINUE;
	case PH_ACKED:
	default:
		buf_adds(e, _("challenge: "));
		sasl_explain_bytes(out, challenge, len);
		return sasl_fail(out, _("another challenge after the error was answered: the "
					"server should have sent 535, so it kept asking and the "
					"client cancels with \"*\""));
	}
}

const struct sasl_mech sasl_mech_xoauth2 = {
	.name = "XOAUTH2",
	.client_first = true,
	.reveals_password = true, /* the token: whoever sees it can use it */
	.rfc = "Google's and Microsoft's XOAUTH2 protocol (no RFC)",
	.init = xoauth2_init,
	.step = oauth_step,
	.done = oauth_done,
	.needs_password = false,
	.needs_token = true,
	.rank = 70,
};

const struct sasl_mech sasl_mech_oauthbearer = {
	.name = "OAUTHBEARER",
	.client_first = true,
	.reveals_password = true, /* the token: whoever sees it can use it */
	.rfc = "RFC 7628",
	.init = oauthbearer_init,
	.step = oauth_step,
	.done = oauth_done,
	.needs_password = false,
	.needs_token = true,
	.rank = 75,
};
