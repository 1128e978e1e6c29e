/* TLS against an in-process OpenSSL server (a thread, blocking I/O) on
 * 127.0.0.1, with a throwaway PKI made at test time. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "smtpdbg/dane.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/net.h"
#include "smtpdbg/tls.h"

/* Generous: everything here happens on loopback in milliseconds. */
#define SLOW_MS 10000

/* --- The PKI: a CA and leaves signed by it --------------------------------- */

static char dir[512];
static const char *const names[] = {"ca",     "leaf", "wrong", "expired",
				    "client", "evil", "cnonly"};

static void file(char *out, size_t size, const char *name, const char *ext)
{
	snprintf(out, size, "%s/%s.%s", dir, name, ext);
}

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	cr_assert_not_null(k);
	return k;
}

static X509 *new_cert(EVP_PKEY *key, const char *cn, X509 *issuer, long serial, long from_s,
		      long until_s)
{
	X509 *x = X509_new();
	cr_assert_not_null(x);
	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), from_s);
	X509_gmtime_adj(X509_getm_notAfter(x), until_s);
	X509_set_pubkey(x, key);
	X509_NAME *n = X509_get_subject_name(x);
	cr_assert(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn,
					     -1, -1, 0));
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	return x;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	cr_assert_not_null(e, "extension %s", value);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

static void save(const char *name, X509 *x, EVP_PKEY *k)
{
	char p[600];
	file(p, sizeof p, name, "pem");
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f);
	cr_assert(PEM_write_X509(f, x));
	fclose(f);
	file(p, sizeof p, name, "key");
	f = fopen(p, "w");
	cr_assert_not_null(f);
	cr_assert(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL));
	fclose(f);
}

struct leaf_spec {
	const char *name, *cn, *san, *eku;
	long from_s, until_s;
};

static X509 *make_leaf(const struct leaf_spec *s, X509 *ca, long serial, EVP_PKEY **key)
{
	*key = new_key();
	X509 *x = new_cert(*key, s->cn, ca, serial, s->from_s, s->until_s);
	add_ext(x, ca, NID_basic_constraints, "critical,CA:FALSE");
	add_ext(x, ca, NID_key_usage, "critical,digitalSignature");
	add_ext(x, ca, NID_ext_key_usage, s->eku);
	add_ext(x, ca, NID_authority_key_identifier, "keyid");
	if (s->san)
		add_ext(x, ca, NID_subject_alt_name, s->san);
	return x;
}

/* A certificate whose names try to drive the terminal: ESC sequences and
 * a right-to-left override. */
static void add_hostile_san(X509 *x)
{
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	GENERAL_NAME *g = GENERAL_NAME_new();
	ASN1_IA5STRING *s = ASN1_IA5STRING_new();
	cr_assert(ASN1_STRING_set(s, "evil\x1b[2J.example", -1));
	GENERAL_NAME_set0_value(g, GEN_DNS, s);
	sk_GENERAL_NAME_push(gens, g);
	cr_assert(X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT));
	GENERAL_NAMES_free(gens);
}

