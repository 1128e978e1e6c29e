/* LMTP (RFC 2033) in the engine and the run plan: LHLO, and after the end
 * of the data one reply per accepted recipient, each matched to its RCPT
 * line; the plan's result from those replies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/annot.h"
#include "smtpdbg/client.h"
#include "smtpdbg/run_plan.h"

#include "client_sim.h"

/* ---- the engine ------------------------------------------------------ */

static struct smtp_client *lmtp_client(struct got *g)
{
	struct smtp_client *c =
		smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "c.test", .lmtp = true});
	memset(g, 0, sizeof *g);
	buf_init(&g->sent, 0);
	feed(c, g, "220 lda.test Dovecot ready.\r\n");
	return c;
}

static void done(struct smtp_client *c, struct got *g)
{
	smtp_client_free(c);
	buf_free(&g->sent);
}

/* LHLO is the hello: its 250 gives the capabilities, as EHLO's would. */
Test(lmtp_engine, lhlo_reads_the_capabilities)
{
	struct got g;
	struct smtp_client *c = lmtp_client(&g);
	cr_assert(smtp_client_lmtp(c));
	send_line(c, &g, "LHLO c.test");
	feed(c, &g, "250-lda.test\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	cr_assert_str_eq(g.answers[1], "LHLO | -");
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	cr_assert(smtp_client_caps(c)->pipelining);
	cr_assert(smtp_client_caps(c)->chunking);
	done(c, &g);
}

/* RFC 2033 §4.1: LMTP has no EHLO or HELO; an SMTP server no LHLO. */
Test(lmtp_engine, ehlo_in_lmtp_and_lhlo_in_smtp_are_noted)
{
	struct got g;
	struct smtp_client *c = lmtp_client(&g);
	send_line(c, &g, "EHLO c.test");
	cr_assert_eq(g.nviol, 1);
	cr_assert(strstr(g.viol[0], "LHLO"), "%s", g.viol[0]);
	done(c, &g);

	struct smtp_client *s = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "c.test"});
	memset(&g, 0, sizeof g);
	buf_init(&g.sent, 0);
	feed(s, &g, "220 mx ESMTP\r\n");
	send_line(s, &g, "LHLO c.test");
	cr_assert_eq(g.nviol, 1);
	cr_assert(strstr(g.viol[0], "RFC 2033"), "%s", g.viol[0]);
	done(s, &g);
}

static void envelope(struct smtp_client *c, struct got *g)
{
	send_line(c, g, "LHLO c.test");
	feed(c, g, "250-lda.test\r\n250 ENHANCEDSTATUSCODES\r\n");
	send_line(c, g, "MAIL FROM:<a@x.test>");
	feed(c, g, "250 2.1.0 OK\r\n");
	send_line(c, g, "RCPT TO:<b@x.test>");
	feed(c, g, "250 2.1.5 OK\r\n");
	send_line(c, g, "RCPT TO:<nobody@x.test>");
	feed(c, g, "550 5.1.1 <nobody@x.test> User doesn't exist\r\n");
	send_line(c, g, "RCPT TO:<d@x.test>");
	feed(c, g, "250 2.1.5 OK\r\n");
	send_line(c, g, "DATA");
	feed(c, g, "354 OK\r\n");
}

/* RFC 2033 §4.2: after "." one reply per accepted recipient, in RCPT
 * order; the refused one gets none. None is unsolicited. */
