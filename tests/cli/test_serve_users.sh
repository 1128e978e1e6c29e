# serve --users FILE and the options of a classroom server, through the real
# binary, without a client: a users file is read like a private key (a
# regular file of one's own, no link followed, closed to group and others),
# every bad line is named FILE:LINE, and nothing listens until all is well.
# --allow-remote is refused in the config file; the limits are checked.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
users=$tmp/users
# The users file is read before any port is opened; a file that passes
# ends at the listen address, which is refused without --allow-remote.
serve() { "$SMTPDBG" serve --listen 192.0.2.1:2525 "$@"; }

printf '# class 3b\nalice:wonderland\nbob:b:c\n' >"$users"
chmod 644 "$users"
expect_status 2 serve --users "$users"
expect_out "--users $users: group or others may read or write it (chmod 600 would fix it)" \
	serve --users "$users"
chmod 640 "$users"
expect_out "chmod 600 would fix it" serve --users "$users"
chmod 620 "$users"
expect_out "chmod 600 would fix it" serve --users "$users"
chmod 600 "$users"
ln -s "$users" "$tmp/link"
expect_status 2 serve --users "$tmp/link"
expect_out "it is a symbolic link, which smtpdbg does not follow" serve --users "$tmp/link"
mkdir "$tmp/dir"
expect_out "Is a directory" serve --users "$tmp/dir"
mkfifo "$tmp/fifo"
chmod 600 "$tmp/fifo"
expect_out "not a regular file" timeout 5 "$SMTPDBG" serve --listen 192.0.2.1:2525 \
	--users "$tmp/fifo"
expect_out "No such file or directory" serve --users "$tmp/none"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$tmp/big"
chmod 600 "$tmp/big"
expect_out "it is too large" serve --users "$tmp/big"
: >"$tmp/empty"
chmod 600 "$tmp/empty"
expect_out "no account in it" serve --users "$tmp/empty"
if [ "$(id -u)" -eq 0 ]; then
	# someone else's file, even a private one, is refused
	cp "$users" "$tmp/foreign"
	chown 65534 "$tmp/foreign"
	chmod 600 "$tmp/foreign"
	expect_out "it belongs to another user" serve --users "$tmp/foreign"
fi

# Bad lines: each named, nothing starts.
printf 'alice:ok\nno colon\n:x\ny:\n carol:x\nalice:again\nMax Mustermann:other\n' >"$tmp/bad"
chmod 600 "$tmp/bad"
expect_status 2 serve --users "$tmp/bad"
expect_out "$tmp/bad:2: no ':' between name and password" serve --users "$tmp/bad"
expect_out "$tmp/bad:3: the name is empty" serve --users "$tmp/bad"
expect_out "$tmp/bad:4: the password is empty" serve --users "$tmp/bad"
expect_out "$tmp/bad:5: the name begins or ends with a space" serve --users "$tmp/bad"
expect_out "$tmp/bad:6: this name was given on line 1 already" serve --users "$tmp/bad"
# The tutorial's account stays and cannot be given a second password.
printf 'Max Mustermann:other\n' >"$tmp/max"
chmod 600 "$tmp/max"
expect_out '"Max Mustermann" is the personality'"'"'s own account already' \
	serve --users "$tmp/max"
expect_out "refusing to listen on 192.0.2.1" serve --users "$tmp/max" --personality rfc-example
# A file name with escapes is shown escaped.
esc=$tmp/$(printf 'x\033]0;t\007')
cp "$users" "$esc"
chmod 644 "$esc"
expect_no_out "$(printf '\033')" serve --users "$esc"
# open-relay offers no AUTH: said, not refused
expect_out "the personality open-relay offers no AUTH" serve --users "$users" \
	--personality open-relay

# Limits: values are checked.
expect_status 2 "$SMTPDBG" serve --max-message 100
expect_out "--max-message: at least 1K" "$SMTPDBG" serve --max-message 100
expect_status 2 "$SMTPDBG" serve --max-line 100
expect_status 2 "$SMTPDBG" serve --max-auth-failures 0
expect_status 2 "$SMTPDBG" serve --max-connect-rate x
# Each session holds a descriptor: a --max-clients the process cannot keep
# is refused at start (and not met by accept() failing in a loop later).
expect_out "--max-clients 90 needs 122 file descriptors; this process may open 100" \
	sh -c 'ulimit -n 100 && exec "$0" serve --max-clients 90' "$SMTPDBG"
for o in --allow-remote --users --max-clients --max-per-address --max-connect-rate \
	--idle-timeout --max-session --min-rate --max-line --max-message --max-recipients \
	--max-auth-failures; do
	expect_out -- "$o" "$SMTPDBG" serve --help
done

# --allow-remote weakens safety: not from the config file; the limits may.
mkdir -p "$XDG_CONFIG_HOME/smtpdbg"
printf '[serve]\nallow-remote = true\n' >"$XDG_CONFIG_HOME/smtpdbg/config"
expect_status 2 "$SMTPDBG" serve --listen 192.0.2.1:2525
expect_out "config:2: 'allow-remote' is not allowed here" "$SMTPDBG" serve
printf '[serve]\nmax-per-address = 3\nmax-message = 2M\nusers = %s\nlisten = 127.0.0.1:0\n' \
	"$users" >"$XDG_CONFIG_HOME/smtpdbg/config"

# Started for real (loopback, --allow-remote): the warning once, the
# accounts counted, no password of the file printed.
"$SMTPDBG" serve --allow-remote >"$tmp/serve.log" 2>&1 &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q "accounts from" "$tmp/serve.log"; do
	sleep 0.1
	i=$((i + 1))
done
kill "$pid"
wait "$pid"
pid=
log() { cat "$tmp/serve.log"; }
expect_out "REACHABLE FROM THE NETWORK (--allow-remote)" log
expect_out "Its accounts are fake" log
expect_out "It never relays and never delivers" log
expect_out "3 from one address" log
expect_out "messages of 2097152 bytes" log
expect_out "and 2 accounts from $users (their passwords are not shown)" log
expect_out 'user "Max Mustermann", password "IchbinkeinSpammer"' log
expect_no_out "wonderland" log
checks=$((checks + 1))
if [ "$(grep -c 'REACHABLE' "$tmp/serve.log")" -ne 1 ]; then
	echo "FAIL: the warning is said once"
	failures=$((failures + 1))
fi

finish
