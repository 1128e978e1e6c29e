#include "cli_target.h"

#include <string.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/net.h"

int cli_target(const char *cmd, const char *target, bool starttls, bool tls, bool no_tls,
	       char **host, char **port, enum run_tls *mode)
{
	if (!target)
		return cli_usage_error(cmd, _("say which server: smtpdbg %s HOST[:PORT]"), cmd);
	if (starttls + tls + no_tls > 1)
		return cli_usage_error(cmd, _("choose one of --starttls, --tls and --no-tls"));
	struct buf err;
	buf_init(&err, 0);
	if (net_split_hostport(target, tls ? "465" : "25", host, port, &err) < 0) {
		int rc = cli_usage_error(cmd, "%s", err.data);
		buf_free(&err);
		return rc;
	}
	buf_free(&err);
	*mode = starttls ? RUN_TLS_STARTTLS
		: tls || (!no_tls && !strcmp(*port, "465")) ? RUN_TLS_IMPLICIT
							      : RUN_TLS_NONE;
	return -1;
}
