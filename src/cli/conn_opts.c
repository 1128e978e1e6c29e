/* The connection options, written once for run, relay-test, the
 * interactive mode and proxy's upstream. */
#include "cli_conn.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>

#include "cli_impl.h"
#include "smtpdbg/cmdline.h"
#include "smtpdbg/dns_records.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/xmalloc.h"

#define C(field) offsetof(struct conn_opts, field)

static const char *const tls_versions[] = {"1.0", "1.1", "1.2", "1.3", NULL};
static const char *const dane_modes[] = {"auto", "require", "off", NULL};

/* The options every table below shares: how the server is verified and
 * reached. */
#define CONN_COMMON_OPTS \
	{.lng = "cafile", .kind = OPT_STR, .off = C(cafile), .metavar = N_("FILE"), \
	 .complete = COMPLETE_FILE, \
	 .help = N_("trust the certificate authorities in FILE instead of the system's")}, \
	{.lng = "insecure", .kind = OPT_FLAG, .off = C(insecure), .flags = OPT_F_NOCONF, \
	 .help = N_("do not verify the server's certificate (the result is still shown); " \
		    "must be typed each time")}, \
	{.lng = "cert", .kind = OPT_STR, .off = C(cert), .metavar = N_("FILE"), \
	 .complete = COMPLETE_FILE, .help = N_("client certificate (with --key)")}, \
	{.lng = "key", .kind = OPT_STR, .off = C(key), .metavar = N_("FILE"), \
	 .complete = COMPLETE_FILE, .help = N_("the client certificate's private key")}, \
	{.lng = "sni", .kind = OPT_STR, .off = C(sni), .metavar = "NAME", \
	 .help = N_("server name to send in the TLS handshake, and only that (default: " \
		    "--verify-name, else HOST when it is a name)")}, \
	{.lng = "verify-name", .kind = OPT_STR, .off = C(choice.verify_name), .metavar = "NAME", \
	 .help = N_("check the certificate against NAME instead of HOST (connecting by " \
		    "address to test mail.example.org's certificate); also the SNI unless " \
		    "--sni is given")}, \
	{.lng = "tls-min", .kind = OPT_CHOICE, .off = C(choice.tls_min), .metavar = "VERSION", \
	 .choices = tls_versions, \
	 .help = N_("the oldest TLS version offered: 1.0, 1.1, 1.2 (default) or 1.3")}, \
	{.lng = "tls-max", .kind = OPT_CHOICE, .off = C(choice.tls_max), .metavar = "VERSION", \
	 .choices = tls_versions, \
	 .help = N_("the newest TLS version offered (default 1.3)")}, \
	{.lng = "ciphers", .kind = OPT_STR, .off = C(choice.ciphers), .metavar = "LIST", \
	 .help = N_("the ciphers offered up to TLS 1.2, in OpenSSL's words " \
		    "(ECDHE+AESGCM:!SHA1)")}, \
	{.lng = "ciphersuites", .kind = OPT_STR, .off = C(choice.ciphersuites), \
	 .metavar = "LIST", \
	 .help = N_("the TLS 1.3 cipher suites offered (TLS_AES_128_GCM_SHA256:...)")}, \
	{.lng = "groups", .kind = OPT_STR, .off = C(choice.groups), .metavar = "LIST", \
	 .help = N_("the key exchange groups offered, in order (X25519:P-256)")}, \
	{.lng = "show-chain", .kind = OPT_FLAG, .off = C(choice.show_chain), \
	 .help = N_("after the description of the certificates, the chain the server sent " \
		    "as PEM")}, \
	{.lng = "keylog", .kind = OPT_STR, .off = C(choice.keylog), .metavar = N_("FILE"), \
	 .complete = COMPLETE_FILE, .flags = OPT_F_NOCONF, \
	 .help = N_("append the TLS session keys to FILE (NSS key log format, created 0600) " \
		    "so that Wireshark can decrypt a capture; SSLKEYLOGFILE is honoured too, " \
		    "with a warning; must be typed each time")}, \
	{.shrt = '4', .kind = OPT_SET, .off = C(family), .val = AF_INET, \
	 .help = N_("connect over IPv4 only")}, \
	{.shrt = '6', .kind = OPT_SET, .off = C(family), .val = AF_INET6, \
	 .help = N_("connect over IPv6 only")}, \
	{.lng = "timeout", .kind = OPT_SECS, .off = C(timeout_s), .metavar = "S", .min = 1, \
	 .max = 86400, \
	 .help = N_("connect and reply timeout (default 30 seconds): a total deadline for " \
		    "each reply that bytes trickling in do not extend")}, \
	{.lng = "resolver", .kind = OPT_STR, .off = C(resolver), .metavar = "ADDR[:PORT]", \
	 .help = N_("ask this DNS server (an IPv4 or [IPv6] address, port 53 by default) " \
		    "instead of the system's; /etc/hosts is still read first")}, \
	{.lng = "mx", .kind = OPT_FLAG, .off = C(mx), \
	 .help = N_("the target is a mail domain: look up its MX records (with --resolver if " \
		    "given) and try each host in turn, lowest preference first and equal ones in " \
		    "random order, the domain itself when it has no MX (RFC 5321 §5.1); a null MX " \
		    "(RFC 7505) means the domain accepts no mail")},