Test(lmtp_engine, one_reply_per_accepted_recipient_after_dot)
{
	struct got g;
	struct smtp_client *c = lmtp_client(&g);
	envelope(c, &g);
	send_line(c, &g, "Subject: t");
	send_line(c, &g, "");
	send_line(c, &g, ".");
	cr_assert_eq(smtp_client_outstanding(c), 1);
	g.nrep = 0;
	feed(c, &g, "250 2.0.0 <b@x.test> Saved\r\n");
	cr_assert_eq(smtp_client_outstanding(c), 1, "d's reply is due");
	feed(c, &g, "452 4.2.2 <d@x.test> Quota exceeded\r\n");
	cr_assert_eq(g.nrep, 2);
	cr_assert_str_eq(g.answers[0], "DOT | RCPT TO:<b@x.test>");
	cr_assert_str_eq(g.answers[1], "DOT | RCPT TO:<d@x.test>");
	cr_assert(g.flags[0] & SMTP_F_LMTP_RCPT);
	cr_assert(g.flags[1] & SMTP_F_LMTP_RCPT);
	cr_assert_not(g.flags[0] & SMTP_F_LMTP_DONE);
	cr_assert(g.flags[1] & SMTP_F_LMTP_DONE, "the last one says so");
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	cr_assert_eq(smtp_client_outstanding(c), 0);
	cr_assert_eq(smtp_client_state(c), SMTP_ST_READY);
	/* The next transaction starts afresh: one recipient, one reply. */
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 2.1.0 OK\r\n");
	send_line(c, &g, "RCPT TO:<d@x.test>");
	feed(c, &g, "250 2.1.5 OK\r\n");
	send_line(c, &g, "DATA");
	feed(c, &g, "354 OK\r\n");
	smtp_client_body(c, "x\n", 2);
	smtp_client_body_end(c);
	drain(c, &g);
	cr_assert_eq(smtp_client_outstanding(c), 1);
	done(c, &g);
}

/* The same session spoken as SMTP: the second reply would be unsolicited,
 * which is what the engine said before it knew LMTP. */
Test(lmtp_engine, without_lmtp_the_extra_reply_is_unsolicited)
{
	struct got g;
	struct smtp_client *c = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = "c.test"});
	memset(&g, 0, sizeof g);
	buf_init(&g.sent, 0);
	feed(c, &g, "220 lda.test\r\n");
	envelope(c, &g);
	send_line(c, &g, ".");
	g.nviol = 0;
	feed(c, &g, "250 2.0.0 <b@x.test> Saved\r\n250 2.0.0 <d@x.test> Saved\r\n");
	cr_assert_geq(g.nviol, 1);
	cr_assert(strstr(g.viol[g.nviol - 1], "no command outstanding"), "%s", g.viol[0]);
	done(c, &g);
}

/* BDAT ... LAST is answered per recipient as well (RFC 2033 §4.2 with
 * RFC 3030). */
