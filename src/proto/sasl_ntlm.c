/* NTLM over SMTP AUTH ([MS-NLMP], bound to SMTP by [MS-SMTPNTLM]): three
 * binary messages. The client NEGOTIATEs, the server sends a CHALLENGE
 * (8 random bytes and its names), the client AUTHENTICATEs with a keyed hash
 * of the challenge. NTLMv2 (the default) keys HMAC-MD5 with a hash of the
 * password, user and domain; NTLMv1 (only when asked) is three single-DES
 * encryptions under the password's MD4 hash, which a recorded exchange
 * gives up in hours. Both start from MD4, which OpenSSL 3 keeps in its
 * "legacy" provider: it is loaded into a library context of its own, so the
 * rest of the program never sees legacy algorithms by accident. */
#include <openssl/crypto.h>
#include <openssl/des.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sasl_mechs.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

#define SIG "NTLMSSP"
#define HDR_NEGOTIATE 32
#define HDR_AUTHENTICATE 64
#define HDR_CHALLENGE_MIN 32
#define HDR_CHALLENGE_INFO 48

/* Negotiate flags ([MS-NLMP] 2.2.2.5) a reader is likely to meet. */
#define F_UNICODE 0x00000001u
#define F_OEM 0x00000002u
#define F_REQUEST_TARGET 0x00000004u
#define F_NTLM 0x00000200u
#define F_ALWAYS_SIGN 0x00008000u
#define F_ESS 0x00080000u
#define F_TARGET_INFO 0x00800000u

static const struct {
	uint32_t bit;
	const char *name;
	const char *meaning;
} flag_names[] = {
	{0x00000001u, "UNICODE", N_("strings are UTF-16LE")},
	{0x00000002u, "OEM", N_("strings may be in the OEM code page")},
	{0x00000004u, "REQUEST_TARGET", N_("the client asks for the server's name")},
	{0x00000010u, "SIGN", N_("message signing (unused by SMTP)")},
	{0x00000020u, "SEAL", N_("message sealing (unused by SMTP)")},
	{0x00000080u, "LM_KEY", N_("the LAN Manager session key (obsolete)")},
	{0x00000200u, "NTLM", N_("NTLM authentication")},
	{0x00008000u, "ALWAYS_SIGN", N_("a signature even without signing (a dummy)")},
	{0x00010000u, "TARGET_TYPE_DOMAIN", N_("the target name is a domain")},
	{0x00020000u, "TARGET_TYPE_SERVER", N_("the target name is a server")},
	{0x00080000u, "EXTENDED_SESSIONSECURITY",
	 N_("NTLMv1 mixes in a client challenge (NTLM2 session response)")},
	{0x00800000u, "TARGET_INFO", N_("the challenge carries target information (AV pairs)")},
	{0x02000000u, "VERSION", N_("an 8-byte OS version follows the header")},
	{0x20000000u, "128", N_("128-bit session keys")},
	{0x40000000u, "KEY_EXCH", N_("an encrypted random session key")},
	{0x80000000u, "56", N_("56-bit session keys")},
};

/* AV pair ids in the target information ([MS-NLMP] 2.2.2.1). */
static const char *const av_names[] = {
	"MsvAvEOL",           "MsvAvNbComputerName", "MsvAvNbDomainName",
	"MsvAvDnsComputerName", "MsvAvDnsDomainName", "MsvAvDnsTreeName",
	"MsvAvFlags",         "MsvAvTimestamp",      "MsvAvSingleHost",
	"MsvAvTargetName",    "MsvAvChannelBindings",
};

struct ntlm {
	char *user, *domain, *password;
	bool v1;
	int stage; /* 0: NEGOTIATE next, 1: AUTHENTICATE next, 2: done */
	uint8_t cc[8]; /* the client challenge */
	bool time_pinned;
	uint64_t filetime;
};

/* ---- MD4 and DES from the legacy provider, in a context of their own -- */

