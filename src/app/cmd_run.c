/* smtpdbg run HOST[:PORT]: a whole session without a person at the
 * keyboard. The run plan decides what to send; this file does the I/O:
 * connect, TLS, the poll loop, streaming the body, timeouts, output. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "run_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/net.h"
#include "smtpdbg/run_plan.h"
#include "smtpdbg/tls.h"
#include "smtpdbg/xmalloc.h"

/* How much body is queued ahead of the socket: keeps memory flat for a
 * message of any size. */
#define BODY_CHUNK (64 * 1024)

struct run {
	struct run_cli *cli;
	struct loop *loop;
	struct smtp_client *c;
	struct run_plan *plan;
	struct net_connect *connecting;
	int fd;
	struct tls_conn *tls;
	bool handshaking, tls_wants_write;
	bool body_streaming;
	bool done;
	uint64_t timer;
	int64_t t0;
	struct narrate_opts no;
};

static void out_note(struct run *r, const char *type, const char *text)
{
	FILE *outs[2] = {stdout, r->cli->output};
	for (int i = 0; i < 2; i++) {
		if (!outs[i])
			continue;
		if (r->cli->json)
			jsonl_note(outs[i], type, text, loop_now_ms() - r->t0);
		else
			narrate_note(outs[i], text);
	}
}

static void finish(struct run *r)
{
	r->done = true;
	if (r->timer)
		loop_cancel(r->loop, r->timer);
	r->timer = 0;
	loop_stop(r->loop);
}

static void arm_timer(struct run *r);

static void on_timeout(struct loop *l, void *arg)
{
	struct run *r = arg;
	(void)l;
	r->timer = 0;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("no answer from the server within %d s"), r->cli->timeout_s);
	out_note(r, "timeout", b.data);
	run_plan_fail(r->plan, b.data);
	buf_free(&b);
	finish(r);
}

/* A reply deadline runs while the server owes us something. */
static void arm_timer(struct run *r)
{
	if (r->done)
		return;
	if (r->timer)
		loop_cancel(r->loop, r->timer);
	r->timer = loop_timer(r->loop, (int64_t)r->cli->timeout_s * 1000, on_timeout, r);
}

static void handshake(struct run *r);

static void start_tls(struct run *r)
{
	struct buf err;
	buf_init(&err, 0);
	struct tls_opts to = {.host = r->cli->host, .sni = r->cli->sni, .cafile = r->cli->cafile,
			      .cert = r->cli->cert, .key = r->cli->key,
			      .insecure = r->cli->insecure};
	r->tls = tls_new(r->fd, &to, &err);
	if (!r->tls) {
		out_note(r, "tls", err.data);
		run_plan_tls_failed(r->plan, err.data);
		finish(r);
	} else {
		r->handshaking = true;
		handshake(r); /* the client speaks first: send the ClientHello now */
	}
	buf_free(&err);
}

/* Hand every queued engine event to the output and the plan. */
static void pump(struct run *r)
{
	struct smtp_event ev;
	while (smtp_client_next_event(r->c, &ev)) {
		FILE *outs[2] = {stdout, r->cli->output};
		for (int i = 0; i < 2; i++) {
			if (!outs[i])
				continue;
			if (r->cli->json)
				jsonl_event(outs[i], &r->no, &ev, loop_now_ms() - r->t0);
			else
				narrate_event(outs[i], &r->no, &ev);
		}
		enum run_action a = run_plan_event(r->plan, r->c, &ev);
		char *note = run_plan_take_note(r->plan);
		if (note)
			out_note(r, "auth", note);
		free(note);
		switch (a) {
		case RUN_SEND_BODY:
			r->body_streaming = true;
			break;
		case RUN_START_TLS:
			start_tls(r);
			break;
		case RUN_FINISHED:
			finish(r);
			break;
		case RUN_GO_ON:
			break;
		}
	}
	fflush(stdout);
}