Test(lmtp_engine, bdat_last_is_answered_per_recipient)
{
	struct got g;
	struct smtp_client *c = lmtp_client(&g);
	send_line(c, &g, "LHLO c.test");
	feed(c, &g, "250-lda.test\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	feed(c, &g, "250 OK\r\n");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	feed(c, &g, "250 OK\r\n");
	send_line(c, &g, "RCPT TO:<d@x.test>");
	feed(c, &g, "250 OK\r\n");
	send_line(c, &g, "BDAT 2 LAST");
	send_line(c, &g, "");
	g.nrep = 0;
	feed(c, &g, "250 2.0.0 <b@x.test> Saved\r\n550 5.7.1 <d@x.test> refused\r\n");
	cr_assert_eq(g.nrep, 2);
	cr_assert_str_eq(g.answers[0], "BDAT | RCPT TO:<b@x.test>");
	cr_assert_str_eq(g.answers[1], "BDAT | RCPT TO:<d@x.test>");
	cr_assert_eq(smtp_client_outstanding(c), 0);
	done(c, &g);
}

/* RCPT pipelined with BDAT LAST: which recipients LMTP answers for after
 * the data is known only once their replies are in, and is still right. */
Test(lmtp_engine, pipelined_bdat_last_before_the_rcpt_replies)
{
	struct got g;
	struct smtp_client *c = lmtp_client(&g);
	send_line(c, &g, "LHLO c.test");
	feed(c, &g, "250-lda.test\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
	send_line(c, &g, "MAIL FROM:<a@x.test>");
	send_line(c, &g, "RCPT TO:<b@x.test>");
	send_line(c, &g, "RCPT TO:<nobody@x.test>");
	send_line(c, &g, "RCPT TO:<d@x.test>");
	send_line(c, &g, "BDAT 2 LAST");
	send_line(c, &g, "");
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	g.nrep = 0;
	feed(c, &g, "250 OK\r\n250 OK\r\n550 5.1.1 unknown\r\n250 OK\r\n"
		    "250 2.0.0 <b@x.test> Saved\r\n452 4.2.2 <d@x.test> full\r\n");
	cr_assert_eq(g.nrep, 6);
	cr_assert_str_eq(g.answers[4], "BDAT | RCPT TO:<b@x.test>");
	cr_assert_str_eq(g.answers[5], "BDAT | RCPT TO:<d@x.test>");
	cr_assert(g.flags[5] & SMTP_F_LMTP_DONE);
	cr_assert_eq(g.nviol, 0, "%s", g.viol[0]);
	cr_assert_eq(smtp_client_outstanding(c), 0);
	done(c, &g);
}

/* The explanation of a per-recipient reply says which RCPT it answers and
 * what LMTP means by it. */
Test(lmtp_engine, per_recipient_reply_is_explained)
{
	struct got g;
	struct smtp_client *c = lmtp_client(&g);
	envelope(c, &g);
	send_line(c, &g, ".");
	smtp_client_feed(c, "250 2.0.0 <b@x.test> Saved\r\n", 28);
	struct smtp_event ev;
	bool seen = false;
	while (smtp_client_next_event(c, &ev)) {
		if (ev.type != SMTP_EV_REPLY)
			continue;
		struct annot_line l;
		annot_event(&ev, &(struct annot_policy){0}, &l);
		struct buf b;
		buf_init(&b, 0);
		annot_items_text(&l.items, &b);
		cr_assert(strstr(b.data, "answers: RCPT TO:<b@x.test>"), "%s", b.data);
		cr_assert(strstr(b.data, "RFC 2033"), "%s", b.data);
		buf_free(&b);
		annot_line_free(&l);
		seen = true;
	}
	cr_assert(seen);
	done(c, &g);
}

/* ---- the run plan ---------------------------------------------------- */

struct sim {
	struct smtp_client *c;
	struct run_plan *p;
	enum run_action last;
	struct buf sent;
};

static void pump(struct sim *s)
{
	struct smtp_event ev;
	while (smtp_client_next_event(s->c, &ev)) {
		enum run_action a = run_plan_event(s->p, s->c, &ev);
		if (a == RUN_SEND_BODY) {
			smtp_client_body(s->c, "Subject: t\n\nhello\n", 18);
			smtp_client_body_end(s->c);
		}
		s->last = a;
	}
	const uint8_t *p;
	size_t n = smtp_client_tx(s->c, &p);
	buf_add(&s->sent, p, n);
	smtp_client_tx_done(s->c, n);
}

static void server(struct sim *s, const char *bytes)
{
	smtp_client_feed(s->c, bytes, strlen(bytes));
	pump(s);
}

static const char *const three_rcpt[] = {"b@lab.test", "nobody@lab.test", "d@lab.test"};

static void sim_init(struct sim *s, const struct run_opts *o)
{
	s->c = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = o->ehlo, .lmtp = true});
	s->p = run_plan_new(o);
	buf_init(&s->sent, 0);
	s->last = RUN_GO_ON;
}

static void sim_free(struct sim *s)
{
	run_plan_free(s->p);
	smtp_client_free(s->c);
	buf_free(&s->sent);
}

static struct run_opts lmtp_opts(void)
{
	return (struct run_opts){.ehlo = "client.test", .from = "a@client.test", .to = three_rcpt,
				 .nto = 3, .has_body = true, .quit_after = -1, .msg_size = -1};
}

