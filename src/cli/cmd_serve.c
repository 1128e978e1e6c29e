/* smtpdbg serve: the teaching server for a classroom. Loopback only unless
 * --allow-remote: its passwords are printed in the article every student
 * reads. Reachable from the network, every client is treated as hostile:
 * admission limits (serve_gate.h) before a session, time, rate and size
 * limits within one (server_conn.h, server.h). Each session is logged
 * S:/C: like `smtpdbg run`, prefixed with its number. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/secret_file.h"
#include "smtpdbg/secret_guard.h"
#include "smtpdbg/serve_gate.h"
#include "smtpdbg/serve_watch.h"
#include "smtpdbg/safedir.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/serve_out.h"
#include "smtpdbg/server_conn.h"
#include "smtpdbg/server_users.h"
#include "smtpdbg/tui_watch.h"
#include "smtpdbg/xmalloc.h"

#define MASK "********"
/* Connections taken per turn of the loop, so a flood of them cannot keep
 * the sessions that run from being served. */
#define ACCEPT_BUDGET 64
#define ACCEPT_PAUSE_MS 500
/* Descriptors besides the sessions': the listener, the loop's, stdio. */
#define FDS_SPARE 32
/* A users file larger than this is not one. */
#define USERS_FILE_MAX (1024 * 1024)

/* A running session and the address it counts for. */
struct slot {
	struct server_conn *c;
	struct serve_peer peer;
};

struct serve {
	struct loop *loop;
	int lfd;
	struct server_config cfg;
	struct server_accounts accounts;
	struct tls_server *tls;
	struct sockaddr_storage addr; /* where it listens */
	struct serve_gate *gate;
	struct slot *conns;
	size_t nconns;
	unsigned next_id;
	int64_t idle_ms, session_ms;
	unsigned min_rate;
	bool show_secrets;
	unsigned esc;
	struct serve_watch *watch; /* --watch on a terminal: the sessions go there */
	struct serve_out_opts out; /* each session's log and file */
};

struct serve_cli {
	const char *listen, *personality, *hostname, *users;
	int max_clients, per_address, per_minute, idle_s, session_s, min_rate;
	int max_line, max_rcpts, max_auth_failures;
	size_t max_message;
	bool list, show_secrets, allow_remote;
	bool watch;
	const char *log_format, *save_dir; /* the log explained or bare; the files */
};

#define V(field) offsetof(struct serve_cli, field)

static const char *const log_formats[] = {"explained", "bare", NULL};

