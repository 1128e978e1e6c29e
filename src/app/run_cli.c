/* Options of `smtpdbg run`: parsing, defaults, and the checks that turn
 * mistakes into clear messages before anything is sent. */
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli_target.h"
#include "run_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/xmalloc.h"

#define SCRIPT_MAX_LINES 10000

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg run [OPTIONS] HOST[:PORT]\n"
		"Run one SMTP session without prompting and print it annotated: server lines\n"
		"start \"S: \", client lines \"C: \", explanations \"  # \" (grep -v '^  #' drops\n"
		"them). Secrets are masked unless --show-secrets.\n\n"
		"Connection:\n"
		"  --starttls            require STARTTLS (never falls back to clear)\n"
		"  --tls                 implicit TLS (the default on port 465)\n"
		"  --no-tls              plain text, even on port 465\n"
		"  --cafile FILE         trust the CAs in FILE instead of the system's\n"
		"  --insecure            do not verify the certificate (the result is shown)\n"
		"  --cert FILE, --key FILE  client certificate\n"
		"  --sni NAME            server name to send (default: HOST if it is a name)\n"
		"  -4, -6                IPv4 or IPv6 only\n"
		"  --timeout S           connect and reply timeout in seconds (default 30)\n"
		"Session:\n"
		"  --ehlo NAME           name for EHLO (default: localhost)\n"
		"  --auth MECH           authenticate with MECH (see smtpdbg sasl --help for the\n"
		"                        list), or \"auto\": the best the server offers that\n"
		"                        can be used (SCRAM-PLUS > SCRAM > EXTERNAL > OAuth >\n"
		"                        PLAIN over TLS > CRAM-MD5 > LOGIN > DIGEST-MD5)\n"
		"  --user USER           user name for --auth\n"
		"  --password-env VAR    password from environment variable VAR\n"
		"  --password-file FILE  password from the first line of FILE\n"
		"                        (without either, a no-echo prompt on a terminal;\n"
		"                        never a prompt when stdin is not a terminal)\n"
		"  --token-env VAR, --token-file FILE  OAuth 2.0 bearer token for XOAUTH2 and\n"
		"                        OAUTHBEARER\n"
		"  --allow-plaintext-auth  send PLAIN/LOGIN without TLS anyway\n"
		"  --initial-response    LOGIN too: the user name on the AUTH line\n"
		"  --no-initial-response bare AUTH MECH, answer the server's empty 334\n"
		"  --explain-auth        show what every SASL step computed (HMACs, SCRAM keys)\n"
		"  --from ADDR           envelope sender (MAIL FROM)\n"
		"  --to ADDR             envelope recipient (RCPT TO); repeatable\n"
		"  --body-file FILE|-    message to send (streamed, dot-stuffed); default: a\n"
		"                        short generated test message\n"
		"  --quit-after STAGE    stop after connect, banner, ehlo, tls, auth, mail, rcpt\n"
		"                        or data\n"
		"  --script FILE         send FILE's lines instead (after EHLO/TLS/AUTH), one per\n"
		"                        reply; lines after DATA's 354 flow up to \".\"\n"
		"Output:\n"
		"  --json                JSON Lines, one event per line\n"
		"  --output FILE         save the session to FILE (transcript format:\n"
		"                        smtpdbg replay FILE explains it again)\n"
		"  --show-secrets        show passwords and what reveals them\n"
		"  -h, --help, -V, --version\n\n"
		"Exit status: 0 success; 2 usage error; a failing stage exits with its own code:\n"
		"  10 connect, 11 banner, 12 ehlo, 13 tls, 14 auth, 15 mail, 16 rcpt, 17 data,\n"
		"  18 quit (see smtpdbg(1)).\n"),
	      f);
}

/* Arguments that end up on the wire must not carry a second command. */
static bool safe_arg(const char *s)
{
	return !strpbrk(s, "\r\n<>") && *s;
}

