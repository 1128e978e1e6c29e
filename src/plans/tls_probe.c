/* The handshakes of `smtpdbg tls-report`, one connection each: connect,
 * for STARTTLS the greeting, EHLO and STARTTLS, then the handshake with a
 * version or group pinned. Every step has the connection's deadline, so a
 * server that stalls costs timeout_s, not forever. */
#include "smtpdbg/tls_probe.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "smtpdbg/ehlo_name.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/net.h"
#include "smtpdbg/reply.h"
#include "smtpdbg/xmalloc.h"

enum { EXIT_CONNECT = 10, EXIT_BANNER = 11, EXIT_EHLO = 12, EXIT_TLS = 13 };

static const char *const group_names[] = {"X25519", "P-256", "P-384", "P-521", "X448"};
static const char *const version_names[] = {"1.0", "1.1", "1.2", "1.3"};

struct probe {
	const struct tls_probe_conf *c;
	struct loop *loop;
	int64_t deadline;
	int fd;
	bool connect_done;
	struct buf why;
	char peer[80];
	void *resume;   /* the session offered by the next probe_once */
};

static void on_connected(int fd, const char *peer, const char *why, void *arg)
{
	struct probe *p = arg;
	p->fd = fd;
	p->connect_done = true;
	if (fd >= 0 && peer)
		snprintf(p->peer, sizeof p->peer, "%s", peer);
	if (fd < 0)
		buf_adds(&p->why, why ? why : _("cannot connect"));
}

static int left_ms(const struct probe *p)
{
	int64_t l = p->deadline - loop_now_ms();
	return l > 0 ? (int)l : 0;
}

/* Wait for events on the socket until the deadline. */
static bool wait_fd(struct probe *p, short events)
{
	struct pollfd pfd = {.fd = p->fd, .events = events};
	for (;;) {
		int ms = left_ms(p);
		if (ms == 0)
			return false;
		int r = poll(&pfd, 1, ms);
		if (r > 0)
			return true;
		if (r < 0 && errno != EINTR)
			return false;
	}
}

static int do_connect(struct probe *p)
{
	p->fd = -1;
	p->connect_done = false;
	struct net_connect *nc = net_connect_start(p->loop, p->c->host, p->c->port, p->c->family,
						   (int64_t)p->c->timeout_s * 1000, on_connected, p);
	while (!p->connect_done && left_ms(p) > 0)
		loop_once(p->loop, left_ms(p));
	if (!p->connect_done) {
		net_connect_cancel(nc);
		buf_printf(&p->why, _("no connection within %d s"), p->c->timeout_s);
	}
	return p->fd >= 0 ? 0 : -1;
}

