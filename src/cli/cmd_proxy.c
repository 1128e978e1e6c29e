/* smtpdbg proxy: a real mail program's session passed through to its one
 * upstream server and explained. TLS ends on both sides: the upstream is
 * verified as `run` verifies; the mail program is shown a certificate of
 * smtpdbg's own local CA (proxy_ca.h). Loopback only unless
 * --allow-remote: a proxy on the network would let anyone send mail with
 * this machine's address, which the upstream may trust. One mail program
 * connection at a time; the next waits in the listen queue. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli_conn.h"
#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/mx_route.h"
#include "smtpdbg/net.h"
#include "smtpdbg/proxy_ca.h"
#include "smtpdbg/proxy_session.h"
#include "smtpdbg/run_plan.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/serve_watch.h"
#include "smtpdbg/tui_watch.h"
#include "smtpdbg/xmalloc.h"

struct proxy_cli {
	struct conn_opts conn;
	const char *listen, *upstream, *output, *tls_name;
	bool allow_remote, tls_listen, print_ca, rotate_ca;
	bool show_secrets, explain_auth, force, no_tui;
};

#define V(field) offsetof(struct proxy_cli, field)

static const struct opt proxy_opts[] = {
	{.lng = "listen", .kind = OPT_STR, .off = V(listen), .metavar = "ADDR:PORT",
	 .help = N_("where the mail program connects (default 127.0.0.1:2525). Loopback "
		    "addresses only, unless --allow-remote.")},
	{.lng = "upstream", .kind = OPT_STR, .off = V(upstream), .metavar = "HOST[:PORT]",
	 .help = N_("the one server the session goes to (port 25 by default, 465 with "
		    "--tls)")},
	{.lng = "allow-remote", .kind = OPT_FLAG, .off = V(allow_remote), .flags = OPT_F_NOCONF,
	 .help = N_("listen on any address: anyone who reaches it could send mail through "
		    "the upstream with this machine's address, which the upstream may trust")},
	{.lng = "tls-listen", .kind = OPT_FLAG, .off = V(tls_listen),
	 .help = N_("implicit TLS with the mail program (as on port 465); without it the "
		    "proxy answers STARTTLS when the upstream offers it")},
	{.lng = "tls-name", .kind = OPT_STR, .off = V(tls_name), .metavar = "NAME",
	 .help = N_("the name on the certificate the mail program is shown, and so the "
		    "local CA used (default: the upstream's HOST); e.g. localhost when the "
		    "mail program is set to connect to localhost")},
	{.lng = "print-ca", .kind = OPT_FLAG, .off = V(print_ca), .flags = OPT_F_NOCONF,
	 .help = N_("print the certificate of the local CA for that name (PEM; made first if "
		    "there is none) and exit: the file a mail program is told to trust")},
	{.lng = "rotate-ca", .kind = OPT_FLAG, .off = V(rotate_ca), .flags = OPT_F_NOCONF,
	 .help = N_("replace the local CA for that name with a new one and exit; mail "
		    "programs that trusted the old one must be given the new one")},
	{.lng = "output", .kind = OPT_STR, .off = V(output), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("write each session's transcript (smtpdbg replay opens it) to FILE, the "
		    "second to FILE.2 and so on; secrets masked, mode 0600")},
	{.lng = "force", .kind = OPT_FLAG, .off = V(force), .flags = OPT_F_NOCONF,
	 .help = N_("replace an existing --output file")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = V(show_secrets), .flags = OPT_F_NOCONF,
	 .help = N_("show passwords and their Base64 as sent (on a terminal: shown until S "
		    "masks them)")},
	{.lng = "no-tui", .kind = OPT_FLAG, .off = V(no_tui),
	 .help = N_("narrate on standard output even on a terminal, instead of the live view "
		    "of the sessions")},
	{.lng = "explain-auth", .kind = OPT_FLAG, .off = V(explain_auth),
	 .help = N_("add what each SASL step computed")},
	{0},
};

const struct cli_cmd cli_cmd_proxy = {
	.name = "proxy",
	.section = "proxy",
	.usage = N_("--upstream HOST[:PORT] [OPTIONS]"),
	.summary = N_("pass a mail program's session through to its server and explain it"),
	.about = N_("Pass a real mail program's session through to its one upstream server and\n"
		    "explain both directions: on a terminal in the live view of serve --watch\n"
		    "(the sessions, each one's transcript and explanations), else narrated,\n"
		    "server lines \"S: \", client lines \"C: \", each with its decoded Base64,\n"
		    "meaning and warnings; secrets masked. TLS ends at the proxy on both sides:\n"
		    "the upstream is verified as smtpdbg run verifies it, and the mail program\n"
		    "is shown a certificate issued by smtpdbg's own local CA for the upstream's\n"
		    "name or --tls-name (--print-ca exports it; trust it in that one mail\n"
		    "program only). Everything is passed on byte for byte, except SCRAM-*-PLUS\n"
		    "and EXTERNAL, which cannot work through such a proxy and are taken out of\n"
		    "the EHLO reply, as the transcript says. One mail program connection at a\n"
		    "time; Ctrl-C (q in the live view) stops.\n"),
	.groups = {{N_("Options"), proxy_opts, 0},
		   {N_("Upstream"), conn_upstream_opt_table, V(conn)},
		   {N_("Language"), lang_opt_table, 0}},
	.uses_config = true,
	.run = cmd_proxy,
};

struct proxy {
	struct loop *loop;
	int lfd;
	struct proxy_session_opts so;
	struct proxy_session *cur;
	const char *output;
	bool force;
	unsigned id;
	struct safefile file;
	bool file_open, write_failed;
	const char *peer; /* the upstream, for the file's header */
};

