/* The findings of `smtpdbg tls-report`, judged from the facts alone: what
 * is weak and why, rated. Thresholds follow today's practice: RSA below
 * 2048 bits and SHA-1 signatures are refused by browsers and by OpenSSL's
 * default security level 2; TLS 1.0 and 1.1 are deprecated (RFC 8996). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/tls_report.h"

struct judge {
	struct tls_finding *out;
	size_t n, max;
};

static void add(struct judge *j, int rating, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct judge *j, int rating, const char *code, const char *fmt, ...)
{
	if (j->n >= j->max)
		return;
	struct tls_finding *f = &j->out[j->n++];
	f->rating = rating;
	f->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof f->text, fmt, ap);
	va_end(ap);
}

/* "certificate 2 (CN=...)" */
static void cert_label(char *out, size_t cap, size_t i, const struct tls_cert_facts *c)
{
	snprintf(out, cap, _("certificate %zu (%s)"), i + 1, c->subject);
}

static bool weak_key(const struct tls_cert_facts *c)
{
	if (!strcmp(c->key_type, "RSA") || !strcmp(c->key_type, "DSA") ||
	    !strcmp(c->key_type, "DH"))
		return c->key_bits < 2048;
	if (!strcmp(c->key_type, "EC"))
		return c->key_bits < 224;
	return false;
}

static void judge_cert(struct judge *j, size_t i, const struct tls_cert_facts *c)
{
	char who[320];
	cert_label(who, sizeof who, i, c);
	if (c->expired)
		add(j, TLS_RATE_PROBLEM, "expired",
		    _("%s expired on %s: clients that verify refuse it, and a sending MTA "
		      "that requires TLS (DANE, MTA-STS) will not deliver"),
		    who, c->not_after);
	else if (c->not_yet_valid)
		add(j, TLS_RATE_PROBLEM, "not-yet-valid",
		    _("%s is not valid yet: check the server's clock and the certificate's dates"),
		    who);
	else if (c->days_left < 14)
		add(j, TLS_RATE_WARNING, "expires-soon",
		    P_("%s expires in %d day (%s): renew it now",
		       "%s expires in %d days (%s): renew it now", (unsigned long)c->days_left),
		    who, c->days_left, c->not_after);
	if (weak_key(c))
		add(j, TLS_RATE_PROBLEM, "weak-key",
		    _("%s has a %d-bit %s key: below 2048 bits (RSA) or 224 bits (EC) it can be "
		      "broken with today's means, and OpenSSL's default security level refuses it"),
		    who, c->key_bits, c->key_type);
	if (c->sig_weak_hash && !c->self_issued)
		add(j, TLS_RATE_PROBLEM, "sha1-signature",
		    _("%s is signed with %s: SHA-1 and MD5 collisions can be made, so such a "
		      "signature proves nothing; clients refuse it"),
		    who, c->signature);
}

static void judge_chain(struct judge *j, const struct tls_report_facts *f)
{
	if (f->ncerts == 0) {
		add(j, TLS_RATE_PROBLEM, "no-certificate", "%s",
		    _("the server sent no certificate"));
		return;
	}
	for (size_t i = 0; i < f->ncerts; i++)
		judge_cert(j, i, &f->certs[i]);
	switch (f->chain) {
	case TLS_CHAIN_TRUSTED:
		add(j, TLS_RATE_OK, "chain-trusted", "%s",
		    _("the chain leads to a trusted certificate authority"));
		break;
	case TLS_CHAIN_MISSING_INTERMEDIATE:
		add(j, TLS_RATE_PROBLEM, "missing-intermediate",
		    _("the chain stops at \"%s\", whose issuer \"%s\" is neither sent nor trusted: "
		      "the server most likely does not send its intermediate certificate (put it "
		      "after the server's own in the certificate file); clients that do not "
		      "fetch it refuse the chain"),
		    f->certs[f->ncerts - 1].subject, f->certs[f->ncerts - 1].issuer);
		break;
	case TLS_CHAIN_UNTRUSTED_ROOT:
		add(j, TLS_RATE_PROBLEM, "untrusted-root",
		    _("the chain ends in \"%s\", which is not a trusted certificate authority "
		      "(self-signed or private): only clients told to trust it can verify the "
		      "server"),
		    f->certs[f->ncerts - 1].issuer);
		break;
	case TLS_CHAIN_CERT_PROBLEM:
		break; /* said per certificate above */
	default:
		add(j, TLS_RATE_PROBLEM, "chain-invalid", _("the chain does not verify: %s"),
		    f->chain_why);
		break;
	}
	if (f->name && !f->name_ok)
		add(j, TLS_RATE_PROBLEM, "name-mismatch",
		    _("the certificate is not valid for \"%s\" (its names: %s): clients that check "
		      "the name refuse it; use --verify-name when connecting by address"),
		    f->name, f->certs[0].sans[0] ? f->certs[0].sans : _("none"));
	else if (f->name)
		add(j, TLS_RATE_OK, "name-ok", _("the certificate is valid for \"%s\""), f->name);
}

