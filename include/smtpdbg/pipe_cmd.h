/* `--pipe 'COMMAND'`: a local MTA spoken to over its standard input and
 * output (`sendmail -bs`, `exim -bs`). The command runs without a shell
 * unless its text needs one (cmdline.h); its stdin and stdout are one end
 * of a socketpair, so the session runs over it as over a socket, and its
 * stderr comes back on a pipe of its own. */
#ifndef SMTPDBG_PIPE_CMD_H
#define SMTPDBG_PIPE_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/loop.h"

/* One line the command wrote on its stderr, escaped for the terminal. */
typedef void (*pipe_cmd_line_fn)(void *arg, const char *line);

struct pipe_cmd {
	pid_t pid;
	int fd;      /* our end of the session: non-blocking; the caller takes it */
	int err_fd;  /* the command's stderr: non-blocking, or -1 once at its end */
	bool shell;  /* run through /bin/sh -c */
	struct loop *loop;
	pipe_cmd_line_fn line;
	void *arg;
	unsigned esc_flags;
	struct buf err;  /* a line of stderr not ended yet */
};

/* Start cmd; its stderr is read in loop l, each line given to line(arg).
 * Returns 0, or -1 with the reason in why. */
int pipe_cmd_start(const char *cmd, struct pipe_cmd *pc, struct loop *l, pipe_cmd_line_fn line,
		   void *arg, unsigned esc_flags, struct buf *why);
/* How to name the peer in a transcript: "the command sendmail -bs". */
void pipe_cmd_describe(const struct pipe_cmd *pc, const char *cmd, struct buf *out);
/* After the session, once the caller closed fd: read what is left of
 * stderr (up to a second), give the command up to wait_ms to exit (then
 * SIGTERM, then SIGKILL), and describe how it ended in out ("the command
 * exited with status 0"). Returns its exit status, or -1 when a signal
 * ended it or it never ran. Safe to call twice. */
int pipe_cmd_finish(struct pipe_cmd *pc, int wait_ms, struct buf *out);

#endif
