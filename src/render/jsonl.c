/* The JSON Lines face: the annotated line as one object per event, the
 * explanation as structured items (docs/json-lines.md). */
#include "smtpdbg/jsonl.h"
#include "smtpdbg/message.h"

#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/caps.h"
#include "smtpdbg/dane.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
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

static void field_str(struct buf *b, const char *key, const char *s)
{
	buf_printf(b, ",\"%s\":", key);
	jsonl_string(b, s);
}

static void start(struct buf *b, const char *type, int64_t t_ms)
{
	buf_printf(b, "{\"t\":%lld,\"type\":", (long long)t_ms);
	jsonl_string(b, type);
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
	case SMTP_EV_NEED_TLS: return "starttls";
	case SMTP_EV_AUTH_STEP: return "auth";
	case SMTP_EV_VIOLATION: return "violation";
	case SMTP_EV_CLOSED: return "closed";
	}
	return "event";
}

/* "items":[{"kind":"meaning","depth":0,"text":"...","ref":"RFC ..."}, ...]
 * and the same as one text, "explanation". */
static void items(struct buf *b, const struct annot_items *a)
{
	if (!a->n)
		return;
	buf_adds(b, ",\"items\":[");
	for (size_t i = 0; i < a->n; i++) {
		const struct annot_item *it = &a->v[i];
		buf_printf(b, "%s{\"kind\":\"%s\",\"depth\":%u,\"text\":", i ? "," : "",
			   annot_kind_name(it->kind), it->depth);
		jsonl_string(b, it->text);
		if (it->ref)
			field_str(b, "ref", it->ref);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
	struct buf t;
	buf_init(&t, 0);
	annot_items_text(a, &t);
	field_str(b, "explanation", t.data ? t.data : "");
	buf_free(&t);
}

/* raw: the strings came from the network unescaped (capabilities). */
static void strings(struct buf *b, const char *key, char *const *v, size_t n, bool raw)
{
	buf_printf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		char *s = raw ? esc_str(v[i], strlen(v[i]), 0) : NULL;
		jsonl_string(b, s ? s : v[i]);
		free(s);
	}
	buf_addc(b, ']');
}

static void caps_fields(struct buf *b, const struct smtp_caps *c)
{
	strings(b, "keywords", c->keywords, c->nkeywords, true);
	strings(b, "auth", c->auth, c->nauth, true);
	buf_printf(b, ",\"starttls\":%s", c->starttls ? "true" : "false");
	if (c->has_size)
		buf_printf(b, ",\"size\":%llu", c->size);
	if (c->nsuspicious)
		buf_printf(b, ",\"suspicious_lines\":%zu", c->nsuspicious);
}

/* "diagnosis":{"id":...,"confidence":...,"title":...,"checked":...,
 * "cause":...,"next":[...],"note":...,"source":...}: id, confidence and
 * source for scripts, the texts in the user's language. */
void jsonl_diagnosis(struct buf *b, const struct diag_result *d)
{
	if (!d || !d->kind)
		return;
	buf_adds(b, ",\"diagnosis\":{");
	buf_adds(b, "\"id\":");
	jsonl_string(b, d->kind->id);
	buf_adds(b, ",\"confidence\":");
	jsonl_string(b, diag_conf_name(d->conf));
	field_str(b, "title", _(d->kind->title));
	field_str(b, "checked", _(d->kind->checked));
	field_str(b, "cause", _(d->kind->cause));
	buf_adds(b, ",\"next\":[");
	const char *p = _(d->kind->next);
	for (bool first = true; *p; first = false) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *step = xstrndup(p, len);
		if (!first)
			buf_addc(b, ',');
		jsonl_string(b, step);
		free(step);
		if (!nl)
			break;
		p = nl + 1;
	}
	buf_addc(b, ']');
	if (d->rule->note)
		field_str(b, "note", _(d->rule->note));
	field_str(b, "source", d->rule->source);
	buf_addc(b, '}');
}

void jsonl_line(FILE *f, const struct annot_line *l, const struct smtp_event *ev, int64_t t_ms,
		const struct smtp_caps *caps)
{
	struct buf b;
	buf_init(&b, 0);
	start(&b, type_name(l->type), t_ms);
	switch (l->type) {
	case SMTP_EV_REPLY:
		buf_printf(&b, ",\"dir\":\"S\",\"code\":%d", l->code);
		if (l->enh.cls)
			buf_printf(&b, ",\"enhanced\":\"%d.%d.%d\"", l->enh.cls, l->enh.subject,
				   l->enh.detail);
		if (l->answers)
			field_str(&b, "answers", l->answers);
		strings(&b, "lines", l->wire, l->nwire, false);
		if (l->dropped)
			buf_printf(&b, ",\"lines_dropped\":%zu", l->dropped);
		jsonl_diagnosis(&b, &l->diag);
		break;
	case SMTP_EV_SENT:
		buf_adds(&b, ",\"dir\":\"C\"");
		field_str(&b, "line", l->nwire ? l->wire[0] : "");
		if (l->secret)
			buf_adds(&b, ",\"secret\":true");
		break;
	case SMTP_EV_STATE:
		field_str(&b, "from", smtp_state_name(ev->from));
		field_str(&b, "to", smtp_state_name(ev->to));
		break;
	case SMTP_EV_CAPS:
		if (caps)
			caps_fields(&b, caps);
		break;
	case SMTP_EV_AUTH_STEP:
		if (ev->data) {
			char *s = esc_str(ev->data, ev->len, 0);
			field_str(&b, "challenge", s);
			free(s);
		}
		break;
	case SMTP_EV_VIOLATION:
		field_str(&b, "by", ev->flags & SMTP_F_SERVER ? "server" : "client");
		field_str(&b, "text", ev->text);
		break;
	case SMTP_EV_CLOSED:
		field_str(&b, "text", ev->text);
		break;
	case SMTP_EV_NEED_TLS:
		break;
	}
	if (l->decoded)
		field_str(&b, "decoded", l->decoded);
	items(&b, &l->items);
	emit(f, &b);
}

