/* smtpdbg serve: the teaching server for a classroom. Loopback only: its
 * passwords are printed in the article every student reads. Each session
 * is logged S:/C: like `smtpdbg run`, prefixed with its number. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/safedir.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/serve_out.h"
#include "smtpdbg/server_conn.h"
#include "smtpdbg/xmalloc.h"

#define MASK "********"

struct serve {
	struct loop *loop;
	int lfd;
	struct server_config cfg;
	struct tls_server *tls;
	struct server_conn **conns;
	size_t nconns, max_clients;
	unsigned next_id;
	int64_t idle_ms, session_ms;
	unsigned min_rate;
	bool show_secrets;
	unsigned esc;
	struct serve_out_opts out; /* each session's log and file */
};

struct serve_cli {
	const char *listen, *personality, *hostname;
	int max_clients, idle_s, session_s, min_rate;
	bool list, show_secrets;
	const char *log_format, *save_dir; /* the log explained or bare; the files */
};

#define V(field) offsetof(struct serve_cli, field)

static const char *const log_formats[] = {"explained", "bare", NULL};

static const struct opt serve_opts[] = {
	{.lng = "listen", .kind = OPT_STR, .off = V(listen), .metavar = "ADDR:PORT",
	 .help = N_("where to listen (default 127.0.0.1:2525; port 0: any free port). "
		    "Loopback addresses only.")},
	{.lng = "personality", .kind = OPT_STR, .off = V(personality), .metavar = "NAME",
	 .complete = COMPLETE_PERSONALITY,
	 .help = N_("tutorial (default), open-relay, strict-submission, submission, rfc-example")},
	{.lng = "list-personalities", .kind = OPT_FLAG, .off = V(list), .flags = OPT_F_NOCONF,
	 .help = N_("show them and what each one does")},
	{.lng = "hostname", .kind = OPT_STR, .off = V(hostname), .metavar = "NAME",
	 .help = N_("the name in the banner and EHLO (default: the personality's, "
		    "smtp.server.com)")},
	{.lng = "max-clients", .kind = OPT_INT, .off = V(max_clients), .metavar = "N", .min = 1,
	 .max = 10000, .help = N_("sessions at once (default 32); more get 421")},
	{.lng = "idle-timeout", .kind = OPT_SECS, .off = V(idle_s), .metavar = "S", .min = 1,
	 .max = 86400,
	 .help = N_("end a session after S seconds without a complete line (default 300); "
		    "bytes that end no line do not count")},
	{.lng = "max-session", .kind = OPT_SECS, .off = V(session_s), .metavar = "S", .min = 1,
	 .max = 86400, .help = N_("end any session after S seconds in all (default 1h)")},
	{.lng = "min-rate", .kind = OPT_INT, .off = V(min_rate), .metavar = "N", .min = 0,
	 .max = 1000000,
	 .help = N_("a client in the middle of a line must send at least N bytes a minute "
		    "(default 10; 0: no minimum)")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = V(show_secrets), .flags = OPT_F_NOCONF,
	 .help = N_("log passwords and their Base64 as received")},
	/* The log and the saved sessions. */
	{.lng = "log-format", .kind = OPT_CHOICE, .off = V(log_format), .metavar = "FORMAT",
	 .choices = log_formats,
	 .help = N_("explained (default): under each line its decoded Base64, what it means "
		    "and any warning (\"this client sent PLAIN before STARTTLS\"); bare: the "
		    "lines alone, as a script may want them")},
	{.lng = "save-dir", .kind = OPT_STR, .off = V(save_dir), .metavar = "DIR",
	 .complete = COMPLETE_FILE,
	 .help = N_("save each session as a transcript file in DIR (smtpdbg replay opens it), "
		    "named by time, client address, port and session number; secrets masked, "
		    "mode 0600; DIR is made (0700) if missing and refused if others may write "
		    "to it")},
	{0},
};

