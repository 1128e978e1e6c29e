/* serve --watch's list of sessions (see serve_watch.h). Rows stay in the
 * order of their ids, which only grow, so a session is found by binary
 * search however many are listed. */
#include "smtpdbg/serve_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct row {
	unsigned id;
	struct session_watch *sw;
};

struct serve_watch {
	struct session_opts so; /* every session's: its budget */
	struct row *v;
	size_t n, cap;
	size_t open, closed, keep, dropped;
	size_t budget;
	unsigned held; /* the session being read */
	struct server_conn_tap tap;
};

static void tap_data(void *arg, unsigned id, const void *p, size_t n);
static void tap_tls_up(void *arg, unsigned id, const char *how);
static void tap_closed(void *arg, unsigned id, const char *why);

static void add_row(struct serve_watch *w, unsigned id, const char *peer)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n++] = (struct row){.id = id, .sw = session_watch_new(&w->so, peer)};
}

struct serve_watch *serve_watch_new(const struct serve_watch_opts *o)
{
	struct serve_watch *w = xcalloc(1, sizeof *w);
	w->keep = o->keep_closed ? o->keep_closed : SERVE_WATCH_KEEP;
	w->budget = o->budget ? o->budget : SERVE_WATCH_BYTES;
	/* Open sessions and the closed ones kept share the budget. */
	size_t per = w->budget / (o->max_open + w->keep + 1);
	if (per < SERVE_WATCH_SESSION_MIN)
		per = SERVE_WATCH_SESSION_MIN;
	if (per > SERVE_WATCH_SESSION_MAX)
		per = SERVE_WATCH_SESSION_MAX;
	w->so.max_transcript = per;
	w->tap = (struct server_conn_tap){.data = tap_data, .tls_up = tap_tls_up,
					  .closed = tap_closed, .arg = w};
	add_row(w, 0, o->server ? o->server : "");
	return w;
}

void serve_watch_free(struct serve_watch *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		session_watch_free(w->v[i].sw);
	free(w->v);
	free(w);
}

const struct server_conn_tap *serve_watch_tap(struct serve_watch *w)
{
	return &w->tap;
}

long serve_watch_find(const struct serve_watch *w, unsigned id)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->n && w->v[lo].id == id ? (long)lo : -1;
}

static struct session_watch *find_sw(struct serve_watch *w, unsigned id)
{
	long i = id ? serve_watch_find(w, id) : -1;
	return i > 0 ? w->v[i].sw : NULL;
}

void serve_watch_open(struct serve_watch *w, unsigned id, const char *peer)
{
	if (id == 0 || (w->n && w->v[w->n - 1].id >= id))
		return; /* ids only grow */
	add_row(w, id, peer);
	w->open++;
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, _("connected from %s"), peer);
	session_watch_note(w->v[w->n - 1].sw, b.data);
	buf_free(&b);
}

void serve_watch_note(struct serve_watch *w, unsigned id, const char *text)
{
	struct session_watch *sw = find_sw(w, id);
	if (sw) {
		session_watch_note(sw, text);
		return;
	}
	if (!id) {
		session_watch_note(w->v[0].sw, text);
		return;
	}
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "[%u] %s", id, text);
	session_watch_note(w->v[0].sw, b.data);
	buf_free(&b);
}

void serve_watch_log(struct serve_watch *w, unsigned id, const struct server_log *e)
{
	struct session_watch *sw = find_sw(w, id);
	if (e->kind == SERVER_LOG_NOTE || !sw) {
		if (e->kind != SERVER_LOG_NOTE)
			return; /* a line of a session no longer listed */
		char *text = xstrndup(e->text, e->len);
		serve_watch_note(w, id, text);
		free(text);
		return;
	}
	if (e->kind == SERVER_LOG_CLIENT)
		session_watch_client(sw, e->text, e->len);
	else
		session_watch_server(sw, e->text, e->len);
}

/* The oldest closed session goes while more are kept than allowed, or the
 * transcripts hold more than the budget. */
static void drop_closed(struct serve_watch *w)
{
	for (size_t i = 1; i < w->n;) {
		bool over = w->closed > w->keep || serve_watch_bytes(w) > w->budget;
		if (!over)
			return;
		struct session_watch_facts f;
		session_watch_facts(w->v[i].sw, &f);
		if (!f.closed || w->v[i].id == w->held) {
			i++;
			continue;
		}
		session_watch_free(w->v[i].sw);
		memmove(&w->v[i], &w->v[i + 1], (w->n - i - 1) * sizeof *w->v);
		w->n--;
		w->closed--;
		w->dropped++;
	}
}

static void tap_data(void *arg, unsigned id, const void *p, size_t n)
{
	struct session_watch *sw = find_sw(arg, id);
	if (sw)
		session_watch_data(sw, p, n);
}

static void tap_tls_up(void *arg, unsigned id, const char *how)
{
	(void)how; /* the driver's note says it */
	struct session_watch *sw = find_sw(arg, id);
	if (sw)
		session_watch_tls(sw);
}

static void tap_closed(void *arg, unsigned id, const char *why)
{
	struct serve_watch *w = arg;
	struct session_watch *sw = find_sw(w, id);
	if (!sw)
		return;
	session_watch_closed(sw, why);
	w->open--;
	w->closed++;
	drop_closed(w);
}

size_t serve_watch_count(const struct serve_watch *w)
{
	return w->n;
}

unsigned serve_watch_id(const struct serve_watch *w, size_t i)
{
	return i < w->n ? w->v[i].id : 0;
}

struct session_watch *serve_watch_at(const struct serve_watch *w, size_t i)
{
	return i < w->n ? w->v[i].sw : NULL;
}

size_t serve_watch_open_count(const struct serve_watch *w)
{
	return w->open;
}

void serve_watch_hold(struct serve_watch *w, unsigned id)
{
	w->held = id;
}

size_t serve_watch_dropped(const struct serve_watch *w)
{
	return w->dropped;
}

size_t serve_watch_bytes(const struct serve_watch *w)
{
	size_t sum = 0;
	for (size_t i = 0; i < w->n; i++)
		sum += session_watch_bytes(w->v[i].sw);
	return sum;
}

size_t serve_watch_session_budget(const struct serve_watch *w)
{
	return w->so.max_transcript;
}
