/* Transcripts on disk (docs/transcript-format.md): one line per protocol
 * line or event, human-readable, every byte escaped reversibly so the file
 * is plain ASCII and the reader restores the exact bytes. Secrets are
 * masked when written unless the caller asks to reveal them.
 * Pure: writing goes to a buffer or a FILE the caller opened; reading
 * takes bytes. Names start tf_ (the TUI's in-memory model is tr_). */
#ifndef SMTPDBG_TRANSCRIPT_FILE_H
#define SMTPDBG_TRANSCRIPT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/client.h"

#define TF_MAGIC "smtpdbg-transcript"
#define TF_VERSION 1
/* What a masked secret shows in place of the hidden bytes. */
#define TF_MASK "********"

/* Reader limits (0 in struct tf_limits means these). */
#define TF_DEFAULT_LINE_MAX (256u * 1024)        /* one escaped file line */
#define TF_DEFAULT_LINES_MAX 1000000u            /* records in one file */
#define TF_DEFAULT_FILE_MAX (512u * 1024 * 1024) /* bytes of the whole file */

enum tf_kind {
	TF_SERVER = 'S', /* a reply line the server sent */
	TF_CLIENT = 'C', /* a line the client sent */
	TF_NOTE = '#',   /* what the tool did or saw: connected, TLS cipher */
	TF_WARN = '!',   /* a warning the tool gave: a timeout, a bad certificate */
	TF_CLOSED = 'X', /* the connection ended; the text says how */
};

enum {
	TF_F_TLS = 1u << 0,    /* T: inside TLS */
	TF_F_SECRET = 1u << 1, /* S: reveals a secret */
	TF_F_MASKED = 1u << 2, /* M: a secret whose bytes were replaced by TF_MASK */
	TF_F_RAW = 1u << 3,    /* R: client bytes sent verbatim (no CRLF added) */
	TF_F_BARE_LF = 1u << 4, /* L: a server line that ended in LF without CR */
	TF_F_CHUNK = 1u << 5,  /* D: a BDAT line whose data octets are not in the file */
};

struct tf_record {
	enum tf_kind kind;
	int64_t t_ms;   /* milliseconds since the session started */
	unsigned flags;
	uint8_t *data;  /* the raw bytes (NUL after them); masked: the shown form */
	size_t len;
	unsigned lineno; /* where it was read (0 when built in memory) */
};

struct tf_header {
	char *peer;  /* "host:port", or NULL */
	char *start; /* when the session started (ISO 8601), or NULL */
	char *tool;  /* the program that wrote it, or NULL */
	char *live;  /* "1": each record written as it happened (smtpdbg serve),
		      * so a file without its X record ends before the session
		      * did; or NULL */
};

/* A growable list of records plus the header. */
struct tf_list {
	struct tf_header hdr;
	struct tf_record *v;
	size_t n, cap;
};

void tf_list_init(struct tf_list *l);
/* Free every record (secret bytes are wiped first) and the header. */
void tf_list_free(struct tf_list *l);
/* Append a copy of n bytes as a record. */
void tf_list_add(struct tf_list *l, enum tf_kind kind, int64_t t_ms, unsigned flags,
		 const void *p, size_t n);
/* Append what an engine event puts on the wire: one record per reply line,
 * one per sent line, a TF_CLOSED for the end. Events the engine derives
 * again on replay (violations, state, TLS needed, SASL steps) add nothing.
 * Returns the number of records added. */
size_t tf_list_add_event(struct tf_list *l, const struct smtp_event *ev, int64_t t_ms, bool tls);

/* Append the file's header lines to out. */
void tf_format_header(struct buf *out, const struct tf_header *h);
/* Append one record as one file line (with "\n"). A secret is masked
 * (public prefix kept, TF_MASK after it, flags S and M) unless reveal. */
void tf_format_record(struct buf *out, const struct tf_record *r, bool reveal);
/* Write the header and every record to f; 0, or -1 if writing failed. */
int tf_write(FILE *f, const struct tf_list *l, bool reveal);

/* Write l to a new file at path (mode 0600; an existing file or a
 * symbolic link is refused, see safefile.h), secrets masked.
 * Returns 0, or -1 with the reason in why. The one function here that
 * opens a file (transcript_save.c). */
int tf_save(const char *path, const struct tf_list *l, char *why, size_t whylen);
/* The same with secrets revealed or not, and safefile.h flags (SF_FORCE
 * replaces an existing file through a temporary file and rename). */
int tf_save_as(const char *path, const struct tf_list *l, bool reveal, unsigned flags, char *why,
	       size_t whylen);

/* Reversible escaping: printable ASCII as is except '\\' as "\\\\"; CR,
 * LF, TAB as "\r" "\n" "\t"; every other byte as "\xNN". */
void tf_escape(struct buf *out, const void *p, size_t n);
/* The reverse, into out. Returns 0, or -1 with *why set (static text). */
int tf_unescape(struct buf *out, const char *s, size_t n, const char **why);

struct tf_limits {
	size_t line_max, lines_max, file_max; /* 0: the defaults above */
};

/* A problem in the input: file name, line number (1-based), message. */
typedef void (*tf_error_fn)(void *arg, const char *file, unsigned line, const char *msg);

/* Parse a whole file's bytes into l (which must be initialised). Records
 * read before the first bad line are kept. Returns 0 when the whole input
 * was good, -1 after reporting the first problem through err (NULL: not
 * reported). */
int tf_parse(struct tf_list *l, const void *p, size_t n, const char *file,
	     const struct tf_limits *lim, tf_error_fn err, void *arg);
/* Read a stream (at most the file limit) and parse it. */
int tf_read(struct tf_list *l, FILE *f, const char *file, const struct tf_limits *lim,
	    tf_error_fn err, void *arg);

/* Read a transcript a line at a time, handing each record (and the header
 * read so far) to record, so memory does not grow with the file. Problems
 * are reported as by tf_parse; the records before one were handed on.
 * Returns 0 or -1. */
typedef void (*tf_record_fn)(void *arg, const struct tf_record *r, const struct tf_header *h);
int tf_stream(FILE *f, const char *file, const struct tf_limits *lim, tf_error_fn err, void *arg,
	      tf_record_fn record, void *rarg);

/* The same, pulled a record at a time. tf_reader_next returns the next
 * record (valid until the next call) or NULL at the end or at a problem
 * (reported; tf_reader_status then says -1). The header is complete once
 * the first record is out. The reader does not own f. */
struct tf_reader;
struct tf_reader *tf_reader_new(FILE *f, const char *file, const struct tf_limits *lim,
				tf_error_fn err, void *arg);
const struct tf_record *tf_reader_next(struct tf_reader *r);
const struct tf_header *tf_reader_header(const struct tf_reader *r);
int tf_reader_status(const struct tf_reader *r);
void tf_reader_free(struct tf_reader *r);

/* The letter of a kind and the flag letters, for messages and tests. */
bool tf_kind_valid(int c);

#endif