void jsonl_event(FILE *f, const struct narrate_opts *o, const struct smtp_event *ev,
		 int64_t t_ms, const struct smtp_caps *caps)
{
	struct annot_policy p = narrate_policy(o);
	struct annot_line l;
	annot_event(ev, &p, &l);
	if (!o->explain)
		annot_items_free(&l.items);
	jsonl_line(f, &l, ev, t_ms, caps);
	annot_line_free(&l);
}

void jsonl_note(FILE *f, const char *type, const char *text, int64_t t_ms)
{
	struct buf b;
	buf_init(&b, 0);
	start(&b, type, t_ms);
	field_str(&b, "text", text);
	emit(f, &b);
}

void jsonl_result(FILE *f, const char *stage, int exit_code, const char *text, int64_t t_ms)
{
	struct buf b;
	buf_init(&b, 0);
	start(&b, "result", t_ms);
	if (stage)
		field_str(&b, "stage", stage);
	buf_printf(&b, ",\"exit\":%d", exit_code);
	field_str(&b, "text", text);
	emit(f, &b);
}

void jsonl_tls(FILE *f, const struct jsonl_tls_info *t, int64_t t_ms)
{
	struct buf b;
	buf_init(&b, 0);
	start(&b, "tls", t_ms);
	field_str(&b, "version", t->version);
	field_str(&b, "cipher", t->cipher);
	buf_printf(&b, ",\"verified\":%s", t->verified ? "true" : "false");
	if (t->error && *t->error)
		field_str(&b, "error", t->error);
	field_str(&b, "text", t->text);
	if (t->dane_outcome)
		jsonl_dane(&b, t->dane, t->dane_outcome);
	emit(f, &b);
}

/* ,"dane":{...}: the lookup, its records and the outcome (docs/json-lines.md). */
void jsonl_dane(struct buf *b, const struct dane_set *s, const struct dane_outcome *o)
{
	static const char *const lookups[] = {"not-asked", "none", "found", "failed"};
	buf_printf(b, ",\"dane\":{\"result\":\"%s\",\"lookup\":\"%s\"",
		   dane_result_key(o->result), lookups[s ? s->status : DANE_L_NOT_ASKED]);
	if (s && s->status != DANE_L_NOT_ASKED) {
		field_str(b, "qname", s->qname);
		buf_printf(b, ",\"validated\":%s", s->validated ? "true" : "false");
		if (s->status == DANE_L_FAILED)
			field_str(b, "error", s->why);
		buf_adds(b, ",\"records\":[");
		for (size_t i = 0; i < s->n; i++) {
			const struct dane_tlsa *r = &s->rec[i];
			buf_printf(b, "%s{\"usage\":%u,\"selector\":%u,\"mtype\":%u,\"data\":\"",
				   i ? "," : "", r->usage, r->selector, r->mtype);
			for (size_t k = 0; k < r->len; k++)
				buf_printf(b, "%02x", r->data[k]);
			buf_printf(b, "\",\"usable\":%s}", r->usable ? "true" : "false");
		}
		buf_addc(b, ']');
	}
	if (o->matched >= 0)
		buf_printf(b, ",\"matched\":{\"record\":%d,\"depth\":%d}", o->matched, o->depth);
	else
		buf_adds(b, ",\"matched\":null");
	field_str(b, "text", dane_result_text(o->result));
	buf_addc(b, '}');
}

/* What run sent after 354, as one object (docs/json-lines.md). */
void jsonl_message(FILE *f, const struct message *m, int64_t t_ms)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "{\"t\":%lld,\"type\":\"message\",\"size\":%llu,\"8bit\":%s,\"utf8\":%s,"
		       "\"file\":%s,\"parts\":[",
		   (long long)t_ms, (unsigned long long)message_size(m), message_8bit(m) ? "true" : "false",
		   message_utf8(m) ? "true" : "false", message_is_file(m) ? "true" : "false");
	for (size_t i = 0; i < message_nparts(m); i++) {
		const struct message_part *p = message_part(m, i);
		static const char *const kinds[] = {"text", "attachment", "inline"};
		buf_printf(&b, "%s{\"kind\":\"%s\",\"type\":", i ? "," : "", kinds[p->kind]);
		jsonl_string(&b, p->type);
		if (p->name) {
			buf_adds(&b, ",\"name\":");
			jsonl_string(&b, p->name);
		}
		buf_printf(&b, ",\"size\":%llu,\"sent\":%llu}", (unsigned long long)p->size,
			   (unsigned long long)p->sent);
	}
	buf_adds(&b, "]}\n");
	fwrite(b.data, 1, b.len, f);
	buf_free(&b);
}
