/* smtpdbg explain TEXT...: explain a reply line, a code, an enhanced code,
 * an EHLO keyword or a command, offline, from the knowledge base; without
 * TEXT (or with -), the refusals in a mail log on standard input. */
#include "smtpdbg/cli.h"

#include "cli_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/diag_log.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/explain.h"
#include "smtpdbg/i18n.h"

static const struct opt explain_opts[] = {
	{.lng = "brief", .kind = OPT_FLAG, .off = 0,
	 .help = N_("one line per refusal: line number, diagnosis id, confidence, code, "
		    "command, host and what went wrong")},
	{0},
};

/* A log line longer than this is not a mail log line: cut, not refused. */
#define LOG_LINE_MAX (64u * 1024u)

const struct cli_cmd cli_cmd_explain = {
	.name = "explain",
	.section = "explain",
	.usage = "[--brief] [TEXT... | -]",
	.summary = N_("explain a reply line, a code, an EHLO keyword or a mail log, offline"),
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
		    "  smtpdbg explain 'MAIL FROM:<a@example.org> SIZE=1000'\n"
		    "\n"
		    "A refusal is also diagnosed from its text: what the server checked, the\n"
		    "likely cause, what to do next, and how sure that is (certain: the code's\n"
		    "registered meaning; likely: a known server's documented text; possible:\n"
		    "a guess from the words).\n"
		    "\n"
		    "Without TEXT, or with -, lines are read from standard input: a pasted\n"
		    "reply, or a mail log. Postfix (status=bounced/deferred, NOQUEUE: reject,\n"
		    "SASL failures), Exim (SMTP error from remote mail server, rejected RCPT),\n"
		    "Sendmail (reject=, stat=, dsn=), Dovecot authentication failures and a\n"
		    "bounce's Diagnostic-Code:/Status: lines are explained; other lines are\n"
		    "skipped.\n"
		    "  smtpdbg explain < /var/log/mail.log\n"
		    "  journalctl -u postfix | smtpdbg explain --brief\n"),
	.epilog = N_("Exit status: 0 explained, 1 nothing known about TEXT (or no refusal in the "
		     "log), 2 usage error.\n"),
	.groups = {{N_("Options"), explain_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operands_end_options = true,
	.run = cmd_explain,
};

/* Standard input, line by line: runs of reply lines ("250-...", "550 ...")
 * are explained as pasted replies, log lines through the log readers. */
static int explain_stdin(bool brief)
{
	struct buf reply, out;
	buf_init(&reply, LOG_LINE_MAX);
	buf_init(&out, 0);
	unsigned long lineno = 0, explained = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		size_t n = (size_t)got;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n > LOG_LINE_MAX)
			n = LOG_LINE_MAX; /* not a mail log line: cut */
		const char *l = line;
		bool is_reply = n >= 3 && l[0] >= '2' && l[0] <= '5' && l[1] >= '0' && l[1] <= '5' &&
				l[2] >= '0' && l[2] <= '9' && (n == 3 || l[3] == ' ' || l[3] == '-');
		if (is_reply && !brief) {
			buf_add(&reply, l, n);
			buf_addc(&reply, '\n');
			if (n > 3 && l[3] == '-')
				continue; /* more lines of this reply follow */
			buf_printf(&out, _("%lu: a reply\n"), lineno);
			if (explain_text(&out, reply.data) == 0)
				explained++;
			buf_reset(&reply);
		} else {
			explained += (unsigned long)diag_log_line(&out, l, n, lineno, brief);
		}
		if (out.len) {
			fwrite(out.data, 1, out.len, stdout);
			buf_reset(&out);
		}
	}
	free(line);
	if (reply.len && explain_text(&out, reply.data) == 0)
		explained++;
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	int rc = ferror(stdin) ? -1 : 0;
	buf_free(&reply);
	buf_free(&out);
	if (rc < 0) {
		fputs(_("smtpdbg explain: cannot read standard input\n"), stderr);
		return EXIT_NEGATIVE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs(_("smtpdbg explain: cannot write to standard output\n"), stderr);
		return EXIT_NEGATIVE;
	}
	if (!explained) {
		fputs(_("smtpdbg explain: no SMTP reply or refusal found in standard input\n"),
		      stderr);
		return EXIT_NEGATIVE;
	}
	return EXIT_OK;
}

int cmd_explain(int argc, char **argv)
{
	struct cli_args args;
	bool brief = false;
	int rc = cli_parse(&cli_cmd_explain, argc, argv, &brief, &args, false);
	if (rc >= 0) {
		free(args.operands);
		return rc;
	}
	if (!args.n || (args.n == 1 && !strcmp(args.operands[0], "-"))) {
		free(args.operands);
		if (isatty(STDIN_FILENO))
			fputs(_("smtpdbg explain: reading replies or log lines from the terminal; "
				"end with Ctrl-D\n"),
			      stderr);
		return explain_stdin(brief);
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
	if (brief) {
		rc = diag_log_line(&out, text.data, text.len, 1, true) ? 0 : -1;
		if (rc < 0)
			rc = explain_text(&out, text.data ? text.data : "");
	} else {
		rc = explain_text(&out, text.data ? text.data : "");
	}
	FILE *f = rc == 0 ? stdout : stderr;
	if (out.len)
		fwrite(out.data, 1, out.len, f);
	buf_free(&text);
	buf_free(&out);
	return rc == 0 ? EXIT_OK : EXIT_NEGATIVE;
}