static OSSL_LIB_CTX *legacy_ctx;
static pthread_once_t legacy_once = PTHREAD_ONCE_INIT;

static void legacy_load(void)
{
	OSSL_LIB_CTX *c = OSSL_LIB_CTX_new();
	if (!c)
		return;
	/* "default" beside "legacy": DES-ECB's key schedule needs nothing
	 * else, but a fetch that falls through must not find nothing. */
	if (!OSSL_PROVIDER_load(c, "legacy") || !OSSL_PROVIDER_load(c, "default")) {
		OSSL_LIB_CTX_free(c);
		return;
	}
	legacy_ctx = c;
}

static OSSL_LIB_CTX *legacy(void)
{
	pthread_once(&legacy_once, legacy_load);
	return legacy_ctx;
}

static bool md4(const uint8_t *p, size_t n, uint8_t out[16])
{
	OSSL_LIB_CTX *c = legacy();
	EVP_MD *md = c ? EVP_MD_fetch(c, "MD4", NULL) : NULL;
	unsigned len = 0;
	bool ok = md && EVP_Digest(p, n, out, &len, md, NULL) && len == 16;
	EVP_MD_free(md);
	return ok;
}

static bool hmac_md5(const uint8_t *key, size_t klen, const uint8_t *a, size_t an,
		     const uint8_t *b, size_t bn, uint8_t out[16])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *x = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[] = {OSSL_PARAM_utf8_string("digest", (char *)"MD5", 0),
			       OSSL_PARAM_END};
	size_t len = 0;
	bool ok = x && EVP_MAC_init(x, key, klen, params) && EVP_MAC_update(x, a, an) &&
		  (!bn || EVP_MAC_update(x, b, bn)) && EVP_MAC_final(x, out, &len, 16) &&
		  len == 16;
	EVP_MAC_CTX_free(x);
	EVP_MAC_free(mac);
	return ok;
}

/* One DES block under a 7-byte key, spread to 8 bytes with parity bits. */
static bool des7(const uint8_t k7[7], const uint8_t in[8], uint8_t out[8])
{
	uint8_t k[8];
	k[0] = k7[0];
	k[1] = (uint8_t)(k7[0] << 7 | k7[1] >> 1);
	k[2] = (uint8_t)(k7[1] << 6 | k7[2] >> 2);
	k[3] = (uint8_t)(k7[2] << 5 | k7[3] >> 3);
	k[4] = (uint8_t)(k7[3] << 4 | k7[4] >> 4);
	k[5] = (uint8_t)(k7[4] << 3 | k7[5] >> 5);
	k[6] = (uint8_t)(k7[5] << 2 | k7[6] >> 6);
	k[7] = (uint8_t)(k7[6] << 1);
	OSSL_LIB_CTX *c = legacy();
	EVP_CIPHER *des = c ? EVP_CIPHER_fetch(c, "DES-ECB", NULL) : NULL;
	EVP_CIPHER_CTX *x = des ? EVP_CIPHER_CTX_new() : NULL;
	int l1 = 0, l2 = 0;
	bool ok = x && EVP_EncryptInit_ex2(x, des, k, NULL, NULL) &&
		  EVP_CIPHER_CTX_set_padding(x, 0) && EVP_EncryptUpdate(x, out, &l1, in, 8) &&
		  EVP_EncryptFinal_ex(x, out + l1, &l2) && l1 + l2 == 8;
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(des);
	OPENSSL_cleanse(k, sizeof k);
	return ok;
}

/* DESL ([MS-NLMP] 6): the 16-byte key padded to 21, three DES blocks. */
static bool desl(const uint8_t key[16], const uint8_t data[8], uint8_t out[24])
{
	uint8_t k[21] = {0};
	memcpy(k, key, 16);
	bool ok = des7(k, data, out) && des7(k + 7, data, out + 8) && des7(k + 14, data, out + 16);
	OPENSSL_cleanse(k, sizeof k);
	return ok;
}

