/* Options of `smtpdbg relay-test`: parsing, defaults and checks. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli_conn.h"
#include "cli_impl.h"
#include "smtpdbg/relay_addr.h"
#include "relay_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"

#define R(field) offsetof(struct relay_cli, field)

static const struct opt test_opts[] = {
	{.lng = "ehlo", .kind = OPT_STR, .off = R(opts.ehlo), .metavar = "NAME",
	 .help = N_("name for EHLO (default: this machine's fully-qualified name, else the address literal of the local address, e.g. [192.0.2.1])")},
	{.lng = "from", .kind = OPT_STR, .off = R(opts.from), .metavar = "ADDR",
	 .help = N_("invented sender (default: relaytest@example.com)")},
	{.lng = "to", .kind = OPT_STR, .off = R(opts.to), .metavar = "ADDR",
	 .help = N_("invented recipient on another domain (default: relaytest@example.net)")},
	{.lng = "domain", .kind = OPT_STR, .off = R(opts.domain), .metavar = "NAME",
	 .help = N_("the server's own domain for the tricks (default: the name it gives in "
		    "its EHLO reply or greeting)")},
	{.lng = "data", .kind = OPT_FLAG, .off = R(opts.data),
	 .help = N_("after an accepted RCPT, send a short message labelled as a relay test "
		    "(use with --to an address you control)")},
	{0},
};

static const struct opt output_opts[] = {
	{.lng = "json", .kind = OPT_FLAG, .off = R(json),
	 .help = N_("JSON Lines, one event per line, then a verdict object")},
	{.lng = "output", .kind = OPT_STR, .off = R(output_path), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("save the session to FILE (transcript format: smtpdbg replay FILE "
		    "explains it again); a new file, mode 0600")},
	{.lng = "force", .kind = OPT_FLAG, .off = R(force), .flags = OPT_F_NOCONF,
	 .help = N_("let --output replace an existing file (it is never replaced without "
		    "it)")},
	{.lng = "quiet", .kind = OPT_FLAG, .off = R(quiet),
	 .help = N_("only the tries and the verdict")},
	{0},
};

const struct cli_cmd cli_cmd_relay_test = {
	.name = "relay-test",
	.section = "relay-test",
	.usage = N_("[OPTIONS] HOST[:PORT]"),
	.summary = N_("test whether a server is an open relay, with a verdict"),
	/* xgettext:no-c-format */
	.about = N_("Test whether a server relays mail for strangers: without AUTH, try a foreign\n"
		    "sender and recipient, then the classic tricks (null sender, the server's own\n"
		    "domain as sender, %-hack, !-path, quoted local part, source route, address\n"
		    "literal), RSET between tries, QUIT before DATA. Prints the annotated\n"
		    "transcript (\"S: \", \"C: \", \"  # \"), a table of the tries and a verdict with\n"
		    "the caveats that apply.\n"),
	.epilog = N_("Exit status: 0 not an open relay; 3 open relay; 4 inconclusive; 2 usage error;\n"
		     "  before any try: 10 connect, 11 banner, 12 ehlo, 13 tls; 19 --output could not\n"
		     "  be written (see smtpdbg(1)).\n"),
	.groups = {{N_("Connection"), conn_opt_table, R(conn)},
		   {N_("Test"), test_opts, 0},
		   {N_("Output"), output_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_HOST,
	.uses_config = true,
	.run = cmd_relay_test,
};

/* An address for the envelope: local@domain, visible ASCII, no <> or quotes
 * of its own (the tricks add theirs). */
static bool good_address(const char *s)
{
	const char *at = strrchr(s, '@');
	if (!at || at == s || !at[1])
		return false;
	for (const char *c = s; *c; c++)
		if (*c <= ' ' || *c >= 0x7f || strchr("<>\"\\", *c))
			return false;
	return relay_is_hostname(at + 1, strlen(at + 1));
}


/* The date and a unique tag for the --data message. */
static void stamp(struct relay_cli *cli)
{
	time_t now = time(NULL);
	strftime(cli->date, sizeof cli->date, "%a, %d %b %Y %H:%M:%S %z", localtime(&now));
	snprintf(cli->tag, sizeof cli->tag, "%lld.%d", (long long)now, (int)getpid());
	cli->opts.date = cli->date;
	cli->opts.tag = cli->tag;
}

int relay_cli_parse(struct relay_cli *cli, int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_relay_test;
	memset(cli, 0, sizeof *cli);
	cli->output.fd = -1;
	conn_opts_init(&cli->conn);
	cli->opts.from = "relaytest@example.com";
	cli->opts.to = "relaytest@example.net";
	cli->opts.esc_flags = esc_flags_for_locale();

	int rc = cli_parse(cmd, argc, argv, cli, &cli->args, true);
	if (rc >= 0)
		return rc;
	if (cli->args.n > 1)
		return cli_fail(cmd, _("only one HOST[:PORT], got '%s' too"), cli->args.operands[1]);
	if (cli->conn.lmtp)
		return cli_fail(cmd, _("--lmtp: an LMTP server delivers to its own mailboxes and "
				       "relays nothing, so there is no relay to test; try its "
				       "recipients with smtpdbg run --lmtp"));
	rc = conn_opts_finish(cmd, &cli->conn, cli->args.n ? cli->args.operands[0] : NULL);
	if (rc >= 0)
		return rc;
	cli->opts.tls = cli->conn.tls;
	if (cli->opts.ehlo && !cli_good_name(cli->opts.ehlo))
		return cli_fail(cmd, _("--ehlo must be one name without spaces or <>"));
	if (!good_address(cli->opts.from) || !good_address(cli->opts.to))
		return cli_fail(cmd, _("--from and --to must be plain addresses, "
						       "local@domain, without <>, quotes or spaces"));
	const char *dom = cli->opts.domain;
	if (dom && !relay_is_hostname(dom, strlen(dom)))
		return cli_fail(cmd, _("--domain must be a host name (letters, digits, "
						       "'-' and '.')"));
	if (cli->force && !cli->output_path)
		return cli_fail(cmd, _("--force needs --output FILE"));
	if (cli->output_path && (rc = cli_open_output(cmd->name, cli->output_path, cli->force,
						      &cli->output)) >= 0)
		return rc;
	stamp(cli);
	return -1;
}

void relay_cli_free(struct relay_cli *cli)
{
	conn_opts_free(&cli->conn);
	cli_free(&cli_cmd_relay_test, cli, &cli->args);
	if (cli->output.fd >= 0)
		safefile_abort(&cli->output); /* keeps what was written */
}