static void to_data(struct sim *s)
{
	server(s, "220 lda ready\r\n");
	cr_assert_str_eq(s->sent.data, "LHLO client.test\r\n");
	server(s, "250-lda\r\n250 8BITMIME\r\n");
	server(s, "250 2.1.0 OK\r\n");
	server(s, "250 2.1.5 OK\r\n");
	server(s, "550 5.1.1 <nobody@lab.test> User doesn't exist\r\n");
	server(s, "250 2.1.5 OK\r\n");
	server(s, "354 OK\r\n");
	cr_assert(strstr(s->sent.data, "hello\r\n.\r\n"));
}

/* Delivered to b, refused for nobody at RCPT and for d after the data:
 * the plan waits for both replies, then a partial refusal naming both. */
Test(lmtp_plan, partial_refusal_after_the_data_is_18)
{
	struct run_opts o = lmtp_opts();
	struct sim s;
	sim_init(&s, &o);
	to_data(&s);
	server(&s, "250 2.0.0 <b@lab.test> Saved\r\n");
	cr_assert_null(strstr(s.sent.data, "QUIT"), "waits for d's reply");
	server(&s, "552 5.2.2 <d@lab.test> Quota exceeded\r\n");
	cr_assert(strstr(s.sent.data, ".\r\nQUIT\r\n"));
	cr_assert_eq(s.last, RUN_GO_ON);
	char *note = run_plan_take_ext_note(s.p);
	cr_assert(note && strstr(note, "LMTP") && strstr(note, "1 of 2"), "%s", note ? note : "-");
	free(note);
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), RUN_EXIT_PARTIAL);
	cr_assert_str_eq(run_plan_refused(s.p), "nobody@lab.test (550), d@lab.test (552)");
	sim_free(&s);
}

/* Every accepted recipient refused after the data: the data stage failed. */
Test(lmtp_plan, all_refused_after_the_data_is_17)
{
	struct run_opts o = lmtp_opts();
	struct sim s;
	sim_init(&s, &o);
	to_data(&s);
	server(&s, "452 4.2.2 <b@lab.test> Quota exceeded\r\n");
	server(&s, "552 5.2.2 <d@lab.test> Quota exceeded\r\n");
	cr_assert(strstr(s.sent.data, ".\r\nQUIT\r\n"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), run_stage_exit(RUN_STAGE_DATA));
	cr_assert_eq(run_plan_exit(s.p), 17);
	cr_assert(strstr(run_plan_reason(s.p), "d@lab.test"), "%s", run_plan_reason(s.p));
	sim_free(&s);
}

/* All delivered: exit 0, nothing refused but the RCPT one... which makes
 * it partial; with every recipient known it is a clean 0. */
Test(lmtp_plan, all_delivered_is_0)
{
	static const char *const two[] = {"b@lab.test", "d@lab.test"};
	struct run_opts o = lmtp_opts();
	o.to = two;
	o.nto = 2;
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 lda ready\r\n");
	server(&s, "250 lda\r\n");
	server(&s, "250 OK\r\n");
	server(&s, "250 OK\r\n");
	server(&s, "250 OK\r\n");
	server(&s, "354 OK\r\n");
	/* Both in one read: the plan sees the events after the engine has
	 * read both, and still counts two of two. */
	server(&s, "250 2.0.0 <b@lab.test> Saved\r\n250 2.0.0 <d@lab.test> Saved\r\n");
	char *note = run_plan_take_ext_note(s.p);
	cr_assert(note && strstr(note, "2 of 2"), "%s", note ? note : "-");
	free(note);
	cr_assert(strstr(s.sent.data, ".\r\nQUIT\r\n"));
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), 0);
	cr_assert_null(run_plan_refused(s.p));
	sim_free(&s);
}

/* No HELO fallback: a refused LHLO fails the hello stage. */
Test(lmtp_plan, refused_lhlo_has_no_helo_fallback)
{
	struct run_opts o = lmtp_opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ready\r\n");
	server(&s, "500 5.5.1 command unrecognized\r\n");
	cr_assert_str_eq(s.sent.data, "LHLO client.test\r\nQUIT\r\n");
	server(&s, "221 bye\r\n");
	cr_assert_eq(run_plan_exit(s.p), run_stage_exit(RUN_STAGE_EHLO));
	sim_free(&s);
}
