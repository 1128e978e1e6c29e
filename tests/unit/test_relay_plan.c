/* The relay plan against scripted servers: what it sends, how it judges. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/relay_plan.h"
#include "smtpdbg/relay_report.h"

struct sim {
	struct smtp_client *c;
	struct relay_plan *p;
	enum run_action last;
	struct buf sent;  /* everything the client sent */
	struct buf fresh; /* what it sent in answer to the last server bytes */
	int tls_starts;
};

static void pump(struct sim *s)
{
	struct smtp_event ev;
	while (smtp_client_next_event(s->c, &ev)) {
		enum run_action a = relay_plan_event(s->p, s->c, &ev);
		cr_assert_neq(a, RUN_SEND_BODY);
		if (a == RUN_START_TLS) {
			s->tls_starts++;
			relay_plan_tls_ready(s->p);
			smtp_client_tls_ready(s->c, true);
		}
		s->last = a;
	}
	const uint8_t *p;
	size_t n = smtp_client_tx(s->c, &p);
	buf_add(&s->sent, p, n);
	buf_add(&s->fresh, p, n);
	smtp_client_tx_done(s->c, n);
}

static void server(struct sim *s, const char *bytes)
{
	buf_reset(&s->fresh);
	smtp_client_feed(s->c, bytes, strlen(bytes));
	pump(s);
}

static struct relay_opts opts(void)
{
	return (struct relay_opts){.ehlo = "client.test", .from = "relaytest@example.com",
				   .to = "relaytest@example.net", .peer = "192.0.2.7:25"};
}

static void sim_init(struct sim *s, const struct relay_opts *o)
{
	memset(s, 0, sizeof *s);
	s->c = smtp_client_new(&(struct smtp_client_opts){.ehlo_name = o->ehlo});
	s->p = relay_plan_new(o);
	buf_init(&s->sent, 0);
	buf_init(&s->fresh, 0);
}

static void sim_free(struct sim *s)
{
	relay_plan_free(s->p);
	smtp_client_free(s->c);
	buf_free(&s->sent);
	buf_free(&s->fresh);
}

/* The server's answer to one command line. */
typedef const char *(*answer_fn)(const char *line, void *ctx);

/* Answer every command until QUIT (or the plan finishes). */
static void answer_all(struct sim *s, answer_fn answer, void *ctx)
{
	for (int guard = 0; guard < 200 && s->last != RUN_FINISHED; guard++) {
		cr_assert(s->fresh.len > 0, "the plan sent nothing; sent so far:\n%s", s->sent.data);
		char *line = strndup(s->fresh.data, s->fresh.len - 2);
		const char *reply = strncmp(line, "QUIT", 4) ? answer(line, ctx) : "221 bye\r\n";
		free(line);
		if (!reply)
			return; /* the caller takes over */
		server(s, reply);
	}
}

/* Greet, then answer everything. */
static void serve(struct sim *s, answer_fn answer, void *ctx)
{
	server(s, "220 mx.lab.test ESMTP\r\n");
	answer_all(s, answer, ctx);
}

static const char *ehlo_ok(const char *line)
{
	if (!strncmp(line, "EHLO", 4))
		return "250-mx.lab.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
	if (!strncmp(line, "MAIL", 4) || !strncmp(line, "RSET", 4))
		return "250 2.0.0 Ok\r\n";
	return NULL;
}

static const char *all_refused(const char *line, void *ctx)
{
	(void)ctx;
	const char *r = ehlo_ok(line);
	return r ? r : "554 5.7.1 <x>: Relay access denied\r\n";
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

Test(relay_plan, all_refused_is_not_open)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, all_refused, NULL);
	size_t n = relay_plan_ntries(s.p);
	cr_assert_eq(n, RELAY_TRICK_COUNT);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(relay_plan_try(s.p, i)->outcome, RELAY_REFUSED, "try %zu", i + 1);
		cr_assert_eq(relay_plan_try(s.p, i)->rcpt_code, 554);
	}
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_NOT_OPEN);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_NOT_OPEN);
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_str_eq(relay_plan_try(s.p, 0)->text, "554 5.7.1 <x>: Relay access denied");
	cr_assert(strstr(relay_plan_try(s.p, 0)->meaning, "Delivery not authorized"),
		  "%s", relay_plan_try(s.p, 0)->meaning);
	sim_free(&s);
}

