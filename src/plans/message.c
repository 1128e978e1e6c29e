/* The message `smtpdbg run` sends, checked and made before anything is
 * sent: the generated header (fields replaced and added as asked), the
 * text, and each attachment opened and sized, as a list of segments that
 * message_stream.c reads out: short texts made here (header, part headers,
 * boundaries, the text) and files encoded to Base64 as they are read. */
#define _GNU_SOURCE
#include "message_impl.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/msg_header.h"
#include "smtpdbg/xmalloc.h"

void message_add_seg(struct message *m, struct seg s)
{
	m->segs = xrealloc(m->segs, (m->nsegs + 1) * sizeof *m->segs);
	m->segs[m->nsegs++] = s;
}

void message_add_text(struct message *m, struct buf *b)
{
	size_t len = b->len;
	m->size += len;
	message_add_seg(m, (struct seg){.kind = SEG_TEXT, .len = len, .text = buf_steal(b), .fd = -1});
}

void message_fail_file(struct buf *why, const char *opt, const char *path, const char *err)
{
	char *safe = esc_str(path, strlen(path), esc_flags_for_locale());
	buf_printf(why, "%s %s: %s", opt, safe, err);
	free(safe);
}

/* ---- the generated message ----------------------------------------------- */

struct field {
	char *name, *value;
};

struct fields {
	struct field *v;
	size_t n;
};

static void field_set(struct fields *f, const char *name, size_t nlen, const char *value,
		      bool replace)
{
	if (replace)
		for (size_t i = 0; i < f->n; i++)
			if (strlen(f->v[i].name) == nlen && !strncasecmp(f->v[i].name, name, nlen)) {
				memcpy(f->v[i].name, name, nlen); /* spelt as the user did */
				free(f->v[i].value);
				f->v[i].value = xstrdup(value);
				return;
			}
	f->v = xrealloc(f->v, (f->n + 1) * sizeof *f->v);
	f->v[f->n].name = xstrndup(name, nlen);
	f->v[f->n].value = xstrdup(value);
	f->n++;
}

static void fields_free(struct fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
}

/* RFC 5322 §3.3, in English whatever the locale. */
static void rfc5322_date(time_t t, char *out, size_t size)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	localtime_r(&t, &tm);
	long off = tm.tm_gmtoff / 60;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday % 7],
		 tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, sign, off / 60, off % 60);
}

static void random_token(char *out, size_t size)
{
	unsigned char r[12];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		unsigned long x = (unsigned long)time(NULL) ^ (unsigned long)getpid() << 16;
		for (size_t i = 0; i < sizeof r; i++, x = x * 6364136223846793005UL + 1)
			r[i] = (unsigned char)(x >> 33);
	}
	size_t o = 0;
	for (size_t i = 0; i < sizeof r && o + 2 < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%02x", r[i]);
}

/* The domain of an address, if it is plain ASCII; else NULL. */
static const char *ascii_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	if (!at || !at[1])
		return NULL;
	for (const char *p = at + 1; *p; p++)
		if ((unsigned char)*p > 127 || !(isalnum((unsigned char)*p) || *p == '.' || *p == '-'))
			return NULL;
	return at + 1;
}

/* The text part: CRLF lines, no line over 998 characters. */
static int make_text(const char *body, struct buf *out, bool *eight, struct buf *why)
{
	struct msg_norm s;
	msg_norm_init(&s);
	s.in_header = false; /* all of it is body */
	size_t n = strlen(body);
	char *tmp = xmalloc(2 * n + 2);
	size_t w = msg_norm_feed(&s, body, n, tmp);
	w += msg_norm_end(&s, tmp + w);
	size_t line = 0;
	for (size_t i = 0; i < w; i++) {
		line = tmp[i] == '\r' ? 0 : line + 1;
		if (line > TEXT_LINE_MAX) {
			free(tmp);
			buf_printf(why, _("--body: a line is longer than %d characters (RFC 5322 "
					  "§2.1.1)"),
				   TEXT_LINE_MAX);
			return -1;
		}
	}
	buf_add(out, tmp, w);
	free(tmp);
	*eight = s.body_8bit;
	return 0;
}

