/* The proxy's relay (proxy_relay.h): lines framed on both sides, replies
 * matched to commands in order (pipelining keeps the order, RFC 2920), the
 * EHLO reply filtered, STARTTLS held until both legs can do it. */
#include "smtpdbg/proxy_relay.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* Commands a reply is still owed for; a client pipelining more is
 * answered all the same, the extra ones counted as plain commands. */
#define QUEUE_MAX 256

enum cmd { C_OTHER, C_EHLO, C_STARTTLS, C_AUTH, C_DATA, C_BDAT, C_BODY };

struct proxy_relay {
	struct proxy_relay_cb cb;
	bool up_tls, down_tls;
	bool greeted;
	enum cmd q[QUEUE_MAX];
	size_t qn;
	size_t extra;        /* commands past QUEUE_MAX */
	bool sasl;           /* a 334 came: the client's next line answers it */
	bool body;           /* the client sends message content */
	uint64_t bdat_left;  /* BDAT chunk bytes still to pass */
	bool starttls;       /* STARTTLS sent, TLS not yet up: client bytes dropped */
	bool drop_server;    /* 220 to STARTTLS came: server bytes dropped */
	struct buf held;     /* that 220 */
	struct buf cline, sline; /* lines not ended yet */
	bool clong, slong;   /* ... past PROXY_LINE_MAX: passed on as they come */
	struct buf ehlo;     /* the EHLO reply so far */
	bool ehlo_pass;      /* too big: the rest of it passes unfiltered */
	bool warned_c, warned_s;
};

struct proxy_relay *proxy_relay_new(bool up_tls, bool down_tls, const struct proxy_relay_cb *cb)
{
	struct proxy_relay *r = xcalloc(1, sizeof *r);
	r->cb = *cb;
	r->up_tls = up_tls;
	r->down_tls = down_tls;
	buf_init(&r->held, 0);
	buf_init(&r->cline, 0);
	buf_init(&r->sline, 0);
	buf_init(&r->ehlo, 0);
	return r;
}

void proxy_relay_free(struct proxy_relay *r)
{
	if (!r)
		return;
	buf_free(&r->held);
	buf_wipe_free(&r->cline); /* may hold a password's Base64 */
	buf_free(&r->sline);
	buf_free(&r->ehlo);
	free(r);
}

static void note(struct proxy_relay *r, bool warn, const char *text)
{
	if (r->cb.note)
		r->cb.note(r->cb.arg, warn, text);
}

static void line(struct proxy_relay *r, enum proxy_party who, const char *p, size_t n,
		 bool body, bool bare)
{
	if (r->cb.line)
		r->cb.line(r->cb.arg, who, p, n, body, bare);
}

/* The text of a line without its end; *bare when it ended in LF alone. */
static size_t text_len(const char *p, size_t n, bool *bare)
{
	*bare = false;
	if (n && p[n - 1] == '\n') {
		n--;
		if (n && p[n - 1] == '\r')
			n--;
		else
			*bare = true;
	}
	return n;
}

static void push(struct proxy_relay *r, enum cmd c)
{
	if (r->qn < QUEUE_MAX)
		r->q[r->qn++] = c;
	else
		r->extra++;
}

static enum cmd head(const struct proxy_relay *r)
{
	return r->qn ? r->q[0] : C_OTHER;
}

static void pop(struct proxy_relay *r)
{
	if (r->qn) {
		memmove(r->q, r->q + 1, (r->qn - 1) * sizeof r->q[0]);
		r->qn--;
		if (r->extra) {
			r->extra--;
			r->q[r->qn++] = C_OTHER;
		}
	}
}

/* --- The client's side ------------------------------------------------------ */

static bool verb(const char *p, size_t n, const char *v, size_t *rest)
{
	size_t k = strlen(v);
	if (n < k || strncasecmp(p, v, k) || (n > k && p[k] != ' ' && p[k] != '\t'))
		return false;
	*rest = k;
	return true;
}

static void warn_clear_auth(struct proxy_relay *r, const char *p, size_t n)
{
	size_t i = 5, m;
	while (i < n && p[i] == ' ')
		i++;
	for (m = i; m < n && p[m] != ' '; m++)
		;
	struct buf b;
	buf_init(&b, 0);
	if (!r->up_tls)
		buf_printf(&b, _("the mail program logs in (AUTH %.*s) before TLS: its user name "
				 "and password cross the network to the server unencrypted (Base64 "
				 "is no encryption)"),
			   (int)(m - i), p + i);
	else
		buf_printf(&b, _("the mail program logs in (AUTH %.*s) without TLS to the proxy: "
				 "the proxy passes it on encrypted, but between the mail program and "
				 "the proxy its password is in clear text (--tls-listen, or STARTTLS "
				 "when offered, would protect it)"),
			   (int)(m - i), p + i);
	note(r, true, b.data);
	buf_free(&b);
}

