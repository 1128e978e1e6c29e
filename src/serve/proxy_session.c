/* One proxied session (proxy_session.h): two connections and the relay. */
#include "smtpdbg/proxy_session.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/conn.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/mx_route.h"
#include "smtpdbg/proxy_log.h"
#include "smtpdbg/proxy_relay.h"
#include "smtpdbg/xmalloc.h"

/* Message content shown per message; past it the rest is counted. */
#define BODY_LINES 200
#define BODY_BYTES (16 * 1024)
/* Bytes queued for a side that does not read: reading the other stops. */
#define QUEUE_HIGH (1024 * 1024)
/* Sessions are served one at a time: one that sends nothing either way
 * for this long is ended, so it cannot hold the proxy. */
#define IDLE_MS (10 * 60 * 1000)

struct proxy_session {
	const struct proxy_session_opts *o;
	unsigned id;
	bool watch_tls;     /* the watch was told TLS is up */
	struct conn *down, *up;
	struct buf to_down, to_up;
	struct proxy_relay *relay;
	struct proxy_log *log;
	int64_t t0;
	uint64_t timer;
	uint64_t idle;      /* the idle timer */
	size_t mx_i;        /* --mx: the MX host being tried */
	struct tls_opts tls; /* o->tls, with the MX host's name to verify */
	bool up_ready;      /* connected (and in TLS when implicit) */
	bool up_starttls;   /* the upstream handshake after STARTTLS runs */
	bool down_starttls; /* ... the client's, once the 220 is out */
	bool up_gone;       /* the upstream is closed; the client is told */
	bool closing;       /* close the client once to_down is out */
	bool ended;
	bool down_ended;
	size_t body_lines, body_bytes;
	bool body_cut;
	size_t body_hidden;
};

static int64_t now(const struct proxy_session *ps)
{
	return loop_now_ms() - ps->t0;
}

static void say(struct proxy_session *ps, bool warn, const char *text)
{
	proxy_log_note(ps->log, warn, text, now(ps));
	if (!ps->o->watch || ps->ended)
		return;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		if (warn) {
			char *w = xmalloc(n + 3);
			snprintf(w, n + 3, "! %s", line);
			free(line);
			line = w;
		}
		serve_watch_note(ps->o->watch, ps->id, line);
		free(line);
		p += n + (p[n] == '\n');
	}
}

/* The watch's engine learns of TLS when the mail program's leg is up. */
static void watch_tls(struct proxy_session *ps)
{
	if (!ps->o->watch || ps->watch_tls)
		return;
	ps->watch_tls = true;
	const struct server_conn_tap *tap = serve_watch_tap(ps->o->watch);
	tap->tls_up(tap->arg, ps->id, "");
}

/* A line to the watch, fed as serve --watch feeds a student's: commands
 * and replies as lines, message content unstuffed, its "." as a line. */
static void watch_line(struct proxy_session *ps, enum proxy_party who, const char *p,
		       size_t n, bool body)
{
	struct serve_watch *w = ps->o->watch;
	if (!w)
		return;
	bool tls = proxy_relay_up_tls(ps->relay);
	if (body && !(n == 1 && p[0] == '.')) {
		struct buf b;
		buf_init(&b, 0);
		buf_add(&b, p + (n && p[0] == '.'), n - (n && p[0] == '.'));
		buf_add(&b, "\r\n", 2);
		const struct server_conn_tap *tap = serve_watch_tap(w);
		tap->data(tap->arg, ps->id, b.data, b.len);
		buf_free(&b);
		return;
	}
	struct server_log e = {.kind = who == PROXY_CLIENT ? SERVER_LOG_CLIENT : SERVER_LOG_SERVER,
			       .text = p, .len = n, .shown = n, .tls = tls};
	serve_watch_log(w, ps->id, &e);
	/* Implicit TLS: the session is in TLS from its greeting on. */
	if (who == PROXY_SERVER && ps->o->up_tls && (n < 4 || p[3] != '-'))
		watch_tls(ps);
}

