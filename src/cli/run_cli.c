/* Options of `smtpdbg run`: parsing, defaults, and the checks that turn
 * mistakes into clear messages before anything is sent. */
#include <errno.h>
#include <stddef.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli_conn.h"
#include "cli_impl.h"
#include "run_opts.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/sasl_gssapi.h"
#include "smtpdbg/secret_guard.h"
#include "smtpdbg/xclient.h"
#include "smtpdbg/xmalloc.h"

#define SCRIPT_MAX_LINES 10000

static const char *const stages[] = {"connect", "banner", "ehlo", "tls",  "auth",
				     "mail",    "rcpt",   "data", NULL};
/* Stages that send a command of their own. */
static const char *const send_stages[] = {"ehlo", "tls", "auth", "mail", "rcpt", "data", NULL};

#define R(field) offsetof(struct run_cli, field)

static const char *const dsn_rets[] = {"FULL", "HDRS", NULL};

static const struct opt session_opts[] = {
	{.lng = "ehlo", .kind = OPT_STR, .off = R(opts.ehlo), .metavar = "NAME",
	 .help = N_("name for EHLO (default: this machine's fully-qualified name, else the address literal of the local address, e.g. [192.0.2.1])")},
	{.lng = "auth", .kind = OPT_STR, .off = R(auth), .metavar = "MECH",
	 .complete = COMPLETE_MECH,
	 .help = N_("authenticate with MECH (see smtpdbg sasl --help for the list), or "
		    "\"auto\": the best the server offers that can be used (SCRAM-PLUS > "
		    "SCRAM > EXTERNAL > GSSAPI (a ticket from kinit, or --keytab) > OAuth > "
		    "PLAIN over TLS > CRAM-MD5 > LOGIN > DIGEST-MD5 > NTLM), or \"list\": say what the server offers, before "
		    "and after TLS (with --starttls), and which mechanisms send the password "
		    "itself, then QUIT")},
	{.lng = "auth-optional", .kind = OPT_FLAG, .off = R(opts.auth_optional),
	 .help = N_("when AUTH is refused or cannot be done, say so and go on without it "
		    "(the server may still take the mail)")},
	{.lng = "xclient", .kind = OPT_STR, .off = R(xclient), .metavar = "ATTRS",
	 .help = N_("after EHLO, tell a server that trusts this client who the real client "
		    "is: ATTRS is 'NAME=VALUE ...' (Postfix XCLIENT: ADDR, NAME, PORT, PROTO, "
		    "HELO, LOGIN, REVERSE_NAME, DESTADDR, DESTPORT); EHLO follows again; a "
		    "server that does not offer XCLIENT is an EHLO-stage failure")},
	{.lng = "user", .kind = OPT_STR, .off = R(opts.creds.user), .metavar = N_("USER"),
	 .help = N_("user name for --auth")},
	{.lng = "authzid", .kind = OPT_STR, .off = R(opts.creds.authzid), .metavar = "ID",
	 .help = N_("authorization identity: act as ID (PLAIN, SCRAM, OAuth)")},
	{.lng = "password-env", .kind = OPT_STR, .off = R(pw_env), .metavar = "VAR",
	 .complete = COMPLETE_ENV, .help = N_("password from environment variable VAR")},
	{.lng = "password-file", .kind = OPT_STR, .off = R(pw_file), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("password from the first line of FILE (without either, a no-echo "
		    "prompt on a terminal; never a prompt when standard input is not a "
		    "terminal)")},
	{.lng = "token-env", .kind = OPT_STR, .off = R(tok_env), .metavar = "VAR",
	 .complete = COMPLETE_ENV,
	 .help = N_("OAuth 2.0 bearer token for XOAUTH2 and OAUTHBEARER from VAR")},
	{.lng = "token-file", .kind = OPT_STR, .off = R(tok_file), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE, .help = N_("the bearer token from the first line of FILE")},
	{.lng = "allow-plaintext-auth", .kind = OPT_FLAG, .off = R(opts.allow_plaintext_auth),
	 .flags = OPT_F_NOCONF,
	 .help = N_("send PLAIN or LOGIN without TLS anyway; must be typed each time")},
	{.lng = "initial-response", .kind = OPT_SET, .off = R(ir), .val = SASL_IR_ALWAYS,
	 .help = N_("LOGIN too: the user name on the AUTH line")},
	{.lng = "no-initial-response", .kind = OPT_SET, .off = R(ir), .val = SASL_IR_NEVER,
	 .help = N_("bare AUTH MECH, answer the server's empty 334")},
	{.lng = "explain-auth", .kind = OPT_FLAG, .off = R(explain_auth),
	 .help = N_("show what every SASL step computed (HMACs, SCRAM keys)")},
	{.lng = "from", .kind = OPT_STR, .off = R(opts.from), .metavar = "ADDR",
	 .help = N_("envelope sender (MAIL FROM)")},
	{.lng = "to", .kind = OPT_LIST, .off = R(to), .metavar = "ADDR",
	 .help = N_("envelope recipient (RCPT TO); repeatable")},
	{.lng = "pipeline", .kind = OPT_FLAG, .off = R(opts.pipeline),
	 .help = N_("send MAIL, every RCPT and DATA in one write and match the replies to "
		    "them (PIPELINING, RFC 2920); says the time saved")},
	{.lng = "chunking", .kind = OPT_FLAG, .off = R(opts.chunking),
	 .help = N_("send the message with BDAT chunks instead of DATA (CHUNKING, RFC 3030): "
		    "no dot-stuffing; BODY=BINARYMIME for an 8-bit message when offered")},
	{.lng = "chunk-size", .kind = OPT_SIZE, .off = R(opts.chunk_size), .metavar = N_("SIZE"),
	 .min = 0, .max = 64,
	 .help = N_("octets per BDAT chunk with --chunking (default and 0: 1M; at most 64M)")},
	{.lng = "dsn-notify", .kind = OPT_STR, .off = R(opts.dsn_notify), .metavar = N_("WHEN"),
	 .help = N_("ask for delivery status notifications: NEVER, or SUCCESS, FAILURE, DELAY "
		    "joined by commas (NOTIFY= on every RCPT, RFC 3461)")},
	{.lng = "dsn-ret", .kind = OPT_CHOICE, .off = R(opts.dsn_ret), .metavar = "FULL|HDRS",
	 .choices = dsn_rets,
	 .help = N_("what a bounce returns: the FULL message or its headers (HDRS) (RET=, RFC 3461)")},
	{.lng = "envid", .kind = OPT_STR, .off = R(opts.envid), .metavar = "ID",
	 .help = N_("an envelope identifier the notifications quote (ENVID=, sent as xtext)")},
	{.lng = "orcpt", .kind = OPT_FLAG, .off = R(opts.orcpt),
	 .help = N_("name each recipient as the original one (ORCPT=rfc822;ADDR, RFC 3461)")},
	{.lng = "requiretls", .kind = OPT_FLAG, .off = R(opts.requiretls),
	 .help = N_("ask every server on the path to use verified TLS, or bounce the message "
		    "(REQUIRETLS, RFC 8689); needs --starttls or --tls")},
	{.lng = "prdr", .kind = OPT_FLAG, .off = R(opts.prdr),
	 .help = N_("ask for a reply per recipient after the message (PRDR)")},
	{.lng = "mail-param", .kind = OPT_LIST, .off = R(mail_params), .metavar = "K=V",
	 .help = N_("add a parameter to MAIL FROM as given (e.g. BY=120;R for DELIVERBY, "
		    "MT-PRIORITY=3, HOLDFOR=600 for FUTURERELEASE); repeatable")},
	{.lng = "rcpt-param", .kind = OPT_LIST, .off = R(rcpt_params), .metavar = "K=V",
	 .help = N_("add a parameter to every RCPT TO as given; repeatable")},
	{.lng = "quit-after", .kind = OPT_CHOICE, .off = R(quit_after), .metavar = N_("STAGE"),
	 .choices = stages, .complete = COMPLETE_STAGE,
	 .help = N_("stop after connect, banner, ehlo, tls, auth, mail, rcpt or data")},
	{.lng = "drop-after", .kind = OPT_CHOICE, .off = R(drop_after), .metavar = N_("STAGE"),
	 .choices = stages, .complete = COMPLETE_STAGE,
	 .help = N_("after the stage's reply, close the connection without QUIT (as a client "
		    "that crashes would)")},
	{.lng = "drop-after-send", .kind = OPT_CHOICE, .off = R(drop_after_send),
	 .metavar = N_("STAGE"), .choices = send_stages, .complete = COMPLETE_STAGE,
	 .help = N_("close the connection without QUIT right after sending the stage's command, "
		    "before its reply: ehlo, tls (STARTTLS), auth, mail, rcpt (the last RCPT TO) "
		    "or data (the \".\" that ends the message)")},
	{.lng = "script", .kind = OPT_STR, .off = R(script_path), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("send FILE's lines instead (after EHLO/TLS/AUTH), one per reply; lines "
		    "after DATA's 354 flow up to \".\"; '#' lines at the top are comments (the "
		    "TUI's :export writes them)")},
	{0},
};