/* A command line: shown, then what it asks the reply to be read as. */
static void command(struct proxy_relay *r, const char *p, size_t n)
{
	size_t rest;
	if (verb(p, n, "EHLO", &rest)) {
		push(r, C_EHLO);
	} else if (verb(p, n, "STARTTLS", &rest)) {
		push(r, C_STARTTLS);
		r->starttls = true;
	} else if (verb(p, n, "AUTH", &rest)) {
		push(r, C_AUTH);
		if (!r->down_tls || !r->up_tls)
			warn_clear_auth(r, p, n);
	} else if (verb(p, n, "DATA", &rest)) {
		push(r, C_DATA);
	} else if (verb(p, n, "BDAT", &rest)) {
		/* BDAT SIZE [LAST] (RFC 3030): SIZE bytes follow that are not lines. */
		uint64_t size = 0;
		size_t i = rest;
		while (i < n && p[i] == ' ')
			i++;
		bool digits = false;
		while (i < n && p[i] >= '0' && p[i] <= '9' && size < UINT64_MAX / 10) {
			size = size * 10 + (uint64_t)(p[i++] - '0');
			digits = true;
		}
		push(r, C_BDAT);
		if (digits) {
			r->bdat_left = size;
			struct buf b;
			buf_init(&b, 0);
			buf_printf(&b, _("%llu bytes of message content follow (BDAT), passed on as "
					 "they are and not shown"),
				   (unsigned long long)size);
			note(r, false, b.data);
			buf_free(&b);
		}
	} else {
		push(r, C_OTHER);
	}
}

/* One whole line from the client (its end included), passed on unless
 * passed already (a long one). */
static void client_line(struct proxy_relay *r, const char *p, size_t n, struct buf *up,
			bool passed)
{
	if (!passed)
		buf_add(up, p, n);
	bool bare;
	size_t t = text_len(p, n, &bare);
	if (t > PROXY_LINE_MAX)
		t = PROXY_LINE_MAX;
	if (r->body) {
		line(r, PROXY_CLIENT, p, t, true, bare);
		if (t == 1 && p[0] == '.') {
			r->body = false;
			push(r, C_BODY);
		}
		return;
	}
	line(r, PROXY_CLIENT, p, t, false, bare);
	if (r->sasl) {
		r->sasl = false; /* the answer; the AUTH still waits for its reply */
		return;
	}
	command(r, p, t);
}

void proxy_relay_client(struct proxy_relay *r, const void *vp, size_t n, struct buf *up)
{
	const char *p = vp;
	while (n > 0) {
		if (r->starttls) {
			/* RFC 3207 §4: nothing may follow STARTTLS before TLS. */
			if (!r->warned_c)
				note(r, true, _("the mail program sent bytes after STARTTLS, before TLS "
						"was up: dropped, not passed on (they could be an "
						"injection, CVE-2011-0411)"));
			r->warned_c = true;
			return;
		}
		if (r->bdat_left) {
			size_t take = n < r->bdat_left ? n : (size_t)r->bdat_left;
			buf_add(up, p, take);
			r->bdat_left -= take;
			p += take;
			n -= take;
			continue;
		}
		const char *lf = memchr(p, '\n', n);
		size_t take = lf ? (size_t)(lf - p) + 1 : n;
		if (r->clong) { /* the tail of a long line: passed on as it comes */
			buf_add(up, p, take);
			if (lf) {
				client_line(r, r->cline.data, r->cline.len, up, true);
				buf_reset(&r->cline);
				r->clong = false;
			}
		} else if (!lf && r->cline.len + take > PROXY_LINE_MAX) {
			buf_add(&r->cline, p, take);
			buf_add(up, r->cline.data, r->cline.len);
			r->clong = true;
			note(r, true, _("a line from the mail program longer than 64 KiB: passed on "
					"as it comes, shown cut"));
		} else if (!lf) {
			buf_add(&r->cline, p, take);
		} else if (r->cline.len) {
			buf_add(&r->cline, p, take);
			client_line(r, r->cline.data, r->cline.len, up, false);
			buf_wipe_free(&r->cline);
			buf_init(&r->cline, 0);
		} else {
			client_line(r, p, take, up, false);
		}
		p += take;
		n -= take;
	}
}

/* --- The upstream's side ---------------------------------------------------- */

static bool ends_plus(const char *p, size_t n)
{
	return n > 5 && !strncasecmp(p + n - 5, "-PLUS", 5);
}

