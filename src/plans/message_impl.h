/* The insides of a message, shared by message.c (checking and generating)
 * and message_stream.c (a file as it is, and reading any message as a
 * stream). Private to src/plans. */
#ifndef SMTPDBG_MESSAGE_IMPL_H
#define SMTPDBG_MESSAGE_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/message.h"
#include "smtpdbg/msg_header.h"

/* Input per chunk: a multiple of 57 bytes, one Base64 line each. */
#define B64_CHUNK (57 * 1024)
#define RAW_CHUNK (32 * 1024)
#define STAGE_CAP (80 * 1024) /* >= the Base64 of B64_CHUNK and 2 * RAW_CHUNK */
#define TEXT_LINE_MAX 998     /* RFC 5322 §2.1.1 */

enum seg_kind { SEG_TEXT, SEG_B64, SEG_RAW };

struct seg {
	enum seg_kind kind;
	char *text;    /* SEG_TEXT */
	size_t len;
	int fd;        /* SEG_B64, SEG_RAW: read from the current offset */
	uint64_t in;   /* input bytes to read (the size when checked) */
};

struct message {
	struct seg *segs;
	size_t nsegs;
	struct message_part parts[MESSAGE_PARTS_MAX + 1];
	size_t nparts;
	uint64_t size;
	bool is_file, normalised, need_8bit, need_utf8;
	FILE *stream;
	/* reading */
	size_t cur;          /* segment being read */
	uint64_t done;       /* its bytes (text) or input bytes (files) so far */
	struct msg_norm norm;
	char *in;            /* a chunk of a file, B64_CHUNK bytes */
	char *stage;         /* made but not yet handed out */
	size_t stage_len, stage_off;
};

void message_add_seg(struct message *m, struct seg s);
/* A text segment: takes b's contents and counts them in the size. */
void message_add_text(struct message *m, struct buf *b);
/* "--attach FILE: why" into why, the file name made safe to print. */
void message_fail_file(struct buf *why, const char *opt, const char *path, const char *err);
/* --body-file PATH ("-": standard input): checked, counted, made the
 * message's one segment. 0, or -1 with why. */
int message_open_file(struct message *m, const char *path, struct buf *why);

#endif
