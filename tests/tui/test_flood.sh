# The TUI against a server that floods it (tests/integration/hostile.py,
# scenarios flood and binary60k), driven in a private tmux server: while
# the flood runs, the keyboard is still answered (the help overlay opens,
# Esc closes it, q quits), SIGTERM ends the process, and so does the
# terminal going away. The bounds are generous (seconds); the tight
# figures (a key within 200 ms, memory) are printed by bench/flood.sh.
# No root: everything runs on 127.0.0.1. Run by ctest as:
#   sh test_flood.sh PATH-TO-SMTPDBG
# Needs tmux and python3 (skips with 77 otherwise).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
fixture=$(cd "$here/../integration" && pwd)/hostile.py
for tool in tmux python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skipped: $tool is not installed (sh tests/deps.sh test)"
		exit 77
	fi
done
work=$(mktemp -d)
sockname=smtpdbg-flood-$$
hpid=
tm() { tmux -L "$sockname" "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	if [ -n "$hpid" ]; then
		kill "$hpid" 2>/dev/null
		wait "$hpid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
H=127.0.0.1
mkdir -p "$work/home" "$work/state"

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

python3 "$fixture" --multi "$work/port" >"$work/hostile.err" 2>&1 &
hpid=$!
i=0
while [ ! -s "$work/port" ] && [ $i -lt 600 ] && kill -0 "$hpid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
port=$(cat "$work/port" 2>/dev/null)
if [ -z "$port" ]; then
	cat "$work/hostile.err"
	echo "0 passed, 1 failed"
	exit 1
fi

tm -f /dev/null new-session -d -s tui -n base -x 120 -y 40 "sleep 900"

# open NAME 'SCENARIO [FIXTURE-OPTIONS]' [SMTPDBG-OPTIONS]: the next
# connection gets SCENARIO (its notes: $work/NAME.log); the TUI opens on it
# in window NAME, 120x40, and $tpid is its process id.
open() {
	name=$1 spec=$2
	shift 2
	printf '%s %s/%s' "${spec%% *}" "$work" "$name" >"$work/port.next.tmp"
	case $spec in *" "*) printf ' %s' "${spec#* }" >>"$work/port.next.tmp" ;; esac
	mv "$work/port.next.tmp" "$work/port.next"
	tm new-window -d -t tui -n "$name" \
		"env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		 TERM=xterm-256color '$SMTPDBG' $H:$port $* 2>'$work/$name.err'; \
		 echo SMTPDBG-EXITED-\$?; sleep 900"
	tm resize-window -t "tui:$name" -x 120 -y 40 2>/dev/null
	i=0
	while [ ! -e "$work/$name.log" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$work/$name.log" ] || fail "$name: the fixture never got the connection"
	# the pane runs sh, whose child is smtpdbg
	shpid=$(tm display-message -p -t "tui:$name" '#{pane_pid}')
	tpid=
	i=0
	while [ -z "$tpid" ] && [ $i -lt 50 ]; do
		tpid=$(pgrep -P "$shpid" 2>/dev/null | head -n 1)
		[ -n "$tpid" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$tpid" ] || fail "$name: no smtpdbg process in the window"
}
line() { tm send-keys -t "tui:$1" -l "$2"; keys "$1" Enter; }

# wait_for WIN TEXT [SECONDS]: poll the screen until TEXT shows (default 20 s).
wait_for() {
	checks=$((checks + 1))
	i=0
	n=$((${3:-20} * 10))
	while [ $i -lt $n ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 never showed '$2' within ${3:-20} s"
	screen "$1" | sed 's/^/  | /'
	return 1
}
wait_gone() {
	checks=$((checks + 1))
	i=0
	n=$((${3:-20} * 10))
	while [ $i -lt $n ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 still shows '$2' after ${3:-20} s"
	return 1
}
# flooding NAME: the fixture is still flooding connection NAME (a check
# made after a key, so that the key was answered during the flood)
flooding() {
	checks=$((checks + 1))
	! grep -q '^flood:' "$work/$1.log" ||
		fail "$1: the flood was over before the check ($(grep '^flood:' "$work/$1.log"))"
}
# ended PID NAME SECONDS: the process is gone within SECONDS
ended() {
	checks=$((checks + 1))
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt $(($3 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		fail "$2: smtpdbg (pid $1) still runs $3 s later"
		kill -KILL "$1" 2>/dev/null
		return 1
	fi
	return 0
}
# start_flood NAME: EHLO, then wait for the flood on screen
start_flood() {
	wait_for "$1" "220 hostile.test"
	line "$1" "EHLO x"
	wait_for "$1" "${2:-250 2.0.0 unsolicited}"
}

# --- the keyboard during the flood: ?, Esc, q -----------------------------
w=keys
open $w flood
start_flood $w
t0=$(now_ms)
keys $w BTab "?"
wait_for $w "smtpdbg help" 5 && echo "note: $w: help on screen $(($(now_ms) - t0)) ms after '?'"
flooding $w
keys $w Escape
wait_gone $w "smtpdbg help" 5
# every unsolicited reply is flagged; a warning that repeats is counted
# ("×N" on its line) rather than written again
wait_for $w "no command outstanding" 5
checks=$((checks + 1))
if ! screen $w | grep -q "×[0-9]"; then
	fail "$w: the repeated warning is not counted (no ×N on screen)"
	screen $w | head -n 12 | sed 's/^/  | /'
fi
flooding $w
keys $w q
wait_for $w "Quit and close the connection" 5
keys $w y
wait_for $w "SMTPDBG-EXITED-0" 5
checks=$((checks + 1))
[ ! -s "$work/$w.err" ] || { fail "$w wrote to stderr:"; sed 's/^/  | /' "$work/$w.err" | head; }

# --- 60 KB binary lines: the same --------------------------------------------
w=binary
open $w binary60k
start_flood $w "no command outstanding"
keys $w BTab "?"
wait_for $w "smtpdbg help" 5
flooding $w
keys $w q
wait_gone $w "smtpdbg help" 5
keys $w Q
wait_for $w "SMTPDBG-EXITED-0" 5

# --- SIGTERM during the flood ------------------------------------------------
w=term
open $w flood
start_flood $w
flooding $w
kill -TERM "$tpid"
ended "$tpid" $w 5
wait_for $w "SMTPDBG-EXITED-" 5

# --- the terminal goes away during the flood -------------------------------
w=gone
open $w flood
start_flood $w
flooding $w
tm kill-window -t "tui:$w"
ended "$tpid" $w 5

finish
