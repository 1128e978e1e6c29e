/* The session driver: connect, TLS, the poll loop, timeouts, output. The
 * plan decides what to send; this file only moves bytes and reports. */
#include "smtpdbg/drive.h"
#include "smtpdbg/ehlo_name.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "smtpdbg/conn.h"
#include "smtpdbg/dane_lookup.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/mx_route.h"
#include "smtpdbg/net.h"
#include "smtpdbg/pipe_cmd.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/transcript_file.h"
#include "smtpdbg/xmalloc.h"

/* How much body is queued ahead of the socket: keeps memory flat for a
 * message of any size. */
#define BODY_CHUNK (64 * 1024)

struct drive {
	const struct drive_conf *conf;
	const struct drive_plan *plan;
	struct loop *loop;
	struct smtp_client *c;
	struct conn *conn;
	bool connected;
	bool body_streaming;
	bool dropping; /* RUN_DROP: close once the engine's queue is written */
	unsigned bodies; /* times the body was sent: one per transaction */
	bool done;
	uint64_t timer;
	size_t answers; /* replies to our commands so far: each restarts the deadline */
	int64_t t0;
	bool saved_header; /* --output has its first line */
	struct pipe_cmd pipe; /* --pipe: the command, its stderr */
	struct drive_stats stats;
	bool output_failed; /* a write to --output failed: nothing more goes there */
	struct mx_route mx; /* --mx: the MX hosts (drive_mx_route) */
	size_t mx_i;        /* ... the one being tried */
	struct tls_opts tls; /* conf's, with the MX host's name to verify */
	struct dane_set dane; /* the TLSA records of the host being tried */
	struct dane_query *dane_q; /* while they are asked for */
};

/* Say once, on stderr, that --output could not be written, and why. */
static void output_failed(struct drive *d, int err)
{
	d->output_failed = true;
	const char *path = d->conf->output_path ? d->conf->output_path : "--output";
	char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
	fprintf(stderr, _("smtpdbg %s: cannot write %s: %s; the rest of the session is not "
			  "saved there\n"),
		d->conf->name ? d->conf->name : "run", safe, strerror(err ? err : EIO));
	free(safe);
}

/* --output is a transcript file (docs/transcript-format.md): what
 * `smtpdbg replay` explains again. Written as the session goes, so a crash
 * or a kill keeps everything up to it. Every write is checked: the first
 * failure is reported on stderr with the file's name, nothing more is
 * written to it, and the command exits 19 (drive_output_failed). */
static void save_list(struct drive *d, const struct tf_list *l)
{
	struct safefile *f = d->conf->output;
	if (!f || d->output_failed)
		return;
	struct buf b;
	buf_init(&b, 0);
	if (!d->saved_header) {
		struct tf_list h;
		tf_list_init(&h);
		char peer[300];
		if (d->conf->pipe)
			snprintf(peer, sizeof peer, "pipe:%s", d->conf->pipe);
		else if (d->conf->family == AF_UNIX)
			snprintf(peer, sizeof peer, "unix:%s", d->conf->host);
		else
			snprintf(peer, sizeof peer, "%s:%s", d->conf->host, d->conf->port);
		h.hdr.peer = xstrdup(peer);
		h.hdr.tool = xstrdup("smtpdbg " SMTPDBG_VERSION);
		char when[32];
		time_t now = time(NULL);
		struct tm tm;
		if (gmtime_r(&now, &tm) && strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
			h.hdr.start = xstrdup(when);
		tf_format_header(&b, &h.hdr);
		tf_list_free(&h);
		d->saved_header = true;
	}
	for (size_t i = 0; i < l->n; i++)
		tf_format_record(&b, &l->v[i], d->conf->no.show_secrets);
	if (b.len && safefile_write(f, b.data, b.len) < 0)
		output_failed(d, f->err);
	buf_wipe_free(&b);
}

/* A note or a summary as records, one per line of text. */
static void save_text(struct drive *d, enum tf_kind kind, const char *text)
{
	if (!d->conf->output)
		return;
	struct tf_list l;
	tf_list_init(&l);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (n)
			tf_list_add(&l, kind, loop_now_ms() - d->t0, 0, p, n);
		p += n + (p[n] == '\n');
	}
	save_list(d, &l);
	tf_list_free(&l);
}

