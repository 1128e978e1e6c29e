/* smtpdbg run HOST[:PORT]: a whole session without a person at the
 * keyboard. The run plan decides what to send; the driver does the I/O:
 * connect, TLS, the poll loop, streaming the body, timeouts, output. */
#include <stdlib.h>
#include <time.h>

#include "smtpdbg/drive.h"
#include "run_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/run_plan.h"
#include "smtpdbg/safefile.h"

static enum run_action plan_event(void *ctx, struct smtp_client *c, const struct smtp_event *ev)
{
	/* The plan is pure: the clock comes from here (what PIPELINING saved). */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	run_plan_clock(ctx, (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
	return run_plan_event(ctx, c, ev);
}

static void plan_fail(void *ctx, const char *why)
{
	run_plan_fail(ctx, why);
}

static void plan_tls_ready(void *ctx)
{
	run_plan_tls_ready(ctx);
}

static void plan_tls_failed(void *ctx, const char *why)
{
	run_plan_tls_failed(ctx, why);
}

/* The run plan's notes say which mechanism was chosen, and why, and what
 * the extensions did. */
static char *plan_take_note(void *ctx, const char **type)
{
	char *n = run_plan_take_note(ctx);
	*type = "mechanism";
	if (!n) {
		n = run_plan_take_ext_note(ctx);
		*type = "extension";
	}
	return n;
}

int cmd_run(int argc, char **argv)
{
	struct run_cli cli;
	int rc = run_cli_parse(&cli, argc, argv);
	if (rc >= 0) {
		run_cli_free(&cli); /* what was parsed before the error */
		return rc;
	}

	struct drive_conf conf = {
		.host = cli.conn.host, .port = cli.conn.port, .family = cli.conn.family, .tls = cli.conn.tls,
		.tls_opts = {.host = cli.conn.host, .sni = cli.conn.sni, .cafile = cli.conn.cafile,
			     .cert = cli.conn.cert, .key = cli.conn.key, .insecure = cli.conn.insecure},
		.timeout_s = cli.conn.timeout_s, .ehlo = cli.opts.ehlo, .json = cli.json,
		.output = cli.output.fd >= 0 ? &cli.output : NULL, .output_path = cli.output_path,
		.name = "run", .body = cli.body,
		.no = {.show_secrets = cli.show_secrets, .explain = true,
		       .auth_maths = cli.explain_auth, .esc_flags = esc_flags_for_locale()},
	};
	struct drive *d = drive_new(&conf);
	cli.opts.creds.channel_binding = drive_channel_binding;
	cli.opts.creds.cb_ctx = d;
	struct run_plan *plan = run_plan_new(&cli.opts);
	drive_run(d, &(struct drive_plan){.ctx = plan, .event = plan_event, .fail = plan_fail,
					  .tls_ready = plan_tls_ready,
					  .tls_failed = plan_tls_failed,
					  .take_note = plan_take_note});

	rc = run_plan_exit(plan);
	if (rc) {
		enum run_stage st = run_plan_stage(plan);
		if (!drive_connected(d))
			st = RUN_STAGE_CONNECT, rc = run_stage_exit(st);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("failed at the %s stage: %s"), run_stage_name(st),
			   run_plan_reason(plan));
		drive_result(d, run_stage_name(st), rc, b.data);
		fprintf(stderr, "smtpdbg run: %s\n", b.data);
		buf_free(&b);
	} else {
		drive_result(d, run_stage_name(run_plan_stage(plan)), 0, _("session completed"));
	}
	/* A session whose transcript was lost is not a success (DESIGN §2:
	 * 19), whatever its own outcome; the message on stderr says why. */
	if (drive_output_close(d) < 0 || cli_stdout_failed("run"))
		rc = SMTPDBG_EXIT_WRITE;
	drive_free(d);
	run_plan_free(plan);
	run_cli_free(&cli);
	return rc;
}