/* The path to the server: where the connection starts and what it
 * passes through (conn_path.c checks them). */
#define CONN_PATH_OPTS \
	{.lng = "local-address", .kind = OPT_STR, .off = C(local_address), .metavar = "ADDR", \
	 .help = N_("connect from this local IP address (the server sees it as the client)")}, \
	{.lng = "proxy", .kind = OPT_STR, .off = C(proxy), .metavar = "URL", \
	 .help = N_("connect through a proxy: socks5h://HOST:PORT (the proxy resolves the " \
		    "server's name), socks5://HOST:PORT (a literal server address) or " \
		    "http://HOST:PORT (HTTP CONNECT); USER@ in the URL logs in")}, \
	{.lng = "proxy-user", .kind = OPT_STR, .off = C(proxy_user), .metavar = N_("USER"), \
	 .help = N_("log in to the proxy as USER")}, \
	{.lng = "proxy-password-env", .kind = OPT_STR, .off = C(proxy_password_env), \
	 .metavar = "VAR", \
	 .help = N_("the proxy's password from the environment variable VAR")}, \
	{.lng = "proxy-env", .kind = OPT_FLAG, .off = C(proxy_env), \
	 .help = N_("use ALL_PROXY and NO_PROXY from the environment (never without this " \
		    "option)")}, \
	{.lng = "proxy-protocol", .kind = OPT_STR, .off = C(proxy_protocol), .metavar = "v1|v2", \
	 .help = N_("send an HAProxy PROXY protocol header first, as a load balancer " \
		    "does")}, \
	{.lng = "proxy-source", .kind = OPT_STR, .off = C(proxy_source), \
	 .metavar = "ADDR:PORT", \
	 .help = N_("the client address the PROXY header names (default: this " \
		    "connection's own)")},

