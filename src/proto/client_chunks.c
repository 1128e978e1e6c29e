/* BDAT (RFC 3030): the message in chunks of exact octet counts, with no
 * dot-stuffing and no end-of-data line. Two ways in: the engine cuts a
 * streamed body into chunks itself (smtp_client_chunking), or a person or
 * a script types "BDAT n [LAST]" and then the n octets as lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_impl.h"
#include "smtpdbg/i18n.h"

void smtp_client_chunking(struct smtp_client *c, size_t chunk_size)
{
	c->chunk_input = c->chunk_run = true;
	c->chunk_ended = c->chunk_cr = false;
	c->chunk_bol = true;
	c->chunk_size = chunk_size ? chunk_size : 1;
	buf_wipe_free(&c->chunk);
	buf_init(&c->chunk, 0);
}

bool smtp_client_body_wants(const struct smtp_client *c)
{
	return !c->chunk_input || c->chunk.len < c->chunk_size;
}

size_t smtp_client_bdat_left(const struct smtp_client *c)
{
	return c->bdat_left;
}

void client_chunk_stop(struct smtp_client *c)
{
	c->chunk_run = false;
	buf_wipe_free(&c->chunk);
	buf_init(&c->chunk, 0);
}

void smtp_client_chunking_stop(struct smtp_client *c)
{
	client_chunk_stop(c);
}

void client_chunk_flush(struct smtp_client *c)
{
	while (c->chunk_run && !c->closed) {
		/* Without PIPELINING each chunk waits for the reply before it. */
		if (c->npend > 0 && !c->caps.pipelining)
			return;
		bool full = c->chunk.len >= c->chunk_size;
		if (!full && !c->chunk_ended)
			return;
		size_t n = full ? c->chunk_size : c->chunk.len;
		bool last = c->chunk_ended && c->chunk.len == n;
		char line[48];
		int k = snprintf(line, sizeof line, "BDAT %zu%s", n, last ? " LAST" : "");
		smtp_client_send(c, line, (size_t)k, SMTP_F_CHUNK);
		buf_add(&c->tx, c->chunk.data, n);
		buf_consume(&c->chunk, n);
		if (last)
			c->chunk_run = false;
	}
}

/* Line ends made CRLF, as for DATA, but no dot-stuffing: the size says
 * where the message ends. */
void client_chunk_body(struct smtp_client *c, const char *p, size_t n)
{
	if (!c->chunk_run || c->chunk_ended)
		return; /* stopped: the rest of the message is dropped */
	for (size_t i = 0; i < n;) {
		if (c->chunk_cr) {
			buf_add(&c->chunk, "\r\n", 2);
			c->chunk_cr = false;
			c->chunk_bol = true;
			i += p[i] == '\n';
			continue;
		}
		size_t run = i;
		while (run < n && p[run] != '\r' && p[run] != '\n')
			run++;
		if (run > i) {
			buf_add(&c->chunk, p + i, run - i);
			c->chunk_bol = false;
			i = run;
			continue;
		}
		if (p[i] == '\r') {
			c->chunk_cr = true;
		} else {
			buf_add(&c->chunk, "\r\n", 2);
			c->chunk_bol = true;
		}
		i++;
	}
	client_chunk_flush(c);
}

void client_chunk_end(struct smtp_client *c)
{
	c->chunk_input = false;
	if (!c->chunk_run)
		return;
	if (c->chunk_cr || !c->chunk_bol)
		buf_add(&c->chunk, "\r\n", 2); /* the message ends with a line end */
	c->chunk_cr = false;
	c->chunk_bol = true;
	c->chunk_ended = true;
	client_chunk_flush(c);
}

void client_chunk_line(struct smtp_client *c, const char *line, size_t n, unsigned flags)
{
	size_t left = c->bdat_left;
	flags |= SMTP_F_BODY;
	if (n == left) {
		/* The chunk ends exactly with this line's text. */
		buf_add(&c->tx, line, n);
		c->bdat_left = 0;
		client_emit_sent(c, line, n, flags);
		return;
	}
	buf_add(&c->tx, line, n);
	buf_add(&c->tx, "\r\n", 2);
	client_emit_sent(c, line, n, flags);
	if (n + 2 <= left) {
		c->bdat_left = left - n - 2;
		return;
	}
	c->bdat_left = 0;
	char why[300];
	snprintf(why, sizeof why,
		 _("this line with its CRLF is %zu octets, but only %zu were left of the size "
		   "BDAT announced: the server reads the rest as the next command (RFC 3030 §2)"),
		 n + 2, left);
	client_violation(c, SMTP_F_CLIENT, why);
}