/* ---- strings ---------------------------------------------------------- */

/* UTF-8 to UTF-16LE, optionally ASCII upper-cased (NTOWFv2 upper-cases the
 * user name; [MS-NLMP] leaves other scripts to the platform). Returns false
 * for invalid UTF-8. */
static bool utf16le(struct buf *out, const char *s, bool upper)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int more;
		if (*p < 0x80)
			cp = *p, more = 0;
		else if ((*p & 0xe0) == 0xc0)
			cp = *p & 0x1f, more = 1;
		else if ((*p & 0xf0) == 0xe0)
			cp = *p & 0x0f, more = 2;
		else if ((*p & 0xf8) == 0xf0)
			cp = *p & 0x07, more = 3;
		else
			return false;
		p++;
		for (int i = 0; i < more; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (*p & 0x3f);
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			return false;
		if (upper && cp >= 'a' && cp <= 'z')
			cp -= 32;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			uint32_t hi = 0xd800 | cp >> 10, lo = 0xdc00 | (cp & 0x3ff);
			buf_addc(out, (char)(hi & 0xff));
			buf_addc(out, (char)(hi >> 8));
			buf_addc(out, (char)(lo & 0xff));
			buf_addc(out, (char)(lo >> 8));
		} else {
			buf_addc(out, (char)(cp & 0xff));
			buf_addc(out, (char)(cp >> 8));
		}
	}
	return true;
}

/* UTF-16LE from the server to escaped UTF-8 text for an explanation. */
static void say_utf16(struct sasl_step *out, unsigned depth, const char *prefix,
		      const uint8_t *p, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t cp = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;
		if (cp >= 0xd800 && cp < 0xe000)
			cp = 0xfffd; /* surrogates shown as the replacement character */
		if (cp < 0x80) {
			buf_addc(&b, (char)cp);
		} else if (cp < 0x800) {
			buf_addc(&b, (char)(0xc0 | cp >> 6));
			buf_addc(&b, (char)(0x80 | (cp & 0x3f)));
		} else {
			buf_addc(&b, (char)(0xe0 | cp >> 12));
			buf_addc(&b, (char)(0x80 | (cp >> 6 & 0x3f)));
			buf_addc(&b, (char)(0x80 | (cp & 0x3f)));
		}
	}
	sasl_say_bytes(out, AK_CALC, depth, prefix, b.data ? b.data : "", b.len, "\"");
	buf_free(&b);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(struct buf *b, uint16_t v)
{
	buf_addc(b, (char)(v & 0xff));
	buf_addc(b, (char)(v >> 8));
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, (uint16_t)(v & 0xffff));
	put16(b, (uint16_t)(v >> 16));
}

/* before, n bytes in hex, then after (may be NULL). */
static void say_hex(struct sasl_step *out, unsigned depth, const char *before, const void *p,
		    size_t n, const char *after)
{
	char *hex = sasl_hex(p, n, false);
	sasl_say(out, AK_CALC, depth, "%s%s%s", before, hex, after ? after : "");
	free(hex);
}

static void say_flags(struct sasl_step *out, uint32_t flags)
{
	sasl_say(out, AK_CALC, 1, _("flags = 0x%08x:"), flags);
	for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
		if (flags & flag_names[i].bit)
			sasl_say(out, AK_CALC, 2, "NTLMSSP_NEGOTIATE_%s: %s", flag_names[i].name,
				 _(flag_names[i].meaning));
}

/* ---- the mechanism ---------------------------------------------------- */

