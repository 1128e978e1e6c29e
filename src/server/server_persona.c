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

static const struct server_personality *const all[] = {&tutorial, &open_relay, &strict, NULL};

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
