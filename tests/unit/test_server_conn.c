/* The teaching server driven on a socket in the poll loop, as the TUI runs
 * it: one end of a socketpair is the server, the test is the client. Also
 * STARTTLS with the in-memory certificate, against the project's client. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smtpdbg/server_conn.h"
#include "smtpdbg/tls.h"

/* A bound for waiting, not a measurement: tests check what happens. */
#define SLOW_MS 5000

static void teardown(void);
TestSuite(server_conn, .fini = teardown, .timeout = 30);

struct peer {
	struct loop *l;
	int fd;               /* the client's end */
	struct tls_conn *tls;
	struct buf in;        /* what the client received */
	bool closed;          /* the server's closed callback ran */
	char why[128];
	struct server_conn *conn;
	bool live;            /* started and not yet stopped */
};

/* One peer at a time, in static storage, so that the fixture can stop it
 * after a failed assertion has left the test: nothing is leaked for
 * LeakSanitizer to report. */
static struct peer the_peer;
static struct tls_server *the_tls_server;
static struct buf the_err, the_description; /* zero: empty */

static void on_closed(void *arg, struct server_conn *c, const char *why)
{
	struct peer *p = arg;
	cr_assert_eq(c, p->conn);
	p->closed = true;
	snprintf(p->why, sizeof p->why, "%s", why);
}

static struct peer *start(const char *personality, struct tls_server *ts, int64_t idle_ms)
{
	struct peer *p = &the_peer;
	memset(p, 0, sizeof *p);
	signal(SIGPIPE, SIG_IGN);
	int sv[2];
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	p->l = loop_new();
	p->fd = sv[1];
	fcntl(p->fd, F_SETFL, fcntl(p->fd, F_GETFL) | O_NONBLOCK);
	buf_init(&p->in, 0);
	struct server_config cfg = {.personality = server_personality_find(personality)};
	struct server_conn_opts o = {.cfg = &cfg, .tls = ts, .idle_ms = idle_ms,
				     .closed = on_closed, .arg = p};
	p->conn = server_conn_attach(p->l, sv[0], &o);
	p->live = true;
	return p;
}

static void stop(struct peer *p)
{
	if (!p->closed)
		server_conn_shutdown(p->conn, SERVER_ABORT_SHUTDOWN);
	tls_free(p->tls);
	close(p->fd);
	buf_free(&p->in);
	loop_free(p->l);
	p->live = false;
}

static void teardown(void)
{
	if (the_peer.live)
		stop(&the_peer);
	tls_server_free(the_tls_server);
	the_tls_server = NULL;
	buf_free(&the_err);
	buf_free(&the_description);
}

/* Read what is there; true at end of stream. */
static bool client_read(struct peer *p)
{
	char b[4096];
	for (;;) {
		if (p->tls) {
			size_t got;
			enum tls_io r = tls_read(p->tls, b, sizeof b, &got);
			if (r != TLS_IO_OK)
				return r == TLS_IO_CLOSED || r == TLS_IO_ERROR;
			buf_add(&p->in, b, got);
		} else {
			ssize_t n = recv(p->fd, b, sizeof b, 0);
			if (n < 0)
				return false;
			if (n == 0)
				return true;
			buf_add(&p->in, b, (size_t)n);
		}
	}
}

static void client_send(struct peer *p, const char *s)
{
	size_t n = strlen(s), put = 0;
	if (p->tls)
		cr_assert_eq(tls_write(p->tls, s, n, &put), TLS_IO_OK);
	else
		put = (size_t)send(p->fd, s, n, 0);
	cr_assert_eq(put, n);
}

/* Run the loop until the client has received want (or, with want NULL,
 * until the server closed and the stream ended). */
static void wait_for(struct peer *p, const char *want)
{
	int64_t end = loop_now_ms() + SLOW_MS;
	for (;;) {
		bool eof = client_read(p);
		if (want ? p->in.data && strstr(p->in.data, want) : eof && p->closed)
			return;
		cr_assert(loop_now_ms() < end, "waited for '%s'; got '%s'", want ? want : "EOF",
			  p->in.data ? p->in.data : "");
		cr_assert_eq(loop_once(p->l, 20), 0);
	}
}

Test(server_conn, a_session_on_a_socketpair)
{
	struct peer *p = start("tutorial", NULL, 0);
	wait_for(p, "220 smtp.server.com ESMTP Postfix\r\n");
	client_send(p, "EHLO relay.client.com\r\nAUTH LOGIN\r\n");
	wait_for(p, "334 VXNlcm5hbWU6\r\n");
	client_send(p, "TWF4IE11c3Rlcm1hbm4=\r\nSWNoYmlua2VpblNwYW1tZXI=\r\nQUIT\r\n");
	wait_for(p, NULL);
	cr_assert_str_eq(p->in.data, "220 smtp.server.com ESMTP Postfix\r\n"
				    "250-smtp.server.com Guten Tag\r\n250 AUTH CRAM-MD5 LOGIN PLAIN\r\n"
				    "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n"
				    "235 OK\r\n221 2.0.0 Bye\r\n");
	cr_assert_str_eq(p->why, "the session ended");
	stop(p);
}

Test(server_conn, the_client_hanging_up_ends_the_session)
{
	struct peer *p = start("tutorial", NULL, 0);
	wait_for(p, "220 ");
	shutdown(p->fd, SHUT_WR);
	wait_for(p, NULL);
	cr_assert_str_eq(p->why, "the client closed the connection");
	stop(p);
}

