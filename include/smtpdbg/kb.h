/* The explanation knowledge base: what reply codes, enhanced status codes,
 * EHLO keywords, commands and session states mean, as data.
 * Every entry names the RFC (or other document) that defines it. Texts are
 * English, marked with N_() for translation; callers show them with _(). */
#ifndef SMTPDBG_KB_H
#define SMTPDBG_KB_H

#include <stddef.h>

#include "smtpdbg/reply.h"
#include "smtpdbg/smtp_state.h"

struct kb_entry {
	const char *key;   /* "535", "X.7.8", "STARTTLS", "AUTH", "ready" */
	const char *title; /* short meaning: "Authentication credentials invalid" */
	const char *text;  /* what it usually means in practice, and what to do */
	const char *rfc;   /* "RFC 4954 §6", "RFC 3463 §3.8", ... */
};

/* Exact reply code (e.g. 535); NULL if the code is not registered. */
const struct kb_entry *kb_reply_code(int code);
/* The meaning of the first digit (2..5) and of the second digit (0..5). */
const struct kb_entry *kb_reply_first_digit(int code);
const struct kb_entry *kb_reply_second_digit(int code);
/* Enhanced status code by subject and detail (the class is separate, so
 * "X.7.8" serves 4.7.8 and 5.7.8); NULL if unknown. */
const struct kb_entry *kb_enhanced(int subject, int detail);
/* Enhanced class (2, 4, 5) and subject (0..7) meanings. */
const struct kb_entry *kb_enhanced_class(int cls);
const struct kb_entry *kb_enhanced_subject(int subject);
/* EHLO keyword, case-insensitively (n bytes of kw); NULL if unknown. */
const struct kb_entry *kb_keyword(const char *kw, size_t n);
/* Command verb, case-insensitively; NULL if unknown. */
const struct kb_entry *kb_command(const char *verb, size_t n);
/* Session state: what it means and what the client may do next. */
const struct kb_entry *kb_state(enum smtp_state s);

/* What a code means in answer to one command ("220" to "STARTTLS": start
 * the handshake). verb is an upper-case verb, "GREETING" for the banner or
 * "DOT" for the end of message data; NULL if nothing specific is known. */
const struct kb_entry *kb_reply_context(int code, const char *verb);
/* All such meanings of one code, as a run of *n entries keyed "220 VERB";
 * NULL (and *n = 0) if there are none. */
const struct kb_entry *kb_reply_contexts(int code, size_t *n);
/* A meaning the registry gives one class of a code only (2.7.0
 * "authentication succeeded" versus 5.7.0 "authentication required");
 * NULL if kb_enhanced says it all. */
const struct kb_entry *kb_enhanced_exact(int cls, int subject, int detail);
/* A SASL mechanism named on an AUTH line, case-insensitively. */
const struct kb_entry *kb_sasl_mech(const char *name, size_t n);
/* The IANA SASL Mechanisms registry's intended usage of a mechanism. */
enum kb_sasl_usage {
	KB_SASL_UNREGISTERED,
	KB_SASL_COMMON,
	KB_SASL_LIMITED,
	KB_SASL_OBSOLETE,
};
enum kb_sasl_usage kb_sasl_usage(const char *name, size_t n);
/* The usage in words (untranslated: pass through _()). */
const char *kb_sasl_usage_text(enum kb_sasl_usage u);
/* What an unregistered name most likely means ("MD5"), or NULL. */
const char *kb_sasl_likely(const char *name, size_t n);
/* A MAIL FROM or RCPT TO parameter name ("SIZE", "NOTIFY"). */
const struct kb_entry *kb_mail_param(const char *name, size_t n);

/* Iteration over whole tables (tests, completion, docs). */
const struct kb_entry *kb_reply_codes(size_t *n);
const struct kb_entry *kb_reply_context_table(size_t *n);
const struct kb_entry *kb_enhanced_codes(size_t *n);
const struct kb_entry *kb_keywords(size_t *n);
const struct kb_entry *kb_sasl_mechs(size_t *n);
const struct kb_entry *kb_commands(size_t *n);
const struct kb_entry *kb_mail_params(size_t *n);

#endif
