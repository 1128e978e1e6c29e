/* serve --watch on the terminal: the list of sessions (peer, user, state,
 * errors, the latest reply) above the panes of a live session, which draw
 * the selected one. The keys are the one key table's: in the list they
 * choose a session; keys that would type at a student's prompt only say
 * that the watch watches. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/serve_watch.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_keymap.h"
#include "ui_watch.h"

#define PEER_COLS 24
#define USER_COLS 20

void ui_watch_sync(struct ui *u)
{
	struct serve_watch *w = u->watch;
	size_t n = serve_watch_count(w);
	long i = u->watch_follow ? (long)n - 1 : serve_watch_find(w, u->watch_id);
	if (i < 0) { /* dropped: the row after it */
		i = (long)n - 1;
		for (size_t k = 0; k < n; k++)
			if (serve_watch_id(w, k) > u->watch_id) {
				i = (long)k;
				break;
			}
	}
	unsigned id = serve_watch_id(w, (size_t)i);
	if (!u->watch_shown || id != u->watch_id) {
		/* Another session: its transcript from the end, following. */
		u->s = session_watch_session(serve_watch_at(w, (size_t)i));
		u->cur = u->top = u->ex_top = 0;
		u->follow = true;
		u->dropped_seen = session_transcript(u->s)->dropped;
		u->watch_shown = true;
	}
	u->watch_id = id;
	u->watch_sel = (size_t)i;
	serve_watch_hold(w, id);
}

/* --- the list ------------------------------------------------------------ */

struct cols {
	int id, peer, user, state, err, warn, msgs;
};

/* TRANSLATORS: the session list's column heads in serve --watch. */
static const char *const heads[] = {N_("peer"), N_("user"), N_("state"), N_("err"),
				    N_("warn"), N_("msgs"), N_("last reply")};

static int at_least(int w, const char *s)
{
	int k = ui_width(s) + 1;
	return k > w ? k : w;
}

static void columns(const struct ui *u, size_t first, size_t rows, struct cols *c)
{
	*c = (struct cols){.id = at_least(5, _("server")), .peer = at_least(8, _(heads[0])), .user = at_least(5, _(heads[1])),
			   .state = at_least(14, _(heads[2])), .err = at_least(4, _(heads[3])),
			   .warn = at_least(5, _(heads[4])), .msgs = at_least(5, _(heads[5]))};
	size_t n = serve_watch_count(u->watch);
	for (size_t i = first; i < n && i < first + rows; i++) {
		struct session_watch_facts f;
		session_watch_facts(serve_watch_at(u->watch, i), &f);
		char id[16];
		snprintf(id, sizeof id, "#%u ", serve_watch_id(u->watch, i));
		c->id = at_least(c->id, id);
		c->peer = at_least(c->peer, f.peer);
		c->user = at_least(c->user, f.user) + (i && !f.authed && *f.user); /* "?" */
	}
	if (c->peer > PEER_COLS)
		c->peer = PEER_COLS;
	if (c->user > USER_COLS)
		c->user = USER_COLS;
}

static enum theme_role code_role(int code)
{
	switch (code / 100) {
	case 2: return THEME_CODE_2XX;
	case 3: return THEME_CODE_3XX;
	case 4: return THEME_CODE_4XX;
	case 5: return THEME_CODE_5XX;
	default: return THEME_TRANSCRIPT_META;
	}
}

/* Draw one cell of w columns (the last one a gap); returns where the next
 * one starts. */
static int cell(int y, int x, int w, int right, const char *text, attr_t a)
{
	if (x < right)
		ui_put(y, x, (x + w - 1 < right ? w - 1 : right - x), text, a);
	return x + w;
}

static void draw_head(int y, const struct ui_box *b, const struct cols *c)
{
	attr_t a = ui_attr(THEME_TRANSCRIPT_META);
	int right = b->x + b->w, x = b->x + 2;
	x = cell(y, x, c->id, right, "#", a);
	x = cell(y, x, c->peer, right, _(heads[0]), a);
	x = cell(y, x, c->user, right, _(heads[1]), a);
	x = cell(y, x, c->state, right, _(heads[2]), a);
	x = cell(y, x, c->err, right, _(heads[3]), a);
	x = cell(y, x, c->warn, right, _(heads[4]), a);
	x = cell(y, x, c->msgs, right, _(heads[5]), a);
	cell(y, x, right - x + 1, right, _(heads[6]), a);
}

