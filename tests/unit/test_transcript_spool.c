#define _GNU_SOURCE /* memmem */
/* The :save records of a live session: bounded in memory, every record
 * still saved, secrets masked in the spill file as in the saved one. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtpdbg/transcript_spool.h"

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	char *text = NULL;
	size_t cap = 0;
	*n = 0;
	char chunk[65536];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
		text = realloc(text, cap = *n + r + 1);
		memcpy(text + *n, chunk, r);
		*n += r;
	}
	fclose(f);
	if (text)
		text[*n] = '\0';
	(void)cap;
	return text;
}

Test(transcript_spool, memory_bounded_and_every_record_saved)
{
	struct tf_spool s;
	tf_spool_init(&s, 64 * 1024);
	char line[100];
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(line, sizeof line, "250 2.0.0 unsolicited %d", i);
		tf_spool_add(&s, TF_SERVER, i, 0, line, (size_t)n);
		cr_assert_leq(s.mem_bytes, s.limit + 256, "memory over budget: %zu", s.mem_bytes);
		if (i % 1000 == 0)
			tf_spool_add(&s, TF_CLIENT, i, TF_F_SECRET, "c2VjcmV0", 8);
	}
	cr_assert_gt(s.spilled, 0, "the older records went to the spill file");
	cr_assert_eq(s.lost, 0);
	char path[] = "/tmp/smtpdbg-spool-XXXXXX";
	close(mkstemp(path));
	unlink(path); /* saving writes a new file */
	char why[256];
	struct tf_header h = {.peer = (char *)"mx.test:25"};
	cr_assert_eq(tf_spool_save(&s, &h, path, why, sizeof why), 0, "%s", why);
	struct tf_list back;
	tf_list_init(&back);
	FILE *f = fopen(path, "rb");
	struct tf_limits lim = {.lines_max = 100000, .file_max = 64u << 20};
	cr_assert_eq(tf_read(&back, f, path, &lim, NULL, NULL), 0);
	fclose(f);
	cr_assert_eq(back.n, s.records, "saved %zu of %zu records", back.n, s.records);
	cr_assert_str_eq((char *)back.v[0].data, "250 2.0.0 unsolicited 0", "the oldest first");
	size_t n;
	char *text = slurp(path, &n);
	cr_assert_null(strstr(text, "c2VjcmV0"), "a secret reached the saved file");
	cr_assert_null(memmem(text, n, "\n\n", 2));
	free(text);
	tf_list_free(&back);
	unlink(path);
	tf_spool_free(&s);
}

Test(transcript_spool, small_session_never_spills)
{
	struct tf_spool s;
	tf_spool_init(&s, 0);
	tf_spool_add(&s, TF_SERVER, 0, 0, "220 ready", 9);
	cr_assert_eq(s.fd, -1, "no spill file until one is needed");
	cr_assert_eq(s.records, 1);
	tf_spool_free(&s);
}
