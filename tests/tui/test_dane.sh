# DANE in the interactive mode, in a private tmux server: the embedded
# server (strict-submission, STARTTLS with a certificate made at its
# start) behind a name that dnsmasq publishes with a TLSA 3 1 1 record of
# that certificate's key, unsigned. After a typed STARTTLS the screen shows
# the TLSA records before the handshake and, after it, "matching, but NOT
# validated" (never "DANE OK"); with --dane require the session ends
# before the handshake. No root: loopback only.
# Run by ctest as: sh test_dane.sh PATH-TO-SMTPDBG. Needs tmux, dnsmasq
# and openssl; skips with 77 otherwise.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
start() { tui_start "$@"; }
line() { line_taken "$@"; }

need_tmux
command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
if ! command -v dnsmasq >/dev/null 2>&1; then
	echo "SKIP: dnsmasq is not installed (sh tests/deps.sh test)"
	exit 77
fi
work=$(mktemp -d)
sock=$work/tmux.sock
pids=
trap 'tm kill-server >/dev/null 2>&1; for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"

serve_start "$work/serve.log" --personality strict-submission
pids="$pids $pid"
# The server's key, as run --show-chain shows the certificate.
"$SMTPDBG" run --starttls --insecure --show-chain --quit-after tls "127.0.0.1:$port" |
	sed -n 's/^  # //; /BEGIN CERT/,/END CERT/p' >"$work/cert.pem"
hash=$(openssl x509 -in "$work/cert.pem" -noout -pubkey | openssl pkey -pubin -outform DER |
	openssl dgst -sha256 -binary | od -An -tx1 -v | tr -d ' \n')
[ ${#hash} -eq 64 ] || { echo "FAIL: could not read the server's certificate"; exit 1; }

dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq -k --conf-file=/dev/null --port="$dport" --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --pid-file= --local=/test/ \
	--host-record=mx.dane.test,127.0.0.1 \
	--dns-rr="_$port._tcp.mx.dane.test,52,030101$hash" >"$work/dnsmasq.log" 2>&1 &
pids="$pids $!"
i=0
until "$SMTPDBG" dns --resolver "127.0.0.1:$dport" --timeout 1 dane.test >/dev/null 2>&1 ||
	[ $i -gt 100 ]; do
	i=$((i + 1))
	sleep 0.1
done


# Wide enough that the notes are not cut; the certificate is self-signed,
# so --insecure lets the WebPKI check pass and DANE is only reported.
start auto "mx.dane.test:$port" --resolver "127.0.0.1:$dport" --insecure
tm resize-window -t "tui:auto" -x 250 -y 60 2>/dev/null
wait_for auto "220 "
line auto "EHLO x"
wait_for auto "250 "
line auto "STARTTLS"
wait_for auto "DANE: 1 TLSA record at _$port._tcp.mx.dane.test, NOT validated by DNSSEC"
wait_for auto "TLSA present and matching, but NOT validated by DNSSEC"
wait_for auto "TLS is up: send EHLO again"
not_on_screen auto "DANE OK"

start req "mx.dane.test:$port" --resolver "127.0.0.1:$dport" --insecure --dane require
tm resize-window -t "tui:req" -x 250 -y 60 2>/dev/null
wait_for req "220 "
line req "EHLO x"
wait_for req "250 "
line req "STARTTLS"
wait_for req "--dane require: TLSA present"
not_on_screen req "TLS is up"

finish