static void *ntlm_init(const struct sasl_creds *creds)
{
	struct ntlm *n = xcalloc(1, sizeof *n);
	n->password = sasl_strdup_opt(creds->password);
	n->v1 = creds->ntlm_v1;
	/* "DOMAIN\user" names the domain; anything else is the user alone
	 * (a "user@domain" name travels whole, with an empty domain). */
	const char *u = creds->user ? creds->user : "";
	const char *bs = strchr(u, '\\');
	if (bs) {
		n->domain = xstrndup(u, (size_t)(bs - u));
		n->user = xstrdup(bs + 1);
	} else {
		n->domain = xstrdup("");
		n->user = xstrdup(u);
	}
	if (creds->nonce && strlen(creds->nonce) == 16) {
		for (int i = 0; i < 8; i++) {
			unsigned v = 0;
			sscanf(creds->nonce + 2 * i, "%2x", &v);
			n->cc[i] = (uint8_t)v;
		}
	} else if (RAND_bytes(n->cc, sizeof n->cc) != 1) {
		memset(n->cc, 0, sizeof n->cc); /* the step refuses below */
		n->stage = -1;
	}
	n->time_pinned = creds->ntlm_time_pinned;
	n->filetime = creds->ntlm_time;
	return n;
}

static void ntlm_done(void *state)
{
	struct ntlm *n = state;
	if (!n)
		return;
	sasl_wipe_str(n->user);
	sasl_wipe_str(n->domain);
	sasl_wipe_str(n->password);
	OPENSSL_cleanse(n->cc, sizeof n->cc);
	free(n);
}

static uint32_t our_flags(const struct ntlm *n)
{
	return F_UNICODE | F_OEM | F_REQUEST_TARGET | F_NTLM | F_ALWAYS_SIGN |
	       (n->v1 ? 0 : F_ESS);
}

static enum sasl_status negotiate(struct ntlm *n, struct sasl_step *out)
{
	uint32_t f = our_flags(n);
	buf_add(&out->response, SIG, 8);
	put32(&out->response, 1);
	put32(&out->response, f);
	for (int i = 0; i < 2; i++) { /* domain and workstation: empty */
		put16(&out->response, 0);
		put16(&out->response, 0);
		put32(&out->response, HDR_NEGOTIATE);
	}
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("NTLM message 1, NEGOTIATE: what the client can do ([MS-NLMP] 2.2.1.1)"));
	sasl_say(out, AK_CALC, 1, "%s", _("signature = \"NTLMSSP\\0\", message type = 1"));
	say_flags(out, f);
	sasl_say(out, AK_CALC, 1, "%s",
		 _("domain and workstation: empty (the domain goes in message 3)"));
	if (n->v1)
		sasl_say(out, AK_WARNING, 0, "%s",
			 _("NTLMv1 was asked for: its response is three DES encryptions under the "
			   "MD4 hash of the password, which a recorded exchange gives up within "
			   "hours; use it only for a server that takes nothing else, and only "
			   "over TLS"));
	n->stage = 1;
	return SASL_CONTINUE;
}

/* A security buffer (length, allocated, offset) inside a message of n bytes. */
static bool secbuf(const uint8_t *m, size_t n, size_t at, const uint8_t **p, size_t *len)
{
	size_t l = le16(m + at), off = le32(m + at + 4);
	/* An empty field points nowhere in particular: Exim's offsets for
	 * them are off by a byte, so only a non-empty one is checked. */
	if (!l) {
		*p = m;
		*len = 0;
		return true;
	}
	if (off > n || l > n - off)
		return false;
	*p = m + off;
	*len = l;
	return true;
}

/* The target information: AV pairs up to MsvAvEOL. Sets *ts to the
 * server's MsvAvTimestamp when there is one. Returns false if malformed. */
