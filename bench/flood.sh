#!/bin/sh
# The TUI under an unsolicited flood (a benchmark, not a test: nothing here
# fails). The hostile fixture (tests/integration/hostile.py, scenario
# flood) answers EHLO, then sends "250 2.0.0 unsolicited" lines as fast as
# the TUI reads them, MB megabytes in all. In one session, in a detached
# tmux window of 120x40, this prints:
#   (a) key latency: ROUNDS times, the milliseconds from `tmux send-keys ?`
#       until the help overlay is on screen (capture-pane polled every
#       10 ms, so the figure includes the polling and tmux's own time),
#       median and max, first idle (the cost of measuring), then while the
#       flood runs;
#   (b) memory: VmRSS and VmHWM from /proc/PID/status every 2 s against
#       the bytes the fixture has sent (its "progress" notes), the growth per
#       100 MB over the second half, and VmHWM at the end beside the
#       documented bound (--max-transcript, default 64M, for the screen
#       plus a quarter of it for :save's records in memory);
#   (c) :save afterwards: the unsolicited lines in the saved file against
#       the lines the fixture sent.
# Usage, after a build:
#   sh bench/flood.sh [BUILD-DIR] [MB] [ROUNDS]
# (defaults: build, 50, 10). It takes as long as the TUI needs to read MB:
# here about 1.5 minutes for 50 MB (about 0.5 MB/s once the transcript
# budget was full).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
mb=${2:-50}
rounds=${3:-10}
case $build in /*) bin=$build/smtpdbg ;; *) bin=$(pwd)/$build/smtpdbg ;; esac
fixture=$(pwd)/tests/integration/hostile.py
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is missing: apt-get install tmux" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is missing" >&2; exit 2; }

work=$(mktemp -d)
sock=$work/tmux.sock
hpid=
cleanup() {
	tmux -S "$sock" kill-server >/dev/null 2>&1 || true
	[ -z "$hpid" ] || kill "$hpid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkdir "$work/home"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -p -t b; }
# wait_screen TEXT SECONDS: 0 once TEXT is on screen, 1 after SECONDS
wait_screen() {
	k=0
	while [ "$k" -lt $(($2 * 100)) ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.01
		k=$((k + 1))
	done
	return 1
}
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$tpid/status" 2>/dev/null; }
# bytes the fixture has written so far (the socket buffers hold a few MB more)
sent_bytes() {
	n=$(sed -n 's/^\(progress: \|flood: \)\([0-9]*\) lines.*/\2/p' "$work/flood.log" 2>/dev/null | tail -n 1)
	echo $((${n:-0} * line_bytes))
}

line_bytes=23 # "250 2.0.0 unsolicited\r\n"
count=$((mb * 1024 * 1024 / line_bytes))
python3 "$fixture" --multi "$work/port" >"$work/hostile.err" 2>&1 &
hpid=$!
k=0
while [ ! -s "$work/port" ] && [ "$k" -lt 300 ]; do sleep 0.1; k=$((k + 1)); done
port=$(cat "$work/port")
printf 'flood %s/flood --count %s --seconds 600' "$work" "$count" >"$work/port.next"

tm -f /dev/null new-session -d -s b -x 120 -y 40 \
	"env HOME='$work/home' XDG_STATE_HOME='$work/home' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	 TERM=xterm-256color '$bin' 127.0.0.1:$port; sleep 900"
shpid=$(tm display-message -p -t b '#{pane_pid}')
k=0
tpid=
while [ -z "$tpid" ] && [ "$k" -lt 50 ]; do
	tpid=$(pgrep -P "$shpid" | head -n 1) || true
	[ -n "$tpid" ] || sleep 0.1
	k=$((k + 1))
