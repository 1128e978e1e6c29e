/* The verdict of the relay test, its reasons and caveats, in words. */
#include "smtpdbg/relay_report.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/jsonl.h"
#include "smtpdbg/xmalloc.h"

struct tally {
	size_t n[RELAY_NO_ANSWER + 1];
	size_t ambiguous; /* ambiguous tricks accepted */
};

static struct tally count(const struct relay_plan *p)
{
	struct tally t = {{0}, 0};
	for (size_t i = 0; i < relay_plan_ntries(p); i++) {
		const struct relay_try *r = relay_plan_try(p, i);
		t.n[r->outcome]++;
		if (r->outcome == RELAY_ACCEPTED && relay_trick_ambiguous(r->trick))
			t.ambiguous++;
	}
	return t;
}

static void line(struct buf *out, const char *text)
{
	buf_adds(out, text);
	buf_addc(out, '\n');
}

void relay_report_why(struct buf *out, const struct relay_plan *p)
{
	size_t total = relay_plan_ntries(p);
	struct tally t = count(p);
	const char *reason = relay_plan_reason(p);
	if (!relay_plan_tested(p)) {
		buf_printf(out, _("no try was made: the %s stage failed: %s\n"),
			   run_stage_name(relay_plan_stage(p)), reason ? reason : "?");
		return;
	}
	if (relay_plan_verdict(p) == RELAY_V_OPEN) {
		for (size_t i = 0; i < total; i++) {
			const struct relay_try *r = relay_plan_try(p, i);
			if (r->outcome == RELAY_ACCEPTED)
				buf_printf(out, _("try %zu (%s) was accepted%s: %s\n"), i + 1,
					   relay_trick_text(r->trick),
					   r->dot_code ? _(" with its message") : _(" at RCPT"), r->text);
		}
		return;
	}
	if (relay_plan_verdict(p) == RELAY_V_NOT_OPEN) {
		buf_printf(out, P_("the %zu try was refused with a permanent error (5xx)\n",
				   "all %zu tries were refused with a permanent error (5xx)\n", total),
			   total);
		if (t.n[RELAY_SENDER_REFUSED])
			buf_printf(out, P_("%zu of them at MAIL already: the server refuses that sender "
					   "outright\n",
					   "%zu of them at MAIL already: the server refuses that sender "
					   "outright\n", t.n[RELAY_SENDER_REFUSED]),
				   t.n[RELAY_SENDER_REFUSED]);
		return;
	}
	if (t.ambiguous) {
		buf_adds(out, _("only address tricks were accepted, no plainly foreign recipient:"));
		for (size_t i = 0; i < total; i++) {
			const struct relay_try *r = relay_plan_try(p, i);
			if (r->outcome == RELAY_ACCEPTED)
				buf_printf(out, " %zu (%s)", i + 1, relay_trick_text(r->trick));
		}
		line(out, _(". A server may take such an address for a mailbox of its own "
			    "(not relaying) or rewrite it and relay (an open relay): only a "
			    "message arriving at the foreign address tells (--data with --to an "
			    "address you control)"));
	}
	if (t.n[RELAY_REFUSED])
		buf_printf(out, P_("%zu try was refused (5xx)\n", "%zu tries were refused (5xx)\n",
				   t.n[RELAY_REFUSED]),
			   t.n[RELAY_REFUSED]);
	if (!t.n[RELAY_REFUSED] && t.n[RELAY_SENDER_REFUSED] == total)
		line(out, _("every MAIL FROM was refused: no recipient was tried"));
	else if (t.n[RELAY_SENDER_REFUSED])
		buf_printf(out, P_("%zu try had its sender refused at MAIL (5xx)\n",
				   "%zu tries had their sender refused at MAIL (5xx)\n",
				   t.n[RELAY_SENDER_REFUSED]),
			   t.n[RELAY_SENDER_REFUSED]);
	if (t.n[RELAY_DEFERRED] + t.n[RELAY_SENDER_DEFERRED])
		buf_printf(out, P_("%zu try was deferred with a temporary error (4xx)\n",
				   "%zu tries were deferred with a temporary error (4xx)\n",
				   t.n[RELAY_DEFERRED] + t.n[RELAY_SENDER_DEFERRED]),
			   t.n[RELAY_DEFERRED] + t.n[RELAY_SENDER_DEFERRED]);
	if (t.n[RELAY_NO_ANSWER])
		buf_printf(out, P_("%zu try got no usable answer\n", "%zu tries got no usable answer\n",
				   t.n[RELAY_NO_ANSWER]),
			   t.n[RELAY_NO_ANSWER]);
	if (t.n[RELAY_NOT_RUN])
		buf_printf(out, P_("%zu of %zu tries was not made: %s\n", "%zu of %zu tries were not made: %s\n",
				   t.n[RELAY_NOT_RUN]),
			   t.n[RELAY_NOT_RUN], total,
			   reason ? reason : _("the session ended"));
}