static void save_event(struct drive *d, const struct smtp_event *ev)
{
	if (!d->conf->output)
		return;
	struct tf_list l;
	tf_list_init(&l);
	if (tf_list_add_event(&l, ev, loop_now_ms() - d->t0, smtp_client_tls(d->c)))
		save_list(d, &l);
	tf_list_free(&l);
}

void drive_print(struct drive *d, const char *text)
{
	if (!d->conf->silent)
		fputs(text, stdout);
	save_text(d, TF_NOTE, text);
}

void drive_note(struct drive *d, const char *type, const char *text)
{
	if (d->conf->silent)
		;
	else if (d->conf->json)
		jsonl_note(stdout, type, text, loop_now_ms() - d->t0);
	else
		narrate_note(stdout, text);
	/* What went wrong is a warning; what the session did, a note. */
	bool warn = !strcmp(type, "timeout") || !strcmp(type, "error") ||
		    !strcmp(type, "interrupted");
	save_text(d, warn ? TF_WARN : TF_NOTE, text);
}

void drive_result(struct drive *d, const char *stage, int exit_code, const char *text)
{
	if (d->conf->silent)
		;
	else if (d->conf->json)
		jsonl_result(stdout, stage, exit_code, text, loop_now_ms() - d->t0);
	else
		narrate_note(stdout, text);
	save_text(d, TF_NOTE, text);
}

/* What the session did, rather than what went wrong: --quiet drops it. */
static void info_note(struct drive *d, const char *type, const char *text)
{
	if (!d->conf->quiet)
		drive_note(d, type, text);
	else
		save_text(d, TF_NOTE, text); /* the file still gets the whole session */
}

static void finish(struct drive *d)
{
	if (!d->done)
		d->stats.total_ms = loop_now_ms() - d->t0;
	d->done = true;
	if (d->conn)
		conn_pause_reading(d->conn, true); /* nothing more is read or shown */
	if (d->timer)
		loop_cancel(d->loop, d->timer);
	d->timer = 0;
	loop_stop(d->loop);
}

/* Close without QUIT, once everything queued has gone out. */
static void maybe_drop(struct drive *d)
{
	const uint8_t *p;
	if (!d->dropping || d->done || smtp_client_tx(d->c, &p) > 0)
		return;
	finish(d);
}

static void on_timeout(struct loop *l, void *arg)
{
	struct drive *d = arg;
	(void)l;
	d->timer = 0;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("no answer from the server within %d s"), d->conf->timeout_s);
	drive_note(d, "timeout", b.data);
	d->plan->fail(d->plan->ctx, b.data);
	buf_free(&b);
	finish(d);
}

/* A reply deadline runs while the server owes us something. It is a total
 * deadline per reply, restarted by a complete answer, not by any byte: a
 * server trickling one byte a second must not hold the session forever. */
static void arm_timer(struct drive *d)
{
	if (d->done || d->dane_q) /* the TLSA lookup has its own deadline */
		return;
	if (d->timer)
		loop_cancel(d->loop, d->timer);
	d->timer = loop_timer(d->loop, (int64_t)d->conf->timeout_s * 1000, on_timeout, d);
}

/* --dane require refuses the TLS stage: the reason, noted and failed. */
static void dane_refuse(struct drive *d, const char *why)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("--dane require: %s"), why);
	drive_note(d, "tls_failed", b.data);
	d->plan->tls_failed(d->plan->ctx, b.data);
	buf_free(&b);
	finish(d);
}

static void really_start_tls(struct drive *d)
{
	struct buf err;
	buf_init(&err, 0);
	if (conn_start_tls(d->conn, &d->tls, &err) < 0) {
		drive_note(d, "tls_failed", err.data);
		d->plan->tls_failed(d->plan->ctx, err.data);
		finish(d);
	}
	buf_free(&err);
}

/* The TLSA lookup is over: show what it found, hold --dane require to
 * it, then the handshake, with its own reply deadline. */
