/* The test message of `smtpdbg run`: header fields (RFC 5322 folding, RFC
 * 2047 encoded words, address lists), MIME parameters (RFC 2231), Base64
 * lines (RFC 2045), line ends, and the generator's exact size and needs. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/client.h"
#include "smtpdbg/message.h"
#include "smtpdbg/msg_header.h"

/* ---- helpers --------------------------------------------------------------- */

static char *field(const char *name, const char *value, bool *utf8, const char **why)
{
	struct buf b;
	buf_init(&b, 0);
	*why = NULL;
	if (msg_field_write(&b, name, strlen(name), value, utf8, why) < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* Every line ends in CRLF, is at most max long, and (folded) continuation
 * lines start with a blank. */
static void check_lines_as(const char *s, size_t max, bool folded)
{
	const char *p = s;
	bool first = true;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		cr_assert(e, "a line without CRLF in '%s'", s);
		cr_assert_leq((size_t)(e - p), max, "line too long: '%.*s'", (int)(e - p), p);
		cr_assert(!folded || first || *p == ' ', "continuation without a blank: '%.*s'", (int)(e - p), p);
		cr_assert(!memchr(p, '\r', (size_t)(e - p)) && !memchr(p, '\n', (size_t)(e - p)));
		first = false;
		p = e + 2;
	}
}

static void check_lines(const char *s, size_t max)
{
	check_lines_as(s, max, true);
}

/* Undo folding: drop each CRLF before a blank. */
static char *unfold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	for (const char *p = s; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p++;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* Decode every =?UTF-8?B?...?= word of a field value and join them
 * (blanks between adjacent words are dropped, RFC 2047 §6.2). */
static char *decode_words(const char *v)
{
	struct buf out;
	buf_init(&out, 0);
	const char *p = v;
	bool last_word = false;
	while (*p) {
		if (!strncmp(p, "=?UTF-8?B?", 10)) {
			const char *end = strstr(p + 10, "?=");
			cr_assert(end);
			cr_assert_leq((size_t)(end + 2 - p), 75, "an encoded word over 75 characters");
			uint8_t *dec;
			size_t len, pos;
			const char *err;
			cr_assert_eq(b64_decode(p + 10, (size_t)(end - p - 10), &dec, &len, &err, &pos), 0);
			buf_add(&out, dec, len);
			free(dec);
			p = end + 2;
			last_word = true;
			continue;
		}
		if (last_word && *p == ' ') {
			const char *q = p;
			while (*q == ' ')
				q++;
			if (!strncmp(q, "=?UTF-8?B?", 10)) {
				p = q;
				continue;
			}
		}
		last_word = false;
		buf_addc(&out, *p++);
	}
	return buf_steal(&out);
}

static char *tmpfile_with(const char *name, const void *data, size_t n)
{
	static char dir[64];
	if (!dir[0]) {
		strcpy(dir, "/tmp/test_message.XXXXXX");
		cr_assert(mkdtemp(dir));
	}
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	fclose(f);
	return path;
}

/* Everything the stream gives, in reads of a given size. */
static char *read_all(struct message *m, size_t step, size_t *len)
{
	FILE *f = message_stream(m);
	cr_assert(f);
	struct buf b;
	buf_init(&b, 0);
	char *chunk = malloc(step);
	size_t n;
	while ((n = fread(chunk, 1, step, f)) > 0)
		buf_add(&b, chunk, n);
	cr_assert(!ferror(f));
	free(chunk);
	*len = b.len;
	return buf_steal(&b);
}

static const char *const rcpt[] = {"b@lab.test"};

static struct message_spec spec(void)
{
	return (struct message_spec){.from = "a@lab.test", .to = rcpt, .nto = 1,
				     .now = 1800000000, .token = "t0k3n", .body = "hello\n"};
}

TestSuite(message, .init = NULL);

/* ---- fields ------------------------------------------------------------------ */

Test(message, field_split_refuses_bad_headers)
{
	size_t n;
	const char *v, *why;
	cr_assert_eq(msg_field_split("X-Test: one two", &n, &v, &why), 0);
	cr_assert_eq(n, 6);
	cr_assert_str_eq(v, "one two");
	cr_assert_eq(msg_field_split("X-Empty:", &n, &v, &why), 0);
	cr_assert_str_eq(v, "");
	const char *bad[] = {"no colon here", ": value", "Two Words: v", "X-\xc3\xa4: v",
			     "X-A: line\r\nBcc: evil@x", "X-A: line\nx", "X-A: bell\a",
			     "X-A: bad utf-8 \xc3(", "X-A: overlong \xc0\xaf"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(msg_field_split(bad[i], &n, &v, &why), -1, "accepted '%s'", bad[i]);
	char longname[100];
	memset(longname, 'X', 77);
	strcpy(longname + 77, ": v");
	cr_assert_eq(msg_field_split(longname, &n, &v, &why), -1);
}

Test(message, ascii_values_are_sent_as_given_and_folded_at_their_spaces)
{
	bool u = false;
	const char *why;
	char *s = field("Subject", "hello  world", &u, &why);
	cr_assert_str_eq(s, "Subject: hello  world\r\n");
	free(s);
	char value[600] = "";
	for (int i = 0; i < 60; i++)
		strcat(value, i % 7 ? "word " : "longerword  ");
	s = field("X-Long", value, &u, &why);
	check_lines(s, 76);
	char *flat = unfold(s);
	char want[700];
	snprintf(want, sizeof want, "X-Long: %s\r\n", value);
	cr_assert_str_eq(flat, want, "unfolding gives back the value");
	free(flat);
	free(s);
	cr_assert(!u);
	/* A word that no line can hold is refused, not cut. */
	char huge[1000];
	memset(huge, 'a', 950);
	huge[950] = '\0';
	cr_assert_null(field("X-Huge", huge, &u, &why));
	cr_assert(why);
}

Test(message, non_ascii_text_becomes_rfc2047_words)
{
	bool u = false;
	const char *why;
	char *s = field("Subject", "Gr\xc3\xbc\xc3\x9f" "e", &u, &why);
	/* "Grüße" in UTF-8, Base64: R3LDvMOfZQ== */
	cr_assert_str_eq(s, "Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n");
	free(s);
	/* Long text: many words, each whole characters, every line short. */
	const char *text = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe4\xbb\xb6\xe5\x90\x8d "
			   "mit Umlauten \xc3\xa4\xc3\xb6\xc3\xbc und noch viel mehr Text, der "
			   "auf mehrere Zeilen gefaltet werden muss \xe2\x82\xac\xe2\x82\xac";
	s = field("Subject", text, &u, &why);
	check_lines(s, 76);
	char *flat = unfold(s);
	cr_assert(!strncmp(flat, "Subject: ", 9));
	flat[strlen(flat) - 2] = '\0';
	char *dec = decode_words(flat + 9);
	cr_assert_str_eq(dec, text);
	free(dec);
	free(flat);
	free(s);
	cr_assert(!u, "encoded words need no SMTPUTF8");
}

Test(message, address_lists_encode_display_names_and_flag_utf8_addresses)
{
	bool u = false;
	const char *why;
	char *s = field("From", "J\xc3\xbcrgen M\xc3\xbcller <j@lab.test>", &u, &why);
	cr_assert_str_eq(s, "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <j@lab.test>\r\n");
	cr_assert(!u);
	free(s);
	/* A comma inside quotes is part of the name, not a separator. */
	s = field("To", "\"M\xc3\xbcller, J\" <j@lab.test>, plain@lab.test", &u, &why);
	char *flat = unfold(s);
	cr_assert_str_eq(flat, "To: =?UTF-8?B?TcO8bGxlciwgSg==?= <j@lab.test>, plain@lab.test\r\n");
	free(flat);
	free(s);
	cr_assert(!u);
	/* A non-ASCII address cannot be encoded: only SMTPUTF8 carries it. */
	s = field("To", "<j\xc3\xbcrgen@lab.test>", &u, &why);
	cr_assert_str_eq(s, "To: <j\xc3\xbcrgen@lab.test>\r\n");
	cr_assert(u);
	free(s);
	u = false;
	s = field("Cc", "j\xc3\xbcrgen@lab.test", &u, &why);
	cr_assert(u);
	free(s);
	/* ASCII is sent as given, whatever its syntax. */
	u = false;
	s = field("To", "undisclosed-recipients:;", &u, &why);
	cr_assert_str_eq(s, "To: undisclosed-recipients:;\r\n");
	free(s);
	/* Broken lists with non-ASCII in them are refused with a reason. */
	const char *bad[] = {"J\xc3\xbc <a@b", "J\xc3\xbc <a@b> x", "J\xc3\xbc <a@b>,,c@d",
			     "\"J\xc3\xbc <a@b>", "J\xc3\xbc <>"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_null(field("To", bad[i], &u, &why), "accepted '%s'", bad[i]);
		cr_assert(why);
	}
	cr_assert(msg_field_is_address("resent-cc", 9));
	cr_assert(!msg_field_is_address("Subject", 7));
}

/* ---- MIME pieces ------------------------------------------------------------- */

Test(message, parameters_quoted_or_rfc2231)
{
	struct buf b;
	buf_init(&b, 0);
	msg_param_write(&b, "filename", "report 2026.pdf");
	cr_assert_str_eq(b.data, ";\r\n filename=\"report 2026.pdf\"");
	buf_reset(&b);
	msg_param_write(&b, "filename", "say \"hi\"\\.txt");
	cr_assert_str_eq(b.data, ";\r\n filename=\"say \\\"hi\\\"\\\\.txt\"");
	buf_reset(&b);
	msg_param_write(&b, "filename", "bild \xc3\xbc.png");
	cr_assert_str_eq(b.data, ";\r\n filename*=UTF-8''bild%20%C3%BC.png");
	buf_reset(&b);
	/* Long: pieces *0*, *1*, ...; only the first names the charset; no
	 * %XX cut in two; joined they are the whole name. */
	const char *name = "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\xa4\xc3\xb6\xc3\xbc\xc3\xa4\xc3\xb6\xc3\xbc"
			   "-Bericht-\xc3\xa4\xc3\xb6\xc3\xbc\xc3\xa4\xc3\xb6\xc3\xbc-2026.pdf";
	msg_param_write(&b, "filename", name);
	buf_adds(&b, "\r\n");
	check_lines(b.data + 3, 76); /* after the leading ";\r\n" */
	cr_assert(strstr(b.data, " filename*0*=UTF-8''"));
	cr_assert(strstr(b.data, " filename*1*="));
	cr_assert_null(strstr(b.data, "filename*1*=UTF-8"));
	struct buf joined;
	buf_init(&joined, 0);
	for (const char *p = b.data; (p = strstr(p, "*=")) || (p = NULL);) {
		p += 2;
		if (!strncmp(p, "UTF-8''", 7))
			p += 7;
		size_t n = strcspn(p, ";\r");
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '%') {
				cr_assert(i + 2 < n, "a %%XX cut in two");
				unsigned v;
				sscanf(p + i + 1, "%2X", &v);
				buf_addc(&joined, (char)v);
				i += 2;
			} else {
				buf_addc(&joined, p[i]);
			}
		}
		p += n;
	}
	cr_assert_str_eq(joined.data, name);
	buf_free(&joined);
	buf_free(&b);
}

Test(message, content_type_from_the_extension)
{
	cr_assert_str_eq(msg_type_for_name("x.PDF"), "application/pdf");
	cr_assert_str_eq(msg_type_for_name("dir.d/photo.jpeg"), "image/jpeg");
	cr_assert_str_eq(msg_type_for_name("a.tar.gz"), "application/gzip");
	cr_assert_str_eq(msg_type_for_name("notes.txt"), "text/plain");
	cr_assert_str_eq(msg_type_for_name("noext"), "application/octet-stream");
	cr_assert_str_eq(msg_type_for_name(".bashrc"), "application/octet-stream");
	cr_assert_str_eq(msg_type_for_name("x.unknown"), "application/octet-stream");
}

Test(message, base64_lines_of_76_and_exact_size)
{
	/* RFC 4648 §10 vectors, each then ends its line. */
	char out[256];
	cr_assert_eq(msg_b64_lines(out, "foobar", 6), 10);
	cr_assert(!memcmp(out, "Zm9vYmFy\r\n", 10));
	cr_assert_eq(msg_b64_lines(out, "fooba", 5), 10);
	cr_assert(!memcmp(out, "Zm9vYmE=\r\n", 10));
	cr_assert_eq(msg_b64_lines(out, "f", 1), 6);
	cr_assert(!memcmp(out, "Zg==\r\n", 6));
	cr_assert_eq(msg_b64_size(0), 0);
	unsigned char in[400];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)(i * 37 + 11);
	char big[1024];
	for (size_t n = 0; n <= sizeof in; n++) {
		size_t w = msg_b64_lines(big, in, n);
		cr_assert_eq(w, msg_b64_size(n), "n=%zu", n);
		big[w] = '\0';
		check_lines_as(big, 76, false);
		/* Every line but the last is exactly 76 characters. */
		for (char *p = big; *p;) {
			char *e = strstr(p, "\r\n");
			if (e[2])
				cr_assert_eq(e - p, 76, "n=%zu", n);
			p = e + 2;
		}
	}
}