void relay_report_caveats(struct buf *out, const struct relay_plan *p)
{
	struct tally t = count(p);
	bool accepted = t.n[RELAY_ACCEPTED] > 0;
	bool data = false;
	for (size_t i = 0; i < relay_plan_ntries(p); i++)
		data |= relay_plan_try(p, i)->dot_code != 0;
	if (accepted && !data) {
		line(out, _("accept-then-bounce: a 250 to RCPT is a promise to try, not a delivery; "
			    "the server may still bounce the message later. Only DATA and the "
			    "message arriving in a foreign mailbox prove relaying (--data with --to "
			    "an address you control)."));
		line(out, _("recipient checks deferred to DATA: some servers accept every RCPT and "
			    "refuse at the end of DATA; this test quit before DATA."));
	}
	if (accepted && data)
		line(out, _("accepted for delivery is not delivered: look for the message in the "
			    "recipient's mailbox (its Subject names the try); it may still bounce."));
	if (relay_plan_peer_local(p) && relay_plan_verdict(p) == RELAY_V_NOT_OPEN)
		line(out, _("tested from inside: the server was reached at a loopback or private "
			    "address, where servers trust clients most (Postfix mynetworks, Exim "
			    "relay_from_hosts); refused even here, strangers reaching the same "
			    "service are refused too."));
	else if (relay_plan_peer_local(p))
		line(out, _("tested from inside: the server was reached at a loopback or private "
			    "address, so it may trust this client (Postfix mynetworks, Exim "
			    "relay_from_hosts) and relay for it but not for strangers. Test from "
			    "outside for a verdict about the Internet."));
	if (t.n[RELAY_DEFERRED] + t.n[RELAY_SENDER_DEFERRED])
		line(out, _("greylisting: a 4xx is a temporary refusal, often greylisting (unknown "
			    "senders are asked to come back later). Run the test again in a few "
			    "minutes."));
}

static void code(struct buf *out, int c)
{
	if (c)
		buf_printf(out, "  %3d", c);
	else
		buf_adds(out, "    -");
}

/* Each line of text indented by prefix. */
static void indented(struct buf *out, const char *prefix, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		buf_printf(out, "%s%.*s\n", prefix, (int)n, text);
		text += n + (nl != NULL);
	}
}

