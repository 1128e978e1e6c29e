#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/transcript_file.h"

struct errs {
	char msg[512];
	unsigned line;
	int n;
};

static void on_err(void *arg, const char *file, unsigned line, const char *msg)
{
	struct errs *e = arg;
	e->n++;
	e->line = line;
	snprintf(e->msg, sizeof e->msg, "%s:%u: %s", file, line, msg);
}

static char *format_all(const struct tf_list *l, bool reveal)
{
	struct buf b;
	buf_init(&b, 0);
	tf_format_header(&b, &l->hdr);
	for (size_t i = 0; i < l->n; i++)
		tf_format_record(&b, &l->v[i], reveal);
	return buf_steal(&b);
}

static int parse(struct tf_list *l, const char *text, struct errs *e)
{
	tf_list_init(l);
	memset(e, 0, sizeof *e);
	return tf_parse(l, text, strlen(text), "t.txt", NULL, on_err, e);
}

Test(transcript_file, every_kind_and_flag_round_trips)
{
	static const enum tf_kind kinds[] = {TF_SERVER, TF_CLIENT, TF_NOTE, TF_WARN, TF_CLOSED};
	struct tf_list l;
	tf_list_init(&l);
	l.hdr.peer = strdup("mx.example.org:587");
	l.hdr.start = strdup("2024-05-01T10:00:00Z");
	l.hdr.tool = strdup("smtpdbg 0.1.0");
	int64_t t = 0;
	for (size_t k = 0; k < 5; k++)
		for (unsigned f = 0; f < 64; f++) { /* every combination of T S M R L D */
			if (f & TF_F_SECRET && !(f & TF_F_MASKED))
				continue; /* a revealed secret is checked below */
			char text[32];
			snprintf(text, sizeof text, "line %zu %u", k, f);
			tf_list_add(&l, kinds[k], t++ * 7, f, text, strlen(text));
		}
	tf_list_add(&l, TF_CLIENT, 99, TF_F_SECRET, "c2VjcmV0", 8);
	char *out = format_all(&l, true);

	struct tf_list back;
	struct errs e;
	cr_assert_eq(parse(&back, out, &e), 0, "%s", e.msg);
	cr_assert_eq(back.n, l.n);
	cr_assert_str_eq(back.hdr.peer, "mx.example.org:587");
	cr_assert_str_eq(back.hdr.start, "2024-05-01T10:00:00Z");
	cr_assert_str_eq(back.hdr.tool, "smtpdbg 0.1.0");
	for (size_t i = 0; i < l.n; i++) {
		cr_assert_eq(back.v[i].kind, l.v[i].kind, "record %zu", i);
		cr_assert_eq(back.v[i].t_ms, l.v[i].t_ms);
		cr_assert_eq(back.v[i].flags, l.v[i].flags, "record %zu: %u vs %u", i,
			     back.v[i].flags, l.v[i].flags);
		cr_assert_eq(back.v[i].len, l.v[i].len);
		cr_assert_eq(memcmp(back.v[i].data, l.v[i].data, l.v[i].len), 0);
		cr_assert_eq(back.v[i].lineno, i + 5); /* magic and three header lines */
	}
	/* Writing what was read gives the same file. */
	char *again = format_all(&back, true);
	cr_assert_str_eq(again, out);
	free(again);
	free(out);
	tf_list_free(&back);
	tf_list_free(&l);
}

Test(transcript_file, every_byte_is_escaped_and_restored)
{
	uint8_t all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	struct tf_list l;
	tf_list_init(&l);
	tf_list_add(&l, TF_SERVER, 0, 0, all, sizeof all);
	char *out = format_all(&l, false);
	/* The file is printable ASCII: no control byte reaches a terminal. */
	for (const char *p = out; *p; p++)
		cr_assert((*p >= 0x20 && *p < 0x7f) || *p == '\n', "byte 0x%02x in the file",
			  (unsigned char)*p);
	cr_assert(strstr(out, "\\x1b"));
	cr_assert(strstr(out, "\\t\\n"));
	cr_assert(strstr(out, "\\x0c\\r"));
	cr_assert(strstr(out, "\\\\"));
	cr_assert(strstr(out, "\\x00"));
	cr_assert(strstr(out, "\\x7f"));
	cr_assert(strstr(out, "\\xff"));
	struct tf_list back;
	struct errs e;
	cr_assert_eq(parse(&back, out, &e), 0, "%s", e.msg);
	cr_assert_eq(back.n, 1);
	cr_assert_eq(back.v[0].len, 256);
	cr_assert_eq(memcmp(back.v[0].data, all, 256), 0);
	free(out);
	tf_list_free(&back);
	tf_list_free(&l);
}

