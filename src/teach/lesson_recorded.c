/* The server of a recorded lesson: it plays back the replies a real
 * server sent, each after the client line it answered. A mechanism the
 * embedded server cannot do (GSSAPI needs a KDC) is taught this way. It
 * answers only the recorded lines, in order: a line the recording does not
 * hold gets no answer (the runner does not send one). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesson_run_impl.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct rec_peer {
	const struct lesson *l;
	size_t next;       /* index of the next client step the recording holds */
	struct buf in;     /* a client line still without its CRLF */
	struct buf out;    /* replies not yet taken by the client */
	size_t out_off;
	bool tls_after;    /* STARTTLS answered 220: a handshake once out is sent */
	bool want_tls, close_after, closing;
};

static const struct server_personality recorded = {
	.name = LESSON_RECORDED,
	.summary = N_("a session recorded from a real server, played back"),
};

const struct server_personality *rec_personality(void)
{
	return &recorded;
}

/* Queue the replies of the server steps from step i up to the next client
 * step; return the index of that client step (or nsteps). */
static size_t queue_replies(struct rec_peer *p, size_t i)
{
	const struct lesson *l = p->l;
	for (; i < l->nsteps && l->steps[i].party == LESSON_SERVER; i++)
		buf_adds(&p->out, l->steps[i].reply);
	return i;
}

struct rec_peer *rec_peer_new(const struct lesson *l)
{
	struct rec_peer *p = xcalloc(1, sizeof *p);
	p->l = l;
	buf_init(&p->in, LESSON_LINE_MAX * 4); /* longer lines are none of the recording's */
	buf_init(&p->out, 0);
	p->next = queue_replies(p, 0); /* the greeting */
	return p;
}

void rec_peer_free(struct rec_peer *p)
{
	if (!p)
		return;
	buf_wipe_free(&p->in);
	buf_free(&p->out);
	free(p);
}

/* The verb in any case, the rest exactly (as a typed line is matched). */
static bool same_line(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b), va = 0, vb = 0;
	while (va < an && a[va] != ' ')
		va++;
	while (vb < bn && b[vb] != ' ')
		vb++;
	return an == bn && va == vb && !strncasecmp(a, b, va) && !memcmp(a + va, b + vb, an - va);
}

static bool is_verb(const char *s, size_t n, const char *verb)
{
	size_t v = strlen(verb);
	return n >= v && !strncasecmp(s, verb, v) && (n == v || s[v] == ' ');
}

static void line(struct rec_peer *p, const char *s, size_t n)
{
	const struct lesson *l = p->l;
	if (p->closing || p->next >= l->nsteps)
		return;
	const struct lesson_step *c = &l->steps[p->next];
	if (!c->send || !same_line(s, n, c->send))
		return;
	size_t from = p->out.len;
	p->next = queue_replies(p, p->next + 1);
	const char *r = p->out.data ? p->out.data + from : "";
	bool got = p->out.len > from;
	if (got && is_verb(s, n, "STARTTLS") && !strncmp(r, "220", 3))
		p->tls_after = true;
	if (got && is_verb(s, n, "QUIT") && !strncmp(r, "221", 3))
		p->close_after = true;
}

void rec_peer_feed(struct rec_peer *p, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i] != '\n') {
			buf_addc(&p->in, (char)b[i]); /* past the limit it cannot match */
			continue;
		}
		size_t len = p->in.len;
		if (len && p->in.data[len - 1] == '\r')
			len--;
		if (p->in.len < p->in.limit)
			line(p, p->in.data ? p->in.data : "", len);
		wipe(p->in.data, p->in.len);
		p->in.len = 0;
	}
}

size_t rec_peer_tx(const struct rec_peer *p, const uint8_t **out)
{
	/* Nothing queued yet: no buffer to point into. */
	*out = p->out.data ? (const uint8_t *)p->out.data + p->out_off : (const uint8_t *)"";
	return p->out.len - p->out_off;
}

void rec_peer_tx_done(struct rec_peer *p, size_t n)
{
	p->out_off += n;
	if (p->out_off < p->out.len)
		return;
	p->out.len = p->out_off = 0;
	if (p->tls_after)
		p->want_tls = true;
	if (p->close_after)
		p->closing = true;
	p->tls_after = p->close_after = false;
}

bool rec_peer_want_tls(const struct rec_peer *p)
{
	return p->want_tls;
}

void rec_peer_tls_ready(struct rec_peer *p)
{
	p->want_tls = false;
}

bool rec_peer_closing(const struct rec_peer *p)
{
	return p->closing;
}