void relay_report_text(struct buf *out, const struct relay_plan *p)
{
	size_t n = relay_plan_ntries(p);
	bool data = false;
	for (size_t i = 0; i < n; i++)
		data |= relay_plan_try(p, i)->data_code != 0;
	if (n) {
		buf_printf(out, P_("\nrelay test: %zu try, server domain %s\n",
				   "\nrelay test: %zu tries, server domain %s\n", n),
			   n, relay_plan_domain(p));
		if (relay_plan_mx_host(p))
			buf_printf(out, _("  tested the MX host %s\n"), relay_plan_mx_host(p));
		buf_printf(out, "%s%s  %-16s %s\n", _("  try MAIL RCPT"), data ? _(" DATA    .") : "",
			   _("result"), _("trick: sender -> recipient"));
	}
	for (size_t i = 0; i < n; i++) {
		const struct relay_try *r = relay_plan_try(p, i);
		buf_printf(out, "  %3zu", i + 1);
		code(out, r->mail_code);
		code(out, r->rcpt_code);
		if (data) {
			code(out, r->data_code);
			code(out, r->dot_code);
		}
		buf_printf(out, "  %-16s %s: <%s> -> <%s>\n", relay_outcome_text(r->outcome),
			   relay_trick_text(r->trick), r->from, r->to);
	}
	/* The fixed line scripts match stays English; in another language a
	 * sentence in it follows. */
	buf_printf(out, "verdict: %s\n", relay_verdict_name(relay_plan_verdict(p)));
	if (strcmp(i18n_lang(), "en"))
		buf_printf(out, "  %s\n", relay_verdict_text(relay_plan_verdict(p)));
	struct buf b;
	buf_init(&b, 0);
	relay_report_why(&b, p);
	indented(out, "  ", b.data ? b.data : "");
	buf_reset(&b);
	relay_report_caveats(&b, p);
	if (b.len) {
		line(out, _("caveats:"));
		indented(out, "  - ", b.data);
	}
	buf_free(&b);
}

/* "key":["line", ...] from newline-separated text. */
static void json_lines(struct buf *out, const char *key, const char *text)
{
	buf_printf(out, ",\"%s\":[", key);
	bool first = true;
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		char *one = xstrndup(text, n);
		if (!first)
			buf_addc(out, ',');
		jsonl_string(out, one);
		free(one);
		first = false;
		text += n + (nl != NULL);
	}
	buf_addc(out, ']');
}

static void json_field(struct buf *out, const char *key, const char *s)
{
	buf_printf(out, ",\"%s\":", key);
	jsonl_string(out, s ? s : "");
}

void relay_report_json(struct buf *out, const struct relay_plan *p, int64_t t_ms)
{
	enum relay_verdict v = relay_plan_verdict(p);
	buf_printf(out, "{\"t\":%lld,\"type\":\"verdict\"", (long long)t_ms);
	json_field(out, "verdict", relay_verdict_name(v));
	buf_printf(out, ",\"exit\":%d,\"tested\":%s,\"peer_local\":%s", relay_plan_exit(p),
		   relay_plan_tested(p) ? "true" : "false", relay_plan_peer_local(p) ? "true" : "false");
	json_field(out, "domain", relay_plan_domain(p));
	if (relay_plan_mx_host(p))
		json_field(out, "mx_host", relay_plan_mx_host(p));
	buf_adds(out, ",\"tries\":[");
	for (size_t i = 0; i < relay_plan_ntries(p); i++) {
		const struct relay_try *r = relay_plan_try(p, i);
		buf_printf(out, "%s{\"n\":%zu", i ? "," : "", i + 1);
		json_field(out, "trick", relay_trick_key(r->trick));
		json_field(out, "label", relay_trick_label(r->trick));
		json_field(out, "from", r->from);
		json_field(out, "to", r->to);
		json_field(out, "result", relay_outcome_name(r->outcome));
		buf_printf(out, ",\"mail\":%d,\"rcpt\":%d,\"data\":%d,\"dot\":%d", r->mail_code,
			   r->rcpt_code, r->data_code, r->dot_code);
		json_field(out, "reply", r->text);
		json_field(out, "meaning", r->meaning);
		buf_addc(out, '}');
	}
	buf_addc(out, ']');
	struct buf b;
	buf_init(&b, 0);
	relay_report_why(&b, p);
	json_lines(out, "why", b.data);
	buf_reset(&b);
	relay_report_caveats(&b, p);
	json_lines(out, "caveats", b.data);
	buf_free(&b);
	buf_adds(out, "}\n");
}