static void feed_body(struct run *r)
{
	const uint8_t *p;
	if (!r->body_streaming || smtp_client_tx(r->c, &p) >= BODY_CHUNK)
		return;
	char chunk[BODY_CHUNK];
	size_t n = fread(chunk, 1, sizeof chunk, r->cli->body);
	if (n > 0)
		smtp_client_body(r->c, chunk, n);
	if (n < sizeof chunk) {
		if (ferror(r->cli->body)) {
			out_note(r, "error", _("reading the body failed; the message is cut short"));
		}
		r->body_streaming = false;
		smtp_client_body_end(r->c);
		pump(r);
	}
}

static void closed(struct run *r, const char *why)
{
	smtp_client_closed(r->c, why);
	pump(r);
	finish(r);
}

static void do_read(struct run *r)
{
	char b[16384];
	for (;;) {
		size_t got = 0;
		if (r->tls) {
			enum tls_io s = tls_read(r->tls, b, sizeof b, &got);
			if (s == TLS_IO_WANT_READ)
				break;
			if (s == TLS_IO_WANT_WRITE) {
				r->tls_wants_write = true;
				break;
			}
			if (s == TLS_IO_CLOSED || s == TLS_IO_ERROR) {
				closed(r, tls_error(r->tls));
				return;
			}
		} else {
			ssize_t n = recv(r->fd, b, sizeof b, 0);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				break;
			if (n <= 0) {
				closed(r, n == 0 ? _("the server closed the connection") : strerror(errno));
				return;
			}
			got = (size_t)n;
		}
		arm_timer(r);
		smtp_client_feed(r->c, b, got);
		pump(r);
		if (r->handshaking || r->done)
			break;
	}
}

