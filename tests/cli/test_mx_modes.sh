# --mx in every connecting mode but run (test_run_mx.sh): relay-test tests
# the second MX host when the first is silent and names it, proxy passes a
# mail program (python smtplib) through to the embedded server found by
# the MX record, a null MX is the connect stage's failure (exit 10) with
# the reason, and --mx with an address, unix: or --pipe is a usage error
# in every mode. The zone and the servers: mx_lab.sh.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is not installed"
	exit 77
fi

# Bad input, in every mode (the interactive one checks before it wants a
# terminal).
for mode in run relay-test; do
	expect_status 2 "$SMTPDBG" $mode --mx 127.0.0.1
	expect_out "--mx needs a mail domain (a name of at most 253 characters), not '127.0.0.1'" \
		"$SMTPDBG" $mode --mx 127.0.0.1
	expect_status 2 "$SMTPDBG" $mode --mx '[::1]:25'
	expect_status 2 "$SMTPDBG" $mode --mx unix:/tmp/x.sock
	expect_out "--mx needs a mail domain, not --pipe or unix:" "$SMTPDBG" $mode --mx unix:/tmp/x.sock
	expect_status 2 "$SMTPDBG" $mode --mx --pipe 'sendmail -bs'
	expect_out "--mx needs a mail domain, not --pipe or unix:" "$SMTPDBG" $mode --mx --pipe 'sendmail -bs'
done
# The interactive mode: the target comes first (smtpdbg HOST [OPTIONS]).
expect_status 2 "$SMTPDBG" 127.0.0.1 --mx
expect_out "--mx needs a mail domain (a name of at most 253 characters), not '127.0.0.1'" \
	"$SMTPDBG" 127.0.0.1 --mx
expect_status 2 "$SMTPDBG" '[::1]:25' --mx
expect_status 2 "$SMTPDBG" unix:/tmp/x.sock --mx
expect_out "--mx needs a mail domain, not --pipe or unix:" "$SMTPDBG" unix:/tmp/x.sock --mx
expect_status 2 "$SMTPDBG" proxy --mx --upstream 192.0.2.7:25
expect_out "--mx needs a mail domain (a name of at most 253 characters), not '192.0.2.7'" \
	"$SMTPDBG" proxy --mx --upstream 192.0.2.7:25
expect_status 2 "$SMTPDBG" proxy --mx --upstream '[2001:db8::1]'
expect_status 2 "$SMTPDBG" proxy --mx --upstream unix:/tmp/x.sock
# --mx is in every mode's help.
for mode in run relay-test proxy; do
	expect_out "--mx" "$SMTPDBG" $mode --help
done
expect_out "--mx" "$SMTPDBG" example.org --help

work=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/xdg"
. "$here/mx_lab.sh"
mx_lab_start --personality open-relay

# relay-test: the first MX is silent, the second (an open relay) is tested
# and named.
rt() { "$SMTPDBG" relay-test --mx --resolver "127.0.0.1:$dport" --timeout 1 "$@"; }
rt "mx.test:$port" >"$work/rt.out" 2>"$work/rt.err"
expect_line 3 echo $?
expect_out "MX of mx.test, in the order tried (lowest preference first, equal ones in random order): 10 mx1.mx.test, 20 mx2.mx.test" cat "$work/rt.out"
expect_out "127.0.0.2:$port: no answer within 1000 ms; trying the next MX host, mx2.mx.test" cat "$work/rt.out"
expect_out "connected to 127.0.0.3:$port" cat "$work/rt.out"
expect_out "tested the MX host mx2.mx.test" cat "$work/rt.out"
expect_out "verdict: open relay" cat "$work/rt.out"
expect_out '"mx_host":"mx2.mx.test"' rt --json "mx.test:$port"
# A null MX, NXDOMAIN: the connect stage, exit 10, the reason on stderr.
expect_status 10 rt "null.test:$port"
expect_out "smtpdbg relay-test: failed at the connect stage: null.test publishes a null MX (RFC 7505): this domain accepts no mail" \
	rt "null.test:$port"
expect_out "verdict: inconclusive" rt "null.test:$port"
expect_out '"tested":false' rt --json "null.test:$port"
expect_status 10 rt "nx.test:$port"
expect_out "the domain nx.test does not exist (NXDOMAIN)" rt "nx.test:$port"

# proxy: the upstream is the mail domain; each session tries its MX hosts
# in turn (here the refusing one first).
"$SMTPDBG" proxy --listen 127.0.0.1:0 --upstream "refuse.test:$port" --mx \
	--resolver "127.0.0.1:$dport" --timeout 2 >"$work/p.out" 2>&1 &
pids="$pids $!"
i=0
pport=
while [ -z "$pport" ] && [ $i -lt 100 ]; do
	pport=$(sed -n 's/^proxying 127\.0\.0\.1:\([0-9]*\) to .*/\1/p' "$work/p.out" 2>/dev/null)
	[ -n "$pport" ] || sleep 0.1
	i=$((i + 1))
done
expect_out "MX of refuse.test, in the order tried (lowest preference first, equal ones in random order): 10 refused.mx.test, 20 mx2.mx.test" cat "$work/p.out"
python3 - "$pport" >"$work/client.out" 2>&1 <<'PY'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20)
code, msg = s.ehlo("client.test")
print("EHLO", code)
print("NOOP", s.noop()[0])
s.quit()
PY
expect_out "EHLO 250" cat "$work/client.out"
expect_out "NOOP 250" cat "$work/client.out"
i=0
while ! grep -q "connected to the server 127.0.0.3:$port" "$work/p.out" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_out "trying the next MX host, mx2.mx.test" cat "$work/p.out"
expect_out "connected to the server 127.0.0.3:$port" cat "$work/p.out"
# The embedded server saw the session that came through the proxy.
expect_out "C: ehlo client.test" cat "$work/serve.log"
# The first MX host silent: the session waits its timeout, then the next.
"$SMTPDBG" proxy --listen 127.0.0.1:0 --upstream "mx.test:$port" --mx \
	--resolver "127.0.0.1:$dport" --timeout 1 >"$work/p2.out" 2>&1 &
pids="$pids $!"
i=0
pport=
while [ -z "$pport" ] && [ $i -lt 100 ]; do
	pport=$(sed -n 's/^proxying 127\.0\.0\.1:\([0-9]*\) to .*/\1/p' "$work/p2.out" 2>/dev/null)
	[ -n "$pport" ] || sleep 0.1
	i=$((i + 1))
done
python3 - "$pport" >"$work/client2.out" 2>&1 <<'PY'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20)
print("EHLO", s.ehlo("second.test")[0])
s.quit()
PY
expect_out "EHLO 250" cat "$work/client2.out"
expect_out "trying the next MX host, mx2.mx.test" cat "$work/p2.out"
expect_out "C: ehlo second.test" cat "$work/serve.log"
# A null MX: refused at start, exit 10, before any mail program connects.
expect_status 10 "$SMTPDBG" proxy --listen 127.0.0.1:0 --upstream "null.test:$port" --mx \
	--resolver "127.0.0.1:$dport" --timeout 1
expect_out "smtpdbg proxy: null.test publishes a null MX (RFC 7505): this domain accepts no mail" \
	"$SMTPDBG" proxy --listen 127.0.0.1:0 --upstream "null.test:$port" --mx \
	--resolver "127.0.0.1:$dport" --timeout 1

finish
