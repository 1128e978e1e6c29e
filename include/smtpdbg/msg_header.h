/* The pieces of a test message, pure: header fields checked and written
 * (RFC 5322, folded; non-ASCII text as RFC 2047 encoded words), MIME
 * parameters (RFC 2231 for non-ASCII file names), the content type of a
 * file name, Base64 in 76-character lines, and the line-end normalisation
 * that makes a message's size exact before it is sent. No I/O. */
#ifndef SMTPDBG_MSG_HEADER_H
#define SMTPDBG_MSG_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smtpdbg/buf.h"

/* The longest field name accepted, and the longest word a field value may
 * hold (a line must stay under RFC 5322's 998 characters). */
#define MSG_NAME_MAX 76
#define MSG_WORD_MAX 900

/* Split "Name: value" (a --header argument). On success returns 0, *name_len
 * is the name's length and *value points at the value, leading blanks
 * skipped. On error returns -1 and *why is an N_() message. */
int msg_field_split(const char *s, size_t *name_len, const char **value, const char **why);

/* A value that may go into a field: no CR, LF, NUL or other control
 * character but TAB, valid UTF-8. Returns NULL or an N_() message. */
const char *msg_value_check(const char *v);

/* From, To, Cc, Bcc, Reply-To, Sender and their Resent- forms: address
 * lists, whose display names are encoded, not the addresses. */
bool msg_field_is_address(const char *name, size_t n);

/* Append the field "Name: value" as CRLF-terminated lines, folded before
 * 78 columns where the value has room to fold. Non-ASCII text becomes
 * encoded words (in an address list: the display names only). *utf8 is set
 * when an address itself is non-ASCII (then only SMTPUTF8 can carry it).
 * Returns 0, or -1 with *why (an N_() message) and nothing appended. */
int msg_field_write(struct buf *out, const char *name, size_t name_len, const char *value,
		    bool *utf8, const char **why);

/* Append "; attr=value" to a Content-Type or Content-Disposition line: a
 * quoted string when value is short printable ASCII, else RFC 2231
 * (attr*=UTF-8''..., split into attr*0*, attr*1*, ... when long), each on
 * a folded line of its own. */
void msg_param_write(struct buf *out, const char *attr, const char *value);

/* The MIME type for a file name, from its extension (a small built-in
 * table); "application/octet-stream" when unknown. */
const char *msg_type_for_name(const char *name);

/* Bytes n bytes take as Base64 in lines of 76 characters, each ended by
 * CRLF (the last line may be shorter). */
uint64_t msg_b64_size(uint64_t n);
/* Encode n bytes into out in those lines; n must be a multiple of 57 (one
 * line) unless it is the end. Returns the bytes written
 * (msg_b64_size(n)). */
size_t msg_b64_lines(char *out, const void *in, size_t n);

/* Line ends as the message is sent: every CRLF, bare LF and bare CR becomes
 * CRLF, and a last line without an end gets one (what the SMTP client does
 * to a streamed message). Counts what it sees on the way: the header
 * section ends at the first empty line. */
struct msg_norm {
	bool cr, bol, in_header;
	bool line_empty;
	bool header_8bit;  /* a byte above 127 before the first empty line */
	bool body_8bit;    /* ... after it */
	bool changed;      /* a line end was not CRLF, or the last was missing */
	uint64_t out;      /* bytes produced so far */
};

void msg_norm_init(struct msg_norm *s);
/* Normalise n bytes into out (room for 2 * n bytes; NULL to count only).
 * Returns the bytes written. */
size_t msg_norm_feed(struct msg_norm *s, const void *in, size_t n, char *out);
/* The end: the CRLF a last line lacks (room for 2 bytes, or NULL). */
size_t msg_norm_end(struct msg_norm *s, char *out);

#endif