static void make_pki(void)
{
	const long day = 86400;
	EVP_PKEY *ca_key = new_key();
	X509 *ca = new_cert(ca_key, "smtpdbg test CA", NULL, 1, -day, 30 * day);
	add_ext(ca, ca, NID_basic_constraints, "critical,CA:TRUE");
	add_ext(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
	add_ext(ca, ca, NID_subject_key_identifier, "hash");
	cr_assert(X509_sign(ca, ca_key, EVP_sha256()));
	save("ca", ca, ca_key);

	static const struct leaf_spec leaves[] = {
		{"leaf", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth", -day, day},
		{"wrong", "wrong.example", "DNS:wrong.example", "serverAuth", -day, day},
		{"expired", "localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth", -10 * day,
		 -day},
		{"client", "smtpdbg client", NULL, "clientAuth", -day, day},
		{"evil", "evil\x1b]0;pwned\x07\xe2\x80\xae" "moc.example", NULL, "serverAuth", -day,
		 day},
		/* The name only in the subject's CN, no subjectAltName at all. */
		{"cnonly", "localhost", NULL, "serverAuth", -day, day},
	};
	for (size_t i = 0; i < sizeof leaves / sizeof *leaves; i++) {
		EVP_PKEY *k;
		X509 *x = make_leaf(&leaves[i], ca, (long)i + 2, &k);
		if (strcmp(leaves[i].name, "evil") == 0)
			add_hostile_san(x);
		cr_assert(X509_sign(x, ca_key, EVP_sha256()));
		save(leaves[i].name, x, k);
		X509_free(x);
		EVP_PKEY_free(k);
	}
	X509_free(ca);
	EVP_PKEY_free(ca_key);
}

static void setup(void)
{
	/* Callers must ignore SIGPIPE (see tls.h); the server thread's
	 * OpenSSL writes with write(). */
	signal(SIGPIPE, SIG_IGN);
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/smtpdbg-tls-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	make_pki();
}

static void session_abort(void);
static char *description; /* see describe() */

static void teardown(void)
{
	/* Runs whatever the outcome: a failed assertion longjmps out of the
	 * test with the session and the server thread still live. */
	session_abort();
	free(description);
	description = NULL;
	char p[600];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		file(p, sizeof p, names[i], "pem");
		unlink(p);
		file(p, sizeof p, names[i], "key");
		unlink(p);
	}
	rmdir(dir);
}

TestSuite(tls, .init = setup, .fini = teardown, .timeout = 60);

/* --- The server thread ------------------------------------------------------ */

enum mode {
	HANDSHAKE,    /* handshake, then read until the client closes */
	ECHO,         /* send back what arrives */
	BURST,        /* three records at once */
	ONE_RECORD,   /* one 64-byte record */
	CLOSE_NOTIFY, /* close_notify, then close */
	CLOSE_RAW,    /* close without close_notify */
	HANGUP,       /* close during the handshake */
	PLAINTEXT,    /* an SMTP greeting in the clear */
};

static const char burst_text[] = "250-first\r\n250-second line\r\n250 third\r\n";

struct server {
	int lfd;
	char port[8];
	pthread_t th;
	bool running; /* th is to be joined */
	enum mode mode;
	/* gated: the server waits for a byte on gate[0] before it answers the
	 * ClientHello, so a test can see the client wait for it. */
	bool gated;
	int gate[2];
	/* One byte on ready[0] once the server's side of the handshake is over
	 * (and its results below are set), whatever its outcome. */
	int ready[2];
	char cert[600], key[600], ca[600];
	bool want_client_cert;
	int max_version;
	/* Results, read after server_stop. */
	bool handshake_ok, clean_close;
	char sni[256], client_cn[256];
	/* The server's view of the channel bindings (RFC 9266, RFC 5929). */
	uint8_t exporter[32], end_point[EVP_MAX_MD_SIZE];
	unsigned end_point_len;
};

static void drain_ssl(SSL *ssl, struct server *s)
{
	char b[256];
	while (SSL_read(ssl, b, sizeof b) > 0)
		;
	s->clean_close = SSL_get_error(ssl, 0) == SSL_ERROR_ZERO_RETURN;
}

static void act(struct server *s, SSL *ssl)
{
	char b[256];
	int n;
	switch (s->mode) {
	case HANDSHAKE:
	case HANGUP:
	case PLAINTEXT:
		drain_ssl(ssl, s);
		break;
	case ECHO:
		while ((n = SSL_read(ssl, b, sizeof b)) > 0)
			SSL_write(ssl, b, n);
		s->clean_close = SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN;
		break;
	case BURST: {
		/* One SSL_write per line: one record each. */
		const char *p = burst_text;
		for (int i = 0; i < 3; i++) {
			const char *end = strstr(p, "\r\n") + 2;
			SSL_write(ssl, p, (int)(end - p));
			p = end;
		}
		drain_ssl(ssl, s);
		break;
	}
	case ONE_RECORD:
		memset(b, 'r', 64);
		SSL_write(ssl, b, 64);
		drain_ssl(ssl, s);
		break;
	case CLOSE_NOTIFY:
		SSL_shutdown(ssl);
		break;
	case CLOSE_RAW:
		break;
	}
}

static void handshake_over(struct server *s)
{
	if (write(s->ready[1], "r", 1) != 1)
		fprintf(stderr, "server: cannot signal the end of the handshake\n");
}

static void *serve(void *arg)
{
	struct server *s = arg;
	struct pollfd p = {.fd = s->lfd, .events = POLLIN};
	int fd = poll(&p, 1, SLOW_MS) == 1 ? accept(s->lfd, NULL, NULL) : -1;
	if (fd < 0) {
		handshake_over(s);
		OPENSSL_thread_stop();
		return NULL;
	}
	struct timeval tv = {.tv_sec = SLOW_MS / 1000};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (s->gated) {
		char c;
		if (read(s->gate[0], &c, 1) != 1) { /* closed: the test is over */
			handshake_over(s);
			goto out;
		}
	}
	if (s->mode == PLAINTEXT || s->mode == HANGUP) {
		if (s->mode == PLAINTEXT) {
			static const char greeting[] = "220 plain.example ESMTP\r\n";
			if (write(fd, greeting, sizeof greeting - 1) < 0) {
				handshake_over(s);
				goto out;
			}
		} else {
			shutdown(fd, SHUT_WR); /* FIN while the client waits for ServerHello */
		}
		handshake_over(s);
		char b[256];
		while (read(fd, b, sizeof b) > 0)
			;
		goto out;
	}
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (SSL_CTX_use_certificate_chain_file(ctx, s->cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, s->key, SSL_FILETYPE_PEM) != 1)
		fprintf(stderr, "server: cannot load %s\n", s->cert);
	if (s->max_version)
		SSL_CTX_set_max_proto_version(ctx, s->max_version);
	if (s->want_client_cert) {
		SSL_CTX_load_verify_file(ctx, s->ca);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	SSL *ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) == 1) {
		s->handshake_ok = true;
		const char *sn = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
		snprintf(s->sni, sizeof s->sni, "%s", sn ? sn : "");
		X509 *peer = SSL_get0_peer_certificate(ssl);
		if (peer)
			X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName,
						  s->client_cn, sizeof s->client_cn);
		static const char label[] = "EXPORTER-Channel-Binding";
		SSL_export_keying_material(ssl, s->exporter, sizeof s->exporter, label,
					   sizeof label - 1, NULL, 0, 0);
		/* The test certificates are signed with SHA-256. */
		X509_digest(SSL_get_certificate(ssl), EVP_sha256(), s->end_point,
			    &s->end_point_len);
		handshake_over(s);
		act(s, ssl);
	} else {
		handshake_over(s);
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
out:
	close(fd);
	ERR_clear_error();
	OPENSSL_thread_stop();
	return NULL;
}