Test(relay_plan, rset_between_tries_and_no_data)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, all_refused, NULL);
	const char *w = s.sent.data;
	cr_assert(!strncmp(w, "EHLO client.test\r\n"
			      "MAIL FROM:<relaytest@example.com>\r\nRCPT TO:<relaytest@example.net>\r\n"
			      "RSET\r\nMAIL FROM:<>\r\nRCPT TO:<relaytest@example.net>\r\nRSET\r\n",
			   strlen("EHLO client.test\r\nMAIL FROM:<relaytest@example.com>\r\n"
				  "RCPT TO:<relaytest@example.net>\r\nRSET\r\nMAIL FROM:<>\r\n"
				  "RCPT TO:<relaytest@example.net>\r\nRSET\r\n")),
		  "%s", w);
	size_t n = relay_plan_ntries(s.p);
	cr_assert_eq(count(w, "RSET\r\n"), n - 1);
	cr_assert_eq(count(w, "MAIL FROM:"), n);
	cr_assert_eq(count(w, "RCPT TO:"), n);
	cr_assert_null(strstr(w, "DATA"));
	cr_assert_null(strstr(w, "AUTH"));
	cr_assert(strstr(w, "RCPT TO:<relaytest@example.net>\r\nQUIT\r\n") ||
		  strstr(w, ">\r\nQUIT\r\n"));
	cr_assert_eq(count(w, "QUIT"), 1);
	sim_free(&s);
}

Test(relay_plan, addresses_of_every_trick)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, all_refused, NULL);
	static const char *const want[][2] = {
		{"relaytest@example.com", "relaytest@example.net"},
		{"", "relaytest@example.net"},
		{"relaytest@mx.lab.test", "relaytest@example.net"},
		{"relaytest@example.com", "relaytest%example.net@mx.lab.test"},
		{"relaytest@example.com", "example.net!relaytest@mx.lab.test"},
		{"relaytest@example.com", "example.net!relaytest"},
		{"relaytest@example.com", "\"relaytest@example.net\"@mx.lab.test"},
		{"relaytest@example.com", "\"relaytest@example.net\""},
		{"relaytest@example.com", "@mx.lab.test:relaytest@example.net"},
		{"relaytest@example.com", "relaytest%example.net@[192.0.2.7]"},
		{"relaytest@example.com", "@[192.0.2.7]:relaytest@example.net"},
	};
	cr_assert_eq(relay_plan_ntries(s.p), sizeof want / sizeof want[0]);
	for (size_t i = 0; i < relay_plan_ntries(s.p); i++) {
		const struct relay_try *t = relay_plan_try(s.p, i);
		cr_assert_eq(t->trick, (enum relay_trick)i);
		cr_assert_str_eq(t->from, want[i][0], "try %zu", i + 1);
		cr_assert_str_eq(t->to, want[i][1], "try %zu", i + 1);
		char line[200];
		snprintf(line, sizeof line, "MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\n", want[i][0], want[i][1]);
		cr_assert(strstr(s.sent.data, line), "sent lacks %s", line);
	}
	cr_assert_str_eq(relay_plan_domain(s.p), "mx.lab.test");
	cr_assert_not(relay_plan_peer_local(s.p));
	sim_free(&s);
}