/* The server's own row: where it listens, and its latest note. */
static void server_row(int y, int x, int right, const struct cols *c,
		       struct session *s, attr_t a)
{
	const struct transcript *t = session_transcript(s);
	struct session_status st;
	session_status(s, &st);
	x = cell(y, x, c->id, right, _("server"), a);
	x = cell(y, x, c->peer, right, st.peer, a);
	x = cell(y, x, c->user, right, "", a);
	x = cell(y, x, c->state, right, _("listening"), a);
	x += c->err + c->warn + c->msgs;
	if (t->n)
		cell(y, x, right - x + 1, right, tr_text(t, t->n - 1, false), a);
}

static void number(int y, int *x, int w, int right, unsigned v, attr_t a, enum theme_role hot,
		   bool cur)
{
	char b[16];
	snprintf(b, sizeof b, "%u", v);
	*x = cell(y, *x, w, right, v ? b : "-", v && !cur ? a | ui_attr(hot) : a);
}

static void draw_row(struct ui *u, size_t i, int y, const struct ui_box *b, const struct cols *c,
		     bool focused)
{
	bool cur = i == u->watch_sel;
	struct session_watch *sw = serve_watch_at(u->watch, i);
	struct session_watch_facts f;
	session_watch_facts(sw, &f);
	attr_t a = ui_attr(f.closed ? THEME_TRANSCRIPT_META : THEME_DEFAULT);
	if (cur)
		a = ui_attr(focused ? THEME_TRANSCRIPT_CURSOR : THEME_TRANSCRIPT_CURSOR_BLUR);
	move(y, b->x);
	attrset(a);
	for (int k = 0; k < b->w; k++)
		addch(' ');
	attrset(A_NORMAL);
	int right = b->x + b->w;
	char mark[4] = {cur ? '>' : ' ', f.tls ? 'T' : ' ', 0};
	int x = cell(y, b->x, 2, right, mark, a);
	if (i == 0) {
		server_row(y, x, right, c, session_watch_session(sw), a);
		return;
	}
	char id[16], user[96];
	snprintf(id, sizeof id, "#%u", serve_watch_id(u->watch, i));
	/* Not (yet) accepted: the name tried, with a question mark. */
	snprintf(user, sizeof user, "%s%s", *f.user ? f.user : "-", *f.user && !f.authed ? "?" : "");
	x = cell(y, x, c->id, right, id, a);
	x = cell(y, x, c->peer, right, f.peer, a);
	x = cell(y, x, c->user, right, user, f.authed && !cur ? a | ui_attr(THEME_DECODED) : a);
	x = cell(y, x, c->state, right, f.state, a);
	number(y, &x, c->err, right, f.errors, a, THEME_CODE_5XX, cur);
	number(y, &x, c->warn, right, f.warnings, a, THEME_WARNING, cur);
	number(y, &x, c->msgs, right, f.messages, a, THEME_CODE_2XX, cur);
	const char *last = f.closed && *f.why ? f.why : f.last;
	cell(y, x, right - x + 1, right, last,
	     cur || f.closed ? a : a | ui_attr(code_role(f.last_code)));
}

void ui_watch_draw_list(struct ui *u)
{
	const struct ui_box *b = &u->list;
	if (b->h <= 0 || b->w <= 0)
		return;
	struct serve_watch *w = u->watch;
	size_t n = serve_watch_count(w), open = serve_watch_open_count(w);
	size_t dropped = serve_watch_dropped(w);
	bool focused = u->focus == FOCUS_LIST;
	char title[256], gone[96] = "";
	if (dropped)
		snprintf(gone, sizeof gone,
			 P_("  (%zu closed one no longer listed)", "  (%zu closed ones no longer listed)",
			    dropped),
			 dropped);
	snprintf(title, sizeof title, _(" %sSessions: %zu open, %zu closed%s%s "),
		 u->r.mode == LAYOUT_SINGLE ? _("ONE PANE (Tab: transcript) ") : "", open, n - 1 - open,
		 u->watch_follow ? _("  FOLLOW") : "", gone);
	attr_t ta = ui_attr(focused ? THEME_TITLE_FOCUS : THEME_TITLE_BLUR);
	move(b->y, b->x);
	attrset(ta);
	for (int k = 0; k < b->w; k++)
		addch(focused ? '=' : '-');
	attrset(A_NORMAL);
	ui_put(b->y, b->x + 1, b->w - 1, title, ta);
	int rows = b->h - 1;
	bool head = rows >= 3;
	rows -= head;
	if (rows < 1)
		return;
	/* The selected row in view. */
	if (u->watch_sel < u->list_top)
		u->list_top = u->watch_sel;
	if (u->watch_sel >= u->list_top + (size_t)rows)
		u->list_top = u->watch_sel - (size_t)rows + 1;
	if (u->list_top + (size_t)rows > n)
		u->list_top = n > (size_t)rows ? n - (size_t)rows : 0;
	struct cols c;
	columns(u, u->list_top, (size_t)rows, &c);
	int y = b->y + 1;
	if (head)
		draw_head(y++, b, &c);
	for (int k = 0; k < rows && u->list_top + (size_t)k < n; k++)
		draw_row(u, u->list_top + (size_t)k, y + k, b, &c, focused);
	if (focused)
		u->cursor_y = y + (int)(u->watch_sel - u->list_top), u->cursor_x = b->x;
}