static void server_start(struct server *s, const char *cert, enum mode mode)
{
	memset(s, 0, sizeof *s);
	s->lfd = s->gate[0] = s->gate[1] = s->ready[0] = s->ready[1] = -1;
	s->mode = mode;
	file(s->cert, sizeof s->cert, cert, "pem");
	file(s->key, sizeof s->key, cert, "key");
	file(s->ca, sizeof s->ca, "ca", "pem");
	cr_assert_eq(pipe(s->gate), 0);
	cr_assert_eq(pipe(s->ready), 0);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	cr_assert_eq(bind(s->lfd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(s->lfd, 4), 0);
	socklen_t len = sizeof a;
	cr_assert_eq(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	snprintf(s->port, sizeof s->port, "%u", ntohs(a.sin_port));
}

static void server_run(struct server *s)
{
	cr_assert_eq(pthread_create(&s->th, NULL, serve, s), 0);
	s->running = true;
}

/* Let a gated server answer the ClientHello. */
static void server_open_gate(struct server *s)
{
	cr_assert_eq(write(s->gate[1], "g", 1), 1);
}

/* Wait until the server's side of the handshake is over, so that the client
 * hanging up cannot cut the server's last handshake messages short (TLS 1.3
 * session tickets): what the server recorded is then its whole view. */
static void server_wait_handshake(struct server *s)
{
	struct pollfd p = {.fd = s->ready[0], .events = POLLIN};
	cr_assert_eq(poll(&p, 1, SLOW_MS), 1, "the server's handshake did not end within %d ms",
		     SLOW_MS);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Join the thread and close everything. abort: the test may have stopped
 * anywhere, so first wake a server still waiting for the connection
 * (shutdown() of a listening socket ends its poll() and accept()) or at the
 * gate (closed: it gives up). */
static void server_stop(struct server *s, bool abort)
{
	if (abort && s->lfd >= 0)
		shutdown(s->lfd, SHUT_RDWR);
	close_fd(&s->gate[1]);
	if (s->running) {
		pthread_join(s->th, NULL);
		s->running = false;
	}
	close_fd(&s->lfd);
	close_fd(&s->gate[0]);
	close_fd(&s->ready[0]);
	close_fd(&s->ready[1]);
}

/* --- The client side ---------------------------------------------------------- */

struct conn_result {
	int fd;
	char why[512];
	bool done;
};

static void on_connect(int fd, const char *peer, const char *why, void *arg)
{
	(void)peer;
	struct conn_result *r = arg;
	r->fd = fd;
	snprintf(r->why, sizeof r->why, "%s", why ? why : "");
	r->done = true;
}

static int connect_to(const char *port)
{
	struct loop *l = loop_new();
	struct conn_result r = {.fd = -1};
	if (net_connect_start(l, "127.0.0.1", port, AF_INET, SLOW_MS, on_connect, &r)) {
		int64_t end = loop_now_ms() + SLOW_MS;
		while (!r.done && loop_now_ms() < end)
			loop_once(l, 100);
	}
	loop_free(l);
	cr_assert_geq(r.fd, 0, "connect: %s", r.why);
	return r.fd;
}

struct hs {
	struct tls_conn *t;
	enum tls_io r;
	bool done, timed_out;
};

/* Drive the handshake from readiness events, asking for what OpenSSL wants. */
static void hs_step(struct loop *l, int fd, short revents, void *arg)
{
	(void)revents;
	struct hs *h = arg;
	h->r = tls_handshake(h->t);
	if (h->r == TLS_IO_WANT_READ || h->r == TLS_IO_WANT_WRITE) {
		loop_set_events(l, fd, h->r == TLS_IO_WANT_READ ? POLLIN : POLLOUT);
		return;
	}
	h->done = true;
	loop_unwatch(l, fd);
	loop_stop(l);
}

static void hs_timeout(struct loop *l, void *arg)
{
	((struct hs *)arg)->timed_out = true;
	loop_stop(l);
}

static enum tls_io handshake(struct tls_conn *t, int fd)
{
	struct loop *l = loop_new();
	struct hs h = {.t = t};
	loop_watch(l, fd, POLLOUT, hs_step, &h);
	loop_timer(l, SLOW_MS, hs_timeout, &h);
	int r = loop_run(l);
	loop_free(l);
	cr_assert_eq(r, 0);
	cr_assert(!h.timed_out, "the handshake did not finish within %d ms", SLOW_MS);
	return h.r;
}

static void wait_io(int fd, enum tls_io want)
{
	struct pollfd p = {.fd = fd, .events = want == TLS_IO_WANT_READ ? POLLIN : POLLOUT};
	cr_assert_eq(poll(&p, 1, SLOW_MS), 1, "no readiness within %d ms", SLOW_MS);
}

/* Read until n bytes or a result other than OK/WANT_*; returns that result
 * (TLS_IO_OK when n bytes arrived). */
static enum tls_io read_n(struct tls_conn *t, int fd, char *p, size_t n, size_t *total)
{
	*total = 0;
	while (*total < n) {
		size_t got;
		enum tls_io r = tls_read(t, p + *total, n - *total, &got);
		if (r == TLS_IO_OK)
			*total += got;
		else if (r == TLS_IO_WANT_READ || r == TLS_IO_WANT_WRITE)
			wait_io(fd, r);
		else
			return r;
	}
	return TLS_IO_OK;
}

static void write_all(struct tls_conn *t, int fd, const char *p, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t put;
		enum tls_io r = tls_write(t, p + done, n - done, &put);
		if (r == TLS_IO_OK)
			done += put;
		else if (r == TLS_IO_WANT_READ || r == TLS_IO_WANT_WRITE)
			wait_io(fd, r);
		else
			cr_assert_fail("write: %s", tls_error(t));
	}
}

/* A server and a client session, up to (not including) the handshake. One
 * at a time, in static storage: the fixture's teardown ends it whatever the
 * outcome of the test (a failed assertion leaves the test's own stack). */
struct session {
	struct server srv;
	int fd;
	struct tls_conn *t;
	bool live;
};

static struct session the_session = {.fd = -1};

struct server_opts {
	int max_version; /* the newest TLS version the server speaks (0: any) */
	bool want_client_cert;
	bool gated;      /* see struct server */
};

static struct session *session_start_with(const char *cert, enum mode mode,
					  const struct tls_opts *o, const struct server_opts *so)
{
	struct session *s = &the_session;
	cr_assert_not(s->live, "the previous session was not ended");
	s->fd = -1;
	s->t = NULL;
	server_start(&s->srv, cert, mode);
	s->live = true;
	s->srv.max_version = so->max_version;
	s->srv.want_client_cert = so->want_client_cert;
	s->srv.gated = so->gated;
	server_run(&s->srv);
	s->fd = connect_to(s->srv.port);
	struct buf err;
	buf_init(&err, 0);
	s->t = tls_new(s->fd, o, &err);
	char why[512];
	snprintf(why, sizeof why, "%s", err.data ? err.data : "");
	buf_free(&err);
	cr_assert_not_null(s->t, "tls_new: %s", why);
	return s;
}

static struct session *session_start_max(const char *cert, enum mode mode,
					 const struct tls_opts *o, int max_version)
{
	return session_start_with(cert, mode, o, &(struct server_opts){.max_version = max_version});
}

static struct session *session_start(const char *cert, enum mode mode, const struct tls_opts *o)
{
	return session_start_max(cert, mode, o, 0);
}

/* The end of a test's session: the server's results stay readable in
 * s->srv until the next session_start. */
static void session_end(struct session *s)
{
	server_wait_handshake(&s->srv);
	tls_free(s->t);
	s->t = NULL;
	close_fd(&s->fd);
	server_stop(&s->srv, false);
	s->live = false;
}

static void session_abort(void)
{
	struct session *s = &the_session;
	if (!s->live)
		return;
	tls_free(s->t);
	s->t = NULL;
	close_fd(&s->fd);
	server_stop(&s->srv, true);
	s->live = false;
}

static char *ca_path(void)
{
	static char p[600];
	file(p, sizeof p, "ca", "pem");
	return p;
}

/* The description of t, valid until the next call or the end of the test
 * (freed by the fixture, so a failed assertion on it leaks nothing). */
static const char *describe(const struct tls_conn *t)
{
	free(description);
	struct buf b;
	buf_init(&b, 0);
	tls_describe(t, &b);
	description = buf_steal(&b);
	return description;
}

#define assert_contains(hay, needle) \
	cr_assert(strstr((hay), (needle)), "\"%s\" not in:\n%s", (needle), (hay))

/* --- Verification ---------------------------------------------------------- */

Test(tls, verified_handshake_by_name_sends_sni)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	/* The server answers the ClientHello only when the gate opens: a
	 * non-blocking handshake must first say it waits for the server. */
	s = session_start_with("leaf", HANDSHAKE, &o, &(struct server_opts){.gated = true});
	cr_assert_eq(tls_handshake(s->t), TLS_IO_WANT_READ, "%s", tls_error(s->t));
	cr_assert_str_eq(tls_error(s->t), "");
	server_open_gate(&s->srv);
	enum tls_io r = handshake(s->t, s->fd);
	cr_assert_eq(r, TLS_IO_OK, "handshake: %s", tls_error(s->t));
	cr_assert(tls_verified(s->t));
	cr_assert_str_eq(tls_error(s->t), "");
	cr_assert(tls_handshake(s->t) == TLS_IO_OK, "repeating a finished handshake is harmless");
	session_end(s);
	cr_assert(s->srv.handshake_ok);
	cr_assert_str_eq(s->srv.sni, "localhost");
}

Test(tls, verified_handshake_by_ip_sends_no_sni)
{
	struct session *s;
	struct tls_opts o = {.host = "127.0.0.1", .cafile = ca_path()};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert(tls_verified(s->t));
	session_end(s);
	cr_assert_str_eq(s->srv.sni, "", "RFC 6066 forbids an IP address as SNI");
}

Test(tls, sni_override)
{
	struct session *s;
	struct tls_opts o = {.host = "127.0.0.1", .sni = "mx.example", .cafile = ca_path()};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert(tls_verified(s->t), "the name check still uses host");
	session_end(s);
	cr_assert_str_eq(s->srv.sni, "mx.example");

	struct tls_opts none = {.host = "localhost", .sni = "", .cafile = ca_path()};
	s = session_start("leaf", HANDSHAKE, &none);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	session_end(s);
	cr_assert_str_eq(s->srv.sni, "", "sni \"\" sends none");
}

Test(tls, cn_only_certificate_fails)
{
	/* OpenSSL's fallback to the subject CN when there is no DNS SAN is
	 * off (RFC 6125 §6.4.4): a name must be in the subjectAltName. */
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("cnonly", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	assert_contains(tls_error(s->t), "hostname mismatch");
	cr_assert_not(tls_verified(s->t));
	session_end(s);
}

Test(tls, unknown_issuer_fails_without_cafile)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost"};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	const char *e = tls_error(s->t);
	assert_contains(e, "certificate verify failed: ");
	cr_assert(strstr(e, "unable to get local issuer") || strstr(e, "self-signed"), "%s", e);
	cr_assert_not(tls_verified(s->t));
	session_end(s);
	cr_assert_not(s->srv.handshake_ok, "the server must see the handshake fail");
}

Test(tls, self_signed_certificate_fails)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost"};
	s = session_start("ca", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	cr_assert_str_eq(tls_error(s->t), "certificate verify failed: self-signed certificate");
	session_end(s);
}

Test(tls, name_mismatch_fails_and_names_the_host)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("wrong", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	const char *e = tls_error(s->t);
	assert_contains(e, "hostname mismatch");
	assert_contains(e, "\"localhost\"");
	/* The rejected certificate can still be shown to the user. */
	const char *d = describe(s->t);
	assert_contains(d, "subject: CN=wrong.example\n");
	assert_contains(d, "alt names: DNS:wrong.example\n");
	assert_contains(d, "verification: FAILED: hostname mismatch");
	session_end(s);
}

Test(tls, ip_mismatch_fails)
{
	struct session *s;
	/* Connected to 127.0.0.1, but checking for 127.0.0.2 (not in the SAN). */
	struct tls_opts o = {.host = "127.0.0.2", .cafile = ca_path()};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	const char *e = tls_error(s->t);
	assert_contains(e, "IP address mismatch");
	assert_contains(e, "\"127.0.0.2\"");
	session_end(s);
}

Test(tls, expired_certificate_fails)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("expired", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	assert_contains(tls_error(s->t), "certificate has expired");
	const char *d = describe(s->t);
	assert_contains(d, "(expired)\n");
	session_end(s);
}

Test(tls, insecure_continues_but_reports_the_failure)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .insecure = true};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert_not(tls_verified(s->t));
	const char *d = describe(s->t);
	assert_contains(d, "verification: FAILED: unable to get local issuer certificate");
	assert_contains(d, "(ignored: verification is off)");
	session_end(s);
	cr_assert(s->srv.handshake_ok);
}