static void on_stop(struct loop *l, int signo, void *arg)
{
	(void)signo;
	(void)arg;
	loop_stop(l);
}

/* --- The transcript files ------------------------------------------------- */

static void file_write(struct proxy *px, const struct buf *b)
{
	if (!px->file_open || px->write_failed || !b->len)
		return;
	if (safefile_write(&px->file, b->data, b->len) < 0) {
		px->write_failed = true;
		fprintf(stderr, _("smtpdbg proxy: cannot write the transcript: %s\n"),
			strerror(px->file.err));
	}
}

static void on_record(void *arg, const struct tf_record *r)
{
	struct proxy *px = arg;
	struct buf b;
	buf_init(&b, 0);
	tf_format_record(&b, r, px->so.no.show_secrets);
	file_write(px, &b);
	buf_wipe_free(&b);
}

static void file_open(struct proxy *px)
{
	if (!px->output)
		return;
	struct buf path;
	buf_init(&path, 0);
	buf_adds(&path, px->output);
	if (px->id > 1)
		buf_printf(&path, ".%u", px->id);
	if (cli_open_output("proxy", path.data, px->force, &px->file) < 0) {
		px->file_open = true;
		struct buf b;
		buf_init(&b, 0);
		char when[32] = "";
		time_t t = time(NULL);
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		struct tf_header h = {.peer = (char *)px->peer, .start = when, .live = (char *)"1",
				      .tool = (char *)"smtpdbg " SMTPDBG_VERSION " proxy"};
		tf_format_header(&b, &h);
		file_write(px, &b);
		buf_free(&b);
	} else {
		px->write_failed = true;
	}
	buf_free(&path);
}

static void file_close(struct proxy *px)
{
	if (!px->file_open)
		return;
	px->file_open = false;
	char why[256];
	if (px->write_failed)
		safefile_abort(&px->file);
	else if (safefile_close(&px->file, why, sizeof why) < 0) {
		px->write_failed = true;
		fprintf(stderr, _("smtpdbg proxy: cannot write the transcript: %s\n"), why);
	}
}

/* --- Sessions ---------------------------------------------------------------- */

static void on_accept(struct loop *l, int fd, short revents, void *arg);

/* Freed from the loop, not from inside the session's own callbacks. */
static void reap(struct loop *l, void *arg)
{
	struct proxy *px = arg;
	proxy_session_free(px->cur);
	px->cur = NULL;
	file_close(px);
	fflush(stdout);
	loop_watch(l, px->lfd, POLLIN, on_accept, px);
}

