# smtpdbg relay-test against real servers (the lab's Postfix MX, its open
# relay, Exim) and against scripted ones (greylisting, accept-all, a drop).
# Run by ctest as: sh test_relay_test.sh PATH-TO-SMTPDBG
# Needs root and the lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work" # the servers run as other users and must reach the lab
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
state=$work/lab
mkdir "$state"
hpid=
trap '[ -n "$hpid" ] && kill "$hpid" 2>/dev/null; sh "$lab/stop.sh" "$state" >/dev/null 2>&1; rm -rf "$work"' EXIT
if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/lab.env"
H=127.0.0.1

# rt NAME WANT-EXIT ARGS...: run smtpdbg relay-test, keep its output in $work/NAME.out
rt() {
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" relay-test "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 25
		failures=$((failures + 1))
	fi
}

# has FILE TEXT / lacks FILE TEXT: FILE contains TEXT, or does not
has() {
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: $1 lacks '$2'"
		failures=$((failures + 1))
	fi
}
lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$1"; then
		echo "FAIL: $1 contains '$2'"
		failures=$((failures + 1))
	fi
}

# equal WHAT GOT WANT
equal() {
	checks=$((checks + 1))
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: got '$2', want '$3'"
		failures=$((failures + 1))
	fi
}

# What the servers hold: Maildir files and queued messages of both MTAs.
stored() {
	find "$LAB_STATEDIR/mail" "$LAB_STATEDIR/postfix/queue/incoming" \
		"$LAB_STATEDIR/postfix/queue/active" "$LAB_STATEDIR/postfix/queue/deferred" \
		"$LAB_STATEDIR/postfix/queue/hold" "$LAB_STATEDIR/postfix/queue/maildrop" \
		"$LAB_STATEDIR/exim/spool/input" -type f 2>/dev/null | wc -l
}
before=$(stored)

# 1. The MX port refuses every trick: not an open relay, exit 0.
rt mx 0 "$H:$LAB_MX_PORT"
o=$work/mx.out
has "$o" "verdict: not an open relay"
has "$o" "Relay access denied"
has "$o" "  # try 1/11: plain foreign sender and recipient"
has "$o" "C: RCPT TO:<relaytest%example.net@postfix.lab.test>"
has "$o" "C: RCPT TO:<relaytest%example.net@[127.0.0.1]>"
has "$o" "C: MAIL FROM:<>"
has "$o" "C: RSET"
has "$o" "C: QUIT"
lacks "$o" "C: DATA"
lacks "$o" "C: AUTH"
has "$o" "5.7.1 Delivery not authorized"
equal "RSET count" "$(grep -c '^C: RSET$' "$o")" 10

# 2. The deliberate open relay: open relay, exit 3, with its caveats.
rt open 3 "$H:$LAB_OPENRELAY_PORT"
o=$work/open.out
has "$o" "verdict: open relay"
has "$o" "accept-then-bounce"
has "$o" "recipient checks deferred to DATA"
has "$o" "tested from inside"
lacks "$o" "C: DATA"

# 3. Exim refuses too.
rt exim 0 "$H:$LAB_EXIM_PORT"
has "$work/exim.out" "verdict: not an open relay"
has "$work/exim.out" "550 relay not permitted"

# 4. QUIT before DATA: nothing was queued or delivered anywhere.
equal "files in the lab's Maildirs and queues" "$(stored)" "$before"

# 5. STARTTLS first, verified against the lab's CA.
rt mx-tls 0 --starttls --cafile "$LAB_CAFILE" "$H:$LAB_MX_PORT"
has "$work/mx-tls.out" "TLSv1."
has "$work/mx-tls.out" "verdict: not an open relay"
rt mx-tls-unverified 13 --starttls "$H:$LAB_MX_PORT"
has "$work/mx-tls-unverified.out" "verdict: inconclusive"
has "$work/mx-tls-unverified.err" "failed at the tls stage"

# 6. --quiet: the tries and the verdict, no protocol lines.
rt quiet 3 --quiet "$H:$LAB_OPENRELAY_PORT"
has "$work/quiet.out" "try 11/11: accepted at RCPT"
has "$work/quiet.out" "verdict: open relay"
lacks "$work/quiet.out" "S: "
lacks "$work/quiet.out" "C: "