static int open_part(struct message *m, const char *path, enum message_part_kind kind,
		     struct buf *why)
{
	const char *opt = kind == MESSAGE_INLINE ? "--attach-inline" : "--attach";
	if (m->nparts > MESSAGE_PARTS_MAX) {
		buf_printf(why, _("%s: at most %d files"), opt, MESSAGE_PARTS_MAX);
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		message_fail_file(why, opt, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		message_fail_file(why, opt, path, _("not a regular file"));
		close(fd);
		return -1;
	}
	const char *base = strrchr(path, '/');
	base = base && base[1] ? base + 1 : path;
	struct message_part *p = &m->parts[m->nparts++];
	*p = (struct message_part){.kind = kind, .name = xstrdup(base),
				   .type = msg_type_for_name(base), .size = (uint64_t)st.st_size,
				   .sent = msg_b64_size((uint64_t)st.st_size)};
	/* The name goes into the header: the same checks as a field value. */
	const char *bad = msg_value_check(p->name);
	if (bad) {
		message_fail_file(why, opt, path, _(bad));
		close(fd);
		return -1;
	}
	message_add_seg(m, (struct seg){.kind = SEG_B64, .fd = fd, .in = p->sent ? p->size : 0});
	return 0;
}

/* One --header or --add-header argument into the fields. */
static int apply_header(struct fields *f, const char *opt, const char *arg, bool replace,
			bool multipart, struct buf *why)
{
	size_t nlen;
	const char *value, *bad;
	if (msg_field_split(arg, &nlen, &value, &bad) < 0) {
		char *safe = esc_str(arg, strlen(arg), esc_flags_for_locale());
		buf_printf(why, "%s '%s': %s", opt, safe, _(bad));
		free(safe);
		return -1;
	}
	if (multipart && ((nlen == 12 && !strncasecmp(arg, "Content-Type", 12)) ||
			  (nlen == 25 && !strncasecmp(arg, "Content-Transfer-Encoding", 25)))) {
		buf_printf(why, _("%s %.*s: with attachments the message's Content-Type is "
				  "multipart/mixed with its own boundary"),
			   opt, (int)nlen, arg);
		return -1;
	}
	field_set(f, arg, nlen, value, replace);
	return 0;
}

static int make_message(struct message *m, const struct message_spec *sp, struct buf *why)
{
	bool multipart = sp->nattach || sp->nattach_inline;
	time_t now = sp->now ? sp->now : time(NULL);
	char date[64], token[40], host[256] = "";
	rfc5322_date(now, date, sizeof date);
	if (sp->token)
		snprintf(token, sizeof token, "%s", sp->token);
	else
		random_token(token, sizeof token);
	gethostname(host, sizeof host - 1);

	/* The text first: what the default says, or --body. */
	struct buf text, b;
	buf_init(&text, 0);
	buf_init(&b, 0);
	bool eight = false;
	if (sp->body) {
		if (make_text(sp->body, &text, &eight, why) < 0)
			goto fail;
	} else {
		buf_printf(&text,
			   "This is a test message sent by smtpdbg %s (smtpdbg run)\r\n"
			   "from %s at %s.\r\n"
			   "\r\n"
			   "It needs no answer and can be deleted.\r\n",
			   SMTPDBG_VERSION, *host ? host : "localhost", date);
	}
	m->need_8bit = eight;

	struct fields f = {0};
	field_set(&f, "Date", 4, date, false);
	buf_printf(&b, "<%s>", sp->from ? sp->from : "");
	field_set(&f, "From", 4, b.data, false);
	buf_reset(&b);
	for (size_t i = 0; i < sp->nto; i++)
		buf_printf(&b, "%s<%s>", i ? ", " : "", sp->to[i]);
	if (sp->nto)
		field_set(&f, "To", 2, b.data, false);
	buf_reset(&b);
	if (sp->subject) {
		const char *bad = msg_value_check(sp->subject);
		if (bad) {
			buf_printf(why, "--subject: %s", _(bad));
			fields_free(&f);
			goto fail;
		}
		field_set(&f, "Subject", 7, sp->subject, false);
	} else {
		buf_printf(&b, "smtpdbg test message %s", date);
		field_set(&f, "Subject", 7, b.data, false);
		buf_reset(&b);
	}
	const char *dom = ascii_domain(sp->from);
	buf_printf(&b, "<%lld.%s@%s>", (long long)now, token, dom ? dom : "smtpdbg.invalid");
	field_set(&f, "Message-ID", 10, b.data, false);
	buf_reset(&b);
	field_set(&f, "MIME-Version", 12, "1.0", false);
	char boundary[64];
	snprintf(boundary, sizeof boundary, "=_smtpdbg_%s", token);
	if (multipart) {
		buf_printf(&b, "multipart/mixed; boundary=\"%s\"", boundary);
		field_set(&f, "Content-Type", 12, b.data, false);
		buf_reset(&b);
	} else {
		field_set(&f, "Content-Type", 12,
			  eight ? "text/plain; charset=UTF-8" : "text/plain; charset=us-ascii", false);
		field_set(&f, "Content-Transfer-Encoding", 25, eight ? "8bit" : "7bit", false);
	}
	for (size_t i = 0; i < sp->nheaders; i++)
		if (apply_header(&f, "--header", sp->headers[i], true, multipart, why) < 0) {
			fields_free(&f);
			goto fail;
		}
	for (size_t i = 0; i < sp->nadd_headers; i++)
		if (apply_header(&f, "--add-header", sp->add_headers[i], false, multipart, why) < 0) {
			fields_free(&f);
			goto fail;
		}
	for (size_t i = 0; i < f.n; i++) {
		const char *bad;
		if (msg_field_write(&b, f.v[i].name, strlen(f.v[i].name), f.v[i].value,
				    &m->need_utf8, &bad) < 0) {
			char *safe = esc_str(f.v[i].value, strlen(f.v[i].value), esc_flags_for_locale());
			buf_printf(why, "%s: %s: %s", f.v[i].name, safe, _(bad));
			free(safe);
			fields_free(&f);
			goto fail;
		}
	}
	fields_free(&f);
	buf_add(&b, "\r\n", 2);

	struct message_part *tp = &m->parts[m->nparts++];
	*tp = (struct message_part){.kind = MESSAGE_TEXT, .type = "text/plain",
				    .size = text.len, .sent = text.len};
	if (!multipart) {
		buf_add(&b, text.data, text.len);
		message_add_text(m, &b);
		buf_free(&text);
		return 0;
	}
	buf_printf(&b, "This is a message in MIME format: a text and %zu file(s).\r\n"
		       "\r\n--%s\r\n"
		       "Content-Type: text/plain; charset=%s\r\n"
		       "Content-Transfer-Encoding: %s\r\n\r\n",
		   sp->nattach + sp->nattach_inline, boundary, eight ? "UTF-8" : "us-ascii",
		   eight ? "8bit" : "7bit");
	/* The text keeps its last line break: one more CRLF before the
	 * boundary, which takes the CRLF in front of it (RFC 2046 §5.1.1). */
	buf_add(&b, text.data, text.len);
	buf_add(&b, "\r\n", 2);
	buf_free(&text);
	/* Inline parts first, shown with the text; then the attachments. */
	for (int pass = 0; pass < 2; pass++) {
		const char *const *files = pass ? sp->attach : sp->attach_inline;
		size_t nfiles = pass ? sp->nattach : sp->nattach_inline;
		for (size_t i = 0; i < nfiles; i++) {
			enum message_part_kind kind = pass ? MESSAGE_ATTACH : MESSAGE_INLINE;
			buf_printf(&b, "--%s\r\n", boundary);
			message_add_text(m, &b);
			buf_init(&b, 0);
			if (open_part(m, files[i], kind, why) < 0)
				goto fail;
			const struct message_part *p = &m->parts[m->nparts - 1];
			struct seg *enc = &m->segs[m->nsegs - 1];
			buf_printf(&b, "Content-Type: %s", p->type);
			msg_param_write(&b, "name", p->name);
			buf_printf(&b, "\r\nContent-Disposition: %s",
				   kind == MESSAGE_INLINE ? "inline" : "attachment");
			msg_param_write(&b, "filename", p->name);
			buf_adds(&b, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
			/* The header goes before the Base64 segment just added. */
			struct seg file = *enc;
			m->nsegs--;
			message_add_text(m, &b);
			buf_init(&b, 0);
			message_add_seg(m, file);
			m->size += p->sent;
		}
	}
	buf_printf(&b, "--%s--\r\n", boundary);
	message_add_text(m, &b);
	return 0;
fail:
	buf_free(&text);
	buf_free(&b);
	return -1;
}

struct message *message_new(const struct message_spec *sp, struct buf *why)
{
	struct message *m = xcalloc(1, sizeof *m);
	int rc;
	if (sp->body_file)
		rc = message_open_file(m, sp->body_file, why);
	else
		rc = make_message(m, sp, why);
	if (rc < 0) {
		message_free(m);
		return NULL;
	}
	return m;
}

void message_free(struct message *m)
{
	if (!m)
		return;
	if (m->stream)
		fclose(m->stream);
	for (size_t i = 0; i < m->nsegs; i++) {
		free(m->segs[i].text);
		if (m->segs[i].kind != SEG_TEXT && m->segs[i].fd >= 0)
			close(m->segs[i].fd);
	}
	free(m->segs);
	for (size_t i = 0; i < m->nparts; i++)
		free(m->parts[i].name);
	free(m->stage);
	free(m->in);
	free(m);
}

uint64_t message_size(const struct message *m)
{
	return m->size;
}

bool message_8bit(const struct message *m)
{
	return m->need_8bit;
}

bool message_utf8(const struct message *m)
{
	return m->need_utf8;
}

bool message_is_file(const struct message *m)
{
	return m->is_file;
}

bool message_normalised(const struct message *m)
{
	return m->normalised;
}

size_t message_nparts(const struct message *m)
{
	return m->nparts;
}

const struct message_part *message_part(const struct message *m, size_t i)
{
	return i < m->nparts ? &m->parts[i] : NULL;
}

void message_describe(const struct message *m, struct buf *out)
{
	if (m->is_file) {
		buf_printf(out, P_("message: %llu byte as sent", "message: %llu bytes as sent",
				   m->size),
			   (unsigned long long)m->size);
		if (m->normalised)
			buf_printf(out, "; %s", _("line ends made CRLF"));
		buf_addc(out, '\n');
		return;
	}
	buf_printf(out, P_("message: %llu byte as sent", "message: %llu bytes as sent", m->size),
		   (unsigned long long)m->size);
	buf_addc(out, '\n');
	for (size_t i = 0; i < m->nparts; i++) {
		const struct message_part *p = &m->parts[i];
		char *safe = p->name ? esc_str(p->name, strlen(p->name), esc_flags_for_locale()) : NULL;
		if (p->kind == MESSAGE_TEXT)
			buf_printf(out, P_("text: %s, %llu byte", "text: %s, %llu bytes", p->size),
				   p->type, (unsigned long long)p->size);
		else
			buf_printf(out,
				   P_("%s %s: %s, %llu byte (%llu as Base64)",
				      "%s %s: %s, %llu bytes (%llu as Base64)", p->size),
				   p->kind == MESSAGE_INLINE ? _("inline part") : _("attachment"), safe,
				   p->type, (unsigned long long)p->size, (unsigned long long)p->sent);
		buf_addc(out, '\n');
		free(safe);
	}
}
