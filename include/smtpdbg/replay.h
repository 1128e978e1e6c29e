/* Replay a saved transcript through the client engine: the engine sees
 * the same bytes it saw live, so it gives the same events and the same
 * explanations. Pure: records in, callbacks out. */
#ifndef SMTPDBG_REPLAY_H
#define SMTPDBG_REPLAY_H

#include "smtpdbg/client.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/teach_row.h"
#include "smtpdbg/transcript_file.h"

struct replay_cb {
	/* An engine event and the record that caused it. rec->flags says
	 * whether the line was inside TLS and whether it was masked in the
	 * file (then it must never be shown as if it were the secret). */
	void (*event)(void *arg, const struct smtp_event *ev, const struct tf_record *rec);
	/* A note or warning record from the file. */
	void (*note)(void *arg, const struct tf_record *rec);
	void *arg;
};

/* Text from a file made safe to show: returned unchanged when it is plain
 * printable ASCII (so replay prints what the live session printed), else
 * escaped line by line (newlines kept). The caller frees it. */
char *replay_safe_text(const void *p, size_t n, unsigned esc_flags);

/* Feed every record of l, in order, to a fresh engine. */
void replay_run(const struct tf_list *l, const struct replay_cb *cb);

/* The same a record at a time, for a file read as a stream (tf_stream). */
struct replay;
struct replay *replay_new(void);
void replay_record(struct replay *x, const struct tf_record *r, const struct replay_cb *cb);
/* The records ran out. A transcript written as the session went (h->live)
 * that lacks its end (no X record, no QUIT: the session was still open
 * when the file was read, or the writer stopped) says so through cb->note,
 * as a warning record. h may be NULL. */
void replay_end(struct replay *x, const struct tf_header *h, const struct replay_cb *cb);
void replay_free(struct replay *x);

/* Replay l into teaching rows (appended to rows, every one TEACH_DONE):
 * one per protocol line or note, with the notes narrate gives with o. A
 * line masked in the file stays masked whatever o asks. */
void replay_rows(const struct tf_list *l, const struct narrate_opts *o, struct teach_rows *rows);

#endif
