/* Lesson files may come from anyone (--lesson PATH): parsing stays in
 * bounds and a lesson that parses can be played, forward and back, against
 * the embedded server without crashing or leaking. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/lesson.h"
#include "smtpdbg/lesson_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	(void)file;
	if (!msg[0] || line == 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson l;
	if (lesson_parse(&l, (const char *)data, size, "fuzz", check_error, NULL) != 0) {
		if (l.nsteps || l.steps || l.title)
			abort();
		return 0;
	}
	if (!l.title || !l.personality || !l.nsteps || l.nsteps > LESSON_STEPS_MAX)
		abort();
	struct lesson_run *r = lesson_run_new(&(struct lesson_run_opts){.lesson = &l});
	if (!r)
		abort();
	size_t played = 0;
	while (played < 40 && lesson_run_forward(r))
		played++;
	lesson_run_type(r, "NOOP", false);
	if (lesson_run_back(r))
		lesson_run_forward(r);
	const struct teach_rows *rows = lesson_run_rows(r);
	for (size_t i = 0; i < rows->n; i++) {
		const char *w = rows->v[i].wire;
		for (; w && *w; w++)
			if ((unsigned char)*w < 0x20 && *w != '\n')
				abort();
	}
	lesson_run_free(r);
	lesson_free(&l);
	return 0;
}
