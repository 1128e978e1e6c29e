/* smtpdbg explain TEXT...: explain a reply line, a code, an enhanced code,
 * an EHLO keyword or a command, offline, from the knowledge base. */
#include "smtpdbg/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/i18n.h"

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg explain TEXT...\n"
		"Explain SMTP protocol items offline: a reply code, an enhanced status\n"
		"code, a whole reply line, an EHLO keyword, a SASL mechanism or a command.\n"
		"The arguments are joined with spaces; several items may be given.\n"
		"\n"
		"Examples:\n"
		"  smtpdbg explain 535 5.7.8\n"
		"  smtpdbg explain 5.7.1\n"
		"  smtpdbg explain '250-STARTTLS'\n"
		"  smtpdbg explain '220 smtp.server.com ESMTP Postfix'\n"
		"  smtpdbg explain '334 VXNlcm5hbWU6'\n"
		"  smtpdbg explain PIPELINING CHUNKING\n"
		"  smtpdbg explain 'MAIL FROM:<a@example.org> SIZE=1000'\n"
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show the version\n"
		"  --             end of options (for TEXT that starts with '-')\n"
		"\n"
		"Exit status: 0 explained, 1 nothing known about TEXT, 2 usage error.\n"), f);
}

int cmd_explain(int argc, char **argv)
{
	int first = 1;
	for (; first < argc; first++) {
		const char *a = argv[first];
		if (!strcmp(a, "--")) {
			first++;
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			cli_version(stdout);
			return EXIT_OK;
		}
		if (a[0] == '-' && a[1] != '\0') {
			char *shown = esc_str(a, strlen(a), esc_flags_for_locale());
			int rc = cli_usage_error("explain", "unknown option '%s'", shown);
			free(shown);
			return rc;
		}
		break;
	}
	if (first >= argc)
		return cli_usage_error("explain", "nothing to explain: give a code, a reply line, an EHLO keyword or a command");

	struct buf text, out;
	buf_init(&text, 0);
	buf_init(&out, 0);
	for (int i = first; i < argc; i++) {
		if (i > first)
			buf_addc(&text, ' ');
		buf_adds(&text, argv[i]);
	}
	/* explain_text escapes whatever it echoes of the text. */
	int rc = explain_text(&out, text.data ? text.data : "");
	FILE *f = rc == 0 ? stdout : stderr;
	if (out.len)
		fwrite(out.data, 1, out.len, f);
	buf_free(&text);
	buf_free(&out);
	return rc == 0 ? EXIT_OK : EXIT_NEGATIVE;
}
