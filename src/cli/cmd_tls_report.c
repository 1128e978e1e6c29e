/* smtpdbg tls-report HOST[:PORT]: what the server's TLS offers. The
 * probe makes the handshakes (src/plans/tls_probe.c), the findings are
 * judged from their facts (src/proto/tls_findings.c) and put into words
 * or JSON (src/render/tls_report_out.c). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli_conn.h"
#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/tls_probe.h"
#include <sys/socket.h>

/* Between connections: a report is a handful of handshakes, not a scan
 * that fail2ban should take for one. */
enum { PACE_MS = 150 };

struct report_cli {
	struct conn_opts conn;
	bool json;
	struct cli_args args;
};

#define T(field) offsetof(struct report_cli, field)

static const struct opt output_opts[] = {
	{.lng = "json", .kind = OPT_FLAG, .off = T(json),
	 .help = N_("one JSON object: versions, groups, the chain, the findings")},
	{0},
};

const struct cli_cmd cli_cmd_tls_report = {
	.name = "tls-report",
	.section = "tls-report",
	.usage = N_("[OPTIONS] HOST[:PORT]"),
	.summary = N_("which TLS versions, ciphers and groups a server accepts, its chain and "
		      "its problems, explained"),
	.about = N_("Report what a server's TLS offers, over STARTTLS (or implicit TLS on port\n"
		    "465 or with --tls): one handshake for the certificate chain, then one per\n"
		    "other protocol version and key exchange group, paced. Each finding (expired,\n"
		    "weak key, SHA-1 signature, missing intermediate, name mismatch, old TLS\n"
		    "versions) is explained and rated ok, note, warning or problem.\n"),
	.epilog = N_("Exit status: 0 the report was made (whatever it found); 2 usage error;\n"
		     "  10 connect, 11 banner, 12 ehlo (no STARTTLS), 13 tls: the first handshake\n"
		     "  failed (see smtpdbg(1)).\n"),
	.groups = {{N_("Connection"), conn_opt_table, T(conn)},
		   {N_("Output"), output_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_HOST,
	.uses_config = true,
	.run = cmd_tls_report,
};

static int parse(struct report_cli *cli, int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_tls_report;
	memset(cli, 0, sizeof *cli);
	conn_opts_init(&cli->conn);
	int rc = cli_parse(cmd, argc, argv, cli, &cli->args, true);
	if (rc >= 0)
		return rc;
	if (cli->args.n > 1)
		return cli_fail(cmd, _("only one HOST[:PORT], got '%s' too"), cli->args.operands[1]);
	if (cli->conn.tls == CONN_TLS_NONE || cli->conn.pipe)
		return cli_fail(cmd, _("a TLS report needs TLS: no --no-tls or --pipe"));
	const struct tls_choice *ch = &cli->conn.choice;
	if (ch->tls_min || ch->tls_max || ch->ciphers || ch->ciphersuites || ch->groups ||
	    ch->show_chain)
		return cli_fail(cmd, _("tls-report tries the versions and groups itself: "
				       "--tls-min, --tls-max, --ciphers, --ciphersuites, --groups "
				       "and --show-chain are for run"));
	if (cli->conn.insecure)
		return cli_fail(cmd, _("tls-report never stops at a failed verification, it "
				       "reports it: no --insecure"));
	rc = conn_opts_finish(cmd, &cli->conn, cli->args.n ? cli->args.operands[0] : NULL);
	if (rc >= 0)
		return rc;
	if (cli->conn.family == AF_UNIX)
		return cli_fail(cmd, _("a TLS report needs a host name or address, not a socket"));
	return -1;
}

static bool is_address(const char *s)
{
	return strchr(s, ':') || strspn(s, "0123456789.") == strlen(s);
}

int cmd_tls_report(int argc, char **argv)
{
	struct report_cli cli;
	int rc = parse(&cli, argc, argv);
	if (rc >= 0) {
		conn_opts_free(&cli.conn);
		cli_free(&cli_cmd_tls_report, &cli, &cli.args);
		return rc;
	}
	const char *name = cli.conn.choice.verify_name ? cli.conn.choice.verify_name
						       : cli.conn.host;
	/* The SNI as run sends it; the name is checked from the facts. */
	const char *sni = cli.conn.sni ? cli.conn.sni : is_address(name) ? NULL : name;
	struct tls_probe_conf conf = {
		.host = cli.conn.host, .port = cli.conn.port, .family = cli.conn.family,
		.implicit = cli.conn.tls == CONN_TLS_IMPLICIT, .timeout_s = cli.conn.timeout_s,
		.pace_ms = PACE_MS, .name = name,
		.tls = {.sni = sni, .cafile = cli.conn.cafile, .cert = cli.conn.cert,
			.key = cli.conn.key, .insecure = true, .choice = &cli.conn.choice},
	};
	/* No description is printed here to carry the warning run shows. */
	if (cli.conn.choice.keylog_from_env) {
		struct buf w;
		buf_init(&w, 0);
		buf_adds(&w, _("warning: the TLS session keys are being logged to "));
		buf_addc(&w, '"');
		esc_append(&w, cli.conn.choice.keylog, strlen(cli.conn.choice.keylog), 0);
		buf_addc(&w, '"');
		buf_adds(&w, _(" (SSLKEYLOGFILE is set): anyone who can read it can decrypt this "
			       "session"));
		fprintf(stderr, "smtpdbg tls-report: %s\n", w.data);
		buf_free(&w);
	}
	struct tls_report_facts f;
	memset(&f, 0, sizeof f);
	struct buf err, out;
	buf_init(&err, 0);
	buf_init(&out, 0);
	rc = tls_probe_run(&conf, &f, &err);
	if (rc) {
		static const char *const stages[] = {"connect", "banner", "ehlo", "tls"};
		const char *stage = rc >= 10 && rc <= 13 ? stages[rc - 10] : "?";
		if (cli.json) {
			buf_adds(&out, "{\"type\":\"tls-report\",\"stage\":");
			jsonl_string(&out, stage);
			buf_printf(&out, ",\"exit\":%d,\"error\":", rc);
			jsonl_string(&out, err.data ? err.data : "");
			buf_adds(&out, "}\n");
			fputs(out.data, stdout);
		}
		fprintf(stderr, _("smtpdbg tls-report: failed at the %s stage: %s\n"), stage,
			err.data ? err.data : "?");
	} else {
		struct tls_finding fi[TLS_REPORT_MAX_FINDINGS];
		size_t n = tls_report_judge(&f, fi, TLS_REPORT_MAX_FINDINGS);
		if (cli.json)
			tls_report_json(&f, fi, n, &out);
		else
			tls_report_text(&f, fi, n, &out);
		fputs(out.data, stdout);
	}
	fflush(stdout);
	if (cli_stdout_failed("tls-report"))
		rc = SMTPDBG_EXIT_WRITE;
	buf_free(&err);
	buf_free(&out);
	tls_probe_free(&f);
	conn_opts_free(&cli.conn);
	cli_free(&cli_cmd_tls_report, &cli, &cli.args);
	return rc;
}