Test(server_conn, idle_sessions_get_421)
{
	struct peer *p = start("open-relay", NULL, 10);
	wait_for(p, NULL);
	cr_assert_not_null(strstr(p->in.data, "421 4.4.2 smtp.server.com Error: timeout exceeded\r\n"));
	cr_assert_str_eq(p->why, "idle timeout");
	stop(p);
}

Test(server_conn, shutdown_says_421_at_once)
{
	struct peer *p = start("open-relay", NULL, 0);
	wait_for(p, "220 ");
	server_conn_shutdown(p->conn, SERVER_ABORT_SHUTDOWN);
	cr_assert(p->closed);
	wait_for(p, NULL);
	cr_assert_not_null(strstr(p->in.data, "421 4.3.2 "));
	stop(p);
}

Test(server_conn, starttls_with_the_generated_certificate)
{
	struct buf *err = &the_err;
	struct tls_server *ts = the_tls_server = tls_server_new("smtp.server.com", err);
	cr_assert_not_null(ts, "%s", err->data);
	cr_assert_eq(strncmp(tls_server_fingerprint(ts), "SHA256 ", 7), 0);
	struct peer *p = start("strict-submission", ts, 0);
	client_send(p, "EHLO x\r\n");
	wait_for(p, "250-STARTTLS\r\n");
	client_send(p, "STARTTLS\r\n");
	wait_for(p, "220 2.0.0 Ready to start TLS\r\n");

	p->tls = tls_new(p->fd, &(struct tls_opts){.host = "127.0.0.1", .insecure = true}, err);
	cr_assert_not_null(p->tls, "%s", err->data);
	int64_t end = loop_now_ms() + SLOW_MS;
	enum tls_io r;
	while ((r = tls_handshake(p->tls)) == TLS_IO_WANT_READ || r == TLS_IO_WANT_WRITE) {
		cr_assert(loop_now_ms() < end, "the handshake did not finish");
		cr_assert_eq(loop_once(p->l, 20), 0);
	}
	cr_assert_eq(r, TLS_IO_OK, "%s", tls_error(p->tls));
	struct buf *d = &the_description;
	tls_describe(p->tls, d);
	cr_assert_not_null(strstr(d->data, "DNS:smtp.server.com"), "%s", d->data);
	cr_assert_not_null(strstr(d->data, "IP:127.0.0.1"), "%s", d->data);
	cr_assert_not_null(strstr(d->data, "CN=smtp.server.com"), "%s", d->data);
	/* the name and address match; only the trust anchor is missing */
	cr_assert_not_null(strstr(d->data, "self-signed"), "%s", d->data);

	buf_reset(&p->in);
	client_send(p, "EHLO x\r\n");
	wait_for(p, "250 8BITMIME\r\n");
	cr_assert_not_null(strstr(p->in.data, "250-AUTH PLAIN LOGIN CRAM-MD5\r\n"));
	cr_assert_null(strstr(p->in.data, "STARTTLS"));
	client_send(p, "AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy\r\nQUIT\r\n");
	wait_for(p, NULL);
	cr_assert_not_null(strstr(p->in.data, "235 2.7.0 Authentication successful\r\n"
					     "221 2.0.0 Bye\r\n"));
	stop(p);
}

/* A limit closes the session while the client is still sending (an
 * endless line): the 421 must reach it rather than be destroyed by a
 * reset, so the server half-closes and reads on until the client hangs up. */
Test(server_conn, a_limit_reply_reaches_a_client_still_sending)
{
	struct peer *p = start("tutorial", NULL, 0);
	wait_for(p, "220 ");
	static char chunk[16384];
	memset(chunk, 'A', sizeof chunk);
	size_t sent = 0;
	int64_t end = loop_now_ms() + SLOW_MS;
	bool eof = false;
	while (!(p->in.data && strstr(p->in.data, "421 ")) && sent < 8 * SERVER_LINE_CUTOFF) {
		ssize_t n = send(p->fd, chunk, sizeof chunk, MSG_DONTWAIT);
		if (n > 0)
			sent += (size_t)n;
		else
			cr_assert(errno == EAGAIN || errno == EWOULDBLOCK, "send: %s",
				  strerror(errno));
		eof = client_read(p);
		cr_assert(loop_now_ms() < end, "no 421 after %zu bytes", sent);
		cr_assert_eq(loop_once(p->l, 5), 0);
	}
	cr_assert_not_null(strstr(p->in.data, "421 4.7.0 smtp.server.com Error: line too long"));
	cr_assert(!p->closed, "still reading what the client sends");
	/* more bytes are read and dropped; the client hangs up */
	send(p->fd, chunk, sizeof chunk, MSG_DONTWAIT);
	for (int i = 0; i < 10 && !eof; i++) {
		eof = client_read(p);
		loop_once(p->l, 5);
	}
	cr_assert(eof, "the server has half-closed");
	shutdown(p->fd, SHUT_WR);
	wait_for(p, NULL);
	cr_assert(p->closed);
	stop(p);
}

Test(server_conn, a_client_that_does_not_hang_up_is_closed_after_the_linger)
{
	struct peer *p = start("tutorial", NULL, 0);
	wait_for(p, "220 ");
	client_send(p, "EHLO x\r\n");
	for (int i = 0; i < SERVER_DEFAULT_MAX_AUTH_FAILURES; i++)
		client_send(p, "AUTH PLAIN AHgAeQ==\r\n");
	int64_t t0 = loop_now_ms();
	wait_for(p, NULL); /* the server ends it, the client never closes */
	int64_t took = loop_now_ms() - t0;
	cr_assert_not_null(strstr(p->in.data, "421 4.7.0 smtp.server.com Error: too many failed "
					      "authentication attempts\r\n"));
	cr_assert_geq(took, 1500, "lingered %lld ms", (long long)took);
	stop(p);
}
