#!/bin/sh
# What the path options cost (not a test: nothing here passes or fails on
# timing). The same plain session (EHLO, one message to the lab's Postfix MX
# port) timed by farm-bench A B A B:
#   1. this build (A) against BASE-BUILD-DIR's, a build from before the path
#      options (B), neither given any: the options cost nothing unused;
#      skipped when no BASE-BUILD-DIR is given;
#   2. this build with --local-address 127.0.0.1 (A) and without (B): the
#      path code in use, a bind before the connect.
# Needs root (the lab) and farm-bench.
#   sh bench/path.sh [BUILD-DIR] [RUNS] [BASE-BUILD-DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-30}
base=${3:-}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v farm-bench >/dev/null || { echo "farm-bench is missing" >&2; exit 2; }
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/lab"
trap 'sh tests/lab/stop.sh "$work/lab" >/dev/null 2>&1; rm -rf "$work"' EXIT
sh tests/lab/start.sh "$work/lab" >"$work/start.log" 2>&1 || { cat "$work/start.log"; exit 1; }
. "$work/lab/lab.env"
session="--quiet --from $LAB_USER --to $LAB_USER 127.0.0.1:$LAB_MX_PORT"
if [ -n "$base" ]; then
	old=$(cd "$base" && pwd)/smtpdbg
	[ -x "$old" ] || { echo "$old is missing" >&2; exit 2; }
	echo "== this build (A) vs the build before the path options (B), no path option"
	farm-bench -n "$runs" --timeout 300 --vs "$old run $session" -- "$bin" run $session
fi
echo "== --local-address 127.0.0.1 (A) vs no path option (B), this build"
farm-bench -n "$runs" --timeout 300 --vs "$bin run $session" -- \
	"$bin" run --local-address 127.0.0.1 $session
