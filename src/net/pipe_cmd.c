/* --pipe: a local MTA as the peer (pipe_cmd.h). */
#include "smtpdbg/pipe_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "smtpdbg/cmdline.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"

extern char **environ;

static void nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Each complete line of stderr (or all of it, at the end) to the owner. */
static void lines(struct pipe_cmd *pc, bool all)
{
	char *p = pc->err.data;
	size_t n = pc->err.len, off = 0;
	while (off < n) {
		char *nl = memchr(p + off, '\n', n - off);
		if (!nl && !all)
			break;
		size_t len = nl ? (size_t)(nl - (p + off)) : n - off;
		size_t shown = len && p[off + len - 1] == '\r' ? len - 1 : len;
		char *safe = esc_str(p + off, shown, pc->esc_flags);
		pc->line(pc->arg, safe);
		free(safe);
		off += len + (nl != NULL);
	}
	if (off == 0)
		return; /* (an empty buffer may be a static "") */
	memmove(p, p + off, n - off);
	pc->err.len = n - off;
	p[pc->err.len] = '\0';
}

static void read_err(struct pipe_cmd *pc)
{
	char chunk[4096];
	for (;;) {
		ssize_t r = read(pc->err_fd, chunk, sizeof chunk);
		if (r > 0) {
			buf_add(&pc->err, chunk, (size_t)r);
			lines(pc, pc->err.len > sizeof chunk); /* a huge line in pieces */
			continue;
		}
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		lines(pc, true); /* the end: what is left, unended */
		loop_unwatch(pc->loop, pc->err_fd);
		close(pc->err_fd);
		pc->err_fd = -1;
		return;
	}
}

static void on_err(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)fd;
	(void)revents;
	read_err(arg);
}

void pipe_cmd_describe(const struct pipe_cmd *pc, const char *cmd, struct buf *out)
{
	char *safe = esc_str(cmd, strlen(cmd), pc->esc_flags);
	buf_printf(out, pc->shell ? _("the command %s (through /bin/sh)") : _("the command %s"),
		   safe);
	free(safe);
}

int pipe_cmd_start(const char *cmd, struct pipe_cmd *pc, struct loop *l, pipe_cmd_line_fn line,
		   void *arg, unsigned esc_flags, struct buf *why)
{
	memset(pc, 0, sizeof *pc);
	pc->fd = pc->err_fd = -1;
	pc->pid = -1;
	pc->loop = l;
	pc->line = line;
	pc->arg = arg;
	pc->esc_flags = esc_flags;
	buf_init(&pc->err, 0);
	struct cmdline cl;
	char err[256];
	if (cmdline_split(cmd, &cl, err, sizeof err) < 0) {
		buf_adds(why, err);
		return -1;
	}
	pc->shell = cl.needs_shell;
	char *sh_argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
	char **argv = cl.needs_shell ? sh_argv : cl.argv;

	int sv[2], ep[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		buf_printf(why, "socketpair: %s", strerror(errno));
		cmdline_free(&cl);
		return -1;
	}
	if (pipe(ep) < 0) {
		buf_printf(why, "pipe: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		cmdline_free(&cl);
		return -1;
	}
	fcntl(ep[0], F_SETFD, FD_CLOEXEC);
	fcntl(ep[1], F_SETFD, FD_CLOEXEC);
	/* The child's stdin and stdout are sv[1], its stderr the pipe; the
	 * dup2s clear FD_CLOEXEC on 0, 1 and 2 only. */
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	/* SIGPIPE is ignored here; the command should have it back. */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t def;
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	int rc = posix_spawnp(&pc->pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(sv[1]);
	close(ep[1]);
	if (rc != 0) {
		buf_printf(why, _("cannot run %s: %s"), argv[0], strerror(rc));
		close(sv[0]);
		close(ep[0]);
		pc->pid = -1;
		cmdline_free(&cl);
		return -1;
	}
	cmdline_free(&cl);
	pc->fd = sv[0];
	pc->err_fd = ep[0];
	nonblock(pc->fd);
	nonblock(pc->err_fd);
	loop_watch(l, pc->err_fd, POLLIN, on_err, pc);
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Wait up to ms for the child; true when it has been reaped. */
static bool reap(pid_t pid, int ms, int *status)
{
	for (int waited = 0;; waited += 10) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return true;
		if (waited >= ms)
			return false;
		sleep_ms(10);
	}
}

int pipe_cmd_finish(struct pipe_cmd *pc, int wait_ms, struct buf *out)
{
	if (pc->fd >= 0)
		close(pc->fd);
	pc->fd = -1;
	/* Its last words: a moment to finish writing them. */
	struct pollfd pfd = {.fd = pc->err_fd, .events = POLLIN};
	while (pc->err_fd >= 0 && poll(&pfd, 1, 1000) > 0)
		read_err(pc);
	if (pc->err_fd >= 0) {
		loop_unwatch(pc->loop, pc->err_fd);
		close(pc->err_fd);
		pc->err_fd = -1;
	}
	buf_free(&pc->err);
	if (pc->pid <= 0)
		return -1;
	int status = 0;
	bool killed = false;
	if (!reap(pc->pid, wait_ms, &status)) {
		kill(pc->pid, SIGTERM);
		killed = true;
		if (!reap(pc->pid, 1000, &status)) {
			kill(pc->pid, SIGKILL);
			reap(pc->pid, 1000, &status);
		}
	}
	pc->pid = -1;
	if (WIFEXITED(status)) {
		buf_printf(out, _("the command exited with status %d"), WEXITSTATUS(status));
		return WEXITSTATUS(status);
	}
	if (WIFSIGNALED(status))
		buf_printf(out, killed ? _("the command did not exit after the session and was "
					   "stopped (signal %d)")
				       : _("the command was killed by signal %d"),
			   WTERMSIG(status));
	return -1;
}
