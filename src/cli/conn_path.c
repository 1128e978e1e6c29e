/* The path options (--local-address, --proxy and its login, --proxy-env,
 * --proxy-protocol, --proxy-source): checked once the target is known,
 * turned into the net_path the connection driver follows. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "cli_conn.h"
#include "cli_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/xmalloc.h"

static int literal_family(const char *s)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, s, a) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, a) == 1)
		return AF_INET6;
	return AF_UNSPEC;
}

bool conn_path_given(const struct conn_opts *c)
{
	return c->local_address || c->proxy || c->proxy_user || c->proxy_password_env ||
	       c->proxy_env || c->proxy_protocol || c->proxy_source;
}

/* NO_PROXY: names and domains separated by commas ("example.org" and
 * ".example.org" both cover its subdomains), "*" for every server. */
static bool no_proxy_covers(const char *list, const char *host)
{
	size_t hl = strlen(host);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ", ");
		const char *e = p;
		size_t en = n;
		if (en && e[0] == '.') {
			e++;
			en--;
		}
		if (en == 1 && e[0] == '*')
			return true;
		if (en && hl >= en && !strncasecmp(host + hl - en, e, en) &&
		    (hl == en || host[hl - en - 1] == '.'))
			return true;
		p += n;
		p += strspn(p, ", ");
	}
	return false;
}

/* --proxy URL (or ALL_PROXY): parsed, the login settled. */
static int take_proxy(const struct cli_cmd *cmd, struct conn_opts *c, const char *url,
		      const char *from)
{
	struct buf why;
	buf_init(&why, 0);
	if (path_url_parse(url, &c->path.proxy, &why) < 0) {
		int rc = cli_fail(cmd, "%s: %s", from, why.data);
		buf_free(&why);
		return rc;
	}
	buf_free(&why);
	struct path_url *u = &c->path.proxy;
	if (u->password)
		fprintf(stderr,
			_("smtpdbg: warning: the proxy's password in %s can be seen by other "
			  "users (ps) and stays in the shell history; prefer --proxy-user with "
			  "--proxy-password-env\n"),
			from);
	if (c->proxy_user) {
		free(u->user);
		u->user = xstrdup(c->proxy_user);
	}
	if (c->proxy_password_env) {
		const char *pw = getenv(c->proxy_password_env);
		if (!pw)
			return cli_fail(cmd, _("--proxy-password-env: the variable %s is not set"),
					c->proxy_password_env);
		free(u->password);
		u->password = xstrdup(pw);
		if (!u->user)
			return cli_fail(cmd, _("--proxy-password-env needs a user: --proxy-user or "
					       "USER@ in the URL"));
	}
	if (u->user && u->kind != PATH_PROXY_HTTP &&
	    (strlen(u->user) > 255 || (u->password && strlen(u->password) > 255)))
		return cli_fail(cmd, _("a SOCKS proxy's user and password are at most 255 bytes "
				       "each"));
	if (u->kind == PATH_PROXY_SOCKS5 && literal_family(c->host) == AF_UNSPEC)
		return cli_fail(cmd, _("socks5:// sends the server's address and %s is a name: "
				       "use socks5h:// so that the proxy resolves it"),
				c->host);
	if (u->kind == PATH_PROXY_SOCKS5H && strlen(c->host) > 255)
		return cli_fail(cmd, _("the server's name is too long for SOCKS (at most 255 "
				       "bytes)"));
	return -1;
}

static int take_proxy_protocol(const struct cli_cmd *cmd, struct conn_opts *c)
{
	const char *v = c->proxy_protocol;
	if (!strcmp(v, "v1") || !strcmp(v, "1"))
		c->path.proxy_protocol = 1;
	else if (!strcmp(v, "v2") || !strcmp(v, "2"))
		c->path.proxy_protocol = 2;
	else
		return cli_fail(cmd, _("--proxy-protocol is v1 (text) or v2 (binary)"));
	if (c->path.proxy.kind != PATH_PROXY_NONE && literal_family(c->host) == AF_UNSPEC)
		return cli_fail(cmd, _("--proxy-protocol through a proxy names the server's "
				       "address in its header: give the server as an address"));
	if (c->proxy_source) {
		struct buf err;
		buf_init(&err, 0);
		if (net_split_hostport(c->proxy_source, NULL, &c->path.source_host,
				       &c->path.source_port, &err) < 0) {
			int rc = cli_fail(cmd, _("--proxy-source: %s"), err.data);
			buf_free(&err);
			return rc;
		}
		buf_free(&err);
		if (literal_family(c->path.source_host) == AF_UNSPEC)
			return cli_fail(cmd, _("--proxy-source is an address and port, as in "
					       "192.0.2.1:40000"));
		int tf = literal_family(c->host);
		if (tf != AF_UNSPEC && tf != literal_family(c->path.source_host))
			return cli_fail(cmd, _("--proxy-source and the server must both be IPv4 "
					       "or both IPv6 (the PROXY header has one family)"));
	}
	return -1;
}

int conn_path_finish(const struct cli_cmd *cmd, struct conn_opts *c)
{
	int rc;
	if (c->local_address) {
		int f = literal_family(c->local_address);
		if (f == AF_UNSPEC)
			return cli_fail(cmd, _("--local-address is an IP address of this machine, "
					       "as in 192.0.2.10 or 2001:db8::10"));
		if (c->family != AF_UNSPEC && c->family != f)
			return cli_fail(cmd, _("--local-address is not of the family -4 or -6 asks "
					       "for"));
		c->path.local_address = c->local_address;
	}
	if ((c->proxy_user || c->proxy_password_env) && !c->proxy && !c->proxy_env)
		return cli_fail(cmd, _("--proxy-user and --proxy-password-env go with --proxy"));
	if (c->proxy_source && !c->proxy_protocol)
		return cli_fail(cmd, _("--proxy-source goes with --proxy-protocol"));
	const char *url = c->proxy, *from = "--proxy";
	if (!url && c->proxy_env) { /* only when asked: a web proxy is no mail path */
		url = getenv("ALL_PROXY");
		if (!url || !*url)
			url = getenv("all_proxy");
		from = "ALL_PROXY";
		const char *no = getenv("NO_PROXY");
		if (!no || !*no)
			no = getenv("no_proxy");
		if (url && !*url)
			url = NULL;
		if (url && no && no_proxy_covers(no, c->host))
			url = NULL;
	}
	if (url && (rc = take_proxy(cmd, c, url, from)) >= 0)
		return rc;
	if (c->proxy_protocol && (rc = take_proxy_protocol(cmd, c)) >= 0)
		return rc;
	return -1;
}

void conn_path_free(struct conn_opts *c)
{
	path_url_free(&c->path.proxy);
	free(c->path.source_host);
	free(c->path.source_port);
	c->path.source_host = c->path.source_port = NULL;
}
