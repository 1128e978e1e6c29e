/* The proxy's local CA (proxy_ca.h): made, kept and used with OpenSSL 3. */
#include "smtpdbg/proxy_ca.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/secret_file.h"
#include "smtpdbg/xmalloc.h"

#define PEM_MAX (64 * 1024)
#define CN_PREFIX "smtpdbg proxy CA for "

struct proxy_ca {
	char *name;
	bool ip; /* the name is an address */
	char *certfile;
	X509 *cert;
	EVP_PKEY *key;
	char *pem;
	char fingerprint[8 + 32 * 3];
	char expiry[32];
};

static void ossl_reason(struct buf *b)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	buf_adds(b, r ? r : _("unknown error"));
	ERR_clear_error();
}

int proxy_ca_base(char *out, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/smtpdbg/proxy-ca", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, size, "%s/.local/share/smtpdbg/proxy-ca", home);
	else
		return -1;
	return n > 0 && (size_t)n < size ? 0 : -1;
}

bool proxy_ca_name(const char *name, char *out, size_t size)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, name, a) == 1)
		return inet_ntop(AF_INET, a, out, (socklen_t)size) != NULL;
	if (inet_pton(AF_INET6, name, a) == 1)
		return inet_ntop(AF_INET6, a, out, (socklen_t)size) != NULL;
	size_t n = strlen(name);
	if (n == 0 || n > 253 || n >= size || name[0] == '.' || name[0] == '-' ||
	    name[n - 1] == '.' || strstr(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!isascii(c) || !(isalnum(c) || c == '-' || c == '.'))
			return false;
		out[i] = (char)tolower(c);
	}
	out[n] = '\0';
	return true;
}

static bool is_ip(const char *name)
{
	unsigned char a[16];
	return inet_pton(AF_INET, name, a) == 1 || inet_pton(AF_INET6, name, a) == 1;
}

/* --- Certificates ---------------------------------------------------------- */

static bool add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	bool ok = ext && X509_add_ext(x, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

static bool random_serial(X509 *x)
{
	unsigned char r[16];
	if (RAND_bytes(r, sizeof r) != 1)
		return false;
	r[0] &= 0x7f; /* positive */
	r[0] |= 0x01; /* and not zero */
	BIGNUM *bn = BN_bin2bn(r, sizeof r, NULL);
	bool ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	return ok;
}

/* What the CA may sign: its one name, nothing else of that kind, and no
 * name of the other kind (RFC 5280 §4.2.1.10: a constraint binds only the
 * kinds it lists, so the other kind is closed explicitly). */
static void constraints(const struct proxy_ca *ca, struct buf *b)
{
	buf_adds(b, "critical,");
	if (!ca->ip) {
		buf_printf(b, "permitted;DNS:%s,excluded;IP:0.0.0.0/0.0.0.0,excluded;IP:::/::",
			   ca->name);
	} else if (strchr(ca->name, ':')) {
		buf_printf(b, "permitted;IP:%s/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,"
			      "permitted;DNS:invalid", ca->name);
	} else {
		buf_printf(b, "permitted;IP:%s/255.255.255.255,permitted;DNS:invalid", ca->name);
	}
}

static X509 *make_ca_cert(const struct proxy_ca *ca, EVP_PKEY *key)
{
	X509 *x = X509_new();
	if (!x)
		return NULL;
	struct buf cn, nc;
	buf_init(&cn, 0);
	buf_init(&nc, 0);
	buf_printf(&cn, CN_PREFIX "%s", ca->name);
	constraints(ca, &nc);
	X509_NAME *name = X509_get_subject_name(x);
	bool ok = X509_set_version(x, X509_VERSION_3) == 1 && random_serial(x) &&
		  X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
		  X509_gmtime_adj(X509_getm_notAfter(x), (long)PROXY_CA_DAYS * 86400) &&
		  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
					     (const unsigned char *)"smtpdbg proxy (local)", -1, -1,
					     0) == 1 &&
		  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					     (const unsigned char *)cn.data, -1, -1, 0) == 1 &&
		  X509_set_issuer_name(x, name) == 1 && X509_set_pubkey(x, key) == 1 &&
		  add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
		  add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign") &&
		  add_ext(x, x, NID_ext_key_usage, "serverAuth") &&
		  add_ext(x, x, NID_name_constraints, nc.data) &&
		  add_ext(x, x, NID_subject_key_identifier, "hash") &&
		  X509_sign(x, key, EVP_sha256()) > 0;
	buf_free(&cn);
	buf_free(&nc);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static char *pem_of(int (*write)(BIO *, void *), void *obj)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *out = NULL;
	if (b && write(b, obj) == 1) {
		char *p;
		long n = BIO_get_mem_data(b, &p);
		out = xstrndup(p, (size_t)n);
	}
	BIO_free(b);
	return out;
}

