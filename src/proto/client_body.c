/* Message content after 354, streamed: dot-stuffed (RFC 5321 §4.5.2) and
 * with every line ending made CRLF, so no bare CR or LF reaches the server.
 * The header lines are shown as they go (SENT events, as typed content
 * lines are), up to the empty line; the body's lines are not: a message of
 * any size must not become an event per line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

void client_body_start(struct smtp_client *c)
{
	c->body_bol = true;
	c->body_cr = false;
	c->hdr_on = true;
	c->hdr_cr = false;
	c->hdr_len = c->hdr_lines = 0;
}

static void header_line_end(struct smtp_client *c)
{
	if (c->hdr_lines++ < CLIENT_HDR_LINES_MAX || c->hdr_len == 0)
		client_emit_sent(c, c->hdr_line, c->hdr_len, SMTP_F_BODY);
	if (c->hdr_len == 0)
		c->hdr_on = false; /* the body starts */
	c->hdr_len = 0;
}

/* The header lines in p, with the same idea of a line end as below. */
static void header_lines(struct smtp_client *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n && c->hdr_on; i++) {
		char ch = p[i];
		if (c->hdr_cr) {
			c->hdr_cr = false;
			if (ch == '\n')
				continue; /* CRLF: the CR ended the line */
		}
		if (ch == '\r' || ch == '\n') {
			c->hdr_cr = ch == '\r';
			header_line_end(c);
		} else if (c->hdr_len < sizeof c->hdr_line) {
			c->hdr_line[c->hdr_len++] = ch; /* a longer line is shown cut */
		}
	}
}

void smtp_client_body(struct smtp_client *c, const void *vp, size_t n)
{
	const char *p = vp;
	size_t i = 0;

	if (c->hdr_on)
		header_lines(c, p, n);
	if (c->chunk_input) {
		client_chunk_body(c, p, n);
		return;
	}
	while (i < n) {
		/* Copy a run of ordinary bytes in one go. */
		size_t run = i;
		if (!c->body_cr && !(c->body_bol && p[i] == '.'))
			while (run < n && p[run] != '\r' && p[run] != '\n')
				run++;
		if (run > i) {
			buf_add(&c->tx, p + i, run - i);
			c->body_bol = false;
			i = run;
			continue;
		}
		char ch = p[i];
		if (c->body_cr && ch != '\n') {
			buf_add(&c->tx, "\r\n", 2); /* a bare CR ends a line too */
			c->body_cr = false;
			c->body_bol = true;
			continue;
		}
		if (ch == '\r') {
			c->body_cr = true;
		} else if (ch == '\n') {
			buf_add(&c->tx, "\r\n", 2); /* never send a bare LF */
			c->body_cr = false;
			c->body_bol = true;
		} else { /* '.' at the start of a line: stuff it */
			buf_add(&c->tx, "..", 2);
			c->body_bol = false;
		}
		i++;
	}
}

void smtp_client_body_end(struct smtp_client *c)
{
	if (c->hdr_on && c->hdr_len)
		header_line_end(c); /* a last header line without its end */
	c->hdr_on = false;
	if (c->chunk_input) {
		client_chunk_end(c);
		return;
	}
	if (c->body_cr || !c->body_bol)
		buf_add(&c->tx, "\r\n", 2);
	c->body_cr = false;
	c->body_bol = true;
	smtp_client_send(c, ".", 1, SMTP_F_BODY);
}