static void on_dane(void *arg)
{
	struct drive *d = arg;
	dane_query_free(d->dane_q);
	d->dane_q = NULL;
	d->tls.dane = &d->dane;
	if (d->mx.n)
		dane_mx_security(&d->dane, d->mx.secure);
	struct buf b;
	buf_init(&b, 0);
	dane_describe_lookup(&d->dane, &b);
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (d->dane.status == DANE_L_FAILED)
		drive_note(d, "dane", b.data);
	else
		info_note(d, "dane", b.data);
	buf_free(&b);
	if (d->conf->dane == DANE_REQUIRE && !dane_enforced(&d->dane)) {
		enum dane_result r = dane_judge(&d->dane, false, true, -1);
		dane_refuse(d, r == DANE_R_NO_MATCH_UNVALIDATED
				       ? _("the TLSA records are NOT validated by DNSSEC: not "
					   "DANE-authenticated")
			       : r == DANE_R_NONE
				       ? _("no TLSA records, so DANE cannot authenticate this server")
				       : dane_result_text(r));
		return;
	}
	really_start_tls(d);
	arm_timer(d);
}

/* DANE (RFC 7672 §2.2): the TLSA records of _PORT._tcp.HOST, HOST being
 * the MX host with --mx, asked before the handshake, since OpenSSL
 * matches during it; in the loop, within --timeout (the reply deadline
 * waits meanwhile). */
static void start_tls(struct drive *d)
{
	const struct drive_conf *c = d->conf;
	dane_set_free(&d->dane);
	memset(&d->dane, 0, sizeof d->dane);
	d->tls.dane = NULL;
	const char *host = d->mx.n ? d->mx.names[d->mx_i] : c->host;
	if (c->dane != DANE_OFF && !c->pipe && c->family != AF_UNIX && dane_lookup_applies(host)) {
		if (d->timer)
			loop_cancel(d->loop, d->timer);
		d->timer = 0;
		d->dane_q = dane_query_start(d->loop, host, c->port, (int64_t)c->timeout_s * 1000,
					     &d->dane, on_dane, d);
		return;
	}
	if (c->dane == DANE_REQUIRE) {
		dane_refuse(d, _("DANE needs a host name to look up TLSA records for, not an "
				 "address, a socket or a command"));
		return;
	}
	really_start_tls(d);
}

/* Hand every queued engine event to the output and the plan. */
static void pump(struct drive *d)
{
	struct smtp_event ev;
	while (smtp_client_next_event(d->c, &ev)) {
		if (ev.type == SMTP_EV_REPLY && ev.answers) {
			d->answers++;
			int64_t now = loop_now_ms() - d->t0;
			if (!strcmp(ev.answers, "GREETING") && d->stats.banner_ms < 0)
				d->stats.banner_ms = now;
			if (!strcmp(ev.answers, "AUTH") && ev.reply->code == 235)
				d->stats.auth_ms = now;
		}
		if (d->conf->json && !d->conf->quiet)
			jsonl_event(stdout, &d->conf->no, &ev, loop_now_ms() - d->t0,
				    smtp_client_caps(d->c));
		else if (!d->conf->quiet)
			narrate_event(stdout, &d->conf->no, &ev);
		save_event(d, &ev);
		enum run_action a = d->plan->event(d->plan->ctx, d->c, &ev);
		const char *type = NULL;
		char *note;
		while ((note = d->plan->take_note(d->plan->ctx, &type))) {
			if (d->conf->quiet_notes)
				info_note(d, type, note);
			else
				drive_note(d, type, note);
			free(note);
		}
		switch (a) {
		case RUN_SEND_BODY:
			d->body_streaming = d->conf->body != NULL;
			/* LIMITS split the recipients: the same message again. */
			if (d->body_streaming && d->bodies++ && fseek(d->conf->body, 0, SEEK_SET) < 0) {
				drive_note(d, "error", _("the message cannot be read a second time for "
							 "the next transaction (it came from a "
							 "pipe); give fewer --to"));
				d->plan->fail(d->plan->ctx, _("the message could not be sent again"));
				finish(d);
				return;
			}
			if (!d->body_streaming)
				smtp_client_body_end(d->c);
			break;
		case RUN_START_TLS:
			start_tls(d);
			break;
		case RUN_FINISHED:
			if (!d->dropping) /* else once the queue is written */
				finish(d);
			break;
		case RUN_DROP: /* the reply timer still bounds a write that never ends */
			d->dropping = true;
			d->body_streaming = false;
			break;
		case RUN_GO_ON:
			break;
		}
	}
	maybe_drop(d);
	fflush(stdout);
}

