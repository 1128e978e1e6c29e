/* Parsing of the TUI's ':' tool commands (see command.h). */
#include "smtpdbg/command.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "smtpdbg/i18n.h"

static const struct tool_info table[] = {
	{"b64", ":b64 encode|decode TEXT", N_("Base64-encode or decode TEXT (shown, not sent)")},
	{"cram", ":cram", N_("answer the last CRAM-MD5 challenge: asks user and password")},
	{"auth", ":auth MECH|next", N_("run a whole AUTH exchange with MECH, asking for what it needs; next: the next mechanism the server offers after a failure")},
	{"raw", ":raw TEXT", N_("send TEXT exactly (no CRLF added; \\r \\n \\t \\\\ \\xNN escapes)")},
	{"save", ":save FILE, :save! FILE", N_("write the annotated transcript to a new FILE (secrets masked, mode 0600); :save! replaces an existing one")},
	{"export", ":export FILE, :export! FILE, :export swaks", N_("write the session as a script that smtpdbg run --script plays again (EHLO, STARTTLS and AUTH as its options, the password from an environment variable), and show that command; swaks: the swaks command line for the parts swaks can do")},
	{"theme", ":theme NAME", N_("switch to colour theme NAME")},
	{"bits", ":bits", N_("show or hide how Base64 is made in the explanation: 6-bit groups and their places in the alphabet (also B)")},
	{"help", ":help", N_("show keys and commands (also ?)")},
	{"quit", ":quit, :q, :q!", N_("quit (asks first while connected; :q! does not)")},
};

const struct tool_info *tool_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

/* Skip the word at *p (case-insensitively equal to w); true if it matched. */
static bool word(const char **p, const char *w)
{
	size_t n = strlen(w);
	if (strncasecmp(*p, w, n) != 0 || ((*p)[n] && !isspace((unsigned char)(*p)[n])))
		return false;
	*p += n;
	while (isspace((unsigned char)**p))
		(*p)++;
	return true;
}

static struct tool_parsed with_arg(enum tool_cmd cmd, const char *arg, const char *missing)
{
	if (!*arg)
		return (struct tool_parsed){.cmd = TOOL_ERROR, .arg = missing};
	return (struct tool_parsed){.cmd = cmd, .arg = arg};
}

struct tool_parsed tool_parse(const char *line)
{
	if (line[0] != ':')
		return (struct tool_parsed){.cmd = TOOL_NONE, .arg = NULL};
	const char *p = line + 1;
	while (isspace((unsigned char)*p))
		p++;
	if (word(&p, "b64")) {
		if (word(&p, "encode"))
			return with_arg(TOOL_B64_ENCODE, p, N_(":b64 encode needs TEXT"));
		if (word(&p, "decode"))
			return with_arg(TOOL_B64_DECODE, p, N_(":b64 decode needs TEXT"));
		return (struct tool_parsed){.cmd = TOOL_ERROR, .arg = N_("use :b64 encode TEXT or :b64 decode TEXT")};
	}
	if (word(&p, "cram"))
		return (struct tool_parsed){.cmd = TOOL_CRAM, .arg = p};
	if (word(&p, "auth"))
		return with_arg(TOOL_AUTH, p, N_(":auth needs a mechanism, e.g. :auth LOGIN"));
	if (!strncasecmp(p, "raw", 3) && (p[3] == ' ' || !p[3])) {
		p += 3;
		if (*p == ' ')
			p++; /* one separator: further spaces are part of TEXT */
		return with_arg(TOOL_RAW, p, N_(":raw needs TEXT"));
	}
	if (word(&p, "save!") || word(&p, "w!")) {
		struct tool_parsed t = with_arg(TOOL_SAVE, p, N_(":save! needs a FILE"));
		t.force = t.cmd == TOOL_SAVE;
		return t;
	}
	if (word(&p, "save") || word(&p, "w"))
		return with_arg(TOOL_SAVE, p, N_(":save needs a FILE"));
	if (word(&p, "export!")) {
		struct tool_parsed t = with_arg(TOOL_EXPORT, p, N_(":export! needs a FILE"));
		t.force = t.cmd == TOOL_EXPORT;
		return t;
	}
	if (word(&p, "export"))
		return with_arg(TOOL_EXPORT, p, N_(":export needs a FILE, or swaks"));
	if (word(&p, "theme"))
		return with_arg(TOOL_THEME, p, N_(":theme needs a NAME"));
	if (word(&p, "bits"))
		return (struct tool_parsed){.cmd = TOOL_BITS, .arg = p};
	if (word(&p, "help") || word(&p, "h"))
		return (struct tool_parsed){.cmd = TOOL_HELP, .arg = p};
	if (word(&p, "q!") || word(&p, "quit!"))
		return (struct tool_parsed){.cmd = TOOL_QUIT_NOW, .arg = p};
	if (word(&p, "quit") || word(&p, "q"))
		return (struct tool_parsed){.cmd = TOOL_QUIT, .arg = p};
	return (struct tool_parsed){.cmd = TOOL_ERROR, .arg = N_("unknown command; :help lists them")};
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

long tool_unescape(const char *s, char *out, size_t cap, const char **err)
{
	size_t n = 0;
	for (; *s; s++) {
		char c = *s;
		if (c == '\\') {
			s++;
			switch (*s) {
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '\\': c = '\\'; break;
			case 'x': {
				int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
				if (hi < 0 || lo < 0) {
					*err = N_("\\x needs two hex digits");
					return -1;
				}
				c = (char)(hi * 16 + lo);
				s += 2;
				break;
			}
			default:
				*err = N_("unknown escape: use \\r \\n \\t \\\\ or \\xNN");
				return -1;
			}
		}
		if (n == cap) {
			*err = N_("too long");
			return -1;
		}
		out[n++] = c;
	}
	return (long)n;
}