static bool explain_av(struct sasl_step *out, const uint8_t *p, size_t n, const uint8_t **ts)
{
	size_t i = 0;
	sasl_say(out, AK_CALC, 1, "%s", _("target information (AV pairs):"));
	while (i + 4 <= n) {
		uint16_t id = le16(p + i), len = le16(p + i + 2);
		if (len > n - i - 4)
			return false;
		const uint8_t *v = p + i + 4;
		const char *name = id < sizeof av_names / sizeof *av_names ? av_names[id] : "?";
		if (id == 0) {
			sasl_say(out, AK_CALC, 2, "%s", _("MsvAvEOL: the end of the list"));
			return true;
		}
		char pre[80];
		if (id >= 1 && id <= 5) {
			snprintf(pre, sizeof pre, "%s = \"", name);
			say_utf16(out, 2, pre, v, len);
		} else if (id == 7 && len == 8) {
			*ts = v;
			say_hex(out, 2, "MsvAvTimestamp = ", v, len,
				_(" (the server's clock, used in the response instead of the "
				  "client's)"));
		} else if (id == 6 && len == 4) {
			sasl_say(out, AK_CALC, 2, "MsvAvFlags = 0x%08x", le32(v));
		} else {
			snprintf(pre, sizeof pre, "%s (%u) = ", name, id);
			say_hex(out, 2, pre, v, len, NULL);
		}
		i += 4u + len;
	}
	return false;
}

/* Explain a secret-derived value: masked in words, revealed in the item. */
static void say_key(struct sasl_step *out, const char *label, const uint8_t *k, size_t n)
{
	char *hex = sasl_hex(k, n, false);
	struct buf r, m;
	buf_init(&r, 0);
	buf_init(&m, 0);
	buf_printf(&r, "%s = %s", label, hex);
	buf_printf(&m, "%s = %s", label, SASL_MASK);
	sasl_say_secret(out, 1, m.data, r.data);
	OPENSSL_cleanse(hex, strlen(hex));
	free(hex);
	buf_wipe_free(&r);
	buf_free(&m);
}

/* NTLMv2 ([MS-NLMP] 3.3.2): fills lm (24 bytes) and nt (16 + temp). */
static bool v2_responses(struct ntlm *n, const uint8_t sc[8], const uint8_t *info,
			 size_t info_len, const uint8_t *ts, struct buf *lm, struct buf *nt,
			 struct sasl_step *out)
{
	struct buf pw, ud, temp;
	uint8_t h[16], owf[16], proof[16], lmv2[16], skey[16];
	bool ok;
	buf_init(&pw, 0);
	buf_init(&ud, 0);
	buf_init(&temp, 0);
	ok = utf16le(&pw, n->password, false) && utf16le(&ud, n->user, true) &&
	     utf16le(&ud, n->domain, false) && md4((const uint8_t *)pw.data, pw.len, h) &&
	     hmac_md5(h, 16, (const uint8_t *)ud.data, ud.len, NULL, 0, owf);
	if (ok) {
		sasl_say(out, AK_TEXT, 0, "%s", _("NTLMv2 response ([MS-NLMP] 3.3.2):"));
		say_key(out, _("NT hash = MD4(UTF-16LE(password))"), h, 16);
		say_key(out, _("NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(UPPER(user) + domain))"), owf,
			16);
		uint64_t t = n->filetime;
		if (ts) {
			t = 0;
			for (int i = 7; i >= 0; i--)
				t = t << 8 | ts[i];
		} else if (!n->time_pinned) {
			/* FILETIME: 100 ns steps since 1601-01-01. */
			t = ((uint64_t)time(NULL) + 11644473600u) * 10000000u;
		}
		static const uint8_t head[8] = {1, 1, 0, 0, 0, 0, 0, 0};
		buf_add(&temp, head, 8);
		put32(&temp, (uint32_t)(t & 0xffffffffu));
		put32(&temp, (uint32_t)(t >> 32));
		buf_add(&temp, n->cc, 8);
		put32(&temp, 0);
		buf_add(&temp, info, info_len);
		put32(&temp, 0);
		sasl_say(out, AK_CALC, 1,
			 _("blob = 01 01, 6 zero bytes, the time (%s), the client challenge, "
			   "4 zero bytes, the server's target information, 4 zero bytes"),
			 ts ? _("the server's MsvAvTimestamp") : _("the client's clock"));
		say_hex(out, 1, _("client challenge = "), n->cc, 8, NULL);
		ok = hmac_md5(owf, 16, sc, 8, (const uint8_t *)temp.data, temp.len, proof) &&
		     hmac_md5(owf, 16, proof, 16, NULL, 0, skey);
	}
	if (ok) {
		say_hex(out, 1, _("NTProofStr = HMAC-MD5(NTOWFv2, server challenge + blob) = "),
			proof, 16, NULL);
		say_key(out, _("session base key = HMAC-MD5(NTOWFv2, NTProofStr)"), skey, 16);
		buf_add(nt, proof, 16);
		buf_add(nt, temp.data, temp.len);
		if (ts) {
			/* With a server timestamp the LMv2 response is zeros
			 * ([MS-NLMP] 3.3.2): the NT response carries the proof. */
			static const uint8_t z[24] = {0};
			buf_add(lm, z, 24);
			sasl_say(out, AK_CALC, 1, "%s",
				 _("LMv2 response = 24 zero bytes (the server sent a timestamp)"));
		} else {
			ok = hmac_md5(owf, 16, sc, 8, n->cc, 8, lmv2);
			buf_add(lm, lmv2, 16);
			buf_add(lm, n->cc, 8);
			say_hex(out, 1,
				_("LMv2 response = HMAC-MD5(NTOWFv2, server challenge + client "
				  "challenge) + client challenge = "),
				lm->data, lm->len, NULL);
		}
	}
	buf_wipe_free(&pw);
	buf_wipe_free(&ud);
	buf_wipe_free(&temp);
	OPENSSL_cleanse(h, sizeof h);
	OPENSSL_cleanse(owf, sizeof owf);
	OPENSSL_cleanse(lmv2, sizeof lmv2);
	OPENSSL_cleanse(skey, sizeof skey);
	return ok;
}

