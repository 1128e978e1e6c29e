/* smtpdbg dns DOMAIN: what a mail domain publishes in DNS, each record
 * checked and explained (the report is src/plans/dns_report.c). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/dns_report.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"

struct dns_cli {
	const char *resolver;
	int timeout_s;
	struct opt_list selectors;
	bool json, blocklists;
	struct cli_args args;
};

#define D(field) offsetof(struct dns_cli, field)

static const struct opt dns_opts[] = {
	{.lng = "resolver", .kind = OPT_STR, .off = D(resolver), .metavar = "ADDR[:PORT]",
	 .help = N_("ask this DNS server (an IPv4 or [IPv6] address, port 53 by default) "
		    "instead of the system's; a validating one shows whether DNSSEC holds (the AD bit)")},
	{.lng = "timeout", .kind = OPT_SECS, .off = D(timeout_s), .metavar = "S", .min = 1,
	 .max = 600, .help = N_("how long each question may wait for its answer (default 5 seconds)")},
	{.lng = "dkim-selector", .kind = OPT_LIST, .off = D(selectors), .metavar = "S",
	 .help = N_("also look up the DKIM key of selector S (S._domainkey.DOMAIN); repeatable")},
	{.lng = "blocklists", .kind = OPT_FLAG, .off = D(blocklists),
	 .help = N_("instead of the records, look the operand up on the documented DNS "
		    "blocklists: an address (IPv4 or IPv6) on the address lists, a domain on the "
		    "domain lists; each listing with its meaning and removal page")},
	{.lng = "json", .kind = OPT_FLAG, .off = D(json),
	 .help = N_("one JSON object: every finding with its record, level and explanation")},
	{0},
};

static int cmd_dns(int argc, char **argv);

const struct cli_cmd cli_cmd_dns = {
	.name = "dns",
	.section = "dns",
	.usage = N_("[OPTIONS] DOMAIN | --blocklists ADDR|DOMAIN"),
	.summary = N_("what a mail domain publishes in DNS, checked and explained"),
	.about = N_("Look up what a mail domain publishes and explain each record: MX (with the\n"
		    "null MX and the implicit MX), the addresses and PTR of each MX host\n"
		    "(forward-confirmed reverse DNS), SPF (lookups counted through every\n"
		    "include), DMARC, DKIM keys (--dkim-selector), MTA-STS, TLS-RPT and the TLSA\n"
		    "records of each MX host, with whether the resolver validated them (DNSSEC).\n"
		    "The MTA-STS policy itself (HTTPS) is not fetched yet.\n"
		    "With --blocklists: whether the address or domain is listed on Spamhaus ZEN and\n"
		    "DBL, Barracuda, SpamCop, PSBL, Mailspike, UCEPROTECT, Backscatterer, SpamRATS,\n"
		    "SURBL and URIBL; a list that refuses the question (Spamhaus through a public\n"
		    "resolver: 127.255.255.254) is reported as unchecked, not as a listing.\n"),
	.epilog = N_("Exit status: 0 nothing wrong; 1 a record is wrong, or missing where it must\n"
		     "  not be (--blocklists: listed somewhere); 2 usage error; 10 the resolver did\n"
		     "  not answer, or the domain does not exist (see smtpdbg(1)).\n"),
	.groups = {{N_("Lookup"), dns_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_HOST,
	.uses_config = true,
	.run = cmd_dns,
};

static int cmd_dns(int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_dns;
	struct dns_cli cli;
	memset(&cli, 0, sizeof cli);
	cli.timeout_s = 5;
	int rc = cli_parse(cmd, argc, argv, &cli, &cli.args, false);
	if (rc < 0 && cli.args.n != 1)
		rc = cli.args.n ? cli_fail(cmd, _("only one DOMAIN, got '%s' too"), cli.args.operands[1])
				: cli_fail(cmd, _("which domain? (smtpdbg dns DOMAIN)"));
	if (rc < 0 && !dns_name_ok(cli.args.operands[0]))
		rc = cli_fail(cmd, _("'%s' is not a domain name (at most 253 characters, labels of 1 to 63, no spaces)"),
			      cli.args.operands[0]);
	if (rc < 0 && cli.blocklists && cli.selectors.n)
		rc = cli_fail(cmd, _("--dkim-selector does not go with --blocklists"));
	struct buf err;
	buf_init(&err, 0);
	if (rc < 0 && net_set_resolver(cli.resolver, &err) < 0)
		rc = cli_fail(cmd, _("--resolver: %s"), err.data);
	if (rc >= 0) {
		buf_free(&err);
		cli_free(cmd, &cli, &cli.args);
		return rc;
	}
	struct dns_client *c = dns_client_new((int64_t)cli.timeout_s * 1000, &err);
	if (!c) {
		fprintf(stderr, "smtpdbg dns: %s\n", err.data);
		buf_free(&err);
		cli_free(cmd, &cli, &cli.args);
		return 10;
	}
	struct dns_report *r =
		cli.blocklists ? dns_report_blocklists(c, cli.args.operands[0])
			       : dns_report_run(c, &(struct dns_report_opts){
					 .domain = cli.args.operands[0], .selectors = cli.selectors.v,
					 .n_selectors = cli.selectors.n});
	struct buf out;
	buf_init(&out, 0);
	if (cli.json)
		dns_report_json(&out, r);
	else
		dns_report_text(&out, r);
	fwrite(out.data, 1, out.len, stdout);
	rc = dns_report_exit(r);
	if (rc == 10)
		fprintf(stderr, "smtpdbg dns: %s\n",
			r->no_domain ? _("the domain does not exist")
				     : _("the resolver did not answer every question (see above)"));
	fflush(stdout);
	if (cli_stdout_failed("dns"))
		rc = 19;
	buf_free(&out);
	buf_free(&err);
	dns_report_free(r);
	dns_client_free(c);
	cli_free(cmd, &cli, &cli.args);
	return rc;
}
