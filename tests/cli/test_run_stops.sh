# run's stops and quiet output against the embedded server on loopback:
# --drop-after and --drop-after-send close without QUIT (the server's log
# says the client closed), --quiet prints the result line alone, a partial
# refusal exits 18 and names the refused recipient, a script's own QUIT
# gets no second one.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"

"$SMTPDBG" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
pid=$!
i=0
port=
while [ $i -lt 100 ] && [ -z "$port" ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; cat "$work/serve.log"; exit 1; }
T="127.0.0.1:$port"

# run NAME WANT ARGS...: one run, stdout and stderr kept apart.
run() {
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run --timeout 10 "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 20
		failures=$((failures + 1))
	fi
}
has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1" || { echo "FAIL: $1 lacks '$2'"; failures=$((failures + 1)); }
}
lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1"; then
		echo "FAIL: $1 has '$2'"
		failures=$((failures + 1))
	fi
}
lines() { # FILE N: FILE has N lines
	checks=$((checks + 1))
	n=$(wc -l <"$work/$1")
	[ "$n" -eq "$2" ] || { echo "FAIL: $1 has $n lines, want $2"; sed 's/^/  | /' "$work/$1"
		failures=$((failures + 1)); }
}
# the server's log of the session that has just ended (the last one)
session_log() {
	sleep 0.3
	id=$(sed -n 's/^\[\([0-9]*\)\]   # connection from .*/\1/p' "$work/serve.log" | tail -n 1)
	grep "^\[$id\]" "$work/serve.log" >"$work/$1"
}

# --drop-after: the reply, then the connection closed without QUIT.
run drop 0 --drop-after ehlo "$T"
has drop.out "S: 250 AUTH"
has drop.out "closing the connection without QUIT (--drop-after ehlo)"
lacks drop.out "C: QUIT"
session_log drop.log
has drop.log "connection closed: the client closed the connection"
lacks drop.log "C: QUIT"

# --drop-after-send data: the message's "." goes out, its reply is not awaited.
run dropsend 0 --drop-after-send data --from a@b.example --to x@server.com "$T"
has dropsend.out "C: ."
has dropsend.out "closing the connection without QUIT (--drop-after-send data)"
lacks dropsend.out "S: 250 2.0.0"
lacks dropsend.out "C: QUIT"
session_log dropsend.log
has dropsend.log "C: ."
lacks dropsend.log "C: QUIT"

# --drop-after-send mail: MAIL is the last thing sent.
run dropmail 0 --drop-after-send mail --from a@b.example --to x@server.com "$T"
has dropmail.out "C: MAIL FROM:<a@b.example>"
lacks dropmail.out "C: RCPT"
lacks dropmail.out "S: 250 2.1.0"

# --quiet: the result line alone; the error on stderr; --output gets it all.
run quiet 0 --quiet --from a@b.example --to x@server.com --output "$work/quiet.tr" "$T"
lines quiet.out 1
has quiet.out "session completed"
has quiet.tr "MAIL FROM:<a@b.example>"
has quiet.tr "250 2.0.0 Ok"
run quietjson 0 --quiet --json --from a@b.example --to x@server.com "$T"
lines quietjson.out 1
has quietjson.out '"type":"result","stage":"quit","exit":0'

# Some recipients refused (the tutorial server relays for nobody): 18.
run partial 18 --from a@b.example --to x@server.com --to c@foreign.example "$T"
has partial.err "refused: c@foreign.example (554)"
has partial.out "refused: c@foreign.example (554)"
run partialjson 18 --quiet --json --from a@b.example --to x@server.com --to c@foreign.example "$T"
has partialjson.out '"type":"result","stage":"rcpt","exit":18'
# ... and every one refused is still the rcpt stage's 16.
run allrefused 16 --from a@b.example --to c@foreign.example "$T"

# A script that ends with its own QUIT: no second QUIT.
printf 'NOOP\nQuit\n' >"$work/script"
run script 0 --script "$work/script" "$T"
checks=$((checks + 1))
n=$(grep -ci '^C: QUIT' "$work/script.out")
[ "$n" -eq 1 ] || { echo "FAIL: $n QUIT lines, want 1"; failures=$((failures + 1)); }

# Usage errors, before anything is sent.
run both 2 --quit-after ehlo --drop-after ehlo "$T"
has both.err "choose one of --quit-after, --drop-after and --drop-after-send"
run banner 2 --drop-after-send banner "$T"
run tls 2 --drop-after-send tls "$T"
has tls.err "--drop-after-send tls needs --starttls"
run implicit 2 --drop-after-send tls --tls "$T"
run auth 2 --drop-after auth "$T"
has auth.err "--drop-after auth needs --auth"

finish
