# The path to the server against real components: Dante (SOCKS5) and
# tinyproxy (HTTP CONNECT) started here, the lab's Postfix behind them, its
# haproxy port for the PROXY protocol (Postfix logs the client address it
# took from the header), XCLIENT on the lab's xclient port (Postfix logs the
# client it was told about), --local-address (Postfix logs that one too), and
# proxies that refuse, lie or hang: each a clear message and exit 10
# within the timeout.
# Run by ctest as: sh test_path.sh PATH-TO-SMTPDBG. Needs root, the lab's
# packages and dante-server, tinyproxy (sh tests/deps.sh test).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
for p in /usr/sbin/danted /usr/bin/tinyproxy; do
	if [ ! -x "$p" ]; then
		echo "FAIL: $p is missing: sh tests/deps.sh test"
		exit 1
	fi
done
work=$(mktemp -d)
chmod 755 "$work"
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
state=$work/lab
mkdir "$state"
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; sh "$lab/stop.sh" "$state" >/dev/null 2>&1; rm -rf "$work"' EXIT
if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/lab.env"
H=127.0.0.1
MX=$LAB_MX_PORT
DANTE=$((MX + 8))
TINY=$((MX + 9))
BAD=$((MX + 10))
maillog=$LAB_STATEDIR/postfix/maillog

# wait_port PORT: something listens there within 10 s
wait_port() {
	python3 -c '
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$1"
}

# --- Dante: no authentication, connects only to 127.0.0.0/8 ---------------
printf '%s\n' "logoutput: $work/danted.log" "internal: 127.0.0.1 port = $DANTE" \
	"external: 127.0.0.1" "socksmethod: none" "clientmethod: none" \
	"user.privileged: root" "user.unprivileged: nobody" \
	"client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }" \
	"socks pass {" "from: 127.0.0.0/8 to: 127.0.0.0/8" "command: connect" "log: connect" "}" \
	"socks block {" "from: 0.0.0.0/0 to: 0.0.0.0/0" "log: connect" "}" >"$work/danted.conf"
/usr/sbin/danted -f "$work/danted.conf" -p "$work/danted.pid" </dev/null >"$work/danted.out" 2>&1 &
pids="$pids $!"
# --- tinyproxy: Basic authentication ---------------------------------------
touch "$work/tinyproxy.log"
chown nobody "$work/tinyproxy.log"
printf '%s\n' "Port $TINY" "Listen 127.0.0.1" "Timeout 30" "MaxClients 10" "Allow 127.0.0.1" \
	"BasicAuth tester proxy-Secret-31" "LogFile \"$work/tinyproxy.log\"" "User nobody" \
	"Group nogroup" >"$work/tinyproxy.conf"
tinyproxy -d -c "$work/tinyproxy.conf" </dev/null >"$work/tinyproxy.out" 2>&1 &
pids="$pids $!"
if ! wait_port "$DANTE" || ! wait_port "$TINY"; then
	cat "$work/danted.out" "$work/tinyproxy.out"
	echo "0 passed, 1 failed"
	exit 1
fi

run() { # run NAME WANT-EXIT ARGS...: never more than 20 s
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	timeout 20 "$SMTPDBG" run "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 25
		failures=$((failures + 1))
	fi
}

has() { # has NAME TEXT
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output lacks '$2'"
		sed 's/^/  | /' "$work/$1.out" "$work/$1.err" | tail -n 8
		failures=$((failures + 1))
	fi
}

lacks() { # lacks NAME TEXT
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output has '$2'"
		failures=$((failures + 1))
	fi
}

logged() { # logged TEXT: in Postfix's log within 5 s
	checks=$((checks + 1))
	i=0
	while ! grep -qF -- "$1" "$maillog"; do
		i=$((i + 1))
		if [ $i -gt 50 ]; then
			echo "FAIL: Postfix did not log '$1'"
			grep smtpd "$maillog" | tail -n 5 | sed 's/^/  | /'
			failures=$((failures + 1))
			return
		fi
		sleep 0.1
	done
}

mail="--from $LAB_USER --to $LAB_USER"