/* --- the bars --------------------------------------------------------------- */

static void bar(int y, const char *text, enum theme_role r)
{
	attr_t a = ui_attr(r);
	move(y, 0);
	attrset(a);
	for (int k = 0; k < COLS; k++)
		addch(' ');
	attrset(A_NORMAL);
	ui_put(y, 0, COLS, text, a);
}

void ui_watch_draw_status(struct ui *u, const char *focus)
{
	if (u->r.status_y < 0)
		return;
	struct serve_watch *w = u->watch;
	struct session_status srv;
	session_status(session_watch_session(serve_watch_at(w, 0)), &srv);
	size_t n = serve_watch_count(w), open = serve_watch_open_count(w);
	char who[200];
	if (u->watch_sel == 0) {
		snprintf(who, sizeof who, "%s", _("the server's notes"));
	} else {
		struct session_watch_facts f;
		session_watch_facts(serve_watch_at(w, u->watch_sel), &f);
		snprintf(who, sizeof who, "#%u %s %s%s %s", u->watch_id, f.peer, *f.user ? f.user : "-",
			 *f.user && !f.authed ? "?" : "", f.state);
	}
	const struct transcript *t = session_transcript(u->s);
	char line[1024];
	/* TRANSLATORS: the status bar of serve --watch: where the server
	 * listens, the sessions, the one selected, the focus, the line, the
	 * secrets, the key hints. */
	snprintf(line, sizeof line, _(" WATCH | %s | %zu open, %zu closed | %s | %s | %zu/%zu | %s | ?:help q:stop "),
		 srv.peer, open, n - 1 - open, who, focus, t->n ? u->cur + 1 : 0, t->n,
		 u->reveal ? _("SECRETS SHOWN") : _("secrets masked"));
	bar(u->r.status_y, line, u->reveal ? THEME_WARNING : THEME_STATUS);
}

void ui_watch_draw_hint(struct ui *u)
{
	int y = u->r.input_y;
	if (y < 0)
		return;
	move(y, 0);
	clrtoeol();
	if (u->r.msg_y < 0 && u->msg[0]) { /* no message line: it goes here */
		ui_put(y, 0, COLS, u->msg, ui_attr(THEME_INFO));
		return;
	}
	ui_put(y, 0, COLS,
	       u->watch_proxy
		       ? _("proxy: Tab next pane, j/k choose a session in the list, S passwords, "
			   "/ search, ? help, q stop the proxy")
		       : _("serve --watch: Tab next pane, j/k choose a session in the list, S "
			   "passwords, / search, ? help, q stop the server"),
	       ui_attr(THEME_TRANSCRIPT_META));
}

/* --- keys -------------------------------------------------------------------- */

static void toggle_secrets(struct ui *u)
{
	u->reveal = !u->reveal;
	const char *shown = u->watch_proxy
		? _("SECRETS SHOWN: the mail program's password is on the screen now (S masks "
		    "it again)")
		: _("SECRETS SHOWN: every student's password is on the screen now; on a "
		    "projector the whole class can read them (S masks them again)");
	ui_message(u, "%s", u->reveal ? shown : _("passwords masked"));
}

static void focus_step(struct ui *u, int dir)
{
	static const enum ui_focus order[] = {FOCUS_LIST, FOCUS_TRANSCRIPT, FOCUS_EXPLAIN};
	int i = 0;
	while (i < 3 && order[i] != u->focus)
		i++;
	i = i == 3 ? 0 : (i + 3 + dir) % 3;
	u->focus = order[i];
	u->line = LINE_SESSION;
}