Test(relay_plan, domain_option_ipv6_literal_and_own_names)
{
	struct relay_opts o = opts();
	o.domain = "example.org";
	o.peer = "[::1]:2525";
	o.from = "a@b.example";
	o.to = "c@d.example";
	struct sim s;
	sim_init(&s, &o);
	serve(&s, all_refused, NULL);
	cr_assert_str_eq(relay_plan_try(s.p, RELAY_TRICK_OWN_SENDER)->from, "a@example.org");
	cr_assert_str_eq(relay_plan_try(s.p, RELAY_TRICK_PERCENT)->to, "c%d.example@example.org");
	cr_assert_str_eq(relay_plan_try(s.p, RELAY_TRICK_PERCENT_IP)->to, "c%d.example@[IPv6:::1]");
	cr_assert_str_eq(relay_plan_try(s.p, RELAY_TRICK_ROUTE_IP)->to, "@[IPv6:::1]:c@d.example");
	cr_assert(relay_plan_peer_local(s.p));
	sim_free(&s);
}

/* Accepts RCPT lines that contain needle. */
static const char *accept_if(const char *line, void *ctx)
{
	const char *r = ehlo_ok(line);
	if (r)
		return r;
	return !strncmp(line, "RCPT", 4) && strstr(line, ctx) ? "250 2.1.5 Ok\r\n"
							      : "550 5.7.1 relay not permitted\r\n";
}

Test(relay_plan, one_accepted_is_open)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, accept_if, "<@mx.lab.test:");
	cr_assert_eq(relay_plan_try(s.p, RELAY_TRICK_ROUTE)->outcome, RELAY_ACCEPTED);
	cr_assert_eq(relay_plan_try(s.p, RELAY_TRICK_PLAIN)->outcome, RELAY_REFUSED);
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_OPEN);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_OPEN);
	cr_assert_null(strstr(s.sent.data, "DATA"), "no DATA without --data");
	sim_free(&s);
}

Test(relay_plan, an_accepted_local_part_trick_is_only_a_lead)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, accept_if, "%example.net@mx.lab.test>");
	cr_assert_eq(relay_plan_try(s.p, RELAY_TRICK_PERCENT)->outcome, RELAY_ACCEPTED);
	cr_assert_eq(relay_plan_try(s.p, RELAY_TRICK_PERCENT_IP)->outcome, RELAY_REFUSED);
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_INCONCLUSIVE);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_INCONCLUSIVE);
	sim_free(&s);
}

static const char *greylist(const char *line, void *ctx)
{
	(void)ctx;
	const char *r = ehlo_ok(line);
	return r ? r : "450 4.7.1 <x>: Recipient address rejected: greylisted\r\n";
}

Test(relay_plan, deferred_is_inconclusive)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, greylist, NULL);
	cr_assert_eq(relay_plan_try(s.p, 0)->outcome, RELAY_DEFERRED);
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_INCONCLUSIVE);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_INCONCLUSIVE);
	sim_free(&s);
}

Test(relay_plan, one_deferred_among_refusals_is_inconclusive)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx.lab.test ESMTP\r\n");
	server(&s, "250 mx.lab.test\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "451 4.3.0 try later\r\n");
	cr_assert_str_eq(s.fresh.data, "RSET\r\n");
	answer_all(&s, all_refused, NULL);
	cr_assert_eq(relay_plan_try(s.p, 0)->outcome, RELAY_DEFERRED);
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_INCONCLUSIVE);
	sim_free(&s);
}

static const char *mail_refused(const char *line, void *ctx)
{
	(void)ctx;
	if (!strncmp(line, "MAIL", 4))
		return "530 5.7.0 Must issue a STARTTLS command first\r\n";
	const char *r = ehlo_ok(line);
	return r ? r : "554 5.7.1 no\r\n";
}

Test(relay_plan, mail_refused_tests_nothing)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, mail_refused, NULL);
	for (size_t i = 0; i < relay_plan_ntries(s.p); i++) {
		cr_assert_eq(relay_plan_try(s.p, i)->outcome, RELAY_SENDER_REFUSED);
		cr_assert_eq(relay_plan_try(s.p, i)->mail_code, 530);
		cr_assert_eq(relay_plan_try(s.p, i)->rcpt_code, 0);
	}
	cr_assert_null(strstr(s.sent.data, "RCPT"));
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_INCONCLUSIVE);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_INCONCLUSIVE);
	sim_free(&s);
}

