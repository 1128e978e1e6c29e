/* smtpdbg b64: Base64 both ways, offline, with the same strict decoder the
 * engine applies to 334 challenges. Decoded bytes are escaped before they
 * reach the terminal, since they may come from a hostile server. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "cli_impl.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* Base64 pasted from a session is small; this only stops a runaway pipe. */
#define STDIN_MAX (64u * 1024u * 1024u)
/* Bytes of input shown either side of an error. */
#define CONTEXT 30

static const struct opt b64_opts[] = {
	{.lng = "raw", .kind = OPT_FLAG, .off = 0,
	 .help = N_("decode: write the bytes unescaped, without a newline (only when standard "
		    "output is not a terminal)")},
	{0},
};

static const char *const modes[] = {"encode", "decode", NULL};

const struct cli_cmd cli_cmd_b64 = {
	.name = "b64",
	.section = "b64",
	.usage = "encode [TEXT...] | decode [--raw] [BASE64...]",
	.summary = N_("Base64 encode or decode (stdin if no TEXT)"),
	.about = N_("Base64 (RFC 4648) both ways, as SMTP AUTH uses it.\n\n"
		    "encode  TEXT arguments are joined by single spaces; without TEXT, all of\n"
		    "        standard input is encoded byte for byte, a final newline included\n"
		    "        (use printf %s, not echo, to leave it out).\n"
		    "decode  each argument is decoded on its own line; without arguments,\n"
		    "        standard input is decoded as one value, surrounding whitespace\n"
		    "        ignored. Decoding is strict: no inner whitespace, '=' padding\n"
		    "        required, nothing after it, unused bits zero. Non-printable\n"
		    "        bytes are shown escaped (\\x00, \\r, <U+202E>).\n"),
	.epilog = N_("Exit status: 0 success, 2 usage error or invalid Base64.\n"),
	.groups = {{N_("Options"), b64_opts, 0},
		   {N_("Language"), lang_opt_table, 0}},
	.words = modes,
	.run = cmd_b64,
};

/* Read all of standard input into b (limited). Returns 0 or -1 with a
 * message on stderr. */
static int read_stdin(struct buf *b)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if (buf_add(b, chunk, n) < 0) {
			wipe(chunk, sizeof chunk);
			fprintf(stderr, _("smtpdbg b64: standard input is larger than %u MiB\n"),
				STDIN_MAX >> 20);
			return -1;
		}
	wipe(chunk, sizeof chunk);
	if (ferror(stdin)) {
		fputs(_("smtpdbg b64: cannot read standard input\n"), stderr);
		return -1;
	}
	return 0;
}

static int finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs(_("smtpdbg b64: cannot write to standard output\n"), stderr);
		return EXIT_NEGATIVE;
	}
	return EXIT_OK;
}

static int encode(char **text, int ntext)
{
	struct buf in;
	buf_init(&in, STDIN_MAX);

	if (ntext == 0) {
		if (read_stdin(&in) < 0) {
			buf_wipe_free(&in);
			return EXIT_USAGE;
		}
		/* A newline from echo is a classic surprise: point it out to a
		 * person, but keep scripts' stderr quiet. */
		if (in.len && in.data[in.len - 1] == '\n' && isatty(STDERR_FILENO))
			fputs(_("smtpdbg b64: note: the input ends with a newline, which is "
				"encoded too (use printf %s instead of echo to leave it out)\n"),
			      stderr);
	}
	for (int i = 0; i < ntext; i++) {
		if (i)
			buf_addc(&in, ' ');
		buf_adds(&in, text[i]);
	}
	char *out = b64_encode(in.data ? in.data : "", in.len);
	printf("%s\n", out);
	wipe(out, strlen(out));
	free(out);
	buf_wipe_free(&in);
	return finish_output();
}

/* Show the input around pos, escaped to plain ASCII, with a caret under
 * the offending character. */
