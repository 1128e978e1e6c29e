/* smtpdbg run HOST[:PORT]: a whole session without a person at the
 * keyboard. The run plan decides what to send; the driver does the I/O:
 * connect, TLS, the poll loop, streaming the body, timeouts, output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "smtpdbg/drive.h"
#include "run_opts.h"
#include "smtpdbg/check.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/dane.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/message.h"
#include "smtpdbg/run_plan.h"
#include "smtpdbg/safefile.h"

/* The plan, and what the transcript shows of the message instead of its
 * body's lines. */
struct run_ctx {
	struct run_plan *plan;
	const struct message *msg;
	bool json;
	bool quiet;       /* --quiet, --check: no message object either */
	bool header_done; /* the empty line after the header was sent */
	char *summary;    /* waiting to be shown */
	int64_t t0;       /* when the session started, for --json's "t" */
};

static enum run_action plan_event(void *ctx, struct smtp_client *c, const struct smtp_event *ev)
{
	struct run_ctx *x = ctx;
	/* The plan is pure: the clock comes from here (what PIPELINING saved). */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	run_plan_clock(x->plan, (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
	if (x->msg && !x->header_done && ev->type == SMTP_EV_SENT &&
	    (ev->flags & SMTP_F_BODY) && ev->len == 0) {
		x->header_done = true;
		if (x->json) { /* the same facts as one object */
			if (x->quiet)
				return run_plan_event(x->plan, c, ev);
			jsonl_message(stdout, x->msg, loop_now_ms() - x->t0);
			return run_plan_event(x->plan, c, ev);
		}
		struct buf b;
		buf_init(&b, 0);
		message_describe(x->msg, &b);
		if (b.len && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
		x->summary = buf_steal(&b);
	}
	return run_plan_event(x->plan, c, ev);
}

static void plan_fail(void *ctx, const char *why)
{
	run_plan_fail(((struct run_ctx *)ctx)->plan, why);
}

static void plan_tls_ready(void *ctx)
{
	run_plan_tls_ready(((struct run_ctx *)ctx)->plan);
}

static void plan_tls_failed(void *ctx, const char *why)
{
	run_plan_tls_failed(((struct run_ctx *)ctx)->plan, why);
}

/* The run plan's notes say which mechanism was chosen, and why, or that
 * the connection is dropped, and what the extensions did; then the
 * message's parts, once its header has been shown. */
static char *plan_take_note(void *ctx, const char **type)
{
	struct run_ctx *x = ctx;
	char *note = run_plan_take_note(x->plan);
	if (note) {
		*type = run_plan_note_type(x->plan);
		return note;
	}
	if ((note = run_plan_take_ext_note(x->plan))) {
		*type = "extension";
		return note;
	}
	*type = "message";
	note = x->summary;
	x->summary = NULL;
	return note;
}

/* --dump-message: the bytes the stream would give the server. */
static int dump_message(struct run_cli *cli)
{
	FILE *f = message_stream(cli->msg);
	char chunk[64 * 1024];
	size_t n;
	int rc = 0;
	if (!f) {
		fprintf(stderr, "smtpdbg run: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fwrite(chunk, 1, n, stdout) != n)
			break;
	if (ferror(f)) {
		fprintf(stderr, _("smtpdbg run: reading the message failed: %s\n"), strerror(errno));
		rc = 1;
	}
	if (cli_stdout_failed("run"))
		rc = SMTPDBG_EXIT_WRITE;
	return rc;
}

/* --check anywhere before "--": its usage errors are UNKNOWN (3). */
static bool wants_check(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--check"))
			return true;
	return false;
}

/* --check: the monitoring plugin's line from what the session measured. */
static int check_line(const struct run_cli *cli, struct drive *d, int rc, const char *stage,
		      const char *reason)
{
	struct drive_stats st;
	drive_stats(d, &st);
	struct buf target;
	buf_init(&target, 0);
	if (cli->conn.pipe)
		buf_printf(&target, "pipe:%s", cli->conn.pipe);
	else if (cli->conn.family == AF_UNIX)
		buf_printf(&target, "unix:%s", cli->conn.host);
	else
		buf_printf(&target, "%s:%s", cli->conn.host, cli->conn.port);
	char *safe = esc_str(target.data, target.len, esc_flags_for_locale());
	struct check_facts f = {
		.connect_ms = st.connect_ms, .banner_ms = st.banner_ms, .tls_ms = st.tls_ms,
		.auth_ms = st.auth_ms, .total_ms = st.total_ms, .have_cert = st.have_cert,
		.cert_days = st.cert_days, .run_exit = rc, .stage = stage, .reason = reason,
		.target = safe};
	struct check_limits l = {.warn_days = cli->warn_days, .crit_days = cli->crit_days,
				 .warn_ms = (int64_t)cli->warn_time * 1000,
				 .crit_ms = (int64_t)cli->crit_time * 1000};
	struct buf line;
	buf_init(&line, 0);
	enum check_status cs = check_report(&f, &l, &line);
	fputs(line.data, stdout);
	buf_free(&line);
	free(safe);
	buf_free(&target);
	return (int)cs;
}

int cmd_run(int argc, char **argv)
{
	struct run_cli cli;
	bool check = wants_check(argc, argv);
	int rc = run_cli_parse(&cli, argc, argv);
	if (rc >= 0) {
		run_cli_free(&cli); /* what was parsed before the error */
		if (check && rc == EXIT_USAGE) {
			printf("SMTP UNKNOWN - %s\n", _("usage error (see the message above)"));
			return CHECK_UNKNOWN;
		}
		return rc;
	}

	if (cli.dump_message) {
		rc = dump_message(&cli);
		run_cli_free(&cli);
		return rc;
	}

	struct drive_conf conf = {
		.host = cli.conn.host, .port = cli.conn.port, .family = cli.conn.family,
		.path = &cli.conn.path,
		.pipe = cli.conn.pipe, .tls = cli.conn.tls, .lmtp = cli.conn.lmtp,
		.tls_opts = {.host = cli.conn.host, .sni = cli.conn.sni, .cafile = cli.conn.cafile,
			     .cert = cli.conn.cert, .key = cli.conn.key, .insecure = cli.conn.insecure,
			     .choice = &cli.conn.choice},
		.timeout_s = cli.conn.timeout_s, .dane = dane_mode_parse(cli.conn.dane),
		.ehlo = cli.opts.ehlo, .json = cli.json,
		.quiet = cli.quiet || cli.check, .quiet_notes = cli.quiet || cli.check,
		.silent = cli.check,
		.output = cli.output.fd >= 0 ? &cli.output : NULL, .output_path = cli.output_path,
		.name = "run", .body = cli.body,
		.no = {.show_secrets = cli.show_secrets, .explain = true,
		       .auth_maths = cli.explain_auth, .esc_flags = esc_flags_for_locale()},
	};
	struct drive *d = drive_new(&conf);
	struct buf why;
	buf_init(&why, 0);
	if (cli.conn.mx && !drive_mx_route(d, &why)) { /* no host to try (DESIGN §2: 10) */
		drive_result(d, run_stage_name(RUN_STAGE_CONNECT), run_stage_exit(RUN_STAGE_CONNECT),
			     why.data);
		fprintf(stderr, "smtpdbg run: %s\n", why.data);
		buf_free(&why);
		rc = run_stage_exit(RUN_STAGE_CONNECT);
		if (drive_output_close(d) < 0 || cli_stdout_failed("run"))
			rc = SMTPDBG_EXIT_WRITE;
		drive_free(d);
		run_cli_free(&cli);
		return rc;
	}
	buf_free(&why);
	cli.opts.creds.channel_binding = drive_channel_binding;
	cli.opts.creds.cb_ctx = d;
	struct run_plan *plan = run_plan_new(&cli.opts);
	struct run_ctx x = {.plan = plan, .msg = cli.opts.has_body ? cli.msg : NULL,
			    .json = cli.json, .quiet = cli.quiet || cli.check, .t0 = loop_now_ms()};
	drive_run(d, &(struct drive_plan){.ctx = &x, .event = plan_event, .fail = plan_fail,
					  .tls_ready = plan_tls_ready,
					  .tls_failed = plan_tls_failed,
					  .take_note = plan_take_note});

	/* The outcome: its stage, exit status and sentence. */
	rc = run_plan_exit(plan);
	enum run_stage st = run_plan_stage(plan);
	struct buf text;
	buf_init(&text, 0);
	if (rc && rc != RUN_EXIT_PARTIAL) {
		if (!drive_connected(d))
			st = RUN_STAGE_CONNECT, rc = run_stage_exit(st);
		buf_printf(&text, _("failed at the %s stage: %s"), run_stage_name(st),
			   run_plan_reason(plan));
	} else if (rc == RUN_EXIT_PARTIAL) {
		/* Addresses from the command line, shown as any text is. */
		const char *refused = run_plan_refused(plan);
		char *safe = esc_str(refused, strlen(refused), esc_flags_for_locale());
		st = RUN_STAGE_RCPT;
		buf_printf(&text, _("the message went to some recipients only; refused: %s"), safe);
		free(safe);
	} else {
		buf_adds(&text, _("session completed"));
	}
	drive_result(d, run_stage_name(st), rc, text.data);
	if (rc && !cli.check)
		fprintf(stderr, "smtpdbg run: %s\n", text.data);
	if (cli.check) {
		bool failed = rc && rc != RUN_EXIT_PARTIAL;
		rc = check_line(&cli, d, rc, failed ? run_stage_name(st) : NULL,
				failed ? run_plan_reason(plan) : rc ? text.data : NULL);
	}
	buf_free(&text);
	/* A session whose transcript was lost is not a success (DESIGN §2:
	 * 19), whatever its own outcome; the message on stderr says why. */
	if (drive_output_close(d) < 0 || cli_stdout_failed("run"))
		rc = cli.check ? CHECK_UNKNOWN : SMTPDBG_EXIT_WRITE;
	drive_free(d);
	run_plan_free(plan);
	free(x.summary);
	run_cli_free(&cli);
	return rc;
}