static const struct opt serve_opts[] = {
	{.lng = "listen", .kind = OPT_STR, .off = V(listen), .metavar = "ADDR:PORT",
	 .help = N_("where to listen (default 127.0.0.1:2525; port 0: any free port). "
		    "Loopback addresses only, unless --allow-remote.")},
	{.lng = "allow-remote", .kind = OPT_FLAG, .off = V(allow_remote), .flags = OPT_F_NOCONF,
	 .help = N_("listen on any address (0.0.0.0, [::] or one of this machine's), so "
		    "students reach it from their own computers. Its accounts are fake and "
		    "it never relays nor delivers; the limits below hold against every "
		    "client.")},
	{.lng = "personality", .kind = OPT_STR, .off = V(personality), .metavar = "NAME",
	 .complete = COMPLETE_PERSONALITY,
	 .help = N_("tutorial (default), open-relay, strict-submission, submission, rfc-example")},
	{.lng = "list-personalities", .kind = OPT_FLAG, .off = V(list), .flags = OPT_F_NOCONF,
	 .help = N_("show them and what each one does")},
	{.lng = "hostname", .kind = OPT_STR, .off = V(hostname), .metavar = "NAME",
	 .help = N_("the name in the banner and EHLO (default: the personality's, "
		    "smtp.server.com)")},
	{.lng = "users", .kind = OPT_STR, .off = V(users), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE,
	 .help = N_("more accounts besides the personality's own, one \"name:password\" a "
		    "line (# starts a comment), so each student logs in with their own; "
		    "AUTH PLAIN, LOGIN and CRAM-MD5 all check them. The file must be yours "
		    "and private (chmod 600), not a symbolic link.")},
	{.lng = "max-clients", .kind = OPT_INT, .off = V(max_clients), .metavar = "N", .min = 1,
	 .max = 10000, .help = N_("sessions at once (default 64); more get 421")},
	{.lng = "max-per-address", .kind = OPT_INT, .off = V(per_address), .metavar = "N",
	 .min = 0, .max = 10000,
	 .help = N_("sessions at once from one address (an IPv6 address counts by its /64; "
		    "default 8; 0: no limit); more get 421")},
	{.lng = "max-connect-rate", .kind = OPT_INT, .off = V(per_minute), .metavar = "N",
	 .min = 0, .max = 60000,
	 .help = N_("connections a minute from one address, refused ones included "
		    "(default 60; 0: no limit); more get 421")},
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
	{.lng = "max-line", .kind = OPT_INT, .off = V(max_line), .metavar = "N", .min = 512,
	 .max = 65536,
	 .help = N_("the longest command line in bytes with CRLF (default 512, RFC 5321's); "
		    "a longer one gets 500, one still going at 1 MiB 421. A SASL answer may "
		    "always have 12,288 (RFC 4954).")},
	{.lng = "max-message", .kind = OPT_SIZE, .off = V(max_message), .metavar = N_("SIZE"),
	 .min = 0, .max = 1024,
	 .help = N_("the largest message (default 10M, at least 1K; offered as SIZE); a larger "
		    "one gets 552 at its end, one going on past twice the size 552 at once and "
		    "the connection closed")},
	{.lng = "max-recipients", .kind = OPT_INT, .off = V(max_rcpts), .metavar = "N", .min = 1,
	 .max = 10000, .help = N_("recipients of one message (default 100); more get 452")},
	{.lng = "max-auth-failures", .kind = OPT_INT, .off = V(max_auth_failures),
	 .metavar = "N", .min = 1, .max = 1000,
	 .help = N_("failed logins in one session (default 5: Python's smtplib tries each "
		    "mechanism in turn); the last 535 is followed by 421 and the connection "
		    "closed")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = V(show_secrets), .flags = OPT_F_NOCONF,
	 .help = N_("log passwords and their Base64 as received")},
	/* serve --watch */
	{.lng = "watch", .kind = OPT_FLAG, .off = V(watch),
	 .help = N_("on a terminal, watch the sessions live instead of the log: the list of "
		    "students (address, user, state, errors, last reply) and the selected one's "
		    "transcript and explanations, as in the interactive mode; passwords masked "
		    "unless S (not on a projector). Without a terminal: the log")},
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
	.summary = N_("run the teaching SMTP server for a classroom"),
	.about = N_("Run the embedded teaching SMTP server for a classroom: students connect with\n"
		    "their own clients (telnet, swaks, a mail program). It listens on loopback\n"
		    "unless --allow-remote; it never relays nor delivers. Every session is logged\n"
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

/* A numeric address, or "localhost". Fills addr; returns its length, 0 if
 * the address is not loopback and remote ones are not allowed, -1 if it is
 * not an address. */
int cli_listen_addr(const char *host, unsigned port, bool remote, struct sockaddr_storage *ss)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	memset(ss, 0, sizeof *ss);
	if (!strcmp(host, "localhost"))
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		return remote || (ntohl(v4->sin_addr.s_addr) >> 24) == 127 ? (int)sizeof *v4 : 0;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		return remote || IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr) ? (int)sizeof *v6 : 0;
	}
	return -1;
}

void cli_print_addr(struct buf *b, const struct sockaddr_storage *ss)
{
	char a[INET6_ADDRSTRLEN] = "?";
	const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ss;
	if (ss->ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
		inet_ntop(AF_INET, v6->sin6_addr.s6_addr + 12, a, sizeof a);
		buf_printf(b, "%s:%u", a, ntohs(v6->sin6_port));
	} else if (ss->ss_family == AF_INET6) {
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
	if (sv->watch) { /* the screen is the watch's */
		serve_watch_log(sv->watch, id, e);
		return;
	}
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
		if (sv->conns[i].c != c)
			continue;
		serve_gate_leave(sv->gate, &sv->conns[i].peer);
		sv->conns[i] = sv->conns[--sv->nconns];
		break;
	}
	serve_out_end(so, why); /* logs the end, finishes the session's file */
}

