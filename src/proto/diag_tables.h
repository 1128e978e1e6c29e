/* The diagnosis tables, one file each (private to src/proto): the
 * matcher (diag.c) tries them in the order it lists them. */
#ifndef SMTPDBG_DIAG_TABLES_H
#define SMTPDBG_DIAG_TABLES_H

#include <stddef.h>

#include "smtpdbg/diag.h"

/* The causes: of the session (connection, HELO, reputation, AUTH, TLS,
 * relaying) and of the message (sender, SPF/DKIM/DMARC, recipients,
 * size, content, the server itself). */
extern const struct diag_kind diag_kinds_session[];
extern const size_t diag_kinds_session_n;
extern const struct diag_kind diag_kinds_message[];
extern const size_t diag_kinds_message_n;

/* Providers' documented texts: Microsoft, Google, Yahoo, Apple, GMX, ... */
extern const struct diag_rule diag_rules_providers[];
extern const size_t diag_rules_providers_n;
/* DNS blocklists' texts, as the MTAs write them and the lists document. */
extern const struct diag_rule diag_rules_dnsbl[];
extern const size_t diag_rules_dnsbl_n;
/* MTAs' stock texts: Postfix, Exim, Sendmail, OpenSMTPD, greylisting. */
extern const struct diag_rule diag_rules_mta[];
extern const size_t diag_rules_mta_n;
/* Log-only texts of the mail daemons: no reply, code 0. */
extern const struct diag_rule diag_rules_logs[];
extern const size_t diag_rules_logs_n;
/* Words anyone may write ("spam", "blocked", "quota"): possible only. */
extern const struct diag_rule diag_rules_words[];
extern const size_t diag_rules_words_n;
/* Codes and enhanced codes in context: certain. */
extern const struct diag_rule diag_rules_codes[];
extern const size_t diag_rules_codes_n;

#endif