# 7. --json: JSON Lines, ending in the verdict object.
rt json 0 --json "$H:$LAB_MX_PORT"
checks=$((checks + 1))
if ! python3 -c 'import json,sys
objs = [json.loads(l) for l in open(sys.argv[1])]
v = objs[-1]
assert v["type"] == "verdict" and v["verdict"] == "not an open relay" and v["exit"] == 0, v
assert len(v["tries"]) == 11 and all(t["result"] == "refused" for t in v["tries"]), v
assert any(o.get("type") == "try" for o in objs)' "$work/json.out"; then
	echo "FAIL: --json output"; failures=$((failures + 1))
fi

# 8. --domain and --from/--to are used as given.
rt domain 0 --quiet --domain lab.test --from a@outside.example --to b@foreign.example \
	"$H:$LAB_MX_PORT"
has "$work/domain.out" "RCPT TO:<b%foreign.example@lab.test>"
has "$work/domain.out" "MAIL FROM:<a@lab.test>"

# 9. --data through the open relay: labelled messages arrive in the
# foreign-domain Maildir (what a real server would have sent on).
to="relaytest-$$@example.net"
rt data 3 --quiet --data --to "$to" "$H:$LAB_OPENRELAY_PORT"
has "$work/data.out" "accepted after the message"
checks=$((checks + 1))
i=0
until grep -qsF "To: <$to>" "$LAB_MAILDIR_POSTFIX_RELAYED"/new/*; do
	i=$((i + 1))
	if [ $i -ge 600 ]; then # 60 s: a bound against a hang, not a latency
		echo "FAIL: no relayed test message to $to"; failures=$((failures + 1)); break
	fi
	sleep 0.1
done
grep -lsF "To: <$to>" "$LAB_MAILDIR_POSTFIX_RELAYED"/new/* | head -n 1 >"$work/msg"
[ -s "$work/msg" ] && has "$(cat "$work/msg")" "X-Smtpdbg-Test: open-relay"

# 10. Scripted servers.
# wait_port WHAT: wait for the server just started ($hpid) to write its port
# to $work/port. Python can take seconds to start on a loaded machine: the
# 60 s bound only guards against a server that never starts, which fails.
wait_port() {
	i=0
	while [ ! -s "$work/port" ] && [ $i -lt 600 ] && kill -0 "$hpid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -s "$work/port" ]; then
		echo "FAIL: $1 did not start"
		sed 's/^/  | /' "$work/hostile.log" "$work/plus.log" 2>/dev/null | tail -n 20
		failures=$((failures + 1))
	fi
}
hostile() { # hostile SCENARIO: start it; sets $port and $hpid
	rm -f "$work/port"
	python3 "$here/hostile.py" "$1" "$work/port" >"$work/hostile.log" 2>&1 &
	hpid=$!
	wait_port "$1"
	port=$(cat "$work/port" 2>/dev/null || echo 1)
}
stop_hostile() { kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null; hpid=; }

hostile relay-greylist
rt greylist 4 "$H:$port"
has "$work/greylist.out" "verdict: inconclusive"
has "$work/greylist.out" "11 tries were deferred with a temporary error (4xx)"
has "$work/greylist.out" "greylisting"
stop_hostile

hostile relay-acceptall
rt acceptall 3 "$H:$port"
has "$work/acceptall.out" "verdict: open relay"
has "$work/acceptall.out" "RCPT TO:<relaytest%example.net@mx.relay.test>"
stop_hostile

hostile relay-dropmail
rt dropmail 4 --output "$work/dropmail.transcript" "$H:$port"
# The transcript file, explained again by replay.
o=$work/dropmail.replayed
"$SMTPDBG" replay --text "$work/dropmail.transcript" >"$o"
has "$work/dropmail.transcript" "smtpdbg-transcript 1"
has "$o" "S: 220 mx.relay.test ESMTP"
has "$o" "C: MAIL FROM:<relaytest@example.com>"
has "$o" "C: RCPT TO:<relaytest@example.net>"
has "$o" "connection closed"
has "$o" "verdict: inconclusive"
has "$o" "10 of 11 tries were not made"
stop_hostile

# Escape sequences in every reply never reach the output raw.
hostile escapes
rt escapes 3 "$H:$port"
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$work/escapes.out"; then
	echo "FAIL: a control byte reached the output"; failures=$((failures + 1))
fi
has "$work/escapes.out" '\x1b[2J'
stop_hostile

# 11. Nothing listening: the connect stage.
rt refused 10 --timeout 5 "$H:1"
has "$work/refused.err" "failed at the connect stage"

finish
