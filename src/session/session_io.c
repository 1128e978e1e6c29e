/* The session's network edge, on the connection driver (conn.h): connect,
 * TLS (implicit and STARTTLS), and a note when a reply is overdue. Nothing
 * here ends the session on its own: the user decides. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "session_impl.h"
#include "smtpdbg/dane_lookup.h"
#include "smtpdbg/ehlo_name.h"
#include "smtpdbg/i18n.h"

void session_io_free(struct session *s)
{
	if (s->timer && s->loop)
		loop_cancel(s->loop, s->timer);
	s->timer = 0;
	if (s->conn) {
		conn_tls_shutdown(s->conn);
		conn_free(s->conn);
	}
	s->conn = NULL;
	s->connected = false;
	dane_query_free(s->dane_q);
	s->dane_q = NULL;
	dane_set_free(&s->dane); /* after the connection that pointed at it */
	memset(&s->dane, 0, sizeof s->dane);
	mx_query_free(s->mx_q);
	s->mx_q = NULL;
	mx_route_free(&s->mx);
	if (s->pipe.pid > 0) { /* --pipe: our end is closed; how did it end? */
		struct buf b;
		buf_init(&b, 0);
		int status = pipe_cmd_finish(&s->pipe, s->o->conn.timeout_s * 1000, &b);
		if (b.len && s->loop)
			session_note(s, status == 0 ? TR_NOTE : TR_WARN, b.data);
		buf_free(&b);
	}
}

/* --pipe: a line the command wrote on its stderr. */
static void on_stderr_line(void *arg, const char *line)
{
	struct session *s = arg;
	session_note(s, TR_WARN, line);
}

void session_closed(struct session *s, const char *why)
{
	if (s->closed)
		return;
	s->closed = true;
	smtp_client_closed(s->c, why);
	session_pump(s);
	session_io_free(s);
}

static void on_overdue(struct loop *l, void *arg)
{
	struct session *s = arg;
	(void)l;
	s->timer = 0;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("no answer from the server within %d s; still waiting (:quit gives up)"),
		   s->o->conn.timeout_s);
	session_note(s, TR_WARN, b.data);
	buf_free(&b);
}

static void on_connected(void *arg, const char *peer)
{
	struct session *s = arg;
	s->connected = true;
	snprintf(s->peer, sizeof s->peer, "%s", peer);
	char name[300];
	ehlo_name_default(conn_fd(s->conn), name, sizeof name);
	smtp_client_set_ehlo_name(s->c, name);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connected to %s"), peer);
	session_note(s, TR_NOTE, b.data);
	buf_free(&b);
	if (s->o->conn.tls == CONN_TLS_IMPLICIT)
		session_io_start_tls(s);
}

/* A step on the path (a proxy, a PROXY header) before connected. */
static void on_hop(void *arg, const char *note)
{
	session_note(arg, TR_NOTE, note);
}

static void on_bytes(void *arg, const void *p, size_t n)
{
	session_feed(arg, p, n);
}

static size_t on_tx(void *arg, const uint8_t **p)
{
	struct session *s = arg;
	return smtp_client_tx(s->c, p);
}

static void on_tx_done(void *arg, size_t n)
{
	struct session *s = arg;
	smtp_client_tx_done(s->c, n);
}

static void dane_refuse(struct session *s, const char *why);

static void on_tls_up(void *arg)
{
	struct session *s = arg;
	struct tls_conn *t = session_tls(s);
	snprintf(s->tls_info, sizeof s->tls_info, "%s %s %s", tls_version(t), tls_cipher(t),
		 tls_verified(t) ? _("verified") : _("NOT verified"));
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, _("TLS is up: "));
	tls_describe(t, &b);
	session_note(s, TR_NOTE, b.data);
	buf_free(&b);
	struct dane_outcome dane;
	tls_dane_outcome(t, &dane);
	if (dane_mode_parse(s->o->conn.dane) == DANE_REQUIRE &&
	    !dane_result_authenticated(dane.result)) { /* --insecure let it through */
		dane_refuse(s, dane_result_text(dane.result));
		return;
	}
	if (smtp_client_state(s->c) == SMTP_ST_TLS) { /* STARTTLS, not implicit */
		smtp_client_tls_ready(s->c, false);
		session_pump(s);
		session_say(s, "%s", smtp_client_lmtp(s->c)
				? _("TLS is up: send LHLO again (RFC 3207 §4.2)")
				: _("TLS is up: send EHLO again (RFC 3207 §4.2)"));
	}
}