static void feed_body(struct drive *d)
{
	const uint8_t *p;
	char chunk[BODY_CHUNK];
	/* Until the socket has enough queued: with BDAT the engine gathers a
	 * whole chunk before any of it is queued, so one read may queue
	 * nothing, and nothing would wake the loop to read the next. */
	while (d->body_streaming && smtp_client_tx(d->c, &p) < BODY_CHUNK &&
	       smtp_client_body_wants(d->c)) {
		size_t n = fread(chunk, 1, sizeof chunk, d->conf->body);
		if (n > 0) {
			smtp_client_body(d->c, chunk, n);
			pump(d); /* the header lines, shown as they go */
		}
		if (n < sizeof chunk) {
			d->body_streaming = false;
			if (ferror(d->conf->body)) {
				/* Never end a message that is not whole: without its
				 * "." (or BDAT LAST) the server discards what it got
				 * when the connection goes. */
				const char *why = _("reading the message failed: it is not ended "
						    "with \".\", so the server discards it");
				drive_note(d, "error", why);
				d->plan->fail(d->plan->ctx, why);
				finish(d);
				return;
			}
			smtp_client_body_end(d->c);
			pump(d);
		}
	}
}

static void on_bytes(void *arg, const void *p, size_t n)
{
	struct drive *d = arg;
	if (d->done)
		return;
	size_t answers = d->answers;
	smtp_client_feed(d->c, p, n);
	pump(d);
	if (d->answers != answers)
		arm_timer(d);
}

static size_t on_tx(void *arg, const uint8_t **p)
{
	struct drive *d = arg;
	return smtp_client_tx(d->c, p);
}

static void on_tx_done(void *arg, size_t n)
{
	struct drive *d = arg;
	smtp_client_tx_done(d->c, n);
	feed_body(d);
	maybe_drop(d);
}

static void on_tls_up(void *arg)
{
	struct drive *d = arg;
	struct tls_conn *t = conn_tls(d->conn);
	d->stats.tls_ms = loop_now_ms() - d->t0;
	d->stats.have_cert = tls_cert_days(t, &d->stats.cert_days) == 0;
	struct buf b;
	buf_init(&b, 0);
	tls_describe(t, &b);
	struct dane_outcome dane;
	tls_dane_outcome(t, &dane);
	if (d->conf->dane == DANE_OFF)
		dane.result = DANE_R_OFF;
	if (d->conf->json && !d->conf->quiet) {
		jsonl_tls(stdout, &(struct jsonl_tls_info){.version = tls_version(t),
							   .cipher = tls_cipher(t),
							   .verified = tls_verified(t),
							   .error = tls_error(t),
							   .text = b.data,
							   .dane = d->tls.dane,
							   /* none asked for, none said */
							   .dane_outcome = d->tls.dane ||
									   d->conf->dane == DANE_OFF
								   ? &dane
								   : NULL},
			  loop_now_ms() - d->t0);
		save_text(d, TF_NOTE, b.data);
	} else {
		info_note(d, "tls", b.data);
	}
	buf_free(&b);
	/* --insecure lets a failed match through the handshake: require
	 * still holds. */
	if (d->conf->dane == DANE_REQUIRE && !dane_result_authenticated(dane.result)) {
		dane_refuse(d, dane_result_text(dane.result));
		return;
	}
	if (smtp_client_state(d->c) == SMTP_ST_TLS) { /* STARTTLS, not implicit */
		d->plan->tls_ready(d->plan->ctx);
		smtp_client_tls_ready(d->c, true);
		pump(d);
	}
	arm_timer(d);
}

static const struct conn_ops drive_conn_ops;

/* --mx: after a failed connect, the next MX host, with its own
 * timeout (RFC 5321 §5.1: each in turn). Returns false after the last. */