bool proxy_filter_auth(const char *p, size_t n, struct buf *out, struct buf *removed)
{
	if (n < 5 || strncasecmp(p, "AUTH", 4) || (p[4] != ' ' && p[4] != '='))
		goto same;
	bool changed = false;
	struct buf keep;
	buf_init(&keep, 0);
	for (size_t i = 5; i < n;) {
		while (i < n && p[i] == ' ')
			i++;
		size_t m = i;
		while (i < n && p[i] != ' ')
			i++;
		if (i == m)
			break;
		const char *w = p + m;
		size_t wl = i - m;
		if (ends_plus(w, wl) || (wl == 8 && !strncasecmp(w, "EXTERNAL", 8))) {
			if (removed->len)
				buf_addc(removed, ' ');
			buf_add(removed, w, wl);
			changed = true;
		} else {
			if (keep.len)
				buf_addc(&keep, ' ');
			buf_add(&keep, w, wl);
		}
	}
	if (changed && keep.len) {
		buf_add(out, p, 5);
		buf_add(out, keep.data, keep.len);
	}
	buf_free(&keep);
	if (changed)
		return true;
same:
	buf_add(out, p, n);
	return false;
}

/* The whole EHLO reply: shown as the server sent it, passed on without
 * what cannot work through the proxy. */
static void ehlo_done(struct proxy_relay *r, struct buf *down)
{
	struct buf out, removed;
	buf_init(&out, 0);
	buf_init(&removed, 0);
	const char *p = r->ehlo.data, *end = p + r->ehlo.len;
	/* Each kept line's text and its end, rebuilt with the right '-'/' '. */
	struct kept {
		const char *t;
		size_t n;
		const char *e;
		size_t en;
		char *own;
	} *k = NULL;
	size_t nk = 0;
	bool changed = false;
	for (size_t i = 0; p < end; i++) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		size_t len = lf ? (size_t)(lf - p) + 1 : (size_t)(end - p);
		bool bare;
		size_t t = text_len(p, len, &bare);
		line(r, PROXY_SERVER, p, t, false, bare);
		k = xrealloc(k, (nk + 1) * sizeof *k);
		k[nk] = (struct kept){.t = p, .n = t, .e = p + t, .en = len - t};
		if (i > 0 && t > 4) {
			struct buf f;
			buf_init(&f, 0);
			if (proxy_filter_auth(p + 4, t - 4, &f, &removed)) {
				changed = true;
				if (!f.len) {
					buf_free(&f);
					p += len;
					continue; /* the line goes */
				}
				k[nk].own = buf_steal(&f);
				k[nk].n = strlen(k[nk].own);
			}
			buf_free(&f);
		}
		nk++;
		p += len;
	}
	if (!changed) {
		buf_add(down, r->ehlo.data, r->ehlo.len);
	} else {
		for (size_t i = 0; i < nk; i++) {
			if (k[i].own) {
				buf_add(&out, k[i].t, 3);
				buf_addc(&out, i + 1 < nk ? '-' : ' ');
				buf_add(&out, k[i].own, k[i].n);
			} else if (k[i].n >= 4) {
				buf_add(&out, k[i].t, 3);
				buf_addc(&out, i + 1 < nk ? '-' : ' ');
				buf_add(&out, k[i].t + 4, k[i].n - 4);
			} else {
				buf_add(&out, k[i].t, k[i].n);
			}
			buf_add(&out, k[i].e, k[i].en);
		}
		buf_add(down, out.data, out.len);
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, _("passed on to the mail program without %s: these mechanisms cannot "
				 "work through a proxy that ends TLS. SCRAM-*-PLUS binds the login to "
				 "the TLS session the client sees (channel binding, RFC 5056), which "
				 "here ends at the proxy, so the server would refuse it; EXTERNAL logs "
				 "in with the client's own certificate, which does not reach the "
				 "server. Everything else is passed on unchanged."),
			   removed.data);
		note(r, false, b.data);
		buf_free(&b);
	}
	for (size_t i = 0; i < nk; i++)
		free(k[i].own);
	free(k);
	buf_free(&out);
	buf_free(&removed);
	buf_reset(&r->ehlo);
}

