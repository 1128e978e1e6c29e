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

serve_start "$work/serve.log"
T="127.0.0.1:$port"

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
run_keep drop 0 --drop-after ehlo "$T"
out_has drop.out "S: 250 AUTH"
out_has drop.out "closing the connection without QUIT (--drop-after ehlo)"
out_lacks drop.out "C: QUIT"
session_log drop.log
out_has drop.log "connection closed: the client closed the connection"
out_lacks drop.log "C: QUIT"

# --drop-after-send data: the message's "." goes out, its reply is not awaited.
run_keep dropsend 0 --drop-after-send data --from a@b.example --to x@server.com "$T"
out_has dropsend.out "C: ."
out_has dropsend.out "closing the connection without QUIT (--drop-after-send data)"
out_lacks dropsend.out "S: 250 2.0.0"
out_lacks dropsend.out "C: QUIT"
session_log dropsend.log
out_has dropsend.log "C: ."
out_lacks dropsend.log "C: QUIT"

# --drop-after-send mail: MAIL is the last thing sent.
run_keep dropmail 0 --drop-after-send mail --from a@b.example --to x@server.com "$T"
out_has dropmail.out "C: MAIL FROM:<a@b.example>"
out_lacks dropmail.out "C: RCPT"
out_lacks dropmail.out "S: 250 2.1.0"

# --quiet: the result line alone; the error on stderr; --output gets it all.
run_keep quiet 0 --quiet --from a@b.example --to x@server.com --output "$work/quiet.tr" "$T"
lines quiet.out 1
out_has quiet.out "session completed"
out_has quiet.tr "MAIL FROM:<a@b.example>"
out_has quiet.tr "250 2.0.0 Ok"
run_keep quietjson 0 --quiet --json --from a@b.example --to x@server.com "$T"
lines quietjson.out 1
out_has quietjson.out '"type":"result","stage":"quit","exit":0'

# Some recipients refused (the tutorial server relays for nobody): 18.
run_keep partial 18 --from a@b.example --to x@server.com --to c@foreign.example "$T"
out_has partial.err "refused: c@foreign.example (554)"
out_has partial.out "refused: c@foreign.example (554)"
run_keep partialjson 18 --quiet --json --from a@b.example --to x@server.com --to c@foreign.example "$T"
out_has partialjson.out '"type":"result","stage":"rcpt","exit":18'
# ... and every one refused is still the rcpt stage's 16.
run_keep allrefused 16 --from a@b.example --to c@foreign.example "$T"

# A script that ends with its own QUIT: no second QUIT.
printf 'NOOP\nQuit\n' >"$work/script"
run_keep script 0 --script "$work/script" "$T"
checks=$((checks + 1))
n=$(grep -ci '^C: QUIT' "$work/script.out")
[ "$n" -eq 1 ] || { echo "FAIL: $n QUIT lines, want 1"; failures=$((failures + 1)); }

# Usage errors, before anything is sent.
run_keep both 2 --quit-after ehlo --drop-after ehlo "$T"
out_has both.err "choose one of --quit-after, --drop-after and --drop-after-send"
run_keep banner 2 --drop-after-send banner "$T"
run_keep tls 2 --drop-after-send tls "$T"
out_has tls.err "--drop-after-send tls needs --starttls"
run_keep implicit 2 --drop-after-send tls --tls "$T"
run_keep auth 2 --drop-after auth "$T"
out_has auth.err "--drop-after auth needs --auth"

finish
