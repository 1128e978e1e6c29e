#!/bin/sh
# `run --mx` when the first MX host is silent (a listener that drops every
# SYN, tests/cli/silent_listener.py): how long until the session with the
# second MX host (the embedded server) is done, beside the same session
# straight to the second host. A benchmark, not a test: nothing fails on
# timing. Goal: A - B at most the connect timeout (1 s here) plus 50 ms.
# Usage, after a build: sh bench/mx.sh [BUILD-DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-5}
smtpdbg=$(cd "$build" && pwd)/smtpdbg
here=$(cd "$(dirname "$0")/.." && pwd)
command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
python3 "$here/tests/cli/silent_listener.py" 127.0.0.2 "$work/silent.port" &
pids="$pids $!"
while [ ! -s "$work/silent.port" ]; do sleep 0.1; done
port=$(cat "$work/silent.port")
"$smtpdbg" serve --listen "127.0.0.3:$port" >"$work/serve.log" 2>&1 &
pids="$pids $!"
dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq -k --conf-file=/dev/null --port="$dport" --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --pid-file= --local=/test/ \
	--mx-host=mx.test,mx1.mx.test,10 --mx-host=mx.test,mx2.mx.test,20 \
	--host-record=mx1.mx.test,127.0.0.2 --host-record=mx2.mx.test,127.0.0.3 \
	>"$work/dnsmasq.log" 2>&1 &
pids="$pids $!"
until "$smtpdbg" dns --resolver "127.0.0.1:$dport" --timeout 1 mx.test >/dev/null 2>&1 &&
	grep -q "127.0.0.3:$port" "$work/serve.log"; do sleep 0.1; done
echo "== A: run --mx, first MX silent (--timeout 1); B: the same session straight to the second"
farm-bench -n "$runs" --vs "$smtpdbg run --timeout 1 --quit-after ehlo 127.0.0.3:$port" -- \
	"$smtpdbg" run --mx --resolver "127.0.0.1:$dport" --timeout 1 --quit-after ehlo "mx.test:$port"