/* NTLMv1 ([MS-NLMP] 3.3.1), with the NTLM2 session response when the
 * server agreed to extended session security. */
static bool v1_responses(struct ntlm *n, const uint8_t sc[8], bool ess, struct buf *lm,
			 struct buf *nt, struct sasl_step *out)
{
	struct buf pw;
	uint8_t h[16], data[8], resp[24], md[16];
	buf_init(&pw, 0);
	bool ok = utf16le(&pw, n->password, false) && md4((const uint8_t *)pw.data, pw.len, h);
	if (ok) {
		sasl_say(out, AK_TEXT, 0, "%s", _("NTLMv1 response ([MS-NLMP] 3.3.1):"));
		say_key(out, _("NTOWFv1 = MD4(UTF-16LE(password))"), h, 16);
		memcpy(data, sc, 8);
		if (ess) {
			unsigned len = 0;
			EVP_MD_CTX *x = EVP_MD_CTX_new();
			ok = x && EVP_DigestInit_ex(x, EVP_md5(), NULL) &&
			     EVP_DigestUpdate(x, sc, 8) && EVP_DigestUpdate(x, n->cc, 8) &&
			     EVP_DigestFinal_ex(x, md, &len);
			EVP_MD_CTX_free(x);
			memcpy(data, md, 8);
			say_hex(out, 1,
				_("extended session security: the DES input is the first 8 bytes "
				  "of MD5(server challenge + client challenge) = "),
				data, 8, NULL);
		}
		ok = ok && desl(h, data, resp);
	}
	if (ok) {
		sasl_say(out, AK_CALC, 1, "%s",
			 _("the 16-byte hash is padded with 5 zero bytes and cut into three 7-byte "
			   "DES keys; each encrypts the 8 bytes above"));
		say_hex(out, 1, _("NT response = "), resp, 24, NULL);
		buf_add(nt, resp, 24);
		if (ess) {
			static const uint8_t z[16] = {0};
			buf_add(lm, n->cc, 8);
			buf_add(lm, z, 16);
			sasl_say(out, AK_CALC, 1, "%s",
				 _("LM response = the client challenge and 16 zero bytes"));
		} else {
			/* No LAN Manager hash: it would need the password in
			 * upper case and cut at 14 characters. */
			buf_add(lm, resp, 24);
			sasl_say(out, AK_CALC, 1, "%s",
				 _("LM response = a copy of the NT response (no LAN Manager hash)"));
		}
	}
	buf_wipe_free(&pw);
	OPENSSL_cleanse(h, sizeof h);
	OPENSSL_cleanse(resp, sizeof resp);
	return ok;
}

