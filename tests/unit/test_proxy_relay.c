/* The proxy's relay: what passes byte for byte, what the EHLO filter takes
 * out, STARTTLS held until both legs can do it, injection dropped, message
 * content and BDAT chunks never read as commands. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/proxy_relay.h"

struct seen {
	struct buf lines; /* "C:text\n", "S:text\n", "B:text\n" (body) */
	struct buf notes; /* "N:text\n" or "W:text\n" */
};

static void on_line(void *arg, enum proxy_party who, const char *p, size_t n, bool body,
		    bool bare)
{
	struct seen *s = arg;
	(void)bare;
	buf_adds(&s->lines, body ? "B:" : who == PROXY_CLIENT ? "C:" : "S:");
	buf_add(&s->lines, p, n);
	buf_addc(&s->lines, '\n');
}

static void on_note(void *arg, bool warn, const char *text)
{
	struct seen *s = arg;
	buf_adds(&s->notes, warn ? "W:" : "N:");
	buf_adds(&s->notes, text);
	buf_addc(&s->notes, '\n');
}

static struct seen seen;
static struct proxy_relay *r;
static struct buf up, down;

static void setup(void)
{
	buf_init(&seen.lines, 0);
	buf_init(&seen.notes, 0);
	buf_init(&up, 0);
	buf_init(&down, 0);
	r = proxy_relay_new(false, false,
			    &(struct proxy_relay_cb){.line = on_line, .note = on_note, .arg = &seen});
}

static void teardown(void)
{
	proxy_relay_free(r);
	buf_free(&seen.lines);
	buf_free(&seen.notes);
	buf_free(&up);
	buf_free(&down);
}

static const char *str(struct buf *b)
{
	buf_addc(b, '\0');
	b->len--;
	return b->data;
}

static enum proxy_act srv(const char *s)
{
	return proxy_relay_server(r, s, strlen(s), &down);
}

static void cli(const char *s)
{
	proxy_relay_client(r, s, strlen(s), &up);
}

TestSuite(proxy_relay, .init = setup, .fini = teardown);

Test(proxy_relay, filter_takes_out_channel_binding_and_external)
{
	struct buf out, removed;
	buf_init(&out, 0);
	buf_init(&removed, 0);
	const char *l = "AUTH PLAIN SCRAM-SHA-256-PLUS LOGIN EXTERNAL SCRAM-SHA-1-PLUS";
	cr_assert(proxy_filter_auth(l, strlen(l), &out, &removed));
	cr_assert_str_eq(str(&out), "AUTH PLAIN LOGIN");
	cr_assert_str_eq(str(&removed), "SCRAM-SHA-256-PLUS EXTERNAL SCRAM-SHA-1-PLUS");
	buf_reset(&out);
	buf_reset(&removed);
	l = "AUTH=PLAIN LOGIN";
	cr_assert_not(proxy_filter_auth(l, strlen(l), &out, &removed));
	cr_assert_str_eq(str(&out), "AUTH=PLAIN LOGIN");
	buf_reset(&out);
	l = "AUTH EXTERNAL";
	cr_assert(proxy_filter_auth(l, strlen(l), &out, &removed));
	cr_assert_eq(out.len, 0, "no mechanism left: the line goes");
	buf_reset(&out);
	l = "AUTHX EXTERNAL";
	cr_assert_not(proxy_filter_auth(l, strlen(l), &out, &removed));
	buf_free(&out);
	buf_free(&removed);
}

