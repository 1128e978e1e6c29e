/* smtpdbg run HOST[:PORT]: a whole session without a person at the
 * keyboard. The run plan decides what to send; the driver does the I/O:
 * connect, TLS, the poll loop, streaming the body, timeouts, output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/drive.h"
#include "run_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
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
	bool header_done; /* the empty line after the header was sent */
	char *summary;    /* waiting to be shown */
	int64_t t0;       /* when the session started, for --json's "t" */
};

static enum run_action plan_event(void *ctx, struct smtp_client *c, const struct smtp_event *ev)
{
	struct run_ctx *x = ctx;
	if (x->msg && !x->header_done && ev->type == SMTP_EV_SENT &&
	    (ev->flags & SMTP_F_BODY) && ev->len == 0) {
		x->header_done = true;
		if (x->json) { /* the same facts as one object */
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

/* The run plan's notes say which mechanism was chosen, and why; then the
 * message's parts, once its header has been shown. */
static char *plan_take_note(void *ctx, const char **type)
{
	struct run_ctx *x = ctx;
	char *note = run_plan_take_note(x->plan);
	if (note) {
		*type = "mechanism";
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

int cmd_run(int argc, char **argv)
{
	struct run_cli cli;
	int rc = run_cli_parse(&cli, argc, argv);
	if (rc >= 0) {
		run_cli_free(&cli); /* what was parsed before the error */
		return rc;
	}

	if (cli.dump_message) {
		rc = dump_message(&cli);
		run_cli_free(&cli);
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
	struct run_ctx x = {.plan = plan, .msg = cli.opts.has_body ? cli.msg : NULL,
			    .json = cli.json, .t0 = loop_now_ms()};
	drive_run(d, &(struct drive_plan){.ctx = &x, .event = plan_event, .fail = plan_fail,
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
	free(x.summary);
	run_cli_free(&cli);
	return rc;
}
