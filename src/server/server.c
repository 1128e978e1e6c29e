/* The server session's framing: command lines with their RFC 5321 limit,
 * the message body with dot-unstuffing, the reply queue and the error
 * count. What each command does is in server_cmds.c. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "server_impl.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

struct server_session *server_session_new(const struct server_config *cfg)
{
	struct server_session *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	s->p = cfg->personality ? cfg->personality : server_personalities()[0];
	s->host = cfg->hostname && *cfg->hostname ? cfg->hostname : s->p->hostname;
	if (!s->cfg.max_message)
		s->cfg.max_message = SERVER_DEFAULT_MAX_MESSAGE;
	if (!s->cfg.max_errors)
		s->cfg.max_errors = SERVER_DEFAULT_MAX_ERRORS;
	if (!s->cfg.max_rcpts)
		s->cfg.max_rcpts = SERVER_DEFAULT_MAX_RCPTS;
	if (!s->cfg.max_line)
		s->cfg.max_line = SERVER_LINE_MAX;
	if (!s->cfg.max_auth_failures)
		s->cfg.max_auth_failures = SERVER_DEFAULT_MAX_AUTH_FAILURES;
	buf_init(&s->line, SERVER_AUTH_LINE_MAX);
	buf_init(&s->tx, 0); /* bounded by the driver, which stops reading */
	s->st = SRV_GREETED;
	srv_reply(s, "220 %s %s", s->host, s->p->banner);
	return s;
}

void server_session_free(struct server_session *s)
{
	if (!s)
		return;
	srv_auth_clear(s);
	buf_wipe_free(&s->line); /* it may hold a SASL response */
	buf_free(&s->tx);
	free(s);
}

static void log_line(struct server_session *s, enum server_log_kind k, const char *p, size_t n,
		     size_t shown)
{
	if (!s->cfg.log)
		return;
	struct server_log e = {.kind = k, .text = p, .len = n, .shown = shown, .tls = s->tls};
	s->cfg.log(s->cfg.log_arg, &e);
}

void srv_log_client(struct server_session *s, const char *p, size_t n, size_t shown)
{
	log_line(s, SERVER_LOG_CLIENT, p, n, shown);
}

void srv_reply(struct server_session *s, const char *fmt, ...)
{
	size_t start = s->tx.len;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&s->tx, fmt, ap);
	va_end(ap);
	size_t n = s->tx.len - start;
	log_line(s, SERVER_LOG_SERVER, s->tx.data + start, n, n);
	buf_add(&s->tx, "\r\n", 2);
}

void srv_note(struct server_session *s, const char *fmt, ...)
{
	if (!s->cfg.log)
		return;
	struct buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	log_line(s, SERVER_LOG_NOTE, b.data, b.len, b.len);
	buf_free(&b);
}

void srv_close(struct server_session *s, const char *fmt, ...)
{
	size_t start = s->tx.len;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&s->tx, fmt, ap);
	va_end(ap);
	size_t n = s->tx.len - start;
	log_line(s, SERVER_LOG_SERVER, s->tx.data + start, n, n);
	buf_add(&s->tx, "\r\n", 2);
	srv_auth_clear(s);
	s->st = SRV_CLOSING;
}

bool srv_error(struct server_session *s)
{
	if (++s->errors < s->cfg.max_errors)
		return false;
	srv_close(s, "421 4.7.0 %s Error: too many errors", s->host);
	return true;
}

bool srv_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < n; i++) {
		char a = s[i], b = prefix[i];
		if (a >= 'a' && a <= 'z')
			a = (char)(a - 'a' + 'A');
		if (a != b)
			return false;
	}
	return true;
}

/* --- The message body --------------------------------------------------- */

/* A message over the limit is read to its end and refused with 552, as
 * Postfix does; one that goes on past twice the limit is cut off (552, and
 * the connection closed), so a client cannot stream for ever. */
static void data_out(struct server_session *s, const char *p, size_t n)
{
	if (n == 0 || s->st == SRV_CLOSING)
		return;
	if (s->too_big || s->size + n > s->cfg.max_message || s->size + n < s->size) {
		s->too_big = true;
		s->dropped += n;
		/* size is at most the limit, so this cannot overflow */
		if (s->dropped > 2 * s->cfg.max_message - s->size) {
			srv_note(s, _("message over twice the limit of %zu bytes: cut off, "
				      "552 and the connection closed"),
				 s->cfg.max_message);
			srv_close(s, "552 5.3.4 Error: message file too big, closing connection");
		}
		return;
	}
	s->size += n;
	if (s->cfg.data)
		s->cfg.data(s->cfg.data_arg, p, n);
}

