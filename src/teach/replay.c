/* Replay: transcript records back through the engine. Server lines are fed
 * with the line end they had, client lines are sent with the flags they
 * had, and the first record inside TLS tells the engine the handshake
 * succeeded, as the I/O layer did live. */
#include "smtpdbg/replay.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

char *replay_safe_text(const void *vp, size_t n, unsigned esc_flags)
{
	const uint8_t *p = vp;
	bool plain = true;
	for (size_t i = 0; i < n && plain; i++)
		plain = (p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\n';
	if (plain)
		return xstrndup(vp, n);
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i <= n;) {
		const uint8_t *nl = memchr(p + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (p + i)) : n - i;
		esc_append(&b, p + i, len, esc_flags);
		i += len + 1;
		if (nl)
			buf_addc(&b, '\n');
		else
			break;
	}
	return buf_steal(&b);
}

static void drain(struct smtp_client *c, const struct tf_record *rec, const struct replay_cb *cb)
{
	const uint8_t *p;
	size_t n = smtp_client_tx(c, &p);
	smtp_client_tx_done(c, n);
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		if (cb->event)
			cb->event(cb->arg, &ev, rec);
}

static void send_client(struct smtp_client *c, const struct tf_record *r)
{
	unsigned fl = (r->flags & TF_F_SECRET ? SMTP_F_SECRET : 0) |
		      (r->flags & TF_F_CHUNK ? SMTP_F_CHUNK : 0);
	if (r->flags & TF_F_RAW) {
		smtp_client_send(c, (const char *)r->data, r->len, fl | SMTP_F_RAW);
		return;
	}
	if (smtp_client_send(c, (const char *)r->data, r->len, fl) < 0) {
		/* A line with CR, LF or NUL inside went out as it was, with CRLF. */
		struct buf b;
		buf_init(&b, 0);
		buf_add(&b, r->data, r->len);
		buf_add(&b, "\r\n", 2);
		smtp_client_send(c, b.data, b.len, fl | SMTP_F_RAW);
		buf_wipe_free(&b);
	}
}

struct replay {
	struct smtp_client *c; /* made at the first protocol line */
	bool closed;
};

struct replay *replay_new(void)
{
	return xcalloc(1, sizeof(struct replay));
}

void replay_free(struct replay *x)
{
	if (x)
		smtp_client_free(x->c);
	free(x);
}

void replay_record(struct replay *x, const struct tf_record *r, const struct replay_cb *cb)
{
	if (r->kind == TF_NOTE || r->kind == TF_WARN) {
		if (cb->note)
			cb->note(cb->arg, r);
		return;
	}
	if (x->closed)
		return;
	/* Implicit TLS: the first protocol line is already encrypted. */
	if (!x->c)
		x->c = smtp_client_new(&(struct smtp_client_opts){
			.tls_active = r->kind != TF_CLOSED && (r->flags & TF_F_TLS)});
	struct smtp_client *c = x->c;
	if ((r->flags & TF_F_TLS) && !smtp_client_tls(c))
		smtp_client_tls_ready(c, false);
	switch (r->kind) {
	case TF_SERVER:
		smtp_client_feed(c, r->data, r->len);
		if (r->flags & TF_F_BARE_LF)
			smtp_client_feed(c, "\n", 1);
		else
			smtp_client_feed(c, "\r\n", 2);
		break;
	case TF_CLIENT:
		send_client(c, r);
		break;
	case TF_CLOSED: {
		char *why = replay_safe_text(r->data, r->len, 0);
		smtp_client_closed(c, why);
		free(why);
		x->closed = true;
		break;
	}
	default:
		break;
	}
	drain(c, r, cb);
}

void replay_end(struct replay *x, const struct tf_header *h, const struct replay_cb *cb)
{
	/* After QUIT the session ended whether or not the file says how. */
	if (!h || !h->live || !x->c || x->closed || !cb->note ||
	    smtp_client_state(x->c) == SMTP_ST_QUIT)
		return;
	x->closed = true; /* said once */
	const char *text = _("the transcript ends here, but the connection had not ended: the "
			     "file was read while the session was still open, or its writer "
			     "stopped");
	struct tf_record r = {.kind = TF_WARN, .data = (uint8_t *)text, .len = strlen(text)};
	cb->note(cb->arg, &r);
}

void replay_run(const struct tf_list *l, const struct replay_cb *cb)
{
	struct replay *x = replay_new();
	for (size_t i = 0; i < l->n; i++)
		replay_record(x, &l->v[i], cb);
	replay_end(x, &l->hdr, cb);
	replay_free(x);
}

struct rows_ctx {
	const struct narrate_opts *o;
	struct teach_rows *rows;
};

static void rows_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct rows_ctx *x = arg;
	teach_rows_event(x->rows, ev, x->o, rec->flags & TF_F_TLS, rec->flags & TF_F_MASKED);
	teach_rows_share(x->rows);
}

static void rows_note(void *arg, const struct tf_record *rec)
{
	struct rows_ctx *x = arg;
	struct teach_row *w = teach_rows_note(x->rows, (char)rec->kind, rec->data, rec->len,
					      x->o->esc_flags);
	w->tls = rec->flags & TF_F_TLS;
	teach_rows_share(x->rows);
}

void replay_rows(const struct tf_list *l, const struct narrate_opts *o, struct teach_rows *rows)
{
	struct rows_ctx x = {o, rows};
	replay_run(l, &(struct replay_cb){.event = rows_event, .note = rows_note, .arg = &x});
}
