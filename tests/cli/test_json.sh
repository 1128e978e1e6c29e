# JSON Lines: every event type that run and relay-test print, against the
# embedded server on loopback, checked against docs/json-lines.schema.json;
# secrets masked as in every face ("AUTH PLAIN ********").
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
schema=$here/../../docs/json-lines.schema.json

if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed to read the JSON"
	exit 77
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"

nserve=0
serve() {
	# A new log each time: an old one would give the old port.
	nserve=$((nserve + 1))
	log=$work/serve$nserve.log
	: >"$log"
	"$SMTPDBG" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
	pid=$!
	i=0
	port=
	while [ $i -lt 100 ] && [ -z "$port" ]; do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log")
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || { echo "FAIL: the server did not start"; cat "$log"; exit 1; }
}

stop() {
	kill -TERM "$pid"
	wait "$pid"
	pid=
}

# json NAME WANT-EXIT ARGS...: one run --json, its output kept.
json() {
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" "$@" >"$work/$name.jsonl" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		tail -n 20 "$work/$name.jsonl" "$work/$name.err" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}

has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1.jsonl" || { echo "FAIL: $1 lacks $2"; failures=$((failures + 1)); }
}

lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$work/$1.jsonl" || { echo "FAIL: $1 contains $2"; failures=$((failures + 1)); }
}

pw=IchbinkeinSpammer
export PW=$pw
serve --personality strict-submission
json plain 0 run --json --timeout 10 --starttls --insecure --auth PLAIN --user 'Max Mustermann' \
	--password-env PW --from a@example.org --to b@example.org "127.0.0.1:$port"
has plain '"line":"AUTH PLAIN ********","secret":true'
lacks plain "$(printf '\0Max Mustermann\0%s' "$pw" | base64)"
lacks plain "$pw"
has plain '"type":"result","stage":"quit","exit":0'
has plain '"type":"tls","version":"TLSv1.3"'
has plain '"kind":"meaning"'
has plain '"enhanced":"2.7.0"'
json login 0 run --json --timeout 10 --starttls --insecure --auth LOGIN --user 'Max Mustermann' \
	--password-env PW --quit-after auth "127.0.0.1:$port"
has login '"line":"********","secret":true'
has login '"decoded":"Username:"'
lacks login "$(printf '%s' "$pw" | base64)"
stop
serve
json cram 0 run --json --timeout 10 --explain-auth --auth CRAM-MD5 --user 'Max Mustermann' \
	--password-env PW --quit-after auth "127.0.0.1:$port"
has cram '"kind":"calc"'
has cram '"type":"caps","keywords":['
has cram '"auth":["CRAM-MD5"'
# A command out of order: the engine notes the client's violation.
printf 'RCPT TO:<b@example.org>\r\nQUIT\r\n' >"$work/script"
json violation 0 run --json --timeout 10 --script "$work/script" "127.0.0.1:$port"
has violation '"type":"violation","by":"client"'
stop
# The server closes: after one failed login it answers 421 and hangs up.
serve --personality tutorial --max-auth-failures 1
WRONG=nope json closed 14 run --json --timeout 10 --auth PLAIN --user 'Max Mustermann' \
	--password-env WRONG --allow-plaintext-auth "127.0.0.1:$port"
has closed '"type":"closed"'
has closed '"type":"result","stage":"auth","exit":14'
stop
json refused 10 run --json --timeout 5 "127.0.0.1:$port"
has refused '"type":"result","stage":"connect","exit":10'

serve --personality open-relay
json relay 3 relay-test --json --timeout 10 "127.0.0.1:$port"
has relay '"type":"verdict"'
stop

checks=$((checks + 1))
if ! python3 "$here/json_check.py" "$schema" "$work"/*.jsonl >"$work/check.out"; then
	echo "FAIL: JSON Lines do not match docs/json-lines.schema.json:"
	sed 's/^/  | /' "$work/check.out"
	failures=$((failures + 1))
fi
# Every event type of the schema was seen at least once.
for t in reply sent state caps starttls auth violation closed tls result connect mechanism try message \
	verdict; do
	checks=$((checks + 1))
	grep -q " $t\( \|$\)" "$work/check.out" ||
		{ echo "FAIL: no '$t' event was checked"; failures=$((failures + 1)); }
done

finish