const struct opt conn_opt_table[] = {
	{.lng = "starttls", .kind = OPT_SET, .off = C(tls), .val = CONN_TLS_STARTTLS,
	 .help = N_("require STARTTLS (never falls back to clear text)")},
	{.lng = "tls", .kind = OPT_SET, .off = C(tls), .val = CONN_TLS_IMPLICIT,
	 .help = N_("implicit TLS (the default on port 465)")},
	{.lng = "no-tls", .kind = OPT_SET, .off = C(tls), .val = CONN_TLS_NONE,
	 .help = N_("plain text, even on port 465")},
	CONN_COMMON_OPTS
	{.lng = "dane", .kind = OPT_CHOICE, .off = C(dane), .metavar = "auto|require|off",
	 .choices = dane_modes,
	 .help = N_("DANE (RFC 7672): before the TLS handshake, look up the TLSA records of "
		    "_PORT._tcp.HOST (the MX host with --mx) and match them with OpenSSL; auto "
		    "(default) reports, and lets records validated by DNSSEC decide; require "
		    "fails the TLS stage unless DANE authenticates the server; off skips it")},
	CONN_PATH_OPTS
	{.lng = "lmtp", .kind = OPT_FLAG, .off = C(lmtp),
	 .help = N_("speak LMTP (RFC 2033), the local delivery protocol: LHLO instead of "
		    "EHLO, one reply per accepted recipient after the data; port 24 by "
		    "default")},
	{.lng = "pipe", .kind = OPT_STR, .off = C(pipe), .metavar = N_("COMMAND"),
	 .flags = OPT_F_NOCONF,
	 .help = N_("instead of HOST[:PORT], talk to COMMAND over its standard input and "
		    "output, as to a local MTA: 'sendmail -bs', 'exim -bs' (run without a shell "
		    "unless it needs one; its standard error is shown, its exit status "
		    "reported); must be typed each time")},
	{0},
};

/* The upstream side of `smtpdbg proxy`: STARTTLS is the mail program's to
 * ask for, so only implicit TLS is chosen here. */
const struct opt conn_upstream_opt_table[] = {
	{.lng = "tls", .kind = OPT_SET, .off = C(tls), .val = CONN_TLS_IMPLICIT,
	 .help = N_("implicit TLS with the server (the default on port 465)")},
	CONN_COMMON_OPTS
	CONN_PATH_OPTS
	{0},
};

void conn_opts_init(struct conn_opts *c)
{
	memset(c, 0, sizeof *c);
	c->family = AF_UNSPEC;
	c->tls = CONN_TLS_AUTO;
	c->timeout_s = 30;
}

/* "unix:/path": an absolute path; no address family, no port. TLS over
 * it has no host name to check the certificate against. */
static int unix_target(const struct cli_cmd *cmd, struct conn_opts *c, const char *path)
{
	if (path[0] != '/')
		return cli_fail(cmd, _("unix: needs an absolute path to the socket, as in "
				       "unix:/run/dovecot/lmtp"));
	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return cli_fail(cmd, _("the socket path is too long (at most %zu bytes)"),
				sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
	if (c->family != AF_UNSPEC)
		return cli_fail(cmd, _("-4 and -6 do not apply to a unix socket"));
	if (c->tls == CONN_TLS_AUTO)
		c->tls = CONN_TLS_NONE;
	if (c->tls != CONN_TLS_NONE && !c->insecure)
		return cli_fail(cmd, _("TLS over a unix socket has no host name to check the "
				       "certificate against: add --insecure"));
	c->family = AF_UNIX;
	c->host = xstrdup(path);
	c->port = xstrdup("0");
	return -1;
}

/* --pipe COMMAND: no target, no TLS (the command is on this machine). */
static int pipe_target(const struct cli_cmd *cmd, struct conn_opts *c, const char *target)
{
	if (target)
		return cli_fail(cmd, _("--pipe replaces HOST[:PORT]: give one or the other"));
	struct cmdline cl;
	char why[200];
	if (cmdline_split(c->pipe, &cl, why, sizeof why) < 0)
		return cli_fail(cmd, _("--pipe: %s, as in --pipe 'sendmail -bs'"), why);
	cmdline_free(&cl);
	if (c->tls != CONN_TLS_AUTO && c->tls != CONN_TLS_NONE)
		return cli_fail(cmd, _("--pipe talks to a local command: no TLS"));
	if (c->family != AF_UNSPEC)
		return cli_fail(cmd, _("-4 and -6 do not apply to --pipe"));
	c->tls = CONN_TLS_NONE;
	c->host = xstrdup("localhost");
	c->port = xstrdup("0");
	return -1;
}

/* The TLS choice: versions in order; the key log from SSLKEYLOGFILE only
 * when none was given (desktops export it for browsers: a warning in
 * every session says so). */
static int tls_choice_finish(const struct cli_cmd *cmd, struct conn_opts *c)
{
	struct tls_choice *t = &c->choice;
	if (t->tls_min && t->tls_max &&
	    tls_version_number(t->tls_min) > tls_version_number(t->tls_max))
		return cli_fail(cmd, _("--tls-min %s is newer than --tls-max %s"), t->tls_min,
				t->tls_max);
	struct buf err;
	buf_init(&err, 0);
	if (tls_choice_check(t, &err) < 0) {
		int rc = cli_fail(cmd, "%s", err.data);
		buf_free(&err);
		return rc;
	}
	buf_free(&err);
	const char *env = getenv("SSLKEYLOGFILE");
	if (!t->keylog && env && *env) {
		t->keylog = env;
		t->keylog_from_env = true;
	}
	return -1;
}

/* --mx: a mail domain to look up, which an address, a socket or a
 * command is not. Checked here once for every mode. */
static int mx_target(const struct cli_cmd *cmd, const struct conn_opts *c)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, c->host, a) == 1 || inet_pton(AF_INET6, c->host, a) == 1 ||
	    !dns_name_ok(c->host)) {
		char *safe = cli_safe(c->host);
		int rc = cli_fail(cmd, _("--mx needs a mail domain (a name of at most 253 "
					 "characters), not '%s'"),
				  safe);
		free(safe);
		return rc;
	}
	return -1;
}

