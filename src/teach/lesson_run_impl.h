/* What the files of the lesson runner share. Private to src/teach. */
#ifndef SMTPDBG_LESSON_RUN_IMPL_H
#define SMTPDBG_LESSON_RUN_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/lesson_run.h"
#include "smtpdbg/narrate.h"
#include "smtpdbg/sasl.h"
#include "smtpdbg/server.h"
#include "smtpdbg/teach_row.h"
#include "smtpdbg/transcript_file.h"

/* The pinned clock and randomness make the CRAM-MD5 challenge the same in
 * every run: "<1896609055.1700000000@smtp.server.com>". */
#define PINNED_RANDOM 1896609055u
#define PINNED_NOW 1700000000

struct action {
	char *typed; /* a line the learner typed, or NULL: the next lesson step */
};

struct lesson_run {
	struct lesson_run_opts o;
	const struct server_personality *p;
	struct action *act;
	size_t nact, napplied;

	/* The session as played so far (rebuilt from the actions). */
	struct server_session *srv;
	struct smtp_client *cli;
	struct teach_rows rows;   /* played rows */
	struct teach_rows queue;  /* replies received, not yet shown by a step */
	bool to_queue;            /* where the notes of the next events go */
	struct teach_rows view;   /* rows + pending steps, for drawing */
	struct tf_list tf;
	size_t next_step;
	size_t unexpected;
	bool tls, closed;
	int64_t clock;
	/* CRAM-MD5 and friends: the latest challenge, the mechanism in use,
	 * the response computed for the next step. */
	uint8_t *challenge;
	size_t challenge_len;
	bool have_challenge;
	const struct sasl_mech *mech;
	void *mech_state;
	char *computed;
	bool computed_secret;
	char *computed_explain; /* what the mechanism did, in words */
	struct annot_items computed_maths; /* ... and as items, for the TUI */
	char *compute_error;
};

/* lesson_session.c: the client engine and the server session in memory. */
struct narrate_opts lr_nopts(const struct lesson_run *r);
/* Untrusted lesson text, escaped line by line. */
char *lr_safe(const struct lesson_run *r, const char *s);
void lr_mech_end(struct lesson_run *r);
void lr_session_end(struct lesson_run *r);
/* The row the next notes go to. */
struct teach_row *lr_last_row(struct lesson_run *r);
void lr_drain_events(struct lesson_run *r);
/* Move bytes between the two ends until neither has anything to say. */
void lr_pump(struct lesson_run *r);
void lr_session_start(struct lesson_run *r);

#endif
