#include "client_rules.h"

#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"

static const struct {
	const char *verb;
	int codes[16];
} expected[] = {
	{"GREETING", {220, 554}},
	{"EHLO", {250, 504, 550}},
	{"HELO", {250, 504, 550}},
	{"LHLO", {250, 504, 550}},
	{"MAIL", {250, 552, 451, 452, 550, 553, 455, 555}},
	{"RCPT", {250, 251, 550, 551, 552, 553, 450, 451, 452, 455, 555, 554}},
	{"DATA", {354, 554, 451, 452, 550}},
	{"DOT", {250, 552, 554, 451, 452, 450, 550, 353}},
	{"BDAT", {250, 552, 554, 451, 452, 450, 550, 353}},
	{"RSET", {250}},
	{"VRFY", {250, 251, 252, 550, 551, 553, 504}},
	{"EXPN", {250, 252, 550, 504}},
	{"HELP", {211, 214, 504}},
	{"NOOP", {250}},
	{"QUIT", {221}},
	{"STARTTLS", {220, 454}},
	{"AUTH", {235, 334, 432, 454, 504, 534, 535, 538}},
	{"SASL", {235, 334, 432, 454, 534, 535, 538}},
	{"XCLIENT", {220, 550}},
	{"ETRN", {250, 251, 252, 253, 458, 459}},
};

bool rules_reply_expected(const char *verb, int code)
{
	/* Replies any command can get: the server is closing (421), did not
	 * understand (500, 501), does not implement it (502), it is out of
	 * sequence (503) or needs authentication or TLS first (530). */
	static const int anywhere[] = {421, 500, 501, 502, 503, 530};
	for (size_t i = 0; i < sizeof anywhere / sizeof anywhere[0]; i++)
		if (code == anywhere[i] && strcmp(verb, "GREETING") != 0)
			return true;
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		if (strcmp(expected[i].verb, verb) != 0)
			continue;
		for (size_t k = 0; k < 16 && expected[i].codes[k]; k++)
			if (expected[i].codes[k] == code)
				return true;
		return code == 421 && !strcmp(verb, "GREETING");
	}
	return true;
}

bool rules_ends_group(const char *verb)
{
	static const char *const enders[] = {"EHLO", "HELO", "LHLO", "DATA", "VRFY", "EXPN", "TURN",
					     "QUIT", "NOOP", "AUTH", "STARTTLS", "SASL"};
	for (size_t i = 0; i < sizeof enders / sizeof enders[0]; i++)
		if (!strcmp(verb, enders[i]))
			return true;
	return false;
}

static bool in_transaction(enum smtp_state s)
{
	return s == SMTP_ST_MAIL || s == SMTP_ST_RCPT;
}

/* The mechanism named first in an AUTH argument. */
static size_t mech_len(const char *arg)
{
	size_t n = 0;
	while (arg[n] && arg[n] != ' ' && arg[n] != '\t')
		n++;
	return n;
}

static const char *check_auth(const struct rules_ctx *x, const char *arg)
{
	size_t ml = mech_len(arg);
	if (ml == 0)
		return N_("AUTH needs a mechanism name, e.g. AUTH LOGIN (RFC 4954 §4)");
	if (x->authed)
		return N_("already authenticated: a second AUTH gets 503 (RFC 4954 §4)");
	if (in_transaction(x->state))
		return N_("AUTH is not allowed during a mail transaction (RFC 4954 §4)");
	if (x->tls_needs_ehlo)
		return N_("after STARTTLS the client must send EHLO again before AUTH: the capabilities seen in clear no longer count (RFC 3207 §4.2)");
	if (x->caps->known && x->caps->nauth == 0)
		return N_("the server did not advertise AUTH in its EHLO reply (RFC 4954 §3)");
	char mech[64];
	if (ml >= sizeof mech)
		return N_("unusually long mechanism name (RFC 4422 §3.1 allows 20 characters)");
	memcpy(mech, arg, ml);
	mech[ml] = '\0';
	if (x->caps->known && !caps_has_auth(x->caps, mech))
		return N_("this mechanism is not in the server's AUTH list (RFC 4954 §4)");
	if (!x->tls && (!strcasecmp(mech, "PLAIN") || !strcasecmp(mech, "LOGIN")))
		return N_("warning: this mechanism sends the password itself, only Base64-encoded, and the connection is not encrypted: anyone on the path can read it (RFC 4954 §4, RFC 8314)");
	return NULL;
}

