#!/bin/sh
# serve --watch under a classroom's load (not a test: nothing here passes
# or fails on timing). The same load (bench/watch_load.py: clients that
# greet and stay, clients flooding NOOP lines with escape sequences and one
# 100 MB line each, and ordinary students one after another) against serve
# with its log to /dev/null, then against serve --watch drawn in tmux.
# Prints the students' wall times and the server's peak RSS for each.
#   sh bench/watch.sh [BUILD-DIR] [HOLD] [FLOOD] [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
hold=${2:-450}
flood=${3:-20}
rounds=${4:-50}
bin=$(cd "$build" && pwd)/smtpdbg
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is missing" >&2; exit 2; }
ulimit -n 4096
work=$(mktemp -d)
sock=$work/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
max=$((hold + flood + 10))

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() { # PORT: until serve accepts there
	i=0
	while ! python3 -c "import socket; socket.create_connection(('127.0.0.1', $1)).close()" \
		2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

echo "== serve, log to /dev/null"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --max-clients $max >/dev/null 2>&1 &
spid=$!
wait_port "$port"
python3 bench/watch_load.py "$port" "$spid" "$hold" "$flood" "$rounds"
kill "$spid"
wait "$spid" 2>/dev/null || true

echo "== serve --watch in a 150x45 terminal (tmux)"
port=$(free_port)
tmux -S "$sock" -f /dev/null new-session -d -s b -x 150 -y 45 \
	"env LANG=C.UTF-8 TERM=xterm-256color '$bin' serve --watch --listen 127.0.0.1:$port \
	 --max-clients $max; sleep 600"
wait_port "$port"
spid=
for p in $(pgrep -x smtpdbg); do # the server itself, not the shell around it
	tr '\0' ' ' <"/proc/$p/cmdline" | grep -q "serve --watch --listen 127.0.0.1:$port " && spid=$p
done
python3 bench/watch_load.py "$port" "$spid" "$hold" "$flood" "$rounds"
tmux -S "$sock" capture-pane -p -t b | head -n 8
