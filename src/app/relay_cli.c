/* Options of `smtpdbg relay-test`: parsing, defaults and checks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli_target.h"
#include "relay_addr.h"
#include "relay_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg relay-test [OPTIONS] HOST[:PORT]\n"
		"Test whether a server relays mail for strangers: without AUTH, try a foreign\n"
		"sender and recipient, then the classic tricks (null sender, the server's own\n"
		"domain as sender, %-hack, !-path, quoted local part, source route, address\n"
		"literal), RSET between tries, QUIT before DATA. Prints the annotated\n"
		"transcript (\"S: \", \"C: \", \"  # \"), a table of the tries and a verdict with\n"
		"the caveats that apply.\n\n"
		"Connection:\n"
		"  --starttls            require STARTTLS (never falls back to clear)\n"
		"  --tls                 implicit TLS (the default on port 465)\n"
		"  --no-tls              plain text, even on port 465 (the default elsewhere)\n"
		"  --cafile FILE         trust the CAs in FILE instead of the system's\n"
		"  --insecure            do not verify the certificate (the result is shown)\n"
		"  -4, -6                IPv4 or IPv6 only\n"
		"  --timeout S           connect and reply timeout in seconds (default 30)\n"
		"Test:\n"
		"  --ehlo NAME           name for EHLO (default: localhost)\n"
		"  --from ADDR           invented sender (default: relaytest@example.com)\n"
		"  --to ADDR             invented recipient on another domain (default:\n"
		"                        relaytest@example.net)\n"
		"  --domain NAME         the server's own domain for the tricks (default: the\n"
		"                        name it gives in its EHLO reply or greeting)\n"
		"  --data                after an accepted RCPT, send a short message labelled\n"
		"                        as a relay test (use with --to an address you control)\n"
		"Output:\n"
		"  --json                JSON Lines, one event per line, then a verdict object\n"
		"  --output FILE         save the session to FILE (transcript format:\n"
		"                        smtpdbg replay FILE explains it again)\n"
		"  --quiet               only the tries and the verdict\n"
		"  -h, --help, -V, --version\n\n"
		"Exit status: 0 not an open relay; 3 open relay; 4 inconclusive; 2 usage error;\n"
		"  before any try: 10 connect, 11 banner, 12 ehlo, 13 tls (see smtpdbg(1)).\n"),
	      f);
}

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

static bool good_name(const char *s)
{
	for (const char *c = s; *c; c++)
		if (*c <= ' ' || *c >= 0x7f || *c == '<' || *c == '>')
			return false;
	return *s != '\0';
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
	const char *output = NULL, *target = NULL;
	bool starttls = false, tls = false, no_tls = false;

	memset(cli, 0, sizeof *cli);
	cli->family = AF_UNSPEC;
	cli->timeout_s = 30;
	cli->opts.ehlo = "localhost";
	cli->opts.from = "relaytest@example.com";
	cli->opts.to = "relaytest@example.net";
	cli->opts.esc_flags = esc_flags_for_locale();

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			cli_version(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--starttls")) {
			starttls = true;
		} else if (!strcmp(a, "--tls")) {
			tls = true;
		} else if (!strcmp(a, "--no-tls")) {
			no_tls = true;
		} else if (!strcmp(a, "--insecure")) {
			cli->insecure = true;
		} else if (!strcmp(a, "--json")) {
			cli->json = true;
		} else if (!strcmp(a, "--quiet")) {
			cli->quiet = true;
		} else if (!strcmp(a, "--data")) {
			cli->opts.data = true;
		} else if (!strcmp(a, "-4")) {
			cli->family = AF_INET;
		} else if (!strcmp(a, "-6")) {
			cli->family = AF_INET6;
		} else if (!strcmp(a, "--ehlo")) {
			val = &cli->opts.ehlo;
		} else if (!strcmp(a, "--from")) {
			val = &cli->opts.from;
		} else if (!strcmp(a, "--to")) {
			val = &cli->opts.to;
		} else if (!strcmp(a, "--domain")) {
			val = &cli->opts.domain;
		} else if (!strcmp(a, "--output")) {
			val = &output;
		} else if (!strcmp(a, "--cafile")) {
			val = &cli->cafile;
		} else if (!strcmp(a, "--timeout")) {
			if (++i >= argc || (cli->timeout_s = atoi(argv[i])) <= 0 || cli->timeout_s > 86400)
				return cli_usage_error("relay-test", _("--timeout needs seconds, 1 to 86400"));
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("relay-test", _("unknown option '%s'"), a);
		} else if (!target) {
			target = a;
		} else {
			return cli_usage_error("relay-test", _("only one HOST[:PORT], got '%s' too"), a);
		}
		if (val) {
			if (++i >= argc)
				return cli_usage_error("relay-test", _("%s needs a value"), a);
			*val = argv[i];
		}
	}
	int rc = cli_target("relay-test", target, starttls, tls, no_tls, &cli->host, &cli->port,
			    &cli->opts.tls);
	if (rc >= 0)
		return rc;
	if (!good_name(cli->opts.ehlo))
		return cli_usage_error("relay-test", _("--ehlo must be one name without spaces or <>"));
	if (!good_address(cli->opts.from) || !good_address(cli->opts.to))
		return cli_usage_error("relay-test", _("--from and --to must be plain addresses, "
						       "local@domain, without <>, quotes or spaces"));
	const char *dom = cli->opts.domain;
	if (dom && !relay_is_hostname(dom, strlen(dom)))
		return cli_usage_error("relay-test", _("--domain must be a host name (letters, digits, "
						       "'-' and '.')"));
	if (output && !(cli->output = fopen(output, "w")))
		return cli_usage_error("relay-test", _("cannot write %s: %s"), output, strerror(errno));
	stamp(cli);
	return -1;
}

void relay_cli_free(struct relay_cli *cli)
{
	free(cli->host);
	free(cli->port);
	if (cli->output)
		fclose(cli->output);
}
