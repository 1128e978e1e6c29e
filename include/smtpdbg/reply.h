/* SMTP reply framing and validation (RFC 5321 §4.2, RFC 2034, RFC 3463).
 * Pure: bytes in, parsed replies out. Any number of bytes may be fed at a
 * time; the result is the same as feeding the whole stream at once.
 * Nothing here trusts the server: lines and replies have hard limits, and
 * everything unusual is flagged rather than silently repaired. */
#ifndef SMTPDBG_REPLY_H
#define SMTPDBG_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"

/* RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets with CRLF. */
#define REPLY_RFC_LINE_MAX 512
/* What we keep of one line; the rest is counted and dropped. */
#define REPLY_DEFAULT_LINE_CAP 65536
/* Lines of one reply we keep; later ones are counted and dropped. */
#define REPLY_DEFAULT_LINES_CAP 1000

enum reply_flag {
	RF_BARE_LF = 1u << 0,      /* a line ended in LF without CR */
	RF_NUL = 1u << 1,          /* a line contains a NUL byte */
	RF_STRAY_CR = 1u << 2,     /* a CR inside a line */
	RF_LONG = 1u << 3,         /* a line is longer than RFC 5321 allows */
	RF_TRUNCATED = 1u << 4,    /* a line exceeded our cap; its tail was dropped */
	RF_MALFORMED = 1u << 5,    /* not "NNN", "NNN text" or "NNN-text" */
	RF_CODE_MISMATCH = 1u << 6,/* lines of one reply carry different codes */
	RF_LINES_DROPPED = 1u << 7,/* more lines than we keep */
	RF_ENH_MISMATCH = 1u << 8, /* enhanced code class differs from the reply class */
	RF_CTL = 1u << 9,          /* other control characters in the text */
	RF_EIGHTBIT = 1u << 10,    /* bytes >= 0x80 in the text */
	RF_INCOMPLETE = 1u << 11,  /* the connection closed before the reply's last line
				    * (set with RF_MALFORMED: it is no answer) */
};

/* A reply with any of these is neither success nor failure: no code can be
 * trusted (RFC 5321 §4.2.1 requires the same code on every line). */
#define RF_NO_ANSWER (RF_MALFORMED | RF_CODE_MISMATCH)

struct reply_line {
	char *raw;       /* the line as received, without its terminator; NUL-terminated */
	size_t len;      /* bytes kept (NULs inside are possible) */
	size_t orig_len; /* bytes the server sent, before truncation */
	unsigned flags;
};

struct enh_code {
	int cls, subject, detail; /* cls == 0: absent */
};

struct smtp_reply {
	int code;                 /* 200..559; 0 when the first line is malformed */
	struct enh_code enh;      /* from the first line */
	struct reply_line *lines;
	size_t nlines;            /* lines kept */
	size_t nlines_total;      /* lines received */
	size_t bytes;             /* bytes received, terminators included */
	size_t kept_bytes;        /* bytes of text kept in lines */
	unsigned flags;           /* enum reply_flag, all lines together */
};

struct reply_limits {
	size_t line_cap;  /* 0: REPLY_DEFAULT_LINE_CAP */
	size_t lines_cap; /* 0: REPLY_DEFAULT_LINES_CAP */
};

struct reply_framer {
	struct reply_limits lim;
	struct buf line;          /* the line being received */
	size_t line_orig;         /* its length before truncation */
	bool line_overflow;
	bool last_cr;             /* the last byte received for it was a CR */
	struct smtp_reply *cur;   /* the multi-line reply being assembled */
};

void reply_framer_init(struct reply_framer *f, const struct reply_limits *lim);
void reply_framer_free(struct reply_framer *f);

/* Feed up to n bytes. Consumes bytes until one reply is complete or the input
 * is used up, and returns how many were consumed. When a reply is complete,
 * *out receives it (the caller frees it with reply_free); otherwise *out is
 * NULL. Stopping after each reply lets the caller act on it (STARTTLS) before
 * the bytes after it are parsed. */
size_t reply_framer_feed(struct reply_framer *f, const void *p, size_t n,
			 struct smtp_reply **out);

/* Bytes held in an unfinished line or reply. */
size_t reply_framer_pending(const struct reply_framer *f);

/* End of stream: returns the unfinished reply, if any (flagged malformed
 * when its last line was a continuation), else NULL. */
struct smtp_reply *reply_framer_finish(struct reply_framer *f);

void reply_free(struct smtp_reply *r);

/* The text of a line after "NNN-" / "NNN " (empty for "NNN"); for a
 * malformed line, the whole line. Sets *len. */
const char *reply_line_text(const struct reply_line *l, size_t *len);

/* Parse an enhanced status code ("5.7.8") at the start of s (n bytes), as
 * RFC 3463 §2 writes it: class 2, 4 or 5, subject and detail of 1-3 digits,
 * followed by the end or a space. Returns the length parsed, 0 if none. */
size_t enh_parse(const char *s, size_t n, struct enh_code *out);


/* A one-line description of each flag set in flags, appended to out as
 * "; "-separated text. */
void reply_describe_flags(struct buf *out, unsigned flags);

#endif
