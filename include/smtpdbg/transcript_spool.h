/* The records of a live session kept for :save, bounded in memory: past a
 * byte budget the oldest records move, already masked, to a private spill
 * file (mode 0600, unlinked at once, so it never outlives the process), so
 * :save still writes every line of a session that flooded the screen. The
 * spill file itself is bounded (TF_SPOOL_SPILL_MAX); beyond that the oldest
 * records are lost and the saved file says how many. */
#ifndef SMTPDBG_TRANSCRIPT_SPOOL_H
#define SMTPDBG_TRANSCRIPT_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/transcript_file.h"

#define TF_SPOOL_SPILL_MAX ((uint64_t)1 << 30)

struct tf_spool {
	struct tf_list mem;      /* the newest records */
	size_t mem_bytes, limit; /* held in memory, and the budget */
	int fd;                  /* the spill file, -1 until needed */
	uint64_t spilled;        /* bytes in it */
	size_t lost;             /* records dropped: the spill file was full or failed */
	size_t records;          /* every record added */
};

/* limit: the memory budget in bytes (0: 16 MiB). */
void tf_spool_init(struct tf_spool *s, size_t limit);
void tf_spool_free(struct tf_spool *s);
/* Add what an engine event puts on the wire, or one record. */
void tf_spool_add_event(struct tf_spool *s, const struct smtp_event *ev, int64_t t_ms, bool tls);
void tf_spool_add(struct tf_spool *s, enum tf_kind kind, int64_t t_ms, unsigned flags,
		  const void *p, size_t n);
/* Write every record (secrets masked) after hdr to a new file at path,
 * mode 0600, no symbolic link followed (safefile.h). An existing file is
 * refused (EEXIST) unless flags has SF_FORCE; then it is replaced through
 * a temporary file, fsync and rename. Returns 0, or -1 with the reason in
 * why. tf_spool_save is tf_spool_save_as without flags. */
int tf_spool_save_as(const struct tf_spool *s, const struct tf_header *hdr, const char *path,
		     unsigned flags, char *why, size_t whylen);
int tf_spool_save(const struct tf_spool *s, const struct tf_header *hdr, const char *path,
		  char *why, size_t whylen);

#endif