static const struct opt check_opts[] = {
	{.lng = "check", .kind = OPT_FLAG, .off = R(check),
	 .help = N_("a Nagios/Icinga plugin: one status line with performance data, exit 0 "
		    "OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage errors too); a failing stage "
		    "is CRITICAL, some recipients refused WARNING")},
	{.lng = "warn-days", .kind = OPT_INT, .off = R(warn_days), .metavar = "N", .min = 0,
	 .max = 3650,
	 .help = N_("--check: WARNING when the certificate expires in fewer than N days "
		    "(default 30; 0: never)")},
	{.lng = "crit-days", .kind = OPT_INT, .off = R(crit_days), .metavar = "N", .min = 0,
	 .max = 3650,
	 .help = N_("--check: CRITICAL when it expires in fewer than N days (default 7; 0: "
		    "never)")},
	{.lng = "warn-time", .kind = OPT_SECS, .off = R(warn_time), .metavar = "S", .min = 1,
	 .max = 86400, .help = N_("--check: WARNING when the session takes longer than S seconds")},
	{.lng = "crit-time", .kind = OPT_SECS, .off = R(crit_time), .metavar = "S", .min = 1,
	 .max = 86400, .help = N_("--check: CRITICAL when it takes longer than S seconds")},
	{0},
};

