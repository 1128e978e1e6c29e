/* The engine with the SMTP extensions that change how replies and data
 * line up: pipelined groups (RFC 2920), BDAT chunks (RFC 3030), PRDR's
 * per-recipient replies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/client.h"
#include "smtpdbg/xmalloc.h"

#include "client_sim.h"

static struct smtp_client *ready(struct got *g, const char *ehlo)
{
	struct smtp_client *c = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "c.test"});
	memset(g, 0, sizeof *g);
	buf_init(&g->sent, 0);
	feed(c, g, "220 mx ESMTP\r\n");
	send_line(c, g, "EHLO c.test");
	feed(c, g, ehlo);
	g->sent.len = 0;
	g->nrep = 0;
	return c;
}

static void done(struct smtp_client *c, struct got *g)
{
	smtp_client_free(c);
	buf_free(&g->sent);
}

/* RFC 2920 §3.1: replies in the order of the commands; each says which
 * command it answers, so a refused recipient is not mistaken for another. */
Test(client_ext, pipelined_replies_match_their_commands)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 PIPELINING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	send_line(c, &g, "RCPT TO:<nobody@x.test>");
	send_line(c, &g, "DATA");
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	feed(c, &g, "250 ok\r\n250 ok\r\n550 5.1.1 no such user\r\n354 go\r\n");
	cr_assert_eq(g.nrep, 4);
	cr_assert_str_eq(g.answers[0], "MAIL | MAIL FROM:<a@x.test>");
	cr_assert_str_eq(g.answers[1], "RCPT | RCPT TO:<b@x.test>");
	cr_assert_str_eq(g.answers[2], "RCPT | RCPT TO:<nobody@x.test>");
	cr_assert_str_eq(g.answers[3], "DATA | DATA");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_DATA);
	done(c, &g);
}

Test(client_ext, a_reply_to_a_lone_command_names_no_line)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250 mx\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	cr_assert_str_eq(g.answers[0], "MAIL | -");
	done(c, &g);
}

/* The annotation of a pipelined reply names its command. */
Test(client_ext, the_annotation_says_what_a_pipelined_reply_answers)
{
	struct smtp_reply *r = NULL;
	struct reply_framer fr;
	reply_framer_init(&fr, NULL);
	reply_framer_feed(&fr, "550 5.1.1 no such user\r\n", 24, &r);
	cr_assert_not_null(r);
	struct smtp_event ev = {.type = SMTP_EV_REPLY, .reply = r, .answers = "RCPT",
				.answers_line = "RCPT TO:<nobody@x.test>"};
	struct annot_line l;
	annot_event(&ev, &(struct annot_policy){0}, &l);
	struct buf b;
	buf_init(&b, 0);
	annot_items_text(&l.items, &b);
	cr_assert(strstr(b.data, "answers: RCPT TO:<nobody@x.test>"), "%s", b.data);
	buf_free(&b);
	annot_line_free(&l);
	reply_free(r);
	reply_framer_free(&fr);
}

/* A typed BDAT is followed by exactly its size in data; the reply to it
 * comes after the data, and the next line is a command again. */
Test(client_ext, typed_bdat_takes_its_octets_as_data)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "BDAT 12 LAST");
	cr_assert_eq(smtp_client_bdat_left(c), 12);
	send_line(c, &g, "Subject: x"); /* 10 + CRLF = 12 */
	cr_assert_eq(smtp_client_bdat_left(c), 0);
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	feed(c, &g, "250 2.0.0 queued\r\n");
	cr_assert_str_eq(g.answers[2], "BDAT | -");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	send_line(c, &g, "QUIT");
	cr_assert_str_eq(g.sent.data, "MAIL FROM:<a@x.test>\r\nRCPT TO:<b@x.test>\r\n"
				      "BDAT 12 LAST\r\nSubject: x\r\nQUIT\r\n");
	done(c, &g);
}

Test(client_ext, a_line_past_the_chunk_is_a_violation)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "BDAT 3");
	send_line(c, &g, "hello");
	cr_assert_eq(g.nviol, 1);
	cr_assert(strstr(g.viol[0], "RFC 3030"), "%s", g.viol[0]);
	cr_assert_eq(smtp_client_bdat_left(c), 0);
	done(c, &g);
}

Test(client_ext, bdat_without_chunking_is_a_violation)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250 mx\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "BDAT 5 LAST");
	cr_assert_eq(g.nviol, 1);
	cr_assert(strstr(g.viol[0], "CHUNKING"), "%s", g.viol[0]);
	done(c, &g);
}

/* A server without CHUNKING answers BDAT as an unknown command and reads
 * the next lines as commands: so does the engine, or their replies would
 * be unsolicited (found by fuzzing serve's log). */
Test(client_ext, bdat_refused_as_unknown_ends_the_chunk)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250 mx\r\n");
	send_line(c, &g, "BDAT 323 LAST");
	cr_assert_gt(smtp_client_bdat_left(c), 0);
	feed(c, &g, "502 5.5.1 Error: command not implemented\r\n");
	cr_assert_eq(smtp_client_bdat_left(c), 0);
	send_line(c, &g, "NOOP");
	feed(c, &g, "250 2.0.0 Ok\r\n");
	cr_assert_str_eq(g.answers[g.nrep - 1], "NOOP | -");
	done(c, &g);
}

/* The command's argument is read within the line's n bytes: a caller's
 * buffer need not end in NUL (the proxy's did not; found by fuzzing). */
