# --mx in the interactive mode, in a private tmux server: the target is a
# mail domain whose first MX host refuses the connection; the screen
# shows the route, the refusal and the next host tried (as run says it),
# then the greeting of the second MX host, the embedded server; STARTTLS
# asks for the TLSA records of the MX host's name (RFC 7672), not the
# domain's. A null MX is said on the screen, and nothing is connected. A
# resolver that never answers does not freeze the screen.
# The zone and the servers: tests/cli/mx_lab.sh. No root: loopback only.
# Run by ctest as: sh test_mx.sh PATH-TO-SMTPDBG. Needs tmux, python3 and
# dnsmasq; skips with 77 otherwise.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"

need_tmux
work=$(mktemp -d)
sock=$work/tmux.sock
pids=
trap 'tm kill-server >/dev/null 2>&1; for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"
. "$(dirname "$0")/../cli/mx_lab.sh"
mx_lab_start --personality strict-submission

start() {
	name=$1; shift
	cmd="env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	tui_window "$name" "$cmd" 250 60
}
not_on_screen() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		fail "window $1 shows '$2'" "$1"
	fi
}

start mx "refuse.test:$port" --mx --resolver "127.0.0.1:$dport" --timeout 5 --insecure
wait_for mx "MX of refuse.test, in the order tried (lowest preference first, equal ones in random order): 10 refused.mx.test, 20 mx2.mx.test"
wait_for mx "127.0.0.4:$port: Connection refused; trying the next MX host, mx2.mx.test"
wait_for mx "connected to 127.0.0.3:$port"
wait_for mx "220 smtp.server.com"
line mx "EHLO x"
wait_for mx "STARTTLS"
line mx "STARTTLS"
wait_for mx "_$port._tcp.mx2.mx.test"
not_on_screen mx "_$port._tcp.refuse.test"
wait_for mx "TLS is up"
keys mx ":quit" Enter
wait_for mx "(y/n)"
keys mx y
clean_exit mx

start null "null.test:$port" --mx --resolver "127.0.0.1:$dport" --timeout 5
wait_for null "null.test publishes a null MX (RFC 7505): this domain accepts no mail"
not_on_screen null "connected to"

# A resolver that never answers: the MX lookup runs in the loop, so the
# help opens and q quits at once, long before the 60 s deadline.
python3 "$(dirname "$0")/../cli/dns_bad_server.py" silent "$work/dns-silent.port" &
pids="$pids $!"
i=0
while [ ! -s "$work/dns-silent.port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
start slow "mx.test:$port" --mx --resolver "127.0.0.1:$(cat "$work/dns-silent.port")" --timeout 60
wait_for slow "smtp>"
keys slow BTab
keys slow "?"
wait_for slow "smtpdbg help"
keys slow Escape
keys slow q
clean_exit slow
not_on_screen slow "connected to"

finish
