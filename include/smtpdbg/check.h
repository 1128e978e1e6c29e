/* `run --check`: the session's outcome as a Nagios/Icinga plugin reports
 * it (the monitoring plugins' guidelines): one status line, "SMTP OK - ...
 * | perfdata", and the exit codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 * Pure: the caller measures, this judges and formats. */
#ifndef SMTPDBG_CHECK_H
#define SMTPDBG_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "smtpdbg/buf.h"

enum check_status { CHECK_OK = 0, CHECK_WARNING = 1, CHECK_CRITICAL = 2, CHECK_UNKNOWN = 3 };

/* What the session measured: milliseconds from the start, -1 where the
 * stage was not reached (or not asked for). */
struct check_facts {
	int64_t connect_ms, banner_ms, tls_ms, auth_ms, total_ms;
	bool have_cert;
	int cert_days;          /* whole days until notAfter; negative: expired */
	int run_exit;           /* run's own exit status (0, 10..19) */
	const char *stage;      /* the stage that failed, or NULL */
	const char *reason;     /* why, or NULL */
	const char *target;     /* "mail.example.org:587", for the line */
};

/* The thresholds; 0 leaves one out. */
struct check_limits {
	int warn_days, crit_days;
	int64_t warn_ms, crit_ms;
};

/* Judge the facts and write the status line (with its newline) to out. */
enum check_status check_report(const struct check_facts *f, const struct check_limits *l,
			       struct buf *out);
/* "OK", "WARNING", "CRITICAL", "UNKNOWN": fixed, what monitoring reads. */
const char *check_status_name(enum check_status s);

#endif
