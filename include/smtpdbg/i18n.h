/* Translation (GNU gettext, text domain "smtpdbg").
 * _() translates at the point of use; N_() marks a string literal in a data
 * table for extraction (it stays English there, and _() translates it where
 * it is shown); P_() chooses the plural form for n. xgettext reads these
 * three (po/CMakeLists.txt). What goes on the wire, JSON keys and values
 * scripts match on, exit codes, option names and the transcript format are
 * never passed through them. */
#ifndef SMTPDBG_I18N_H
#define SMTPDBG_I18N_H

#include <libintl.h>

#define N_(s) s
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)

/* The languages smtpdbg speaks, NULL-terminated ("de", "en"). */
extern const char *const i18n_languages[];

/* Set the locale from the environment and choose the language: lang
 * ("de", "en") when not NULL, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG as
 * gettext reads them. German works where the only locale is C.UTF-8 (and
 * under plain C, which is switched to C.UTF-8 for it). The catalogue is
 * found relative to the executable (<datadir>/../locale); a missing or
 * broken one means English, after one warning on stderr. Call once, before
 * anything is printed. */
void i18n_init(const char *lang);

/* The language in use: "de" or "en". */
const char *i18n_lang(void);

/* Whether lang is one of i18n_languages. */
int i18n_known(const char *lang);

/* Whether an answer to a (y/N) question says yes: "y" or "yes", and in
 * German "j" or "ja" too (the words are in the catalogue). */
int i18n_yes(const char *answer);
/* Whether one key answers yes ('y', in German also 'j'). */
int i18n_yes_key(int key);

#endif
