#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/loop.h"

/* Generous bounds: the tests check order and behaviour, not latency. */
#define SLOW_MS 5000

TestSuite(loop, .timeout = 30);

/* Run l until *flag or SLOW_MS pass. */
static void run_until(struct loop *l, const bool *flag)
{
	int64_t end = loop_now_ms() + SLOW_MS;
	while (!*flag && loop_now_ms() < end)
		cr_assert_eq(loop_once(l, 100), 0);
	cr_assert(*flag, "the expected event did not happen within %d ms", SLOW_MS);
}

/* --- Timers ----------------------------------------------------------- */

struct order {
	char seen[16];
	size_t n;
	bool done;
};

struct tick {
	struct order *o;
	char name;
	bool last;
};

static void on_tick(struct loop *l, void *arg)
{
	(void)l;
	struct tick *t = arg;
	cr_assert_lt(t->o->n, sizeof t->o->seen - 1);
	t->o->seen[t->o->n++] = t->name;
	if (t->last)
		t->o->done = true;
}

Test(loop, timers_fire_in_due_order)
{
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick c = {&o, 'c', true}, a = {&o, 'a', false}, b = {&o, 'b', false};
	loop_timer(l, 60, on_tick, &c);
	loop_timer(l, 10, on_tick, &a);
	loop_timer(l, 30, on_tick, &b);
	run_until(l, &o.done);
	cr_assert_str_eq(o.seen, "abc");
	loop_free(l);
}

Test(loop, timers_due_together_fire_earliest_first)
{
	/* A late wake-up (the process was busy) finds several timers due:
	 * they still fire by due time, and equal times in the order set. */
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick late = {&o, 'z', false}, early = {&o, 'a', false};
	struct tick same1 = {&o, 'm', false}, same2 = {&o, 'n', true};
	loop_timer(l, 40, on_tick, &late);
	loop_timer(l, 20, on_tick, &same1);
	loop_timer(l, 20, on_tick, &same2);
	loop_timer(l, 10, on_tick, &early);
	usleep(80 * 1000);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_str_eq(o.seen, "amnz");
	loop_free(l);
}

Test(loop, zero_timer_fires_on_next_iteration)
{
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick a = {&o, 'a', true};
	loop_timer(l, 0, on_tick, &a);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_str_eq(o.seen, "a");
	loop_free(l);
}

Test(loop, cancelled_timer_never_fires)
{
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick a = {&o, 'a', false}, b = {&o, 'b', true};
	uint64_t id = loop_timer(l, 10, on_tick, &a);
	loop_timer(l, 50, on_tick, &b);
	loop_cancel(l, id);
	run_until(l, &o.done);
	cr_assert_str_eq(o.seen, "b");
	loop_free(l);
}

struct canceller {
	struct order *o;
	uint64_t victim;
};

static void cancel_other(struct loop *l, void *arg)
{
	struct canceller *c = arg;
	c->o->seen[c->o->n++] = 'x';
	loop_cancel(l, c->victim);
}

Test(loop, timer_callback_may_cancel_a_timer_due_in_the_same_round)
{
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick victim = {&o, 'v', false};
	struct canceller c = {&o, 0};
	loop_timer(l, 5, cancel_other, &c);
	c.victim = loop_timer(l, 10, on_tick, &victim);
	usleep(30 * 1000); /* both are due now */
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_str_eq(o.seen, "x");
	loop_free(l);
}

static void rearm(struct loop *l, void *arg)
{
	struct order *o = arg;
	o->seen[o->n++] = 'r';
	if (o->n < 3)
		loop_timer(l, 0, rearm, o);
}

Test(loop, timer_set_by_a_timer_waits_for_the_next_round)
{
	struct loop *l = loop_new();
	struct order o = {0};
	loop_timer(l, 0, rearm, &o);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_str_eq(o.seen, "r", "a 0 ms timer set in a callback must not run in the same round");
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_str_eq(o.seen, "rrr");
	loop_free(l);
}

/* --- File descriptors --------------------------------------------------- */

struct rd {
	int calls;
	short revents;
	char got;
	bool drain;
};

static void on_readable(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	struct rd *r = arg;
	r->calls++;
	r->revents = revents;
	if (r->drain)
		cr_assert_eq(read(fd, &r->got, 1), 1);
}