done
[ -n "$tpid" ] || { echo "smtpdbg did not start" >&2; exit 1; }
wait_screen "220 hostile.test" 10 || { echo "no greeting" >&2; screen >&2; exit 1; }
# (a) key latency: ROUNDS times ? then Esc; LABEL names the figures
latency() {
	: >"$work/lat"
	i=0
	while [ "$i" -lt "$rounds" ]; do
		i=$((i + 1))
		t0=$(now_ms)
		tm send-keys -t b "?"
		if wait_screen "smtpdbg help" 10; then
			echo $(($(now_ms) - t0)) >>"$work/lat"
		else
			echo "round $i: no help within 10 s" >&2
		fi
		tm send-keys -t b Escape
		k=0
		while screen | grep -qF "smtpdbg help" && [ "$k" -lt 500 ]; do sleep 0.01; k=$((k + 1)); done
		sleep 0.2
	done
	sort -n "$work/lat" | awk -v label="$1" '
		{ v[NR] = $1 }
		END {
			if (!NR) { printf "(a) key latency, %s: no measurement\n", label; exit }
			med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "(a) key latency, ? to the help on screen, %s: %d rounds, median %d ms, max %d ms (goal: 200 ms)\n",
			       label, NR, med, v[NR]
		}'
}
tm send-keys -t b BTab
latency "idle, before EHLO (what the measurement itself costs)"
tm send-keys -t b i
hwm0=$(kb VmHWM)
t_start=$(now_ms)
tm send-keys -t b -l "EHLO x"
tm send-keys -t b Enter
wait_screen "250 2.0.0 unsolicited" 10 || { echo "no flood" >&2; exit 1; }
tm send-keys -t b BTab
latency "during the flood"
! grep -q '^flood:' "$work/flood.log" 2>/dev/null ||
	echo "    (the flood had ended before the last round: give it more MB)"

# (b) memory while the flood runs, until the TUI has read everything
echo "(b) memory: seconds, MB sent by the fixture, VmRSS MB, VmHWM MB"
last=-1 same=0
: >"$work/mem"
while [ "$same" -lt 2 ] && kill -0 "$tpid" 2>/dev/null; do
	r=$(sent_bytes)
	s=$(( ($(now_ms) - t_start) / 1000 ))
	echo "$s $r $(kb VmRSS) $(kb VmHWM)" >>"$work/mem"
	awk -v s="$s" -v r="$r" -v rss="$(kb VmRSS)" -v hwm="$(kb VmHWM)" \
		'BEGIN { printf "    %4d s %8.1f MB %8.1f MB %8.1f MB\n", s, r / 1048576, rss / 1024, hwm / 1024 }'
	if grep -q '^flood:' "$work/flood.log" 2>/dev/null && [ "$r" = "$last" ]; then
		same=$((same + 1))
	else
		same=0
	fi
	last=$r
	[ "$s" -lt 900 ] || break
	sleep 2
done
sent=$(sed -n 's/^flood: \([0-9]*\) lines sent.*/\1/p' "$work/flood.log")
hwm=$(kb VmHWM)
awk -v hwm0="$hwm0" -v hwm="$hwm" -v sent="${sent:-0}" -v lb="$line_bytes" '
	{ s[NR] = $1; r[NR] = $2; rss[NR] = $3 }
	END {
		h = int(NR / 2) + 1
		if (NR >= 3 && r[NR] > r[h]) {
			g = (rss[NR] - rss[h]) / 1024 / ((r[NR] - r[h]) / 104857600)
			printf "    growth of VmRSS over the second half: %.1f MB per 100 MB sent\n", g
			printf "    at that rate, VmRSS after 500 MB sent: about %.0f MB\n",
			       rss[NR] / 1024 + g * (500 - r[NR] / 1048576) / 100
		}
		printf "    flood: %d lines (%.1f MB) in %d s; VmHWM %.1f MB (%.1f MB before the flood)\n",
		       sent, sent * lb / 1048576, s[NR], hwm / 1024, hwm0 / 1024
		printf "    documented bound: 64 MB transcript + 16 MB of :save records + the program (%.1f MB at start) = %.1f MB\n",
		       hwm0 / 1024, 80 + hwm0 / 1024
	}' "$work/mem"

# (c) :save writes every line
t0=$(now_ms)
tm send-keys -t b i
tm send-keys -t b -l ":save $work/saved"
tm send-keys -t b Enter
if wait_screen "saved the transcript" 300; then
	saved=$(grep -c "250 2.0.0 unsolicited" "$work/saved" || true)
	echo "(c) :save: $saved unsolicited lines in the file, $sent sent by the fixture" \
		"($(($(now_ms) - t0)) ms to save, $(wc -c <"$work/saved") bytes); VmHWM after it $(($(kb VmHWM) / 1024)) MB"
else
	echo "(c) :save: no 'saved the transcript' within 300 s"
	screen | tail -n 3
fi
tm send-keys -t b Q