static void show_context(const char *in, size_t n, size_t pos)
{
	size_t from = pos > CONTEXT ? pos - CONTEXT : 0;
	size_t to = n - pos > CONTEXT ? pos + CONTEXT : n;
	char *before = esc_str(in + from, pos - from, ESC_ASCII);
	char *after = esc_str(in + pos, to - pos, ESC_ASCII);
	const char *lead = from ? "..." : "";

	fprintf(stderr, "  %s%s%s%s\n", lead, before, after, to < n ? "..." : "");
	fprintf(stderr, "  %*s^\n", (int)(strlen(lead) + strlen(before)), "");
	free(before);
	free(after);
}

/* Decode n bytes of in; `where` names the input in messages and `base` is
 * the offset of in within it (stdin after trimming). */
static int decode_one(const char *in, size_t n, const char *where, const char *whole,
		      size_t base, bool raw, unsigned flags)
{
	uint8_t *out;
	size_t outlen, pos;
	const char *err;

	if (b64_decode(in, n, &out, &outlen, &err, &pos) < 0) {
		size_t at = base + pos, line = 1, col = 1;
		for (size_t i = 0; i < at; i++, col++)
			if (whole[i] == '\n')
				line++, col = 0;
		fprintf(stderr, _("smtpdbg b64: invalid Base64 %s at offset %zu"), where, at);
		if (line > 1)
			fprintf(stderr, _(" (line %zu, column %zu)"), line, col);
		fprintf(stderr, ": %s\n", _(err));
		show_context(in, n, pos);
		return EXIT_USAGE;
	}
	if (raw) {
		fwrite(out, 1, outlen, stdout);
	} else {
		struct buf shown;
		buf_init(&shown, 0);
		esc_append(&shown, out, outlen, flags);
		buf_addc(&shown, '\n');
		fwrite(shown.data, 1, shown.len, stdout);
		buf_wipe_free(&shown);
	}
	wipe(out, outlen);
	free(out);
	return EXIT_OK;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int decode(char **text, int ntext, bool raw)
{
	unsigned flags = esc_flags_for_locale();
	int rc = EXIT_OK;

	if (raw && isatty(STDOUT_FILENO)) {
		fputs(_("smtpdbg b64: --raw refuses to write to a terminal: decoded bytes may "
			"hold control sequences; redirect the output to a file or a pipe\n"),
		      stderr);
		return EXIT_USAGE;
	}
	if (ntext == 0) {
		struct buf in;
		buf_init(&in, STDIN_MAX);
		if (read_stdin(&in) < 0) {
			buf_wipe_free(&in);
			return EXIT_USAGE;
		}
		const char *s = in.data ? in.data : "";
		size_t start = 0, end = in.len;
		while (start < end && is_space(s[start]))
			start++;
		while (end > start && is_space(s[end - 1]))
			end--;
		rc = decode_one(s + start, end - start, _("on standard input"), s, start, raw,
				flags);
		buf_wipe_free(&in);
	}
	for (int i = 0; i < ntext && rc == EXIT_OK; i++) {
		char where[64];
		snprintf(where, sizeof where, _("in argument %d"), i + 1);
		rc = decode_one(text[i], strlen(text[i]), where, text[i], 0, raw, flags);
	}
	int out_rc = finish_output();
	return rc != EXIT_OK ? rc : out_rc;
}

int cmd_b64(int argc, char **argv)
{
	const struct cli_cmd *cmd = &cli_cmd_b64;
	struct cli_args args;
	bool raw = false;
	int rc = cli_parse(cmd, argc, argv, &raw, &args, false);
	if (rc < 0 && !args.n)
		rc = cli_fail(cmd, _("say 'encode' or 'decode'"));
	if (rc < 0) {
		const char *mode = args.operands[0];
		char **text = args.operands + 1;
		int ntext = (int)args.n - 1;
		if (!strcmp(mode, "encode"))
			rc = raw ? cli_fail(cmd, _("--raw applies to decode only")) : encode(text, ntext);
		else if (!strcmp(mode, "decode"))
			rc = decode(text, ntext, raw);
		else
			rc = cli_fail(cmd, _("unknown mode '%s'; say 'encode' or 'decode'"), mode);
	}
	free(args.operands);
	return rc;
}
