/* Diagnosis: what a refusal's *text* says went wrong, and what to do.
 *
 * The code tables (kb.h) say what a reply code means; a diagnosis reads
 * the words the server wrote ("Helo command rejected: need fully-qualified
 * hostname", "blocked using zen.spamhaus.org") together with the command
 * the reply answers, and names the cause and the next steps.
 *
 * Two tables, both data:
 *  - kinds: one entry per cause (id, title, what the server checked, the
 *    likely cause, the next steps), written once and translated;
 *  - rules: the ways a cause is recognised (a pattern over the text, the
 *    code, the enhanced code, the command answered), each naming the
 *    document its text comes from. Many rules share one kind.
 * Pure: no I/O. */
#ifndef SMTPDBG_DIAG_H
#define SMTPDBG_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/reply.h"

struct annot_items;

/* How sure a diagnosis is, said in every face. */
enum diag_conf {
	DIAG_POSSIBLE, /* a heuristic over the words ("blocked", "spam") */
	DIAG_LIKELY,   /* a known server's documented text matched */
	DIAG_CERTAIN,  /* the code's registered meaning in this context */
};

/* "certain", "likely", "possible": the name in JSON. */
const char *diag_conf_name(enum diag_conf c);
/* The same, translated, for people. */
const char *diag_conf_label(enum diag_conf c);

/* The command a reply answers, as one bit each (rule contexts are sets). */
enum diag_ctx {
	DC_GREETING = 1u << 0, /* the banner */
	DC_HELO = 1u << 1,     /* EHLO, HELO, LHLO */
	DC_STARTTLS = 1u << 2,
	DC_AUTH = 1u << 3,     /* AUTH and its SASL responses */
	DC_MAIL = 1u << 4,
	DC_RCPT = 1u << 5,
	DC_DATA = 1u << 6,     /* the DATA command itself (before 354) */
	DC_DOT = 1u << 7,      /* the end of the message data, BDAT LAST */
	DC_OTHER = 1u << 8,    /* RSET, NOOP, VRFY, QUIT, XCLIENT, ... */
	DC_ANY = 0,            /* in a rule: wherever it comes */
};
/* A rule that applies from MAIL on (the transaction). */
#define DC_TRANS (DC_MAIL | DC_RCPT | DC_DATA | DC_DOT)

/* What is known of the session when the reply came. */
enum diag_state {
	DS_KNOWN = 1u << 0,  /* the bits below mean something */
	DS_TLS = 1u << 1,    /* the connection was encrypted */
	DS_AUTHED = 1u << 2, /* the client had authenticated */
	/* The reply answers the client's own cancel ("*"): it judges nothing
	 * the client sent, so nothing is diagnosed (explain_reply_diag). */
	DS_CANCELLED = 1u << 3,
	/* The exchange was Kerberos (GSSAPI): no password was sent, so no
	 * rule about passwords applies; nothing is diagnosed. */
	DS_KERBEROS = 1u << 4,
};

/* In a rule: the state it needs (0: any). */
enum diag_need {
	DN_PLAIN = 1u << 0,    /* not encrypted */
	DN_TLS = 1u << 1,      /* encrypted */
	DN_UNAUTHED = 1u << 2, /* not authenticated */
	DN_AUTHED = 1u << 3,   /* authenticated */
	DN_FALLBACK = 1u << 4, /* only when no other rule applies: a code's broad meaning
				  (421 "closing"), which any text rule knows better */
};

/* One cause. Texts English, marked N_(); shown with _(). */
struct diag_kind {
	const char *id;      /* "helo.not-fqdn": stable, in JSON, tests, docs */
	const char *title;   /* "HELO name is not a fully-qualified domain name" */
	const char *checked; /* what the server checked */
	const char *cause;   /* the likely cause */
	const char *next;    /* what to do, concrete; steps separated by '\n' */
};

/* One way to recognise a cause.
 *
 * match is a pattern over the reply's text, lower case:
 *   "a&b"      both a and b occur (anywhere, any order);
 *   "a|b"      a or b (inside one &-term);
 *   "!a"       a term that must not occur;
 *   "<word"    the text starts at a word boundary; "word>" ends at one
 *              (letters and digits are word characters);
 * no other character is special. The text matched is the whole reply as
 * one line: its lines joined by one space, the enhanced code kept on the
 * first line only, whitespace runs made one space, ASCII lowered. NULL:
 * no text condition (code, enhanced code and context decide).
 *
 * code: 0 any; 4 or 5 any code of that class; else the exact code.
 * enh: "X.7.8" (any class) or "5.7.1" exact; NULL any. A rule with a text
 * condition still needs a 4xx or 5xx code: success is never diagnosed. */
struct diag_rule {
	const char *id;       /* the kind it recognises */
	enum diag_conf conf;
	const char *match;
	int code;
	const char *enh;
	unsigned ctx;         /* DC_* bits; DC_ANY anywhere */
	unsigned need;        /* DN_* bits; 0 any state */
	const char *note;     /* N_(): what this source adds (a lookup page), or NULL */
	const char *source;   /* where the text is documented: "Postfix smtpd_check.c", a URL */
};

/* The tables (diag_kinds.c, diag_rules_*.c). */
size_t diag_kind_count(void);
const struct diag_kind *diag_kind_at(size_t i);
const struct diag_kind *diag_kind_find(const char *id);
/* Every rule, in the order they are tried within one confidence. */
size_t diag_rule_count(void);
const struct diag_rule *diag_rule_at(size_t i);

/* What is known about a reply besides its text. */
struct diag_ctx_info {
	unsigned ctx;   /* one DC_* bit, or 0 when the command is not known */
	unsigned state; /* DS_* bits */
};

/* The DC_* bit of the verb a reply answers ("RCPT", "GREETING", "DOT",
 * "SASL", ...); 0 for NULL or a verb not known. */
unsigned diag_ctx_of_verb(const char *verb);

struct diag_result {
	const struct diag_kind *kind; /* NULL: no diagnosis */
	const struct diag_rule *rule;
	enum diag_conf conf; /* the rule's; a certain meaning bound to a command not known is possible */
};

/* Diagnose one reply: the best rule, and the best is the most specific: a
 * documented text (likely) before a code's meaning in context (certain)
 * before a guess from the words (possible) before a fallback; table order
 * breaks ties. Returns false (and leaves *out empty) when none applies. */
bool diag_reply(const struct smtp_reply *r, const struct diag_ctx_info *ci,
		struct diag_result *out);
/* The same over a reply given as code, enhanced code and one text line
 * (a log line's reply). text is n bytes; enh may be NULL or have cls 0.
 * Code 0: words of a log without a reply; only documented texts (likely
 * rules with a pattern and no code or enhanced code) are tried. */
bool diag_text(int code, const struct enh_code *enh, const char *text, size_t n,
	       const struct diag_ctx_info *ci, struct diag_result *out);

/* Whether pattern matches text (already normalised: lower case, single
 * spaces). Exposed for tests and the fuzz target. */
bool diag_match(const char *pattern, const char *text, size_t n);
/* Normalise n bytes of reply text into out (cap bytes, NUL-terminated):
 * returns the length. */
size_t diag_normalise(const char *s, size_t n, char *out, size_t cap);

/* The items of a diagnosis: a heading (AK_DIAGNOSIS) at depth, with what
 * was checked, the cause, the rule's note and the steps (AK_NEXT) under it. */
void diag_items(struct annot_items *out, const struct diag_result *d, unsigned depth);

#endif
