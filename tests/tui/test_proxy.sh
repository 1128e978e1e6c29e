# smtpdbg proxy on a terminal: the live view of serve --watch, fed by the
# proxy. swaks sends through it to the lab's Postfix (STARTTLS, AUTH
# LOGIN); the list shows the session and its user, the transcript both TLS
# legs, the decoded user name and the password masked until S; q stops
# it, exit 0. Run by ctest as: sh test_proxy.sh PATH-TO-SMTPDBG. Needs root
# (the lab), tmux and swaks; skips with 77 otherwise.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

need_tmux
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
if ! command -v swaks >/dev/null 2>&1; then
	echo "skipped: swaks is not installed (sh tests/deps.sh test)"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work"
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
state=$work/lab
mkdir "$state"
sock=$work/tmux.sock
cleanup() {
	tm kill-server >/dev/null 2>&1
	sh "$lab/stop.sh" "$state" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE # the lab must not outlive a killed test
if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/lab.env"
export XDG_DATA_HOME="$work/xdg"
"$SMTPDBG" proxy --upstream "localhost:$LAB_SUBMISSION_PORT" --print-ca >"$work/ca.pem" 2>/dev/null

# A free port for the proxy: bound and released by Python, then taken.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cmd="env XDG_DATA_HOME='$XDG_DATA_HOME' LANG=C.UTF-8 TERM=xterm-256color '$SMTPDBG' proxy \
     --listen 127.0.0.1:$port --upstream localhost:$LAB_SUBMISSION_PORT --cafile '$LAB_CAFILE' \
     2>'$work/p.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
tui_window p "$cmd" 140 45
wait_for p "Watching the proxy: mail programs connect to 127.0.0.1:$port"
wait_for p "listening"

swaks --server "localhost:$port" --tls --tls-verify --tls-ca-path "$work/ca.pem" \
	--auth LOGIN --auth-user "$LAB_USER" --auth-password "$LAB_PASSWORD" \
	--from "$LAB_USER" --to "$LAB_USER" --header "Subject: tui-proxy" >"$work/swaks.out" 2>&1
checks=$((checks + 1))
[ $? -eq 0 ] || { echo "FAIL: swaks through the proxy: $(tail -n 5 "$work/swaks.out")"; failures=$((failures + 1)); }

wait_for p "$LAB_USER"
wait_for p "0 open, 1 closed"
# The transcript from its start: both TLS legs, then the login.
keys p Tab
keys p g
wait_for p "TLS with the server:"
wait_for p "verification: passed"
wait_for p "TLS with the mail program: TLSv1."
keys p G
wait_for p "= $LAB_USER"
wait_for p "= Password:"
checks=$((checks + 1))
if screen p | grep -qF -- "$LAB_PASSWORD"; then
	fail "the password shows before S" p
fi
keys p S
wait_for p "SECRETS SHOWN: the mail program's password is on the screen now"
keys p S
wait_for p "passwords masked"
keys p q
wait_for p "SMTPDBG-EXITED-0"
checks=$((checks + 1))
if [ -s "$work/p.err" ]; then
	echo "FAIL: the proxy wrote to stderr:"
	sed 's/^/  | /' "$work/p.err"
	failures=$((failures + 1))
fi
finish