/* Refuses everything, but the null sender at MAIL already. */
static const char *null_sender_refused(const char *line, void *ctx)
{
	(void)ctx;
	if (!strcmp(line, "MAIL FROM:<>"))
		return "553 5.1.7 no bounces here\r\n";
	return all_refused(line, ctx);
}

Test(relay_plan, a_refused_sender_still_counts_as_refusal)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, null_sender_refused, NULL);
	cr_assert_eq(relay_plan_try(s.p, RELAY_TRICK_NULL_SENDER)->outcome, RELAY_SENDER_REFUSED);
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_NOT_OPEN);
	sim_free(&s);
}

/* Drops the connection at the fourth RCPT. */
static const char *drop_at_fourth(const char *line, void *ctx)
{
	int *rcpts = ctx;
	if (!strncmp(line, "RCPT", 4) && ++*rcpts == 4)
		return NULL;
	return all_refused(line, ctx);
}

Test(relay_plan, drop_midway_is_inconclusive)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	int rcpts = 0;
	serve(&s, drop_at_fourth, &rcpts);
	smtp_client_closed(s.c, "the server closed the connection");
	pump(&s);
	cr_assert_eq(s.last, RUN_FINISHED);
	cr_assert_eq(relay_plan_try(s.p, 2)->outcome, RELAY_REFUSED);
	cr_assert_eq(relay_plan_try(s.p, 3)->outcome, RELAY_NO_ANSWER);
	cr_assert_str_eq(relay_plan_try(s.p, 3)->text, "the server closed the connection");
	cr_assert_eq(relay_plan_try(s.p, 4)->outcome, RELAY_NOT_RUN);
	cr_assert_eq(relay_plan_verdict(s.p), RELAY_V_INCONCLUSIVE);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_INCONCLUSIVE);
	cr_assert(strstr(relay_plan_reason(s.p), "closed"));
	sim_free(&s);
}

Test(relay_plan, accepted_then_dropped_is_still_open)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx.lab.test ESMTP\r\n");
	server(&s, "250 mx.lab.test\r\n");
	server(&s, "250 ok\r\n");
	server(&s, "250 ok\r\n"); /* RCPT of the plain try */
	cr_assert_str_eq(s.fresh.data, "RSET\r\n");
	relay_plan_fail(s.p, "no answer from the server within 2 s");
	cr_assert_eq(relay_plan_try(s.p, 0)->outcome, RELAY_ACCEPTED);
	cr_assert_eq(relay_plan_try(s.p, 1)->outcome, RELAY_NOT_RUN);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_OPEN);
	sim_free(&s);
}

Test(relay_plan, timeout_mid_try)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx.lab.test ESMTP\r\n");
	server(&s, "250 mx.lab.test\r\n");
	relay_plan_fail(s.p, "no answer from the server within 2 s");
	cr_assert(relay_plan_tested(s.p));
	cr_assert_eq(relay_plan_try(s.p, 0)->outcome, RELAY_NO_ANSWER);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_INCONCLUSIVE);
	sim_free(&s);
}

struct data_ctx {
	const char *dot_reply;
	int messages;
};

static const char *with_data(const char *line, void *ctx)
{
	struct data_ctx *d = ctx;
	const char *r = ehlo_ok(line);
	if (r)
		return r;
	if (!strncmp(line, "RCPT", 4))
		return strcmp(line, "RCPT TO:<relaytest@example.net>") ? "550 5.7.1 no\r\n"
									: "250 2.1.5 Ok\r\n";
	if (!strcmp(line, "DATA"))
		return "354 go ahead\r\n";
	cr_assert(strstr(line, "X-Smtpdbg-Test: open-relay"), "%s", line);
	cr_assert(strstr(line, "\r\n.\r\n") || !strcmp(line + strlen(line) - 3, "\r\n."));
	d->messages++;
	return d->dot_reply;
}

