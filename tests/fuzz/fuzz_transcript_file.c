/* Transcript files come from disk and from other people: whatever the
 * bytes, the reader stays in bounds, what it accepts writes back to the
 * same records, and replaying them through the engine is safe. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/replay.h"
#include "smtpdbg/transcript_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	(void)file;
	if (!msg[0] || line == 0)
		abort();
}

static void on_event(void *arg, const struct smtp_event *ev, const struct tf_record *rec)
{
	(void)arg;
	(void)rec;
	if (ev->type == SMTP_EV_CLOSED && !ev->text)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tf_list l;
	tf_list_init(&l);
	struct tf_limits lim = {.line_max = 2048, .lines_max = 200, .file_max = 4096};
	tf_parse(&l, data, size, "fuzz", &lim, check_error, NULL);
	if (l.n > lim.lines_max)
		abort();

	/* Round trip: the good records, written and read again, are equal. */
	struct buf b;
	buf_init(&b, 0);
	tf_format_header(&b, &l.hdr);
	for (size_t i = 0; i < l.n; i++) {
		if (!tf_kind_valid(l.v[i].kind) || l.v[i].data[l.v[i].len] != '\0')
			abort();
		tf_format_record(&b, &l.v[i], true);
	}
	for (size_t i = 0; i < b.len; i++)
		if ((b.data[i] < 0x20 && b.data[i] != '\n') || b.data[i] == 0x7f)
			abort();
	struct tf_list back;
	tf_list_init(&back);
	if (tf_parse(&back, b.data, b.len, "again", NULL, NULL, NULL) != 0 || back.n != l.n)
		abort();
	for (size_t i = 0; i < l.n; i++)
		if (back.v[i].kind != l.v[i].kind || back.v[i].flags != l.v[i].flags ||
		    back.v[i].t_ms != l.v[i].t_ms || back.v[i].len != l.v[i].len ||
		    memcmp(back.v[i].data, l.v[i].data, l.v[i].len) != 0)
			abort();

	replay_run(&l, &(struct replay_cb){.event = on_event});
	tf_list_free(&back);
	buf_free(&b);
	tf_list_free(&l);
	return 0;
}