Test(transcript_file, secrets_are_masked_unless_revealed)
{
	struct tf_list l;
	tf_list_init(&l);
	tf_list_add(&l, TF_CLIENT, 5, TF_F_SECRET, "SWNoYmlua2VpblNwYW1tZXI=", 24);
	tf_list_add(&l, TF_CLIENT, 6, TF_F_SECRET | TF_F_TLS,
		    "AUTH PLAIN AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy", 55);
	char *masked = format_all(&l, false);
	cr_assert(strstr(masked, "C 5 SM ********\n"), "%s", masked);
	cr_assert(strstr(masked, "C 6 TSM AUTH PLAIN ********\n"), "%s", masked);
	cr_assert_null(strstr(masked, "SWNo"));
	cr_assert_null(strstr(masked, "AE1he"));
	char *clear = format_all(&l, true);
	cr_assert(strstr(clear, "C 5 S SWNoYmlua2VpblNwYW1tZXI=\n"), "%s", clear);

	/* A masked line read back stays masked, and writing it again with
	 * reveal cannot bring the secret back. */
	struct tf_list back;
	struct errs e;
	cr_assert_eq(parse(&back, masked, &e), 0, "%s", e.msg);
	cr_assert_eq(back.v[0].flags, TF_F_SECRET | TF_F_MASKED);
	cr_assert_str_eq((char *)back.v[0].data, TF_MASK);
	cr_assert_str_eq((char *)back.v[1].data, "AUTH PLAIN " TF_MASK);
	char *again = format_all(&back, true);
	cr_assert_str_eq(again, masked);
	/* M alone means S as well. */
	struct tf_list m;
	cr_assert_eq(parse(&m, "smtpdbg-transcript 1\nC 1 M ********\n", &e), 0);
	cr_assert_eq(m.v[0].flags, TF_F_SECRET | TF_F_MASKED);
	tf_list_free(&m);
	free(again);
	free(masked);
	free(clear);
	tf_list_free(&back);
	tf_list_free(&l);
}

Test(transcript_file, public_prefix)
{
	cr_assert_eq(annot_public_prefix("AUTH PLAIN AGZvbwBiYXI=", 23), 10);
	cr_assert_eq(annot_public_prefix("auth login", 10), 10);
	cr_assert_eq(annot_public_prefix("dGlt", 4), 0);
	cr_assert_eq(annot_public_prefix("AUTHX", 5), 0);
	/* A server skips leading blanks, so the mask does too. */
	cr_assert_eq(annot_public_prefix(" \tAUTH PLAIN AGZvbwBiYXI=", 25), 12);
}

/* Each bad input: the line number reported, and the good records kept. */
static void bad(const char *text, unsigned line, size_t kept, const char *words)
{
	struct tf_list l;
	struct errs e;
	cr_assert_eq(parse(&l, text, &e), -1, "accepted: %s", text);
	cr_assert_eq(e.n, 1);
	cr_assert_eq(e.line, line, "line %u, want %u: %s", e.line, line, e.msg);
	cr_assert(strstr(e.msg, words), "%s lacks '%s'", e.msg, words);
	cr_assert(!strncmp(e.msg, "t.txt:", 6));
	cr_assert_eq(l.n, kept, "kept %zu, want %zu", l.n, kept);
	tf_list_free(&l);
}