Test(relay_plan, data_confirms_or_refutes)
{
	struct relay_opts o = opts();
	o.data = true;
	o.tag = "T123";
	struct sim s;
	sim_init(&s, &o);
	struct data_ctx d = {"250 2.0.0 queued as ABC\r\n", 0};
	serve(&s, with_data, &d);
	cr_assert_eq(d.messages, 3, "the plain, null-sender and own-sender tries");
	cr_assert(strstr(s.sent.data, "Subject: smtpdbg open-relay test T123, try 1: plain\r\n"));
	const struct relay_try *t = relay_plan_try(s.p, 0);
	cr_assert_eq(t->outcome, RELAY_ACCEPTED);
	cr_assert_eq(t->data_code, 354);
	cr_assert_eq(t->dot_code, 250);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_OPEN);
	sim_free(&s);

	/* Accepts every RCPT, refuses at the end of DATA: not open. */
	sim_init(&s, &o);
	d = (struct data_ctx){"554 5.7.1 relaying denied after all\r\n", 0};
	serve(&s, with_data, &d);
	cr_assert_eq(relay_plan_try(s.p, 0)->outcome, RELAY_REFUSED);
	cr_assert_eq(relay_plan_try(s.p, 0)->rcpt_code, 250);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_NOT_OPEN);
	sim_free(&s);
}

Test(relay_plan, helo_fallback)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 old.example SMTP\r\n");
	server(&s, "502 5.5.2 what?\r\n");
	cr_assert_str_eq(s.fresh.data, "HELO client.test\r\n");
	server(&s, "250 old.example\r\n");
	cr_assert_str_eq(s.fresh.data, "MAIL FROM:<relaytest@example.com>\r\n");
	sim_free(&s);
}

Test(relay_plan, starttls)
{
	struct relay_opts o = opts();
	o.tls = CONN_TLS_STARTTLS;
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 STARTTLS\r\n");
	cr_assert_str_eq(s.fresh.data, "STARTTLS\r\n");
	server(&s, "220 2.0.0 Ready\r\n");
	cr_assert_eq(s.tls_starts, 1);
	cr_assert_str_eq(s.fresh.data, "EHLO client.test\r\n");
	server(&s, "250-mx.after.tls\r\n250 PIPELINING\r\n");
	cr_assert_str_eq(s.fresh.data, "MAIL FROM:<relaytest@example.com>\r\n");
	server(&s, "250 ok\r\n");
	cr_assert_str_eq(relay_plan_domain(s.p), "mx.after.tls");
	sim_free(&s);

	sim_init(&s, &o);
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "250-mx\r\n250 PIPELINING\r\n");
	cr_assert_str_eq(s.fresh.data, "QUIT\r\n", "never falls back to clear");
	server(&s, "221 bye\r\n");
	cr_assert_not(relay_plan_tested(s.p));
	cr_assert_eq(relay_plan_exit(s.p), 13);
	cr_assert(strstr(relay_plan_reason(s.p), "does not offer STARTTLS"));
	sim_free(&s);
}

Test(relay_plan, stages_before_the_tries)
{
	struct relay_opts o = opts();
	o.peer = NULL;
	struct sim s;
	o.peer = NULL; /* never connected */
	sim_init(&s, &o);
	relay_plan_fail(s.p, "127.0.0.1:1: Connection refused");
	cr_assert_eq(relay_plan_exit(s.p), 10);
	sim_free(&s);

	sim_init(&s, &o);
	relay_plan_set_peer(s.p, "127.0.0.1:25");
	server(&s, "554 5.7.1 go away\r\n");
	cr_assert_eq(relay_plan_exit(s.p), 11);
	sim_free(&s);

	sim_init(&s, &o);
	o.tls = CONN_TLS_STARTTLS;
	server(&s, "220 mx ESMTP\r\n");
	server(&s, "550 no\r\n");
	cr_assert_eq(relay_plan_exit(s.p), 12, "no HELO fallback under --starttls");
	sim_free(&s);
}

