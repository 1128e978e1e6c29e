#!/bin/sh
# Start-up time of the TUI (a benchmark, not a test: nothing here fails on
# timing). Runs `smtpdbg demo --startup-time F` N times in a detached tmux
# window of 120x40, quits each with Q, and prints the median and the
# maximum of the milliseconds from main() to the first frame, beside the
# budget. Usage, after a build:
#   sh bench/tui_start.sh [BUILD-DIR] [N]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-20}
bin=$(pwd)/$build/smtpdbg
budget=50
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is missing: apt-get install tmux" >&2; exit 2; }

work=$(mktemp -d)
sock=$work/tmux.sock
trap 'tmux -S "$sock" kill-server >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
times=$work/times
: >"$times"
mkdir "$work/home"
i=0
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	lines=$(wc -l <"$times")
	tmux -S "$sock" -f /dev/null new-session -d -s "b$i" -x 120 -y 40 \
		"env HOME='$work/home' XDG_STATE_HOME='$work/home' LANG=C.UTF-8 TERM=xterm-256color \
		 '$bin' demo --startup-time '$times'"
	# Wait (at most 10 s) for the line of this run, then quit.
	k=0
	while [ "$(wc -l <"$times")" -le "$lines" ] && [ "$k" -lt 100 ]; do
		sleep 0.1
		k=$((k + 1))
	done
	tmux -S "$sock" send-keys -t "b$i" Q
	k=0
	while tmux -S "$sock" has-session -t "b$i" 2>/dev/null && [ "$k" -lt 50 ]; do
		sleep 0.1
		k=$((k + 1))
	done
done
[ -s "$times" ] || { echo "no measurement was written" >&2; exit 1; }
sort -n -k1,1 "$times" | awk -v budget="$budget" '
	{ v[NR] = $1 }
	END {
		med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "smtpdbg demo, first frame: %d runs, median %.1f ms, max %.1f ms (budget < %d ms)\n",
		       NR, med, v[NR], budget
	}'
