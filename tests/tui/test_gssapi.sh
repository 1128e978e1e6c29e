# :auth GSSAPI in the interactive mode, in a real terminal (tmux), against
# the Kerberos corner of the lab (tests/lab/gssapi.sh: an MIT KDC, Dovecot's
# GSSAPI behind Postfix): after kinit the exchange reaches 235, the tokens
# are masked on screen and S shows them; the explanation names the
# principal, the service ticket and the security layer.
# Needs root and the lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"

need_tmux
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)
work=$(mktemp -d)
chmod 755 "$work"
sock=$work/tmux.sock
state=$work/lab
mkdir "$state"
cleanup() {
	tm kill-server >/dev/null 2>&1
	sh "$lab/gssapi.sh" stop "$state" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
if ! sh "$lab/gssapi.sh" start "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/gss.env"
cc=$work/cc
echo "$GSS_PASSWORD" | KRB5_CONFIG=$KRB5_CONFIG KRB5CCNAME=FILE:$cc kinit "$GSS_USER" >/dev/null ||
	{ echo "FAIL: kinit"; echo "0 passed, 1 failed"; exit 1; }

shows() { w=$1; shift; for t in "$@"; do wait_for "$w" "$t"; done; }
hides() {
	checks=$((checks + 1))
	if screen "$1" | grep -qE -- "$2"; then
		echo "FAIL: window $1 shows /$2/"
		screen "$1" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}

w=gss
cmd="env HOME='$work' XDG_STATE_HOME='$work/st' LANG=C.UTF-8 TERM=xterm-256color \
     KRB5_CONFIG='$KRB5_CONFIG' KRB5CCNAME='FILE:$cc' '$SMTPDBG' '127.0.0.1:$GSS_PORT' \
     --no-tls --gss-host '$GSS_HOST' 2>'$work/$w.err'; \
     echo SMTPDBG-EXITED-\$?; sleep 600"
tui_window $w "$cmd"
wait_for $w "220 "
line $w "EHLO me"
wait_for $w "250-AUTH GSSAPI PLAIN"
line $w ":auth GSSAPI"
wait_for $w "235 2.7.0"
# The client's tokens: masked; an AP-REQ starts "YII" in Base64.
hides $w "C: YII|AUTH GSSAPI YII"
wait_for $w "********"
# The explanation of the last client line (the wrapped security-layer
# answer), one up from the 235.
keys $w Escape
keys $w k
shows $w "Explain: line" "security layer negotiation" "offered layers: 0x01" \
	"no password crossed the wire"
keys $w S
wait_for $w "secrets shown"
shows $w "bytes: 05 04"
keys $w S
wait_for $w "secrets masked"
keys $w q
wait_for $w "(y/n)"
keys $w y
clean_exit $w

finish
