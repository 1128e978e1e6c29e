#!/bin/sh
# Replaying long transcripts (a benchmark, not a test: nothing here fails).
# Makes a transcript of MB megabytes (a long session of MAIL, RCPT, NOOP and
# RSET with their replies), then prints for `smtpdbg replay --text`,
# `--markdown` (whole run) and the TUI (the first frame, in a detached tmux
# window) the wall time and the peak resident memory (VmHWM), beside the
# goals: memory at most 3x the file, the first frame of 100 MB under 1 s.
# Usage, after a build: sh bench/replay.sh [BUILD-DIR] [MB]
set -eu
build=${1:-build}
mb=${2:-100}
smtpdbg=$(cd "$build" && pwd)/smtpdbg
work=$(mktemp -d)
trap 'tmux kill-session -t smtpdbg-replay-bench 2>/dev/null || true; rm -rf "$work"' EXIT
file=$work/long.txt
python3 - "$file" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    out.write("smtpdbg-transcript 1\n@peer mx.test:25\nS 0 - 220 mx.test ESMTP\n"
              "C 1 - EHLO x\nS 1 - 250-mx.test\nS 1 - 250 SIZE 10240000\n")
    size, t = 0, 2
    while size < mb << 20:
        s = (f"C {t} - MAIL FROM:<a{t}@example.org>\nS {t} - 250 2.1.0 Ok\n"
             f"C {t} - RCPT TO:<b{t}@example.net>\nS {t} - 250 2.1.5 Ok\n"
             f"C {t} - NOOP\nS {t} - 250 2.0.0 Ok\nC {t} - RSET\nS {t} - 250 2.0.0 Ok\n")
        out.write(s)
        size += len(s)
        t += 1
    out.write(f"C {t} - QUIT\nS {t} - 221 2.0.0 Bye\nX {t} - the server hung up\n")
PY
size=$(wc -c <"$file")
echo "transcript: $((size / 1048576)) MB"
for mode in --text --markdown; do
	/usr/bin/time -f "%e %M" -o "$work/time" "$smtpdbg" replay $mode "$file" >/dev/null
	read -r secs kb <"$work/time"
	echo "replay $mode: ${secs} s, VmHWM $((kb / 1024)) MB (goal: at most $((3 * size / 1048576)) MB)"
done
if command -v tmux >/dev/null 2>&1; then
	tmux new-session -d -s smtpdbg-replay-bench -x 120 -y 40 \
		"$smtpdbg replay --startup-time $work/start $file"
	i=0
	while [ ! -s "$work/start" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	pid=
	for p in $(pgrep -x smtpdbg); do
		grep -q "$work/start" "/proc/$p/cmdline" 2>/dev/null && pid=$p
	done
	hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || echo "?")
	echo "replay in the TUI: first frame $(cut -d' ' -f1 "$work/start") ms, VmHWM $hwm MB (goal: under 1000 ms)"
fi