/* A session's lines: to the watch when there is one (the screen is
 * its), and to the session's log and file. */
static void on_session_log(void *arg, unsigned id, const struct server_log *e)
{
	struct serve_out *so = arg;
	struct serve *sv = serve_out_owner(so);
	if (sv->watch)
		serve_watch_log(sv->watch, id, e);
	serve_out_log(so, id, e);
}

static void log_note(struct serve *sv, unsigned id, const char *text)
{
	struct server_log e = {.kind = SERVER_LOG_NOTE, .text = text, .len = strlen(text)};
	e.shown = e.len;
	on_log(sv, id, &e);
}

/* serve --watch: a session's row, before its greeting is logged. */
static void watch_open(struct serve *sv, unsigned id, const struct sockaddr_storage *peer)
{
	struct buf b;
	buf_init(&b, 0);
	cli_print_addr(&b, peer);
	serve_watch_open(sv->watch, id, b.data);
	buf_free(&b);
}

/* A connection the gate refused: 421 before any session exists (RFC 5321
 * §3.1 allows it instead of the greeting), and a note unless the same
 * address was refused a moment ago (then it is counted, see on_refusals). */
static void refuse(struct serve *sv, int fd, unsigned id, const struct sockaddr_storage *peer,
		   enum serve_gate_verdict v, bool quiet)
{
	const char *host = sv->cfg.hostname ? sv->cfg.hostname : sv->cfg.personality->hostname;
	struct buf who, b;
	buf_init(&who, 0);
	buf_init(&b, 0);
	cli_print_addr(&who, peer);
	struct serve_peer key;
	struct buf keytext;
	buf_init(&keytext, 0);
	serve_peer_of((const struct sockaddr *)peer, &key);
	serve_peer_print(&keytext, &key);
	const char *ip = keytext.data;
	if (v == SERVE_GATE_FULL)
		buf_printf(&b, "421 4.7.0 %s Error: too many connections, try again later\r\n",
			   host);
	else if (v == SERVE_GATE_ADDRESS)
		buf_printf(&b, "421 4.7.0 %s Error: too many connections from %s\r\n", host, ip);
	else
		buf_printf(&b, "421 4.7.0 %s Error: too many connection attempts from %s, try "
			       "again in a minute\r\n",
			   host, ip);
	if (send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* the client is gone already */
	}
	close(fd);
	if (!quiet) {
		buf_reset(&b);
		if (v == SERVE_GATE_FULL)
			buf_printf(&b, _("connection from %s refused: %zu sessions run, as many as "
					 "--max-clients allows (421)"),
				   who.data, sv->nconns);
		else if (v == SERVE_GATE_ADDRESS)
			buf_printf(&b, _("connection from %s refused: as many sessions from this "
					 "address as --max-per-address allows (421)"),
				   who.data);
		else
			buf_printf(&b, _("connection from %s refused: more connections a minute from "
					 "this address than --max-connect-rate allows (421)"),
				   who.data);
		log_note(sv, id, b.data);
	}
	buf_free(&keytext);
	buf_free(&who);
	buf_free(&b);
}

static void note_refusals(void *arg, const struct serve_peer *p, unsigned count)
{
	struct serve *sv = arg;
	struct buf who, b;
	buf_init(&who, 0);
	buf_init(&b, 0);
	serve_peer_print(&who, p);
	buf_printf(&b, P_("%u more connection from %s refused in the last %d s",
			  "%u more connections from %s refused in the last %d s", count),
		   count, who.data, SERVE_GATE_NOTE_MS / 1000);
	log_note(sv, 0, b.data);
	buf_free(&who);
	buf_free(&b);
}

/* Repeated refusals are counted, not logged one by one: the counts now. */
static void on_refusals(struct loop *l, void *arg)
{
	struct serve *sv = arg;
	serve_gate_refusals(sv->gate, note_refusals, sv);
	loop_timer(l, SERVE_GATE_NOTE_MS, on_refusals, sv);
}

