/* One poll() loop for everything that waits: the terminal, the socket,
 * timers and signals (through a self-pipe, so no work happens in a signal
 * handler). Shaped like Redis' ae: file events, timers, before-sleep hooks.
 * Single-threaded; callbacks may add and remove fds and timers. */
#ifndef SMTPDBG_LOOP_H
#define SMTPDBG_LOOP_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

struct loop;

typedef void (*loop_fd_fn)(struct loop *l, int fd, short revents, void *arg);
typedef void (*loop_timer_fn)(struct loop *l, void *arg);
typedef void (*loop_signal_fn)(struct loop *l, int signo, void *arg);
/* Called before each poll(); returns the longest wait it allows in ms
 * (-1: no limit), e.g. 0 while TLS holds decrypted bytes. */
typedef int (*loop_before_fn)(struct loop *l, void *arg);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watch fd for events (POLLIN, POLLOUT). One watcher per fd. */
void loop_watch(struct loop *l, int fd, short events, loop_fd_fn fn, void *arg);
void loop_set_events(struct loop *l, int fd, short events);
void loop_unwatch(struct loop *l, int fd);

/* Call fn once after ms milliseconds; returns an id for loop_cancel. */
uint64_t loop_timer(struct loop *l, int64_t ms, loop_timer_fn fn, void *arg);
void loop_cancel(struct loop *l, uint64_t id);

/* Deliver signo through the loop instead of in a handler. */
int loop_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg);

/* Add a hook called before each poll() (several may be added: a
 * connection's, the screen's; they run in the order added). The same fn
 * and arg twice is one hook. */
#define LOOP_HOOKS_MAX 16
void loop_before_sleep(struct loop *l, loop_before_fn fn, void *arg);
void loop_before_sleep_remove(struct loop *l, loop_before_fn fn, void *arg);

/* Milliseconds on a monotonic clock. */
int64_t loop_now_ms(void);

/* Run until loop_stop; returns 0, or -1 if poll() failed. */
int loop_run(struct loop *l);
/* One iteration: wait (at most max_ms, -1 for no limit) and dispatch. */
int loop_once(struct loop *l, int max_ms);
void loop_stop(struct loop *l);

#endif