Test(tls, insecure_still_checks_name_for_the_report)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path(), .insecure = true};
	s = session_start("wrong", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert_not(tls_verified(s->t));
	const char *d = describe(s->t);
	assert_contains(d, "FAILED: hostname mismatch");
	session_end(s);

	/* A good certificate verifies even when verification is not enforced. */
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert(tls_verified(s->t));
	session_end(s);
}

/* --- Description -------------------------------------------------------------- */

Test(tls, describe_shows_protocol_cipher_and_certificate)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	const char *v = tls_version(s->t);
	cr_assert(strcmp(v, "TLSv1.3") == 0 || strcmp(v, "TLSv1.2") == 0, "version %s", v);
	cr_assert_gt(strlen(tls_cipher(s->t)), 0);
	const char *d = describe(s->t);
	char want[128];
	snprintf(want, sizeof want, "protocol: %s\n", v);
	assert_contains(d, want);
	snprintf(want, sizeof want, "cipher: %s\n", tls_cipher(s->t));
	assert_contains(d, want);
	assert_contains(d, "verification: passed (chain and name \"localhost\")\n");
	assert_contains(d, "subject: CN=localhost\n");
	assert_contains(d, "alt names: DNS:localhost, IP:127.0.0.1\n");
	assert_contains(d, "issuer: CN=smtpdbg test CA\n");
	assert_contains(d, "valid: ");
	assert_contains(d, " UTC to ");
	cr_assert_null(strstr(d, "expired"));
	session_end(s);
}