Test(relay_plan, hostile_names_are_not_used)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 evil>\x1b[2J ESMTP\r\n");
	server(&s, "250 <evil>\r\n");
	cr_assert_str_eq(relay_plan_domain(s.p), "[192.0.2.7]");
	server(&s, "250 ok\r\n");
	server(&s, "554 \x1b]52;c;aGk=\x07 no\r\n");
	cr_assert_str_eq(relay_plan_try(s.p, 0)->text, "554 \\x1b]52;c;aGk=\\x07 no");
	sim_free(&s);
}

Test(relay_plan, no_peer_skips_the_literal_tries)
{
	struct relay_opts o = opts();
	o.peer = NULL;
	struct sim s;
	sim_init(&s, &o);
	serve(&s, all_refused, NULL);
	cr_assert_eq(relay_plan_ntries(s.p), RELAY_TRICK_COUNT - 2);
	cr_assert_eq(relay_plan_exit(s.p), RELAY_EXIT_NOT_OPEN);
	sim_free(&s);
}

Test(relay_plan, notes_head_each_try)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	server(&s, "220 mx.lab.test ESMTP\r\n");
	server(&s, "250 mx.lab.test\r\n");
	char *n = relay_plan_take_note(s.p);
	cr_assert(strstr(n, "11 tries without AUTH"), "%s", n);
	free(n);
	n = relay_plan_take_note(s.p);
	cr_assert_str_eq(n, "try 1/11: plain foreign sender and recipient: "
			    "MAIL FROM:<relaytest@example.com> RCPT TO:<relaytest@example.net>");
	free(n);
	cr_assert_null(relay_plan_take_note(s.p));
	server(&s, "250 ok\r\n");
	server(&s, "554 5.7.1 <relaytest@example.net>: Relay access denied\r\n");
	n = relay_plan_take_note(s.p);
	cr_assert(!strncmp(n, "try 1/11: refused at RCPT: 554 5.7.1", 36), "%s", n);
	free(n);
	sim_free(&s);
}

Test(relay_plan, vantage_point)
{
	static const char *const local[] = {"127.0.0.1:25", "10.1.2.3:25", "172.20.0.1:25",
					    "192.168.1.1:25", "[::1]:25", "[fd00::1]:25",
					    "[::ffff:127.0.0.1]:25"};
	static const char *const outside[] = {"192.0.2.7:25", "172.32.0.1:25", "[2001:db8::1]:25"};
	struct relay_opts o = opts();
	for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
		o.peer = local[i];
		struct relay_plan *p = relay_plan_new(&o);
		cr_assert(relay_plan_peer_local(p), "%s", local[i]);
		relay_plan_free(p);
	}
	for (size_t i = 0; i < sizeof outside / sizeof *outside; i++) {
		o.peer = outside[i];
		struct relay_plan *p = relay_plan_new(&o);
		cr_assert_not(relay_plan_peer_local(p), "%s", outside[i]);
		relay_plan_free(p);
	}
}

/* The report of a finished plan, as text and as JSON. */
static void report(struct sim *s, struct buf *text, struct buf *json)
{
	buf_init(text, 0);
	buf_init(json, 0);
	relay_report_text(text, s->p);
	relay_report_json(json, s->p, 42);
}

