/* The log-line readers, the diagnosis matcher and the pattern language on
 * arbitrary bytes: no crash, no read outside the input, every span inside
 * the line, and a diagnosis only for a 4xx/5xx code or a log's words. The first byte picks
 * the part; the rest is a pattern and a text split at the first NUL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/diag_log.h"
#include "smtpdbg/logline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(struct log_span s, const char *p, size_t n)
{
	if (s.n && (s.p < p || s.p + s.n > p + n))
		abort();
}

static void log_line(const char *s, size_t n)
{
	struct log_reply lr;
	if (logline_parse(s, n, &lr)) {
		inside(lr.text, s, n);
		inside(lr.host, s, n);
		inside(lr.rcpt, s, n);
		inside(lr.status, s, n);
		inside(lr.daemon, s, n);
		/* 0: words of a log without a reply; else a refusal's code. */
		if (lr.code && (lr.code < 400 || lr.code > 599))
			abort();
		struct diag_ctx_info ci = {diag_ctx_of_verb(lr.verb), 0};
		struct diag_result d;
		if (diag_text(lr.code, &lr.enh, lr.text.p, lr.text.n, &ci, &d) && !d.kind)
			abort();
	}
	for (int brief = 0; brief < 2; brief++) {
		struct buf out;
		buf_init(&out, 0);
		int rc = diag_log_line(&out, s, n, 1, brief);
		if (rc != (out.len > 0))
			abort();
		buf_free(&out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* A copy without a terminator: a read past the end is caught. */
	char *s = malloc(size - 1 ? size - 1 : 1);
	memcpy(s, data + 1, size - 1);
	size_t n = size - 1;
	switch (data[0] % 3) {
	case 0:
		log_line(s, n);
		break;
	case 1: {
		/* pattern NUL text: the pattern language on its own */
		const char *nul = memchr(s, 0, n);
		if (nul) {
			size_t pl = (size_t)(nul - s);
			char *pat = malloc(pl + 1);
			memcpy(pat, s, pl);
			pat[pl] = 0;
			char norm[512];
			size_t nn = diag_normalise(nul + 1, n - pl - 1, norm, sizeof norm);
			if (nn >= sizeof norm || norm[nn])
				abort();
			diag_match(pat, norm, nn);
			free(pat);
		}
		break;
	}
	default: {
		/* a code from the first bytes, the rest as text in every context */
		int code = n >= 2 ? 200 + ((unsigned char)s[0] * 256 + (unsigned char)s[1]) % 400 : 550;
		for (unsigned ctx = 0; ctx <= DC_OTHER; ctx = ctx ? ctx << 1 : 1) {
			struct diag_ctx_info ci = {ctx, DS_KNOWN | (ctx & 1 ? DS_TLS : 0)};
			struct diag_result d;
			bool got = diag_text(code, NULL, s, n, &ci, &d);
			if (got && (code < 400 || !d.kind || !d.rule))
				abort();
		}
		break;
	}
	}
	free(s);
	return 0;
}
