/* Saving a transcript file: private (0600), because even masked it shows
 * whom the user talked to and when; created new (an existing file is not
 * replaced), no symbolic link followed, complete or absent (safefile.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/safefile.h"
#include "smtpdbg/transcript_file.h"

int tf_save(const char *path, const struct tf_list *l, char *why, size_t whylen)
{
	return tf_save_as(path, l, false, 0, why, whylen);
}

int tf_save_as(const char *path, const struct tf_list *l, bool reveal, unsigned flags, char *why,
	       size_t whylen)
{
	struct buf b;
	buf_init(&b, 0);
	tf_format_header(&b, &l->hdr);
	for (size_t i = 0; i < l->n; i++)
		tf_format_record(&b, &l->v[i], reveal);
	int rc = safefile_write_file(path, b.data ? b.data : "", b.len, flags, why, whylen);
	buf_wipe_free(&b);
	return rc;
}
