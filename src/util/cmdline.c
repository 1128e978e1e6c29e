/* Splitting a --pipe command into words (cmdline.h). */
#include "smtpdbg/cmdline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* Characters that mean more than words to a shell, outside quotes. */
static bool shell_char(char ch)
{
	return strchr("|&;<>()$`*?[]{}~#", ch) != NULL;
}

static void push(struct cmdline *c, struct buf *w)
{
	c->argv = xrealloc(c->argv, (c->argc + 2) * sizeof *c->argv);
	c->argv[c->argc++] = xstrdup(w->data ? w->data : "");
	c->argv[c->argc] = NULL;
	buf_reset(w);
}

int cmdline_split(const char *s, struct cmdline *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	struct buf w;
	buf_init(&w, 0);
	bool in_word = false;
	const char *p = s;
	while (*p) {
		char ch = *p;
		if (ch == ' ' || ch == '\t' || ch == '\n') {
			if (in_word)
				push(out, &w);
			in_word = false;
			p++;
		} else if (ch == '\'' || ch == '"') {
			const char *end = p + 1;
			while (*end && *end != ch) {
				/* In "...", a shell expands $ and ` and honours \. */
				if (ch == '"' && (*end == '$' || *end == '`' || *end == '\\'))
					out->needs_shell = true;
				end++;
			}
			if (!*end) {
				snprintf(why, whylen, _("the command has an unterminated %c quote"), ch);
				buf_free(&w);
				cmdline_free(out);
				return -1;
			}
			buf_add(&w, p + 1, (size_t)(end - p - 1));
			in_word = true;
			p = end + 1;
		} else if (ch == '\\') {
			if (p[1]) {
				buf_addc(&w, p[1]);
				p += 2;
			} else {
				p++;
			}
			in_word = true;
		} else {
			if (shell_char(ch))
				out->needs_shell = true;
			buf_addc(&w, ch);
			in_word = true;
			p++;
		}
	}
	if (in_word)
		push(out, &w);
	buf_free(&w);
	/* "NAME=value command": a variable for the command, the shell's job. */
	if (out->argc && strchr(out->argv[0], '=') && !strchr(out->argv[0], '/'))
		out->needs_shell = true;
	if (out->needs_shell) {
		for (size_t i = 0; i < out->argc; i++)
			free(out->argv[i]);
		free(out->argv);
		out->argv = NULL;
		out->argc = 0;
		return 0;
	}
	if (out->argc == 0) {
		snprintf(why, whylen, "%s", _("the command is empty"));
		cmdline_free(out);
		return -1;
	}
	return 0;
}

void cmdline_free(struct cmdline *c)
{
	for (size_t i = 0; i < c->argc; i++)
		free(c->argv[i]);
	free(c->argv);
	memset(c, 0, sizeof *c);
}
