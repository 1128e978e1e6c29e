/* The proxy's local CA: made once, private, name-constrained, short-lived;
 * its leaves verify for the upstream's name and a certificate for any
 * other name does not, even signed by its key. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "smtpdbg/proxy_ca.h"

static char base[300], root[200];

static void setup(void)
{
	snprintf(root, sizeof root, "/tmp/test_proxy_ca.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	snprintf(base, sizeof base, "%s/share/smtpdbg/proxy-ca", root);
}

static void teardown(void)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(proxy_ca, .init = setup, .fini = teardown);

static struct proxy_ca *open_ca(const char *name, bool rotate, bool *made)
{
	struct buf err;
	buf_init(&err, 0);
	struct proxy_ca *ca = proxy_ca_open(base, name, rotate, made, &err);
	cr_assert_not_null(ca, "%s", err.data ? err.data : "");
	buf_free(&err);
	return ca;
}

static X509 *pem_cert(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	cr_assert_not_null(x);
	return x;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(lstat(path, &st), 0, "%s: %s", path, strerror(errno));
	return st.st_mode & 07777;
}

Test(proxy_ca, names)
{
	char out[256];
	cr_assert(proxy_ca_name("Mail.Example.ORG", out, sizeof out));
	cr_assert_str_eq(out, "mail.example.org");
	cr_assert(proxy_ca_name("0:0::1", out, sizeof out));
	cr_assert_str_eq(out, "::1");
	cr_assert(proxy_ca_name("127.0.0.1", out, sizeof out));
	cr_assert_not(proxy_ca_name("../etc", out, sizeof out));
	cr_assert_not(proxy_ca_name("a/b", out, sizeof out));
	cr_assert_not(proxy_ca_name("", out, sizeof out));
	cr_assert_not(proxy_ca_name("-x", out, sizeof out));
	cr_assert_not(proxy_ca_name("a..b", out, sizeof out));
}

Test(proxy_ca, made_once_private_and_kept)
{
	bool made;
	struct proxy_ca *ca = open_ca("localhost", false, &made);
	cr_assert(made);
	char fp[128];
	snprintf(fp, sizeof fp, "%s", proxy_ca_fingerprint(ca));
	proxy_ca_free(ca);
	char p[600];
	cr_assert_eq(mode_of(base), 0700);
	snprintf(p, sizeof p, "%s/localhost", base);
	cr_assert_eq(mode_of(p), 0700);
	snprintf(p, sizeof p, "%s/localhost/ca.key", base);
	cr_assert_eq(mode_of(p), 0600);
	snprintf(p, sizeof p, "%s/localhost/ca.pem", base);
	cr_assert_eq(mode_of(p), 0600);
	ca = open_ca("localhost", false, &made);
	cr_assert_not(made, "the second start uses the same CA");
	cr_assert_str_eq(proxy_ca_fingerprint(ca), fp);
	proxy_ca_free(ca);
	ca = open_ca("localhost", true, &made);
	cr_assert(made);
	cr_assert_str_neq(proxy_ca_fingerprint(ca), fp, "--rotate-ca makes a new one");
	proxy_ca_free(ca);
}

Test(proxy_ca, constrained_short_lived_server_only)
{
	bool made;
	struct proxy_ca *ca = open_ca("mail.example.org", false, &made);
	X509 *x = pem_cert(proxy_ca_pem(ca));
	int crit = 0;
	NAME_CONSTRAINTS *nc = X509_get_ext_d2i(x, NID_name_constraints, &crit, NULL);
	cr_assert_not_null(nc, "name constraints present");
	cr_assert_eq(crit, 1, "and critical");
	cr_assert_eq(sk_GENERAL_SUBTREE_num(nc->permittedSubtrees), 1);
	GENERAL_SUBTREE *st = sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, 0);
	cr_assert_eq(st->base->type, GEN_DNS);
	cr_assert_str_eq((const char *)ASN1_STRING_get0_data(st->base->d.dNSName),
			 "mail.example.org");
	cr_assert_eq(sk_GENERAL_SUBTREE_num(nc->excludedSubtrees), 2, "every IPv4 and IPv6 address");
	NAME_CONSTRAINTS_free(nc);
	BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(x, NID_basic_constraints, &crit, NULL);
	cr_assert(bc && bc->ca && crit);
	cr_assert_eq(ASN1_INTEGER_get(bc->pathlen), 0, "no CA below it");
	BASIC_CONSTRAINTS_free(bc);
	cr_assert(X509_get_extended_key_usage(x) & XKU_SSL_SERVER);
	cr_assert_eq(X509_get_extended_key_usage(x) & ~(uint32_t)XKU_SSL_SERVER, 0);
	/* Valid from about now for PROXY_CA_DAYS, no longer. */
	int days, secs;
	cr_assert(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x), X509_get0_notAfter(x)));
	cr_assert_leq(days * 86400L + secs, PROXY_CA_DAYS * 86400L + 3600);
	cr_assert_geq(days, PROXY_CA_DAYS);
	X509_free(x);
	proxy_ca_free(ca);
}

/* Verify cert (PEM, with chain) for name against the CA alone. */
static int verify(const char *ca_pem, X509 *leaf, const char *name, bool ip)
{
	X509 *ca = pem_cert(ca_pem);
	X509_STORE *store = X509_STORE_new();
	X509_STORE_add_cert(store, ca);
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_STORE_CTX_init(ctx, store, leaf, NULL);
	X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_purpose(vp, X509_PURPOSE_SSL_SERVER);
	if (ip)
		X509_VERIFY_PARAM_set1_ip_asc(vp, name);
	else
		X509_VERIFY_PARAM_set1_host(vp, name, 0);
	int ok = X509_verify_cert(ctx);
	int err = ok == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	X509_free(ca);
	return err;
}

