# The interactive mode on a path that fails: through a SOCKS proxy that
# never answers, the screen names the proxy reached and stays responsive
# (the help opens, q quits at once, long before the 60 s deadline);
# through one that answers with an SMTP greeting instead, the screen says
# the proxy does not speak SOCKS5. No root, nothing beyond 127.0.0.1.
# Run by ctest as: sh test_path.sh PATH-TO-SMTPDBG
# Needs tmux and python3 (skips with 77 otherwise).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
for tool in tmux python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skipped: $tool is not installed (sh tests/deps.sh test)"
		exit 77
	fi
done
work=$(mktemp -d)
sockname=smtpdbg-path-$$
tm() { tmux -L "$sockname" "$@"; }
bpids=
cleanup() {
	tm kill-server >/dev/null 2>&1
	for p in $bpids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"

# badproxy MODE: start one on a free port; its port in $port.
badproxy() {
	python3 "$here/../integration/badproxy.py" "$1" 0 >"$work/$1.port" 2>&1 &
	bpids="$bpids $!"
	i=0
	while ! grep -q '^ready ' "$work/$1.port" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(sed -n 's/^ready //p' "$work/$1.port")
	if [ -z "$port" ]; then
		echo "FAIL: the $1 proxy did not start"
		echo "0 passed, 1 failed"
		exit 1
	fi
}

# window NAME PROXY-PORT: smtpdbg in the interactive mode through it.
window() {
	tui_window "$1" "env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 \
		LC_ALL=C.UTF-8 TERM=xterm-256color '$SMTPDBG' 127.0.0.1:25 --timeout 60 \
		--proxy socks5h://127.0.0.1:$2 2>'$work/$1.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
}

badproxy hang
window hang "$port"
wait_for hang "connected to the socks5h proxy 127.0.0.1:$port"
# Responsive while the proxy says nothing: the help opens and closes.
keys hang BTab
keys hang "?"
wait_for hang "smtpdbg help"
keys hang Escape
checks=$((checks + 1))
i=0
while screen hang | grep -qF "smtpdbg help" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
screen hang | grep -qF "smtpdbg help" && fail "the help did not close" hang
# q quits within 5 s.
keys hang q
checks=$((checks + 1))
i=0
while ! screen hang | grep -qF "SMTPDBG-EXITED-" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
screen hang | grep -qF "SMTPDBG-EXITED-0" ||
	fail "q did not end the program within 5 s while the proxy was silent" hang
checks=$((checks + 1))
if [ -s "$work/hang.err" ]; then
	echo "FAIL: window hang wrote to stderr:"
	sed 's/^/  | /' "$work/hang.err" | head -n 20
	failures=$((failures + 1))
fi

badproxy lie
window lie "$port"
wait_for lie "the proxy does not speak SOCKS5"

finish
