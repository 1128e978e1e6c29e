# smtpdbg run --mx: the target is a mail domain. A DNS server (dnsmasq) on
# loopback publishes MX records whose first host is silent (a listener that
# drops every SYN) and whose second is the embedded server; a null MX; an
# implicit MX; MX hosts with no address (the set-up: mx_lab.sh).
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")

expect_out "--mx needs a mail domain" "$SMTPDBG" run --mx 127.0.0.1
expect_status 2 "$SMTPDBG" run --mx '[::1]:25'
expect_status 2 "$SMTPDBG" run --mx --pipe 'sendmail -bs'
expect_status 2 "$SMTPDBG" run --mx unix:/tmp/x.sock

work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
. "$here/mx_lab.sh"
mx_lab_start
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