/* The normaliser gives what the SMTP engine sends, before dot-stuffing. */
Test(message, line_ends_as_the_engine_makes_them)
{
	const char *cases[] = {"", "a", "a\n", "a\r\n", "a\r", "a\r\r\nb", "\n\nx", "x\n\n\ry",
			       "h: v\r\n\r\nbody\xc3\xa4\n", "h\xc3\xa4: v\n\nbody"};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const char *in = cases[k];
		size_t n = strlen(in);
		struct msg_norm s;
		msg_norm_init(&s);
		char out[64];
		size_t w = msg_norm_feed(&s, in, n, out);
		w += msg_norm_end(&s, out + w);
		cr_assert_eq(s.out, w);
		struct msg_norm c;
		msg_norm_init(&c);
		msg_norm_feed(&c, in, n, NULL);
		msg_norm_end(&c, NULL);
		cr_assert_eq(c.out, w, "counting alone gives the same size");

		struct smtp_client *cl = smtp_client_new(NULL);
		const char *script[][2] = {{NULL, "220 mx\r\n"}, {"EHLO x", "250 mx\r\n"},
					   {"MAIL FROM:<a@b>", "250 ok\r\n"},
					   {"RCPT TO:<c@d>", "250 ok\r\n"}, {"DATA", "354 go\r\n"}};
		for (size_t i = 0; i < 5; i++) {
			if (script[i][0])
				smtp_client_send(cl, script[i][0], strlen(script[i][0]), 0);
			smtp_client_feed(cl, script[i][1], strlen(script[i][1]));
		}
		const uint8_t *p;
		smtp_client_tx_done(cl, smtp_client_tx(cl, &p));
		smtp_client_body(cl, in, n);
		smtp_client_body_end(cl);
		size_t sent = smtp_client_tx(cl, &p);
		cr_assert_eq(sent, w + 3, "case %zu", k);
		cr_assert(!memcmp(p, out, w), "case %zu", k);
		smtp_client_free(cl);
	}
	struct msg_norm s;
	msg_norm_init(&s);
	msg_norm_feed(&s, "h\xc3\xa4: v\n\nbody", 13, NULL);
	cr_assert(s.header_8bit && !s.body_8bit && s.changed);
	msg_norm_init(&s);
	msg_norm_feed(&s, "h: v\r\n\r\nb\xc3\xa4\r\n", 13, NULL);
	msg_norm_end(&s, NULL);
	cr_assert(!s.header_8bit && s.body_8bit && !s.changed);
}