int conn_opts_finish(const struct cli_cmd *cmd, struct conn_opts *c, const char *target)
{
	if (c->mx && (c->pipe || (target && !strncmp(target, "unix:", 5))))
		return cli_fail(cmd, _("--mx needs a mail domain, not --pipe or unix:"));
	if ((c->pipe || (target && !strncmp(target, "unix:", 5))) && conn_path_given(c))
		return cli_fail(cmd, _("--local-address and the proxy options need a network "
				       "server, not --pipe or unix:"));
	int trc = tls_choice_finish(cmd, c);
	if (trc >= 0)
		return trc;
	if (c->pipe)
		return pipe_target(cmd, c, target);
	if (!target) {
		if (cmd->name[0])
			return cli_fail(cmd, _("say which server: smtpdbg %s HOST[:PORT]"), cmd->name);
		return cli_fail(cmd, _("say which server: smtpdbg HOST[:PORT]"));
	}
	if ((c->cert == NULL) != (c->key == NULL))
		return cli_fail(cmd, _("--cert and --key go together"));
	struct buf err;
	buf_init(&err, 0);
	if (net_set_resolver(c->resolver, &err) < 0) {
		int rc = cli_fail(cmd, _("--resolver: %s"), err.data);
		buf_free(&err);
		return rc;
	}
	if (!strncmp(target, "unix:", 5)) { /* a local server's socket, LMTP's usual home */
		buf_free(&err);
		return unix_target(cmd, c, target + 5);
	}
	const char *port = c->tls == CONN_TLS_IMPLICIT ? "465" : c->lmtp ? "24" : "25";
	if (net_split_hostport(target, port, &c->host,
			       &c->port, &err) < 0) {
		int rc = cli_fail(cmd, "%s", err.data);
		buf_free(&err);
		return rc;
	}
	buf_free(&err);
	if (c->mx && (trc = mx_target(cmd, c)) >= 0)
		return trc;
	if (c->tls == CONN_TLS_AUTO)
		c->tls = !strcmp(c->port, "465") ? CONN_TLS_IMPLICIT : CONN_TLS_NONE;
	return conn_path_finish(cmd, c);
}

void conn_opts_free(struct conn_opts *c)
{
	free(c->host);
	free(c->port);
	c->host = c->port = NULL;
	conn_path_free(c);
}