static void add_field(struct buf *hdr, struct buf *payload, const void *p, size_t len)
{
	put16(hdr, (uint16_t)len);
	put16(hdr, (uint16_t)len);
	put32(hdr, (uint32_t)(HDR_AUTHENTICATE + payload->len));
	buf_add(payload, p, len);
}

static enum sasl_status authenticate(struct ntlm *n, const uint8_t *m, size_t len,
				     struct sasl_step *out)
{
	sasl_say(out, AK_TEXT, 0, "%s",
		 _("NTLM message 2, CHALLENGE: the server's answer ([MS-NLMP] 2.2.1.2)"));
	if (len < HDR_CHALLENGE_MIN || memcmp(m, SIG, 8))
		return sasl_fail(out, _("not an NTLM message: it must start with \"NTLMSSP\\0\" "
					"and be at least 32 bytes"));
	if (le32(m + 8) != 2)
		return sasl_fail(out, _("not a CHALLENGE message (type 2)"));
	uint32_t flags = le32(m + 20);
	const uint8_t *target = NULL, *info = NULL, *ts = NULL;
	size_t tlen = 0, ilen = 0;
	if (!secbuf(m, len, 12, &target, &tlen))
		return sasl_fail(out, _("the target name lies outside the message"));
	sasl_say(out, AK_CALC, 1, "%s", _("signature = \"NTLMSSP\\0\", message type = 2"));
	say_flags(out, flags);
	if (flags & F_UNICODE)
		say_utf16(out, 1, _("target name = \""), target, tlen);
	else
		sasl_say_bytes(out, AK_CALC, 1, _("target name = \""), target, tlen, "\"");
	say_hex(out, 1, _("server challenge = "), m + 24, 8, _(" (8 random bytes)"));
	if (len >= HDR_CHALLENGE_INFO && (flags & F_TARGET_INFO)) {
		if (!secbuf(m, len, 40, &info, &ilen))
			return sasl_fail(out, _("the target information lies outside the message"));
		if (!explain_av(out, info, ilen, &ts))
			return sasl_fail(out, _("the target information is malformed (an AV pair "
						"runs past its end, or no MsvAvEOL)"));
	}
	if (!(flags & F_NTLM))
		sasl_say(out, AK_WARNING, 1, "%s",
			 _("the server did not set NEGOTIATE_NTLM; answering anyway"));
	if (!n->v1 && !info)
		return sasl_fail(out, _("NTLMv2 needs the server's target information, and the "
					"challenge has none: this server speaks NTLMv1 only "
					"(--ntlm-v1, if you accept the risk)"));
	if (!n->password)
		return sasl_fail(out, _("NTLM needs a password, and none was given"));