const char *rules_check_command(const struct rules_ctx *x, const char *verb,
				const char *arg, size_t line_len)
{
	bool is_auth = !strcmp(verb, "AUTH");

	if (x->state == SMTP_ST_QUIT || x->state == SMTP_ST_CLOSED)
		return N_("the session is ending: after QUIT the server answers nothing more (RFC 5321 §4.1.1.10)");
	if (line_len + 2 > 512 && !is_auth)
		return N_("command line longer than 512 octets with CRLF (RFC 5321 §4.5.3.1.4)");
	if (is_auth && line_len + 2 > 12288)
		return N_("AUTH line longer than 12288 octets (RFC 4954 §4)");
	if (!x->greeted)
		return N_("sent before the server's greeting: a client must wait for the 220 (RFC 5321 §3.1); many servers drop such early talkers");
	if (x->outstanding > 0) {
		if (x->last_outstanding && rules_ends_group(x->last_outstanding))
			return N_("pipelined after a command that must end a group (EHLO, DATA, VRFY, EXPN, QUIT, NOOP, AUTH, STARTTLS; RFC 2920 §3.1)");
		if (!x->caps->pipelining)
			return N_("sent before the previous reply arrived, and the server did not advertise PIPELINING (RFC 2920)");
	}

	if (x->lmtp && (!strcmp(verb, "EHLO") || !strcmp(verb, "HELO")))
		return N_("LMTP has no EHLO or HELO: the client greets with LHLO (RFC 2033 §4.1)");
	if (!x->lmtp && !strcmp(verb, "LHLO"))
		return N_("LHLO is the LMTP greeting (RFC 2033 §4.1): an SMTP server does not know it, greet it with EHLO");
	if (!strcmp(verb, "MAIL")) {
		if (x->tls_needs_ehlo)
			return N_("after STARTTLS the client must send EHLO again (RFC 3207 §4.2)");
		if (!x->hello_done)
			return N_("MAIL before EHLO or HELO (RFC 5321 §4.1.4)");
		if (in_transaction(x->state))
			return N_("a mail transaction is already open: finish it or send RSET first (RFC 5321 §4.1.1.2)");
	} else if (!strcmp(verb, "RCPT")) {
		if (!in_transaction(x->state) && !x->mail_pending)
			return N_("RCPT TO without an accepted MAIL FROM (RFC 5321 §4.1.1.3)");
	} else if (!strcmp(verb, "DATA")) {
		if (x->state != SMTP_ST_RCPT && !x->rcpt_pending)
			return N_("DATA without an accepted recipient (RFC 5321 §4.1.1.4)");
	} else if (!strcmp(verb, "BDAT")) {
		if (*arg < '0' || *arg > '9')
			return N_("BDAT needs the chunk's size in octets: BDAT <size> [LAST] (RFC 3030 §2)");
		if (x->caps->known && !x->caps->chunking)
			return N_("the server did not advertise CHUNKING: it may not know BDAT and then reads the chunk's data as commands (RFC 3030 §2)");
		if (x->state != SMTP_ST_RCPT && !x->rcpt_pending)
			return N_("BDAT without an accepted recipient (RFC 3030 §2)");
	} else if (!strcmp(verb, "STARTTLS")) {
		if (x->tls)
			return N_("the connection is already encrypted: STARTTLS is not offered again (RFC 3207 §4.2)");
		if (*arg)
			return N_("STARTTLS takes no parameters; the server should answer 501 (RFC 3207 §4)");
		if (!x->hello_done)
			return N_("STARTTLS before EHLO: the client cannot know it is offered (RFC 3207 §4)");
		if (x->caps->known && !x->caps->starttls)
			return N_("the server did not advertise STARTTLS in its EHLO reply (RFC 3207 §4)");
		if (in_transaction(x->state))
			return N_("STARTTLS in the middle of a mail transaction (RFC 3207 §4)");
	} else if (is_auth) {
		return check_auth(x, arg);
	}
	return NULL;
}