static void on_accept_again(struct loop *l, void *arg)
{
	struct serve *sv = arg;
	loop_set_events(l, sv->lfd, POLLIN);
}

static void on_accept(struct loop *l, int fd, short revents, void *arg)
{
	struct serve *sv = arg;
	(void)revents;
	for (int n = 0; n < ACCEPT_BUDGET; n++) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof peer;
		int cfd = accept(fd, (struct sockaddr *)&peer, &plen);
		if (cfd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
			    errno == ECONNABORTED)
				return;
			/* Out of descriptors, say: the connection stays queued and
			 * the socket readable, so pause rather than spin and log. */
			log_note(sv, 0, strerror(errno));
			loop_set_events(l, fd, 0);
			loop_timer(l, ACCEPT_PAUSE_MS, on_accept_again, sv);
			return;
		}
		unsigned id = ++sv->next_id;
		struct slot slot = {0};
		serve_peer_of((const struct sockaddr *)&peer, &slot.peer);
		bool quiet;
		enum serve_gate_verdict v = serve_gate_enter(sv->gate, &slot.peer, loop_now_ms(),
							     &quiet);
		if (v != SERVE_GATE_OK) {
			refuse(sv, cfd, id, &peer, v, quiet);
			continue;
		}
		struct buf b;
		buf_init(&b, 0);
		buf_adds(&b, _("connection from "));
		cli_print_addr(&b, &peer);
		log_note(sv, id, b.data);
		buf_free(&b);
		struct server_conn_opts o = {.cfg = &sv->cfg, .tls = sv->tls, .idle_ms = sv->idle_ms,
					     .session_ms = sv->session_ms, .min_rate = sv->min_rate,
					     .id = id, .log = on_session_log, .closed = on_closed,
					     .arg = serve_out_open(&sv->out, id, &peer, sv)};
		if (sv->watch) {
			watch_open(sv, id, &peer);
			o.tap = serve_watch_tap(sv->watch);
		}
		slot.c = server_conn_attach(l, cfd, &o);
		if (!slot.c) { /* over already (its serve_out too): on_closed did not know it yet */
			serve_gate_leave(sv->gate, &slot.peer);
			continue;
		}
		sv->conns = xrealloc(sv->conns, (sv->nconns + 1) * sizeof *sv->conns);
		sv->conns[sv->nconns++] = slot;
	}
}

static void on_stop(struct loop *l, int signo, void *arg)
{
	struct serve *sv = arg;
	(void)signo;
	log_note(sv, 0, _("stopping"));
	while (sv->nconns > 0)
		server_conn_shutdown(sv->conns[sv->nconns - 1].c, SERVER_ABORT_SHUTDOWN);
	loop_stop(l);
}

/* --watch: the TUI when standard input and output are a terminal, else
 * it says so and the log goes on as without it. */
static void watch_start(struct serve *sv, const char *where, const struct server_personality *p,
			size_t max_open)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s", _("smtpdbg serve: --watch needs a terminal (standard input and "
					"output); serving with the log instead\n"));
		return;
	}
	sv->watch = serve_watch_new(&(struct serve_watch_opts){.server = where,
							       .max_open = max_open});
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("listening on %s, personality %s, host name %s"), where, p->name,
		   sv->cfg.hostname ? sv->cfg.hostname : p->hostname);
	serve_watch_note(sv->watch, 0, b.data);
	if (p->user) {
		buf_reset(&b);
		buf_printf(&b, _("user \"%s\", password \"%s\" (the seed article's)"), p->user,
			   p->password);
		serve_watch_note(sv->watch, 0, b.data);
	}
	if (sv->tls) {
		buf_reset(&b);
		buf_printf(&b, _("STARTTLS certificate (self-signed, made at start): %s"),
			   tls_server_fingerprint(sv->tls));
		serve_watch_note(sv->watch, 0, b.data);
	}
	buf_free(&b);
}

