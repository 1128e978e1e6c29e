/* Searching the transcript: POSIX extended regular expressions over the
 * text as drawn, so a masked secret can never be found by guessing. */
#include <ctype.h>
#include <regex.h>
#include <stdbool.h>

#include "smtpdbg/transcript.h"

static bool has_capital(const char *s)
{
	for (; *s; s++)
		if (isupper((unsigned char)*s))
			return true;
	return false;
}

long tr_search(const struct transcript *t, size_t from, bool forward, const char *pat,
	       bool reveal, bool *wrapped, bool *bad)
{
	regex_t re;
	*wrapped = false;
	*bad = false;
	if (!pat || !*pat || t->n == 0)
		return -1;
	int fl = REG_EXTENDED | REG_NOSUB | (has_capital(pat) ? 0 : REG_ICASE);
	if (regcomp(&re, pat, fl) != 0) {
		*bad = true;
		return -1;
	}
	long found = -1;
	size_t i = from < t->n ? from : t->n - 1;
	for (size_t step = 0; step < t->n; step++) {
		if (forward) {
			if (++i >= t->n) {
				i = 0;
				*wrapped = true;
			}
		} else {
			if (i == 0) {
				i = t->n - 1;
				*wrapped = true;
			} else {
				i--;
			}
		}
		const char *d = tr_decoded(t, i, reveal);
		if (regexec(&re, tr_text(t, i, reveal), 0, NULL, 0) == 0 ||
		    (d && regexec(&re, d, 0, NULL, 0) == 0)) {
			found = (long)i;
			break;
		}
	}
	regfree(&re);
	return found;
}