/* ---- the generator -------------------------------------------------------------- */

Test(message, generated_message_every_header)
{
	setenv("TZ", "UTC", 1);
	tzset();
	struct message_spec sp = spec();
	struct buf why;
	buf_init(&why, 0);
	struct message *m = message_new(&sp, &why);
	cr_assert(m, "%s", why.data);
	size_t len;
	char *s = read_all(m, 7, &len);
	const char *want = "Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"
			   "From: <a@lab.test>\r\n"
			   "To: <b@lab.test>\r\n"
			   "Subject: smtpdbg test message Fri, 15 Jan 2027 08:00:00 +0000\r\n"
			   "Message-ID: <1800000000.t0k3n@lab.test>\r\n"
			   "MIME-Version: 1.0\r\n"
			   "Content-Type: text/plain; charset=us-ascii\r\n"
			   "Content-Transfer-Encoding: 7bit\r\n"
			   "\r\n"
			   "hello\r\n";
	cr_assert_str_eq(s, want);
	cr_assert_eq(message_size(m), strlen(want));
	cr_assert(!message_8bit(m) && !message_utf8(m) && !message_is_file(m));
	free(s);
	message_free(m);

	/* --subject, --header replacing and adding, --add-header adding twice. */
	const char *hdr[] = {"Date: Thu, 1 Jan 2026 00:00:00 +0000", "X-Mailer: test",
			     "message-id: <fixed@lab.test>"};
	const char *add[] = {"Received: one", "Received: two"};
	sp.subject = "S\xc3\xbc\xc3\x9f";
	sp.headers = hdr, sp.nheaders = 3;
	sp.add_headers = add, sp.nadd_headers = 2;
	sp.body = "Gr\xc3\xbc\xc3\x9f" "e\n.dot\n";
	m = message_new(&sp, &why);
	cr_assert(m, "%s", why.data);
	s = read_all(m, 4096, &len);
	want = "Date: Thu, 1 Jan 2026 00:00:00 +0000\r\n"
	       "From: <a@lab.test>\r\n"
	       "To: <b@lab.test>\r\n"
	       "Subject: =?UTF-8?B?U8O8w58=?=\r\n"
	       "message-id: <fixed@lab.test>\r\n"
	       "MIME-Version: 1.0\r\n"
	       "Content-Type: text/plain; charset=UTF-8\r\n"
	       "Content-Transfer-Encoding: 8bit\r\n"
	       "X-Mailer: test\r\n"
	       "Received: one\r\n"
	       "Received: two\r\n"
	       "\r\n"
	       "Gr\xc3\xbc\xc3\x9f" "e\r\n.dot\r\n";
	cr_assert_str_eq(s, want);
	cr_assert_eq(message_size(m), len);
	cr_assert(message_8bit(m), "8-bit text: BODY=8BITMIME");
	cr_assert(!message_utf8(m), "encoded words need no SMTPUTF8");
	free(s);
	message_free(m);
	buf_free(&why);
}

