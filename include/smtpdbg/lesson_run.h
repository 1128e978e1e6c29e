/* The lesson runner: a lesson played against the embedded server, in
 * memory, one row at a time. The client engine and the server session are
 * wired together directly (no sockets); the server's clock and randomness
 * are pinned, so every run of a lesson gives the same bytes, and stepping
 * back simply plays the lesson again from the start.
 *
 * The learner may type a line instead of stepping: it goes to the server
 * like any line, and the row says how it differs from the lesson's. */
#ifndef SMTPDBG_LESSON_RUN_H
#define SMTPDBG_LESSON_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/client.h"
#include "smtpdbg/lesson.h"
#include "smtpdbg/server.h"
#include "smtpdbg/teach_row.h"
#include "smtpdbg/transcript_file.h"

/* The STARTTLS handshake, done by whoever can (the I/O layer): on success
 * it has called server_session_tls_ready and smtp_client_tls_ready(c,
 * false) and returns 0; -1 ends the session. */
typedef int (*lesson_tls_fn)(void *arg, struct server_session *s, struct smtp_client *c);

struct lesson_run_opts {
	const struct lesson *lesson;  /* must outlive the runner */
	const char *personality;      /* NULL: the lesson's */
	bool reveal;                  /* show secrets (decoded passwords) */
	bool auth_maths;              /* add what each SASL step computed */
	unsigned esc_flags;           /* escape.h flags for everything shown */
	/* NULL: the handshake is simulated (both sides are told it succeeded
	 * without any cryptography, and the row says so). */
	lesson_tls_fn tls_handshake;
	void *tls_arg;
	/* Every engine event as the session is played (tests, a live view).
	 * Stepping back plays from the start, so events come again. */
	void (*on_event)(void *arg, const struct smtp_event *ev);
	void *event_arg;
};

struct lesson_run;

/* NULL if the personality is unknown. */
struct lesson_run *lesson_run_new(const struct lesson_run_opts *o);
void lesson_run_free(struct lesson_run *r);

/* Play the next row (a step undone by back is played again first).
 * Returns false when there is nothing more to play. */
bool lesson_run_forward(struct lesson_run *r);
/* Undo the last row played (a step or a typed line). False at the start. */
bool lesson_run_back(struct lesson_run *r);
/* The learner typed a line (no CRLF; secret: typed at a hidden field, a
 * password). Server steps due before it are played first; then the line
 * is sent and answered at once. It counts as the lesson's next step when
 * it is the lesson's line (the verb in any case), or when it answers the
 * server's 334 where the lesson answers it too (the row says how the two
 * answers differ). Otherwise it is explained, with whether the lesson's
 * line still fits after it (a copy of the session tries it). */
void lesson_run_type(struct lesson_run *r, const char *line, bool secret);
/* The session left the lesson's path (a reply the lesson did not expect,
 * or a typed line after which its next line no longer fits): the row
 * where it did, or -1. */
long lesson_run_left(const struct lesson_run *r);
/* Go back to the last row that followed the lesson (what led away is
 * dropped). False when the session never left it. */
bool lesson_run_rewind(struct lesson_run *r);
/* Back to the start (before the first row). False when there already. */
bool lesson_run_first(struct lesson_run *r);
/* The server's 334 waits for an answer: the mechanism of the AUTH line
 * (as sent, possibly unknown), the decoded challenge, the answers sent in
 * this exchange so far. False when nothing waits. */
bool lesson_run_challenge(const struct lesson_run *r, const char **mech, const uint8_t **chal,
			  size_t *len, unsigned *answers);
/* Show or hide secrets (plays the lesson again to the same point). */
void lesson_run_set_reveal(struct lesson_run *r, bool reveal);

/* Rows to draw: those played (the last one TEACH_CURRENT), then the steps
 * still to come (TEACH_PENDING). */
const struct teach_rows *lesson_run_rows(const struct lesson_run *r);
/* Index of the current row, or -1 before the first. */
long lesson_run_current(const struct lesson_run *r);
/* Lesson steps played, and how many there are ("step 3/9"). */
size_t lesson_run_step(const struct lesson_run *r);
size_t lesson_run_steps(const struct lesson_run *r);
bool lesson_run_finished(const struct lesson_run *r);
/* Server steps whose reply was not one the lesson expected. */
size_t lesson_run_unexpected(const struct lesson_run *r);
/* The session so far as transcript records (write with tf_write). */
const struct tf_list *lesson_run_transcript(const struct lesson_run *r);
const struct server_personality *lesson_run_personality(const struct lesson_run *r);

#endif
