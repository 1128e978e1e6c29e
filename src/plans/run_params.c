/* The parameters of MAIL FROM and RCPT TO, decided from what the message
 * needs, what was asked for and what the server offers; and the refusals,
 * before anything of the message is sent, when the server cannot meet a
 * wish. Pure: the run plan sends what this builds. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/run_plan.h"

bool run_addr_utf8(const char *addr)
{
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
		if (*p > 127)
			return true;
	return false;
}

void run_xtext(struct buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < '!' || *p > '~' || *p == '+' || *p == '=')
			buf_printf(out, "+%02X", *p);
		else
			buf_add(out, p, 1);
	}
}

void run_orcpt(struct buf *out, const char *addr, bool utf8)
{
	if (!utf8) {
		buf_adds(out, "rfc822;");
		run_xtext(out, addr);
		return;
	}
	/* RFC 6533 §3, utf-8-addr-unitext: UTF-8 as is (SMTPUTF8 is in use),
	 * "+", "=", "\" and controls as \x{HEX}. */
	buf_adds(out, "utf-8;");
	for (const unsigned char *p = (const unsigned char *)addr; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || *p == '+' || *p == '=' || *p == '\\')
			buf_printf(out, "\\x{%X}", *p);
		else
			buf_add(out, p, 1);
	}
}

bool run_dsn_notify_ok(const char *s)
{
	if (!strcasecmp(s, "NEVER"))
		return true;
	static const char *const words[] = {"SUCCESS", "FAILURE", "DELAY"};
	unsigned seen = 0;
	for (const char *p = s;;) {
		size_t n = strcspn(p, ",");
		size_t k = 0;
		while (k < 3 && (strlen(words[k]) != n || strncasecmp(p, words[k], n)))
			k++;
		if (k == 3 || seen & (1u << k))
			return false;
		seen |= 1u << k;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

bool run_param_ok(const char *s)
{
	/* esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") */
	const unsigned char *p = (const unsigned char *)s;
	if (!isalnum(*p))
		return false;
	while (isalnum(*p) || *p == '-')
		p++;
	if (!*p)
		return true;
	if (*p++ != '=' || !*p)
		return false;
	/* esmtp-value = 1*(%d33-60 / %d62-126), or UTF-8 (RFC 6531) */
	for (; *p; p++)
		if (*p < 33 || *p == '=' || *p == 127)
			return false;
	return true;
}

/* The extension that defines a parameter, for a note when the server does
 * not offer it: DELIVERBY's BY, FUTURERELEASE's HOLDFOR and HOLDUNTIL. */
static const char *param_extension(const char *k, size_t n)
{
	static const struct {
		const char *param, *ext;
	} map[] = {{"BY", "DELIVERBY"}, {"HOLDFOR", "FUTURERELEASE"},
		   {"HOLDUNTIL", "FUTURERELEASE"}, {"MT-PRIORITY", "MT-PRIORITY"},
		   {"NOTIFY", "DSN"}, {"ORCPT", "DSN"}, {"RET", "DSN"}, {"ENVID", "DSN"},
		   {"SIZE", "SIZE"}, {"BODY", "8BITMIME"}, {"AUTH", "AUTH"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strlen(map[i].param) == n && !strncasecmp(map[i].param, k, n))
			return map[i].ext;
	return NULL;
}

static void add_raw_params(struct buf *out, struct buf *notes, const struct smtp_caps *caps,
			   const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, " %s", v[i]);
		size_t kl = strcspn(v[i], "=");
		const char *ext = param_extension(v[i], kl);
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(kl < 63 ? kl : 63), v[i]);
		if (notes && caps->known && !caps_has(caps, ext ? ext : key))
			buf_printf(notes, _("%s: the server does not advertise %s; sent anyway, as "
					    "asked (it may answer 555)\n"),
				   key, ext ? ext : key);
	}
}

/* The first address that needs SMTPUTF8, or NULL. */
static const char *utf8_addr(const struct run_opts *o)
{
	if (o->from && run_addr_utf8(o->from))
		return o->from;
	for (size_t i = 0; i < o->nto; i++)
		if (run_addr_utf8(o->to[i]))
			return o->to[i];
	return NULL;
}

static bool dsn_asked(const struct run_opts *o)
{
	return o->dsn_notify || o->dsn_ret || o->envid || o->orcpt;
}