Test(tls, tls12_is_accepted)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start_max("leaf", HANDSHAKE, &o, TLS1_2_VERSION);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert_str_eq(tls_version(s->t), "TLSv1.2");
	cr_assert(tls_verified(s->t));
	const char *d = describe(s->t);
	assert_contains(d, "protocol: TLSv1.2\n");
	session_end(s);
}

/* The -PLUS SASL mechanisms bind to these; both ends must agree. */
static void check_binding(int max_version, const char *want_type)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	const char *type = NULL;
	uint8_t cb[64];
	size_t len = sizeof cb;

	s = session_start_max("leaf", HANDSHAKE, &o, max_version);
	cr_assert_eq(tls_channel_binding(s->t, &type, cb, &len), -1, "none before the handshake");
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	len = sizeof cb;
	cr_assert_eq(tls_channel_binding(s->t, &type, cb, &len), 0);
	session_end(s);
	cr_assert_str_eq(type, want_type);
	if (max_version) {
		cr_assert_eq(len, s->srv.end_point_len);
		cr_assert_arr_eq(cb, s->srv.end_point, len, "the hash of the server's certificate");
	} else {
		cr_assert_eq(len, 32);
		cr_assert_arr_eq(cb, s->srv.exporter, 32, "the server's exporter output");
	}
}

