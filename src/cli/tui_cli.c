/* The command line of the interactive mode: smtpdbg HOST[:PORT] [OPTIONS]. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_conn.h"
#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/secret_guard.h"
#include "smtpdbg/session.h"
#include "smtpdbg/tui.h"

#define S(field) offsetof(struct session_opts, field)

static const struct opt display_opts[] = {
	{.lng = "theme", .kind = OPT_STR, .off = S(theme), .metavar = "NAME",
	 .complete = COMPLETE_THEME,
	 .help = N_("colour theme (default, light, high-contrast, mono, ...)")},
	{.lng = "no-color", .kind = OPT_FLAG, .off = S(no_color),
	 .help = N_("no colours (also NO_COLOR=1 or TERM=dumb)")},
	{.lng = "show-secrets", .kind = OPT_FLAG, .off = S(show_secrets), .flags = OPT_F_NOCONF,
	 .help = N_("start with secrets revealed on screen (S toggles); :save always masks "
		    "them")},
	{.lng = "max-transcript", .kind = OPT_SIZE, .off = S(max_transcript), .metavar = N_("SIZE"),
	 .min = 1, .max = 65536,
	 .help = N_("memory for the transcript (default 64M): past it the oldest lines leave "
		    "the screen, and the records :save writes go to a private spill file "
		    "(mode 0600, deleted on exit, at most 1G)")},
	{.lng = "startup-time", .kind = OPT_STR, .off = S(startup_time), .metavar = N_("FILE"),
	 .complete = COMPLETE_FILE, .flags = OPT_F_NOCONF,
	 .help = N_("append the milliseconds to the first frame to FILE")},
	{0},
};

static int cmd_tui(int argc, char **argv);

const struct cli_cmd cli_cmd_tui = {
	.name = "",
	.section = "tui",
	.usage = N_("HOST[:PORT] [OPTIONS]"),
	.summary = N_("open the interactive debugger on a real server"),
	.about = N_("Open the interactive debugger on a real server: the transcript on the left,\n"
		    "the explanation of the selected line on the right, a prompt at the bottom.\n"
		    "Nothing is sent until you type; lines go to the server verbatim, tool\n"
		    "commands start with ':' (:help lists them, ? lists the keys). With\n"
		    "--starttls, type EHLO, then STARTTLS: the handshake runs when the server\n"
		    "says 220, and smtpdbg warns when the server does not offer it.\n"),
	.epilog = N_("Files: the input history is kept in $XDG_STATE_HOME/smtpdbg/history\n"
		     "(~/.local/state/smtpdbg/history), mode 0600, never with passwords.\n"),
	.groups = {{N_("Connection"), conn_opt_table, S(conn)},
		   {N_("Kerberos (GSSAPI)"), gss_opt_table, S(creds)},
		   {N_("NTLM"), ntlm_opt_table, S(creds)},
		   {N_("Display"), display_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.operand = COMPLETE_HOST,
	.uses_config = true,
	.run = cmd_tui,
};

int tui_cli_parse(struct session_opts *o, struct cli_args *args, int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_tui;
	memset(o, 0, sizeof *o);
	conn_opts_init(&o->conn);
	int rc = cli_parse(cmd, argc, argv, o, args, true);
	if (rc >= 0)
		return rc;
	if (args->n > 1)
		return cli_fail(cmd, _("only one HOST[:PORT], got '%s' too"), args->operands[1]);
	if ((rc = cli_check_theme(cmd, o->theme)) >= 0)
		return rc;
	if ((rc = gss_opts_check(cmd, &o->creds, "GSSAPI")) >= 0)
		return rc;
	return conn_opts_finish(cmd, &o->conn, args->n ? args->operands[0] : NULL);
}

static int cmd_tui(int argc, char **argv)
{
	struct session_opts o;
	struct cli_args args;
	int rc = tui_cli_parse(&o, &args, argc, argv);
	if (rc < 0 && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		rc = cli_fail(&cli_cmd_tui, _("the interactive mode needs a terminal; for scripts "
					      "use smtpdbg run HOST[:PORT]"));
	/* Any line typed here may be a password: no core file, no ptrace by
	 * the same user, from the start (as run does before it reads one). */
	if (rc < 0) {
		secret_guard();
		rc = tui_session(&o);
	}
	conn_opts_free(&o.conn);
	cli_free(&cli_cmd_tui, &o, &args);
	return rc;
}
