/* Translation markers.
 * N_() marks a string literal in a data table for extraction by xgettext
 * (xgettext --keyword=N_ --keyword=_); _() translates at the point of use.
 * Until a message catalogue ships, _() returns its argument unchanged, so
 * German texts can be added later without touching any caller. */
#ifndef SMTPDBG_I18N_H
#define SMTPDBG_I18N_H

#define N_(s) s
#define _(s) (s)

#endif