Test(proxy_relay, passes_a_session_byte_for_byte)
{
	const char *greet = "220 mx.test ESMTP\r\n";
	cr_assert_eq(srv(greet), PROXY_GO_ON);
	cli("EHLO me\r\n");
	const char *ehlo = "250-mx.test\r\n250-PIPELINING\n250 AUTH PLAIN LOGIN\r\n";
	srv(ehlo);
	/* A pipelined group, a message with a stuffed dot, QUIT. */
	const char *c = "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n";
	cli(c);
	srv("250 ok\r\n250 ok\r\n354 go\r\n");
	const char *body = "Subject: t\r\n\r\n..dot\r\nSTARTTLS\r\n.\r\nQUIT\r\n";
	cli(body);
	srv("250 queued\r\n221 bye\r\n");
	struct buf want;
	buf_init(&want, 0);
	buf_adds(&want, "EHLO me\r\n");
	buf_adds(&want, c);
	buf_adds(&want, body);
	cr_assert_str_eq(str(&up), str(&want));
	buf_reset(&want);
	buf_adds(&want, greet);
	buf_adds(&want, ehlo);
	buf_adds(&want, "250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n221 bye\r\n");
	cr_assert_str_eq(str(&down), str(&want));
	buf_free(&want);
	cr_assert(strstr(str(&seen.lines), "B:..dot\nB:STARTTLS\nB:.\nC:QUIT\n"),
		  "message lines are content, not commands: %s", str(&seen.lines));
	cr_assert_not(proxy_relay_awaits_starttls(r));
	cr_assert_eq(seen.notes.len, 0, "nothing changed, nothing said: %s", str(&seen.notes));
}

Test(proxy_relay, ehlo_reply_loses_what_cannot_cross_the_proxy)
{
	r = (proxy_relay_free(r), proxy_relay_new(true, true, &(struct proxy_relay_cb){
							  .line = on_line, .note = on_note,
							  .arg = &seen}));
	srv("220 x\r\n");
	cli("EHLO me\r\n");
	srv("250-x\r\n250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256\r\n250-SIZE 10\r\n"
	    "250 AUTH EXTERNAL\r\n");
	cr_assert_str_eq(str(&down), "220 x\r\n250-x\r\n250-AUTH SCRAM-SHA-256\r\n250 SIZE 10\r\n");
	/* The transcript shows what the server sent, and says what changed. */
	cr_assert(strstr(str(&seen.lines), "S:250-AUTH SCRAM-SHA-256-PLUS SCRAM-SHA-256\n"));
	cr_assert(strstr(str(&seen.lines), "S:250 AUTH EXTERNAL\n"));
	cr_assert(strstr(str(&seen.notes), "N:passed on to the mail program without "
					   "SCRAM-SHA-256-PLUS EXTERNAL"),
		  "%s", str(&seen.notes));
	/* Not an EHLO reply: never filtered. */
	buf_reset(&down);
	cli("HELP\r\n");
	srv("214 AUTH EXTERNAL\r\n");
	cr_assert_str_eq(str(&down), "214 AUTH EXTERNAL\r\n");
}

Test(proxy_relay, starttls_is_held_and_injection_dropped)
{
	srv("220 x\r\n");
	cli("EHLO me\r\n");
	srv("250-x\r\n250 STARTTLS\r\n");
	buf_reset(&up);
	buf_reset(&down);
	cli("STARTTLS\r\nMAIL FROM:<evil@x>\r\n");
	cr_assert_str_eq(str(&up), "STARTTLS\r\n", "nothing after STARTTLS goes on");
	cr_assert(strstr(str(&seen.notes), "W:the mail program sent bytes after STARTTLS"));
	cr_assert(proxy_relay_awaits_starttls(r));
	cr_assert_eq(srv("220 go ahead\r\n250 injected\r\n"), PROXY_UP_TLS);
	cr_assert_eq(down.len, 0, "the 220 waits for the upstream's TLS");
	cr_assert(strstr(str(&seen.notes), "W:the server sent bytes after its 220"));
	proxy_relay_release(r, &down);
	cr_assert_str_eq(str(&down), "220 go ahead\r\n");
	cr_assert(proxy_relay_up_tls(r));
	proxy_relay_tls(r);
	cr_assert(proxy_relay_down_tls(r));
	buf_reset(&up);
	buf_reset(&down);
	cli("EHLO me\r\n");
	srv("250-x\r\n250 AUTH PLAIN SCRAM-SHA-1-PLUS\r\n");
	cr_assert_str_eq(str(&up), "EHLO me\r\n");
	cr_assert_str_eq(str(&down), "250-x\r\n250 AUTH PLAIN\r\n");
}

