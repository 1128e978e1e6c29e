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

serve_start "$work/serve.log"

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


# --- unix:/path ---------------------------------------------------------------
run_keep unix 0 --from a@b.example --to x@server.com --output "$work/unix.tr" "unix:$sock"
out_has unix.out "connected to unix:$sock"
out_has unix.out "S: 250 2.0.0 Ok"
out_has unix.tr "@peer unix:$sock"
run_keep unixrel 2 "unix:smtp.sock"
out_has unixrel.err "unix: needs an absolute path"
run_keep unixnone 10 "unix:$work/nothing.sock"
out_has unixnone.err "No such file or directory"
run_keep unixtls 2 --starttls "unix:$sock"
out_has unixtls.err "add --insecure"
run_keep unix4 2 -4 "unix:$sock"

# --- --pipe ---------------------------------------------------------------------
run_keep pipe 0 --pipe "python3 $here/stdio_mta.py 0" --from a@b.example --to c@d.example \
	--output "$work/pipe.tr"
out_has pipe.out "connected to the command python3 $here/stdio_mta.py 0"
out_has pipe.out "stdio-mta: ready"
out_has pipe.out "S: 250 2.0.0 Ok: queued as STDIO1"
out_has pipe.out "stdio-mta: done"
out_has pipe.out "the command exited with status 0"
out_lacks pipe.out "through /bin/sh"
out_has pipe.tr "@peer pipe:python3 $here/stdio_mta.py 0"
# its exit status is reported; the session's outcome stays the exit code
run_keep pipe3 0 --pipe "python3 $here/stdio_mta.py 3" --quit-after ehlo
out_has pipe3.out "the command exited with status 3"
# shell syntax: through /bin/sh; here its stderr goes elsewhere
run_keep pipesh 0 --pipe "python3 $here/stdio_mta.py 0 2>/dev/null" --quit-after ehlo
out_has pipesh.out "(through /bin/sh)"
out_lacks pipesh.out "stdio-mta: ready"
# JSON: the command's lines are notes of their own
run_keep pipejson 0 --json --pipe "python3 $here/stdio_mta.py 0" --quit-after ehlo
out_has pipejson.out '"type":"stderr","text":"stdio-mta: ready"'
out_has pipejson.out '"type":"pipe","text":"the command exited with status 0"'
checks=$((checks + 1))
python3 "$here/json_check.py" "$here/../../docs/json-lines.schema.json" "$work/pipejson.out" \
	>"$work/check.out" 2>&1 || { echo "FAIL: --pipe --json does not match the schema"
	sed 's/^/  | /' "$work/check.out"; failures=$((failures + 1)); }
# errors
run_keep pipenone 10 --pipe "no-such-mta-$$ -bs"
out_has pipenone.err "cannot run no-such-mta-$$"
run_keep pipetarget 2 --pipe "sendmail -bs" 127.0.0.1:25
out_has pipetarget.err "--pipe replaces HOST[:PORT]"
run_keep pipetls 2 --pipe "sendmail -bs" --starttls
out_has pipetls.err "no TLS"
run_keep pipequote 2 --pipe "sendmail 'oops"
run_keep pipeempty 2 --pipe ""
mkdir -p "$XDG_CONFIG_HOME/smtpdbg"
printf 'pipe = sendmail -bs\n' >"$XDG_CONFIG_HOME/smtpdbg/config"
chmod 600 "$XDG_CONFIG_HOME/smtpdbg/config"
run_keep pipeconf 2 127.0.0.1:25
out_has pipeconf.err "pipe"
rm "$XDG_CONFIG_HOME/smtpdbg/config"

# --- --lmtp ------------------------------------------------------------------
# An SMTP server (the embedded one) does not know LHLO, and LMTP has no HELO
# to fall back to: the hello stage fails. (Dovecot's LMTP is in tests/integration.)
run_keep lmtpsmtp 12 --lmtp --from a@b.example --to x@server.com "unix:$sock"
out_has lmtpsmtp.out "C: LHLO "
out_lacks lmtpsmtp.out "C: HELO"
out_lacks lmtpsmtp.out "C: EHLO"
# Port 24 when none is given (whether or not anything listens there).
"$SMTPDBG" run --lmtp --timeout 2 --quit-after connect 127.0.0.1 >"$work/lmtp24.out" 2>&1
out_has lmtp24.out "127.0.0.1:24"
# relay-test: an LMTP server relays nothing.
checks=$((checks + 1))
"$SMTPDBG" relay-test --lmtp 127.0.0.1 >"$work/lmtprelay.out" 2>&1
[ $? -eq 2 ] || { echo "FAIL: relay-test --lmtp is not a usage error"; failures=$((failures + 1)); }
out_has lmtprelay.out "relays nothing"

finish