Test(message, utf8_address_needs_smtputf8)
{
	const char *to[] = {"j\xc3\xbcrgen@lab.test"};
	struct message_spec sp = spec();
	sp.to = to;
	struct buf why;
	buf_init(&why, 0);
	struct message *m = message_new(&sp, &why);
	cr_assert(m);
	cr_assert(message_utf8(m));
	cr_assert(!message_8bit(m));
	message_free(m);
	buf_free(&why);
}

Test(message, attachments_exact_size_at_every_chunk_edge)
{
	/* Sizes around a Base64 line (57) and the generator's chunk (57 KiB). */
	const size_t sizes[] = {0, 1, 2, 56, 57, 58, 57 * 1024 - 1, 57 * 1024, 57 * 1024 + 1,
				200000};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];
		unsigned char *data = malloc(n + 1);
		for (size_t i = 0; i < n; i++)
			data[i] = (unsigned char)(i * 131 + k);
		char name[64];
		snprintf(name, sizeof name, "data-%zu.bin", n);
		char *path = tmpfile_with(name, data, n);
		char *path2 = tmpfile_with("b\xc3\xa4r.txt", "hi\n", 3);
		const char *att[] = {path};
		const char *inl[] = {path2};
		struct message_spec sp = spec();
		sp.attach = att, sp.nattach = 1;
		sp.attach_inline = inl, sp.nattach_inline = 1;
		struct buf why;
		buf_init(&why, 0);
		struct message *m = message_new(&sp, &why);
		cr_assert(m, "%s", why.data);
		size_t len;
		char *s = read_all(m, k % 2 ? 65536 : 1000, &len);
		cr_assert_eq(message_size(m), len, "size %zu: %llu declared, %zu made", n,
			     (unsigned long long)message_size(m), len);
		cr_assert_eq(message_nparts(m), 3);
		const struct message_part *p = message_part(m, 2);
		cr_assert_eq(p->kind, MESSAGE_ATTACH);
		cr_assert_str_eq(p->name, name);
		cr_assert_str_eq(p->type, "application/octet-stream");
		cr_assert_eq(p->size, n);
		cr_assert_eq(p->sent, msg_b64_size(n));
		cr_assert_eq(message_part(m, 1)->kind, MESSAGE_INLINE);
		cr_assert(strstr(s, "Content-Type: multipart/mixed; boundary=\"=_smtpdbg_t0k3n\""));
		cr_assert(strstr(s, "Content-Disposition: inline;\r\n filename*=UTF-8''b%C3%A4r.txt"));
		cr_assert(strstr(s, "\r\n--=_smtpdbg_t0k3n--\r\n"));
		/* The attachment's Base64, decoded, is the file. */
		char *body = strstr(s, "Content-Disposition: attachment");
		cr_assert(body);
		body = strstr(body, "\r\n\r\n") + 4;
		char *end = strstr(body, "--=_smtpdbg_t0k3n--");
		struct buf b64;
		buf_init(&b64, 0);
		for (char *q = body; q < end; q++)
			if (*q != '\r' && *q != '\n')
				buf_addc(&b64, *q);
		if (n) {
			uint8_t *dec;
			size_t dlen, pos;
			const char *err;
			cr_assert_eq(b64_decode(b64.data, b64.len, &dec, &dlen, &err, &pos), 0);
			cr_assert_eq(dlen, n);
			cr_assert(!memcmp(dec, data, n));
			free(dec);
		}
		buf_free(&b64);
		free(s);
		message_free(m);
		buf_free(&why);
		free(path);
		free(path2);
		free(data);
	}
}

