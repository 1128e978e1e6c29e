#include "plan_common.h"

#include "smtpdbg/i18n.h"

void plan_send(struct smtp_client *c, const char *verb, const char *arg, const char *close)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%s%s%s", verb, arg, close);
	smtp_client_send(c, b.data, b.len, 0);
	buf_free(&b);
}

void plan_reply_reason(struct buf *out, const struct smtp_reply *r)
{
	if (r->flags & RF_INCOMPLETE)
		buf_adds(out, _("the connection closed in the middle of the server's reply"));
	else if (r->flags & RF_CODE_MISMATCH)
		buf_adds(out, _("the lines of the server's reply carry different codes"));
	else if (r->code && !(r->flags & RF_MALFORMED))
		buf_printf(out, _("the server answered %d"), r->code);
	else
		buf_adds(out, _("the server's reply was malformed"));
}
