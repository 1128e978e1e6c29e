# smtpdbg serve, driven by smtpdbg run and by Python's smtplib, on loopback.
# Run by ctest as: sh test_serve.sh PATH-TO-SMTPDBG. Needs no root.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed for the smtplib client"
	exit 77
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# serve NAME ARGS...: start a server on a free port; sets $pid and $port.
serve() {
	name=$1; shift
	: >"$work/$name.log" # there before the first look at it
	"$SMTPDBG" serve --listen 127.0.0.1:0 "$@" >"$work/$name.log" 2>&1 &
	pid=$!
	i=0
	port=
	while [ $i -lt 100 ] && [ -z "$port" ]; do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/$name.log")
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$port" ]; then
		echo "FAIL: $name: the server did not start"
		cat "$work/$name.log"
		exit 1
	fi
}

# stop NAME: SIGTERM, which must end the server cleanly (exit 0).
stop() {
	checks=$((checks + 1))
	kill -TERM "$pid"
	wait "$pid"
	got=$?
	pid=
	if [ "$got" -ne 0 ]; then
		echo "FAIL: $1: serve exited $got after SIGTERM"
		failures=$((failures + 1))
	fi
}

# run NAME WANT-EXIT ARGS...: smtpdbg run against the server.
run() {
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run --timeout 10 "$@" "127.0.0.1:$port" >"$work/$name.out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" | tail -n 25
		failures=$((failures + 1))
	fi
}

# has FILE TEXT / lacks FILE TEXT
has() {
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1"; then
		echo "FAIL: $1 lacks '$2'"
		sed 's/^/  | /' "$work/$1" | tail -n 30
		failures=$((failures + 1))
	fi
}
lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1"; then
		echo "FAIL: $1 contains '$2'"
		failures=$((failures + 1))
	fi
}

smtplib() {
	checks=$((checks + 1))
	if ! python3 "$here/serve_smtplib.py" "$1" "$port" >"$work/py-$1.out" 2>&1; then
		echo "FAIL: smtplib against $1"
		sed 's/^/  | /' "$work/py-$1.out" | tail -n 20
		failures=$((failures + 1))
	fi
}

export P=IchbinkeinSpammer W=wrong
seed_user='Max Mustermann'

# --- tutorial: the seed's table -------------------------------------------
serve tutorial
run login 0 --auth LOGIN --user "$seed_user" --password-env P --allow-plaintext-auth \
	--from max@client.test --to friend@elsewhere.test
has login.out "S: 220 smtp.server.com ESMTP Postfix"
has login.out "S: 250 AUTH CRAM-MD5 LOGIN PLAIN"
has login.out "S: 334 VXNlcm5hbWU6"
has login.out "C: TWF4IE11c3Rlcm1hbm4="
has login.out "S: 334 UGFzc3dvcmQ6"
has login.out "S: 250-smtp.server.com Guten Tag"
has login.out "S: 235 OK"
run cram 0 --auth CRAM-MD5 --user "$seed_user" --password-env P --quit-after auth
has cram.out "S: 235 OK"
run wrong 14 --auth PLAIN --user "$seed_user" --password-env W --allow-plaintext-auth
has wrong.out "535 5.7.8"
run relay 16 --from spam@invented.test --to victim@elsewhere.test
has relay.out "554 5.7.1 <victim@elsewhere.test>: Relay access denied"
smtplib tutorial
stop tutorial
has tutorial.log "[1] C: TWF4IE11c3Rlcm1hbm4="
has tutorial.log "[1] S: 334 UGFzc3dvcmQ6"
has tutorial.log "[1] C: ********"
has tutorial.log "message of"
lacks tutorial.log "SWNoYmlua2VpblNwYW1tZXI="
has tutorial.log "stopping"

# --- strict-submission: STARTTLS, then AUTH ---------------------------------
serve strict --personality strict-submission
run strict-tls 0 --starttls --insecure --auth PLAIN --user "$seed_user" --password-env P \
	--from max@client.test --to friend@elsewhere.test
has strict-tls.out "S: 250-AUTH PLAIN LOGIN CRAM-MD5"
has strict-tls.out "S: 235 2.7.0 Authentication successful"
run strict-clear 14 --auth PLAIN --user "$seed_user" --password-env P --allow-plaintext-auth
run strict-relay 16 --starttls --insecure --from a@invented.test --to b@elsewhere.test
has strict-relay.out "554 5.7.1"
run strict-local 0 --starttls --insecure --from a@invented.test --to max@server.com
smtplib strict-submission
stop strict
has strict.log "TLS established"
has strict.log "[1] C: AUTH PLAIN ********"

# --- submission: a port 587, TLS before anything, AUTH before MAIL ------------
serve sub --personality submission
run sub-clear 15 --from max@server.com --to max@server.com
has sub-clear.out "S: 530 5.7.0 Must issue a STARTTLS command first"
run sub-noauth 15 --starttls --insecure --from max@server.com --to max@server.com
has sub-noauth.out "S: 530 5.7.0 Authentication required"
run sub-tls 0 --starttls --insecure --auth PLAIN --user "$seed_user" --password-env P \
	--from max@server.com --to friend@elsewhere.test
has sub-tls.out "S: 235 2.7.0 Authentication successful"
smtplib submission
stop sub

# --- open-relay: the seed's warning ---------------------------------------
serve open --personality open-relay --hostname relay.lesson.test
run open 0 --from nobody@invented.test --to victim@elsewhere.test
has open.out "S: 220 relay.lesson.test ESMTP Postfix"
has open.out "S: 250 2.1.5 Ok"
smtplib open-relay
stop open

# --- many clients at once, and one too many ---------------------------------
serve busy --max-clients 20 --max-per-address 0
checks=$((checks + 1))
if ! python3 - "$port" >"$work/busy.out" 2>&1 <<'PY'
import smtplib, socket, sys
port = int(sys.argv[1])
held = [smtplib.SMTP("127.0.0.1", port, timeout=10) for _ in range(20)]
for i, s in enumerate(held):  # all twenty are served, interleaved
    assert s.ehlo("c%d" % i)[0] == 250
extra = socket.create_connection(("127.0.0.1", port), timeout=10)
greeting = extra.makefile("rb").readline()
assert greeting.startswith(b"421 4.7.0"), greeting
for s in held:
    assert s.noop()[0] == 250
    s.quit()
PY
then
	echo "FAIL: twenty clients at once, the 21st refused"
	sed 's/^/  | /' "$work/busy.out"
	failures=$((failures + 1))
fi
stop busy
has busy.log "refused: 20 sessions run, as many as --max-clients allows (421)"

# --- refusals ---------------------------------------------------------------
expect_status 2 "$SMTPDBG" serve --listen 192.0.2.1:2525
expect_out "loopback only" "$SMTPDBG" serve --listen 0.0.0.0:2525
expect_out "loopback only" "$SMTPDBG" serve --listen '[::]:2525'
expect_status 2 "$SMTPDBG" serve --personality nonesuch
expect_out "strict-submission" "$SMTPDBG" serve --list-personalities
expect_out "--max-clients" "$SMTPDBG" serve --help

finish
