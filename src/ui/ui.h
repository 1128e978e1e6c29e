/* The TUI's shared state and the functions its files offer each other.
 * Readline reads the keyboard bytes we hand it; curses only draws. */
#ifndef SMTPDBG_UI_H
#define SMTPDBG_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "smtpdbg/buf.h"
#include "smtpdbg/loop.h"
#include "smtpdbg/session.h"
#include "smtpdbg/theme.h"
#include "ui_layout.h"

/* FOCUS_LIST: serve --watch's session list. */
enum ui_focus { FOCUS_TRANSCRIPT, FOCUS_EXPLAIN, FOCUS_INPUT, FOCUS_LIST };

/* What the input line is doing besides the session's own prompt. */
enum ui_line { LINE_SESSION, LINE_SEARCH };

enum ui_ask { ASK_NONE, ASK_QUIT };

struct stepper;
struct serve_watch;

struct ui {
	struct session *s;          /* live mode; NULL in STEP and REPLAY mode */
	struct stepper *step;       /* STEP and REPLAY mode; NULL in live mode */
	bool no_color;
	struct loop *loop;
	struct theme theme;
	bool running;
	enum ui_focus focus;
	enum ui_line line;
	enum ui_ask ask;
	bool reveal;            /* S: secrets shown */
	bool b64_bits;          /* B, :bits: Base64's 6-bit groups shown */
	bool times;             /* t: timestamps */
	bool zoom;              /* \: the focused pane fills the screen */
	bool presenter;         /* --presenter: the layout for a class (ui_layout.h) */
	enum ui_orient pinned;  /* |: side or stacked, or automatic */
	bool follow;            /* the cursor follows new lines */
	bool help;              /* the help overlay is open */
	size_t help_top;
	size_t cur, top;        /* transcript cursor and first shown line */
	size_t dropped_seen;    /* the transcript's dropped lines when last clamped */
	size_t ex_top;          /* explanation scroll */
	bool ex_manual;         /* STEP: the lesson table was scrolled by hand */
	int step_prompt;        /* STEP: the prompt last shown (enum stepper_prompt) */
	char *search;           /* the last search pattern */
	char msg[1024];         /* the message line */
	bool msg_edge;          /* it says a lesson's start or end was reached */
	struct ui_rects r;
	char *history_path;
	int cursor_y, cursor_x; /* where the terminal cursor goes */
	/* serve --watch (ui_watch.c): s is the selected session's */
	struct serve_watch *watch;
	unsigned watch_id;      /* the selected session (0: the server's row) */
	bool watch_shown;       /* s is watch_id's */
	bool watch_follow;      /* the selection follows the newest session */
	size_t watch_sel, list_top; /* its row, and the first row shown */
	bool watch_proxy;       /* smtpdbg proxy's sessions, not students' */
	struct ui_box list;     /* where the list is drawn */
	bool redraw_now;        /* a key or a resize: draw without waiting */
	int64_t drawn_at;       /* when the last frame was drawn (ms) */
};

/* ui_text.c: drawing UTF-8 text within columns */
int ui_put(int y, int x, int width, const char *s, unsigned long attr);
/* Split text into lines of at most width columns (words kept whole when
 * they fit); returns the number of lines, each a malloc'd string in *out. */
size_t ui_wrap(const char *text, int width, char ***out);
void ui_wrap_free(char **v, size_t n);
int ui_width(const char *s);

/* The mark at the end of a row that does not fit: "…", or ">" where the
 * terminal is not UTF-8. */
const char *ui_cut_marker(void);

/* the panes */
void ui_draw_transcript(struct ui *u);
/* Whether entry i's row is cut at the transcript pane's width. */
bool ui_transcript_cut(const struct ui *u, size_t i);
void ui_draw_explain(struct ui *u);
void ui_draw_status(struct ui *u);
void ui_draw_help(struct ui *u);
void ui_draw(struct ui *u);
void ui_message(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ui_input.c: the readline bridge */
void ui_input_init(struct ui *u);
void ui_input_done(struct ui *u);
void ui_input_byte(struct ui *u, int byte);
void ui_input_draw(struct ui *u);
void ui_input_sync_prompt(struct ui *u);
void ui_input_start(struct ui *u, enum ui_line line, const char *initial);
void ui_input_clear(struct ui *u);
bool ui_input_empty(void);

/* ui_keys.c: keyboard bytes to keys, keys to actions */
void ui_keys_feed(struct ui *u, const unsigned char *p, size_t n);
/* ui_actions.c */
void ui_action_key(struct ui *u, int key);
void ui_run_line(struct ui *u, char *line);
void ui_quit(struct ui *u, bool ask);
void ui_clamp(struct ui *u);
void ui_search_next(struct ui *u, bool forward);

/* ui_steps.c: the STEP and REPLAY panes */
void ui_draw_step_table(struct ui *u);
void ui_draw_step_lines(struct ui *u);
/* ui_step_actions.c: keys, typed lines and tool commands in STEP and
 * REPLAY mode; the prompt the lesson wants, handed to the input line. */
void ui_step(struct ui *u, bool forward);
bool ui_step_key(struct ui *u, int key);
void ui_step_line(struct ui *u, char *line);
void ui_step_tool(struct ui *u, const struct tool_parsed *t);
void ui_step_sync_prompt(struct ui *u);
void ui_step_cancel(struct ui *u);

/* tui.c: the terminal and the loop around a prepared ui (theme, session
 * or stepper): false when the terminal cannot be drawn on. */
void ui_prepare(struct ui *u, const char *theme, bool no_color, bool reveal);
bool ui_open(struct ui *u);
void ui_close(struct ui *u);

/* ui_term.c */
/* false when this terminal cannot be drawn on (nothing was changed) */
bool ui_term_start(void);
void ui_term_stop(void);
void ui_term_resize(struct ui *u);

#endif