# --- SOCKS5 through Dante ----------------------------------------------------
# socks5h: the name goes to the proxy, which resolves it.
run socks5h 0 $mail --proxy "socks5h://$H:$DANTE" "localhost:$MX"
has socks5h "connected to the socks5h proxy $H:$DANTE"
has socks5h "the SOCKS proxy connected to localhost port $MX"
has socks5h "via the proxy $H:$DANTE"
has socks5h "S: 220 postfix.lab.test"
has socks5h "session completed"
# socks5: a literal address, sent as one.
run socks5 0 $mail --proxy "socks5://$H:$DANTE" "$H:$MX"
has socks5 "the SOCKS proxy connected to $H port $MX"
run socks5-name 2 $mail --proxy "socks5://$H:$DANTE" "localhost:$MX"
has socks5-name "use socks5h://"
# Dante's rules refuse anything outside 127.0.0.0/8: code 2, named.
run socks-refused 10 $mail --timeout 5 --proxy "socks5h://$H:$DANTE" "192.0.2.1:25"
has socks-refused "failed at the connect stage"
has socks-refused "not allowed by the proxy's rules (code 2)"
# No proxy there at all.
run socks-down 10 $mail --proxy "socks5h://$H:$BAD" "$H:$MX"
has socks-down "Connection refused"

# --- HTTP CONNECT through tinyproxy -------------------------------------------
run http-noauth 10 $mail --proxy "http://$H:$TINY" "$H:$MX"
has http-noauth "407"
has http-noauth "--proxy-user"
PROXYPW=proxy-Secret-31 run http-auth 0 $mail --proxy "http://$H:$TINY" --proxy-user tester \
	--proxy-password-env PROXYPW "$H:$MX"
has http-auth "the HTTP proxy opened a tunnel to $H port $MX (200)"
has http-auth "session completed"
lacks http-auth "proxy-Secret-31"
lacks http-auth "warning"
run http-url 0 $mail --proxy "http://tester:proxy-Secret-31@$H:$TINY" "$H:$MX"
has http-url "warning: the proxy's password in --proxy can be seen"
run http-badpw 10 $mail --proxy "http://tester:wrong@$H:$TINY" "$H:$MX"
has http-badpw "the HTTP proxy refused the tunnel: HTTP/1.0 401 Unauthorized"
run pw-unset 2 $mail --proxy "http://$H:$TINY" --proxy-user tester \
	--proxy-password-env SMTPDBG_TEST_UNSET_VAR "$H:$MX"
has pw-unset "SMTPDBG_TEST_UNSET_VAR is not set"

# --- ALL_PROXY only with --proxy-env ------------------------------------------
ALL_PROXY="socks5h://$H:$DANTE" run env-ignored 0 $mail "$H:$MX"
lacks env-ignored "proxy"
ALL_PROXY="socks5h://$H:$DANTE" run env-used 0 $mail --proxy-env "$H:$MX"
has env-used "connected to the socks5h proxy $H:$DANTE"
ALL_PROXY="socks5h://$H:$DANTE" NO_PROXY="example.org,127.0.0.1" \
	run env-noproxy 0 $mail --proxy-env "$H:$MX"
lacks env-noproxy "proxy"
ALL_PROXY="ftp://$H:21" run env-bad 2 $mail --proxy-env "$H:$MX"
has env-bad "ALL_PROXY: the proxy must be"

# --- The PROXY protocol: Postfix behind "haproxy" ------------------------------
run pp-v1 0 $mail --proxy-protocol v1 --proxy-source 192.0.2.7:4711 "$H:$LAB_HAPROXY_PORT"
has pp-v1 "sending a PROXY protocol v1 header: the client is 192.0.2.7 port 4711"
logged "postfix/haproxy/smtpd"
logged "connect from unknown[192.0.2.7]"
run pp-v2 0 $mail --proxy-protocol v2 --proxy-source 198.51.100.9:2525 "$H:$LAB_HAPROXY_PORT"
logged "connect from unknown[198.51.100.9]"
# Without --proxy-source the header names this connection's own address.
run pp-own 0 $mail --proxy-protocol v2 "$H:$LAB_HAPROXY_PORT"
has pp-own "the client is 127.0.0.1 port"
# Through the SOCKS proxy too: the header goes through the tunnel.
run pp-socks 0 $mail --proxy "socks5://$H:$DANTE" --proxy-protocol v1 \
	--proxy-source 203.0.113.5:1234 "$H:$LAB_HAPROXY_PORT"
logged "connect from unknown[203.0.113.5]"
run pp-family 2 $mail --proxy-protocol v1 --proxy-source "[2001:db8::1]:1" "$H:$MX"
has pp-family "must both be IPv4 or both IPv6"
run pp-bad 2 $mail --proxy-protocol v3 "$H:$MX"
has pp-bad "v1 (text) or v2 (binary)"

# --- XCLIENT: Postfix trusts 127.0.0.1 on its xclient port ----------------------
run xclient 0 $mail --xclient 'ADDR=192.0.2.44 NAME=mail.example.org LOGIN=bob' \
	"$H:$LAB_XCLIENT_PORT"
