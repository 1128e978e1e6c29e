/* The ':' tool commands the session carries out: :b64, :raw, :save,
 * :cram and :auth. Their output goes to the transcript as tool lines
 * (marked ':'), which :save leaves out: they are not part of the session. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "session_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/transcript_spool.h"
#include "smtpdbg/xmalloc.h"

#define RAW_MAX 65536

static void b64_tool(struct session *s, bool encode, const char *text)
{
	struct buf b;
	buf_init(&b, 0);
	if (encode) {
		char *e = b64_encode(text, strlen(text));
		buf_adds(&b, "b64 encode: ");
		esc_append(&b, text, strlen(text), s->esc);
		buf_printf(&b, " -> %s", e);
		free(e);
	} else {
		uint8_t *d;
		size_t dn, pos;
		const char *err;
		if (b64_decode(text, strlen(text), &d, &dn, &err, &pos) < 0) {
			buf_printf(&b, _("b64 decode: not valid Base64 (%s at offset %zu)"), _(err), pos);
		} else {
			buf_printf(&b, "b64 decode: %s -> ", text);
			esc_append(&b, d, dn, s->esc);
			free(d);
		}
	}
	session_note(s, TR_TOOL, b.data);
	session_say(s, "%s", b.data);
	buf_free(&b);
}

static void raw_tool(struct session *s, const char *text)
{
	char *out = xmalloc(RAW_MAX);
	const char *err = NULL;
	long n = tool_unescape(text, out, RAW_MAX, &err);
	if (n < 0)
		session_say(s, _(":raw: %s"), _(err));
	else if (n > 0)
		session_send(s, out, (size_t)n, SMTP_F_RAW);
	free(out);
}

/* :save FILE writes a new file; :save! FILE may replace an existing one
 * (through a temporary file and rename). Either way mode 0600, no symbolic
 * link followed, and a failure leaves no half-written file. */
static void save_tool(struct session *s, const char *path, bool force)
{
	struct tf_header hdr = {.peer = s->peer, .start = s->started[0] ? s->started : NULL,
				.tool = (char *)"smtpdbg " SMTPDBG_VERSION};
	char why[256];
	if (tf_spool_save_as(&s->save, &hdr, path, force ? SF_FORCE : 0, why, sizeof why) < 0) {
		if (errno == EEXIST && !force)
			session_say(s, _("cannot write %s: it exists; :save! %s replaces it"), path,
				    path);
		else
			session_say(s, _("cannot write %s: %s"), path, why);
		return;
	}
	session_say(s, _("saved the transcript to %s (secrets masked; smtpdbg replay reads it)"),
		    path);
}

void session_tool(struct session *s, const struct tool_parsed *t)
{
	switch (t->cmd) {
	case TOOL_B64_ENCODE:
	case TOOL_B64_DECODE:
		b64_tool(s, t->cmd == TOOL_B64_ENCODE, t->arg);
		break;
	case TOOL_RAW:
		raw_tool(s, t->arg);
		break;
	case TOOL_SAVE:
		save_tool(s, t->arg, t->force);
		break;
	case TOOL_CRAM:
		session_cram_tool(s);
		break;
	case TOOL_AUTH:
		session_auth_tool(s, t->arg);
		break;
	case TOOL_ERROR:
		session_say(s, "%s", _(t->arg));
		break;
	case TOOL_NONE:
	case TOOL_THEME:
	case TOOL_BITS:
	case TOOL_HELP:
	case TOOL_QUIT:
	case TOOL_QUIT_NOW:
		break; /* the UI's own */
	}
}
