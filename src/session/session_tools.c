/* The ':' tool commands the session carries out: :b64, :raw, :save,
 * :cram and :auth. Their output goes to the transcript as tool lines
 * (marked ':'), which :save leaves out: they are not part of the session. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "session_impl.h"
#include "smtpdbg/b64.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/script_export.h"
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

/* The target as the user gave it (not the address it resolved to). */
static void export_target(const struct session *s, struct buf *b)
{
	const struct conn_opts *c = &s->o->conn;
	if (c->pipe)
		buf_printf(b, "pipe:%s", c->pipe);
	else if (c->family == AF_UNIX)
		buf_printf(b, "unix:%s", c->host);
	else if (strchr(c->host ? c->host : "", ':'))
		buf_printf(b, "[%s]:%s", c->host, c->port);
	else
		buf_printf(b, "%s:%s", c->host ? c->host : "?", c->port ? c->port : "?");
}

/* :export FILE writes the session as a run script (0600, a new file unless
 * :export!); :export swaks shows the swaks command line. Both say what was
 * left out. */
static void export_tool(struct session *s, const char *arg, bool force)
{
	if (s->save.spilled || s->save.lost) {
		session_say(s, "%s", _("cannot export: the session is longer than what is kept in "
				       "memory (its start went to the spill file, masked)"));
		return;
	}
	bool swaks = !strcmp(arg, "swaks");
	struct buf target;
	buf_init(&target, 0);
	export_target(s, &target);
	struct script_export x;
	script_export(&s->save.mem,
		      &(struct script_export_in){.target = target.data,
						 .implicit_tls = s->o->conn.tls == CONN_TLS_IMPLICIT,
						 .insecure = s->o->conn.insecure,
						 .file = swaks ? NULL : arg},
		      &x);
	if (swaks) {
		session_note(s, TR_TOOL, x.swaks.data);
		session_say(s, "%s", x.swaks.data);
	} else {
		char why[256];
		if (safefile_write_file(arg, x.script.data, x.script.len, force ? SF_FORCE : 0, why,
					sizeof why) < 0) {
			if (errno == EEXIST && !force)
				session_say(s, _("cannot write %s: it exists; :export! %s replaces it"),
					    arg, arg);
			else
				session_say(s, _("cannot write %s: %s"), arg, why);
			goto out;
		}
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, P_("exported %zu line to %s (mode 0600); play it with: %s",
				  "exported %zu lines to %s (mode 0600); play it with: %s", x.lines),
			   x.lines, arg, x.run.data);
		session_note(s, TR_TOOL, b.data);
		session_say(s, "%s", b.data);
		buf_free(&b);
	}
	for (const char *p = x.notes.data; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		session_note(s, TR_TOOL, line);
		free(line);
		p += n + (p[n] == '\n');
	}
out:
	script_export_free(&x);
	buf_free(&target);
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
	case TOOL_EXPORT:
		export_tool(s, t->arg, t->force);
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
