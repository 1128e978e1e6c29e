/* smtpdbg explain TEXT...: explain a reply line, a code, an enhanced code,
 * an EHLO keyword or a command, offline, from the knowledge base. */
#include "smtpdbg/cli.h"

#include "cli_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/i18n.h"

static const struct opt no_opts[] = {{0}};

const struct cli_cmd cli_cmd_explain = {
	.name = "explain",
	.section = "explain",
	.usage = "TEXT...",
	.summary = N_("explain a reply line, a code or an EHLO keyword, offline"),
	.about = N_("Explain SMTP protocol items offline: a reply code, an enhanced status\n"
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
		    "  smtpdbg explain 'MAIL FROM:<a@example.org> SIZE=1000'\n"),
	.epilog = N_("Exit status: 0 explained, 1 nothing known about TEXT, 2 usage error.\n"),
	.groups = {{N_("Options"), no_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operands_end_options = true,
	.run = cmd_explain,
};

int cmd_explain(int argc, char **argv)
{
	struct cli_args args;
	int rc = cli_parse(&cli_cmd_explain, argc, argv, NULL, &args, false);
	if (rc < 0 && !args.n)
		rc = cli_fail(&cli_cmd_explain, _("nothing to explain: give a code, a reply line, an "
						  "EHLO keyword or a command"));
	if (rc >= 0) {
		free(args.operands);
		return rc;
	}

	struct buf text, out;
	buf_init(&text, 0);
	buf_init(&out, 0);
	for (size_t i = 0; i < args.n; i++) {
		if (i)
			buf_addc(&text, ' ');
		buf_adds(&text, args.operands[i]);
	}
	free(args.operands);
	/* explain_text escapes whatever it echoes of the text. */
	rc = explain_text(&out, text.data ? text.data : "");
	FILE *f = rc == 0 ? stdout : stderr;
	if (out.len)
		fwrite(out.data, 1, out.len, f);
	buf_free(&text);
	buf_free(&out);
	return rc == 0 ? EXIT_OK : EXIT_NEGATIVE;
}