Test(tls, channel_binding_tls13_is_the_exporter)
{
	check_binding(0, "tls-exporter");
}

Test(tls, channel_binding_tls12_is_the_certificate_hash)
{
	check_binding(TLS1_2_VERSION, "tls-server-end-point");
}

Test(tls, describe_makes_hostile_names_inert)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .insecure = true};
	s = session_start("evil", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	const char *d = describe(s->t);
	for (const char *p = d; *p; p++)
		cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "control byte 0x%02x in:\n%s",
			  (unsigned char)*p, d);
	assert_contains(d, "<U+202E>");
	assert_contains(d, "DNS:evil\\x1b[2J.example");
	session_end(s);
}

/* --- Data ----------------------------------------------------------------------- */

Test(tls, bytes_round_trip)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", ECHO, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	write_all(s->t, s->fd, "EHLO x\r\n", 8);
	char b[16] = {0};
	size_t n;
	cr_assert_eq(read_n(s->t, s->fd, b, 8, &n), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert_str_eq(b, "EHLO x\r\n");
	/* close_notify from our side: the server sees a clean close. */
	cr_assert_eq(tls_shutdown(s->t), TLS_IO_OK);
	session_end(s);
	cr_assert(s->srv.clean_close, "the server did not get close_notify");
}

Test(tls, pending_bytes_are_invisible_to_poll)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", ONE_RECORD, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	char b[64];
	size_t n;
	cr_assert_eq(read_n(s->t, s->fd, b, 8, &n), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert(tls_pending(s->t), "56 decrypted bytes should be waiting");
	struct pollfd p = {.fd = s->fd, .events = POLLIN};
	cr_assert_eq(poll(&p, 1, 0), 0, "the socket should be empty: the record was read whole");
	/* So they are read without waiting for readiness. */
	size_t total = 8;
	while (tls_pending(s->t)) {
		size_t got;
		cr_assert_eq(tls_read(s->t, b + total, sizeof b - total, &got), TLS_IO_OK);
		total += got;
	}
	cr_assert_eq(total, 64);
	for (size_t i = 0; i < 64; i++)
		cr_assert_eq(b[i], 'r');
	session_end(s);
}

struct burst {
	struct tls_conn *t;
	char got[128];
	size_t n;
	bool saw_pending, timed_out;
};

/* Small reads on purpose: each record is left partly in OpenSSL. */
static void read_chunk(struct burst *b)
{
	size_t want = sizeof burst_text - 1 - b->n, got;
	enum tls_io r = tls_read(b->t, b->got + b->n, want < 4 ? want : 4, &got);
	if (r == TLS_IO_OK)
		b->n += got;
	else
		cr_assert_eq(r, TLS_IO_WANT_READ, "read: %s", tls_error(b->t));
}

static bool burst_done(const struct burst *b)
{
	return b->n == sizeof burst_text - 1;
}

static void burst_readable(struct loop *l, int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	read_chunk(arg);
	if (burst_done(arg))
		loop_stop(l);
}

/* Decrypted bytes do not wake poll(): take them before sleeping. */
static int burst_before(struct loop *l, void *arg)
{
	struct burst *b = arg;
	if (!burst_done(b) && tls_pending(b->t)) {
		b->saw_pending = true;
		read_chunk(b);
	}
	if (burst_done(b)) {
		loop_stop(l);
		return 0;
	}
	return tls_pending(b->t) ? 0 : -1;
}

static void burst_timeout(struct loop *l, void *arg)
{
	((struct burst *)arg)->timed_out = true;
	loop_stop(l);
}

Test(tls, multi_record_burst_through_the_loop)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", BURST, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	struct burst b = {.t = s->t};
	struct loop *l = loop_new();
	loop_watch(l, s->fd, POLLIN, burst_readable, &b);
	loop_before_sleep(l, burst_before, &b);
	loop_timer(l, SLOW_MS, burst_timeout, &b);
	cr_assert_eq(loop_run(l), 0);
	loop_free(l);
	cr_assert_not(b.timed_out, "stalled after %zu bytes: pending data was not read?", b.n);
	b.got[b.n] = '\0';
	cr_assert_str_eq(b.got, burst_text);
	cr_assert(b.saw_pending, "the test never had pending data to read");
	session_end(s);
}

