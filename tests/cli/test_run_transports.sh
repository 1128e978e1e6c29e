# run to a unix socket (a forwarder in front of the embedded server) and to
# a local MTA over --pipe (a stdio SMTP fixture): the session, the peer in
# the transcript, the command's stderr and exit status, and the errors.
# The real local MTA (Postfix's sendmail -bs) is in tests/integration.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed for the fixtures"
	exit 77
fi
work=$(mktemp -d)
pid= fpid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$fpid" ] && kill "$fpid" 2>/dev/null
	rm -rf "$work"' EXIT
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

# A unix socket that forwards each connection to the server.
sock=$work/smtp.sock
python3 - "$sock" "$port" <<'PY' &
import socket, sys, threading
path, port = sys.argv[1], int(sys.argv[2])
srv = socket.socket(socket.AF_UNIX)
srv.bind(path)
srv.listen(8)
def pump(a, b):
    while True:
        d = a.recv(65536)
        if not d:
            break
        b.sendall(d)
    try:
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass
while True:
    c, _ = srv.accept()
    t = socket.create_connection(("127.0.0.1", port))
    threading.Thread(target=pump, args=(c, t), daemon=True).start()
    threading.Thread(target=pump, args=(t, c), daemon=True).start()
PY
fpid=$!
i=0
while [ $i -lt 100 ] && [ ! -S "$sock" ]; do sleep 0.1; i=$((i + 1)); done

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
	if grep -qF -- "$2" "$work/$1"; then echo "FAIL: $1 has '$2'"; failures=$((failures + 1)); fi
}

# --- unix:/path ---------------------------------------------------------------
run unix 0 --from a@b.example --to x@server.com --output "$work/unix.tr" "unix:$sock"
has unix.out "connected to unix:$sock"
has unix.out "S: 250 2.0.0 Ok"
has unix.tr "@peer unix:$sock"
run unixrel 2 "unix:smtp.sock"
has unixrel.err "unix: needs an absolute path"
run unixnone 10 "unix:$work/nothing.sock"
has unixnone.err "No such file or directory"
run unixtls 2 --starttls "unix:$sock"
has unixtls.err "add --insecure"
run unix4 2 -4 "unix:$sock"

# --- --pipe ---------------------------------------------------------------------
run pipe 0 --pipe "python3 $here/stdio_mta.py 0" --from a@b.example --to c@d.example \
	--output "$work/pipe.tr"
has pipe.out "connected to the command python3 $here/stdio_mta.py 0"
has pipe.out "stdio-mta: ready"
has pipe.out "S: 250 2.0.0 Ok: queued as STDIO1"
has pipe.out "stdio-mta: done"
has pipe.out "the command exited with status 0"
lacks pipe.out "through /bin/sh"
has pipe.tr "@peer pipe:python3 $here/stdio_mta.py 0"
# its exit status is reported; the session's outcome stays the exit code
run pipe3 0 --pipe "python3 $here/stdio_mta.py 3" --quit-after ehlo
has pipe3.out "the command exited with status 3"
# shell syntax: through /bin/sh; here its stderr goes elsewhere
run pipesh 0 --pipe "python3 $here/stdio_mta.py 0 2>/dev/null" --quit-after ehlo
has pipesh.out "(through /bin/sh)"
lacks pipesh.out "stdio-mta: ready"
# JSON: the command's lines are notes of their own
run pipejson 0 --json --pipe "python3 $here/stdio_mta.py 0" --quit-after ehlo
has pipejson.out '"type":"stderr","text":"stdio-mta: ready"'
has pipejson.out '"type":"pipe","text":"the command exited with status 0"'
checks=$((checks + 1))
python3 "$here/json_check.py" "$here/../../docs/json-lines.schema.json" "$work/pipejson.out" \
	>"$work/check.out" 2>&1 || { echo "FAIL: --pipe --json does not match the schema"
	sed 's/^/  | /' "$work/check.out"; failures=$((failures + 1)); }
# errors
run pipenone 10 --pipe "no-such-mta-$$ -bs"
has pipenone.err "cannot run no-such-mta-$$"
run pipetarget 2 --pipe "sendmail -bs" 127.0.0.1:25
has pipetarget.err "--pipe replaces HOST[:PORT]"
run pipetls 2 --pipe "sendmail -bs" --starttls
has pipetls.err "no TLS"
run pipequote 2 --pipe "sendmail 'oops"
run pipeempty 2 --pipe ""
mkdir -p "$XDG_CONFIG_HOME/smtpdbg"
printf 'pipe = sendmail -bs\n' >"$XDG_CONFIG_HOME/smtpdbg/config"
chmod 600 "$XDG_CONFIG_HOME/smtpdbg/config"
run pipeconf 2 127.0.0.1:25
has pipeconf.err "pipe"
rm "$XDG_CONFIG_HOME/smtpdbg/config"

finish
