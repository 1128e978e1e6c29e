/* serve --watch, and smtpdbg proxy on a terminal: the TUI on the server's
 * (or proxy's) own loop (tui_watch.c). */
#ifndef SMTPDBG_TUI_WATCH_H
#define SMTPDBG_TUI_WATCH_H

#include <stdbool.h>

struct loop;
struct serve_watch;

struct tui_watch_opts {
	const char *theme;  /* NULL: the default */
	bool no_color;
	bool reveal;        /* start with passwords shown (--show-secrets) */
	const char *listen; /* where students connect, for the first message */
	bool proxy;         /* smtpdbg proxy: mail programs' sessions, not students' */
};

/* Draw w on this terminal while l runs the server, until the watcher
 * stops it (q, Ctrl-C, SIGTERM). Returns 0, or -1 when this terminal
 * cannot be drawn on (nothing was changed: serve with the log instead). */
int tui_watch(struct loop *l, struct serve_watch *w, const struct tui_watch_opts *o);

#endif
