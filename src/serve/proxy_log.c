/* One proxied session's narration and records (proxy_log.h). */
#include "smtpdbg/proxy_log.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/replay.h"
#include "smtpdbg/xmalloc.h"

struct proxy_log {
	struct proxy_log_opts o;
	struct replay *mirror;
	bool ended;
	bool secret, shown; /* while one record is mirrored */
	struct buf held;    /* server lines no reply has shown yet */
};

struct proxy_log *proxy_log_new(const struct proxy_log_opts *o)
{
	struct proxy_log *l = xcalloc(1, sizeof *l);
	l->o = *o;
	l->mirror = replay_new();
	buf_init(&l->held, 0);
	return l;
}

void proxy_log_free(struct proxy_log *l)
{
	if (!l)
		return;
	replay_free(l->mirror);
	buf_free(&l->held);
	free(l);
}

static void on_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	struct proxy_log *l = arg;
	(void)rec;
	if (ev->type == SMTP_EV_SENT) {
		l->shown = true;
		l->secret |= (ev->flags & SMTP_F_SECRET) != 0;
	} else if (ev->type == SMTP_EV_REPLY) {
		l->shown = true;
		buf_reset(&l->held);
	}
	if (l->o.out)
		narrate_event(l->o.out, &l->o.no, ev);
}

/* A line the engine did not show (it never should): shown bare. */
static void bare(struct proxy_log *l, const char *lead, const char *p, size_t n, bool secret)
{
	if (!l->o.out)
		return;
	struct buf b;
	buf_init(&b, 0);
	size_t shown = secret && !l->o.no.show_secrets ? annot_public_prefix(p, n) : n;
	esc_append(&b, p, shown, l->o.no.esc_flags);
	if (shown < n)
		buf_adds(&b, shown ? " " ANNOT_MASK : ANNOT_MASK);
	fprintf(l->o.out, "%s%s\n", lead, b.data ? b.data : "");
	buf_free(&b);
}

void proxy_log_line(struct proxy_log *l, enum tf_kind kind, unsigned flags, const char *p,
		    size_t n, int64_t t_ms)
{
	if (l->ended)
		return;
	struct tf_record r = {.kind = kind, .t_ms = t_ms, .flags = flags, .data = (uint8_t *)p,
			      .len = n};
	l->secret = l->shown = false;
	if (kind == TF_SERVER) {
		struct buf e;
		buf_init(&e, 0);
		esc_append(&e, p, n, l->o.no.esc_flags);
		buf_printf(&l->held, "S: %s\n", e.data ? e.data : "");
		buf_free(&e);
	}
	replay_record(l->mirror, &r, &(struct replay_cb){.event = on_event, .arg = l});
	if (l->secret)
		r.flags |= TF_F_SECRET;
	if (kind == TF_CLIENT && !l->shown)
		bare(l, "C: ", p, n, l->secret);
	else if (kind == TF_SERVER && !l->shown && (n < 4 || p[3] != '-')) {
		if (l->o.out && l->held.len)
			fwrite(l->held.data, 1, l->held.len, l->o.out);
		buf_reset(&l->held);
	}
	if (l->o.out)
		fflush(l->o.out);
	if (l->o.record)
		l->o.record(l->o.arg, &r);
}

void proxy_log_note(struct proxy_log *l, bool warn, const char *text, int64_t t_ms)
{
	if (l->ended)
		return;
	if (l->o.out) {
		for (const char *p = text; *p;) {
			size_t n = strcspn(p, "\n");
			fprintf(l->o.out, "  # %s%.*s\n", warn ? "! " : "", (int)n, p);
			p += n + (p[n] == '\n');
		}
		fflush(l->o.out);
	}
	if (!l->o.record)
		return;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			struct tf_record r = {.kind = warn ? TF_WARN : TF_NOTE, .t_ms = t_ms,
					      .data = (uint8_t *)p, .len = n};
			l->o.record(l->o.arg, &r);
		}
		p += n + (p[n] == '\n');
	}
}

void proxy_log_end(struct proxy_log *l, const char *why, int64_t t_ms)
{
	if (l->ended)
		return;
	if (l->o.out && l->held.len)
		fwrite(l->held.data, 1, l->held.len, l->o.out);
	buf_reset(&l->held);
	struct tf_record r = {.kind = TF_CLOSED, .t_ms = t_ms, .data = (uint8_t *)why,
			      .len = strlen(why)};
	replay_record(l->mirror, &r, &(struct replay_cb){.event = on_event, .arg = l});
	if (l->o.out)
		fflush(l->o.out);
	if (l->o.record)
		l->o.record(l->o.arg, &r);
	l->ended = true;
}