static int code_of(const char *p, size_t n)
{
	if (n < 3 || p[0] < '1' || p[0] > '5' || p[1] < '0' || p[1] > '9' || p[2] < '0' ||
	    p[2] > '9')
		return 0;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

/* One whole reply line (its end included). */
static enum proxy_act server_line(struct proxy_relay *r, const char *p, size_t n,
				  struct buf *down, bool passed)
{
	bool bare;
	size_t t = text_len(p, n, &bare);
	if (t > PROXY_LINE_MAX)
		t = PROXY_LINE_MAX;
	int code = code_of(p, t);
	bool final = t < 4 || p[3] != '-';
	enum cmd h = r->greeted ? head(r) : C_OTHER;
	enum proxy_act act = PROXY_GO_ON;
	if (h == C_EHLO && !r->ehlo_pass && !passed && r->ehlo.len + n <= PROXY_EHLO_MAX) {
		buf_add(&r->ehlo, p, n);
		if (final)
			ehlo_done(r, down);
	} else {
		if (h == C_EHLO && !r->ehlo_pass && r->ehlo.len) {
			/* Too big to hold: what was held goes unfiltered. */
			note(r, true, _("the server's EHLO reply is too big to filter: passed on "
					"unchanged"));
			const char *q = r->ehlo.data, *end = q + r->ehlo.len;
			while (q < end) {
				const char *lf = memchr(q, '\n', (size_t)(end - q));
				size_t len = lf ? (size_t)(lf - q) + 1 : (size_t)(end - q);
				bool b2 = false;
				size_t tl = text_len(q, len, &b2);
				line(r, PROXY_SERVER, q, tl, false, b2);
				q += len;
			}
			buf_add(down, r->ehlo.data, r->ehlo.len);
			buf_reset(&r->ehlo);
		}
		if (h == C_EHLO)
			r->ehlo_pass = !final;
		line(r, PROXY_SERVER, p, t, false, bare);
		if (h == C_STARTTLS && final && code == 220) {
			buf_reset(&r->held);
			buf_add(&r->held, p, n);
			r->drop_server = true;
			act = PROXY_UP_TLS;
		} else if (!passed) {
			buf_add(down, p, n);
		}
	}
	if (!final)
		return act;
	if (!r->greeted) {
		r->greeted = true;
	} else if (h == C_AUTH && code == 334) {
		r->sasl = true;
	} else {
		if (h == C_DATA && code == 354)
			r->body = true;
		if (h == C_STARTTLS && code != 220)
			r->starttls = false; /* refused: the session goes on in clear */
		if (h == C_AUTH)
			r->sasl = false;
		pop(r);
	}
	return act;
}

enum proxy_act proxy_relay_server(struct proxy_relay *r, const void *vp, size_t n,
				  struct buf *down)
{
	const char *p = vp;
	enum proxy_act act = PROXY_GO_ON;
	while (n > 0) {
		if (r->drop_server) {
			if (!r->warned_s)
				note(r, true, _("the server sent bytes after its 220 to STARTTLS, before "
						"TLS: dropped, not passed on (CVE-2011-0411 class)"));
			r->warned_s = true;
			return act;
		}
		const char *lf = memchr(p, '\n', n);
		size_t take = lf ? (size_t)(lf - p) + 1 : n;
		enum proxy_act a = PROXY_GO_ON;
		if (r->slong) {
			buf_add(down, p, take);
			if (lf) {
				a = server_line(r, r->sline.data, r->sline.len, down, true);
				buf_reset(&r->sline);
				r->slong = false;
			}
		} else if (!lf && r->sline.len + take > PROXY_LINE_MAX) {
			buf_add(&r->sline, p, take);
			buf_add(down, r->sline.data, r->sline.len);
			r->slong = true;
			note(r, true, _("a line from the server longer than 64 KiB: passed on as it "
					"comes, shown cut"));
		} else if (!lf) {
			buf_add(&r->sline, p, take);
		} else if (r->sline.len) {
			buf_add(&r->sline, p, take);
			a = server_line(r, r->sline.data, r->sline.len, down, false);
			buf_reset(&r->sline);
		} else {
			a = server_line(r, p, take, down, false);
		}
		if (a != PROXY_GO_ON)
			act = a;
		p += take;
		n -= take;
	}
	return act;
}

void proxy_relay_release(struct proxy_relay *r, struct buf *down)
{
	buf_add(down, r->held.data, r->held.len);
	buf_reset(&r->held);
	r->up_tls = true;
}

void proxy_relay_tls(struct proxy_relay *r)
{
	r->up_tls = r->down_tls = true;
	r->starttls = r->drop_server = false;
	r->sasl = r->body = false;
	r->qn = r->extra = 0;
	buf_reset(&r->cline);
	buf_reset(&r->sline);
	buf_reset(&r->ehlo);
	r->ehlo_pass = false;
}

bool proxy_relay_up_tls(const struct proxy_relay *r)
{
	return r->up_tls;
}

bool proxy_relay_down_tls(const struct proxy_relay *r)
{
	return r->down_tls;
}

bool proxy_relay_in_body(const struct proxy_relay *r)
{
	return r->body;
}

bool proxy_relay_awaits_starttls(const struct proxy_relay *r)
{
	return r->starttls;
}