const struct cli_cmd cli_cmd_serve = {
	.name = "serve",
	.section = "serve",
	.usage = N_("[OPTIONS]"),
	.summary = N_("run the teaching SMTP server on loopback for a classroom"),
	.about = N_("Run the embedded teaching SMTP server for a classroom: students connect with\n"
		    "their own clients (telnet, swaks, a mail program). Every session is logged\n"
		    "on stdout, server lines \"S: \", client lines \"C: \", prefixed with the\n"
		    "session's number, each with its decoded Base64 and a short explanation\n"
		    "(--log-format bare: the lines alone); secrets are masked. --save-dir keeps\n"
		    "every session as a transcript for smtpdbg replay. Ctrl-C stops.\n"),
	.groups = {{N_("Options"), serve_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.uses_config = true,
	.run = cmd_serve,
};

static void list_personalities(FILE *f)
{
	const struct server_personality *const *all = server_personalities();
	for (size_t i = 0; all[i]; i++)
		fprintf(f, "%-18s %s\n", all[i]->name, _(all[i]->summary));
}

/* "localhost", 127.0.0.0/8 and ::1 only. Fills addr; returns its length,
 * 0 if the address is not loopback, -1 if it is not an address. */
static int loopback_addr(const char *host, unsigned port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	memset(ss, 0, sizeof *ss);
	if (!strcmp(host, "localhost"))
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		return (ntohl(v4->sin_addr.s_addr) >> 24) == 127 ? (int)sizeof *v4 : 0;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		return IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr) ? (int)sizeof *v6 : 0;
	}
	return -1;
}

static void print_addr(struct buf *b, const struct sockaddr_storage *ss)
{
	char a[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &v6->sin6_addr, a, sizeof a);
		buf_printf(b, "[%s]:%u", a, ntohs(v6->sin6_port));
	} else {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &v4->sin_addr, a, sizeof a);
		buf_printf(b, "%s:%u", a, ntohs(v4->sin_port));
	}
}

static void on_log(void *arg, unsigned id, const struct server_log *e)
{
	struct serve *sv = arg;
	struct buf b;
	buf_init(&b, 0);
	if (id)
		buf_printf(&b, "[%u] ", id);
	if (e->kind == SERVER_LOG_NOTE) {
		buf_adds(&b, "  # ");
		esc_append(&b, e->text, e->len, sv->esc);
	} else {
		buf_adds(&b, e->kind == SERVER_LOG_SERVER ? "S: " : "C: ");
		size_t shown = sv->show_secrets ? e->len : e->shown;
		esc_append(&b, e->text, shown, sv->esc);
		if (shown < e->len)
			buf_adds(&b, shown ? " " MASK : MASK);
	}
	puts(b.data);
	fflush(stdout);
	buf_free(&b);
}

static void on_closed(void *arg, struct server_conn *c, const char *why)
{
	struct serve_out *so = arg;
	struct serve *sv = serve_out_owner(so);
	for (size_t i = 0; i < sv->nconns; i++) {
		if (sv->conns[i] != c)
			continue;
		sv->conns[i] = sv->conns[--sv->nconns];
		break;
	}
	serve_out_end(so, why);
}

static void log_note(struct serve *sv, unsigned id, const char *text)
{
	struct server_log e = {.kind = SERVER_LOG_NOTE, .text = text, .len = strlen(text)};
	e.shown = e.len;
	on_log(sv, id, &e);
}

static void on_accept(struct loop *l, int fd, short revents, void *arg)
{
	struct serve *sv = arg;
	(void)revents;
	for (;;) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof peer;
		int cfd = accept(fd, (struct sockaddr *)&peer, &plen);
		if (cfd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
			    errno != ECONNABORTED)
				log_note(sv, 0, strerror(errno)); /* e.g. out of fds: keep going */
			return;
		}
		unsigned id = ++sv->next_id;
		struct buf b;
		buf_init(&b, 0);
		buf_adds(&b, _("connection from "));
		print_addr(&b, &peer);
		log_note(sv, id, b.data);
		buf_free(&b);
		if (sv->nconns >= sv->max_clients) {
			/* Refused before any session exists: no greeting, just 421. */
			char line[256];
			int n = snprintf(line, sizeof line, "421 4.7.0 %s Error: too many "
					 "connections, try again later\r\n",
					 sv->cfg.hostname ? sv->cfg.hostname
							  : sv->cfg.personality->hostname);
			if (send(cfd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
				/* the client is gone already */
			}
			close(cfd);
			log_note(sv, id, _("too many connections: 421 and closed"));
			continue;
		}
		struct server_conn_opts o = {.cfg = &sv->cfg, .tls = sv->tls, .idle_ms = sv->idle_ms,
					     .session_ms = sv->session_ms, .min_rate = sv->min_rate,
					     .id = id, .log = serve_out_log, .closed = on_closed,
					     .arg = serve_out_open(&sv->out, id, &peer, sv)};
		struct server_conn *c = server_conn_attach(l, cfd, &o);
		if (!c)
			continue; /* over already */
		sv->conns = xrealloc(sv->conns, (sv->nconns + 1) * sizeof *sv->conns);
		sv->conns[sv->nconns++] = c;
	}
}