Test(loop, fd_callback_runs_when_readable)
{
	struct loop *l = loop_new();
	int p[2];
	cr_assert_eq(pipe(p), 0);
	struct rd r = {.drain = true};
	loop_watch(l, p[0], POLLIN, on_readable, &r);

	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(r.calls, 0, "an empty pipe is not readable");

	cr_assert_eq(write(p[1], "k", 1), 1);
	cr_assert_eq(loop_once(l, SLOW_MS), 0);
	cr_assert_eq(r.calls, 1);
	cr_assert(r.revents & POLLIN);
	cr_assert_eq(r.got, 'k');

	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(r.calls, 1, "drained: no further call");
	loop_free(l);
	close(p[0]);
	close(p[1]);
}

Test(loop, set_events_zero_silences_a_watcher)
{
	struct loop *l = loop_new();
	int p[2];
	cr_assert_eq(pipe(p), 0);
	struct rd r = {0};
	loop_watch(l, p[0], POLLIN, on_readable, &r);
	cr_assert_eq(write(p[1], "k", 1), 1);
	loop_set_events(l, p[0], 0);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(r.calls, 0);
	loop_set_events(l, p[0], POLLIN);
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(r.calls, 1);
	loop_free(l);
	close(p[0]);
	close(p[1]);
}

Test(loop, pollout_on_a_writable_pipe)
{
	struct loop *l = loop_new();
	int p[2];
	cr_assert_eq(pipe(p), 0);
	struct rd r = {0};
	loop_watch(l, p[1], POLLOUT, on_readable, &r);
	cr_assert_eq(loop_once(l, SLOW_MS), 0);
	cr_assert_eq(r.calls, 1);
	cr_assert(r.revents & POLLOUT);
	loop_free(l);
	close(p[0]);
	close(p[1]);
}

struct unwatcher {
	int calls;
	int other;      /* the fd to unwatch */
	int other_w;    /* its pipe's write end */
	int *reopened;  /* pipe opened in its place */
	struct rd *fresh;
};

static void unwatch_other(struct loop *l, int fd, short revents, void *arg)
{
	(void)revents;
	struct unwatcher *u = arg;
	u->calls++;
	loop_unwatch(l, u->other);
	loop_unwatch(l, fd);
	if (u->reopened) {
		/* Close the other pipe and open a new one whose read end has the
		 * old number, as the next socket() or pipe() often would. */
		close(u->other);
		close(u->other_w);
		cr_assert_eq(pipe(u->reopened), 0);
		if (u->reopened[0] != u->other) {
			cr_assert_eq(dup2(u->reopened[0], u->other), u->other);
			close(u->reopened[0]);
			u->reopened[0] = u->other;
		}
		loop_watch(l, u->reopened[0], POLLIN, on_readable, u->fresh);
	}
}

Test(loop, callback_may_unwatch_other_fds)
{
	struct loop *l = loop_new();
	int a[2], b[2];
	cr_assert_eq(pipe(a), 0);
	cr_assert_eq(pipe(b), 0);
	struct unwatcher u = {.other = b[0]};
	struct rd rb = {0};
	loop_watch(l, a[0], POLLIN, unwatch_other, &u);
	loop_watch(l, b[0], POLLIN, on_readable, &rb);
	cr_assert_eq(write(a[1], "1", 1), 1);
	cr_assert_eq(write(b[1], "2", 1), 1);
	/* Both are readable in this round; a's callback runs first (watch order). */
	cr_assert_eq(loop_once(l, SLOW_MS), 0);
	cr_assert_eq(u.calls, 1);
	cr_assert_eq(rb.calls, 0, "an unwatched fd must not be dispatched");
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(u.calls, 1, "unwatched itself");
	cr_assert_eq(rb.calls, 0);
	loop_free(l);
	for (int i = 0; i < 2; i++) {
		close(a[i]);
		close(b[i]);
	}
}

