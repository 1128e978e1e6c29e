/* The user's choice of the TLS handshake applied to a client session:
 * protocol versions, cipher lists, groups, OCSP stapling asked for, and
 * the NSS key log that lets Wireshark decrypt a capture. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/tls1.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"
#include "tls_impl.h"

int tls_version_number(const char *s)
{
	static const struct {
		const char *name;
		int v;
	} v[] = {{"1.0", TLS1_VERSION}, {"1.1", TLS1_1_VERSION}, {"1.2", TLS1_2_VERSION},
		 {"1.3", TLS1_3_VERSION}};
	for (size_t i = 0; s && i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(s, v[i].name))
			return v[i].v;
	return 0;
}

/* One line per secret, written whole: another session appending to the
 * same file must not split it. A failure is remembered and shown. */
static void keylog_line(const SSL *ssl, const char *line)
{
	struct tls_conn *t = SSL_get_app_data(ssl);
	if (!t || t->keylog_fd < 0)
		return;
	size_t n = strlen(line);
	char *p = xmalloc(n + 1);
	memcpy(p, line, n);
	p[n] = '\n';
	ssize_t w = write(t->keylog_fd, p, n + 1);
	if (w != (ssize_t)(n + 1) && !t->keylog_errno)
		t->keylog_errno = w < 0 ? errno : EIO;
	free(p);
}

/* Appended, never through a link, created 0600; an existing file that
 * others may read is refused: these keys decrypt the session. */
static int keylog_open(struct tls_conn *t, const char *path, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	struct stat st;
	const char *why = NULL;
	if (fd < 0)
		why = strerror(errno);
	else if (fstat(fd, &st) < 0)
		why = strerror(errno);
	else if (S_ISREG(st.st_mode) && (st.st_mode & 077))
		why = _("others may read it (chmod 600 it first)");
	else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
		why = _("not a regular file");
	if (why) {
		buf_adds(err, _("cannot write the key log "));
		tls_add_quoted(err, path);
		buf_printf(err, ": %s", why);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	t->keylog_fd = fd;
	t->keylog = xstrdup(path);
	SSL_CTX_set_keylog_callback(t->ctx, keylog_line);
	return 0;
}

static int fail(struct buf *err, const char *what, const char *value)
{
	buf_adds(err, what);
	buf_addc(err, ' ');
	tls_add_quoted(err, value);
	buf_adds(err, _(": OpenSSL knows none of it"));
	ERR_clear_error();
	return -1;
}

int tls_choice_check(const struct tls_choice *c, struct buf *err)
{
	if (!c->ciphers && !c->ciphersuites && !c->groups)
		return 0;
	/* The lists as the session will apply them, on a context of their own;
	 * the key log is left out: nothing is opened before the connection. */
	struct tls_choice lists = {.ciphers = c->ciphers, .ciphersuites = c->ciphersuites,
				   .groups = c->groups};
	struct tls_conn t = {.keylog_fd = -1};
	t.ctx = SSL_CTX_new(TLS_client_method());
	if (!t.ctx) {
		buf_adds(err, _("cannot set up TLS"));
		ERR_clear_error();
		return -1;
	}
	int rc = tls_apply_choice(&t, &lists, err);
	SSL_CTX_free(t.ctx);
	return rc;
}

int tls_apply_choice(struct tls_conn *t, const struct tls_choice *c, struct buf *err)
{
	/* Ask for a stapled OCSP response always: showing it costs nothing. */
	SSL_CTX_set_tlsext_status_type(t->ctx, TLSEXT_STATUSTYPE_ocsp);
	if (!c)
		return 0;
	t->show_chain = c->show_chain;
	t->keylog_from_env = c->keylog_from_env;
	int lo = tls_version_number(c->tls_min), hi = tls_version_number(c->tls_max);
	if ((lo && lo < TLS1_2_VERSION) || c->any_strength)
		/* TLS 1.0 and 1.1 need SHA-1 signatures, which level 1 forbids. */
		SSL_CTX_set_security_level(t->ctx, 0);
	if ((lo && SSL_CTX_set_min_proto_version(t->ctx, lo) != 1) ||
	    (hi && SSL_CTX_set_max_proto_version(t->ctx, hi) != 1)) {
		buf_adds(err, _("this OpenSSL cannot offer that TLS version"));
		ERR_clear_error();
		return -1;
	}
	if (c->ciphers && SSL_CTX_set_cipher_list(t->ctx, c->ciphers) != 1)
		return fail(err, "--ciphers", c->ciphers);
	if (c->ciphersuites && SSL_CTX_set_ciphersuites(t->ctx, c->ciphersuites) != 1)
		return fail(err, "--ciphersuites", c->ciphersuites);
	if (c->groups && SSL_CTX_set1_groups_list(t->ctx, c->groups) != 1)
		return fail(err, "--groups", c->groups);
	if (c->keylog && keylog_open(t, c->keylog, err) < 0)
		return -1;
	return 0;
}