static const struct opt message_opts[] = {
	{.lng = "subject", .kind = OPT_STR, .off = R(subject), .metavar = N_("TEXT"),
	 .help = N_("the Subject of the generated message (default: \"smtpdbg test message\" "
		    "and the date); non-ASCII text is sent as RFC 2047 encoded words")},
	{.lng = "header", .kind = OPT_LIST, .off = R(headers), .metavar = N_("'NAME: VALUE'"),
	 .help = N_("set a header field of the generated message: replaces the field of that "
		    "name (Date, From, To, Subject, Message-ID, ...) or adds it; repeatable")},
	{.lng = "add-header", .kind = OPT_LIST, .off = R(add_headers),
	 .metavar = N_("'NAME: VALUE'"),
	 .help = N_("add a header field even if one of that name is there; repeatable")},
	{.lng = "body", .kind = OPT_STR, .off = R(body_text), .metavar = N_("TEXT"),
	 .help = N_("the text of the generated message (default: a few lines saying what sent "
		    "it and when); lines are sent with CRLF")},
	{.lng = "body-file", .kind = OPT_STR, .off = R(body_path), .metavar = N_("FILE|-"),
	 .complete = COMPLETE_FILE,
	 .help = N_("send FILE (- for standard input) as the whole message, header and body, "
		    "instead of the generated one: streamed, dot-stuffed, every line end made CRLF")},
	{.lng = "attach", .kind = OPT_LIST, .off = R(attach), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("attach FILE (multipart/mixed, Base64, the type from the file name's "
		    "extension); repeatable")},
	{.lng = "attach-inline", .kind = OPT_LIST, .off = R(attach_inline), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("like --attach, marked to be shown inline (Content-Disposition: inline); "
		    "repeatable")},
	{.lng = "dump-message", .kind = OPT_FLAG, .off = R(dump_message), .flags = OPT_F_NOCONF,
	 .help = N_("print the message exactly as it would be sent (before dot-stuffing) and "
		    "exit without connecting; HOST may be left out")},
	{0},
};