/* The watch until q; -1 when this terminal cannot show it (then the log). */
static int watch_run(struct serve *sv, const char *where, bool reveal)
{
	struct tui_watch_opts to = {.reveal = reveal, .listen = where};
	if (tui_watch(sv->loop, sv->watch, &to) == 0)
		return 0;
	const char *term = getenv("TERM");
	char *safe = esc_str(term ? term : "", term ? strlen(term) : 0, sv->esc);
	fprintf(stderr, _("smtpdbg serve: this terminal (TERM=%s) cannot show --watch; serving "
			  "with the log instead\n"), safe);
	free(safe);
	serve_watch_free(sv->watch);
	sv->watch = NULL;
	sv->out.log = stdout;
	return -1;
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
bool cli_split_listen(const char *arg, char **host, char **port)
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

static int open_listener(const char *listen_arg, bool remote, struct serve *sv, struct buf *where)
{
	char *host = NULL, *port = NULL;
	if (!cli_split_listen(listen_arg, &host, &port))
		return cli_fail(&cli_cmd_serve, _("--listen %s: write ADDR:PORT or [V6]:PORT"),
				       listen_arg);
	unsigned long pnum;
	struct sockaddr_storage ss;
	int len = parse_uint(port, 65535, &pnum) < 0 ? -2 : cli_listen_addr(host, (unsigned)pnum, remote, &ss);
	int rc = -1;
	if (len == -2)
		rc = cli_fail(&cli_cmd_serve, _("--listen %s: the port must be a number"), listen_arg);
	else if (len == -1)
		rc = cli_fail(&cli_cmd_serve, _("--listen %s: give a numeric address such as "
						"127.0.0.1 or ::1"), listen_arg);
	else if (len == 0)
		rc = cli_fail(&cli_cmd_serve, _("refusing to listen on %s: the teaching server's "
						"passwords are public, so it listens on loopback only "
						"(127.0.0.1 or ::1); --allow-remote lets students on "
						"the network connect"), host);
	free(host);
	free(port);
	if (rc >= 0)
		return rc;
	sv->lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (sv->lfd < 0 || setsockopt(sv->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(sv->lfd, (struct sockaddr *)&ss, (socklen_t)len) < 0 ||
	    listen(sv->lfd, 512) < 0) {
		fprintf(stderr, _("smtpdbg serve: cannot listen on %s: %s\n"), listen_arg,
			strerror(errno));
		return EXIT_NEGATIVE;
	}
	socklen_t sl = sizeof ss;
	getsockname(sv->lfd, (struct sockaddr *)&ss, &sl);
	cli_print_addr(where, &ss);
	sv->addr = ss;
	return -1;
}

/* Every session holds a descriptor: raise the soft limit as far as the
 * hard one allows, and refuse a --max-clients the process could not keep.
 * Returns -1 to go on, or the exit status. */
static int check_fd_limit(int max_clients)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t need = (rlim_t)max_clients + FDS_SPARE;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return -1;
	return cli_fail(&cli_cmd_serve, _("--max-clients %d needs %llu file descriptors; this "
					  "process may open %llu (ulimit -n)"),
			max_clients, (unsigned long long)need, (unsigned long long)rl.rlim_cur);
}

static void users_error(void *arg, size_t line, const char *why)
{
	fprintf(stderr, "smtpdbg serve: %s:%zu: %s\n", (const char *)arg, line, why);
}

/* --users FILE: read like a private key, parsed with every bad line
 * reported. Returns -1 to go on, or the exit status. */
static int load_users(const char *path, const struct server_personality *p,
		      struct server_accounts *out)
{
	secret_guard(); /* passwords enter the process */
	char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
	char why[256];
	struct buf text;
	buf_init(&text, 0);
	int rc = -1;
	if (secret_file_read(path, USERS_FILE_MAX, &text, why, sizeof why) < 0) {
		rc = cli_fail(&cli_cmd_serve, _("--users %s: %s"), safe, why);
	} else {
		size_t bad = server_users_parse(text.data, text.len, out, users_error, safe);
		if (bad > SERVER_USERS_ERRORS_MAX)
			fprintf(stderr, _("smtpdbg serve: %s: %zu more bad lines\n"), safe,
				bad - SERVER_USERS_ERRORS_MAX);
		if (bad)
			rc = EXIT_USAGE;
		else if (!out->n)
			rc = cli_fail(&cli_cmd_serve, _("--users %s: no account in it"), safe);
		else if (p->user && server_accounts_find(out, p->user, strlen(p->user)))
			rc = cli_fail(&cli_cmd_serve, _("--users %s: \"%s\" is the personality's own "
							"account already"),
				      safe, p->user);
		else if (!p->mechs)
			fprintf(stderr, _("smtpdbg serve: the personality %s offers no AUTH: the "
					  "accounts of --users are not used\n"),
				p->name);
	}
	buf_wipe_free(&text);
	free(safe);
	return rc;
}

/* On a wildcard address (0.0.0.0, [::]) the teacher needs the addresses
 * students type: this machine's, loopback and link-local left out. */
static void print_own_addresses(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *v4 = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ss;
	bool any4 = ss->ss_family == AF_INET && v4->sin_addr.s_addr == htonl(INADDR_ANY);
	bool any6 = ss->ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr);
	struct ifaddrs *all;
	if ((!any4 && !any6) || getifaddrs(&all) < 0)
		return;
	unsigned port = ntohs(any4 ? v4->sin_port : v6->sin6_port);
	struct buf b;
	buf_init(&b, 0);
	size_t n = 0;
	for (struct ifaddrs *i = all; i && n < 8; i = i->ifa_next) {
		if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		struct sockaddr_storage a = {0};
		if (i->ifa_addr->sa_family == AF_INET) {
			memcpy(&a, i->ifa_addr, sizeof(struct sockaddr_in));
			((struct sockaddr_in *)&a)->sin_port = htons((uint16_t)port);
		} else if (i->ifa_addr->sa_family == AF_INET6 && any6) {
			memcpy(&a, i->ifa_addr, sizeof(struct sockaddr_in6));
			if (IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)&a)->sin6_addr))
				continue;
			((struct sockaddr_in6 *)&a)->sin6_port = htons((uint16_t)port);
		} else {
			continue;
		}
		buf_adds(&b, n++ ? ", " : "");
		cli_print_addr(&b, &a);
	}
	freeifaddrs(all);
	if (n)
		printf(_("  # Students connect to %s.\n"), b.data);
	buf_free(&b);
}

