/* One DNS question asked inside the caller's event loop: c-ares' sockets
 * watched by the loop, its retries on a loop timer, the whole question
 * under one deadline. For a session that must stay responsive meanwhile
 * (the TLSA lookup before a handshake); `smtpdbg dns` asks with
 * dns_query.c instead. */
#include "smtpdbg/dns_async.h"

#include <ares.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"
#include "smtpdbg/xmalloc.h"

struct dns_async {
	struct loop *loop;
	ares_channel ch;
	int *fds;
	size_t n_fds, cap_fds;
	uint64_t retry, deadline;
	int64_t t0, timeout_ms;
	bool answered; /* c-ares' callback has run: report after it returns */
	struct dns_answer a;
	dns_async_fn done;
	void *arg;
};

/* c-ares opens, closes and changes the interest of its sockets. */
static void on_socket(void *data, ares_socket_t fd, int readable, int writable);
static void on_fd(struct loop *l, int fd, short revents, void *arg);

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	(void)timeouts;
	struct dns_async *q = arg;
	if (q->answered || status == ARES_EDESTRUCTION)
		return;
	q->answered = true;
	struct dns_answer *a = &q->a;
	if (status == ARES_SUCCESS && abuf && alen > 0) {
		a->buf = xmalloc((size_t)alen);
		memcpy(a->buf, abuf, (size_t)alen);
		a->len = (size_t)alen;
		a->status = DNS_OK;
		return;
	}
	a->status = status == ARES_ETIMEOUT || status == ARES_ECANCELLED ? DNS_TIMEOUT : DNS_FAILED;
	if (a->status == DNS_FAILED)
		snprintf(a->why, sizeof a->why, "%s", ares_strerror(status));
}

/* Hand the answer over once; the callback may free q. */
static void report(struct dns_async *q)
{
	q->a.ms = loop_now_ms() - q->t0;
	if (q->a.status == DNS_TIMEOUT)
		snprintf(q->a.why, sizeof q->a.why, _("no answer within %lld ms"),
			 (long long)q->timeout_ms);
	q->done(q->arg, &q->a);
}

static void on_retry(struct loop *l, void *arg);

/* After c-ares has worked: report, or wait for its next retry. */
static void after(struct dns_async *q)
{
	if (q->answered) {
		report(q);
		return;
	}
	if (q->retry)
		loop_cancel(q->loop, q->retry);
	q->retry = 0;
	struct timeval tv, *tvp = ares_timeout(q->ch, NULL, &tv);
	if (tvp)
		q->retry = loop_timer(q->loop, (int64_t)tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000,
				      on_retry, q);
}

