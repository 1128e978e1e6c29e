/* What the stepper's files share. Private to src/teach. */
#ifndef SMTPDBG_STEPPER_IMPL_H
#define SMTPDBG_STEPPER_IMPL_H

#include "smtpdbg/stepper.h"

/* A user name and a password asked for, to compute a SASL response
 * (PLAIN and CRAM-MD5 in a lesson, :cram anywhere). */
struct stepper_field {
	const struct sasl_mech *mech; /* NULL: no such questions now */
	bool asked;                   /* by :cram, not by the server's 334 */
	char *user;                   /* asked first; then the password */
};

struct stepper {
	enum stepper_kind kind;
	char *title, *about;
	unsigned esc;
	/* STEP */
	struct lesson lesson;
	struct lesson_run *run;
	/* REPLAY */
	struct tf_list tf;            /* the records, when given in memory */
	size_t next;                  /* ... the next one to replay */
	FILE *file;                   /* or the file, read as the rows are needed */
	char *path;
	struct tf_reader *reader;
	char *problem;                /* what the reader reported, shown as a row */
	struct replay *rp;
	struct narrate_opts no;
	bool at_end;
	struct teach_rows rows;
	size_t shown; /* rows played: the current one is shown - 1 */
	struct stepper_field field;
	char label[96];               /* the prompt's label, when a field */
};

/* stepper_field.c: every move ends the questions of a field. */
void stepper_field_reset(struct stepper *s);

#endif