static void sayf(struct proxy_session *ps, bool warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void sayf(struct proxy_session *ps, bool warn, const char *fmt, ...)
{
	struct buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	say(ps, warn, b.data);
	buf_free(&b);
}

static void finish(struct proxy_session *ps, const char *why)
{
	if (ps->ended)
		return;
	ps->ended = true;
	if (ps->timer)
		loop_cancel(ps->o->loop, ps->timer);
	ps->timer = 0;
	if (ps->idle)
		loop_cancel(ps->o->loop, ps->idle);
	ps->idle = 0;
	proxy_log_end(ps->log, why, now(ps));
	if (ps->o->watch) {
		const struct server_conn_tap *tap = serve_watch_tap(ps->o->watch);
		tap->closed(tap->arg, ps->id, why);
	}
	if (ps->o->closed)
		ps->o->closed(ps->o->arg);
}

/* --- The relay's lines ---------------------------------------------------- */

static void on_line(void *arg, enum proxy_party who, const char *p, size_t n, bool body,
		    bool bare_lf)
{
	struct proxy_session *ps = arg;
	watch_line(ps, who, p, n, body);
	unsigned flags = proxy_relay_up_tls(ps->relay) ? TF_F_TLS : 0;
	if (bare_lf && who == PROXY_SERVER)
		flags |= TF_F_BARE_LF;
	if (body) {
		bool end = n == 1 && p[0] == '.';
		if (!end && (ps->body_cut || ps->body_lines >= BODY_LINES ||
			     ps->body_bytes >= BODY_BYTES)) {
			ps->body_cut = true;
			ps->body_hidden += n + 2;
			return;
		}
		if (end) {
			if (ps->body_cut)
				sayf(ps, false, _("(%zu more bytes of the message passed on, not shown)"),
				     ps->body_hidden);
			ps->body_lines = ps->body_bytes = ps->body_hidden = 0;
			ps->body_cut = false;
		} else {
			ps->body_lines++;
			ps->body_bytes += n;
		}
	}
	proxy_log_line(ps->log, who == PROXY_CLIENT ? TF_CLIENT : TF_SERVER, flags, p, n,
		       now(ps));
}

static void on_note(void *arg, bool warn, const char *text)
{
	say(arg, warn, text);
}

/* --- Moving bytes ----------------------------------------------------------- */

static void flow(struct proxy_session *ps)
{
	/* A side that does not read holds back the other (memory stays flat). */
	if (ps->ended)
		return;
	if (ps->down && !ps->down_ended)
		conn_pause_reading(ps->down, ps->to_up.len > QUEUE_HIGH);
	if (ps->up)
		conn_pause_reading(ps->up, ps->to_down.len > QUEUE_HIGH);
	if (ps->down && !ps->down_ended)
		conn_kick(ps->down);
	if (ps->up && ps->up_ready)
		conn_kick(ps->up);
}

/* The proxy's own reply: a note, not a server line, so the engine that
 * mirrors the server's side does not take it for one. */
static void to_client(struct proxy_session *ps, const char *reply)
{
	buf_adds(&ps->to_down, reply);
	sayf(ps, false, _("the proxy answers the mail program itself: %.*s"),
	     (int)strcspn(reply, "\r\n"), reply);
}

static void start_up_tls(struct proxy_session *ps)
{
	struct buf err;
	buf_init(&err, 0);
	if (conn_start_tls(ps->up, &ps->tls, &err) < 0) {
		sayf(ps, true, _("TLS with the server cannot start: %s"), err.data);
		conn_free(ps->up);
		ps->up = NULL;
		ps->up_gone = true;
		to_client(ps, "454 4.7.0 TLS not available: the proxy cannot start TLS with the "
			      "server\r\n");
	}
	buf_free(&err);
}

/* The client speaks while the upstream is gone: it is answered by the
 * proxy, and the connection ends. */
static void answer_alone(struct proxy_session *ps, const char *p, size_t n)
{
	if (ps->closing)
		return;
	bool quit = n >= 4 && !strncasecmp(p, "QUIT", 4);
	size_t len = 0;
	while (len < n && len < 512 && p[len] != '\r' && p[len] != '\n')
		len++;
	proxy_log_line(ps->log, TF_CLIENT, 0, p, len, now(ps));
	to_client(ps, quit ? "221 2.0.0 Bye\r\n"
			   : "421 4.4.2 the proxy lost its connection to the server\r\n");
	ps->closing = true;
}

static void on_idle(struct loop *l, void *arg)
{
	struct proxy_session *ps = arg;
	(void)l;
	ps->idle = 0;
	sayf(ps, true, _("nothing was sent either way for %d minutes: the proxy ends the session"),
	     IDLE_MS / 60000);
	if (ps->up) {
		conn_free(ps->up);
		ps->up = NULL;
	}
	ps->up_gone = true;
	to_client(ps, "421 4.4.2 proxy: idle too long, closing\r\n");
	ps->closing = true;
	flow(ps);
}

/* Bytes moved: the idle time starts again. */
static void busy(struct proxy_session *ps)
{
	if (ps->ended || ps->closing)
		return;
	if (ps->idle)
		loop_cancel(ps->o->loop, ps->idle);
	ps->idle = loop_timer(ps->o->loop, IDLE_MS, on_idle, ps);
}

static void down_bytes(void *arg, const void *p, size_t n)
{
	struct proxy_session *ps = arg;
	busy(ps);
	if (ps->up_gone) {
		answer_alone(ps, p, n);
	} else {
		proxy_relay_client(ps->relay, p, n, &ps->to_up);
	}
	flow(ps);
}

static void up_bytes(void *arg, const void *p, size_t n)
{
	struct proxy_session *ps = arg;
	busy(ps);
	if (proxy_relay_server(ps->relay, p, n, &ps->to_down) == PROXY_UP_TLS) {
		ps->up_starttls = true;
		start_up_tls(ps);
	}
	flow(ps);
}

static size_t down_tx(void *arg, const uint8_t **p)
{
	struct proxy_session *ps = arg;
	*p = (const uint8_t *)ps->to_down.data;
	return ps->to_down.len;
}

static void down_tx_done(void *arg, size_t n)
{
	struct proxy_session *ps = arg;
	buf_consume(&ps->to_down, n);
	if (ps->to_down.len)
		return;
	if (ps->down_starttls) { /* the 220 is out: the client's handshake */
		ps->down_starttls = false;
		struct buf err;
		buf_init(&err, 0);
		if (conn_start_tls_server(ps->down, ps->o->down, &err) < 0) {
			sayf(ps, true, _("TLS with the mail program cannot start: %s"), err.data);
			buf_free(&err);
			finish(ps, _("TLS with the mail program failed"));
			return;
		}
		buf_free(&err);
	} else if (ps->closing) {
		finish(ps, ps->up_gone ? _("the server's connection ended, so the proxy ended the "
					   "mail program's")
				       : _("the server closed the connection"));
	} else if (ps->up) {
		conn_pause_reading(ps->up, false);
	}
}

static size_t up_tx(void *arg, const uint8_t **p)
{
	struct proxy_session *ps = arg;
	if (!ps->up_ready)
		return 0;
	*p = (const uint8_t *)ps->to_up.data;
	return ps->to_up.len;
}

static void up_tx_done(void *arg, size_t n)
{
	struct proxy_session *ps = arg;
	buf_consume(&ps->to_up, n);
	if (!ps->to_up.len && ps->down && !ps->down_ended)
		conn_pause_reading(ps->down, false);
}

/* --- TLS --------------------------------------------------------------------- */

static void up_tls_up(void *arg)
{
	struct proxy_session *ps = arg;
	if (ps->timer)
		loop_cancel(ps->o->loop, ps->timer);
	ps->timer = 0;
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, _("TLS with the server:"));
	buf_addc(&b, '\n');
	tls_describe(conn_tls(ps->up), &b);
	say(ps, false, b.data);
	buf_free(&b);
	ps->up_ready = true;
	if (ps->up_starttls) {
		ps->up_starttls = false;
		proxy_relay_release(ps->relay, &ps->to_down);
		ps->down_starttls = true;
	}
	flow(ps);
}

