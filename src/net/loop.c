#include "smtpdbg/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smtpdbg/xmalloc.h"

struct watcher {
	int fd;
	short events;
	loop_fd_fn fn;
	void *arg;
};

struct timer {
	uint64_t id;
	int64_t due;
	loop_timer_fn fn;
	void *arg;
};

#define MAX_SIGNALS 8

struct loop {
	struct watcher *w;
	size_t nw, capw;
	struct timer *t;
	size_t nt, capt;
	uint64_t next_id;
	bool stop;
	struct {
		loop_before_fn fn;
		void *arg;
	} before[LOOP_HOOKS_MAX];
	size_t nbefore;
	struct {
		int signo;
		loop_signal_fn fn;
		void *arg;
	} sig[MAX_SIGNALS];
	size_t nsig;
	int pipe[2];
};

/* The write end of the self-pipe, for the handler. One loop per process
 * handles signals. */
static volatile sig_atomic_t signal_pipe = -1;

static void on_signal(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;
	if (signal_pipe >= 0 && write(signal_pipe, &b, 1) < 0) {
		/* the pipe is full: the signal is already pending there */
	}
	errno = saved;
}

int64_t loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct loop *loop_new(void)
{
	struct loop *l = xcalloc(1, sizeof *l);
	l->pipe[0] = l->pipe[1] = -1;
	l->next_id = 1;
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nsig; i++)
		signal(l->sig[i].signo, SIG_DFL);
	if (l->pipe[0] >= 0) {
		signal_pipe = -1;
		close(l->pipe[0]);
		close(l->pipe[1]);
	}
	free(l->w);
	free(l->t);
	free(l);
}

static struct watcher *find(struct loop *l, int fd)
{
	for (size_t i = 0; i < l->nw; i++)
		if (l->w[i].fd == fd)
			return &l->w[i];
	return NULL;
}

void loop_watch(struct loop *l, int fd, short events, loop_fd_fn fn, void *arg)
{
	struct watcher *w = find(l, fd);
	if (!w) {
		if (l->nw == l->capw) {
			l->capw = l->capw ? l->capw * 2 : 8;
			l->w = xrealloc(l->w, l->capw * sizeof *l->w);
		}
		w = &l->w[l->nw++];
	}
	*w = (struct watcher){.fd = fd, .events = events, .fn = fn, .arg = arg};
}

void loop_set_events(struct loop *l, int fd, short events)
{
	struct watcher *w = find(l, fd);
	if (w)
		w->events = events;
}

void loop_unwatch(struct loop *l, int fd)
{
	struct watcher *w = find(l, fd);
	if (w) {
		/* Mark it dead; loop_once compacts after dispatch, so a callback
		 * may unwatch any fd safely. */
		w->fd = -1;
		w->fn = NULL;
	}
}

uint64_t loop_timer(struct loop *l, int64_t ms, loop_timer_fn fn, void *arg)
{
	if (l->nt == l->capt) {
		l->capt = l->capt ? l->capt * 2 : 8;
		l->t = xrealloc(l->t, l->capt * sizeof *l->t);
	}
	struct timer *t = &l->t[l->nt++];
	*t = (struct timer){.id = l->next_id++, .due = loop_now_ms() + ms, .fn = fn, .arg = arg};
	return t->id;
}

void loop_cancel(struct loop *l, uint64_t id)
{
	for (size_t i = 0; i < l->nt; i++)
		if (l->t[i].id == id)
			l->t[i].fn = NULL;
}

