# smtpdbg proxy without the lab: usage errors, the local CA (made once,
# private, printed, rotated, a symbolic link refused), and a client told
# with 421 when the upstream cannot be reached. Needs python3 for the
# client; skips (77) without it.
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is not installed"
	exit 77
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/xdg" LC_ALL=C

expect_status 2 "$SMTPDBG" proxy
expect_out "say which server: smtpdbg proxy --upstream HOST[:PORT]" "$SMTPDBG" proxy
expect_status 2 "$SMTPDBG" proxy --upstream mx.test extra
expect_status 2 "$SMTPDBG" proxy --upstream 'bad/name'
expect_out "--tls-name a b: a host name or an address" "$SMTPDBG" proxy --upstream mx.test --tls-name 'a b'
expect_status 2 "$SMTPDBG" proxy --upstream mx.test --listen 192.0.2.1:2525
expect_out "refusing to listen on 192.0.2.1" "$SMTPDBG" proxy --upstream mx.test --listen 192.0.2.1:2525
expect_status 2 "$SMTPDBG" proxy --upstream mx.test --listen 127.0.0.1:x
expect_out "--allow-remote" "$SMTPDBG" proxy --help

# The CA: made once, 0700/0600, the same on the second run, new when rotated.
"$SMTPDBG" proxy --upstream Mail.Example.ORG:587 --print-ca >"$work/a.pem" 2>"$work/a.err"
expect_status 0 test -s "$work/a.pem"
expect_out "made a local CA for mail.example.org" cat "$work/a.err"
d=$XDG_DATA_HOME/smtpdbg/proxy-ca/mail.example.org
expect_line 700 stat -c %a "$d"
expect_line 600 stat -c %a "$d/ca.key"
"$SMTPDBG" proxy --upstream mail.example.org --print-ca >"$work/b.pem" 2>/dev/null
expect_status 0 cmp -s "$work/a.pem" "$work/b.pem"
expect_status 0 "$SMTPDBG" proxy --upstream mail.example.org --rotate-ca
"$SMTPDBG" proxy --upstream mail.example.org --print-ca >"$work/c.pem" 2>/dev/null
expect_status 1 cmp -s "$work/a.pem" "$work/c.pem"
# A symbolic link where a CA's directory belongs is not followed.
mkdir "$work/elsewhere"
ln -s "$work/elsewhere" "$XDG_DATA_HOME/smtpdbg/proxy-ca/evil.test"
expect_status 19 "$SMTPDBG" proxy --upstream evil.test --print-ca
expect_out "symbolic link" "$SMTPDBG" proxy --upstream evil.test --print-ca
expect_status 0 test ! -e "$work/elsewhere/ca.key"
# A key others may read is refused.
chmod 644 "$d/ca.key"
expect_status 19 "$SMTPDBG" proxy --upstream mail.example.org --print-ca
chmod 600 "$d/ca.key"

# An upstream nobody answers on: the mail program gets 421 with the reason.
"$SMTPDBG" proxy --listen 127.0.0.1:0 --upstream 127.0.0.1:1 --timeout 5 >"$work/p.out" 2>&1 &
pid=$!
i=0
port=
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/^proxying 127\.0\.0\.1:\([0-9]*\) to .*/\1/p' "$work/p.out" 2>/dev/null)
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
python3 - "$port" >"$work/client.out" 2>&1 <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
data = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    data += b
print(data.decode(errors="replace"))
PY
kill -INT "$pid"
wait "$pid"
expect_status 0 test $? -eq 0
pid=
expect_out "421 4.4.1 proxy: cannot reach the server:" cat "$work/client.out"
expect_out "cannot reach the server" cat "$work/p.out"
finish