Test(proxy_relay, starttls_refused_goes_on_in_clear)
{
	srv("220 x\r\n");
	cli("STARTTLS\r\n");
	cr_assert_eq(srv("454 4.7.0 not now\r\n"), PROXY_GO_ON);
	cr_assert(strstr(str(&down), "454 4.7.0 not now\r\n"));
	cr_assert_not(proxy_relay_awaits_starttls(r));
	buf_reset(&up);
	cli("QUIT\r\n");
	cr_assert_str_eq(str(&up), "QUIT\r\n");
}

Test(proxy_relay, auth_in_clear_is_warned_and_answers_are_not_commands)
{
	srv("220 x\r\n");
	cli("AUTH LOGIN\r\n");
	cr_assert(strstr(str(&seen.notes), "W:the mail program logs in (AUTH LOGIN) before TLS"));
	srv("334 VXNlcm5hbWU6\r\n");
	cli("STARTTLS\r\n"); /* an answer, however it reads */
	cr_assert_not(proxy_relay_awaits_starttls(r));
	srv("535 5.7.8 no\r\n");
	cr_assert(strstr(str(&down), "535 5.7.8 no\r\n"));
}

Test(proxy_relay, no_warning_when_both_legs_are_tls)
{
	r = (proxy_relay_free(r), proxy_relay_new(true, true, &(struct proxy_relay_cb){
							  .line = on_line, .note = on_note,
							  .arg = &seen}));
	srv("220 x\r\n");
	cli("AUTH PLAIN AHUAcA==\r\n");
	cr_assert_eq(seen.notes.len, 0);
}

Test(proxy_relay, client_tls_only_is_still_warned)
{
	r = (proxy_relay_free(r), proxy_relay_new(false, true, &(struct proxy_relay_cb){
							   .line = on_line, .note = on_note,
							   .arg = &seen}));
	srv("220 x\r\n");
	cli("AUTH PLAIN AHUAcA==\r\n");
	cr_assert(strstr(str(&seen.notes), "before TLS"), "the server's leg is in clear");
}

Test(proxy_relay, bdat_chunks_pass_unread)
{
	srv("220 x\r\n");
	cli("EHLO me\r\n");
	srv("250-x\r\n250 CHUNKING\r\n");
	buf_reset(&up);
	const char chunk[] = "BDAT 12 LAST\r\nSTARTTLS\r\n.\r\n";
	cli(chunk);
	cr_assert_str_eq(str(&up), chunk);
	cr_assert_not(proxy_relay_awaits_starttls(r));
	cr_assert(strstr(str(&seen.notes), "12 bytes of message content follow (BDAT)"));
	cli("QUIT\r\n");
	cr_assert(strstr(str(&seen.lines), "C:QUIT\n"));
	cr_assert_null(strstr(str(&seen.lines), "C:STARTTLS"));
}

Test(proxy_relay, byte_at_a_time_gives_the_same_bytes)
{
	const char *s = "220 x\r\n250-x\r\n250-AUTH PLAIN EXTERNAL\r\n250 8BITMIME\r\n";
	const char *c = "EHLO me\r\n";
	proxy_relay_server(r, s, 7, &down);
	for (const char *p = c; *p; p++)
		proxy_relay_client(r, p, 1, &up);
	for (const char *p = s + 7; *p; p++)
		proxy_relay_server(r, p, 1, &down);
	cr_assert_str_eq(str(&up), c);
	cr_assert_str_eq(str(&down), "220 x\r\n250-x\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
}

Test(proxy_relay, a_long_line_passes_whole)
{
	srv("220 x\r\n");
	size_t n = PROXY_LINE_MAX * 2;
	char *big = malloc(n + 3);
	memset(big, 'A', n);
	memcpy(big + n, "\r\n", 3);
	for (size_t i = 0; i < n + 2; i += 1000)
		proxy_relay_client(r, big + i, i + 1000 <= n + 2 ? 1000 : n + 2 - i, &up);
	cr_assert_eq(up.len, n + 2);
	cr_assert_eq(memcmp(up.data, big, n + 2), 0);
	cr_assert(strstr(str(&seen.notes), "longer than 64 KiB"));
	free(big);
}