static bool list_key(struct ui *u, enum ui_act a)
{
	long n = (long)serve_watch_count(u->watch), i = (long)u->watch_sel;
	long page = u->list.h > 3 ? u->list.h - 3 : 1;
	switch (a) {
	case ACT_DOWN: i++; break;
	case ACT_UP: i--; break;
	case ACT_PGDN: i += page; break;
	case ACT_PGUP: i -= page; break;
	case ACT_HALF_DN: i += page / 2 ? page / 2 : 1; break;
	case ACT_HALF_UP: i -= page / 2 ? page / 2 : 1; break;
	case ACT_TOP: i = 0; break;
	case ACT_BOTTOM: i = n - 1; break;
	default: return false;
	}
	if (i >= n)
		i = n - 1;
	if (i < 0)
		i = 0;
	/* At the newest session the list follows new ones, as the transcript
	 * follows new lines at its last. */
	u->watch_follow = i == n - 1;
	unsigned id = serve_watch_id(u->watch, (size_t)i);
	u->watch_shown &= id == u->watch_id; /* another session: sync shows it */
	u->watch_sel = (size_t)i;
	u->watch_id = id;
	return true;
}

bool ui_watch_key(struct ui *u, int key)
{
	enum ui_act a = keymap_lookup(key);
	switch (a) {
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
		focus_step(u, a == ACT_FOCUS_NEXT ? 1 : -1);
		return true;
	case ACT_INPUT:
	case ACT_AUTH_NEXT:
		ui_message(u, "%s", u->watch_proxy
				? _("the proxy only watches: the mail program types. / searches the "
				    "transcript shown; : takes :theme, :bits, :help and :quit")
				: _("serve --watch only watches: the students type. / searches the "
				    "transcript shown; : takes :theme, :bits, :help and :quit"));
		return true;
	case ACT_SECRETS:
		toggle_secrets(u);
		return true;
	default:
		break;
	}
	return u->focus == FOCUS_LIST && list_key(u, a);
}

void ui_watch_quit(struct ui *u, bool ask)
{
	size_t open = serve_watch_open_count(u->watch);
	if (ask && open) {
		u->ask = ASK_QUIT;
		ui_message(u,
			   P_("Stop the server? %zu session is open: it gets 421 and is closed. (y/n)",
			      "Stop the server? %zu sessions are open: they get 421 and are closed. (y/n)",
			      open),
			   open);
		return;
	}
	u->running = false;
}

void ui_watch_help(struct buf *b)
{
	static const struct {
		enum ui_act a;
		const char *help;
	} rows[] = {
		{ACT_FOCUS_NEXT, N_("next pane: the session list, the transcript, the explanation")},
		{ACT_FOCUS_PREV, N_("the pane before")},
		{ACT_DOWN, N_("in the list: the next session (in a pane: the next line)")},
		{ACT_UP, N_("in the list: the session before")},
		{ACT_PGDN, N_("a page down, in the list or a pane")},
		{ACT_PGUP, N_("a page up")},
		{ACT_TOP, N_("in the list: the server's own row (who connected, who was refused)")},
		{ACT_BOTTOM, N_("in the list: the newest session, and follow new sessions again")},
		{ACT_SECRETS, N_("show or mask passwords: on a projector S shows every student's "
				 "password to the class")},
		{ACT_QUIT, N_("stop the server (asks first while sessions are open: they get 421)")},
		{ACT_QUIT_NOW, N_("stop the server at once")},
	};
	size_t nk;
	const struct ui_key *k = keymap_table(&nk);
	buf_adds(b, _("Keys in serve --watch (the list of sessions above the panes of the selected "
		      "one)\n"));
	for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		char names[64] = "";
		for (size_t i = 0; i < nk; i++) {
			if (k[i].act != rows[r].a)
				continue;
			if (*names)
				strncat(names, ", ", sizeof names - strlen(names) - 1);
			strncat(names, k[i].name, sizeof names - strlen(names) - 1);
		}
		buf_printf(b, "  %-22s %s\n", names, _(rows[r].help));
	}
	buf_adds(b, "\n");
}

int ui_watch_frame_due(struct ui *u)
{
	int64_t now = loop_now_ms(), since = now - u->drawn_at;
	if (u->redraw_now || since >= UI_WATCH_FRAME_MS || since < 0) {
		u->redraw_now = false;
		u->drawn_at = now;
		return 0;
	}
	return (int)(UI_WATCH_FRAME_MS - since);
}
