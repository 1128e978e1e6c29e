#!/bin/sh
# The generated message, side by side with swaks (not a test: nothing here
# passes or fails on timing). A message of about 100 MB, a 50 MiB and a
# 24 MiB attachment (Base64: 101 MiB as sent), built and sent by
# `smtpdbg run --attach` and by `swaks --attach` to `smtpdbg serve
# --personality open-relay` on loopback. Goal (issue 22): at least
# 200 MiB/s with a peak RSS under 16 MB; swaks builds the whole message in
# memory. Usage, after a build and `sh tests/deps.sh bench`:
#   sh bench/message.sh [BUILD-DIR] [RUNS]
# farm-bench, where it is installed, times RUNS pairs (smtpdbg, swaks) in
# turn; /usr/bin/time -v gives one run's peak RSS of each.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v swaks >/dev/null || { echo "swaks is missing: sh tests/deps.sh bench" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: sh tests/deps.sh bench" >&2; exit 2; }

work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
head -c 52428800 /dev/urandom >"$work/report-50M.bin"
head -c 25165824 /dev/urandom >"$work/second-24M.bin"

"$bin" serve --listen 127.0.0.1:0 --personality open-relay --max-message 300M \
	--max-connect-rate 0 >"$work/serve.log" 2>&1 &
server=$!
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { echo "serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

set -- --from a@bench.test --to b@bench.test --attach "$work/report-50M.bin" \
	--attach "$work/second-24M.bin"
size=$("$bin" run --dump-message "$@" | wc -c)
echo "message as sent: $size bytes ($(awk -v s="$size" 'BEGIN {printf "%.1f", s/1048576}') MiB)"

smtpdbg_cmd="$bin run $* 127.0.0.1:$port"
swaks_cmd="swaks --server 127.0.0.1 --port $port --from a@bench.test --to b@bench.test
	--attach @$work/report-50M.bin --attach @$work/second-24M.bin --suppress-data
	--helo bench.test"

# One run each under GNU time (after a warm-up): wall seconds, peak RSS.
one() { # one NAME CMD...: a warm-up run first (caches, the server)
	name=$1; shift
	"$@" >/dev/null 2>&1 || true
	/usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 ||
		{ echo "$name failed:" >&2; tail -n 5 "$work/$name.out" >&2; exit 1; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.time" |
		awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time")
	awk -v n="$name" -v w="$wall" -v r="$rss" -v s="$size" \
		'BEGIN {printf "%-8s %6.2f s  %7.1f MiB/s  peak RSS %7.1f MB\n", n, w, s/1048576/w, r/1024}'
}
# shellcheck disable=SC2086
one smtpdbg $smtpdbg_cmd
grep -q "Ok: $size bytes received" "$work/serve.log" ||
	{ echo "smtpdbg: the server did not get $size bytes" >&2; exit 1; }
# shellcheck disable=SC2086
one swaks $swaks_cmd

if command -v farm-bench >/dev/null; then
	echo "farm-bench, $runs pairs (A: smtpdbg, B: swaks):"
	# shellcheck disable=SC2086
	farm-bench -n "$runs" --timeout 900 --vs "$swaks_cmd" -- $smtpdbg_cmd
fi
