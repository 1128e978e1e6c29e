/* The TLS report in words and as one JSON object (docs/json-lines.md). */
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/tls_report.h"

static const char *result_word(int r)
{
	switch (r) {
	case TLS_PROBE_ACCEPTED:
		return _("accepted");
	case TLS_PROBE_REFUSED:
		return _("refused");
	case TLS_PROBE_UNKNOWN:
		return _("unknown (the connection failed before TLS)");
	default:
		return _("not tried");
	}
}

static const char *result_code(int r)
{
	static const char *const w[] = {"untried", "accepted", "refused", "unknown"};
	return r >= 0 && r <= TLS_PROBE_UNKNOWN ? w[r] : "?";
}

void tls_report_text(const struct tls_report_facts *f, const struct tls_finding *fi, size_t n,
		     struct buf *out)
{
	buf_printf(out, _("TLS report for %s:%s (%s), address %s: %d handshakes in %.1f s\n"),
		   f->host, f->port, f->implicit ? _("implicit TLS") : "STARTTLS",
		   f->peer ? f->peer : "?", f->handshakes, (double)f->elapsed_ms / 1000.0);
	buf_adds(out, _("\nProtocol versions (the server's choice among all ciphers offered):\n"));
	for (int i = TLS_REPORT_NVERSIONS - 1; i >= 0; i--) {
		const struct tls_version_facts *v = &f->v[i];
		buf_printf(out, "  TLS %s  %s", v->name, result_word(v->result));
		if (v->result == TLS_PROBE_ACCEPTED)
			buf_printf(out, "  %s%s%s", v->cipher, v->group[0] ? "  " : "", v->group);
		buf_addc(out, '\n');
	}
	buf_adds(out, _("\nKey exchange groups:\n"));
	for (size_t i = 0; i < f->ngroups; i++)
		buf_printf(out, "  %-8s %s\n", f->g[i].name, result_word(f->g[i].result));
	buf_printf(out, _("\nSession resumption: %s\n"), result_word(f->resumption));
	buf_printf(out, P_("\nCertificate chain (%zu certificate sent):\n",
			   "\nCertificate chain (%zu certificates sent):\n", (unsigned long)f->ncerts),
		   f->ncerts);
	for (size_t i = 0; i < f->ncerts; i++) {
		const struct tls_cert_facts *c = &f->certs[i];
		buf_printf(out, _("  %zu. subject: %s\n"), i + 1, c->subject);
		buf_printf(out, _("     issuer: %s\n"), c->issuer);
		if (c->sans[0])
			buf_printf(out, _("     alt names: %s\n"), c->sans);
		buf_printf(out, _("     valid until %s (%d days left)\n"), c->not_after, c->days_left);
		buf_printf(out, _("     key: %s %d bits; signature: %s\n"), c->key_type, c->key_bits,
			   c->signature);
		buf_printf(out, _("     SHA-256 fingerprint: %s\n"), c->sha256);
	}
	buf_adds(out, _("\nFindings:\n"));
	int worst = TLS_RATE_OK;
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, "  [%s] %s\n", tls_rating_word(fi[i].rating), fi[i].text);
		if (fi[i].rating > worst)
			worst = fi[i].rating;
	}
	int counts[TLS_RATE_PROBLEM + 1] = {0};
	for (size_t i = 0; i < n; i++)
		counts[fi[i].rating]++;
	buf_printf(out, _("\nVerdict: %s (problems: %d, warnings: %d, notes: %d)\n"),
		   tls_rating_word(worst), counts[TLS_RATE_PROBLEM], counts[TLS_RATE_WARNING],
		   counts[TLS_RATE_NOTE]);
}

static void key_str(struct buf *out, const char *key, const char *val, bool comma)
{
	buf_printf(out, "%s\"%s\":", comma ? "," : "", key);
	jsonl_string(out, val ? val : "");
}

void tls_report_json(const struct tls_report_facts *f, const struct tls_finding *fi, size_t n,
		     struct buf *out)
{
	buf_adds(out, "{\"type\":\"tls-report\"");
	key_str(out, "host", f->host, true);
	key_str(out, "port", f->port, true);
	key_str(out, "peer", f->peer, true);
	key_str(out, "tls", f->implicit ? "implicit" : "starttls", true);
	buf_printf(out, ",\"handshakes\":%d,\"elapsed_ms\":%ld,\"versions\":[", f->handshakes,
		   f->elapsed_ms);
	for (int i = 0; i < TLS_REPORT_NVERSIONS; i++) {
		const struct tls_version_facts *v = &f->v[i];
		buf_adds(out, i ? ",{" : "{");
		key_str(out, "version", v->name, false);
		key_str(out, "result", result_code(v->result), true);
		if (v->result == TLS_PROBE_ACCEPTED) {
			key_str(out, "cipher", v->cipher, true);
			key_str(out, "group", v->group, true);
		}
		buf_addc(out, '}');
	}
	buf_adds(out, "],\"groups\":[");
	for (size_t i = 0; i < f->ngroups; i++) {
		buf_adds(out, i ? ",{" : "{");
		key_str(out, "group", f->g[i].name, false);
		key_str(out, "result", result_code(f->g[i].result), true);
		buf_addc(out, '}');
	}
	buf_adds(out, "],\"chain\":[");
	for (size_t i = 0; i < f->ncerts; i++) {
		const struct tls_cert_facts *c = &f->certs[i];
		buf_adds(out, i ? ",{" : "{");
		key_str(out, "subject", c->subject, false);
		key_str(out, "issuer", c->issuer, true);
		key_str(out, "alt_names", c->sans, true);
		key_str(out, "not_after", c->not_after, true);
		buf_printf(out, ",\"days_left\":%d", c->days_left);
		key_str(out, "key_type", c->key_type, true);
		buf_printf(out, ",\"key_bits\":%d", c->key_bits);
		key_str(out, "signature", c->signature, true);
		key_str(out, "sha256", c->sha256, true);
		buf_addc(out, '}');
	}
	buf_printf(out, "],\"ocsp_stapled\":%s", f->ocsp_stapled ? "true" : "false");
	key_str(out, "resumption", result_code(f->resumption), true);
	buf_adds(out, ",\"findings\":[");
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, i ? ",{" : "{");
		key_str(out, "rating", tls_rating_code(fi[i].rating), false);
		key_str(out, "code", fi[i].code, true);
		key_str(out, "text", fi[i].text, true);
		buf_addc(out, '}');
	}
	buf_adds(out, "]}\n");
}
