# smtpdbg relay-test: usage errors, and the verdicts against the embedded
# server's personalities on loopback (no root needed).
. "$(dirname "$0")/lib.sh"

expect_status 0 "$SMTPDBG" relay-test --help
expect_out "Exit status: 0 not an open relay; 3 open relay; 4 inconclusive" "$SMTPDBG" relay-test --help
expect_status 2 "$SMTPDBG" relay-test
expect_status 2 "$SMTPDBG" relay-test --bogus 127.0.0.1
expect_status 2 "$SMTPDBG" relay-test --starttls --tls 127.0.0.1
expect_out "plain addresses" "$SMTPDBG" relay-test --to nodomain 127.0.0.1
expect_status 2 "$SMTPDBG" relay-test --from '<a@b.example>' 127.0.0.1
expect_status 2 "$SMTPDBG" relay-test --to 'a b@c.example' 127.0.0.1
expect_out "--domain must be a host name" "$SMTPDBG" relay-test --domain 'x>y' 127.0.0.1
expect_status 2 "$SMTPDBG" relay-test --timeout 0 127.0.0.1
expect_status 2 "$SMTPDBG" relay-test 127.0.0.1 127.0.0.2

work=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$work"' EXIT

# serve PERSONALITY: start the embedded server on a free port; sets $port.
# The wait only guards against a server that never starts (60 s: a
# sanitizer build on a loaded machine can take seconds).
# Each server logs to a file of its own: reading the previous server's log,
# not yet truncated by the new one's redirection, would give its old port.
nserve=0
serve() {
	nserve=$((nserve + 1))
	log=$work/serve.$nserve.log
	"$SMTPDBG" serve --personality "$1" --listen 127.0.0.1:0 >"$log" 2>&1 &
	spid=$!
	port=
	i=0
	while [ -z "$port" ] && [ $i -lt 1200 ] && kill -0 "$spid" 2>/dev/null; do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log" 2>/dev/null)
		[ -n "$port" ] || sleep 0.05
		i=$((i + 1))
	done
	if [ -z "$port" ]; then
		echo "FAIL: serve --personality $1 did not start:"
		sed 's/^/  | /' "$log"
		failures=$((failures + 1))
		finish
		exit 1
	fi
}
unserve() { kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; spid=; }

serve open-relay
expect_status 3 "$SMTPDBG" relay-test --quiet "127.0.0.1:$port"
unserve
serve open-relay
expect_out "verdict: open relay" "$SMTPDBG" relay-test --quiet "127.0.0.1:$port"
unserve

# Relays only for authenticated clients: never called an open relay.
serve strict-submission
expect_no_out "verdict: open relay" "$SMTPDBG" relay-test --quiet "127.0.0.1:$port"
unserve

finish
