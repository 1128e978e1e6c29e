/* smtpdbg b64 encode|decode [TEXT...]: Base64 both ways, offline. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/b64.h"
#include "smtpdbg/buf.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/escape.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/xmalloc.h"

/* Standard input larger than this is refused rather than held in memory. */
#define STDIN_MAX (64u * 1024 * 1024)

static void usage(FILE *f)
{
	fputs(_("Usage: smtpdbg b64 encode [TEXT...]\n"
		"       smtpdbg b64 decode [--raw] [BASE64...]\n"
		"Base64 (RFC 4648) as SMTP AUTH uses it.\n\n"
		"With TEXT, the arguments joined by single spaces are the input; without,\n"
		"standard input is (encode takes its bytes exactly: use printf '%s', since\n"
		"echo adds a newline that would be encoded too; decode ignores surrounding\n"
		"whitespace and newlines).\n\n"
		"decode is strict: no whitespace inside, padding required, canonical only.\n"
		"Decoded bytes that are not printable are shown escaped (\\x00, <U+202E>),\n"
		"so decoding can never drive the terminal.\n\n"
		"Options:\n"
		"  --raw          write the decoded bytes unescaped (only to a pipe or file)\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show the version\n\n"
		"Examples:\n"
		"  smtpdbg b64 encode 'Max Mustermann'     prints TWF4IE11c3Rlcm1hbm4=\n"
		"  smtpdbg b64 decode VXNlcm5hbWU6         prints Username:\n"
		"Exit status: 0 success, 2 usage error or invalid Base64.\n"),
	      f);
}

static int read_stdin(struct buf *in)
{
	char chunk[65536];
	for (;;) {
		ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, _("smtpdbg b64: cannot read standard input: %s\n"),
				strerror(errno));
			return -1;
		}
		if (buf_add(in, chunk, (size_t)n) < 0) {
			fprintf(stderr, _("smtpdbg b64: standard input is larger than %u MiB\n"),
				STDIN_MAX >> 20);
			return -1;
		}
	}
}

static int decode(const char *s, size_t n, bool raw)
{
	uint8_t *out;
	size_t outlen, pos;
	const char *err;

	if (b64_decode(s, n, &out, &outlen, &err, &pos) < 0) {
		char *shown = esc_str(s, n > 80 ? 80 : n, esc_flags_for_locale());
		fprintf(stderr, _("smtpdbg b64: invalid Base64 at offset %zu: %s\n  input: %s%s\n"),
			pos, _(err), shown, n > 80 ? "..." : "");
		free(shown);
		return EXIT_USAGE;
	}
	if (raw) {
		fwrite(out, 1, outlen, stdout);
	} else {
		char *shown = esc_str(out, outlen, esc_flags_for_locale());
		puts(shown);
		free(shown);
	}
	wipe(out, outlen);
	free(out);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_NEGATIVE;
}

int cmd_b64(int argc, char **argv)
{
	bool raw = false;
	int i = 1;
	const char *mode = NULL;

	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			cli_version(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--raw")) {
			raw = true;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (a[0] == '-' && a[1] && !mode) {
			return cli_usage_error("b64", _("unknown option '%s'"), a);
		} else if (!mode) {
			mode = a;
		} else {
			break;
		}
	}
	if (!mode && i < argc)
		mode = argv[i++];
	if (!mode)
		return cli_usage_error("b64", _("say encode or decode"));
	bool enc = !strcmp(mode, "encode");
	if (!enc && strcmp(mode, "decode") != 0)
		return cli_usage_error("b64", _("unknown mode '%s': say encode or decode"), mode);
	if (raw && enc)
		return cli_usage_error("b64", _("--raw applies to decode only"));
	if (raw && isatty(STDOUT_FILENO)) {
		fputs(_("smtpdbg b64: --raw refuses to write to a terminal: decoded bytes could "
			"drive it. Redirect to a file or a pipe.\n"),
		      stderr);
		return EXIT_USAGE;
	}

	struct buf in;
	buf_init(&in, STDIN_MAX);
	if (i < argc) {
		for (int k = i; k < argc; k++) {
			if (k > i)
				buf_addc(&in, ' ');
			buf_adds(&in, argv[k]);
		}
	} else if (read_stdin(&in) < 0) {
		buf_free(&in);
		return EXIT_USAGE;
	}

	int rc;
	if (enc) {
		char *out = b64_encode(in.data ? in.data : "", in.len);
		puts(out);
		free(out);
		rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_NEGATIVE;
	} else {
		size_t start = 0, end = in.len;
		while (start < end && strchr(" \t\r\n", in.data[start]))
			start++;
		while (end > start && strchr(" \t\r\n", in.data[end - 1]))
			end--;
		rc = decode(in.data ? in.data + start : "", end - start, raw);
	}
	buf_wipe_free(&in);
	return rc;
}
