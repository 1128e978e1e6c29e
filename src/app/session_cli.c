/* The command line of the interactive mode: smtpdbg HOST[:PORT] [OPTIONS]. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/session.h"

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg HOST[:PORT] [OPTIONS]\n"
		"Open the interactive debugger on a real server: the transcript on the left,\n"
		"the explanation of the selected line on the right, a prompt at the bottom.\n"
		"Nothing is sent until you type; lines go to the server verbatim, tool\n"
		"commands start with ':' (:help lists them, ? lists the keys).\n\n"
		"Connection:\n"
		"  --starttls            the session is meant to use STARTTLS: type EHLO, then\n"
		"                        STARTTLS; the handshake runs when the server says 220\n"
		"                        (without it, typing STARTTLS works the same; this\n"
		"                        flag warns when the server does not offer it)\n"
		"  --tls                 implicit TLS (the default on port 465)\n"
		"  --no-tls              plain text, even on port 465\n"
		"  --cafile FILE         trust the CAs in FILE instead of the system's\n"
		"  --insecure            do not verify the certificate (the result is shown)\n"
		"  --cert FILE, --key FILE  client certificate\n"
		"  --sni NAME            server name to send (default: HOST if it is a name)\n"
		"  -4, -6                IPv4 or IPv6 only\n"
		"  --timeout S           connect timeout, and when an overdue reply is noted\n"
		"                        (default 30)\n"
		"Display:\n"
		"  --theme NAME          colour theme (default, light, high-contrast, mono, ...)\n"
		"  --no-color            no colours (also NO_COLOR=1 or TERM=dumb)\n"
		"  --show-secrets        start with secrets revealed on screen (S toggles);\n"
		"                        :save always masks them\n"
		"  --startup-time FILE   append the milliseconds to the first frame to FILE\n"
		"  -h, --help\n\n"
		"Files: the input history is kept in $XDG_STATE_HOME/smtpdbg/history\n"
		"(~/.local/state/smtpdbg/history), mode 0600, never with passwords.\n"),
	      f);
}

int session_cli_parse(struct session_opts *o, int argc, char **argv)
{
	const char *target = NULL;
	bool starttls = false, tls = false, no_tls = false;

	memset(o, 0, sizeof *o);
	o->family = AF_UNSPEC;
	o->timeout_s = 30;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--starttls")) {
			starttls = true;
		} else if (!strcmp(a, "--tls")) {
			tls = true;
		} else if (!strcmp(a, "--no-tls")) {
			no_tls = true;
		} else if (!strcmp(a, "--insecure")) {
			o->insecure = true;
		} else if (!strcmp(a, "--show-secrets")) {
			o->show_secrets = true;
		} else if (!strcmp(a, "--no-color")) {
			o->no_color = true;
		} else if (!strcmp(a, "-4")) {
			o->family = AF_INET;
		} else if (!strcmp(a, "-6")) {
			o->family = AF_INET6;
		} else if (!strcmp(a, "--cafile")) {
			val = &o->cafile;
		} else if (!strcmp(a, "--cert")) {
			val = &o->cert;
		} else if (!strcmp(a, "--key")) {
			val = &o->key;
		} else if (!strcmp(a, "--sni")) {
			val = &o->sni;
		} else if (!strcmp(a, "--theme")) {
			val = &o->theme;
		} else if (!strcmp(a, "--startup-time")) {
			val = &o->startup_time;
		} else if (!strcmp(a, "--timeout")) {
			if (++i >= argc || (o->timeout_s = atoi(argv[i])) <= 0 || o->timeout_s > 86400)
				return cli_usage_error(NULL, _("--timeout needs seconds, 1 to 86400"));
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error(NULL, _("unknown option '%s'"), a);
		} else if (!target) {
			target = a;
		} else {
			return cli_usage_error(NULL, _("only one HOST[:PORT], got '%s' too"), a);
		}
		if (val) {
			if (++i >= argc)
				return cli_usage_error(NULL, _("%s needs a value"), a);
			*val = argv[i];
		}
	}
	if (!target)
		return cli_usage_error(NULL, _("say which server: smtpdbg HOST[:PORT]"));
	if (starttls + tls + no_tls > 1)
		return cli_usage_error(NULL, _("choose one of --starttls, --tls and --no-tls"));
	if ((o->cert == NULL) != (o->key == NULL))
		return cli_usage_error(NULL, _("--cert and --key go together"));
	struct buf err;
	buf_init(&err, 0);
	if (net_split_hostport(target, tls ? "465" : "25", &o->host, &o->port, &err) < 0) {
		int rc = cli_usage_error(NULL, "%s", err.data);
		buf_free(&err);
		return rc;
	}
	buf_free(&err);
	o->tls = starttls ? SESSION_TLS_STARTTLS
		 : tls || (!no_tls && !strcmp(o->port, "465")) ? SESSION_TLS_IMPLICIT
							       : SESSION_TLS_NONE;
	return -1;
}

void session_opts_free(struct session_opts *o)
{
	free(o->host);
	free(o->port);
	o->host = o->port = NULL;
}