Test(transcript_file, bad_lines_name_their_line)
{
	const char *h = "smtpdbg-transcript 1\nS 0 - 220 ok\n";
	char buf[256];
	bad("", 1, 0, "empty");
	bad("hello\n", 1, 0, "not an smtpdbg transcript");
	bad("smtpdbg-transcript 2\n", 1, 0, "version");
	bad("smtpdbg-transcript x\n", 1, 0, "version");
	struct {
		const char *line, *words;
	} cases[] = {
		{"Q 0 - x", "starts with"},
		{"S0 - x", "starts with"},
		{"S x - y", "time"},
		{"S 1", "time"},
		{"S 1234567890123456 - x", "too large"},
		{"S 1 Z x", "unknown flag"},
		{"S 1 TT x", "twice"},
		{"S 1 -x y", "flags"},
		{"S 1 - a\\qb", "unknown escape"},
		{"S 1 - a\\x4", "two hexadecimal"},
		{"S 1 - a\\", "lone backslash"},
		{"S 1 - a\x1b[2Jb", "control byte"},
		{"@peer late", "before the first record"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s\nC 2 - QUIT\n", h, cases[i].line);
		bad(buf, 3, 1, cases[i].words);
	}
}

Test(transcript_file, tolerant_of_crlf_blank_lines_and_unknown_fields)
{
	struct tf_list l;
	struct errs e;
	cr_assert_eq(parse(&l, "smtpdbg-transcript 1\r\n@future yes\r\n\r\nS 0 - 220 ok\r\nC 1 -\r\n", &e),
		     0, "%s", e.msg);
	cr_assert_eq(l.n, 2);
	cr_assert_str_eq((char *)l.v[0].data, "220 ok");
	cr_assert_eq(l.v[1].len, 0); /* an empty line: no text after the flags */
	tf_list_free(&l);
}

Test(transcript_file, limits)
{
	struct tf_list l;
	struct errs e = {0};
	const char *text = "smtpdbg-transcript 1\nS 0 - 220 a\nS 1 - 250 b\nS 2 - 250 c\n";
	tf_list_init(&l);
	cr_assert_eq(tf_parse(&l, text, strlen(text), "t.txt",
			      &(struct tf_limits){.lines_max = 2}, on_err, &e), -1);
	cr_assert_eq(e.line, 4);
	cr_assert(strstr(e.msg, "more records"));
	cr_assert_eq(l.n, 2);
	tf_list_free(&l);

	tf_list_init(&l);
	const char *longer = "smtpdbg-transcript 1\nS 0 - 220 a\nS 1 - 250 a longer line\n";
	cr_assert_eq(tf_parse(&l, longer, strlen(longer), "t.txt",
			      &(struct tf_limits){.line_max = 21}, on_err, &e), -1);
	cr_assert_eq(e.line, 3);
	cr_assert_eq(l.n, 1);
	cr_assert(strstr(e.msg, "longer"));
	tf_list_free(&l);

	/* Too big: the complete lines within the limit are kept. */
	tf_list_init(&l);
	cr_assert_eq(tf_parse(&l, text, strlen(text), "t.txt",
			      &(struct tf_limits){.file_max = 40}, on_err, &e), -1);
	cr_assert(strstr(e.msg, "larger"));
	cr_assert_eq(l.n, 1);
	cr_assert_eq(e.line, 3);
	tf_list_free(&l);

	/* The same through a stream. */
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	tf_list_init(&l);
	cr_assert_eq(tf_read(&l, f, "t.txt", &(struct tf_limits){.file_max = 40}, on_err, &e), -1);
	cr_assert_eq(l.n, 1);
	fclose(f);
	tf_list_free(&l);
	f = fmemopen((void *)text, strlen(text), "r");
	tf_list_init(&l);
	cr_assert_eq(tf_read(&l, f, "t.txt", NULL, on_err, &e), 0);
	cr_assert_eq(l.n, 3);
	fclose(f);
	tf_list_free(&l);
}

Test(transcript_file, events_become_records)
{
	struct smtp_client *c = smtp_client_new(NULL);
	struct tf_list l;
	tf_list_init(&l);
	smtp_client_feed(c, "220 mx\n", 7); /* bare LF */
	smtp_client_send(c, "EHLO x", 6, 0);
	smtp_client_feed(c, "250-mx\r\n250 AUTH PLAIN\r\n", 24);
	smtp_client_send(c, "AUTH PLAIN AGEAYg==", 19, SMTP_F_SECRET);
	smtp_client_closed(c, "gone");
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		tf_list_add_event(&l, &ev, 3, true);
	cr_assert_eq(l.n, 6);
	cr_assert_eq(l.v[0].kind, TF_SERVER);
	cr_assert_eq(l.v[0].flags, TF_F_TLS | TF_F_BARE_LF);
	cr_assert_eq(l.v[1].kind, TF_CLIENT);
	cr_assert_str_eq((char *)l.v[3].data, "250 AUTH PLAIN");
	cr_assert_eq(l.v[4].flags, TF_F_TLS | TF_F_SECRET);
	cr_assert_eq(l.v[5].kind, TF_CLOSED);
	cr_assert_str_eq((char *)l.v[5].data, "gone");
	struct buf b;
	buf_init(&b, 0);
	tf_format_record(&b, &l.v[0], false);
	cr_assert_str_eq(b.data, "S 3 TL 220 mx\n");
	buf_free(&b);
	tf_list_free(&l);
	smtp_client_free(c);
}

static void count_record(void *arg, const struct tf_record *r, const struct tf_header *h)
{
	struct tf_list *l = arg;
	tf_list_add(l, r->kind, r->t_ms, r->flags, r->data, r->len);
	if (!l->hdr.peer && h->peer)
		l->hdr.peer = strdup(h->peer);
}

/* Streaming reads the same records as reading the whole file, one at a
 * time, and reports a bad line the same way. */
Test(transcript_file, stream_matches_parse)
{
	const char text[] = "smtpdbg-transcript 1\n@peer mx.test:25\nS 0 - 220 ready\n"
			    "C 5 - EHLO x\nS 9 - 250-mx\nS 9 - 250 PIPELINING\n"
			    "C 12 SM AUTH PLAIN ********\nX 20 - gone\n";
	struct tf_list whole, streamed;
	tf_list_init(&whole);
	tf_list_init(&streamed);
	cr_assert_eq(tf_parse(&whole, text, sizeof text - 1, "t", NULL, NULL, NULL), 0);
	FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
	cr_assert_eq(tf_stream(f, "t", NULL, NULL, NULL, count_record, &streamed), 0);
	fclose(f);
	cr_assert_eq(streamed.n, whole.n);
	for (size_t i = 0; i < whole.n; i++) {
		cr_assert_eq(streamed.v[i].kind, whole.v[i].kind);
		cr_assert_eq(streamed.v[i].flags, whole.v[i].flags);
		cr_assert_str_eq((char *)streamed.v[i].data, (char *)whole.v[i].data);
	}
	cr_assert_str_eq(streamed.hdr.peer, "mx.test:25");
	tf_list_free(&whole);
	tf_list_free(&streamed);
}

Test(transcript_file, stream_stops_at_a_bad_or_overlong_line)
{
	struct errs e = {0};
	struct tf_list l;
	tf_list_init(&l);
	const char bad[] = "smtpdbg-transcript 1\nS 0 - 220 ready\nZ nonsense\nS 1 - 250 ok\n";
	FILE *f = fmemopen((void *)bad, sizeof bad - 1, "r");
	cr_assert_eq(tf_stream(f, "t", NULL, on_err, &e, count_record, &l), -1);
	fclose(f);
	cr_assert_eq(l.n, 1, "the records before the bad line were handed on");
	cr_assert_eq(e.line, 3);
	tf_list_free(&l);

	/* A line far over the limit: an error, not a huge buffer. */
	size_t big = 4u << 20;
	char *huge = malloc(big + 64);
	strcpy(huge, "smtpdbg-transcript 1\nS 0 - ");
	size_t at = strlen(huge);
	memset(huge + at, 'x', big);
	huge[at + big] = '\n';
	struct tf_limits lim = {.line_max = 1024};
	struct errs e2 = {0};
	tf_list_init(&l);
	f = fmemopen(huge, at + big + 1, "r");
	cr_assert_eq(tf_stream(f, "t", &lim, on_err, &e2, count_record, &l), -1);
	fclose(f);
	cr_assert_eq(e2.line, 2);
	cr_assert_eq(l.n, 0);
	tf_list_free(&l);
	free(huge);
}
