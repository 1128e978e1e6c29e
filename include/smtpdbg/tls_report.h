/* `smtpdbg tls-report`: what a server's TLS offers, as facts gathered by
 * handshakes (src/plans/tls_probe.c, src/net/tls_facts.c) and findings
 * judged from them alone (src/proto/tls_findings.c: pure, no I/O), put
 * into words or JSON (src/render/tls_report_out.c). */
#ifndef SMTPDBG_TLS_REPORT_H
#define SMTPDBG_TLS_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"

/* One certificate the server sent, leaf first. */
struct tls_cert_facts {
	char subject[256], issuer[256];
	char sans[512];        /* "DNS:a, DNS:b" */
	char not_after[32];    /* "2027-01-06 12:05:25 UTC" */
	int days_left;         /* whole days to notAfter, negative once expired */
	bool expired, not_yet_valid;
	char key_type[24];     /* "RSA", "EC", "ED25519" */
	int key_bits;
	char signature[64];    /* "sha256WithRSAEncryption" */
	bool sig_weak_hash;    /* signed with SHA-1 or MD5 */
	bool self_issued;      /* subject == issuer: a root, whose signature nobody checks */
	char sha256[96];       /* "AB:CD:..." */
};

/* How the chain verified against the trusted CAs. */
enum tls_chain_state {
	TLS_CHAIN_TRUSTED,
	TLS_CHAIN_MISSING_INTERMEDIATE, /* the last certificate sent is not a root and
					 * its issuer is not trusted: usually an
					 * intermediate the server does not send */
	TLS_CHAIN_UNTRUSTED_ROOT,       /* self-signed or an unknown root */
	TLS_CHAIN_CERT_PROBLEM,         /* a certificate's own problem (dates, key,
					 * signature), judged per certificate */
	TLS_CHAIN_OTHER,                /* see chain_why */
};

enum { TLS_REPORT_NVERSIONS = 4, TLS_REPORT_NGROUPS = 6 };

enum tls_probe_result { TLS_PROBE_UNTRIED, TLS_PROBE_ACCEPTED, TLS_PROBE_REFUSED,
			TLS_PROBE_UNKNOWN /* the connection failed before TLS */ };

struct tls_version_facts {
	const char *name;      /* "1.0" ... "1.3" */
	int result;            /* enum tls_probe_result */
	char cipher[64];       /* the server's choice among all we offer */
	char group[32];        /* the key exchange group it took */
};

struct tls_group_facts {
	const char *name;      /* "X25519", "P-256", ... */
	int result;            /* enum tls_probe_result */
};

struct tls_report_facts {
	const char *host, *port, *peer;
	bool implicit;         /* TLS at once, not STARTTLS */
	const char *name;      /* the name the certificate must carry */
	bool name_ok;
	struct tls_version_facts v[TLS_REPORT_NVERSIONS]; /* 1.0, 1.1, 1.2, 1.3 */
	struct tls_group_facts g[TLS_REPORT_NGROUPS];
	size_t ngroups;
	struct tls_cert_facts *certs;
	size_t ncerts;
	int chain;             /* enum tls_chain_state */
	char chain_why[256];   /* OpenSSL's words for TLS_CHAIN_OTHER */
	bool ocsp_stapled;
	int resumption;        /* enum tls_probe_result: a second connection
				* offered the first one's session */
	int handshakes;        /* connections made */
	long elapsed_ms;
};

enum tls_rating { TLS_RATE_OK, TLS_RATE_NOTE, TLS_RATE_WARNING, TLS_RATE_PROBLEM };

struct tls_finding {
	int rating;            /* enum tls_rating */
	const char *code;      /* stable, for --json: "expired", "weak-key", ... */
	char text[512];        /* what is wrong and why it matters, translated */
};

enum { TLS_REPORT_MAX_FINDINGS = 64 };

/* Judge f: fills out (at most max) worst first; returns the count. */
size_t tls_report_judge(const struct tls_report_facts *f, struct tls_finding *out, size_t max);
/* The rating's word: "ok", "note", "warning", "problem" (JSON) or translated. */
const char *tls_rating_code(int rating);
const char *tls_rating_word(int rating);

/* The report in words, and as one JSON object. */
void tls_report_text(const struct tls_report_facts *f, const struct tls_finding *fi, size_t n,
		     struct buf *out);
void tls_report_json(const struct tls_report_facts *f, const struct tls_finding *fi, size_t n,
		     struct buf *out);

#endif
