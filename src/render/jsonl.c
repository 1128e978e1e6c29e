#include "smtpdbg/jsonl.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/smtp_state.h"
#include "smtpdbg/xmalloc.h"

void jsonl_string(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(out, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\u%04x", *p);
		else
			buf_addc(out, (char)*p);
	}
	buf_addc(out, '"');
}

/* "key":"escaped bytes" */
static void field_bytes(struct buf *b, const char *key, const void *p, size_t n, unsigned esc)
{
	char *s = esc_str(p, n, esc);
	buf_printf(b, ",\"%s\":", key);
	jsonl_string(b, s);
	free(s);
}

static void field_str(struct buf *b, const char *key, const char *s)
{
	buf_printf(b, ",\"%s\":", key);
	jsonl_string(b, s);
}

static void emit(FILE *f, struct buf *b)
{
	buf_adds(b, "}\n");
	fwrite(b->data, 1, b->len, f);
	buf_free(b);
}

static const char *type_name(enum smtp_ev_type t)
{
	switch (t) {
	case SMTP_EV_REPLY: return "reply";
	case SMTP_EV_SENT: return "sent";
	case SMTP_EV_STATE: return "state";
	case SMTP_EV_CAPS: return "caps";
	case SMTP_EV_NEED_TLS: return "tls";
	case SMTP_EV_AUTH_STEP: return "auth";
	case SMTP_EV_VIOLATION: return "violation";
	case SMTP_EV_CLOSED: return "closed";
	}
	return "event";
}

static void sent_fields(struct buf *b, const struct narrate_opts *o, const struct smtp_event *ev)
{
	bool masked = (ev->flags & SMTP_F_SECRET) && !o->show_secrets;
	buf_adds(b, ",\"dir\":\"C\"");
	if (masked) {
		field_str(b, "line", "********");
		buf_adds(b, ",\"secret\":true");
		return;
	}
	field_bytes(b, "line", ev->data, ev->len, o->esc_flags);
	if (ev->flags & SMTP_F_SASL) {
		uint8_t *dec;
		size_t n;
		if (b64_decode((const char *)ev->data, ev->len, &dec, &n, NULL, NULL) == 0) {
			field_bytes(b, "decoded", dec, n, o->esc_flags);
			wipe(dec, n);
			free(dec);
		}
	} else if (o->explain && !(ev->flags & SMTP_F_BODY)) {
		struct buf e;
		buf_init(&e, 0);
		explain_command(&e, (const char *)ev->data, ev->len);
		if (e.len)
			field_str(b, "explanation", e.data);
		buf_free(&e);
	}
}

void jsonl_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev,
		 int64_t t_ms)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "{\"t\":%lld,\"type\":\"%s\"", (long long)t_ms, type_name(ev->type));
	switch (ev->type) {
	case SMTP_EV_REPLY: {
		const struct smtp_reply *r = ev->reply;
		buf_printf(&b, ",\"dir\":\"S\",\"code\":%d", r->code);
		if (ev->answers)
			field_str(&b, "answers", ev->answers);
		buf_adds(&b, ",\"lines\":[");
		for (size_t i = 0; i < r->nlines; i++) {
			char *s = esc_str(r->lines[i].raw, r->lines[i].len, o->esc_flags);
			if (i)
				buf_addc(&b, ',');
			jsonl_string(&b, s);
			free(s);
		}
		buf_addc(&b, ']');
		if (r->nlines_total > r->nlines)
			buf_printf(&b, ",\"lines_dropped\":%zu", r->nlines_total - r->nlines);
		if (o->explain) {
			struct buf e;
			buf_init(&e, 0);
			explain_reply(&e, r, ev->answers);
			field_str(&b, "explanation", e.data ? e.data : "");
			buf_free(&e);
		}
		break;
	}
	case SMTP_EV_SENT:
		sent_fields(&b, o, ev);
		break;
	case SMTP_EV_STATE:
		field_str(&b, "from", smtp_state_name(ev->from));
		field_str(&b, "to", smtp_state_name(ev->to));
		break;
	case SMTP_EV_AUTH_STEP:
		if (ev->data)
			field_bytes(&b, "decoded", ev->data, ev->len, o->esc_flags);
		if (ev->text && o->auth_maths)
			field_str(&b, "text", ev->text);
		break;
	case SMTP_EV_VIOLATION:
		field_str(&b, "by", ev->flags & SMTP_F_SERVER ? "server" : "client");
		field_str(&b, "text", ev->text);
		break;
	case SMTP_EV_CLOSED:
		field_str(&b, "text", ev->text);
		break;
	case SMTP_EV_CAPS:
	case SMTP_EV_NEED_TLS:
		break;
	}
	emit(f, &b);
}

void jsonl_note(FILE *f, const char *type, const char *text, int64_t t_ms)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "{\"t\":%lld,\"type\":", (long long)t_ms);
	jsonl_string(&b, type);
	field_str(&b, "text", text);
	emit(f, &b);
}