static void down_tls_up(void *arg)
{
	struct proxy_session *ps = arg;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("TLS with the mail program: %s"),
		   tls_srv_describe(conn_tls_server(ps->down)));
	if (ps->o->down_desc) {
		buf_addc(&b, '\n');
		buf_adds(&b, ps->o->down_desc);
	}
	say(ps, false, b.data);
	buf_free(&b);
	if (!ps->o->down_tls)
		watch_tls(ps); /* after STARTTLS */
	proxy_relay_tls(ps->relay);
	flow(ps);
}

/* --- Ends ------------------------------------------------------------------- */

static bool next_mx(struct proxy_session *ps, const char *why);

static void up_closed(void *arg, const char *why, bool tls)
{
	struct proxy_session *ps = arg;
	if (!ps->up_ready && !tls && next_mx(ps, why))
		return;
	struct conn *c = ps->up;
	ps->up = NULL;
	ps->up_gone = true;
	if (!ps->up_ready && !tls) {
		sayf(ps, true, _("cannot reach the server: %s"), why);
		struct buf r;
		buf_init(&r, 0);
		buf_printf(&r, "421 4.4.1 proxy: cannot reach the server: %s\r\n", why);
		to_client(ps, r.data);
		buf_free(&r);
		ps->closing = true;
	} else if (tls) {
		sayf(ps, true, _("TLS with the server failed: %s; the mail program is told so"), why);
		struct buf r;
		buf_init(&r, 0);
		if (proxy_relay_awaits_starttls(ps->relay)) {
			buf_printf(&r, "454 4.7.0 TLS not available: the proxy refused the server's "
				       "certificate: %s\r\n", why);
		} else {
			buf_printf(&r, "421 4.7.0 proxy: TLS with the server failed: %s\r\n", why);
			ps->closing = true;
		}
		for (char *q = r.data; *q && q < r.data + r.len - 2; q++)
			if (*q == '\r' || *q == '\n')
				*q = ' ';
		to_client(ps, r.data);
		buf_free(&r);
	} else {
		sayf(ps, false, _("the server closed the connection: %s"), why);
		ps->closing = true;
	}
	conn_free(c);
	if (ps->closing && !ps->to_down.len)
		finish(ps, why);
	else
		flow(ps);
}