/* --- Closing ------------------------------------------------------------------- */

Test(tls, close_notify_gives_closed)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", CLOSE_NOTIFY, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	char b[16];
	size_t n;
	cr_assert_eq(read_n(s->t, s->fd, b, sizeof b, &n), TLS_IO_CLOSED, "%s", tls_error(s->t));
	cr_assert_eq(n, 0);
	assert_contains(tls_error(s->t), "closed the TLS session");
	session_end(s);
}

Test(tls, close_without_close_notify_gives_closed)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", CLOSE_RAW, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	char b[16];
	size_t n;
	cr_assert_eq(read_n(s->t, s->fd, b, sizeof b, &n), TLS_IO_CLOSED, "%s", tls_error(s->t));
	assert_contains(tls_error(s->t), "without a TLS close_notify");
	cr_assert_eq(tls_shutdown(s->t), TLS_IO_OK, "nothing to send after a broken close");
	session_end(s);
}

Test(tls, close_during_handshake_is_an_error)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", HANGUP, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	assert_contains(tls_error(s->t), "during the TLS handshake");
	session_end(s);
}

Test(tls, plaintext_server_is_explained)
{
	struct session *s;
	struct tls_opts o = {.host = "localhost", .cafile = ca_path()};
	s = session_start("leaf", PLAINTEXT, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	const char *e = tls_error(s->t);
	assert_contains(e, "wrong version number");
	assert_contains(e, "plaintext or STARTTLS port");
	const char *d = describe(s->t);
	assert_contains(d, "verification: no certificate received");
	session_end(s);
}

/* --- Client certificates and set-up errors ---------------------------------------- */

Test(tls, client_certificate_is_presented)
{
	struct session *s;
	char cert[600], key[600];
	file(cert, sizeof cert, "client", "pem");
	file(key, sizeof key, "client", "key");
	struct tls_opts o = {.host = "localhost", .cafile = ca_path(), .cert = cert, .key = key};
	s = session_start_with("leaf", HANDSHAKE, &o, &(struct server_opts){.want_client_cert = true});
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	session_end(s);
	cr_assert(s->srv.handshake_ok);
	cr_assert_str_eq(s->srv.client_cn, "smtpdbg client");
}

static void new_fails(const struct tls_opts *o, const char *want)
{
	struct buf err;
	buf_init(&err, 0);
	cr_assert_null(tls_new(-1, o, &err));
	cr_assert(err.data && strstr(err.data, want), "\"%s\" not in: %s", want,
		  err.data ? err.data : "(none)");
	buf_free(&err);
}

Test(tls, setup_errors_are_reported)
{
	char missing[600], cert[600], key[600];
	file(missing, sizeof missing, "missing", "pem");
	file(cert, sizeof cert, "client", "pem");
	file(key, sizeof key, "wrong", "key");

	struct tls_opts bad_ca = {.host = "localhost", .cafile = missing};
	new_fails(&bad_ca, "cannot load the CA file \"");
	new_fails(&bad_ca, "missing.pem\": No such file or directory");

	struct tls_opts no_host = {.cafile = ca_path()};
	new_fails(&no_host, "no host name");

	struct tls_opts key_only = {.host = "localhost", .key = key};
	new_fails(&key_only, "needs a client certificate");

	struct tls_opts bad_cert = {.host = "localhost", .cert = missing};
	new_fails(&bad_cert, "cannot load the client certificate");

	struct tls_opts mismatched = {.host = "localhost", .cert = cert, .key = key};
	new_fails(&mismatched, "cannot use the client key");
}

Test(tls, insecure_without_host_is_allowed_but_unverified)
{
	struct session *s;
	struct tls_opts o = {.cafile = ca_path(), .insecure = true};
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert_not(tls_verified(s->t), "no name was checked");
	const char *d = describe(s->t);
	assert_contains(d, "no host name was checked");
	session_end(s);
	cr_assert_str_eq(s->srv.sni, "");
}

/* --- DANE (RFC 7672) through OpenSSL's own support --------------------------- */

/* A TLSA record's rdata for the named certificate: usage, then selector 1
 * (its SubjectPublicKeyInfo) and matching type 1 (SHA-256). */
static void spki_record(const char *name, unsigned usage, uint8_t rdata[35])
{
	char p[600];
	file(p, sizeof p, name, "pem");
	FILE *f = fopen(p, "r");
	cr_assert_not_null(f);
	X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	cr_assert_not_null(x);
	unsigned char *der = NULL;
	int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	cr_assert_gt(n, 0);
	rdata[0] = (uint8_t)usage;
	rdata[1] = 1;
	rdata[2] = 1;
	cr_assert(EVP_Digest(der, (size_t)n, rdata + 3, NULL, EVP_sha256(), NULL));
	OPENSSL_free(der);
	X509_free(x);
}

static void dane_set_of(struct dane_set *s, bool validated, const char *name, unsigned usage)
{
	memset(s, 0, sizeof *s);
	s->status = DANE_L_FOUND;
	s->validated = validated;
	snprintf(s->qname, sizeof s->qname, "_25._tcp.mx.example");
	snprintf(s->host, sizeof s->host, "mx.example");
	uint8_t r[35];
	spki_record(name, usage, r);
	dane_set_add(s, r, sizeof r);
}

Test(tls, dane_ee_validated_ignores_name_expiry_and_ca)
{
	/* RFC 7672 §3.1.1: the expired certificate, a name it does not carry,
	 * no CA that signed it: the validated DANE-EE record is the check. */
	struct dane_set ds;
	dane_set_of(&ds, true, "expired", 3);
	struct tls_opts o = {.host = "mx.example", .dane = &ds};
	struct session *s = session_start("expired", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	cr_assert(tls_verified(s->t));
	struct dane_outcome out;
	tls_dane_outcome(s->t, &out);
	cr_assert_eq(out.result, DANE_R_AUTHENTICATED);
	cr_assert_eq(out.matched, 0);
	cr_assert_eq(out.depth, 0);
	const char *d = describe(s->t);
	assert_contains(d, "verification: passed by DANE");
	assert_contains(d, "DANE: DANE OK");
	assert_contains(d, "with the server's own certificate (depth 0)");
	session_end(s);
	dane_set_free(&ds);
}

Test(tls, dane_validated_mismatch_fails_the_handshake)
{
	struct dane_set ds;
	dane_set_of(&ds, true, "wrong", 3); /* another certificate's key */
	struct tls_opts o = {.host = "localhost", .cafile = ca_path(), .dane = &ds};
	struct session *s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	assert_contains(tls_error(s->t), "DANE FAILED");
	session_end(s);
	dane_set_free(&ds);
}

Test(tls, dane_ta_validated_anchors_the_chain_and_checks_the_name)
{
	struct dane_set ds;
	dane_set_of(&ds, true, "ca", 2);
	/* The test server sends only its leaf: a digest of the CA has nothing
	 * to match in the chain (a 2 1 1 needs the CA sent). */
	struct tls_opts o = {.host = "localhost", .dane = &ds};
	struct session *s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	assert_contains(tls_error(s->t), "no matching DANE TLSA records");
	session_end(s);
	dane_set_free(&ds);
}

Test(tls, dane_unvalidated_match_is_reported_and_webpki_decides)
{
	struct dane_set ds;
	dane_set_of(&ds, false, "leaf", 3);
	/* Matching, not validated: the WebPKI still decides, and without the
	 * CA it fails. */
	struct tls_opts o = {.host = "localhost", .dane = &ds};
	struct session *s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_ERROR);
	assert_contains(tls_error(s->t), "certificate verify failed: ");
	session_end(s);

	o.cafile = ca_path();
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	struct dane_outcome out;
	tls_dane_outcome(s->t, &out);
	cr_assert_eq(out.result, DANE_R_MATCH_UNVALIDATED);
	cr_assert_eq(out.matched, 0);
	const char *d = describe(s->t);
	assert_contains(d, "verification: passed (chain and name \"localhost\")");
	assert_contains(d, "TLSA present and matching, but NOT validated by DNSSEC");
	cr_assert_null(strstr(d, "DANE OK"));
	session_end(s);

	/* Not matching, not validated: not binding either. */
	dane_set_free(&ds);
	dane_set_of(&ds, false, "wrong", 3);
	s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	tls_dane_outcome(s->t, &out);
	cr_assert_eq(out.result, DANE_R_NO_MATCH_UNVALIDATED);
	session_end(s);
	dane_set_free(&ds);
}

Test(tls, dane_pkix_usages_are_not_handed_to_openssl)
{
	struct dane_set ds;
	dane_set_of(&ds, true, "wrong", 1); /* PKIX-EE, and not even matching */
	struct tls_opts o = {.host = "localhost", .cafile = ca_path(), .dane = &ds};
	struct session *s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	struct dane_outcome out;
	tls_dane_outcome(s->t, &out);
	cr_assert_eq(out.result, DANE_R_UNUSABLE);
	session_end(s);
	dane_set_free(&ds);
}

Test(tls, dane_records_openssl_refuses_are_unusable)
{
	/* A "full certificate" (2 0 0) that is no certificate: OpenSSL takes
	 * nothing, so DANE cannot apply and the WebPKI decides. */
	struct dane_set ds = {.status = DANE_L_FOUND, .validated = true};
	static const uint8_t junk[] = {2, 0, 0, 0x30, 0x03, 0x01, 0x02, 0x03};
	dane_set_add(&ds, junk, sizeof junk);
	cr_assert_eq(ds.usable, 1);
	struct tls_opts o = {.host = "localhost", .cafile = ca_path(), .dane = &ds};
	struct session *s = session_start("leaf", HANDSHAKE, &o);
	cr_assert_eq(handshake(s->t, s->fd), TLS_IO_OK, "%s", tls_error(s->t));
	struct dane_outcome out;
	tls_dane_outcome(s->t, &out);
	cr_assert_eq(out.result, DANE_R_UNUSABLE);
	session_end(s);
	dane_set_free(&ds);
}