/* A refusal: the reason goes to out (emptied first); -1. */
__attribute__((format(printf, 2, 3))) static int refuse(struct buf *out, const char *fmt, ...)
{
	out->len = 0;
	if (out->data)
		out->data[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(out, fmt, ap);
	va_end(ap);
	return -1;
}

int run_mail_params(struct buf *out, struct buf *notes, const struct run_opts *o,
		    const struct run_mail_ctx *x)
{
	const struct smtp_caps *caps = x->caps;
	const char *ua = utf8_addr(o);
	bool utf8 = ua || o->msg_utf8;

	/* Every refusal first: none of them is worth a half-built command. */
	if (o->pipeline && !caps->pipelining)
		return refuse(out, _("--pipeline was asked for, but the server does not offer "
				     "PIPELINING (RFC 2920)"));
	if (x->bdat && !caps->chunking)
		return refuse(out, _("--chunking was asked for, but the server does not offer "
				     "CHUNKING: it would not know BDAT (RFC 3030)"));
	if (utf8 && !caps->smtputf8) {
		if (ua)
			return refuse(out, _("the address %s is not ASCII and needs SMTPUTF8 "
					     "(RFC 6531), which the server does not offer: not sent"),
				      ua);
		return refuse(out, _("the message's header has UTF-8 and needs SMTPUTF8 (RFC "
				     "6531), which the server does not offer: not sent"));
	}
	bool binary = o->msg_8bit && x->bdat && caps_has(caps, "BINARYMIME");
	if (o->msg_8bit && !binary && !caps->eightbitmime)
		return refuse(out, _("the message has 8-bit bytes and the server offers no "
				     "8BITMIME (RFC 6152): not sent"));
	if (o->msg_size >= 0 && caps->has_size && caps->size &&
	    (unsigned long long)o->msg_size > caps->size)
		return refuse(out, _("the message is %lld bytes, more than the %llu the server "
				     "takes (SIZE, RFC 1870): not sent"),
			      (long long)o->msg_size, caps->size);
	if (dsn_asked(o) && !caps->dsn)
		return refuse(out, _("DSN options were given, but the server does not offer DSN "
				     "(RFC 3461)"));
	if (o->requiretls && !x->tls)
		return refuse(out, _("--requiretls needs TLS: REQUIRETLS may only be sent over an "
				     "encrypted connection (RFC 8689 §4.1)"));
	if (o->requiretls && !caps_has(caps, "REQUIRETLS"))
		return refuse(out, _("--requiretls was asked for, but the server does not offer "
				     "REQUIRETLS (RFC 8689)"));
	if (o->prdr && !caps_has(caps, "PRDR"))
		return refuse(out, _("--prdr was asked for, but the server does not offer "
				     "PRDR"));

	if (o->msg_size >= 0 && caps->has_size)
		buf_printf(out, " SIZE=%" PRId64, o->msg_size);
	if (binary)
		buf_adds(out, " BODY=BINARYMIME");
	else if (o->msg_8bit)
		buf_adds(out, " BODY=8BITMIME");
	if (utf8) {
		buf_adds(out, " SMTPUTF8");
		if (ua && notes)
			buf_printf(notes, _("SMTPUTF8: the address %s is not ASCII, and the server "
					    "offers SMTPUTF8 (RFC 6531)\n"), ua);
	}
	if (o->dsn_ret)
		buf_printf(out, " RET=%s", o->dsn_ret);
	if (o->envid) {
		buf_adds(out, " ENVID=");
		run_xtext(out, o->envid);
	}
	if (o->requiretls)
		buf_adds(out, " REQUIRETLS");
	if (o->prdr)
		buf_adds(out, " PRDR");
	add_raw_params(out, notes, caps, o->mail_params, o->nmail_params);
	return 0;
}

void run_rcpt_params(struct buf *out, const struct run_opts *o, const struct smtp_caps *caps,
		     const char *addr, bool utf8)
{
	if (o->dsn_notify)
		buf_printf(out, " NOTIFY=%s", o->dsn_notify);
	if (o->orcpt) {
		buf_adds(out, " ORCPT=");
		run_orcpt(out, addr, utf8 && run_addr_utf8(addr));
	}
	add_raw_params(out, NULL, caps, o->rcpt_params, o->nrcpt_params);
}

void run_limits_parse(struct run_limits *l, const struct smtp_reply *ehlo)
{
	l->rcptmax = l->mailmax = 0;
	for (size_t k = 1; ehlo && k < ehlo->nlines; k++) {
		size_t n;
		const char *t = reply_line_text(&ehlo->lines[k], &n);
		if (n < 6 || strncasecmp(t, "LIMITS", 6) || (n > 6 && t[6] != ' '))
			continue;
		/* LIMITS RCPTMAX=n MAILMAX=n ... (RFC 9422 §3) */
		for (size_t i = 6; i < n;) {
			while (i < n && t[i] == ' ')
				i++;
			size_t w = i;
			while (i < n && t[i] != ' ')
				i++;
			size_t *dst = NULL;
			size_t kl = 0;
			if (i - w > 8 && !strncasecmp(t + w, "RCPTMAX=", 8))
				dst = &l->rcptmax, kl = 8;
			else if (i - w > 8 && !strncasecmp(t + w, "MAILMAX=", 8))
				dst = &l->mailmax, kl = 8;
			if (!dst)
				continue;
			size_t v = 0;
			bool ok = true;
			for (size_t j = w + kl; j < i; j++) {
				if (!isdigit((unsigned char)t[j]) || v > 100000000) {
					ok = false;
					break;
				}
				v = v * 10 + (size_t)(t[j] - '0');
			}
			if (ok)
				*dst = v;
		}
	}
}