static void on_stop(struct loop *l, int signo, void *arg)
{
	struct serve *sv = arg;
	(void)signo;
	log_note(sv, 0, _("stopping"));
	while (sv->nconns > 0)
		server_conn_shutdown(sv->conns[sv->nconns - 1], SERVER_ABORT_SHUTDOWN);
	loop_stop(l);
}

static bool valid_hostname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > max || *s == '-')
		return -1;
	*out = v;
	return 0;
}

/* "ADDR:PORT", "[V6]:PORT", "ADDR" or "V6"; port 0 asks for any free one
 * (which net_split_hostport, made for connecting, refuses). */
static bool split_listen(const char *arg, char **host, char **port)
{
	const char *colon = strrchr(arg, ':');
	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');
		if (!end || (end[1] && end[1] != ':'))
			return false;
		*host = xstrndup(arg + 1, (size_t)(end - arg - 1));
		*port = xstrdup(end[1] ? end + 2 : "2525");
	} else if (colon && colon == strchr(arg, ':')) {
		*host = xstrndup(arg, (size_t)(colon - arg));
		*port = xstrdup(colon + 1);
	} else {
		*host = xstrdup(arg);
		*port = xstrdup("2525");
	}
	return true;
}

static int open_listener(const char *listen_arg, struct serve *sv, struct buf *where)
{
	char *host = NULL, *port = NULL;
	if (!split_listen(listen_arg, &host, &port))
		return cli_fail(&cli_cmd_serve, _("--listen %s: write ADDR:PORT or [V6]:PORT"),
				       listen_arg);
	unsigned long pnum;
	struct sockaddr_storage ss;
	int len = parse_uint(port, 65535, &pnum) < 0 ? -2 : loopback_addr(host, (unsigned)pnum, &ss);
	int rc = -1;
	if (len == -2)
		rc = cli_fail(&cli_cmd_serve, _("--listen %s: the port must be a number"), listen_arg);
	else if (len == -1)
		rc = cli_fail(&cli_cmd_serve, _("--listen %s: give a numeric address such as "
						"127.0.0.1 or ::1"), listen_arg);
	else if (len == 0)
		rc = cli_fail(&cli_cmd_serve, _("refusing to listen on %s: the teaching server's "
						"passwords are public, so it listens on loopback only "
						"(127.0.0.1 or ::1)"), host);
	free(host);
	free(port);
	if (rc >= 0)
		return rc;
	sv->lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (sv->lfd < 0 || setsockopt(sv->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(sv->lfd, (struct sockaddr *)&ss, (socklen_t)len) < 0 || listen(sv->lfd, 64) < 0) {
		fprintf(stderr, _("smtpdbg serve: cannot listen on %s: %s\n"), listen_arg,
			strerror(errno));
		return EXIT_NEGATIVE;
	}
	socklen_t sl = sizeof ss;
	getsockname(sv->lfd, (struct sockaddr *)&ss, &sl);
	print_addr(where, &ss);
	return -1;
}

/* The log's format and the directory for the sessions' files: -1 to go
 * on, else the exit status. */
static int setup_out(const struct serve_cli *o, struct serve *sv)
{
	sv->out = (struct serve_out_opts){
		.log = stdout, .explain = !o->log_format || !strcmp(o->log_format, "explained"),
		.show_secrets = o->show_secrets, .esc_flags = sv->esc, .save_dirfd = -1};
	if (!o->save_dir)
		return -1;
	char why[256];
	sv->out.save_dirfd = safedir_open(o->save_dir, why, sizeof why);
	if (sv->out.save_dirfd >= 0)
		return -1;
	char *safe = esc_str(o->save_dir, strlen(o->save_dir), sv->esc);
	fprintf(stderr, _("smtpdbg serve: cannot save sessions in %s: %s\n"), safe, why);
	free(safe);
	return SMTPDBG_EXIT_WRITE;
}

int cmd_serve(int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_serve;
	struct serve_cli o = {.listen = "127.0.0.1:2525", .max_clients = 32, .idle_s = 300,
			      .session_s = 3600, .min_rate = SERVER_CONN_MIN_RATE};
	struct serve sv = {.lfd = -1, .esc = esc_flags_for_locale()};
	struct cli_args args;
	int parsed = cli_parse(cmd, argc, argv, &o, &args, false);
	size_t extra = args.n;
	free(args.operands);
	if (parsed >= 0)
		return parsed;
	if (extra)
		return cli_fail(cmd, _("serve takes no arguments, only options"));
	if (o.list) {
		list_personalities(stdout);
		return EXIT_OK;
	}
	const char *listen_arg = o.listen, *pname = o.personality, *hostname = o.hostname;
	sv.show_secrets = o.show_secrets;
	const struct server_personality *p =
		pname ? server_personality_find(pname) : server_personalities()[0];
	if (!p)
		return cli_fail(cmd, _("unknown personality '%s' (see "
						  "--list-personalities)"), pname);
	if (hostname && !valid_hostname(hostname))
		return cli_fail(cmd, _("--hostname: letters, digits, dots and "
						  "hyphens only"));

	int rc = setup_out(&o, &sv);
	if (rc >= 0)
		return rc;
	struct buf where;
	buf_init(&where, 0);
	rc = open_listener(listen_arg, &sv, &where);
	if (rc >= 0) {
		if (sv.lfd >= 0)
			close(sv.lfd);
		if (sv.out.save_dirfd >= 0)
			close(sv.out.save_dirfd);
		buf_free(&where);
		return rc;
	}
	sv.cfg = (struct server_config){.personality = p, .hostname = hostname};
	sv.max_clients = (size_t)o.max_clients;
	sv.idle_ms = (int64_t)o.idle_s * 1000;
	sv.session_ms = (int64_t)o.session_s * 1000;
	sv.min_rate = (unsigned)o.min_rate;
	const char *host = hostname ? hostname : p->hostname;
	struct buf err;
	buf_init(&err, 0);
	if (p->starttls && !(sv.tls = tls_server_new(host, &err)))
		fprintf(stderr, _("smtpdbg serve: STARTTLS will answer 454: %s\n"), err.data);
	buf_free(&err);

	signal(SIGPIPE, SIG_IGN);
	sv.loop = loop_new();
	loop_signal(sv.loop, SIGINT, on_stop, &sv);
	loop_signal(sv.loop, SIGTERM, on_stop, &sv);
	loop_watch(sv.loop, sv.lfd, POLLIN, on_accept, &sv);
	printf(_("listening on %s, personality %s, host name %s; Ctrl-C stops\n"), where.data,
	       p->name, host);
	if (sv.tls)
		printf(_("  # STARTTLS certificate (self-signed, made at start): %s\n"),
		       tls_server_fingerprint(sv.tls));
	if (p->user)
		printf(_("  # user \"%s\", password \"%s\" (the seed article's)\n"), p->user,
		       p->password);
	if (o.save_dir) {
		char *safe = esc_str(o.save_dir, strlen(o.save_dir), sv.esc);
		printf(_("  # every session saved in %s (secrets masked; smtpdbg replay opens the "
			 "files)\n"), safe);
		free(safe);
	}
	fflush(stdout);
	buf_free(&where);

	rc = loop_run(sv.loop) < 0 ? EXIT_NEGATIVE : EXIT_OK;
	while (sv.nconns > 0)
		server_conn_shutdown(sv.conns[sv.nconns - 1], SERVER_ABORT_SHUTDOWN);
	free(sv.conns);
	close(sv.lfd);
	if (sv.out.save_dirfd >= 0)
		close(sv.out.save_dirfd);
	tls_server_free(sv.tls);
	loop_free(sv.loop);
	return rc;
}