has xclient "C: XCLIENT ADDR=192.0.2.44 NAME=mail.example.org LOGIN=bob"
has xclient "XCLIENT: this client is trusted"
logged "client=mail.example.org[192.0.2.44], sasl_method=XCLIENT, sasl_username=bob"
checks=$((checks + 1))
if [ "$(grep -c '^C: EHLO' "$work/xclient.out")" -ne 2 ]; then
	echo "FAIL: xclient: EHLO was not sent again after XCLIENT's 220"
	failures=$((failures + 1))
fi
# A server that does not offer it: the EHLO stage fails, nothing is sent.
run xclient-none 12 $mail --xclient 'ADDR=192.0.2.44' "$H:$MX"
has xclient-none "the server does not offer XCLIENT"
lacks xclient-none "C: XCLIENT"
lacks xclient-none "C: MAIL"
# Refused by the server (an address that is none): EHLO stage, its reply shown.
run xclient-bad 12 $mail --xclient 'ADDR=nonsense' "$H:$LAB_XCLIENT_PORT"
has xclient-bad "failed at the ehlo stage"
run xclient-usage 2 $mail --xclient 'FOO=1' "$H:$LAB_XCLIENT_PORT"
has xclient-usage "unknown attribute FOO"

# --- smtpdbg proxy's upstream side takes the path options too ------------------
export XDG_DATA_HOME="$work/xdg"
"$SMTPDBG" proxy --listen "$H:$((MX + 11))" --upstream "$H:$LAB_HAPROXY_PORT" \
	--proxy-protocol v2 --proxy-source 192.0.2.99:1111 >"$work/px.out" 2>&1 &
px_pid=$!
pids="$pids $px_pid"
wait_port $((MX + 11))
run via-proxy 0 $mail "$H:$((MX + 11))"
logged "connect from unknown[192.0.2.99]"
kill "$px_pid" 2>/dev/null
wait "$px_pid" 2>/dev/null
checks=$((checks + 1))
if ! grep -qF "sending a PROXY protocol v2 header: the client is 192.0.2.99 port 1111" "$work/px.out"; then
	echo "FAIL: smtpdbg proxy did not say it sent the PROXY header"
	sed 's/^/  | /' "$work/px.out" | head -n 10
	failures=$((failures + 1))
fi

# --- --local-address -----------------------------------------------------------
run local 0 $mail --local-address 127.0.0.9 "$H:$MX"
logged "postfix/mx/smtpd"
logged "connect from unknown[127.0.0.9]"
run local-foreign 10 $mail --local-address 192.0.2.200 "$H:$MX"
has local-foreign "cannot connect from 192.0.2.200"
run local-family 10 $mail --local-address ::1 "$H:$MX"
has local-family "the local address ::1 is not an IPv4 address"
run local-name 2 $mail --local-address localhost "$H:$MX"
has local-name "--local-address is an IP address"

# --- Proxies that misbehave: a clear message, exit 10, no hang ------------------
bad_pid=
bad() { # bad MODE: the fake proxy in that mode on $BAD
	if [ -n "$bad_pid" ]; then
		kill "$bad_pid" 2>/dev/null
		wait "$bad_pid" 2>/dev/null
	fi
	python3 "$here/badproxy.py" "$1" "$BAD" >"$work/bad-$1.log" 2>&1 &
	bad_pid=$!
	pids="$pids $bad_pid"
	wait_port "$BAD"
}
bad hang
run hang-socks 10 $mail --timeout 2 --proxy "socks5h://$H:$BAD" "$H:$MX"
has hang-socks "no answer from the proxy within 2000 ms during the SOCKS greeting"
run hang-http 10 $mail --timeout 2 --proxy "http://$H:$BAD" "$H:$MX"
has hang-http "during the HTTP CONNECT"
bad lie
run lie-socks 10 $mail --proxy "socks5h://$H:$BAD" "$H:$MX"
has lie-socks "the proxy does not speak SOCKS5"
run lie-http 10 $mail --proxy "http://$H:$BAD" "$H:$MX"
has lie-http "the proxy does not answer in HTTP: 220 mx.example ESMTP not a proxy"
bad noauth
run noauth 10 $mail --proxy "socks5h://$H:$BAD" "$H:$MX"
has noauth "the SOCKS proxy wants authentication"
bad close
run close 10 $mail --proxy "socks5h://$H:$BAD" "$H:$MX"
has close "the proxy closed the connection during the SOCKS greeting"
bad half
run half 10 $mail --timeout 2 --proxy "socks5h://$H:$BAD" "$H:$MX"
has half "during the SOCKS connect"

finish
