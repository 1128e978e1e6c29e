/* The diagnosis against real texts: tests/data/diagnosis/cases.tsv holds
 * replies and log lines collected from the MTAs' sources and the
 * providers' published error references (each line cites its source),
 * with the diagnosis each must get, or "-" for none. The rules were written
 * from the same sources, not from these lines. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/diag.h"
#include "smtpdbg/logline.h"
#include "smtpdbg/reply.h"

#define CASES TEST_DATA_DIR "/diagnosis/cases.tsv"

/* The text field with "\n" made CRLF, and a final CRLF. */
static struct smtp_reply *frame(const char *text)
{
	struct buf b;
	buf_init(&b, 0);
	for (const char *p = text; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			buf_adds(&b, "\r\n");
			p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	buf_adds(&b, "\r\n");
	struct reply_framer f;
	struct smtp_reply *r = NULL;
	size_t used = 0;
	reply_framer_init(&f, NULL);
	while (used < b.len && !r)
		used += reply_framer_feed(&f, b.data + used, b.len - used, &r);
	if (!r)
		r = reply_framer_finish(&f);
	reply_framer_free(&f);
	buf_free(&b);
	return r;
}

/* The diagnosis id of one case, or "-". */
static const char *diagnose(const char *kind, const char *ctx, const char *text)
{
	struct diag_result d = {0};
	if (!strcmp(kind, "reply")) {
		struct smtp_reply *r = frame(text);
		struct diag_ctx_info ci = {strcmp(ctx, "?") ? diag_ctx_of_verb(ctx) : 0, 0};
		cr_assert(r, "not a reply: %s", text);
		diag_reply(r, &ci, &d);
		reply_free(r);
	} else {
		cr_assert_str_eq(kind, "log");
		struct log_reply lr;
		if (logline_parse(text, strlen(text), &lr)) {
			struct diag_ctx_info ci = {diag_ctx_of_verb(lr.verb), 0};
			diag_text(lr.code, &lr.enh, lr.text.p, lr.text.n, &ci, &d);
		}
	}
	return d.kind ? d.kind->id : "-";
}

Test(diag_cases, every_case_gets_its_diagnosis)
{
	FILE *f = fopen(CASES, "r");
	cr_assert(f, "cannot open %s", CASES);
	char *line = NULL;
	size_t cap = 0, lineno = 0, with_id = 0, without = 0, logs = 0, failed = 0;
	struct buf why;
	buf_init(&why, 0);
	ssize_t got;
	while ((got = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (got && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = 0;
		if (!got || line[0] == '#')
			continue;
		char *field[5];
		char *save = NULL, *p = line;
		size_t nf = 0;
		for (char *t; nf < 5 && (t = strtok_r(p, "\t", &save)); p = NULL)
			field[nf++] = t;
		cr_assert_eq(nf, 5, "%s:%zu: %zu fields, not 5", CASES, lineno, nf);
		const char *want = field[2];
		const char *id = diagnose(field[0], field[1], field[3]);
		if (strcmp(want, "-"))
			with_id++;
		else
			without++;
		logs += !strcmp(field[0], "log");
		if (strcmp(id, want)) {
			failed++;
			buf_printf(&why, "%zu: want %s, got %s: %s\n", lineno, want, id, field[3]);
		}
		if (strcmp(want, "-"))
			cr_assert(diag_kind_find(want), "%s:%zu: no such id %s", CASES, lineno, want);
	}
	free(line);
	fclose(f);
	cr_assert_geq(with_id, 150, "only %zu cases with a diagnosis", with_id);
	cr_assert_geq(without, 30, "only %zu cases that must get none", without);
	cr_assert_geq(logs, 40, "only %zu log lines", logs);
	cr_assert_eq(failed, 0, "%zu of %zu cases wrong:\n%s", failed, with_id + without,
		     why.data ? why.data : "");
	buf_free(&why);
}