static void on_closed(void *arg)
{
	struct proxy *px = arg;
	loop_timer(px->loop, 0, reap, px);
}

static void on_accept(struct loop *l, int lfd, short revents, void *arg)
{
	struct proxy *px = arg;
	(void)revents;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	int fd = accept(lfd, (struct sockaddr *)&ss, &sl);
	if (fd < 0)
		return;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	/* One at a time: the next waits in the listen queue. */
	loop_unwatch(l, lfd);
	px->id++;
	file_open(px);
	struct buf who;
	buf_init(&who, 0);
	cli_print_addr(&who, &ss);
	if (px->id > 1 && !px->so.watch)
		putchar('\n');
	px->cur = proxy_session_start(&px->so, fd, who.data, px->id);
	buf_free(&who);
}

/* --- Start ----------------------------------------------------------------- */

static int open_listener(const struct cli_cmd *cmd, const char *arg, bool remote, int *lfd,
			 struct buf *where)
{
	char *host = NULL, *port = NULL;
	if (!cli_split_listen(arg, &host, &port))
		return cli_fail(cmd, _("--listen %s: write ADDR:PORT or [V6]:PORT"), arg);
	char *end;
	errno = 0;
	unsigned long pnum = strtoul(port, &end, 10);
	struct sockaddr_storage ss;
	int len = !*port || *end || errno || pnum > 65535 || *port == '-'
			  ? -2
			  : cli_listen_addr(host, (unsigned)pnum, remote, &ss);
	int rc = -1;
	if (len == -2)
		rc = cli_fail(cmd, _("--listen %s: the port must be a number"), arg);
	else if (len == -1)
		rc = cli_fail(cmd, _("--listen %s: give a numeric address such as 127.0.0.1 or ::1"),
			      arg);
	else if (len == 0)
		rc = cli_fail(cmd, _("refusing to listen on %s: anyone who reached the proxy could "
				     "send mail through the upstream with this machine's address, "
				     "which it may trust; it listens on loopback only (127.0.0.1 or "
				     "::1) unless --allow-remote"),
			      host);
	free(host);
	free(port);
	if (rc >= 0)
		return rc;
	*lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (*lfd < 0 || setsockopt(*lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(*lfd, (struct sockaddr *)&ss, (socklen_t)len) < 0 || listen(*lfd, 64) < 0) {
		fprintf(stderr, _("smtpdbg proxy: cannot listen on %s: %s\n"), arg, strerror(errno));
		return EXIT_NEGATIVE;
	}
	socklen_t sl = sizeof ss;
	getsockname(*lfd, (struct sockaddr *)&ss, &sl);
	cli_print_addr(where, &ss);
	return -1;
}

/* The CA for the upstream's name: made, rotated, printed. Returns -1 to
 * go on with *ca set, else the exit status. */
static int setup_ca(const struct proxy_cli *o, const char *name, struct proxy_ca **ca)
{
	char base[4096];
	if (proxy_ca_base(base, sizeof base) < 0) {
		fprintf(stderr, "%s", _("smtpdbg proxy: neither XDG_DATA_HOME nor HOME names a "
					"directory for the local CA\n"));
		return SMTPDBG_EXIT_WRITE;
	}
	struct buf err;
	buf_init(&err, 0);
	bool made;
	*ca = proxy_ca_open(base, name, o->rotate_ca, &made, &err);
	if (!*ca) {
		char *safe = esc_str(err.data, err.len, esc_flags_for_locale());
		fprintf(stderr, _("smtpdbg proxy: the local CA: %s\n"), safe);
		free(safe);
		buf_free(&err);
		return SMTPDBG_EXIT_WRITE;
	}
	buf_free(&err);
	if (made && o->rotate_ca)
		fprintf(stderr, _("smtpdbg proxy: made a new local CA for %s in %s (%s, valid until "
				  "%s); the old one is gone: give the mail program the new one "
				  "(--print-ca) and remove its trust in the old one\n"),
			name, proxy_ca_file(*ca), proxy_ca_fingerprint(*ca), proxy_ca_expiry(*ca));
	else if (made)
		fprintf(stderr, _("smtpdbg proxy: made a local CA for %s in %s (%s, valid until %s). "
				  "Trust it in the one mail program you test, never system-wide; "
				  "see smtpdbg proxy --print-ca and the manual\n"),
			name, proxy_ca_file(*ca), proxy_ca_fingerprint(*ca), proxy_ca_expiry(*ca));
	if (o->print_ca)
		fputs(proxy_ca_pem(*ca), stdout);
	if (o->print_ca || o->rotate_ca) {
		proxy_ca_free(*ca);
		return EXIT_OK;
	}
	return -1;
}

int cmd_proxy(int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_proxy;
	struct proxy_cli o = {.listen = "127.0.0.1:2525"};
	conn_opts_init(&o.conn);
	struct cli_args args;
	int rc = cli_parse(cmd, argc, argv, &o, &args, false);
	size_t extra = args.n;
	free(args.operands);
	if (rc >= 0)
		return rc;
	if (extra)
		return cli_fail(cmd, _("proxy takes no arguments: the server is --upstream "
				       "HOST[:PORT]"));
	if (!o.upstream)
		return cli_fail(cmd, _("say which server: smtpdbg proxy --upstream HOST[:PORT]"));
	if ((rc = conn_opts_finish(cmd, &o.conn, o.upstream)) >= 0) {
		conn_opts_free(&o.conn);
		return rc;
	}
	char name[256];
	const char *shown = o.tls_name ? o.tls_name : o.conn.host;
	if (!proxy_ca_name(shown, name, sizeof name)) {
		char *safe = cli_safe(shown);
		rc = cli_fail(cmd, _("%s %s: a host name or an address"),
			      o.tls_name ? "--tls-name" : "--upstream", safe);
		free(safe);
		conn_opts_free(&o.conn);
		return rc;
	}
	/* --mx: the route is looked up once, here, and every session tries its
	 * hosts in the same order. The proxy runs one mail program's test at a
	 * time; a fixed route is shown once in the intro and keeps the
	 * sessions of one test comparable, and a domain with no host to try (a
	 * null MX) is refused before any mail program connects. A lookup per
	 * session would stall the proxy's one loop (and the live view) for a
	 * DNS round trip, or the whole timeout, at every connection; restart
	 * the proxy to see a changed route. */
	struct mx_route route = {0};
	struct buf mx_why;
	buf_init(&mx_why, 0);
	if (o.conn.mx && mx_route_lookup(o.conn.host, o.conn.timeout_s, &route, &mx_why) < 0) {
		fprintf(stderr, "smtpdbg proxy: %s\n", mx_why.data);
		buf_free(&mx_why);
		conn_opts_free(&o.conn);
		return run_stage_exit(RUN_STAGE_CONNECT);
	}
	if (o.conn.mx) {
		buf_reset(&mx_why);
		mx_route_describe(&route, o.conn.host, &mx_why);
	}
	struct proxy_ca *ca = NULL;
	if ((rc = setup_ca(&o, name, &ca)) >= 0) {
		buf_free(&mx_why);
		mx_route_free(&route);
		conn_opts_free(&o.conn);
		return rc;
	}
	struct buf where, desc, err;
	buf_init(&where, 0);
	buf_init(&desc, 0);
	buf_init(&err, 0);
	struct proxy px = {.lfd = -1, .output = o.output, .force = o.force};
	struct tls_server *ts = proxy_ca_server(ca, &desc, &err);
	if (!ts) {
		fprintf(stderr, "smtpdbg proxy: %s\n", err.data);
		rc = SMTPDBG_EXIT_WRITE;
		goto out;
	}
	if ((rc = open_listener(cmd, o.listen, o.allow_remote, &px.lfd, &where)) >= 0)
		goto out;
	char peer[600];
	snprintf(peer, sizeof peer, strchr(o.conn.host, ':') ? "[%s]:%s" : "%s:%s", o.conn.host,
		 o.conn.port);
	px.peer = peer;
	signal(SIGPIPE, SIG_IGN);
	px.loop = loop_new();
	bool up_tls = o.conn.tls == CONN_TLS_IMPLICIT;
	px.so = (struct proxy_session_opts){
		.loop = px.loop, .host = o.conn.host, .port = o.conn.port, .family = o.conn.family,
		.mx_hosts = route.names, .n_mx = route.n,
		.path = &o.conn.path,
		.timeout_s = o.conn.timeout_s, .up_tls = up_tls,
		.tls = {.host = o.conn.host, .sni = o.conn.sni, .cafile = o.conn.cafile,
			.cert = o.conn.cert, .key = o.conn.key, .insecure = o.conn.insecure,
			.choice = &o.conn.choice},
		.down = ts, .down_desc = desc.data, .down_tls = o.tls_listen, .out = stdout,
		.no = {.show_secrets = o.show_secrets, .explain = true,
		       .auth_maths = o.explain_auth, .esc_flags = esc_flags_for_locale()},
		.record = on_record, .closed = on_closed, .arg = &px};
	struct buf intro;
	buf_init(&intro, 0);
	buf_printf(&intro, _("proxying %s to %s (%s); one mail program connection at a time; "
			     "Ctrl-C stops\n"),
		   where.data, peer,
		   up_tls ? _("implicit TLS with the server")
			  : _("STARTTLS with the server when the mail program asks for it"));
	if (o.conn.mx)
		buf_printf(&intro, "  # %s\n", mx_why.data);
	if (o.allow_remote)
		buf_printf(&intro, _("  # REACHABLE FROM THE NETWORK (--allow-remote): anyone who can "
				     "reach %s can send mail through %s with this machine's "
				     "address.\n"),
			   where.data, peer);
	buf_printf(&intro, _("  # the mail program is shown certificates of smtpdbg's local CA for "
			     "%s: %s (%s, valid until %s)\n"),
		   name, proxy_ca_file(ca), proxy_ca_fingerprint(ca), proxy_ca_expiry(ca));
	if (up_tls && !o.tls_listen)
		buf_adds(&intro, _("  # the mail program's side is in clear text: the upstream offers "
				   "no STARTTLS over implicit TLS; --tls-listen gives it TLS too\n"));
	loop_watch(px.loop, px.lfd, POLLIN, on_accept, &px);
	rc = EXIT_OK;
	if (!o.no_tui && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		/* The live view: the sessions listed as serve --watch lists them. */
		px.so.watch = serve_watch_new(&(struct serve_watch_opts){.server = where.data,
									 .max_open = 1});
		px.so.out = NULL;
		for (const char *p = intro.data; *p;) {
			size_t n = strcspn(p, "\n");
			char *line = xstrndup(p, n);
			serve_watch_note(px.so.watch, 0, line[0] == ' ' ? line + 4 : line);
			free(line);
			p += n + (p[n] == '\n');
		}
		struct tui_watch_opts to = {.reveal = o.show_secrets, .listen = where.data,
					    .proxy = true};
		if (tui_watch(px.loop, px.so.watch, &to) < 0) {
			const char *term = getenv("TERM");
			char *safe = cli_safe(term ? term : "");
			fprintf(stderr, _("smtpdbg proxy: this terminal (TERM=%s) cannot show the live "
					  "view; narrating instead\n"), safe);
			free(safe);
			serve_watch_free(px.so.watch);
			px.so.watch = NULL;
			px.so.out = stdout;
		}
	}
	if (!px.so.watch) {
		fputs(intro.data, stdout);
		fflush(stdout);
		loop_signal(px.loop, SIGINT, on_stop, &px);
		loop_signal(px.loop, SIGTERM, on_stop, &px);
		rc = loop_run(px.loop) < 0 ? EXIT_NEGATIVE : EXIT_OK;
	}
	buf_free(&intro);
	proxy_session_free(px.cur);
	serve_watch_free(px.so.watch);
	file_close(&px);
	if (px.write_failed)
		rc = SMTPDBG_EXIT_WRITE;
	loop_free(px.loop);
out:
	if (px.lfd >= 0)
		close(px.lfd);
	tls_server_free(ts);
	proxy_ca_free(ca);
	buf_free(&where);
	buf_free(&desc);
	buf_free(&err);
	buf_free(&mx_why);
	mx_route_free(&route);
	conn_opts_free(&o.conn);
	return rc;
}