static const struct conn_ops session_conn_ops;

/* The host connected to: the MX host being tried with --mx. */
static const char *target_host(const struct session *s)
{
	return s->mx.n ? s->mx.names[s->mx_i] : s->o->conn.host;
}

static void connect_target(struct session *s)
{
	s->conn = conn_new(s->loop, &session_conn_ops, s);
	conn_connect_path(s->conn, target_host(s), s->o->conn.port, s->o->conn.family,
			  (int64_t)s->o->conn.timeout_s * 1000, &s->o->conn.path);
}

/* --mx: after a failed connect, the next MX host with its own timeout,
 * said as run says it. Returns false after the last. */
static bool next_mx(struct session *s, const char *why)
{
	if (s->mx_i + 1 >= s->mx.n)
		return false;
	s->mx_i++;
	struct buf b;
	buf_init(&b, 0);
	mx_route_next_note(why, s->mx.names[s->mx_i], &b);
	session_note(s, TR_NOTE, b.data);
	buf_free(&b);
	conn_free(s->conn);
	connect_target(s);
	return true;
}

static void on_closed(void *arg, const char *why, bool tls)
{
	struct session *s = arg;
	if (!s->connected && next_mx(s, why))
		return;
	if (!s->connected) { /* the connect failed */
		session_note(s, TR_WARN, why);
		session_say(s, "%s", why);
		s->closed = true;
		session_io_free(s);
		return;
	}
	if (tls) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("TLS handshake failed: %s\n(--cafile FILE trusts another CA; --insecure "
				 "continues without verification)"),
			   why);
		session_note(s, TR_WARN, b.data);
		session_say(s, "%s", b.data);
		buf_free(&b);
		session_closed(s, _("TLS handshake failed"));
		return;
	}
	session_closed(s, why);
}

static const struct conn_ops session_conn_ops = {
	.connected = on_connected,
	.hop = on_hop,
	.bytes = on_bytes,
	.tx = on_tx,
	.tx_done = on_tx_done,
	.tls_up = on_tls_up,
	.closed = on_closed,
};

/* --dane require unmet: said, and the session ends. */
static void dane_refuse(struct session *s, const char *why)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("--dane require: %s"), why);
	session_note(s, TR_WARN, b.data);
	session_say(s, "%s", b.data);
	session_closed(s, b.data);
	buf_free(&b);
}

static void really_start_tls(struct session *s)
{
	struct buf err;
	buf_init(&err, 0);
	struct tls_opts to = {.host = target_host(s), .sni = s->o->conn.sni,
			      .cafile = s->o->conn.cafile, .cert = s->o->conn.cert,
			      .key = s->o->conn.key, .insecure = s->o->conn.insecure,
			      .choice = &s->o->conn.choice,
			      .dane = s->dane.status != DANE_L_NOT_ASKED ? &s->dane : NULL};
	if (conn_start_tls(s->conn, &to, &err) < 0) {
		session_note(s, TR_WARN, err.data);
		session_closed(s, err.data);
	}
	buf_free(&err);
}

/* The TLSA records are in (or the lookup failed): shown, then the
 * handshake, unless --dane require is unmet. */