Test(message, body_file_is_sent_as_it_is_with_crlf)
{
	const char text[] = "Subject: x\n\nline\r\n\xc3\xa4 8-bit\nno end";
	char *path = tmpfile_with("msg.eml", text, sizeof text - 1);
	struct message_spec sp = {.from = "a@b", .body_file = path};
	struct buf why;
	buf_init(&why, 0);
	struct message *m = message_new(&sp, &why);
	cr_assert(m, "%s", why.data);
	cr_assert(message_is_file(m) && message_normalised(m));
	cr_assert(message_8bit(m) && !message_utf8(m));
	size_t len;
	char *s = read_all(m, 3, &len);
	cr_assert_str_eq(s, "Subject: x\r\n\r\nline\r\n\xc3\xa4 8-bit\r\nno end\r\n");
	cr_assert_eq(message_size(m), len);
	free(s);
	message_free(m);
	/* 8-bit in the header section: SMTPUTF8. */
	free(path);
	path = tmpfile_with("utf8.eml", "Subject: \xc3\xa4\r\n\r\nx\r\n", 18);
	sp.body_file = path;
	m = message_new(&sp, &why);
	cr_assert(m);
	cr_assert(message_utf8(m) && message_8bit(m) && !message_normalised(m));
	message_free(m);
	free(path);
	buf_free(&why);
}

