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
	bool secret; /* typed at a hidden field: masked like a password */
	/* After a typed line that is not the lesson's: whether the lesson's
	 * next line still fits (1) or not (0), worked out once (-1: not yet),
	 * so that playing the actions again gives the same rows. */
	int fits;
	char *why;   /* ... and when not, what playing it would get */
};

struct lesson_run {
	struct lesson_run_opts o;
	const struct server_personality *p;
	struct action *act;
	size_t nact, napplied;

	/* The session as played so far (rebuilt from the actions): against
	 * the embedded server, or a recorded lesson's recording (rec). */
	struct server_session *srv;
	struct rec_peer *rec;
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
	size_t applying;          /* the action being played */
	bool probing;             /* a copy trying the lesson's next line: no copies of its own */
	/* Where the session left the lesson: the row (-1: it has not), and
	 * how many actions came before (lesson_run_rewind goes back there).
	 * The first typed line that differed from the lesson's line. */
	long left_row;
	size_t good_actions;
	long typed_diff_row;
	/* The AUTH exchange, for the prompt: the mechanism of the last AUTH
	 * line sent, the answers sent since, and whether the server's last
	 * reply is a 334 still waiting for its answer. */
	char auth_mech[32];
	unsigned sasl_answers;
	bool awaiting;
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

/* lesson_recorded.c: a recorded lesson's server, played back. */
struct rec_peer;
const struct server_personality *rec_personality(void);
struct rec_peer *rec_peer_new(const struct lesson *l);
void rec_peer_free(struct rec_peer *p);
void rec_peer_feed(struct rec_peer *p, const uint8_t *b, size_t n);
size_t rec_peer_tx(const struct rec_peer *p, const uint8_t **out);
void rec_peer_tx_done(struct rec_peer *p, size_t n);
bool rec_peer_want_tls(const struct rec_peer *p);
void rec_peer_tls_ready(struct rec_peer *p);
bool rec_peer_closing(const struct rec_peer *p);

/* lesson_run.c: an empty runner that plays a copy of the session (no
 * copies of its own), for lesson_play.c to try the lesson's next line. */
struct lesson_run *lr_new_probe(const struct lesson_run_opts *o,
				const struct server_personality *p);

/* lesson_play.c: playing one action (a lesson step or a typed line). */
void lr_apply(struct lesson_run *r, struct action *a);
/* The view: the played rows, then the steps still to come. */
void lr_build_view(struct lesson_run *r);

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
