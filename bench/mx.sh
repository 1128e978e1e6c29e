#!/bin/sh
# `run --mx` and `relay-test --mx` when the first MX host is silent (a
# listener that drops every SYN, tests/cli/silent_listener.py): how long until the session with the
# second MX host (the embedded server) is done, beside the same session
# straight to the second host. A benchmark, not a test: nothing fails on
# timing. Goal: A - B at most the connect timeout (1 s here) plus 50 ms.
# The same for relay-test --mx. The zone and servers: tests/cli/mx_lab.sh.
# Usage, after a build: sh bench/mx.sh [BUILD-DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-5}
smtpdbg=$(cd "$build" && pwd)/smtpdbg
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
SMTPDBG=$smtpdbg mx_here=$here/tests/cli
. "$here/tests/cli/mx_lab.sh"
mx_lab_start
echo "== A: run --mx, first MX silent (--timeout 1); B: the same session straight to the second"
farm-bench -n "$runs" --vs "$smtpdbg run --timeout 1 --quit-after ehlo 127.0.0.3:$port" -- \
	"$smtpdbg" run --mx --resolver "127.0.0.1:$dport" --timeout 1 --quit-after ehlo "mx.test:$port"
echo "== A: relay-test --mx, first MX silent (--timeout 1); B: the same test straight to the second"
farm-bench -n "$runs" --vs "$smtpdbg relay-test --quiet --timeout 1 127.0.0.3:$port" -- \
	"$smtpdbg" relay-test --quiet --mx --resolver "127.0.0.1:$dport" --timeout 1 "mx.test:$port"
