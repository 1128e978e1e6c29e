#!/bin/sh
# What the proxy adds to a session (not a test: nothing here passes or
# fails on timing). smtpdbg run (STARTTLS, AUTH PLAIN, one message) against
# the lab's Postfix submission port through smtpdbg proxy (A), and the same
# session straight to Postfix (B), timed by farm-bench A B A B; the ratio
# is the proxy's share: two more TLS handshakes (one each way) and a hop.
# Needs root (the lab) and farm-bench.
#   sh bench/proxy.sh [BUILD-DIR] [RUNS]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-30}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v farm-bench >/dev/null || { echo "farm-bench is missing" >&2; exit 2; }
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/lab"
ppid_=
trap '[ -n "$ppid_" ] && kill "$ppid_" 2>/dev/null; sh tests/lab/stop.sh "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
sh tests/lab/start.sh "$work/lab" >"$work/start.log" 2>&1 || { cat "$work/start.log"; exit 1; }
. "$work/lab/lab.env"
export XDG_DATA_HOME="$work/xdg" P="$LAB_PASSWORD"
"$bin" proxy --upstream "localhost:$LAB_SUBMISSION_PORT" --print-ca >"$work/ca.pem" 2>/dev/null
"$bin" proxy --listen 127.0.0.1:0 --upstream "localhost:$LAB_SUBMISSION_PORT" \
	--cafile "$LAB_CAFILE" >/dev/null 2>"$work/proxy.err" &
ppid_=$!
# The port it took: the narration goes to /dev/null, so ask the kernel.
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(ss -ltnpH 2>/dev/null | sed -n "s/.*127\.0\.0\.1:\([0-9]*\) .*pid=$ppid_,.*/\1/p" | head -n 1)
	[ -n "$port" ] || sleep 0.05
	i=$((i + 1))
done
[ -n "$port" ] || { echo "the proxy did not start: $(cat "$work/proxy.err")" >&2; exit 1; }
session="--starttls --auth PLAIN --user $LAB_USER --password-env P --from $LAB_USER --to $LAB_USER"
echo "== smtpdbg run through smtpdbg proxy (A) vs straight to Postfix (B)"
farm-bench -n "$runs" --timeout 300 --vs "$bin run --cafile $LAB_CAFILE $session localhost:$LAB_SUBMISSION_PORT" \
	-- "$bin" run --cafile "$work/ca.pem" $session "localhost:$port"
