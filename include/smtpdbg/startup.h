/* --startup-time FILE (like vim's --startuptime): how long from the top
 * of main() to the first frame on the screen, appended to FILE as one
 * line, so start-up regressions can be measured (bench/tui_start.sh). */
#ifndef SMTPDBG_STARTUP_H
#define SMTPDBG_STARTUP_H

/* Read the clock: first thing in main(). */
void startup_mark(void);
/* Where the measurement goes (NULL: nowhere). */
void startup_report_to(const char *path);
/* A frame was drawn: the first call appends "MS first frame\n" to the
 * file; later calls do nothing. */
void startup_frame_drawn(void);

#endif