int loop_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg)
{
	if (l->nsig == MAX_SIGNALS)
		return -1;
	if (l->pipe[0] < 0) {
		if (pipe(l->pipe) < 0)
			return -1;
		for (int i = 0; i < 2; i++) {
			fcntl(l->pipe[i], F_SETFL, fcntl(l->pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(l->pipe[i], F_SETFD, FD_CLOEXEC);
		}
		signal_pipe = l->pipe[1];
	}
	l->sig[l->nsig].signo = signo;
	l->sig[l->nsig].fn = fn;
	l->sig[l->nsig].arg = arg;
	l->nsig++;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	return sigaction(signo, &sa, NULL);
}

void loop_before_sleep(struct loop *l, loop_before_fn fn, void *arg)
{
	for (size_t i = 0; i < l->nbefore; i++)
		if (l->before[i].fn == fn && l->before[i].arg == arg)
			return;
	if (l->nbefore < LOOP_HOOKS_MAX) {
		l->before[l->nbefore].fn = fn;
		l->before[l->nbefore++].arg = arg;
	}
}

void loop_before_sleep_remove(struct loop *l, loop_before_fn fn, void *arg)
{
	for (size_t i = 0; i < l->nbefore; i++)
		if (l->before[i].fn == fn && l->before[i].arg == arg) {
			memmove(&l->before[i], &l->before[i + 1],
				(l->nbefore - i - 1) * sizeof l->before[0]);
			l->nbefore--;
			return;
		}
}

static void drain_signals(struct loop *l)
{
	unsigned char b[64];
	ssize_t n;
	while ((n = read(l->pipe[0], b, sizeof b)) > 0)
		for (ssize_t i = 0; i < n; i++)
			for (size_t k = 0; k < l->nsig; k++)
				if (l->sig[k].signo == b[i])
					l->sig[k].fn(l, b[i], l->sig[k].arg);
}

static void run_timers(struct loop *l)
{
	int64_t now = loop_now_ms();
	/* Timers added by callbacks wait for the next round. */
	size_t n = l->nt;
	for (;;) {
		/* Earliest due first, so a late wake-up keeps the order; equal
		 * times fire in the order they were set (the array's order). */
		size_t next = n;
		for (size_t i = 0; i < n; i++)
			if (l->t[i].fn && l->t[i].due <= now &&
			    (next == n || l->t[i].due < l->t[next].due))
				next = i;
		if (next == n)
			break;
		loop_timer_fn fn = l->t[next].fn;
		void *arg = l->t[next].arg;
		l->t[next].fn = NULL;
		fn(l, arg);
	}
	size_t k = 0;
	for (size_t i = 0; i < l->nt; i++)
		if (l->t[i].fn)
			l->t[k++] = l->t[i];
	l->nt = k;
}

static int next_timeout(struct loop *l, int max_ms)
{
	int64_t now = loop_now_ms(), wait = max_ms;
	for (size_t i = 0; i < l->nt; i++) {
		if (!l->t[i].fn)
			continue;
		int64_t d = l->t[i].due - now;
		if (d < 0)
			d = 0;
		if (wait < 0 || d < wait)
			wait = d;
	}
	return wait > 1000000 ? 1000000 : (int)wait;
}

int loop_once(struct loop *l, int max_ms)
{
	/* In order; a hook may remove itself (or a later one) while running. */
	for (size_t i = 0; i < l->nbefore; i++) {
		loop_before_fn fn = l->before[i].fn;
		void *arg = l->before[i].arg;
		int b = fn(l, arg);
		if (b >= 0 && (max_ms < 0 || b < max_ms))
			max_ms = b;
		if (i >= l->nbefore || l->before[i].fn != fn || l->before[i].arg != arg)
			i--; /* it removed itself: the next one moved into its place */
	}
	size_t n = l->nw + (l->pipe[0] >= 0);
	struct pollfd *pfd = xcalloc(n ? n : 1, sizeof *pfd);
	/* Which watcher each pollfd belongs to (SIZE_MAX: the self-pipe).
	 * Indices stay valid during dispatch: only loop_once compacts. */
	size_t *owner = xcalloc(n ? n : 1, sizeof *owner);
	size_t k = 0;
	for (size_t i = 0; i < l->nw; i++)
		if (l->w[i].fd >= 0) {
			owner[k] = i;
			pfd[k++] = (struct pollfd){.fd = l->w[i].fd, .events = l->w[i].events};
		}
	if (l->pipe[0] >= 0) {
		owner[k] = SIZE_MAX;
		pfd[k++] = (struct pollfd){.fd = l->pipe[0], .events = POLLIN};
	}

	int r = poll(pfd, k, next_timeout(l, max_ms));
	if (r < 0 && errno != EINTR) {
		free(owner);
		free(pfd);
		return -1;
	}
	for (size_t i = 0; r > 0 && i < k; i++) {
		if (!pfd[i].revents)
			continue;
		if (owner[i] == SIZE_MAX) {
			drain_signals(l);
			continue;
		}
		/* An earlier callback may have unwatched this fd, closed it and
		 * watched a new one with the same number: that watcher sits at
		 * another index and must not get the old fd's events. */
		struct watcher *w = &l->w[owner[i]];
		if (w->fd == pfd[i].fd && w->fn)
			w->fn(l, w->fd, pfd[i].revents, w->arg);
	}
	free(owner);
	free(pfd);
	run_timers(l);
	size_t j = 0;
	for (size_t i = 0; i < l->nw; i++)
		if (l->w[i].fd >= 0)
			l->w[j++] = l->w[i];
	l->nw = j;
	return 0;
}

int loop_run(struct loop *l)
{
	l->stop = false;
	while (!l->stop)
		if (loop_once(l, -1) < 0)
			return -1;
	return 0;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}