static int write_cert(BIO *b, void *x)
{
	return PEM_write_bio_X509(b, x);
}

static int write_key(BIO *b, void *k)
{
	return PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
}

static void wipe_free(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

static void fingerprint(X509 *x, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	strcpy(out, "SHA256");
	if (!X509_digest(x, EVP_sha256(), md, &n))
		return;
	char *p = out + 6;
	for (unsigned i = 0; i < n && i < 32; i++, p += 3)
		snprintf(p, 4, "%c%02X", i ? ':' : ' ', md[i]);
}

static void when(const ASN1_TIME *t, char *out, size_t size)
{
	struct tm tm;
	if (!ASN1_TIME_to_tm(t, &tm) || !strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, size, "?");
}

/* --- Files ----------------------------------------------------------------- */

/* A public file read without following a link. */
static int read_public(const char *path, struct buf *out, char *why, size_t whylen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(why, whylen, "%s", errno == ELOOP
			 ? _("it is a symbolic link, which smtpdbg does not follow")
			 : strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > PEM_MAX) {
		snprintf(why, whylen, "%s", _("not a small regular file"));
		close(fd);
		return -1;
	}
	char tmp[4096];
	ssize_t n;
	while ((n = read(fd, tmp, sizeof tmp)) > 0 && out->len + (size_t)n <= PEM_MAX)
		buf_add(out, tmp, (size_t)n);
	int err = n < 0 ? errno : 0;
	close(fd);
	if (err) {
		snprintf(why, whylen, "%s", strerror(err));
		return -1;
	}
	buf_addc(out, '\0');
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int make(struct proxy_ca *ca, const char *keyfile, bool replace, struct buf *err)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = key ? make_ca_cert(ca, key) : NULL;
	char *kpem = x ? pem_of(write_key, key) : NULL;
	char *cpem = kpem ? pem_of(write_cert, x) : NULL;
	if (!cpem) {
		buf_adds(err, _("cannot make the CA: "));
		ossl_reason(err);
		wipe_free(kpem);
		X509_free(x);
		EVP_PKEY_free(key);
		return -1;
	}
	char why[256];
	unsigned flags = replace ? SF_FORCE : 0;
	const char *failed = NULL;
	if (safefile_write_file(keyfile, kpem, strlen(kpem), flags, why, sizeof why) < 0)
		failed = keyfile;
	else if (safefile_write_file(ca->certfile, cpem, strlen(cpem), flags, why, sizeof why) < 0)
		failed = ca->certfile;
	wipe_free(kpem);
	if (failed) {
		buf_printf(err, _("cannot write %s: %s"), failed, why);
		free(cpem);
		X509_free(x);
		EVP_PKEY_free(key);
		return -1;
	}
	ca->cert = x;
	ca->key = key;
	ca->pem = cpem;
	return 0;
}

/* The files as they are: ours (our subject for this name, the key that
 * matches) and not about to expire. */
static int load(struct proxy_ca *ca, const char *keyfile, struct buf *err)
{
	char why[256];
	struct buf kb, cb;
	buf_init(&kb, 0);
	buf_init(&cb, 0);
	int rc = -1;
	if (secret_file_read(keyfile, PEM_MAX, &kb, why, sizeof why) < 0) {
		buf_printf(err, "%s: %s", keyfile, why);
		goto out;
	}
	buf_addc(&kb, '\0');
	if (read_public(ca->certfile, &cb, why, sizeof why) < 0) {
		buf_printf(err, "%s: %s", ca->certfile, why);
		goto out;
	}
	BIO *b = BIO_new_mem_buf(kb.data, -1);
	ca->key = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	b = BIO_new_mem_buf(cb.data, -1);
	ca->cert = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	char cn[300] = "";
	if (ca->cert)
		X509_NAME_get_text_by_NID(X509_get_subject_name(ca->cert), NID_commonName, cn,
					  sizeof cn);
	if (!ca->key || !ca->cert || X509_check_private_key(ca->cert, ca->key) != 1 ||
	    strncmp(cn, CN_PREFIX, strlen(CN_PREFIX)) ||
	    strcmp(cn + strlen(CN_PREFIX), ca->name)) {
		ERR_clear_error();
		buf_printf(err, _("%s and its key are not a CA this program made for %s, or do not "
				  "belong together; --rotate-ca makes a new one"),
			   ca->certfile, ca->name);
		goto out;
	}
	time_t soon = time(NULL) + (time_t)PROXY_LEAF_HOURS * 3600;
	if (X509_cmp_time(X509_get0_notAfter(ca->cert), &soon) <= 0) {
		char until[32];
		when(X509_get0_notAfter(ca->cert), until, sizeof until);
		buf_printf(err, _("the proxy's CA for %s expires %s (it is kept short-lived on "
				  "purpose); --rotate-ca makes a new one, which the mail program "
				  "must then trust instead"),
			   ca->name, until);
		goto out;
	}
	ca->pem = xstrdup(cb.data);
	rc = 0;
out:
	buf_wipe_free(&kb);
	buf_free(&cb);
	return rc;
}

struct proxy_ca *proxy_ca_open(const char *base, const char *name, bool rotate, bool *made,
			       struct buf *err)
{
	*made = false;
	char why[256];
	if (safefile_private_dir(base, why, sizeof why) < 0) {
		buf_printf(err, "%s: %s", base, why);
		return NULL;
	}
	struct proxy_ca *ca = xcalloc(1, sizeof *ca);
	ca->name = xstrdup(name);
	ca->ip = is_ip(name);
	struct buf dir, keyfile;
	buf_init(&dir, 0);
	buf_init(&keyfile, 0);
	buf_printf(&dir, "%s/%s", base, name);
	buf_printf(&keyfile, "%s/ca.key", dir.data);
	struct buf cf;
	buf_init(&cf, 0);
	buf_printf(&cf, "%s/ca.pem", dir.data);
	ca->certfile = xstrdup(cf.data);
	buf_free(&cf);
	int rc = -1;
	if (safefile_private_dir(dir.data, why, sizeof why) < 0) {
		buf_printf(err, "%s: %s", dir.data, why);
	} else if (rotate) {
		rc = make(ca, keyfile.data, true, err);
		*made = rc == 0;
	} else if (!exists(keyfile.data) && !exists(ca->certfile)) {
		rc = make(ca, keyfile.data, false, err);
		*made = rc == 0;
	} else if (!exists(keyfile.data) || !exists(ca->certfile)) {
		buf_printf(err, _("%s holds half a CA (ca.pem or ca.key is missing); --rotate-ca "
				  "makes a new one"),
			   dir.data);
	} else {
		rc = load(ca, keyfile.data, err);
	}
	buf_free(&dir);
	buf_free(&keyfile);
	if (rc < 0) {
		proxy_ca_free(ca);
		return NULL;
	}
	fingerprint(ca->cert, ca->fingerprint);
	when(X509_get0_notAfter(ca->cert), ca->expiry, sizeof ca->expiry);
	return ca;
}

void proxy_ca_free(struct proxy_ca *ca)
{
	if (!ca)
		return;
	X509_free(ca->cert);
	EVP_PKEY_free(ca->key);
	free(ca->pem);
	free(ca->certfile);
	free(ca->name);
	free(ca);
}

const char *proxy_ca_pem(const struct proxy_ca *ca)
{
	return ca->pem;
}

const char *proxy_ca_file(const struct proxy_ca *ca)
{
	return ca->certfile;
}

const char *proxy_ca_fingerprint(const struct proxy_ca *ca)
{
	return ca->fingerprint;
}

const char *proxy_ca_expiry(const struct proxy_ca *ca)
{
	return ca->expiry;
}

/* --- Leaves ---------------------------------------------------------------- */

static X509 *make_leaf(struct proxy_ca *ca, EVP_PKEY *key)
{
	X509 *x = X509_new();
	if (!x)
		return NULL;
	struct buf san;
	buf_init(&san, 0);
	buf_printf(&san, "%s:%s", ca->ip ? "IP" : "DNS", ca->name);
	time_t end = time(NULL) + (time_t)PROXY_LEAF_HOURS * 3600;
	bool past = X509_cmp_time(X509_get0_notAfter(ca->cert), &end) < 0;
	X509_NAME *name = X509_get_subject_name(x);
	bool ok = X509_set_version(x, X509_VERSION_3) == 1 && random_serial(x) &&
		  X509_gmtime_adj(X509_getm_notBefore(x), -300) &&
		  (past ? X509_set1_notAfter(x, X509_get0_notAfter(ca->cert)) == 1
			: X509_gmtime_adj(X509_getm_notAfter(x), (long)PROXY_LEAF_HOURS * 3600) !=
				  NULL) &&
		  /* An address as CN would be checked as a DNS name against the
		   * constraints (OpenSSL reads a CN that looks like one so). */
		  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
					     (const unsigned char *)(ca->ip ? "smtpdbg proxy"
									    : ca->name),
					     -1, -1, 0) == 1 &&
		  X509_set_issuer_name(x, X509_get_subject_name(ca->cert)) == 1 &&
		  X509_set_pubkey(x, key) == 1 &&
		  add_ext(x, ca->cert, NID_subject_alt_name, san.data) &&
		  add_ext(x, ca->cert, NID_basic_constraints, "critical,CA:FALSE") &&
		  add_ext(x, ca->cert, NID_key_usage, "critical,digitalSignature") &&
		  add_ext(x, ca->cert, NID_ext_key_usage, "serverAuth") &&
		  add_ext(x, ca->cert, NID_authority_key_identifier, "keyid:always") &&
		  X509_sign(x, ca->key, EVP_sha256()) > 0;
	buf_free(&san);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int issue(struct proxy_ca *ca, struct buf *cert_pem, struct buf *key_pem,
		 struct buf *desc, struct buf *err)
{
	ERR_clear_error();
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = key ? make_leaf(ca, key) : NULL;
	char *kpem = x ? pem_of(write_key, key) : NULL;
	char *cpem = kpem ? pem_of(write_cert, x) : NULL;
	int rc = -1;
	if (!cpem) {
		buf_adds(err, _("cannot issue the proxy's certificate: "));
		ossl_reason(err);
	} else {
		buf_adds(cert_pem, cpem);
		buf_adds(cert_pem, ca->pem);
		buf_adds(key_pem, kpem);
		if (desc) {
			char until[32], fp[8 + 32 * 3];
			when(X509_get0_notAfter(x), until, sizeof until);
			fingerprint(x, fp);
			buf_printf(desc, _("certificate shown to the client: %s, issued by smtpdbg's "
					   "local CA for it (%s), valid until %s"),
				   ca->name, proxy_ca_file(ca), until);
			buf_addc(desc, '\n');
			buf_printf(desc, _("its fingerprint: %s"), fp);
		}
		rc = 0;
	}
	wipe_free(kpem);
	free(cpem);
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}

int proxy_ca_issue(struct proxy_ca *ca, struct buf *cert_pem, struct buf *key_pem,
		   struct buf *err)
{
	return issue(ca, cert_pem, key_pem, NULL, err);
}

struct tls_server *proxy_ca_server(struct proxy_ca *ca, struct buf *desc, struct buf *err)
{
	struct buf cert, key;
	buf_init(&cert, 0);
	buf_init(&key, 0);
	struct tls_server *ts = NULL;
	if (issue(ca, &cert, &key, desc, err) == 0)
		ts = tls_server_new_pem(cert.data, key.data, err);
	buf_free(&cert);
	buf_wipe_free(&key);
	return ts;
}