static void data_end(struct server_session *s)
{
	/* The content is not logged, but the line that ends it is: a log
	 * replayed through the client engine then ends the message too. */
	srv_log_client(s, ".", 1, 1);
	if (s->too_big) {
		srv_note(s, _("message larger than %zu bytes, refused"), s->cfg.max_message);
		srv_reply(s, "552 5.3.4 Error: message file too big");
	} else {
		s->messages++;
		s->last_size = s->size;
		srv_note(s, P_("message of %zu byte received and discarded", "message of %zu bytes received and discarded", s->size), s->size);
		srv_reply(s, "250 2.0.0 Ok: %zu bytes received and discarded (a teaching server "
			     "delivers nothing)",
			  s->size);
	}
	srv_reset_tx(s);
	s->st = SRV_READY;
}

/* Consume body bytes until the lone "." line; returns how many were used.
 * A line "." ends the message (CRLF or a bare LF, as Postfix accepts);
 * a leading dot of any other line is removed (RFC 5321 §4.5.2). */
static size_t data_feed(struct server_session *s, const char *p, size_t n)
{
	size_t i = 0, run = 0; /* run: bytes from p + i - run to pass on as is */
	for (; i < n; i++) {
		char c = p[i];
		if (s->st == SRV_CLOSING)
			return n; /* cut off: the rest of the message goes unread */
		switch (s->ds) {
		case DS_BOL:
			if (c == '.') {
				data_out(s, p + i - run, run);
				run = 0;
				s->ds = DS_DOT;
				continue;
			}
			s->ds = c == '\r' ? DS_CR : c == '\n' ? DS_BOL : DS_MID;
			break;
		case DS_DOT:
			if (c == '\r') {
				s->ds = DS_DOT_CR;
				continue;
			}
			if (c == '\n') {
				data_end(s);
				return i + 1;
			}
			s->ds = DS_MID; /* the dot was stuffing: drop it */
			break;
		case DS_DOT_CR:
			if (c == '\n') {
				data_end(s);
				return i + 1;
			}
			data_out(s, "\r", 1); /* ".\rx": unstuffed, CR kept */
			s->ds = c == '\r' ? DS_CR : DS_MID;
			break;
		case DS_MID:
			if (c == '\r')
				s->ds = DS_CR;
			else if (c == '\n')
				s->ds = DS_BOL;
			break;
		case DS_CR:
			s->ds = c == '\n' ? DS_BOL : c == '\r' ? DS_CR : DS_MID;
			break;
		}
		run++;
	}
	data_out(s, p + i - run, run);
	return n;
}

/* --- Command lines -------------------------------------------------------- */

static void line_done(struct server_session *s)
{
	if (s->overflow) {
		s->overflow = false;
		s->dropped = 0;
		buf_reset(&s->line);
		static const char what[] = "(a line longer than the limit, dropped)";
		srv_log_client(s, what, sizeof what - 1, sizeof what - 1);
		if (s->st == SRV_AUTH) {
			srv_auth_clear(s);
			s->st = SRV_READY;
		}
		if (!srv_error(s))
			srv_reply(s, "500 5.5.2 Line too long");
		return;
	}
	if (!s->line.data)
		buf_add(&s->line, "", 0);
	size_t n = s->line.len;
	if (n && s->line.data[n - 1] == '\r')
		n--;
	s->line.data[n] = '\0';
	if (s->st == SRV_AUTH)
		srv_auth_response(s, s->line.data, n);
	else
		srv_command(s, s->line.data, n);
	buf_wipe_free(&s->line);
}

/* RFC 4954 §4: the AUTH command with its initial response, and a SASL
 * response, may be 12,288 octets; any other command 512 (unless the
 * driver allows more). */
static size_t line_max(const struct server_session *s)
{
	bool auth = s->st == SRV_AUTH ||
		    (s->line.len >= 5 && srv_prefix(s->line.data, "AUTH ") &&
		     s->st != SRV_DATA);
	if (auth && s->cfg.max_line < SERVER_AUTH_LINE_MAX)
		return SERVER_AUTH_LINE_MAX;
	return s->cfg.max_line;
}

