/* The tool commands typed at the TUI prompt after ':' (":b64 encode hi",
 * ":auth login", ":save out.txt"). Pure parsing, so the table and its
 * errors are unit-tested; the session and the UI carry them out. */
#ifndef SMTPDBG_COMMAND_H
#define SMTPDBG_COMMAND_H

#include <stdbool.h>

#include <stddef.h>

enum tool_cmd {
	TOOL_NONE,      /* not a command: a line for the server */
	TOOL_B64_ENCODE,
	TOOL_B64_DECODE,
	TOOL_CRAM,      /* answer the last CRAM-MD5 challenge */
	TOOL_AUTH,      /* arg: mechanism */
	TOOL_RAW,       /* arg: bytes with \r \n \t \\ \xNN escapes */
	TOOL_SAVE,      /* arg: file */
	TOOL_EXPORT,    /* arg: file, or "swaks" */
	TOOL_THEME,     /* arg: name */
	TOOL_BITS,      /* show or hide Base64's 6-bit groups (the TUI's B) */
	TOOL_HELP,
	TOOL_QUIT,      /* asks first while connected */
	TOOL_QUIT_NOW,  /* :q! */
	TOOL_ERROR,     /* arg: what is wrong */
};

struct tool_parsed {
	enum tool_cmd cmd;
	const char *arg; /* points into the parsed line, or at a static message */
	bool force;      /* :save! (:w!), :export!: replace an existing file */
};

/* Parse a line. A line that does not start with ':' is TOOL_NONE. */
struct tool_parsed tool_parse(const char *line);

struct tool_info {
	const char *name;  /* "b64" */
	const char *usage; /* ":b64 encode|decode TEXT" */
	const char *help;  /* one line */
};
/* The command table, for help and completion; *n receives its length. */
const struct tool_info *tool_table(size_t *n);

/* Decode :raw's escapes into out (at most cap bytes). Returns the length,
 * or -1 with *err set on a bad escape or overflow. */
long tool_unescape(const char *s, char *out, size_t cap, const char **err);

#endif