static void down_closed(void *arg, const char *why, bool tls)
{
	struct proxy_session *ps = arg;
	ps->down_ended = true; /* freed by proxy_session_free */
	if (tls)
		sayf(ps, true, _("TLS with the mail program failed: %s (does it trust the proxy's "
				 "CA? smtpdbg proxy --print-ca)"),
		     why);
	finish(ps, why);
}

static void up_connected(void *arg, const char *peer)
{
	struct proxy_session *ps = arg;
	sayf(ps, false, _("connected to the server %s"), peer);
	if (ps->o->up_tls)
		start_up_tls(ps);
	else {
		ps->up_ready = true;
		if (ps->timer)
			loop_cancel(ps->o->loop, ps->timer);
		ps->timer = 0;
	}
	flow(ps);
}

static void on_timeout(struct loop *l, void *arg)
{
	struct proxy_session *ps = arg;
	(void)l;
	ps->timer = 0;
	if (ps->up_ready)
		return;
	struct buf why;
	buf_init(&why, 0);
	buf_printf(&why, _("the server did not answer within %d s"), ps->o->timeout_s);
	bool next = next_mx(ps, why.data); /* --mx: a silent host, as a refusing one */
	if (!next)
		say(ps, true, why.data);
	buf_free(&why);
	if (next)
		return;
	if (ps->up) {
		conn_free(ps->up);
		ps->up = NULL;
	}
	ps->up_gone = true;
	to_client(ps, "421 4.4.1 proxy: the server did not answer in time\r\n");
	ps->closing = true;
	flow(ps);
}