	struct buf lm, nt, hdr, pay, dom, usr;
	buf_init(&lm, 0);
	buf_init(&nt, 0);
	buf_init(&hdr, SASL_RESPONSE_MAX);
	buf_init(&pay, SASL_RESPONSE_MAX);
	buf_init(&dom, 0);
	buf_init(&usr, 0);
	bool uni = flags & F_UNICODE;
	bool ok = n->v1 ? v1_responses(n, m + 24, flags & F_ESS, &lm, &nt, out)
			: v2_responses(n, m + 24, info, ilen, ts, &lm, &nt, out);
	if (ok && uni)
		ok = utf16le(&dom, n->domain, false) && utf16le(&usr, n->user, false);
	else if (ok) {
		buf_adds(&dom, n->domain);
		buf_adds(&usr, n->user);
	}
	enum sasl_status st = SASL_CONTINUE;
	if (!ok) {
		st = sasl_fail(out, _("the NTLM response could not be computed: the user name "
				      "or password is not valid UTF-8, or OpenSSL's legacy "
				      "provider (MD4, DES) is not installed"));
	} else if (nt.len + lm.len + dom.len + usr.len > 0xffff) {
		st = sasl_fail(out, _("the server's target information is too large for an NTLM "
				      "message"));
	} else {
		uint32_t f3 = (our_flags(n) | F_TARGET_INFO) & flags;
		buf_add(&hdr, SIG, 8);
		put32(&hdr, 3);
		add_field(&hdr, &pay, lm.data, lm.len);
		add_field(&hdr, &pay, nt.data, nt.len);
		add_field(&hdr, &pay, dom.data, dom.len);
		add_field(&hdr, &pay, usr.data, usr.len);
		add_field(&hdr, &pay, "", 0); /* workstation: none */
		add_field(&hdr, &pay, "", 0); /* no KEY_EXCH: no encrypted key */
		put32(&hdr, f3);
		buf_add(&out->response, hdr.data, hdr.len);
		buf_add(&out->response, pay.data, pay.len);
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("NTLM message 3, AUTHENTICATE ([MS-NLMP] 2.2.1.3):"));
		sasl_say(out, AK_CALC, 1, "%s", _("signature = \"NTLMSSP\\0\", message type = 3"));
		sasl_say(out, AK_CALC, 1, _("LM response: %zu bytes, NT response: %zu bytes"),
			 lm.len, nt.len);
		sasl_say_bytes(out, AK_CALC, 1, _("domain = \""), n->domain, strlen(n->domain),
			       "\"");
		sasl_say_bytes(out, AK_CALC, 1, _("user = \""), n->user, strlen(n->user), "\"");
		sasl_say(out, AK_CALC, 1, "%s",
			 _("workstation: empty; encrypted session key: none (no KEY_EXCH)"));
		say_flags(out, f3);
		sasl_say(out, AK_TEXT, 0, "%s",
			 _("the password is not sent, but a recorded exchange lets anyone test "
			   "guesses offline, and a relayed one can log in elsewhere; over SMTP, use "
			   "NTLM only inside TLS"));
		n->stage = 2;
	}
	buf_wipe_free(&lm);
	buf_wipe_free(&nt);
	buf_wipe_free(&hdr);
	buf_wipe_free(&pay);
	buf_free(&dom);
	buf_free(&usr);
	return st;
}

static enum sasl_status ntlm_step(void *state, const uint8_t *challenge, size_t len,
				  struct sasl_step *out)
{
	struct ntlm *n = state;
	out->secret = false; /* responses are hashes, as with CRAM-MD5 */
	if (n->stage < 0)
		return sasl_fail(out, _("OpenSSL's random generator failed"));
	if (n->stage == 0) {
		if (challenge && len)
			return sasl_fail(out, _("the server sent data before the client's NTLM "
						"NEGOTIATE message"));
		return negotiate(n, out);
	}
	if (n->stage == 1)
		return authenticate(n, challenge ? challenge : (const uint8_t *)"", challenge ? len : 0,
				    out);
	return sasl_fail(out, _("a challenge after NTLM's third message: the server kept "
				"asking and the client cancels with \"*\""));
}

const struct sasl_mech sasl_mech_ntlm = {
	.name = "NTLM",
	.client_first = true,
	.reveals_password = false,
	.rfc = "MS-NLMP",
	.init = ntlm_init,
	.step = ntlm_step,
	.done = ntlm_done,
	.needs_password = true,
	.rank = 20,
};