Test(client_ext, an_unterminated_line_is_read_within_its_length)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 PRDR\r\n");
	const char *line = "MAIL FROM:<a@x.test> PRDR";
	size_t n = strlen(line);
	char *exact = xmalloc(n); /* no NUL after it: ASan sees any read past */
	memcpy(exact, line, n);
	cr_assert_eq(smtp_client_send(c, exact, n, 0), 0);
	drain(c, &g);
	free(exact);
	cr_assert(strstr(g.sent.data, "PRDR\r\n"));
	done(c, &g);
}

/* The engine cuts a streamed body into chunks: CRLF line ends, no
 * dot-stuffing, LAST on the last; without PIPELINING each chunk waits. */
Test(client_ext, streamed_chunks_wait_without_pipelining)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	g.sent.len = 0;
	smtp_client_chunking(c, 8);
	smtp_client_body(c, "ab\n.dot\nlast", 12);
	cr_assert(smtp_client_body_wants(c)); /* 14 normalised octets: one chunk out, 6 held */
	smtp_client_body_end(c);
	drain(c, &g);
	buf_add(&g.sent, "", 1);
	cr_assert_str_eq(g.sent.data, "BDAT 8\r\nab\r\n.dot");
	g.sent.len = 0;
	feed(c, &g, "250 8 octets\r\n");
	buf_add(&g.sent, "", 1);
	cr_assert_str_eq(g.sent.data, "BDAT 8 LAST\r\n\r\nlast\r\n");
	feed(c, &g, "250 queued\r\n");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	done(c, &g);
}

Test(client_ext, streamed_chunks_are_pipelined_when_offered)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	g.sent.len = 0;
	smtp_client_chunking(c, 4);
	smtp_client_body(c, "abcdefgh", 8);
	smtp_client_body_end(c);
	drain(c, &g);
	buf_add(&g.sent, "", 1);
	cr_assert_str_eq(g.sent.data, "BDAT 4\r\nabcdBDAT 4\r\nefghBDAT 2 LAST\r\n\r\n");
	feed(c, &g, "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n250 queued\r\n");
	cr_assert_str_eq(g.answers[4], "BDAT | BDAT 2 LAST");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	done(c, &g);
}

Test(client_ext, a_refused_chunk_stops_the_rest)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	g.sent.len = 0;
	smtp_client_chunking(c, 4);
	smtp_client_body(c, "abcdefgh", 8);
	feed(c, &g, "552 5.3.4 too big\r\n");
	smtp_client_body_end(c);
	drain(c, &g);
	buf_add(&g.sent, "", 1);
	cr_assert_str_eq(g.sent.data, "BDAT 4\r\nabcd");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	done(c, &g);
}

/* PRDR: 353 after the data, then a reply per accepted recipient (each
 * naming its RCPT), then the final one. */
Test(client_ext, prdr_replies_per_recipient)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 PRDR\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test> PRDR");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<z@x.test>");
	feed(c, &g, "550 no\r\n");
	send_line(c, &g, "RCPT TO:<d@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "DATA");
	feed(c, &g, "354 go\r\n");
	smtp_client_body(c, "hi\n", 3);
	smtp_client_body_end(c);
	drain(c, &g);
	g.nrep = 0;
	feed(c, &g, "353 PRDR content analysis beginning\r\n250 ok for b\r\n"
		    "550 refused for d\r\n250 some recipients accepted\r\n");
	cr_assert_eq(g.nrep, 4);
	cr_assert_str_eq(g.answers[0], "DOT | -");
	cr_assert_str_eq(g.answers[1], "DOT | RCPT TO:<b@x.test>");
	cr_assert_str_eq(g.answers[2], "DOT | RCPT TO:<d@x.test>");
	cr_assert_str_eq(g.answers[3], "DOT | -");
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	cr_assert_eq(smtp_client_outstanding(c), 0);
	done(c, &g);
}

/* Raw bytes count towards a BDAT's octets, and what follows them is a
 * command again. */
Test(client_ext, raw_bytes_are_a_chunks_data)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 ok\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 ok\r\n");
	const char raw[] = "BDAT 4 LAST\r\nab\r\nNOOP\r\n";
	cr_assert_eq(smtp_client_send(c, raw, sizeof raw - 1, SMTP_F_RAW), 0);
	drain(c, &g);
	cr_assert_eq(smtp_client_outstanding(c), 2, "BDAT and NOOP await replies");
	cr_assert_str_eq(smtp_client_awaiting(c), "BDAT");
	done(c, &g);
}

/* A replayed BDAT whose chunk the engine streamed (flag D in a transcript
 * file) is not followed by its octets: the next line is a command. */
Test(client_ext, a_streamed_chunks_line_replays_without_its_data)
{
	struct got g;
	struct smtp_client *c = ready(&g, "250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	cr_assert_eq(smtp_client_send(c, "BDAT 100", 8, SMTP_F_CHUNK), 0);
	cr_assert_eq(smtp_client_bdat_left(c), 0);
	cr_assert_eq(smtp_client_send(c, "BDAT 20 LAST", 12, SMTP_F_CHUNK), 0);
	drain(c, &g);
	feed(c, &g, "250 ok\r\n250 ok\r\n250 100 octets\r\n250 queued\r\n");
	cr_assert_str_eq(g.answers[3], "BDAT | BDAT 20 LAST");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	done(c, &g);
}