static const struct opt output_opts[] = {
	{.lng = "json", .kind = OPT_FLAG, .off = R(json),
	 .help = N_("JSON Lines, one event per line")},
	{.lng = "quiet", .kind = OPT_FLAG, .off = R(quiet),
	 .help = N_("print only the result line and what went wrong (with --json: only the "
		    "result object); --output still gets the whole session")},
	{.lng = "output", .kind = OPT_STR, .off = R(output_path), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("save the session to FILE (transcript format: smtpdbg replay FILE "
		    "explains it again); a new file, mode 0600")},
	{.lng = "force", .kind = OPT_FLAG, .off = R(force), .flags = OPT_F_NOCONF,
	 .help = N_("let --output replace an existing file (it is never replaced without "
		    "it)")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = R(show_secrets), .flags = OPT_F_NOCONF,
	 .help = N_("show passwords and what reveals them")},
	{0},
};

const struct cli_cmd cli_cmd_run = {
	.name = "run",
	.section = "run",
	.usage = N_("[OPTIONS] HOST[:PORT]"),
	.summary = N_("run a whole session against a server, annotated, no prompts"),
	.about = N_("Run one SMTP session without prompting and print it annotated: server lines\n"
		    "start \"S: \", client lines \"C: \", explanations \"  # \" (grep -v '^  #' drops\n"
		    "them). Secrets are masked unless --show-secrets.\n"),
	.epilog = N_("Exit status: 0 success; 2 usage error; a failing stage exits with its own code:\n"
		     "  10 connect, 11 banner, 12 ehlo, 13 tls, 14 auth, 15 mail, 16 rcpt (every\n"
		     "  recipient refused), 17 data; 18 some recipients refused, the message went to\n"
		     "  the others; 19 --output could not be written (see smtpdbg(1)).\n"),
	.groups = {{N_("Connection"), conn_opt_table, R(conn)},
		   {N_("Session"), session_opts, 0},
		   {N_("Kerberos (GSSAPI)"), gss_opt_table, R(opts.creds)},
		   {N_("NTLM"), ntlm_opt_table, R(opts.creds)},
		   {N_("Message"), message_opts, 0},
		   {N_("Output"), output_opts, 0},
		   {N_("Monitoring"), check_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_HOST,
	.uses_config = true,
	.run = cmd_run,
};

/* Arguments that end up on the wire must not carry a second command. */
static bool safe_arg(const char *s)
{
	return !strpbrk(s, "\r\n<>") && *s;
}

static int load_script(const struct cli_cmd *cmd, struct run_cli *cli, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_fail(cmd, _("cannot read script %s: %s"), path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (memchr(line, '\0', (size_t)n)) {
			free(line);
			fclose(f);
			return cli_fail(cmd, _("script %s: line %zu contains a NUL byte"),
					       path, cli->nscript + 1);
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		/* '#' lines before the first line to send say what the script is
		 * (:export writes them); no SMTP command starts with '#'. */
		if (cli->nscript == 0 && line[0] == '#')
			continue;
		if (cli->nscript == SCRIPT_MAX_LINES) {
			free(line);
			fclose(f);
			return cli_fail(cmd, _("script %s: more than %d lines"), path,
					       SCRIPT_MAX_LINES);
		}
		cli->script = xrealloc(cli->script, (cli->nscript + 1) * sizeof *cli->script);
		cli->script[cli->nscript++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return -1;
}

/* Any option that shapes the generated message. */
static const char *message_option(const struct run_cli *cli)
{
	if (cli->subject)
		return "--subject";
	if (cli->headers.n)
		return "--header";
	if (cli->add_headers.n)
		return "--add-header";
	if (cli->attach.n)
		return "--attach";
	if (cli->attach_inline.n)
		return "--attach-inline";
	return NULL;
}

/* Check the message options and open every file: bad input is a usage
 * error before anything is sent. */
static int make_message(const struct cli_cmd *cmd, struct run_cli *cli)
{
	const char *shaping = message_option(cli);
	if (cli->body_text && cli->body_path)
		return cli_fail(cmd, _("--body and --body-file both give the message: choose one"));
	if (cli->body_path && shaping)
		return cli_fail(cmd, _("--body-file sends FILE as the whole message; %s shapes the "
				       "generated one (give its text with --body)"),
				       shaping);
	struct message_spec spec = {
		.from = cli->opts.from, .to = cli->to.v, .nto = cli->to.n,
		.subject = cli->subject,
		.headers = cli->headers.v, .nheaders = cli->headers.n,
		.add_headers = cli->add_headers.v, .nadd_headers = cli->add_headers.n,
		.body = cli->body_text, .body_file = cli->body_path,
		.attach = cli->attach.v, .nattach = cli->attach.n,
		.attach_inline = cli->attach_inline.v, .nattach_inline = cli->attach_inline.n,
	};
	struct buf why;
	buf_init(&why, 0);
	cli->msg = message_new(&spec, &why);
	if (!cli->msg) {
		int rc = cli_fail(cmd, "%s", why.data);
		buf_free(&why);
		return rc;
	}
	buf_free(&why);
	cli->opts.msg_size = (int64_t)message_size(cli->msg);
	cli->opts.msg_8bit = message_8bit(cli->msg);
	cli->opts.msg_utf8 = message_utf8(cli->msg);
	if (!cli->dump_message) {
		if (!(cli->body = message_stream(cli->msg)))
			return cli_fail(cmd, _("cannot make the message: %s"), strerror(errno));
		cli->opts.has_body = true;
	}
	return -1;
}

/* Whether s is valid UTF-8 (no overlong forms, no surrogates). */
static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p, n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2
				   : (c >> 3) == 30 ? 3 : 9;
		if (n == 9 || (n == 1 && c < 0xc2) || (c == 0xf4 && p[1] > 0x8f) || c > 0xf4)
			return false;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
		    (c == 0xf0 && p[1] < 0x90))
			return false;
		for (unsigned k = 1; k <= n; k++)
			if ((p[k] & 0xc0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* The extension options: well-formed, and only where they mean something. */
static int check_extensions(const struct cli_cmd *cmd, struct run_cli *cli)
{
	struct run_opts *o = &cli->opts;
	bool any = o->pipeline || o->chunking || o->chunk_size || o->dsn_notify || o->dsn_ret ||
		   o->envid || o->orcpt || o->requiretls || o->prdr || cli->mail_params.n ||
		   cli->rcpt_params.n;
	if (any && !o->from)
		return cli_fail(cmd, _("the extension options (--pipeline, --chunking, --dsn-*, "
				       "--requiretls, --prdr, --mail-param, ...) need --from and --to"));
	if (o->from && !utf8_ok(o->from))
		return cli_fail(cmd, _("--from is not valid UTF-8"));
	for (size_t k = 0; k < o->nto; k++)
		if (!utf8_ok(o->to[k]))
			return cli_fail(cmd, _("--to is not valid UTF-8"));
	if (o->chunk_size && !o->chunking)
		return cli_fail(cmd, _("--chunk-size needs --chunking"));
	if (o->dsn_notify && !run_dsn_notify_ok(o->dsn_notify))
		return cli_fail(cmd, _("--dsn-notify takes NEVER, or SUCCESS, FAILURE and DELAY "
				       "joined by commas"));
	if (o->envid && (strlen(o->envid) > 100 || !*o->envid || run_addr_utf8(o->envid) ||
			 strpbrk(o->envid, "\r\n")))
		return cli_fail(cmd, _("--envid takes 1 to 100 ASCII characters (RFC 3461 §4.4)"));
	if (o->requiretls && cli->conn.tls == CONN_TLS_NONE)
		return cli_fail(cmd, _("--requiretls needs TLS: add --starttls or --tls (REQUIRETLS "
				       "is never sent in clear, RFC 8689 §4.1)"));
	for (size_t k = 0; k < cli->mail_params.n; k++)
		if (!run_param_ok(cli->mail_params.v[k]))
			return cli_fail(cmd, _("--mail-param '%s' is not KEYWORD or KEYWORD=VALUE "
					       "(no spaces, no second '=')"), cli->mail_params.v[k]);
	for (size_t k = 0; k < cli->rcpt_params.n; k++)
		if (!run_param_ok(cli->rcpt_params.v[k]))
			return cli_fail(cmd, _("--rcpt-param '%s' is not KEYWORD or KEYWORD=VALUE "
					       "(no spaces, no second '=')"), cli->rcpt_params.v[k]);
	o->mail_params = cli->mail_params.v;
	o->nmail_params = cli->mail_params.n;
	o->rcpt_params = cli->rcpt_params.v;
	o->nrcpt_params = cli->rcpt_params.n;
	return -1;
}

int run_cli_parse(struct run_cli *cli, int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_run;
	memset(cli, 0, sizeof *cli);
	cli->output.fd = -1;
	conn_opts_init(&cli->conn);
	cli->opts.quit_after = -1;
	cli->warn_days = 30;
	cli->crit_days = 7;
	cli->opts.msg_size = -1;

	int rc = cli_parse(cmd, argc, argv, cli, &cli->args, true);
	if (rc >= 0)
		return rc;
	if (cli->args.n > 1) {
		return cli_fail(cmd, _("only one HOST[:PORT], got '%s' too"), cli->args.operands[1]);
	}
	/* --dump-message connects nowhere: HOST may be left out. */
	if (!cli->dump_message || cli->args.n) {
		rc = conn_opts_finish(cmd, &cli->conn, cli->args.n ? cli->args.operands[0] : NULL);
		if (rc >= 0)
			return rc;
	}
	cli->opts.tls = cli->conn.tls;
	cli->opts.creds.ir = (enum sasl_ir)cli->ir;
	const char *auth = cli->auth, *body = cli->body_path, *script = cli->script_path;
	const char *tok_env = cli->tok_env, *tok_file = cli->tok_file;
	size_t nto = cli->to.n;

	if (cli->xclient) {
		struct buf line, why;
		buf_init(&line, 0);
		buf_init(&why, 0);
		if (xclient_command(cli->xclient, &line, &why) < 0) {
			rc = cli_fail(cmd, "%s", why.data);
			buf_free(&line);
			buf_free(&why);
			return rc;
		}
		buf_free(&why);
		cli->xclient_line = buf_steal(&line);
		cli->opts.xclient = cli->xclient_line;
	}
	if (cli->opts.ehlo && !cli_good_name(cli->opts.ehlo))
		return cli_fail(cmd, _("--ehlo must be one name without spaces or <>"));
	if (cli->opts.from && (strpbrk(cli->opts.from, "\r\n<>")))
		return cli_fail(cmd, _("--from must be a bare address, without <>, CR or LF"));
	for (size_t k = 0; k < nto; k++)
		if (!safe_arg(cli->to.v[k]))
			return cli_fail(cmd, _("--to must be a bare address, without <>, CR or LF"));
	cli->opts.to = cli->to.v;
	cli->opts.nto = nto;
	if (nto && !cli->opts.from)
		return cli_fail(cmd, _("--to needs --from as well"));
	if (cli->opts.from && !nto)
		return cli_fail(cmd, _("--from needs at least one --to"));
	if (!!cli->quit_after + !!cli->drop_after + !!cli->drop_after_send > 1)
		return cli_fail(cmd, _("choose one of --quit-after, --drop-after and "
				       "--drop-after-send"));
	if (cli->quit_after)
		cli->opts.quit_after = run_stage_parse(cli->quit_after);
	if (cli->drop_after) {
		cli->opts.quit_after = run_stage_parse(cli->drop_after);
		cli->opts.stop = RUN_STOP_DROP;
	}
	if (cli->drop_after_send) {
		cli->opts.quit_after = run_stage_parse(cli->drop_after_send);
		cli->opts.stop = RUN_STOP_DROP_SEND;
	}
	/* A stage the session would never reach would stop nothing. */
	const char *stop_opt = cli->quit_after ? "--quit-after"
			       : cli->drop_after ? "--drop-after" : "--drop-after-send";
	if (cli->opts.quit_after == RUN_STAGE_TLS &&
	    (cli->conn.tls == CONN_TLS_NONE ||
	     (cli->drop_after_send && cli->conn.tls != CONN_TLS_STARTTLS)))
		return cli_fail(cmd, _("%s tls needs --starttls%s"), stop_opt,
				cli->drop_after_send ? "" : _(" or --tls"));
	if (cli->opts.quit_after == RUN_STAGE_AUTH && !cli->auth)
		return cli_fail(cmd, _("%s auth needs --auth"), stop_opt);
	if ((rc = check_extensions(cmd, cli)) >= 0)
		return rc;
	if (script && (cli->opts.from || body || cli->body_text || message_option(cli)))
		return cli_fail(cmd, _("--script replaces --from/--to and the message options"));
	if (!cli->opts.from && (body || cli->body_text || message_option(cli) || cli->dump_message))
		return cli_fail(cmd, _("a message needs --from and --to"));
	if (script && load_script(cmd, cli, script) >= 0)
		return EXIT_USAGE;
	cli->opts.script = (const char *const *)cli->script;
	cli->opts.nscript = cli->nscript;

	if ((rc = gss_opts_check(cmd, &cli->opts.creds, auth)) >= 0)
		return rc;
	if (cli->opts.auth_optional && !auth)
		return cli_fail(cmd, _("--auth-optional goes with --auth"));
	if (auth && !strcasecmp(auth, "list")) {
		if (cli->opts.auth_optional || cli->opts.creds.user || cli->opts.from || script)
			return cli_fail(cmd, _("--auth list only looks: no --auth-optional, "
					       "--user, --from or --script"));
		cli->opts.auth_list = true;
	} else if (auth && !cli->dump_message) {
		cli->opts.auth_auto = !strcasecmp(auth, "auto");
		if (!cli->opts.auth_auto && !(cli->opts.auth = sasl_find(auth)))
			return cli_fail(cmd, _("unknown --auth mechanism '%s' (see smtpdbg sasl --help)"),
					       auth);
		const struct sasl_mech *m = cli->opts.auth;
		if (cli->opts.creds.ntlm_v1 && m && strcmp(m->name, "NTLM"))
			return cli_fail(cmd, _("--ntlm-v1 goes with --auth NTLM"));
		if (m && m->kerberos && cli->opts.creds.user)
			fputs(_("smtpdbg run: warning: GSSAPI does not use --user: the client "
				"principal is the one in the credential cache (klist), or "
				"--principal with --keytab\n"),
			      stderr);
		if (cli->opts.creds.ntlm_v1)
			fputs(_("smtpdbg run: warning: NTLMv1 was asked for: a recorded exchange "
				"gives up the password's hash within hours; use it only over TLS\n"),
			      stderr);
		/* A named mechanism says what it needs; "auto" uses what is given. */
		bool want_token = m ? m->needs_token : (tok_env || tok_file);
		bool want_password = m ? m->needs_password : cli->opts.creds.user != NULL;
		if (m && m->needs_password && !cli->opts.creds.user)
			return cli_fail(cmd, _("--auth %s needs --user"), m->name);
		/* auto: a ticket kinit left is a credential too. */
		if (!m && !cli->opts.creds.gss_keytab)
			cli->opts.have_ticket = sasl_gssapi_have_ticket();
		if (!m && !want_token && !want_password && !cli->opts.creds.gss_keytab &&
		    !cli->opts.have_ticket)
			return cli_fail(cmd, _("--auth auto needs --user (with a password), a token, "
					       "a Kerberos ticket (kinit) or --keytab"));
		if (want_token) {
			if (!tok_env && !tok_file)
				return cli_fail(cmd, _("--auth %s needs --token-env VAR or --token-file FILE"),
						       m ? m->name : "auto");
			if (!(cli->token = cli_read_password("run", tok_env, tok_file)))
				return EXIT_USAGE;
			cli->opts.creds.token = cli->token;
		}
		if (want_password) {
			if (!(cli->password = cli_read_password("run", cli->pw_env, cli->pw_file)))
				return EXIT_USAGE;
			cli->opts.creds.password = cli->password;
		}
		/* Kerberos tickets enter the process as a password would. */
		if (!m || m->kerberos)
			secret_guard();
		cli->opts.creds.host = cli->conn.host;
		cli->opts.creds.port = (unsigned)atoi(cli->conn.port);
		cli->opts.have_cert = cli->conn.cert != NULL;
	}
	if (cli->opts.from && (rc = make_message(cmd, cli)) >= 0)
		return rc;
	if (cli->dump_message && cli->output_path)
		return cli_fail(cmd, _("--dump-message connects nowhere: --output would have "
				       "nothing to save"));
	if (!cli->check && (cli->warn_time || cli->crit_time))
		return cli_fail(cmd, _("--warn-time and --crit-time go with --check"));
	if (cli->check && cli->json)
		return cli_fail(cmd, _("--check prints one status line: not with --json"));
	if (cli->check && cli->warn_days && cli->crit_days && cli->crit_days > cli->warn_days)
		return cli_fail(cmd, _("--crit-days is more than --warn-days: every warning would be "
				       "critical"));
	if (cli->check && cli->warn_time && cli->crit_time && cli->crit_time < cli->warn_time)
		return cli_fail(cmd, _("--crit-time is less than --warn-time"));
	/* Last, so that a usage error leaves no empty file behind. */
	if (cli->force && !cli->output_path)
		return cli_fail(cmd, _("--force needs --output FILE"));
	if (cli->output_path && (rc = cli_open_output(cmd->name, cli->output_path, cli->force,
						      &cli->output)) >= 0)
		return rc;
	return -1;
}

void run_cli_free(struct run_cli *cli)
{
	conn_opts_free(&cli->conn);
	cli_free(&cli_cmd_run, cli, &cli->args);
	free(cli->xclient_line);
	if (cli->password) {
		wipe(cli->password, strlen(cli->password));
		free(cli->password);
	}
	if (cli->token) {
		wipe(cli->token, strlen(cli->token));
		free(cli->token);
	}
	for (size_t i = 0; i < cli->nscript; i++)
		free(cli->script[i]);
	free(cli->script);
	if (cli->output.fd >= 0)
		safefile_abort(&cli->output); /* keeps what was written */
	message_free(cli->msg); /* closes its stream, cli->body */
}
