# Shared helpers of the terminal tests: a private tmux server at $sock, one
# window per program under test ("tui:NAME"), and checks that read what a
# person would see. A script sets $sock and $work, then sources this after
# tests/cli/lib.sh (checks, failures, finish). tui_start gives the common
# environment; a script that needs another writes its own start().
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -p -t "tui:$1"; }
keys() { w=$1; shift; tm send-keys -t "tui:$w" "$@"; }
typed() { tm send-keys -t "tui:$1" -l "$2"; }
line() { typed "$1" "$2"; keys "$1" Enter; }
# fail WHAT WINDOW: a failed check, with the window's screen.
fail() {
	echo "FAIL: $1"
	screen "$2" | sed 's/^/  | /'
	failures=$((failures + 1))
}
# wait_for WINDOW TEXT: TEXT shows within 15 s.
wait_for() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 never showed '$2'" "$1"
	return 1
}
# bottom WINDOW N TEXT: TEXT shows within the bottom N rows.
bottom() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | tail -n "$2" | grep -qF -- "$3" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: window $1: the bottom $2 rows never showed '$3'"
	screen "$1" | tail -n "$2" | sed 's/^/  | /'
	failures=$((failures + 1))
}
# clean_exit WINDOW: the program exited 0 (the window's command echoes
# SMTPDBG-EXITED-$?) and wrote nothing to $work/WINDOW.err.
clean_exit() {
	wait_for "$1" "SMTPDBG-EXITED-0"
	checks=$((checks + 1))
	if [ -s "$work/$1.err" ]; then
		echo "FAIL: window $1 wrote to stderr:"
		sed 's/^/  | /' "$work/$1.err" | head -n 40
		failures=$((failures + 1))
	fi
}
# need_tmux: skip (77) without tmux.
need_tmux() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "skipped: tmux is not installed (sh tests/deps.sh test)"
		exit 77
	fi
}
# tui_window NAME CMD [COLS ROWS]: CMD in a new window NAME of the private
# server (the first window starts the server), COLSxROWS (120x40).
tui_window() {
	cols=${3:-120} rows=${4:-40}
	if [ -z "${started:-}" ]; then
		tm -f /dev/null new-session -d -s tui -n "$1" -x "$cols" -y "$rows" "$2"
		started=1
	else
		tm new-window -d -t tui -n "$1" "$2"
	fi
	tm resize-window -t "tui:$1" -x "$cols" -y "$rows" 2>/dev/null
}
# tui_start NAME ARGS...: smtpdbg ARGS in a new window NAME, 120x40, with a
# private HOME and state directory under $work, C.UTF-8, xterm-256color;
# its stderr in $work/NAME.err (clean_exit reads it).
tui_start() {
	name=$1; shift
	cmd="env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	mkdir -p "$work/home" "$work/state"
	tui_window "$name" "$cmd"
}
# line_taken WINDOW TEXT: type TEXT and Enter, then wait until the live
# transcript has grown (the line was taken), so lines never overtake.
transcript_count() { screen "$1" | sed -n 's/.*Transcript \([0-9]*\)\/.*/\1/p' | head -n 1; }
line_taken() {
	before=$(transcript_count "$1")
	typed "$1" "$2"
	keys "$1" Enter
	i=0
	while [ "$(transcript_count "$1")" = "$before" ] && [ $i -lt 150 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# answer WINDOW TEXT: TEXT and Enter at a field or question (the
# transcript need not grow).
answer() { typed "$1" "$2"; keys "$1" Enter; }
# not_on_screen WINDOW TEXT: TEXT is not on the screen now.
not_on_screen() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		echo "FAIL: window $1 shows '$2'"
		failures=$((failures + 1))
	fi
}
