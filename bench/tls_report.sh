#!/bin/sh
# How long `smtpdbg tls-report` takes on the lab's Postfix MX port
# (STARTTLS; goal: under 3 s), beside one `smtpdbg run` session with
# STARTTLS on the same port: A = the report, B = one session, farm-bench
# A B A B. Most of the report's time is its pacing between connections.
# Needs root (the lab) and farm-bench.
#   sh bench/tls_report.sh [BUILD-DIR] [RUNS]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-10}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v farm-bench >/dev/null || { echo "farm-bench is missing" >&2; exit 2; }
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/lab"
trap 'sh tests/lab/stop.sh "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
sh tests/lab/start.sh "$work/lab" >"$work/start.log" 2>&1 || { cat "$work/start.log"; exit 1; }
. "$work/lab/lab.env"
"$bin" tls-report --cafile "$LAB_CAFILE" "$LAB_HOSTNAME:$LAB_MX_PORT" | head -n 1
echo "== smtpdbg tls-report (A) vs one smtpdbg run session with STARTTLS (B)"
farm-bench -n "$runs" --timeout 300 \
	--vs "$bin run --starttls --cafile $LAB_CAFILE --from x@lab.test --to $LAB_USER --quiet $LAB_HOSTNAME:$LAB_MX_PORT" \
	-- "$bin" tls-report --cafile "$LAB_CAFILE" "$LAB_HOSTNAME:$LAB_MX_PORT"