Test(relay_report, not_open)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, all_refused, NULL);
	struct buf t, j;
	report(&s, &t, &j);
	cr_assert(strstr(t.data, "\nverdict: not an open relay\n"), "%s", t.data);
	cr_assert(strstr(t.data, "  all 11 tries were refused with a permanent error (5xx)\n"));
	cr_assert(strstr(t.data, "    4  250  554  refused          %-hack: <relaytest@example.com> -> "
			       "<relaytest%example.net@mx.lab.test>\n"), "%s", t.data);
	cr_assert_null(strstr(t.data, "caveats:"), "192.0.2.7 is outside, nothing was accepted");
	cr_assert(!strncmp(j.data, "{\"t\":42,\"type\":\"verdict\",\"verdict\":\"not an open relay\","
				   "\"exit\":0,", 60), "%s", j.data);
	cr_assert(strstr(j.data, "\"to\":\"\\\"relaytest@example.net\\\"@mx.lab.test\""), "%s", j.data);
	cr_assert(strstr(j.data, "\"caveats\":[]}\n"), "%s", j.data);
	cr_assert_eq(j.data[j.len - 1], '\n');
	cr_assert_eq(count(j.data, "\n"), 1, "one line");
	buf_free(&t);
	buf_free(&j);
	sim_free(&s);
}

Test(relay_report, open_with_caveats)
{
	struct relay_opts o = opts();
	o.peer = "127.0.0.1:25";
	struct sim s;
	sim_init(&s, &o);
	serve(&s, accept_if, "RCPT TO:<relaytest@example.net>");
	struct buf t, j;
	report(&s, &t, &j);
	cr_assert(strstr(t.data, "\nverdict: open relay\n"), "%s", t.data);
	cr_assert(strstr(t.data, "  try 1 (plain foreign sender and recipient) was accepted at "
				 "RCPT: 250 2.1.5 Ok\n"), "%s", t.data);
	cr_assert(strstr(t.data, "caveats:\n  - accept-then-bounce"), "%s", t.data);
	cr_assert(strstr(t.data, "  - recipient checks deferred to DATA"));
	cr_assert(strstr(t.data, "tested from inside"));
	cr_assert_null(strstr(t.data, "greylisting"));
	cr_assert(strstr(j.data, "\"exit\":3,"));
	cr_assert(strstr(j.data, "\"peer_local\":true"));
	buf_free(&t);
	buf_free(&j);
	sim_free(&s);
}

Test(relay_report, inconclusive_says_why)
{
	struct relay_opts o = opts();
	struct sim s;
	sim_init(&s, &o);
	serve(&s, greylist, NULL);
	struct buf t, j;
	report(&s, &t, &j);
	cr_assert(strstr(t.data, "\nverdict: inconclusive\n"
				 "  11 tries were deferred with a temporary error (4xx)\n"), "%s", t.data);
	cr_assert(strstr(t.data, "  - greylisting"));
	buf_free(&t);
	buf_free(&j);
	sim_free(&s);

	sim_init(&s, &o);
	serve(&s, accept_if, "\"relaytest@example.net\"@");
	report(&s, &t, &j);
	cr_assert(strstr(t.data, "\nverdict: inconclusive\n  only address tricks were accepted, no "
				 "plainly foreign recipient: 7 (quoted local part at the server's "
				 "domain). A server may take"), "%s", t.data);
	cr_assert(strstr(t.data, "  10 tries were refused (5xx)\n"), "%s", t.data);
	buf_free(&t);
	buf_free(&j);
	sim_free(&s);

	sim_init(&s, &o);
	serve(&s, mail_refused, NULL);
	report(&s, &t, &j);
	cr_assert(strstr(t.data, "every MAIL FROM was refused: no recipient was tried"), "%s", t.data);
	buf_free(&t);
	buf_free(&j);
	sim_free(&s);

	o.peer = NULL; /* never connected */
	sim_init(&s, &o);
	relay_plan_fail(s.p, "127.0.0.1:1: Connection refused");
	report(&s, &t, &j);
	cr_assert_str_eq(t.data, "verdict: inconclusive\n"
				 "  no try was made: the connect stage failed: 127.0.0.1:1: Connection refused\n");
	cr_assert(strstr(j.data, "\"exit\":10,\"tested\":false"), "%s", j.data);
	buf_free(&t);
	buf_free(&j);
	sim_free(&s);
}