static void on_retry(struct loop *l, void *arg)
{
	(void)l;
	struct dns_async *q = arg;
	q->retry = 0;
	ares_process_fd(q->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	after(q);
}

static void on_fd(struct loop *l, int fd, short revents, void *arg)
{
	(void)l;
	struct dns_async *q = arg;
	ares_process_fd(q->ch, revents & (POLLIN | POLLERR | POLLHUP) ? fd : ARES_SOCKET_BAD,
			revents & POLLOUT ? fd : ARES_SOCKET_BAD);
	after(q);
}

static void on_socket(void *data, ares_socket_t fd, int readable, int writable)
{
	struct dns_async *q = data;
	size_t i = 0;
	while (i < q->n_fds && q->fds[i] != fd)
		i++;
	if (!readable && !writable) {
		if (i < q->n_fds) {
			loop_unwatch(q->loop, fd);
			q->fds[i] = q->fds[--q->n_fds];
		}
		return;
	}
	short events = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
	if (i < q->n_fds) {
		loop_set_events(q->loop, fd, events);
		return;
	}
	if (q->n_fds == q->cap_fds) {
		q->cap_fds = q->cap_fds ? 2 * q->cap_fds : 4;
		q->fds = xrealloc(q->fds, q->cap_fds * sizeof *q->fds);
	}
	q->fds[q->n_fds++] = fd;
	loop_watch(q->loop, fd, events, on_fd, q);
}

static void on_deadline(struct loop *l, void *arg)
{
	(void)l;
	struct dns_async *q = arg;
	q->deadline = 0;
	if (!q->answered) {
		q->answered = true;
		q->a.status = DNS_TIMEOUT;
	}
	report(q);
}

/* At once, from the loop's next turn: a question that could not be
 * asked is still reported through done, never from inside the call. */
static void on_failed_now(struct loop *l, void *arg)
{
	(void)l;
	struct dns_async *q = arg;
	q->deadline = 0;
	report(q);
}

struct dns_async *dns_async_ask(struct loop *l, const char *name, unsigned type,
				int64_t timeout_ms, dns_async_fn done, void *arg)
{
	struct dns_async *q = xcalloc(1, sizeof *q);
	q->loop = l;
	q->done = done;
	q->arg = arg;
	q->t0 = loop_now_ms();
	q->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
	q->answered = true; /* until the question is out */
	q->a.status = DNS_FAILED;
	size_t nlen = strlen(name);
	int r = ares_library_init(ARES_LIB_INIT_ALL);
	if (r != ARES_SUCCESS) {
		snprintf(q->a.why, sizeof q->a.why, "%s", ares_strerror(r));
		goto later;
	}
	struct ares_options o;
	memset(&o, 0, sizeof o);
	o.sock_state_cb = on_socket;
	o.sock_state_cb_data = q;
	int64_t first = q->timeout_ms / 3; /* three tries within the deadline */
	o.timeout = (int)(first < 100 ? 100 : first > 5000 ? 5000 : first);
	o.tries = 3;
	o.flags = ARES_FLAG_NOCHECKRESP; /* SERVFAIL comes back to be named */
	r = ares_init_options(&q->ch, &o,
			      ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES |
				      ARES_OPT_FLAGS);
	if (r != ARES_SUCCESS) {
		q->ch = NULL;
		ares_library_cleanup();
	} else if (net_resolver()) {
		r = ares_set_servers_ports_csv(q->ch, net_resolver());
	}
	if (r != ARES_SUCCESS) {
		snprintf(q->a.why, sizeof q->a.why, _("the resolver cannot be used: %s"),
			 ares_strerror(r));
		goto later;
	}
	unsigned char *pkt;
	int plen;
	if (nlen == 0 || nlen - (name[nlen - 1] == '.') > 253 ||
	    ares_create_query(name, 1 /* IN */, (int)type, 0, 1, &pkt, &plen, 1232) != ARES_SUCCESS) {
		q->a.status = DNS_BADNAME;
		snprintf(q->a.why, sizeof q->a.why, "%s", _("not a name DNS can ask for"));
		goto later;
	}
	pkt[3] |= 0x20; /* AD: tell us whether you validated it */
	q->answered = false;
	ares_send(q->ch, pkt, plen, on_answer, q);
	ares_free_string(pkt);
	q->deadline = loop_timer(l, q->timeout_ms, on_deadline, q);
	if (!q->answered) {
		after(q);
		return q;
	}
	loop_cancel(l, q->deadline); /* answered at once (a send error) */
later:
	q->answered = true;
	q->deadline = loop_timer(l, 0, on_failed_now, q);
	return q;
}

void dns_async_free(struct dns_async *q)
{
	if (!q)
		return;
	if (q->deadline)
		loop_cancel(q->loop, q->deadline);
	if (q->retry)
		loop_cancel(q->loop, q->retry);
	if (q->ch) {
		q->answered = true; /* the destruction's callback is no news */
		ares_destroy(q->ch);
		ares_library_cleanup();
	}
	for (size_t i = 0; i < q->n_fds; i++) /* none left, normally */
		loop_unwatch(q->loop, q->fds[i]);
	free(q->fds);
	dns_answer_free(&q->a);
	free(q);
}
