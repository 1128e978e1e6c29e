/* Keep secrets out of core dumps and debuggers: called before a password
 * or token enters the process. */
#ifndef SMTPDBG_SECRET_GUARD_H
#define SMTPDBG_SECRET_GUARD_H

/* No core file from here on (RLIMIT_CORE 0), and the process is not
 * dumpable (no core, no ptrace attach by the same user, /proc/PID/mem
 * closed). Idempotent; returns 0, or -1 if either step failed (the caller
 * goes on: this is defence in depth, not a precondition). */
int secret_guard(void);

#endif