Test(message, standard_input_is_spooled_not_kept_in_memory)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	const char text[] = "Subject: from a pipe\n\nhello\n";
	cr_assert_eq(write(fds[1], text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fds[1]);
	int saved = dup(STDIN_FILENO);
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);
	struct message_spec sp = {.from = "a@b", .body_file = "-"};
	struct buf why;
	buf_init(&why, 0);
	struct message *m = message_new(&sp, &why);
	dup2(saved, STDIN_FILENO);
	close(saved);
	cr_assert(m, "%s", why.data);
	cr_assert_eq(message_size(m), sizeof text - 1 + 3, "three LFs became CRLF");
	size_t len;
	char *s = read_all(m, 5, &len);
	cr_assert_str_eq(s, "Subject: from a pipe\r\n\r\nhello\r\n");
	free(s);
	message_free(m);
	buf_free(&why);
}

Test(message, bad_input_names_the_option)
{
	struct { const char *opt; struct message_spec sp; } cases[] = {
		{"--attach", {.attach = (const char *[]){"/nonexistent/x.pdf"}, .nattach = 1}},
		{"--attach-inline", {.attach_inline = (const char *[]){"/"}, .nattach_inline = 1}},
		{"--header", {.headers = (const char *[]){"NoColon"}, .nheaders = 1}},
		{"--add-header", {.add_headers = (const char *[]){"Bad Name: v"}, .nadd_headers = 1}},
		{"--subject", {.subject = "two\nlines"}},
		{"--body-file", {.body_file = "/nonexistent/body"}},
		{"--body-file", {.body_file = "/"}},
		{"--header", {.attach = (const char *[]){"/etc/hostname"}, .nattach = 1,
			      .headers = (const char *[]){"Content-Type: text/html"}, .nheaders = 1}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct message_spec sp = cases[i].sp;
		sp.from = "a@b";
		sp.to = rcpt, sp.nto = 1;
		struct buf why;
		buf_init(&why, 0);
		struct message *m = message_new(&sp, &why);
		cr_assert_null(m, "case %zu accepted", i);
		cr_assert(why.data && strstr(why.data, cases[i].opt), "case %zu: '%s' lacks %s", i,
			  why.data, cases[i].opt);
		buf_free(&why);
	}
	/* A text line over 998 characters. */
	char *longline = malloc(1100);
	memset(longline, 'x', 1099);
	longline[1099] = '\0';
	struct message_spec sp = spec();
	sp.body = longline;
	struct buf why;
	buf_init(&why, 0);
	cr_assert_null(message_new(&sp, &why));
	cr_assert(strstr(why.data, "--body"));
	buf_free(&why);
	free(longline);
}

Test(message, attachment_that_shrank_is_a_read_error)
{
	char big[100000];
	memset(big, 'z', sizeof big);
	char *path = tmpfile_with("shrinks.bin", big, sizeof big);
	struct message_spec sp = spec();
	sp.attach = (const char *[]){path};
	sp.nattach = 1;
	struct buf why;
	buf_init(&why, 0);
	struct message *m = message_new(&sp, &why);
	cr_assert(m);
	cr_assert_eq(truncate(path, 10), 0);
	FILE *f = message_stream(m);
	char chunk[4096];
	while (fread(chunk, 1, sizeof chunk, f) > 0)
		;
	cr_assert(ferror(f), "a short attachment is an error, not a silently short message");
	message_free(m);
	buf_free(&why);
	free(path);
}

/* The engine shows the header lines of a streamed message, then the empty
 * line, and none of the body's lines. */
Test(message, engine_shows_header_lines_only)
{
	struct smtp_client *c = smtp_client_new(NULL);
	const char *script[][2] = {{NULL, "220 mx\r\n"}, {"EHLO x", "250 mx\r\n"},
				   {"MAIL FROM:<a@b>", "250 ok\r\n"}, {"RCPT TO:<c@d>", "250 ok\r\n"},
				   {"DATA", "354 go\r\n"}};
	for (size_t i = 0; i < 5; i++) {
		if (script[i][0])
			smtp_client_send(c, script[i][0], strlen(script[i][0]), 0);
		smtp_client_feed(c, script[i][1], strlen(script[i][1]));
	}
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		;
	const char msg[] = "From: <a@b>\r\nSubject: hi\r\n\r\nbody line\r\nmore\r\n";
	for (size_t i = 0; i < sizeof msg - 1; i++)
		smtp_client_body(c, msg + i, 1); /* byte by byte */
	smtp_client_body_end(c);
	const char *want[] = {"From: <a@b>", "Subject: hi", "", "."};
	size_t k = 0;
	while (smtp_client_next_event(c, &ev)) {
		if (ev.type != SMTP_EV_SENT)
			continue;
		cr_assert_lt(k, 4, "an extra line: %.*s", (int)ev.len, (const char *)ev.data);
		cr_assert(ev.flags & SMTP_F_BODY);
		cr_assert_eq(ev.len, strlen(want[k]));
		cr_assert(!memcmp(ev.data, want[k], ev.len));
		k++;
	}
	cr_assert_eq(k, 4);
	smtp_client_free(c);
}