static void do_write(struct run *r)
{
	const uint8_t *p;
	size_t n = smtp_client_tx(r->c, &p);
	while (n > 0) {
		size_t put = 0;
		if (r->tls) {
			enum tls_io s = tls_write(r->tls, p, n, &put);
			if (s == TLS_IO_WANT_WRITE || s == TLS_IO_WANT_READ)
				return;
			if (s != TLS_IO_OK) {
				closed(r, tls_error(r->tls));
				return;
			}
		} else {
			ssize_t w = send(r->fd, p, n, MSG_NOSIGNAL);
			if (w < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (w < 0) {
				closed(r, strerror(errno));
				return;
			}
			put = (size_t)w;
		}
		smtp_client_tx_done(r->c, put);
		feed_body(r);
		n = smtp_client_tx(r->c, &p);
	}
}

static void handshake(struct run *r)
{
	enum tls_io s = tls_handshake(r->tls);
	if (s == TLS_IO_WANT_READ || s == TLS_IO_WANT_WRITE) {
		r->tls_wants_write = s == TLS_IO_WANT_WRITE;
		return;
	}
	r->handshaking = false;
	r->tls_wants_write = false;
	struct buf b;
	buf_init(&b, 0);
	if (s != TLS_IO_OK) {
		buf_printf(&b, _("TLS handshake failed: %s"), tls_error(r->tls));
		out_note(r, "tls", b.data);
		run_plan_tls_failed(r->plan, b.data);
		buf_free(&b);
		finish(r);
		return;
	}
	tls_describe(r->tls, &b);
	out_note(r, "tls", b.data);
	buf_free(&b);
	if (smtp_client_state(r->c) == SMTP_ST_TLS) { /* STARTTLS, not implicit */
		run_plan_tls_ready(r->plan);
		smtp_client_tls_ready(r->c, true);
		pump(r);
	}
	arm_timer(r);
}

static void on_io(struct loop *l, int fd, short revents, void *arg)
{
	struct run *r = arg;
	(void)l;
	(void)fd;
	if (r->handshaking) {
		handshake(r);
	} else {
		if (revents & (POLLIN | POLLHUP | POLLERR))
			do_read(r);
		if (!r->handshaking && (revents & POLLOUT || r->tls_wants_write)) {
			r->tls_wants_write = false;
			do_write(r);
		}
	}
}

/* Interest is recomputed from state before every wait. */
static int before_sleep(struct loop *l, void *arg)
{
	struct run *r = arg;
	if (r->fd < 0)
		return -1;
	feed_body(r);
	const uint8_t *p;
	short ev = POLLIN;
	if ((!r->handshaking && smtp_client_tx(r->c, &p) > 0) || r->tls_wants_write)
		ev |= POLLOUT;
	loop_set_events(l, r->fd, ev);
	/* Decrypted bytes do not wake poll(): handle them first. */
	if (r->tls && !r->handshaking && tls_pending(r->tls)) {
		do_read(r);
		return 0;
	}
	return -1;
}

static void on_connected(int fd, const char *peer, const char *why, void *arg)
{
	struct run *r = arg;
	r->connecting = NULL;
	if (fd < 0) {
		out_note(r, "connect", why);
		run_plan_fail(r->plan, why);
		finish(r);
		return;
	}
	r->fd = fd;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connected to %s"), peer);
	out_note(r, "connect", b.data);
	buf_free(&b);
	loop_watch(r->loop, fd, POLLIN, on_io, r);
	if (r->cli->tls == RUN_TLS_IMPLICIT)
		start_tls(r);
	arm_timer(r);
}

/* SCRAM-*-PLUS binds the authentication to this TLS connection. */
static int channel_binding(void *ctx, const char **type, uint8_t *out, size_t *len)
{
	struct run *r = ctx;
	return r->tls ? tls_channel_binding(r->tls, type, out, len) : -1;
}

static void on_interrupt(struct loop *l, int signo, void *arg)
{
	struct run *r = arg;
	(void)l;
	(void)signo;
	out_note(r, "interrupted", _("interrupted"));
	run_plan_fail(r->plan, _("interrupted by the user"));
	finish(r);
}

int cmd_run(int argc, char **argv)
{
	struct run_cli cli;
	int rc = run_cli_parse(&cli, argc, argv);
	if (rc >= 0)
		return rc;

	struct run r = {.cli = &cli, .fd = -1};
	r.no = (struct narrate_opts){.show_secrets = cli.show_secrets, .explain = true,
				     .auth_maths = cli.explain_auth,
				     .esc_flags = esc_flags_for_locale()};
	signal(SIGPIPE, SIG_IGN);
	r.loop = loop_new();
	r.t0 = loop_now_ms();
	r.c = smtp_client_new(&(struct smtp_client_opts){
		.ehlo_name = cli.opts.ehlo, .tls_active = cli.tls == RUN_TLS_IMPLICIT});
	cli.opts.creds.channel_binding = channel_binding;
	cli.opts.creds.cb_ctx = &r;
	r.plan = run_plan_new(&cli.opts);
	loop_signal(r.loop, SIGINT, on_interrupt, &r);
	loop_signal(r.loop, SIGTERM, on_interrupt, &r);
	loop_before_sleep(r.loop, before_sleep, &r);
	r.connecting = net_connect_start(r.loop, cli.host, cli.port, cli.family,
					 (int64_t)cli.timeout_s * 1000, on_connected, &r);
	if (r.connecting || r.fd >= 0)
		loop_run(r.loop);
	if (r.connecting)
		net_connect_cancel(r.connecting);

	rc = run_plan_exit(r.plan);
	if (rc) {
		enum run_stage st = run_plan_stage(r.plan);
		if (r.fd < 0 && !r.tls)
			st = RUN_STAGE_CONNECT, rc = run_stage_exit(st);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("failed at the %s stage: %s"), run_stage_name(st),
			   run_plan_reason(r.plan));
		out_note(&r, "result", b.data);
		fprintf(stderr, "smtpdbg run: %s\n", b.data);
		buf_free(&b);
	} else {
		out_note(&r, "result", _("session completed"));
	}
	tls_free(r.tls);
	if (r.fd >= 0)
		close(r.fd);
	run_plan_free(r.plan);
	smtp_client_free(r.c);
	loop_free(r.loop);
	run_cli_free(&cli);
	return rc;
}
