/* Message content after 354, streamed: dot-stuffed (RFC 5321 §4.5.2) and
 * with every line ending made CRLF, so no bare CR or LF reaches the server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

void smtp_client_body(struct smtp_client *c, const void *vp, size_t n)
{
	const char *p = vp;
	size_t i = 0;

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
