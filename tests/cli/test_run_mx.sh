# smtpdbg run --mx: the target is a mail domain. A DNS server (dnsmasq) on
# loopback publishes MX records whose first host is silent (a listener that
# drops every SYN) and whose second is the embedded server; a null MX; an
# implicit MX; MX hosts with no address.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")

expect_out "--mx needs a mail domain" "$SMTPDBG" run --mx 127.0.0.1
expect_status 2 "$SMTPDBG" run --mx '[::1]:25'
expect_status 2 "$SMTPDBG" run --mx --pipe 'sendmail -bs'
expect_status 2 "$SMTPDBG" run --mx unix:/tmp/x.sock

command -v dnsmasq >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
if ! command -v dnsmasq >/dev/null 2>&1; then
	echo "SKIP: dnsmasq is not installed (sh tests/deps.sh test)"
	exit 77
fi
work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

# The silent first MX on 127.0.0.2, the embedded server on 127.0.0.3 on the
# same port (the port of the target applies to every MX host).
python3 "$here/silent_listener.py" 127.0.0.2 "$work/silent.port" &
pids="$pids $!"
i=0
while [ ! -s "$work/silent.port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
port=$(cat "$work/silent.port")
"$SMTPDBG" serve --listen "127.0.0.3:$port" >"$work/serve.log" 2>&1 &
pids="$pids $!"

dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq -k --conf-file=/dev/null --port="$dport" --listen-address=127.0.0.1 --bind-interfaces \
	--no-resolv --no-hosts --pid-file= --local=/test/ \
	--mx-host=mx.test,mx1.mx.test,10 --mx-host=mx.test,mx2.mx.test,20 \
	--host-record=mx1.mx.test,127.0.0.2 --host-record=mx2.mx.test,127.0.0.3 \
	--mx-host=eq.test,mx2.mx.test,10 --mx-host=eq.test,mx1.mx.test,10 \
	--dns-rr=null.test,15,000000 --host-record=implicit.test,127.0.0.3 \
	--mx-host=nowhere.test,a.nowhere.test,10 --mx-host=nowhere.test,b.nowhere.test,20 \
	>"$work/dnsmasq.log" 2>&1 &
pids="$pids $!"
i=0
until "$SMTPDBG" dns --resolver "127.0.0.1:$dport" --timeout 1 null.test >"$work/probe.out" 2>&1 &&
	grep -q "127.0.0.3:$port" "$work/serve.log"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: dnsmasq or serve did not start, or dns fails"; cat "$work"/*.log "$work/probe.out"; exit 1; }
	sleep 0.1
done
mx() { "$SMTPDBG" run --mx --resolver "127.0.0.1:$dport" --timeout 1 --quit-after ehlo "$@"; }

# The first MX is silent: its connect times out, the second is tried, and
# the whole route is shown.
expect_status 0 mx "mx.test:$port"
expect_out "MX of mx.test, in the order tried (lowest preference first, equal ones in random order): 10 mx1.mx.test, 20 mx2.mx.test" mx "mx.test:$port"
expect_out "127.0.0.2:$port: no answer within 1000 ms; trying the next MX host, mx2.mx.test" mx "mx.test:$port"
expect_out "connected to 127.0.0.3:$port" mx "mx.test:$port"
expect_out "session completed" mx "mx.test:$port"

# Equal preferences: random order, both orders seen in 40 tries (the
# chance of one order only is 2 in 2^40).
: >"$work/orders"
n=0
while [ $n -lt 40 ]; do
	mx --json "eq.test:$port" 2>/dev/null | head -1 | grep -o '10 mx[12].mx.test, 10 mx[12]' >>"$work/orders"
	n=$((n + 1))
done
checks=$((checks + 1))
[ "$(sort -u "$work/orders" | wc -l)" -eq 2 ] ||
	{ echo "FAIL: equal preferences not shuffled:"; sort "$work/orders" | uniq -c; failures=$((failures + 1)); }

# Null MX, implicit MX, NXDOMAIN, MX hosts without an address.
expect_status 10 mx "null.test:$port"
expect_out "null.test publishes a null MX (RFC 7505): this domain accepts no mail" mx "null.test:$port"
expect_out "implicit.test has no MX records: trying the domain itself, the implicit MX" mx "implicit.test:$port"
expect_status 0 mx "implicit.test:$port"
expect_status 10 mx "nx.test:$port"
expect_out "the domain nx.test does not exist (NXDOMAIN)" mx "nx.test:$port"
expect_status 10 mx "nowhere.test:$port"
expect_out "trying the next MX host, b.nowhere.test" mx "nowhere.test:$port"
# A resolver that never answers: exit 10 within the timeout, no hang.
python3 "$here/dns_bad_server.py" silent "$work/dns-silent.port" &
pids="$pids $!"
i=0
while [ ! -s "$work/dns-silent.port" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
expect_status 10 "$SMTPDBG" run --mx --resolver "127.0.0.1:$(cat "$work/dns-silent.port")" --timeout 1 "mx.test:$port"
expect_out "the MX lookup of mx.test failed: no answer within 1000 ms" "$SMTPDBG" run --mx --resolver "127.0.0.1:$(cat "$work/dns-silent.port")" --timeout 1 "mx.test:$port"

finish