/* Said once at the start, before any client: what a teacher must know
 * before students connect from the network. */
static void print_remote_warning(const struct serve_cli *o, const char *where,
				 const struct sockaddr_storage *ss)
{
	printf(_("  # REACHABLE FROM THE NETWORK (--allow-remote): anyone who can reach %s "
		 "may connect.\n"),
	       where);
	print_own_addresses(ss);
	printf("%s", _("  # Its accounts are fake and their passwords are no secret: never use a "
		       "real password here.\n"));
	printf("%s", _("  # It never relays and never delivers: every message is received and "
		       "thrown away.\n"));
	printf(_("  # Limits: %d sessions at once, %d from one address, %d connections a minute "
		 "from one address; %d failed logins a session; lines of %d bytes, messages of "
		 "%zu bytes; %d s idle, %d s a session, %d bytes a minute mid-line.\n"),
	       o->max_clients, o->per_address, o->per_minute, o->max_auth_failures, o->max_line,
	       o->max_message, o->idle_s, o->session_s, o->min_rate);
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
	struct serve_cli o = {.listen = "127.0.0.1:2525", .max_clients = 64, .per_address = 8,
			      .per_minute = 60, .idle_s = 300, .session_s = 3600,
			      .min_rate = SERVER_CONN_MIN_RATE, .max_line = SERVER_LINE_MAX,
			      .max_rcpts = SERVER_DEFAULT_MAX_RCPTS,
			      .max_auth_failures = SERVER_DEFAULT_MAX_AUTH_FAILURES,
			      .max_message = SERVER_DEFAULT_MAX_MESSAGE};
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
	if (o.max_message < 1024)
		return cli_fail(cmd, _("--max-message: at least 1K"));
	int rc;
	if ((rc = check_fd_limit(o.max_clients)) >= 0)
		return rc;
	if (o.users && (rc = load_users(o.users, p, &sv.accounts)) >= 0)
		return rc;

	if ((rc = setup_out(&o, &sv)) >= 0) {
		server_accounts_free(&sv.accounts);
		return rc;
	}
	struct buf where;
	buf_init(&where, 0);
	rc = open_listener(listen_arg, o.allow_remote, &sv, &where);
	if (rc >= 0) {
		if (sv.lfd >= 0)
			close(sv.lfd);
		if (sv.out.save_dirfd >= 0)
			close(sv.out.save_dirfd);
		buf_free(&where);
		server_accounts_free(&sv.accounts);
		return rc;
	}
	sv.cfg = (struct server_config){.personality = p,
					.hostname = hostname,
					.max_message = o.max_message,
					.max_rcpts = (unsigned)o.max_rcpts,
					.max_line = (size_t)o.max_line,
					.max_auth_failures = (unsigned)o.max_auth_failures,
					.accounts = sv.accounts.n ? &sv.accounts : NULL};
	struct serve_gate_limits gl = {.max_clients = (unsigned)o.max_clients,
				       .per_address = (unsigned)o.per_address,
				       .per_minute = (unsigned)o.per_minute};
	sv.gate = serve_gate_new(&gl);
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
	if (o.watch)
		watch_start(&sv, where.data, p, (size_t)o.max_clients);
	if (sv.watch)
		sv.out.log = NULL; /* the screen is the watch's; files are still saved */
	if (!sv.watch) { /* with --watch the screen's keys stop it */
		loop_signal(sv.loop, SIGINT, on_stop, &sv);
		loop_signal(sv.loop, SIGTERM, on_stop, &sv);
	}
	loop_watch(sv.loop, sv.lfd, POLLIN, on_accept, &sv);
	loop_timer(sv.loop, SERVE_GATE_NOTE_MS, on_refusals, &sv);
	printf(_("listening on %s, personality %s, host name %s; Ctrl-C stops\n"), where.data,
	       p->name, host);
	if (o.allow_remote)
		print_remote_warning(&o, where.data, &sv.addr);
	if (sv.tls)
		printf(_("  # STARTTLS certificate (self-signed, made at start): %s\n"),
		       tls_server_fingerprint(sv.tls));
	if (p->user)
		printf(_("  # user \"%s\", password \"%s\" (the seed article's)\n"), p->user,
		       p->password);
	if (sv.accounts.n) {
		char *safe = esc_str(o.users, strlen(o.users), sv.esc);
		printf(P_("  # and %zu account from %s (its password is not shown)\n",
			  "  # and %zu accounts from %s (their passwords are not shown)\n",
			  sv.accounts.n),
		       sv.accounts.n, safe);
		free(safe);
	}
	if (o.save_dir) {
		char *safe = esc_str(o.save_dir, strlen(o.save_dir), sv.esc);
		printf(_("  # every session saved in %s (secrets masked; smtpdbg replay opens the "
			 "files)\n"), safe);
		free(safe);
	}
	fflush(stdout);

	rc = EXIT_OK;
	if (sv.watch && watch_run(&sv, where.data, o.show_secrets) < 0) {
		loop_signal(sv.loop, SIGINT, on_stop, &sv);
		loop_signal(sv.loop, SIGTERM, on_stop, &sv);
	}
	buf_free(&where);
	if (!sv.watch)
		rc = loop_run(sv.loop) < 0 ? EXIT_NEGATIVE : EXIT_OK;
	while (sv.nconns > 0)
		server_conn_shutdown(sv.conns[sv.nconns - 1].c, SERVER_ABORT_SHUTDOWN);
	free(sv.conns);
	serve_watch_free(sv.watch);
	close(sv.lfd);
	if (sv.out.save_dirfd >= 0)
		close(sv.out.save_dirfd);
	tls_server_free(sv.tls);
	serve_gate_free(sv.gate);
	loop_free(sv.loop);
	server_accounts_free(&sv.accounts);
	return rc;
}
