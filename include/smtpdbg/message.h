/* The message `smtpdbg run` sends after 354: generated (Date, Message-ID,
 * From, To, Subject, MIME-Version, a text that says what sent it and when,
 * attachments as multipart/mixed in Base64), or a file sent as it is with
 * its line ends made CRLF. Every input is checked and every file opened
 * before anything is sent, the exact size and what the message needs
 * (8BITMIME, SMTPUTF8) are known up front, and the message is read as a
 * stream: never built whole in memory, attachments encoded chunk by
 * chunk. */
#ifndef SMTPDBG_MESSAGE_H
#define SMTPDBG_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "smtpdbg/buf.h"

/* At most this many attachments (each holds a descriptor open). */
#define MESSAGE_PARTS_MAX 64

struct message_spec {
	const char *from;                 /* From: <from> */
	const char *const *to;            /* To: <to>, ... */
	size_t nto;
	const char *subject;              /* --subject; NULL: generated */
	const char *const *headers;       /* --header "Name: value": replace or add */
	size_t nheaders;
	const char *const *add_headers;   /* --add-header "Name: value": add */
	size_t nadd_headers;
	const char *body;                 /* --body TEXT */
	const char *body_file;            /* --body-file: the whole message; "-": stdin */
	const char *const *attach;        /* --attach FILE */
	size_t nattach;
	const char *const *attach_inline; /* --attach-inline FILE */
	size_t nattach_inline;
	/* For tests: fixed values instead of the clock and random tokens. */
	time_t now;                       /* 0: the time now */
	const char *token;                /* NULL: random (Message-ID, boundary) */
};

enum message_part_kind { MESSAGE_TEXT, MESSAGE_ATTACH, MESSAGE_INLINE };

struct message_part {
	enum message_part_kind kind;
	char *name;          /* the file name as sent (no directory); NULL: the text */
	const char *type;    /* MIME type */
	uint64_t size;       /* content bytes */
	uint64_t sent;       /* bytes as sent (Base64 and line ends included) */
};

struct message;

/* Check spec and open every file. NULL on bad input, with why: a
 * translated sentence that names the option. */
struct message *message_new(const struct message_spec *spec, struct buf *why);
void message_free(struct message *m);

/* Bytes as sent: CRLF lines, before dot-stuffing. Exact. */
uint64_t message_size(const struct message *m);
/* A byte above 127 in the body (or, for a file, anywhere): 8BITMIME. */
bool message_8bit(const struct message *m);
/* A non-ASCII address in a generated field, or a byte above 127 in the
 * header section of a file: only SMTPUTF8 carries it. */
bool message_utf8(const struct message *m);
/* A --body-file sent as it is (then no parts). */
bool message_is_file(const struct message *m);
/* A file whose line ends were not all CRLF (they are made CRLF). */
bool message_normalised(const struct message *m);
size_t message_nparts(const struct message *m);
const struct message_part *message_part(const struct message *m, size_t i);

/* The message as a stream to read from the start, once (the message owns
 * it: message_free closes it). A read error (an attachment that shrank)
 * is a read error of the stream. NULL if it cannot be made. */
FILE *message_stream(struct message *m);

/* What was sent instead of the body's lines, one line per part, for the
 * transcript (translated, each line ended by '\n'). */
void message_describe(const struct message *m, struct buf *out);

#endif