Test(proxy_ca, leaf_verifies_for_its_name_only)
{
	bool made;
	struct proxy_ca *ca = open_ca("localhost", false, &made);
	struct buf cert, key, err;
	buf_init(&cert, 0);
	buf_init(&key, 0);
	buf_init(&err, 0);
	cr_assert_eq(proxy_ca_issue(ca, &cert, &key, &err), 0, "%s", err.data ? err.data : "");
	X509 *leaf = pem_cert(cert.data);
	cr_assert_eq(verify(proxy_ca_pem(ca), leaf, "localhost", false), X509_V_OK);
	cr_assert_eq(verify(proxy_ca_pem(ca), leaf, "other.example", false),
		     X509_V_ERR_HOSTNAME_MISMATCH);
	int days, secs;
	cr_assert(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(leaf),
				 X509_get0_notAfter(leaf)));
	cr_assert_leq(days * 86400L + secs, PROXY_LEAF_HOURS * 3600L + 300);
	X509_free(leaf);

	/* Whoever holds the key still cannot make it vouch for another name. */
	char path[600];
	snprintf(path, sizeof path, "%s/localhost/ca.key", base);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	EVP_PKEY *cakey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	cr_assert_not_null(cakey);
	X509 *cax = pem_cert(proxy_ca_pem(ca));
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	const char *names[] = {"DNS:www.bank.example", "IP:127.0.0.1", "DNS:sub.localhost.evil"};
	for (size_t i = 0; i < 3; i++) {
		X509 *x = X509_new();
		X509_set_version(x, X509_VERSION_3);
		ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
		X509_gmtime_adj(X509_getm_notBefore(x), -60);
		X509_gmtime_adj(X509_getm_notAfter(x), 3600);
		X509_set_issuer_name(x, X509_get_subject_name(cax));
		X509_set_pubkey(x, k);
		X509V3_CTX v3;
		X509V3_set_ctx_nodb(&v3);
		X509V3_set_ctx(&v3, cax, x, NULL, NULL, 0);
		X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, names[i]);
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
		cr_assert(X509_sign(x, cakey, EVP_sha256()) > 0);
		bool ip = !strncmp(names[i], "IP:", 3);
		cr_assert_eq(verify(proxy_ca_pem(ca), x, names[i] + (ip ? 3 : 4), ip),
			     ip ? X509_V_ERR_EXCLUDED_VIOLATION : X509_V_ERR_PERMITTED_VIOLATION,
			     "%s", names[i]);
		X509_free(x);
	}
	EVP_PKEY_free(k);
	EVP_PKEY_free(cakey);
	X509_free(cax);
	buf_free(&cert);
	buf_wipe_free(&key);
	buf_free(&err);
	proxy_ca_free(ca);
}

Test(proxy_ca, an_address_ca_vouches_for_that_address)
{
	bool made;
	struct proxy_ca *ca = open_ca("127.0.0.1", false, &made);
	struct buf cert, key, err;
	buf_init(&cert, 0);
	buf_init(&key, 0);
	buf_init(&err, 0);
	cr_assert_eq(proxy_ca_issue(ca, &cert, &key, &err), 0);
	X509 *leaf = pem_cert(cert.data);
	cr_assert_eq(verify(proxy_ca_pem(ca), leaf, "127.0.0.1", true), X509_V_OK);
	X509_free(leaf);
	buf_free(&cert);
	buf_wipe_free(&key);
	buf_free(&err);
	struct buf desc;
	buf_init(&desc, 0);
	buf_init(&err, 0);
	struct tls_server *ts = proxy_ca_server(ca, &desc, &err);
	cr_assert_not_null(ts, "%s", err.data ? err.data : "");
	cr_assert(strstr(desc.data, "certificate shown to the client: 127.0.0.1"));
	tls_server_free(ts);
	buf_free(&desc);
	buf_free(&err);
	proxy_ca_free(ca);
}

Test(proxy_ca, refuses_links_and_open_keys)
{
	char p[600], q[600];
	struct buf err;
	buf_init(&err, 0);
	bool made;
	/* A symbolic link where the CA's directory belongs. */
	snprintf(p, sizeof p, "%s/elsewhere", root);
	cr_assert_eq(mkdir(p, 0700), 0);
	struct proxy_ca *ca = open_ca("localhost", false, &made); /* makes base */
	proxy_ca_free(ca);
	snprintf(q, sizeof q, "%s/evil.test", base);
	cr_assert_eq(symlink(p, q), 0);
	cr_assert_null(proxy_ca_open(base, "evil.test", false, &made, &err));
	cr_assert(strstr(err.data, "symbolic link"), "%s", err.data);
	/* A key others may read. */
	buf_reset(&err);
	snprintf(p, sizeof p, "%s/localhost/ca.key", base);
	cr_assert_eq(chmod(p, 0644), 0);
	cr_assert_null(proxy_ca_open(base, "localhost", false, &made, &err));
	cr_assert(err.len > 0);
	/* Half a CA is not completed silently. */
	buf_reset(&err);
	cr_assert_eq(unlink(p), 0);
	cr_assert_null(proxy_ca_open(base, "localhost", false, &made, &err));
	cr_assert(strstr(err.data, "half a CA"), "%s", err.data);
	/* A group-writable CA directory is refused. */
	buf_reset(&err);
	ca = open_ca("x.test", false, &made);
	proxy_ca_free(ca);
	snprintf(p, sizeof p, "%s/x.test", base);
	cr_assert_eq(chmod(p, 0770), 0);
	cr_assert_null(proxy_ca_open(base, "x.test", false, &made, &err));
	buf_free(&err);
}