/* An overlong line that does not end: close rather than read it for ever. */
static bool cut_off(struct server_session *s, size_t take)
{
	s->dropped += take;
	if (s->dropped <= SERVER_LINE_CUTOFF)
		return false;
	s->overflow = false;
	buf_wipe_free(&s->line);
	srv_note(s, _("a line still without its end after %d bytes: 421 and the connection "
		      "closed"),
		 SERVER_LINE_CUTOFF);
	srv_close(s, "421 4.7.0 %s Error: line too long, closing connection", s->host);
	return true;
}

void server_session_feed(struct server_session *s, const void *data, size_t n)
{
	const char *p = data;
	size_t i = 0;
	while (i < n) {
		if (s->st == SRV_CLOSING || s->st == SRV_TLS_WAIT) {
			srv_note(s, P_("%zu byte after the command discarded", "%zu bytes after the command discarded", n - i), n - i);
			return;
		}
		if (s->st == SRV_DATA) {
			i += data_feed(s, p + i, n - i);
			continue;
		}
		const char *lf = memchr(p + i, '\n', n - i);
		size_t take = lf ? (size_t)(lf - (p + i)) : n - i;
		/* The limit counts CRLF: max - 2 bytes of text, a CR, the LF.
		 * Which limit holds depends on the line's first word, so the
		 * buffer takes the larger one and the check follows. */
		s->line.limit = s->cfg.max_line > SERVER_AUTH_LINE_MAX ? s->cfg.max_line
								       : SERVER_AUTH_LINE_MAX;
		if (s->overflow) {
			if (cut_off(s, take))
				return;
		} else {
			size_t before = s->line.len;
			bool full = buf_add(&s->line, p + i, take) < 0;
			size_t max = line_max(s);
			if (full || (s->line.len > max - 2 &&
				     !(s->line.len == max - 1 &&
				       s->line.data[s->line.len - 1] == '\r'))) {
				s->overflow = true;
				s->dropped = before + take;
			}
		}
		i += take;
		if (lf) {
			i++;
			line_done(s);
		}
	}
}

size_t server_session_tx(const struct server_session *s, const uint8_t **p)
{
	*p = (const uint8_t *)s->tx.data;
	return s->tx.len;
}

void server_session_tx_done(struct server_session *s, size_t n)
{
	buf_consume(&s->tx, n < s->tx.len ? n : s->tx.len);
	s->sent_any |= n > 0;
}

bool server_session_want_tls(const struct server_session *s)
{
	return s->st == SRV_TLS_WAIT;
}

void server_session_tls_ready(struct server_session *s)
{
	if (s->st != SRV_TLS_WAIT)
		return;
	/* RFC 3207 §4.2: the session starts over; EHLO is needed again. */
	s->tls = true;
	s->ehlo = false;
	s->authed = false;
	srv_reset_tx(s);
	s->st = SRV_GREETED;
	srv_note(s, "%s", _("TLS is up: the client must send EHLO again"));
}

bool server_session_tls_active(const struct server_session *s)
{
	return s->tls;
}

bool server_session_closing(const struct server_session *s)
{
	return s->st == SRV_CLOSING;
}

bool server_session_quit(const struct server_session *s)
{
	return s->quit;
}

void server_session_abort(struct server_session *s, enum server_abort why)
{
	if (s->st == SRV_CLOSING)
		return;
	switch (why) {
	case SERVER_ABORT_TIMEOUT:
		srv_close(s, "421 4.4.2 %s Error: timeout exceeded", s->host);
		break;
	case SERVER_ABORT_SHUTDOWN:
		srv_close(s, "421 4.3.2 %s Service shutting down, closing transmission channel",
			  s->host);
		break;
	case SERVER_ABORT_BUSY:
		if (!s->sent_any)
			buf_reset(&s->tx); /* 421 instead of the greeting (RFC 5321 §3.1) */
		srv_close(s, "421 4.7.0 %s Error: too many connections, try again later", s->host);
		break;
	}
}

bool server_session_authenticated(const struct server_session *s)
{
	return s->authed;
}

unsigned server_session_messages(const struct server_session *s)
{
	return s->messages;
}

size_t server_session_last_size(const struct server_session *s)
{
	return s->last_size;
}
