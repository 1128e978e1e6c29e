/* The worked example `smtpdbg` prints when run without arguments: the
 * classic AUTH LOGIN exchange as the seed's table has it (the teaching
 * server's tutorial personality answers the same), fed through the real
 * engine and explained line by line from the knowledge base. */
#include <string.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/client.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/narrate.h"

static const struct {
	char from; /* 'S' server, 'C' client */
	const char *line;
	unsigned flags;
} lesson[] = {
	{'S', "220 smtp.server.com ESMTP Postfix", 0},
	{'C', "EHLO relay.client.com", 0},
	{'S', "250-smtp.server.com Guten Tag", 0},
	{'S', "250 AUTH CRAM-MD5 LOGIN PLAIN", 0},
	{'C', "AUTH LOGIN", 0},
	{'S', "334 VXNlcm5hbWU6", 0},
	{'C', "TWF4IE11c3Rlcm1hbm4=", 0},
	{'S', "334 UGFzc3dvcmQ6", 0},
	{'C', "SWNoYmlua2VpblNwYW1tZXI=", SMTP_F_SECRET},
	{'S', "235 OK", 0},
	{'C', "QUIT", 0},
	{'S', "221 2.0.0 Bye", 0},
};

static void drain(FILE *f, struct smtp_client *c, const struct narrate_opts *o)
{
	struct smtp_event ev;
	while (smtp_client_next_event(c, &ev))
		narrate_event(f, o, &ev);
}

void cli_tour(FILE *f)
{
	/* The password here is the lesson's published example, so the tour
	 * shows it on the wire; with real credentials smtpdbg masks it. */
	struct narrate_opts o = {.show_secrets = true, .explain = true, .auth_maths = true,
				 .esc_flags = esc_flags_for_locale()};
	struct smtp_client *c = smtp_client_new(&(struct smtp_client_opts){
		.ehlo_name = "relay.client.com"});

	fputs(_("A worked example: SMTP AUTH LOGIN, line by line.\n"
		"\"S:\" is the server, \"C:\" the client, \"  #\" smtpdbg's explanation.\n"
		"User \"Max Mustermann\", password \"IchbinkeinSpammer\" (a textbook example).\n\n"),
	      f);
	for (size_t i = 0; i < sizeof lesson / sizeof lesson[0]; i++) {
		const char *l = lesson[i].line;
		if (lesson[i].from == 'S') {
			smtp_client_feed(c, l, strlen(l));
			smtp_client_feed(c, "\r\n", 2);
		} else {
			smtp_client_send(c, l, strlen(l), lesson[i].flags);
		}
		drain(f, c, &o);
	}
	smtp_client_closed(c, _("the server hung up after 221, as it should"));
	drain(f, c, &o);
	smtp_client_free(c);
}
