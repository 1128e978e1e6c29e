/* The floor for the session benchmark: the least a C client with OpenSSL
 * must do for the session smtpdbg run measures, and nothing else. Blocking
 * I/O, one command at a time (no pipelining), one write per command:
 *   connect, greeting, EHLO, STARTTLS, handshake (verified against CAFILE,
 *   for HOST, an address or a name), EHLO, AUTH LOGIN with the two Base64 answers,
 *   MAIL, RCPT, DATA, a small message, ".", QUIT.
 * Usage: floor_client HOST PORT CAFILE USER PASSWORD_ENV FROM TO
 * (the password is read from the environment variable PASSWORD_ENV).
 * The socket keeps the system's defaults (Nagle on, like Python's smtplib);
 * FLOOR_NODELAY=1 sets TCP_NODELAY, as smtpdbg does, to show the stall
 * described in bench/README.md.
 * Build: cc -O2 -o floor_client floor_client.c -lssl -lcrypto */
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fd = -1;
static SSL *ssl;
static char in[8192];
static size_t have;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("floor_client: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static void put(const char *s, size_t n)
{
	while (n > 0) {
		int w = ssl ? SSL_write(ssl, s, (int)n) : (int)write(fd, s, n);
		if (w <= 0)
			die("write failed");
		s += w;
		n -= (size_t)w;
	}
}

static void fill(void)
{
	if (have == sizeof in)
		die("reply line too long");
	int r = ssl ? SSL_read(ssl, in + have, (int)(sizeof in - have))
		    : (int)read(fd, in + have, sizeof in - have);
	if (r <= 0)
		die("connection closed while waiting for a reply");
	have += (size_t)r;
}

/* Read one whole reply (all its lines) and check its code. */
static void reply(int want)
{
	for (;;) {
		char *nl;
		while (!(nl = memchr(in, '\n', have)))
			fill();
		size_t len = (size_t)(nl - in) + 1;
		int last = len >= 4 && in[3] != '-';
		int code = atoi(in);
		memmove(in, nl + 1, have - len);
		have -= len;
		if (last) {
			if (code != want)
				die("got %d, wanted %d", code, want);
			return;
		}
	}
}

static void cmd(int want, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 2, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof line - 2)
		die("command too long");
	memcpy(line + n, "\r\n", 2);
	put(line, (size_t)n + 2);
	reply(want);
}

static char *b64(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(4 * ((n + 2) / 3) + 1);
	if (!out)
		die("out of memory");
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n);
	return out;
}

int main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr, "usage: floor_client HOST PORT CAFILE USER PASSWORD_ENV FROM TO\n");
		return 2;
	}
	const char *host = argv[1], *port = argv[2], *cafile = argv[3], *user = argv[4];
	const char *from = argv[6], *to = argv[7];
	const char *password = getenv(argv[5]);
	if (!password)
		die("$%s is not set", argv[5]);

	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai, *p;
	int e = getaddrinfo(host, port, &hints, &ai);
	if (e)
		die("%s: %s", host, gai_strerror(e));
	for (p = ai; p; p = p->ai_next) {
		fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
		if (fd >= 0 && connect(fd, p->ai_addr, p->ai_addrlen) == 0)
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		die("cannot connect to %s port %s", host, port);
	const char *nd = getenv("FLOOR_NODELAY");
	if (nd && *nd == '1') {
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}

	reply(220);
	cmd(250, "EHLO localhost");
	cmd(220, "STARTTLS");

	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx || SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1)
		die("cannot load %s", cafile);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	X509_VERIFY_PARAM *vp = SSL_get0_param(ssl);
	if (X509_VERIFY_PARAM_set1_ip_asc(vp, host) != 1) { /* a name, not an address */
		SSL_set_tlsext_host_name(ssl, host);
		X509_VERIFY_PARAM_set1_host(vp, host, 0);
	}
	if (have)
		die("data after the 220 to STARTTLS");
	if (SSL_connect(ssl) != 1)
		die("TLS handshake failed");

	cmd(250, "EHLO localhost");
	char *u = b64(user), *pw = b64(password);
	cmd(334, "AUTH LOGIN");
	cmd(334, "%s", u);
	cmd(235, "%s", pw);
	cmd(250, "MAIL FROM:<%s>", from);
	cmd(250, "RCPT TO:<%s>", to);
	cmd(354, "DATA");
	static const char msg[] = "Subject: bench\r\n\r\nhello\r\n.\r\n";
	put(msg, sizeof msg - 1);
	reply(250);
	cmd(221, "QUIT");
	SSL_shutdown(ssl);
	close(fd);
	return 0;
}