static void judge_versions(struct judge *j, const struct tls_report_facts *f)
{
	const struct tls_version_facts *v10 = &f->v[0], *v11 = &f->v[1], *v12 = &f->v[2],
					*v13 = &f->v[3];
	if (v10->result == TLS_PROBE_ACCEPTED || v11->result == TLS_PROBE_ACCEPTED)
		add(j, TLS_RATE_WARNING, "old-tls",
		    _("the server accepts TLS 1.0 or 1.1, deprecated since 2021 (RFC 8996): weak "
		      "hashes and CBC ciphers; few mail clients still need them"));
	if (v12->result != TLS_PROBE_ACCEPTED && v13->result != TLS_PROBE_ACCEPTED)
		add(j, TLS_RATE_PROBLEM, "no-modern-tls", "%s",
		    _("the server accepts neither TLS 1.2 nor TLS 1.3"));
	else if (v13->result == TLS_PROBE_REFUSED)
		add(j, TLS_RATE_NOTE, "no-tls13", "%s",
		    _("the server does not accept TLS 1.3, which is faster (one round trip less) "
		      "and has only strong ciphers"));
	else if (v13->result == TLS_PROBE_ACCEPTED)
		add(j, TLS_RATE_OK, "tls13", "%s", _("the server accepts TLS 1.3"));
	if (v12->result == TLS_PROBE_ACCEPTED && v12->cipher[0] &&
	    strncmp(v12->cipher, "ECDHE-", 6) && strncmp(v12->cipher, "DHE-", 4))
		add(j, TLS_RATE_WARNING, "no-forward-secrecy",
		    _("with TLS 1.2 the server prefers %s, without forward secrecy: whoever gets "
		      "its private key later can decrypt recorded sessions"),
		    v12->cipher);
	if (v12->result == TLS_PROBE_ACCEPTED &&
	    (strstr(v12->cipher, "CBC") || strstr(v12->cipher, "RC4") ||
	     strstr(v12->cipher, "DES") ||
	     (strstr(v12->cipher, "-SHA") && !strstr(v12->cipher, "-SHA256") &&
	      !strstr(v12->cipher, "-SHA384"))))
		add(j, TLS_RATE_WARNING, "weak-cipher",
		    _("with TLS 1.2 the server prefers %s, a CBC-mode or SHA-1 cipher: prefer "
		      "AES-GCM or ChaCha20-Poly1305"),
		    v12->cipher);
}

static int by_rating(const void *a, const void *b)
{
	const struct tls_finding *x = a, *y = b;
	return y->rating - x->rating;
}

size_t tls_report_judge(const struct tls_report_facts *f, struct tls_finding *out, size_t max)
{
	struct judge j = {.out = out, .max = max};
	judge_versions(&j, f);
	judge_chain(&j, f);
	if (f->ncerts && !f->ocsp_stapled)
		add(&j, TLS_RATE_NOTE, "no-ocsp-staple", "%s",
		    _("the server staples no OCSP response: a client that wants the revocation "
		      "status has to ask the CA itself (mail clients rarely do)"));
	if (f->resumption == TLS_PROBE_REFUSED)
		add(&j, TLS_RATE_NOTE, "no-resumption", "%s",
		    _("the server does not resume TLS sessions: every connection pays for a full "
		      "handshake (a sending MTA that delivers often notices)"));
	else if (f->resumption == TLS_PROBE_ACCEPTED)
		add(&j, TLS_RATE_OK, "resumption", "%s",
		    _("the server resumes TLS sessions: a returning client skips the full "
		      "handshake"));
	/* Stable within a rating: insertion order. */
	for (size_t i = 1; i < j.n; i++)
		for (size_t k = i; k > 0 && by_rating(&out[k - 1], &out[k]) > 0; k--) {
			struct tls_finding t = out[k];
			out[k] = out[k - 1];
			out[k - 1] = t;
		}
	return j.n;
}

const char *tls_rating_code(int rating)
{
	static const char *const w[] = {"ok", "note", "warning", "problem"};
	return rating >= 0 && rating <= TLS_RATE_PROBLEM ? w[rating] : "?";
}

const char *tls_rating_word(int rating)
{
	switch (rating) {
	case TLS_RATE_OK:
		return _("ok");
	case TLS_RATE_NOTE:
		return _("note");
	case TLS_RATE_WARNING:
		return _("warning");
	default:
		return _("problem");
	}
}