static int load_script(struct run_cli *cli, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_usage_error("run", _("cannot read script %s: %s"), path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (memchr(line, '\0', (size_t)n)) {
			free(line);
			fclose(f);
			return cli_usage_error("run", _("script %s: line %zu contains a NUL byte"),
					       path, cli->nscript + 1);
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (cli->nscript == SCRIPT_MAX_LINES) {
			free(line);
			fclose(f);
			return cli_usage_error("run", _("script %s: more than %d lines"), path,
					       SCRIPT_MAX_LINES);
		}
		cli->script = xrealloc(cli->script, (cli->nscript + 1) * sizeof *cli->script);
		cli->script[cli->nscript++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return -1;
}

/* The message sent when no --body-file is given. */
static FILE *default_body(const struct run_cli *cli)
{
	char date[64];
	time_t now = time(NULL);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", localtime(&now));
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "From: <%s>\r\nTo: <%s>\r\nSubject: smtpdbg test %lld.%d\r\n"
		       "Date: %s\r\nMessage-ID: <%lld.%d@smtpdbg.invalid>\r\n\r\n"
		       "This is a test message sent by smtpdbg run.\r\n",
		   cli->opts.from, cli->opts.nto ? cli->opts.to[0] : "", (long long)now,
		   (int)getpid(), date, (long long)now, (int)getpid());
	FILE *f = tmpfile();
	if (f) {
		fwrite(b.data, 1, b.len, f);
		rewind(f);
	}
	buf_free(&b);
	return f;
}

int run_cli_parse(struct run_cli *cli, int argc, char **argv)
{
	const char *auth = NULL, *pw_env = NULL, *pw_file = NULL, *tok_env = NULL,
		   *tok_file = NULL, *body = NULL, *output = NULL,
		   *script = NULL, *quit_after = NULL, *target = NULL;
	bool starttls = false, tls = false, no_tls = false;
	size_t nto = 0;

	memset(cli, 0, sizeof *cli);
	cli->family = AF_UNSPEC;
	cli->timeout_s = 30;
	cli->opts.ehlo = "localhost";
	cli->opts.quit_after = -1;
	cli->to = xcalloc((size_t)argc + 1, sizeof *cli->to);

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
		} else if (!strcmp(a, "--show-secrets")) {
			cli->show_secrets = true;
		} else if (!strcmp(a, "--explain-auth")) {
			cli->explain_auth = true;
		} else if (!strcmp(a, "--token-env")) {
			val = &tok_env;
		} else if (!strcmp(a, "--token-file")) {
			val = &tok_file;
		} else if (!strcmp(a, "--allow-plaintext-auth")) {
			cli->opts.allow_plaintext_auth = true;
		} else if (!strcmp(a, "--initial-response")) {
			cli->opts.creds.ir = SASL_IR_ALWAYS;
		} else if (!strcmp(a, "--no-initial-response")) {
			cli->opts.creds.ir = SASL_IR_NEVER;
		} else if (!strcmp(a, "-4")) {
			cli->family = AF_INET;
		} else if (!strcmp(a, "-6")) {
			cli->family = AF_INET6;
		} else if (!strcmp(a, "--ehlo")) {
			val = &cli->opts.ehlo;
		} else if (!strcmp(a, "--auth")) {
			val = &auth;
		} else if (!strcmp(a, "--user")) {
			val = &cli->opts.creds.user;
		} else if (!strcmp(a, "--authzid")) {
			val = &cli->opts.creds.authzid;
		} else if (!strcmp(a, "--password-env")) {
			val = &pw_env;
		} else if (!strcmp(a, "--password-file")) {
			val = &pw_file;
		} else if (!strcmp(a, "--from")) {
			val = &cli->opts.from;
		} else if (!strcmp(a, "--to")) {
			val = (const char **)&cli->to[nto++];
		} else if (!strcmp(a, "--body-file")) {
			val = &body;
		} else if (!strcmp(a, "--quit-after")) {
			val = &quit_after;
		} else if (!strcmp(a, "--script")) {
			val = &script;
		} else if (!strcmp(a, "--output")) {
			val = &output;
		} else if (!strcmp(a, "--cafile")) {
			val = &cli->cafile;
		} else if (!strcmp(a, "--cert")) {
			val = &cli->cert;
		} else if (!strcmp(a, "--key")) {
			val = &cli->key;
		} else if (!strcmp(a, "--sni")) {
			val = &cli->sni;
		} else if (!strcmp(a, "--timeout")) {
			if (++i >= argc || (cli->timeout_s = atoi(argv[i])) <= 0 || cli->timeout_s > 86400)
				return cli_usage_error("run", _("--timeout needs seconds, 1 to 86400"));
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("run", _("unknown option '%s'"), a);
		} else if (!target) {
			target = a;
		} else {
			return cli_usage_error("run", _("only one HOST[:PORT], got '%s' too"), a);
		}
		if (val) {
			if (++i >= argc)
				return cli_usage_error("run", _("%s needs a value"), a);
			*val = argv[i];
		}
	}
	int rc = cli_target("run", target, starttls, tls, no_tls, &cli->host, &cli->port, &cli->tls);
	if (rc >= 0)
		return rc;
	cli->opts.tls = cli->tls;

	if (!safe_arg(cli->opts.ehlo))
		return cli_usage_error("run", _("--ehlo must be one name without line breaks"));
	if (cli->opts.from && (strpbrk(cli->opts.from, "\r\n<>")))
		return cli_usage_error("run", _("--from must be a bare address, without <>, CR or LF"));
	for (size_t k = 0; k < nto; k++)
		if (!safe_arg(cli->to[k]))
			return cli_usage_error("run", _("--to must be a bare address, without <>, CR or LF"));
	cli->opts.to = (const char *const *)cli->to;
	cli->opts.nto = nto;
	if (nto && !cli->opts.from)
		return cli_usage_error("run", _("--to needs --from as well"));
	if (cli->opts.from && !nto)
		return cli_usage_error("run", _("--from needs at least one --to"));
	if (quit_after && (cli->opts.quit_after = run_stage_parse(quit_after)) < 0)
		return cli_usage_error("run", _("--quit-after takes connect, banner, ehlo, tls, auth, "
						"mail, rcpt or data"));
	if (script && (cli->opts.from || body))
		return cli_usage_error("run", _("--script replaces --from/--to/--body-file"));
	if (script && load_script(cli, script) >= 0)
		return EXIT_USAGE;
	cli->opts.script = (const char *const *)cli->script;
	cli->opts.nscript = cli->nscript;

	if (auth) {
		cli->opts.auth_auto = !strcasecmp(auth, "auto");
		if (!cli->opts.auth_auto && !(cli->opts.auth = sasl_find(auth)))
			return cli_usage_error("run", _("unknown --auth mechanism '%s' (see smtpdbg sasl --help)"),
					       auth);
		const struct sasl_mech *m = cli->opts.auth;
		/* A named mechanism says what it needs; "auto" uses what is given. */
		bool want_token = m ? m->needs_token : (tok_env || tok_file);
		bool want_password = m ? m->needs_password : cli->opts.creds.user != NULL;
		if (m && m->needs_password && !cli->opts.creds.user)
			return cli_usage_error("run", _("--auth %s needs --user"), m->name);
		if (!m && !want_token && !want_password)
			return cli_usage_error("run", _("--auth auto needs --user (with a password) or a token"));
		if (want_token) {
			if (!tok_env && !tok_file)
				return cli_usage_error("run", _("--auth %s needs --token-env VAR or --token-file FILE"),
						       m ? m->name : "auto");
			if (!(cli->token = cli_read_password("run", tok_env, tok_file)))
				return EXIT_USAGE;
			cli->opts.creds.token = cli->token;
		}
		if (want_password) {
			if (!(cli->password = cli_read_password("run", pw_env, pw_file)))
				return EXIT_USAGE;
			cli->opts.creds.password = cli->password;
		}
		cli->opts.creds.host = cli->host;
		cli->opts.creds.port = (unsigned)atoi(cli->port);
		cli->opts.have_cert = cli->cert != NULL;
	}
	if (output && !(cli->output = fopen(output, "w")))
		return cli_usage_error("run", _("cannot write %s: %s"), output, strerror(errno));
	if (cli->opts.from) {
		if (!body || !strcmp(body, "-"))
			cli->body = body ? stdin : default_body(cli);
		else
			cli->body = fopen(body, "rb");
		if (!cli->body)
			return cli_usage_error("run", _("cannot read the body %s: %s"),
					       body ? body : "(generated)", strerror(errno));
		cli->opts.has_body = true;
	}
	return -1;
}

void run_cli_free(struct run_cli *cli)
{
	free(cli->host);
	free(cli->port);
	if (cli->password) {
		wipe(cli->password, strlen(cli->password));
		free(cli->password);
	}
	if (cli->token) {
		wipe(cli->token, strlen(cli->token));
		free(cli->token);
	}
	free(cli->to);
	for (size_t i = 0; i < cli->nscript; i++)
		free(cli->script[i]);
	free(cli->script);
	if (cli->output)
		fclose(cli->output);
	if (cli->body && cli->body != stdin)
		fclose(cli->body);
}