static bool next_mx(struct drive *d, const char *why)
{
	const struct drive_conf *c = d->conf;
	if (d->mx_i + 1 >= d->mx.n)
		return false;
	d->mx_i++;
	struct buf b;
	buf_init(&b, 0);
	mx_route_next_note(why, d->mx.names[d->mx_i], &b);
	drive_note(d, "connect", b.data);
	buf_free(&b);
	d->tls.host = d->mx.names[d->mx_i];
	conn_free(d->conn);
	d->conn = conn_new(d->loop, &drive_conn_ops, d);
	conn_connect_path(d->conn, d->mx.names[d->mx_i], c->port, c->family,
			  (int64_t)c->timeout_s * 1000, c->path);
	return true;
}

static void on_closed(void *arg, const char *why, bool tls)
{
	struct drive *d = arg;
	if (!d->connected && next_mx(d, why))
		return;
	if (!d->connected) {
		drive_note(d, "connect", why);
		d->plan->fail(d->plan->ctx, why);
	} else if (tls) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("TLS handshake failed: %s"), why);
		drive_note(d, "tls_failed", b.data);
		d->plan->tls_failed(d->plan->ctx, b.data);
		buf_free(&b);
	} else {
		smtp_client_closed(d->c, why);
		pump(d);
	}
	finish(d);
}

/* Before every wait (and before the connection's own hook, which then
 * sees what was queued): keep the body flowing. */
static int before_sleep(struct loop *l, void *arg)
{
	struct drive *d = arg;
	(void)l;
	if (d->connected && !d->done)
		feed_body(d);
	return -1;
}