Test(loop, reused_fd_number_does_not_get_the_old_fds_events)
{
	struct loop *l = loop_new();
	int a[2], b[2], c[2];
	cr_assert_eq(pipe(a), 0);
	cr_assert_eq(pipe(b), 0);
	struct rd old = {0}, fresh = {0};
	struct unwatcher u = {.other = b[0], .other_w = b[1], .reopened = c, .fresh = &fresh};
	loop_watch(l, a[0], POLLIN, unwatch_other, &u);
	loop_watch(l, b[0], POLLIN, on_readable, &old);
	cr_assert_eq(write(a[1], "1", 1), 1);
	cr_assert_eq(write(b[1], "2", 1), 1);
	cr_assert_eq(loop_once(l, SLOW_MS), 0);
	cr_assert_eq(u.calls, 1);
	cr_assert_eq(old.calls, 0);
	cr_assert_eq(fresh.calls, 0, "the new, empty pipe got the closed pipe's POLLIN");
	cr_assert_eq(loop_once(l, 0), 0);
	cr_assert_eq(fresh.calls, 0, "the new pipe is empty");
	cr_assert_eq(write(c[1], "3", 1), 1);
	cr_assert_eq(loop_once(l, SLOW_MS), 0);
	cr_assert_eq(fresh.calls, 1, "the new watcher works");
	loop_free(l);
	close(a[0]);
	close(a[1]);
	close(c[0]);
	close(c[1]);
}

/* --- Signals -------------------------------------------------------------- */

struct sig {
	int count[2];
	bool done;
};

static void on_sig(struct loop *l, int signo, void *arg)
{
	(void)l;
	struct sig *s = arg;
	s->count[signo == SIGUSR2]++;
	s->done = true;
}

Test(loop, signal_is_delivered_through_the_loop)
{
	struct loop *l = loop_new();
	struct sig s = {0};
	cr_assert_eq(loop_signal(l, SIGUSR1, on_sig, &s), 0);
	cr_assert_eq(loop_signal(l, SIGUSR2, on_sig, &s), 0);
	cr_assert_eq(raise(SIGUSR1), 0);
	cr_assert_eq(s.count[0], 0, "nothing runs in the signal handler");
	run_until(l, &s.done);
	cr_assert_eq(s.count[0], 1);
	cr_assert_eq(s.count[1], 0);

	s.done = false;
	cr_assert_eq(raise(SIGUSR2), 0);
	run_until(l, &s.done);
	cr_assert_eq(s.count[0], 1);
	cr_assert_eq(s.count[1], 1);
	loop_free(l);
}

Test(loop, signal_wakes_a_loop_waiting_without_limit)
{
	/* A signal raised before the wait starts is already in the
	 * self-pipe, so a wait without any timeout returns at once. */
	struct loop *l = loop_new();
	struct sig s = {0};
	cr_assert_eq(loop_signal(l, SIGUSR1, on_sig, &s), 0);
	cr_assert_eq(raise(SIGUSR1), 0);
	cr_assert_eq(loop_once(l, -1), 0);
	cr_assert_eq(s.count[0], 1);
	loop_free(l);
}

/* --- Before-sleep hook and loop_run ------------------------------------------ */

static int limit_wait(struct loop *l, void *arg)
{
	(void)l;
	int *calls = arg;
	(*calls)++;
	return 20;
}

Test(loop, before_sleep_limits_the_wait)
{
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick far = {&o, 'f', true};
	int calls = 0;
	loop_timer(l, 60 * 1000, on_tick, &far);
	loop_before_sleep(l, limit_wait, &calls);
	int64_t t0 = loop_now_ms();
	cr_assert_eq(loop_once(l, -1), 0);
	int64_t took = loop_now_ms() - t0;
	cr_assert_eq(calls, 1);
	cr_assert_lt(took, SLOW_MS, "the hook allowed 20 ms; the loop waited %lld ms",
		     (long long)took);
	cr_assert_eq(o.n, 0, "the far timer must not fire");
	loop_free(l);
}

static int never_limit(struct loop *l, void *arg)
{
	(void)l;
	(*(int *)arg)++;
	return -1;
}

Test(loop, before_sleep_without_limit_keeps_the_timer_wait)
{
	struct loop *l = loop_new();
	struct order o = {0};
	struct tick t = {&o, 't', true};
	int calls = 0;
	loop_timer(l, 20, on_tick, &t);
	loop_before_sleep(l, never_limit, &calls);
	run_until(l, &o.done);
	cr_assert_geq(calls, 1);
	cr_assert_str_eq(o.seen, "t");
	loop_free(l);
}

static void stop_loop(struct loop *l, void *arg)
{
	*(bool *)arg = true;
	loop_stop(l);
}

Test(loop, run_returns_after_stop)
{
	struct loop *l = loop_new();
	bool stopped = false;
	loop_timer(l, 10, stop_loop, &stopped);
	cr_assert_eq(loop_run(l), 0);
	cr_assert(stopped);
	loop_free(l);
}
