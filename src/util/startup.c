/* Start-up time (see startup.h). The monotonic clock, so a clock change
 * during start-up cannot give nonsense. */
#include "smtpdbg/startup.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

static struct timespec t0;
static const char *report_path;
static bool reported;

void startup_mark(void)
{
	clock_gettime(CLOCK_MONOTONIC, &t0);
}

void startup_report_to(const char *path)
{
	report_path = path;
}

void startup_frame_drawn(void)
{
	if (reported || !report_path)
		return;
	reported = true;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	double ms = (double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6;
	FILE *f = fopen(report_path, "a");
	if (!f)
		return; /* a measurement must never stop the program */
	fprintf(f, "%.3f first frame\n", ms);
	fclose(f);
}