static const struct conn_ops down_ops = {
	.bytes = down_bytes, .tx = down_tx, .tx_done = down_tx_done, .tls_up = down_tls_up,
	.closed = down_closed};
/* A step on the path to the upstream (--proxy, --proxy-protocol). */
static void up_hop(void *arg, const char *note)
{
	say(arg, false, note);
}

static const struct conn_ops up_ops = {
	.connected = up_connected, .bytes = up_bytes, .tx = up_tx, .tx_done = up_tx_done,
	.tls_up = up_tls_up, .closed = up_closed, .hop = up_hop};

/* Connect to the upstream (the MX host being tried with --mx), with the
 * whole connect and implicit TLS handshake under one timeout. */
static void connect_up(struct proxy_session *ps)
{
	const struct proxy_session_opts *o = ps->o;
	const char *host = o->n_mx ? o->mx_hosts[ps->mx_i] : o->host;
	ps->tls.host = host;
	ps->up = conn_new(o->loop, &up_ops, ps);
	if (ps->timer)
		loop_cancel(o->loop, ps->timer);
	ps->timer = loop_timer(o->loop, (int64_t)o->timeout_s * 1000, on_timeout, ps);
	conn_connect_path(ps->up, host, o->port, o->family, (int64_t)o->timeout_s * 1000, o->path);
}

/* --mx: after a failed connect, the next MX host, said as run says it.
 * Returns false after the last. */
static bool next_mx(struct proxy_session *ps, const char *why)
{
	const struct proxy_session_opts *o = ps->o;
	if (ps->mx_i + 1 >= o->n_mx)
		return false;
	ps->mx_i++;
	struct buf b;
	buf_init(&b, 0);
	mx_route_next_note(why, o->mx_hosts[ps->mx_i], &b);
	say(ps, false, b.data);
	buf_free(&b);
	conn_free(ps->up);
	ps->up = NULL;
	connect_up(ps);
	return true;
}

struct proxy_session *proxy_session_start(const struct proxy_session_opts *o, int fd,
					  const char *peer, unsigned id)
{
	struct proxy_session *ps = xcalloc(1, sizeof *ps);
	ps->o = o;
	ps->id = id;
	if (o->watch)
		serve_watch_open(o->watch, id, peer);
	ps->t0 = loop_now_ms();
	buf_init(&ps->to_down, 0);
	buf_init(&ps->to_up, 0);
	ps->log = proxy_log_new(&(struct proxy_log_opts){
		.out = o->out, .no = o->no, .record = o->record, .arg = o->arg});
	ps->relay = proxy_relay_new(o->up_tls, o->down_tls,
				    &(struct proxy_relay_cb){.line = on_line, .note = on_note,
							     .arg = ps});
	sayf(ps, false, _("the mail program connected from %s"), peer);
	ps->down = conn_new(o->loop, &down_ops, ps);
	conn_adopt(ps->down, fd);
	if (o->down_tls) {
		struct buf err;
		buf_init(&err, 0);
		if (conn_start_tls_server(ps->down, o->down, &err) < 0)
			sayf(ps, true, _("TLS with the mail program cannot start: %s"), err.data);
		buf_free(&err);
	}
	ps->tls = o->tls;
	busy(ps);
	connect_up(ps);
	return ps;
}

void proxy_session_free(struct proxy_session *ps)
{
	if (!ps)
		return;
	finish(ps, _("the proxy stopped"));
	if (ps->up) {
		conn_tls_shutdown(ps->up);
		conn_free(ps->up);
	}
	if (ps->down) {
		if (!ps->down_ended)
			conn_tls_shutdown(ps->down);
		conn_free(ps->down);
	}
	proxy_relay_free(ps->relay);
	proxy_log_free(ps->log);
	buf_wipe_free(&ps->to_down);
	buf_wipe_free(&ps->to_up);
	free(ps);
}
