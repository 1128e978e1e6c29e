/* MIME for the test message: parameters (RFC 2045 quoted strings, RFC 2231
 * for the rest), the content type of a file name, Base64 in 76-character
 * lines (RFC 2045 §6.8) and the line-end normalisation that makes the size
 * of a message known before it is sent. Pure. */
#include "smtpdbg/msg_header.h"

#include <string.h>
#include <strings.h>

/* A quoted file name longer than this goes the RFC 2231 way, in pieces. */
#define PARAM_QUOTED_MAX 60
/* Percent-encoded characters per RFC 2231 piece, so every line stays short. */
#define PARAM_PIECE 48

static bool attr_char(unsigned char c)
{
	/* RFC 2231 §7 attribute-char: a token character but *, ' and %. */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("!#$&+-.^_`|~", c);
}

void msg_param_write(struct buf *out, const char *attr, const char *value)
{
	size_t n = strlen(value);
	bool plain = n <= PARAM_QUOTED_MAX;
	for (size_t i = 0; i < n && plain; i++)
		plain = (unsigned char)value[i] >= 32 && (unsigned char)value[i] < 127;
	if (plain) {
		buf_printf(out, ";\r\n %s=\"", attr);
		for (size_t i = 0; i < n; i++) {
			if (value[i] == '"' || value[i] == '\\')
				buf_addc(out, '\\');
			buf_addc(out, value[i]);
		}
		buf_addc(out, '"');
		return;
	}
	/* Percent-encode, then cut into pieces between escapes. */
	struct buf enc;
	buf_init(&enc, 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];
		if (attr_char(c))
			buf_addc(&enc, (char)c);
		else
			buf_printf(&enc, "%%%02X", c);
	}
	if (enc.len <= PARAM_PIECE) {
		buf_printf(out, ";\r\n %s*=UTF-8''%s", attr, enc.data);
	} else {
		size_t i = 0;
		for (unsigned k = 0; i < enc.len; k++) {
			size_t m = enc.len - i < PARAM_PIECE ? enc.len - i : PARAM_PIECE;
			/* Do not cut "%XX" in two. */
			if (i + m < enc.len) {
				if (enc.data[i + m - 1] == '%')
					m -= 1;
				else if (m >= 2 && enc.data[i + m - 2] == '%')
					m -= 2;
			}
			buf_printf(out, ";\r\n %s*%u*=%s%.*s", attr, k, k ? "" : "UTF-8''", (int)m,
				   enc.data + i);
			i += m;
		}
	}
	buf_free(&enc);
}

const char *msg_type_for_name(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{"txt", "text/plain"},         {"text", "text/plain"},
		{"log", "text/plain"},         {"md", "text/markdown"},
		{"csv", "text/csv"},           {"html", "text/html"},
		{"htm", "text/html"},          {"ics", "text/calendar"},
		{"css", "text/css"},           {"xml", "application/xml"},
		{"json", "application/json"},  {"pdf", "application/pdf"},
		{"zip", "application/zip"},    {"gz", "application/gzip"},
		{"tar", "application/x-tar"},  {"png", "image/png"},
		{"jpg", "image/jpeg"},         {"jpeg", "image/jpeg"},
		{"gif", "image/gif"},          {"webp", "image/webp"},
		{"svg", "image/svg+xml"},      {"mp3", "audio/mpeg"},
		{"wav", "audio/wav"},          {"ogg", "audio/ogg"},
		{"mp4", "video/mp4"},          {"webm", "video/webm"},
		{"doc", "application/msword"}, {"odt", "application/vnd.oasis.opendocument.text"},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	};
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	if (dot && dot != base)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* ---- Base64 in lines ----------------------------------------------------- */

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

uint64_t msg_b64_size(uint64_t n)
{
	uint64_t chars = (n + 2) / 3 * 4;
	return chars + (chars + 75) / 76 * 2;
}

size_t msg_b64_lines(char *out, const void *vin, size_t n)
{
	const unsigned char *in = vin;
	char *o = out;
	while (n > 0) {
		size_t take = n < 57 ? n : 57; /* 57 bytes are one line of 76 */
		size_t i = 0;
		for (; i + 3 <= take; i += 3) {
			unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
			o[0] = alphabet[v >> 18 & 63];
			o[1] = alphabet[v >> 12 & 63];
			o[2] = alphabet[v >> 6 & 63];
			o[3] = alphabet[v & 63];
			o += 4;
		}
		if (take - i == 1) {
			unsigned v = (unsigned)in[i] << 16;
			o[0] = alphabet[v >> 18 & 63];
			o[1] = alphabet[v >> 12 & 63];
			o[2] = o[3] = '=';
			o += 4;
		} else if (take - i == 2) {
			unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
			o[0] = alphabet[v >> 18 & 63];
			o[1] = alphabet[v >> 12 & 63];
			o[2] = alphabet[v >> 6 & 63];
			o[3] = '=';
			o += 4;
		}
		*o++ = '\r';
		*o++ = '\n';
		in += take;
		n -= take;
	}
	return (size_t)(o - out);
}

/* ---- line ends ----------------------------------------------------------- */

void msg_norm_init(struct msg_norm *s)
{
	memset(s, 0, sizeof *s);
	s->bol = s->in_header = s->line_empty = true;
}

static size_t line_end(struct msg_norm *s, char *out)
{
	if (s->line_empty)
		s->in_header = false; /* the empty line ends the header section */
	s->line_empty = s->bol = true;
	s->out += 2;
	if (out) {
		out[0] = '\r';
		out[1] = '\n';
	}
	return 2;
}

size_t msg_norm_feed(struct msg_norm *s, const void *vin, size_t n, char *out)
{
	const unsigned char *in = vin;
	char *o = out;
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[i];
		if (s->cr) {
			s->cr = false;
			if (c == '\n') {
				w += line_end(s, o ? o + w : NULL);
				continue;
			}
			s->changed = true; /* a bare CR ends a line too */
			w += line_end(s, o ? o + w : NULL);
		}
		if (c == '\r') {
			s->cr = true;
		} else if (c == '\n') {
			s->changed = true; /* a bare LF becomes CRLF */
			w += line_end(s, o ? o + w : NULL);
		} else {
			if (c > 127) {
				if (s->in_header)
					s->header_8bit = true;
				else
					s->body_8bit = true;
			}
			if (o)
				o[w] = (char)c;
			w++;
			s->out++;
			s->bol = s->line_empty = false;
		}
	}
	return w;
}

size_t msg_norm_end(struct msg_norm *s, char *out)
{
	if (s->cr || !s->bol) {
		s->changed = true;
		s->cr = false;
		return line_end(s, out);
	}
	return 0;
}
