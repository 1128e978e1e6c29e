/* One DNS question at a time through c-ares, each with its own deadline.
 * The report of `smtpdbg dns` has nothing else to do meanwhile, so it
 * waits in poll() here rather than in the event loop. */
#include "smtpdbg/dns_query.h"

#include <ares.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/net.h"
#include "smtpdbg/xmalloc.h"

struct dns_client {
	ares_channel ch;
	int64_t timeout_ms;
};

struct dns_client *dns_client_new(int64_t timeout_ms, struct buf *err)
{
	int r = ares_library_init(ARES_LIB_INIT_ALL);
	if (r != ARES_SUCCESS) {
		buf_printf(err, "%s", ares_strerror(r));
		return NULL;
	}
	struct dns_client *c = xcalloc(1, sizeof *c);
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
	struct ares_options o;
	memset(&o, 0, sizeof o);
	/* Three tries within the deadline; SERVFAIL and REFUSED come back to
	 * us (NOCHECKRESP) so that the report can name them. */
	int64_t first = c->timeout_ms / 3;
	o.timeout = (int)(first < 100 ? 100 : first > 5000 ? 5000 : first);
	o.tries = 3;
	o.flags = ARES_FLAG_NOCHECKRESP;
	r = ares_init_options(&c->ch, &o, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS);
	if (r == ARES_SUCCESS && net_resolver())
		r = ares_set_servers_ports_csv(c->ch, net_resolver());
	if (r != ARES_SUCCESS) {
		buf_printf(err, _("the resolver cannot be used: %s"), ares_strerror(r));
		dns_client_free(c);
		return NULL;
	}
	return c;
}

void dns_client_free(struct dns_client *c)
{
	if (!c)
		return;
	if (c->ch) {
		ares_destroy(c->ch);
		ares_library_cleanup();
	}
	free(c);
}

struct pending {
	struct dns_answer *a;
	bool done;
};

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	(void)timeouts;
	struct pending *p = arg;
	p->done = true;
	struct dns_answer *a = p->a;
	if (status == ARES_SUCCESS && abuf && alen > 0) {
		a->buf = xmalloc((size_t)alen);
		memcpy(a->buf, abuf, (size_t)alen);
		a->len = (size_t)alen;
		a->status = DNS_OK;
		return;
	}
	a->status = status == ARES_ETIMEOUT ? DNS_TIMEOUT : DNS_FAILED;
	if (status == ARES_ECANCELLED || status == ARES_EDESTRUCTION)
		a->status = DNS_TIMEOUT;
	if (a->status == DNS_FAILED)
		snprintf(a->why, sizeof a->why, "%s", ares_strerror(status));
}

void dns_ask(struct dns_client *c, const char *name, unsigned type, struct dns_answer *a)
{
	memset(a, 0, sizeof *a);
	int64_t t0 = loop_now_ms();
	size_t nlen = strlen(name);
	if (nlen == 0 || nlen - (name[nlen - 1] == '.') > 253) {
		a->status = DNS_BADNAME;
		snprintf(a->why, sizeof a->why, "%s",
			 _("not a name DNS can ask for (at most 253 characters, labels of 1 to 63)"));
		return;
	}
	unsigned char *q;
	int qlen;
	if (ares_create_query(name, 1 /* IN */, (int)type, 0, 1, &q, &qlen, 1232) != ARES_SUCCESS) {
		a->status = DNS_BADNAME;
		snprintf(a->why, sizeof a->why, "%s", _("not a name DNS can ask for"));
		return;
	}
	q[3] |= 0x20; /* AD: tell us whether you validated it */
	struct pending p = {.a = a};
	ares_send(c->ch, q, qlen, on_answer, &p);
	ares_free_string(q);
	int64_t deadline = t0 + c->timeout_ms;
	while (!p.done) {
		int64_t left = deadline - loop_now_ms();
		if (left <= 0) {
			ares_cancel(c->ch); /* on_answer runs with ARES_ECANCELLED */
			break;
		}
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		int bits = ares_getsock(c->ch, socks, ARES_GETSOCK_MAXNUM);
		struct pollfd fds[ARES_GETSOCK_MAXNUM];
		nfds_t n = 0;
		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			/* c-ares' own macros shift a signed 1 into the sign bit
			 * for the last socket (undefined): the same bits, unsigned. */
			unsigned ub = (unsigned)bits;
			short ev = (short)((ub & (1u << i) ? POLLIN : 0) |
					   (ub & (1u << (i + ARES_GETSOCK_MAXNUM)) ? POLLOUT : 0));
			if (ev)
				fds[n++] = (struct pollfd){.fd = socks[i], .events = ev};
		}
		struct timeval max = {.tv_sec = (time_t)(left / 1000),
				      .tv_usec = (suseconds_t)(left % 1000 * 1000)};
		struct timeval tv, *tvp = ares_timeout(c->ch, &max, &tv);
		int ms = (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
		int r = poll(fds, n, ms);
		if (r < 0)
			continue; /* EINTR: look at the clock again */
		for (nfds_t i = 0; i < n; i++)
			ares_process_fd(c->ch,
					fds[i].revents & (POLLIN | POLLERR | POLLHUP) ? fds[i].fd : ARES_SOCKET_BAD,
					fds[i].revents & POLLOUT ? fds[i].fd : ARES_SOCKET_BAD);
		if (r == 0)
			ares_process_fd(c->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	}
	a->ms = loop_now_ms() - t0;
	if (a->status == DNS_TIMEOUT)
		snprintf(a->why, sizeof a->why, _("no answer within %lld ms"),
			 (long long)c->timeout_ms);
}

void dns_answer_free(struct dns_answer *a)
{
	free(a->buf);
	a->buf = NULL;
}
