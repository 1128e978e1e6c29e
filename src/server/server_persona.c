/* The personalities of the teaching server, as data. The credentials are
 * the seed article's: this server is for lessons, never for real mail. */
#include <stddef.h>
#include <strings.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/server.h"

#define SEED_USER "Max Mustermann"
#define SEED_PASSWORD "IchbinkeinSpammer"
#define ALL_MECHS (SERVER_MECH_PLAIN | SERVER_MECH_LOGIN | SERVER_MECH_CRAM_MD5)

/* The seed's table, line for line: AUTH offered in the clear, because
 * that is the lesson; the EHLO greeting and the bare "235 OK" are the
 * table's too (a real Postfix sends neither: the auth-login lesson says
 * what it sends instead). */
static const struct server_personality tutorial = {
	.name = "tutorial",
	.summary = N_("the seed's AUTH LOGIN example: AUTH CRAM-MD5 LOGIN PLAIN offered without "
		      "TLS, user \"Max Mustermann\", password \"IchbinkeinSpammer\""),
	.hostname = "smtp.server.com",
	.banner = "ESMTP Postfix",
	.ehlo_greeting = "Guten Tag",
	.auth_ok = "235 OK",
	.mechs = ALL_MECHS,
	.auth_order = "AUTH CRAM-MD5 LOGIN PLAIN",
	.user = SEED_USER,
	.password = SEED_PASSWORD,
};

static const struct server_personality open_relay = {
	.name = "open-relay",
	.summary = N_("the pre-1997 norm: any sender, any recipient, no AUTH; the mail is "
		      "discarded"),
	.hostname = "smtp.server.com",
	.banner = "ESMTP Postfix",
	.ehlo_extensions = true,
	.open_relay = true,
};

static const struct server_personality strict = {
	.name = "strict-submission",
	.summary = N_("a careful server: STARTTLS first, then AUTH PLAIN LOGIN CRAM-MD5 (the "
		      "seed's credentials); relaying only after AUTH"),
	.hostname = "smtp.server.com",
	.banner = "ESMTP Postfix",
	.ehlo_extensions = true,
	.starttls = true,
	.auth_needs_tls = true,
	.mechs = ALL_MECHS,
	.auth_order = "AUTH PLAIN LOGIN CRAM-MD5",
	.user = SEED_USER,
	.password = SEED_PASSWORD,
};

/* A submission port as RFC 6409 and RFC 8314 describe it, and as
 * Postfix's submission service is set up: TLS before anything else, and
 * no mail before the client has logged in. */
static const struct server_personality submission = {
	.name = "submission",
	.summary = N_("a submission port (587) as RFC 6409 and RFC 8314 want it: nothing but "
		      "EHLO before STARTTLS, no MAIL before AUTH (the seed's credentials)"),
	.hostname = "smtp.server.com",
	.banner = "ESMTP Postfix",
	.ehlo_extensions = true,
	.starttls = true,
	.auth_needs_tls = true,
	.tls_required = true,
	.auth_required = true,
	.mechs = ALL_MECHS,
	.auth_order = "AUTH PLAIN LOGIN CRAM-MD5",
	.user = SEED_USER,
	.password = SEED_PASSWORD,
};

/* The RFCs' own example: RFC 2195 (CRAM-MD5) and RFC 4616 (PLAIN) both log
 * in as tim with tanstaaftanstaaf, and RFC 2195's challenge is fixed here,
 * so every byte and digest can be checked against the RFC's text. A real
 * server must never repeat a challenge: a recorded answer would work again. */
static const struct server_personality rfc_example = {
	.name = "rfc-example",
	.summary = N_("the RFCs' own example: user \"tim\", password \"tanstaaftanstaaf\" "
		      "(RFC 2195, RFC 4616) and RFC 2195's fixed CRAM-MD5 challenge, so each "
		      "digest can be checked against the RFC; AUTH without TLS"),
	.hostname = "postoffice.reston.mci.net",
	.banner = "ESMTP",
	.mechs = ALL_MECHS,
	.auth_order = "AUTH CRAM-MD5 PLAIN LOGIN",
	.user = "tim",
	.password = "tanstaaftanstaaf",
	.cram_challenge = "<1896.697170952@postoffice.reston.mci.net>",
};

static const struct server_personality *const all[] = {&tutorial, &open_relay, &strict,
						       &submission, &rfc_example, NULL};

const struct server_personality *const *server_personalities(void)
{
	return all;
}

const struct server_personality *server_personality_find(const char *name)
{
	for (size_t i = 0; all[i]; i++)
		if (!strcasecmp(all[i]->name, name))
			return all[i];
	return NULL;
}