static void on_dane(void *arg)
{
	struct session *s = arg;
	dane_query_free(s->dane_q);
	s->dane_q = NULL;
	struct buf b;
	buf_init(&b, 0);
	if (s->mx.n)
		dane_mx_security(&s->dane, s->mx.secure);
	dane_describe_lookup(&s->dane, &b);
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	session_note(s, s->dane.status == DANE_L_FAILED ? TR_WARN : TR_NOTE, b.data);
	buf_free(&b);
	if (dane_mode_parse(s->o->conn.dane) == DANE_REQUIRE && !dane_enforced(&s->dane)) {
		dane_refuse(s, dane_result_text(dane_judge(&s->dane, false, true, -1)));
		return;
	}
	really_start_tls(s);
}

/* DANE (RFC 7672) as in run: the TLSA records before the handshake, asked
 * in the loop within --timeout, so the screen stays live meanwhile. */
void session_io_start_tls(struct session *s)
{
	if (!s->conn || !s->connected || s->dane_q)
		return;
	int mode = dane_mode_parse(s->o->conn.dane);
	dane_set_free(&s->dane);
	memset(&s->dane, 0, sizeof s->dane);
	const char *host = target_host(s); /* the MX host with --mx (RFC 7672 §2.2) */
	if (mode != DANE_OFF && !s->o->conn.pipe && s->o->conn.family != AF_UNIX &&
	    dane_lookup_applies(host)) {
		s->dane_q = dane_query_start(s->loop, host, s->o->conn.port,
					     (int64_t)s->o->conn.timeout_s * 1000, &s->dane, on_dane, s);
		return;
	}
	if (mode == DANE_REQUIRE) {
		dane_refuse(s, _("DANE needs a host name to look up TLSA records for, not an "
				 "address, a socket or a command"));
		return;
	}
	really_start_tls(s);
}

int session_before_sleep(struct session *s)
{
	if (!s->conn || !s->connected)
		return -1;
	/* The server owes a reply: note it when it is overdue. */
	bool owed = smtp_client_outstanding(s->c) > 0 || conn_handshaking(s->conn);
	if (owed && !s->timer)
		s->timer = loop_timer(s->loop, (int64_t)s->o->conn.timeout_s * 1000, on_overdue, s);
	else if (!owed && s->timer) {
		loop_cancel(s->loop, s->timer);
		s->timer = 0;
	}
	return -1;
}

/* --pipe: the session runs over the command's stdin and stdout. */
static void start_pipe(struct session *s)
{
	struct buf why;
	buf_init(&why, 0);
	if (pipe_cmd_start(s->o->conn.pipe, &s->pipe, s->loop, on_stderr_line, s, s->esc,
			   &why) < 0) {
		on_closed(s, why.data, false);
		buf_free(&why);
		return;
	}
	buf_reset(&why);
	pipe_cmd_describe(&s->pipe, s->o->conn.pipe, &why);
	int fd = s->pipe.fd;
	s->pipe.fd = -1; /* the connection owns it now */
	conn_connected_fd(s->conn, fd, why.data);
	buf_free(&why);
}

/* --mx: the route is in, shown as run shows it, and the first host is
 * tried; with none (a null MX, a failed lookup) the connect has failed. */
static void on_mx(void *arg, const char *why)
{
	struct session *s = arg;
	mx_query_free(s->mx_q);
	s->mx_q = NULL;
	if (why) {
		on_closed(s, why, false);
		return;
	}
	struct buf b;
	buf_init(&b, 0);
	mx_route_describe(&s->mx, s->o->conn.host, &b);
	session_note(s, TR_NOTE, b.data);
	buf_free(&b);
	connect_target(s);
}

void session_start(struct session *s)
{
	if (!s->loop)
		return;
	if (s->o->conn.mx) { /* asked in the loop: the screen stays live meanwhile */
		s->mx_q = mx_query_start(s->loop, s->o->conn.host,
					 (int64_t)s->o->conn.timeout_s * 1000, &s->mx, on_mx, s);
		return;
	}
	if (s->o->conn.pipe) {
		s->conn = conn_new(s->loop, &session_conn_ops, s);
		start_pipe(s);
		return;
	}
	connect_target(s); /* makes the connection */
}