static int send_all(struct probe *p, const char *s)
{
	size_t n = strlen(s), off = 0;
	while (off < n) {
		ssize_t w = send(p->fd, s + off, n - off, MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (!wait_fd(p, POLLOUT))
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

/* One reply: its code, 0 when none came in time; STARTTLS offered is
 * noted when asked. Bytes after the reply are not expected (no pipelining). */
static int read_reply(struct probe *p, bool *starttls)
{
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	struct smtp_reply *r = NULL;
	char b[2048];
	while (!r) {
		if (!wait_fd(p, POLLIN))
			break;
		ssize_t n = recv(p->fd, b, sizeof b, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		net_quickack(p->fd);
		size_t off = 0;
		while (off < (size_t)n && !r)
			off += reply_framer_feed(&f, b + off, (size_t)n - off, &r);
	}
	int code = r ? r->code : 0;
	for (size_t i = 0; r && starttls && i < r->nlines; i++) {
		size_t len;
		const char *t = reply_line_text(&r->lines[i], &len);
		if (len >= 8 && !strncasecmp(t, "STARTTLS", 8) && (len == 8 || t[8] == ' '))
			*starttls = true;
	}
	reply_free(r);
	reply_framer_free(&f);
	return code;
}

/* Greeting, EHLO, STARTTLS: the stage's exit status on failure. */
static int starttls(struct probe *p)
{
	int code = read_reply(p, NULL);
	if (code != 220) {
		buf_adds(&p->why, code ? _("the server's greeting is not 220")
				       : _("no greeting from the server"));
		return EXIT_BANNER;
	}
	char name[300], line[320];
	ehlo_name_default(p->fd, name, sizeof name);
	snprintf(line, sizeof line, "EHLO %s\r\n", name);
	bool offered = false;
	if (send_all(p, line) < 0 || read_reply(p, &offered) != 250) {
		buf_adds(&p->why, _("EHLO was not answered with 250"));
		return EXIT_EHLO;
	}
	if (!offered) {
		buf_adds(&p->why, _("the server does not offer STARTTLS (use --tls for implicit TLS)"));
		return EXIT_EHLO;
	}
	if (send_all(p, "STARTTLS\r\n") < 0 || (code = read_reply(p, NULL)) != 220) {
		buf_adds(&p->why, _("the server did not answer STARTTLS with 220"));
		return EXIT_EHLO;
	}
	return 0;
}

static int handshake(struct probe *p, struct tls_conn *t)
{
	for (;;) {
		enum tls_io r = tls_handshake(t);
		if (r == TLS_IO_OK)
			return 0;
		if (r != TLS_IO_WANT_READ && r != TLS_IO_WANT_WRITE) {
			buf_adds(&p->why, tls_error(t));
			return -1;
		}
		if (!wait_fd(p, r == TLS_IO_WANT_READ ? POLLIN : POLLOUT)) {
			buf_printf(&p->why,
				   _("the server stopped answering during the TLS handshake "
				     "(no progress within %d s)"),
				   p->c->timeout_s);
			return -2;
		}
	}
}

/* One connection with the choice ch. Returns 0 (accepted; t kept for the
 * caller in *out when asked), a stage's exit status, or EXIT_TLS. */
static int probe_once(struct probe *p, const struct tls_choice *ch, struct tls_conn **out,
		      bool *timed_out)
{
	buf_reset(&p->why);
	p->deadline = loop_now_ms() + (int64_t)p->c->timeout_s * 1000;
	*timed_out = false;
	if (do_connect(p) < 0)
		return EXIT_CONNECT;
	int rc = p->c->implicit ? 0 : starttls(p);
	struct tls_conn *t = NULL;
	if (rc == 0) {
		struct tls_opts o = p->c->tls;
		o.choice = ch;
		o.resume = p->resume;
		t = tls_new(p->fd, &o, &p->why);
		int h = t ? handshake(p, t) : -1;
		*timed_out = h == -2;
		rc = h == 0 ? 0 : EXIT_TLS;
	}
	if (rc == 0 && out) {
		*out = t;
		return 0;
	}
	if (t && rc == 0)
		tls_shutdown(t);
	tls_free(t);
	close(p->fd);
	p->fd = -1;
	return rc;
}

/* One reply read inside TLS (the greeting with implicit TLS, else the
 * answer to EHLO): a TLS 1.3 server sends its session tickets after the
 * handshake, and they are only read along with data. */
static void exchange(struct probe *p, struct tls_conn *t)
{
	char name[300], line[320];
	if (!p->c->implicit) {
		ehlo_name_default(p->fd, name, sizeof name);
		snprintf(line, sizeof line, "EHLO %s\r\n", name);
		size_t off = 0, n = strlen(line), put;
		while (off < n) {
			enum tls_io r = tls_write(t, line + off, n - off, &put);
			if (r == TLS_IO_OK)
				off += put;
			else if (r != TLS_IO_WANT_WRITE && r != TLS_IO_WANT_READ)
				return;
			else if (!wait_fd(p, r == TLS_IO_WANT_READ ? POLLIN : POLLOUT))
				return;
		}
	}
	struct reply_framer f;
	reply_framer_init(&f, NULL);
	struct smtp_reply *r = NULL;
	char b[2048];
	while (!r) {
		size_t got = 0;
		enum tls_io io = tls_read(t, b, sizeof b, &got);
		if (io == TLS_IO_OK) {
			size_t off = 0;
			while (off < got && !r)
				off += reply_framer_feed(&f, b + off, got - off, &r);
		} else if (io != TLS_IO_WANT_READ && io != TLS_IO_WANT_WRITE) {
			break;
		} else if (!wait_fd(p, io == TLS_IO_WANT_READ ? POLLIN : POLLOUT)) {
			break;
		}
	}
	reply_free(r);
	reply_framer_free(&f);
}

static void pause_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int version_index(const char *v)
{
	static const char *const ssl_names[] = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
	for (int i = 0; i < TLS_REPORT_NVERSIONS; i++)
		if (!strcmp(v, ssl_names[i]))
			return i;
	return -1;
}

static void record(struct tls_version_facts *v, struct tls_conn *t)
{
	v->result = TLS_PROBE_ACCEPTED;
	snprintf(v->cipher, sizeof v->cipher, "%s", tls_cipher(t));
	snprintf(v->group, sizeof v->group, "%s", tls_group(t));
}

static void close_probe(struct probe *p, struct tls_conn *t)
{
	tls_shutdown(t);
	tls_free(t);
	close(p->fd);
	p->fd = -1;
}

int tls_probe_run(const struct tls_probe_conf *c, struct tls_report_facts *f, struct buf *err)
{
	struct probe p = {.c = c, .loop = loop_new(), .fd = -1};
	buf_init(&p.why, 0);
	int64_t t0 = loop_now_ms();
	for (int i = 0; i < TLS_REPORT_NVERSIONS; i++)
		f->v[i].name = version_names[i];
	f->ngroups = sizeof group_names / sizeof group_names[0];
	for (size_t i = 0; i < f->ngroups; i++)
		f->g[i].name = group_names[i];
	f->host = c->host;
	f->port = c->port;
	f->implicit = c->implicit;

	/* Weak keys and signatures must not stop the handshake: they are what
	 * the report is for. Verification is recorded, not enforced. */
	struct tls_choice base = c->tls.choice ? *c->tls.choice : (struct tls_choice){0};
	base.any_strength = true;
	struct tls_conn *t = NULL;
	bool to;
	int rc = probe_once(&p, &base, &t, &to);
	f->handshakes = 1;
	if (rc) {
		buf_adds(err, p.why.data ? p.why.data : "");
		goto out;
	}
	f->peer = xstrdup(p.peer);
	tls_gather_facts(t, c->name, f);
	int top = version_index(tls_version(t));
	if (top >= 0)
		record(&f->v[top], t);
	/* Within the connection's deadline still. */
	exchange(&p, t);
	void *session = tls_session_get(t);
	const char *g0 = tls_group(t);
	for (size_t i = 0; i < f->ngroups; i++)
		if (!strcmp(g0, f->g[i].name))
			f->g[i].result = TLS_PROBE_ACCEPTED;
	close_probe(&p, t);

	for (int i = TLS_REPORT_NVERSIONS - 1; i >= 0; i--) {
		if (f->v[i].result != TLS_PROBE_UNTRIED)
			continue;
		struct tls_choice ch = base;
		ch.tls_min = ch.tls_max = version_names[i];
		pause_ms(c->pace_ms);
		f->handshakes++;
		t = NULL;
		rc = probe_once(&p, &ch, &t, &to);
		if (rc == 0) {
			record(&f->v[i], t);
			close_probe(&p, t);
		} else {
			f->v[i].result = rc == EXIT_TLS && !to ? TLS_PROBE_REFUSED : TLS_PROBE_UNKNOWN;
		}
	}
	for (size_t i = 0; i < f->ngroups; i++) {
		if (f->g[i].result != TLS_PROBE_UNTRIED)
			continue;
		struct tls_choice ch = base;
		ch.groups = f->g[i].name;
		pause_ms(c->pace_ms);
		f->handshakes++;
		rc = probe_once(&p, &ch, NULL, &to);
		f->g[i].result = rc == 0			  ? TLS_PROBE_ACCEPTED
				 : rc == EXIT_TLS && !to ? TLS_PROBE_REFUSED
							  : TLS_PROBE_UNKNOWN;
	}
	if (session) {
		pause_ms(c->pace_ms);
		f->handshakes++;
		p.resume = session;
		t = NULL;
		rc = probe_once(&p, &base, &t, &to);
		p.resume = NULL;
		if (rc == 0) {
			f->resumption = tls_resumed(t) ? TLS_PROBE_ACCEPTED : TLS_PROBE_REFUSED;
			close_probe(&p, t);
		} else {
			f->resumption = TLS_PROBE_UNKNOWN;
		}
		tls_session_free(session);
	} else {
		f->resumption = TLS_PROBE_REFUSED; /* no session to resume was given */
	}
	rc = 0;
out:
	f->elapsed_ms = (long)(loop_now_ms() - t0);
	buf_free(&p.why);
	loop_free(p.loop);
	return rc;
}

void tls_probe_free(struct tls_report_facts *f)
{
	free(f->certs);
	free((char *)f->peer);
	f->certs = NULL;
	f->peer = NULL;
	f->ncerts = 0;
}