static void on_connected(void *arg, const char *peer)
{
	struct drive *d = arg;
	d->connected = true;
	d->stats.connect_ms = loop_now_ms() - d->t0;
	if (!d->conf->ehlo) {
		char name[300];
		ehlo_name_default(conn_fd(d->conn), name, sizeof name);
		smtp_client_set_ehlo_name(d->c, name);
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connected to %s"), peer);
	info_note(d, "connect", b.data);
	buf_free(&b);
	if (d->plan->connected)
		d->plan->connected(d->plan->ctx, peer);
	if (d->conf->tls == CONN_TLS_IMPLICIT)
		start_tls(d);
	arm_timer(d);
}

/* A step on the path (a proxy, a PROXY header) before connected. */
static void on_hop(void *arg, const char *note)
{
	info_note(arg, "connect", note);
}

static const struct conn_ops drive_conn_ops = {
	.connected = on_connected,
	.hop = on_hop,
	.bytes = on_bytes,
	.tx = on_tx,
	.tx_done = on_tx_done,
	.tls_up = on_tls_up,
	.closed = on_closed,
};

int drive_channel_binding(void *ctx, const char **type, uint8_t *out, size_t *len)
{
	struct drive *d = ctx;
	struct tls_conn *t = d->conn ? conn_tls(d->conn) : NULL;
	return t ? tls_channel_binding(t, type, out, len) : -1;
}

static void on_interrupt(struct loop *l, int signo, void *arg)
{
	struct drive *d = arg;
	(void)l;
	(void)signo;
	drive_note(d, "interrupted", _("interrupted"));
	d->plan->fail(d->plan->ctx, _("interrupted by the user"));
	finish(d);
}

struct drive *drive_new(const struct drive_conf *conf)
{
	struct drive *d = xcalloc(1, sizeof *d);
	d->conf = conf;
	signal(SIGPIPE, SIG_IGN);
	d->loop = loop_new();
	d->t0 = loop_now_ms();
	d->pipe.fd = d->pipe.err_fd = -1;
	d->tls = conf->tls_opts;
	d->stats = (struct drive_stats){.connect_ms = -1, .banner_ms = -1, .tls_ms = -1,
					.auth_ms = -1, .total_ms = -1};
	d->c = smtp_client_new(&(struct smtp_client_opts){
		.ehlo_name = conf->ehlo, .tls_active = conf->tls == CONN_TLS_IMPLICIT,
		.lmtp = conf->lmtp});
	return d;
}

/* --pipe: a line the command wrote on its stderr. */
static void on_stderr_line(void *arg, const char *line)
{
	drive_note(arg, "stderr", line);
}

/* --pipe: start the command and run the session over its stdin/stdout. */
static void start_pipe(struct drive *d)
{
	struct buf why;
	buf_init(&why, 0);
	if (pipe_cmd_start(d->conf->pipe, &d->pipe, d->loop, on_stderr_line, d,
			   d->conf->no.esc_flags, &why) < 0) {
		drive_note(d, "connect", why.data);
		d->plan->fail(d->plan->ctx, why.data);
		buf_free(&why);
		d->done = true;
		return;
	}
	buf_reset(&why);
	pipe_cmd_describe(&d->pipe, d->conf->pipe, &why);
	int fd = d->pipe.fd;
	d->pipe.fd = -1; /* the connection owns it now */
	conn_connected_fd(d->conn, fd, why.data);
	buf_free(&why);
}

/* --pipe, after the session: the command's last words and how it ended. */
static void end_pipe(struct drive *d)
{
	if (d->conn) { /* closing our end is its end of input */
		conn_free(d->conn);
		d->conn = NULL;
	}
	struct buf b;
	buf_init(&b, 0);
	int status = pipe_cmd_finish(&d->pipe, d->conf->timeout_s * 1000, &b);
	if (b.len)
		drive_note(d, status == 0 ? "pipe" : "error", b.data);
	buf_free(&b);
}

void drive_run(struct drive *d, const struct drive_plan *plan)
{
	d->plan = plan;
	loop_signal(d->loop, SIGINT, on_interrupt, d);
	loop_signal(d->loop, SIGTERM, on_interrupt, d);
	loop_signal(d->loop, SIGHUP, on_interrupt, d);
	loop_before_sleep(d->loop, before_sleep, d);
	const struct drive_conf *c = d->conf;
	d->conn = conn_new(d->loop, &drive_conn_ops, d);
	if (c->pipe)
		start_pipe(d);
	else
		conn_connect_path(d->conn, d->mx.n ? d->mx.names[0] : c->host, c->port, c->family,
				  (int64_t)c->timeout_s * 1000, c->path);
	if (!d->done)
		loop_run(d->loop);
	if (c->pipe && d->pipe.pid > 0)
		end_pipe(d);
}

bool drive_output_failed(const struct drive *d)
{
	return d->output_failed;
}

int drive_output_close(struct drive *d)
{
	struct safefile *f = d->conf->output;
	if (!f || f->fd < 0)
		return d->output_failed ? -1 : 0;
	if (d->output_failed) {
		safefile_abort(f); /* keeps what was written */
		return -1;
	}
	char why[256];
	if (safefile_close(f, why, sizeof why) < 0) {
		output_failed(d, errno);
		return -1;
	}
	return 0;
}

void drive_stats(const struct drive *d, struct drive_stats *out)
{
	*out = d->stats;
}

bool drive_connected(const struct drive *d)
{
	return d->connected;
}

void drive_free(struct drive *d)
{
	if (!d)
		return;
	if (d->conn) {
		conn_tls_shutdown(d->conn);
		conn_free(d->conn);
	}
	if (d->pipe.pid > 0) { /* the session ended some other way */
		struct buf ignored;
		buf_init(&ignored, 0);
		pipe_cmd_finish(&d->pipe, 0, &ignored);
		buf_free(&ignored);
	}
	dane_query_free(d->dane_q);
	smtp_client_free(d->c);
	loop_free(d->loop);
	dane_set_free(&d->dane);
	mx_route_free(&d->mx);
	free(d);
}

bool drive_mx_route(struct drive *d, struct buf *why)
{
	const struct drive_conf *c = d->conf;
	if (mx_route_lookup(c->host, c->timeout_s, &d->mx, why) < 0)
		return false; /* no host to try: the connect stage failed */
	struct buf b;
	buf_init(&b, 0);
	mx_route_describe(&d->mx, c->host, &b);
	drive_note(d, "connect", b.data);
	buf_free(&b);
	d->tls.host = d->mx.names[0];
	return true;
}

const char *drive_mx_host(const struct drive *d)
{
	return d->mx.n ? d->mx.names[d->mx_i] : NULL;
}
