# The TUI while a name resolves against a DNS server that never answers
# (a UDP socket a small python3 helper holds on 127.0.0.1): the screen
# says it is connecting, the help overlay opens, and q quits at once,
# long before the lookup's deadline. No root, no network beyond 127.0.0.1.
# Run by ctest as: sh test_resolver.sh PATH-TO-SMTPDBG
# Needs tmux and python3 (skips with 77 otherwise).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
for tool in tmux python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skipped: $tool is not installed (sh tests/deps.sh test)"
		exit 77
	fi
done
work=$(mktemp -d)
sockname=smtpdbg-resolver-$$
dpid=
tm() { tmux -L "$sockname" "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	if [ -n "$dpid" ]; then
		kill "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
mkdir -p "$work/home" "$work/state"

# The silent DNS server: it writes its port, then counts the queries it
# receives (one line each) and never answers.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    s.recvfrom(4096)
    with open(sys.argv[2], "a") as f:
        f.write("query\n")
' "$work/dns.port" "$work/dns.log" &
dpid=$!
i=0
while [ ! -s "$work/dns.port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -s "$work/dns.port" ]; then
	echo "FAIL: the silent DNS server did not start"
	echo "0 passed, 1 failed"
	exit 1
fi
dns=$(cat "$work/dns.port")

# wait_for WIN TEXT: poll the screen until TEXT shows (at most 15 s).
wait_for() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 never showed '$2'"
	screen "$1" | sed 's/^/  | /'
	return 1
}
wait_gone() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 still shows '$2'"
	return 1
}

# A 60 s timeout: whatever ends the program within the test, it is not
# the lookup's deadline.
w=slow
tm -f /dev/null new-session -d -s tui -n $w -x 120 -y 40 \
	"env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	 TERM=xterm-256color '$SMTPDBG' never.example:25 --resolver 127.0.0.1:$dns --timeout 60 \
	 2>'$work/$w.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
tm resize-window -t "tui:$w" -x 120 -y 40 2>/dev/null

wait_for $w "Connecting to never.example:25"
wait_for $w "| connecting |"
# The resolver was asked (the lookup is under way, not failed at once).
checks=$((checks + 1))
i=0
while [ ! -s "$work/dns.log" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$work/dns.log" ] || fail "no DNS query reached the silent server"

# Responsive while the name resolves: the help opens and closes.
keys $w BTab
keys $w "?"
wait_for $w "smtpdbg help"
keys $w Escape
wait_gone $w "smtpdbg help"
wait_for $w "| connecting |" # still resolving

# q quits within a few seconds, with status 0 and nothing on stderr.
keys $w q
checks=$((checks + 1))
i=0
while ! screen $w | grep -qF "SMTPDBG-EXITED-" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ! screen $w | grep -qF "SMTPDBG-EXITED-0"; then
	fail "q did not end the program within 5 s while the name resolved"
	screen $w | sed 's/^/  | /'
fi
checks=$((checks + 1))
if [ -s "$work/$w.err" ]; then
	fail "window $w wrote to stderr:"
	sed 's/^/  | /' "$work/$w.err" | head -n 40
fi

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
