# smtpdbg serve's explained log and --save-dir, with real clients on
# loopback: Python's smtplib and raw sockets always, curl, swaks and msmtp
# when installed (sh tests/deps.sh test). Every saved file is replayed with
# `smtpdbg replay --text` and must show the session's lines as the log did.
# Run by ctest as: sh test_serve_log.sh PATH-TO-SMTPDBG. Needs no root.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed for the smtplib clients"
	exit 77
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# serve NAME ARGS...: start a server on a free port; sets $pid and $port.
serve() {
	name=$1; shift
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

# students WHAT ARGS...: a client of serve_students.py against the server.
students() {
	checks=$((checks + 1))
	if ! python3 "$here/serve_students.py" "$1" "$port" >"$work/py-$1.out" 2>&1; then
		echo "FAIL: students $1"
		sed 's/^/  | /' "$work/py-$1.out" | tail -n 20
		failures=$((failures + 1))
	fi
}

has() {
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1"; then
		echo "FAIL: $1 lacks '$2'"
		sed 's/^/  | /' "$work/$1" | tail -n 40
		failures=$((failures + 1))
	fi
}
lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1"; then
		echo "FAIL: $1 contains '$2'"
		grep -F -- "$2" "$work/$1" | head -n 5 | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}
# has_seq FILE LINE1 LINE2: LINE2 right after LINE1, somewhere in FILE.
has_seq() {
	checks=$((checks + 1))
	if ! awk -v a="$2" -v b="$3" 'prev == a && $0 == b { found = 1 } { prev = $0 }
		END { exit !found }' "$work/$1"; then
		echo "FAIL: $1 lacks '$2' followed by '$3'"
		failures=$((failures + 1))
	fi
}
check() {
	checks=$((checks + 1))
	if ! eval "$2"; then
		echo "FAIL: $1"
		failures=$((failures + 1))
	fi
}

P=IchbinkeinSpammer
P64=SWNoYmlua2VpblNwYW1tZXI=
PLAIN64=AE1heCBNdXN0ZXJtYW5uAEljaGJpbmtlaW5TcGFtbWVy

# --- a class at once, explained and saved ---------------------------------
mkdir "$work/sessions" && chmod 700 "$work/sessions"
serve class --save-dir "$work/sessions"
students class
students typed
if command -v curl >/dev/null 2>&1; then
	printf 'Subject: curl\r\n\r\nfrom curl\r\n' >"$work/mail.txt"
	checks=$((checks + 1))
	if ! curl -s --max-time 10 "smtp://127.0.0.1:$port" --mail-from max@client.test \
		--mail-rcpt friend@elsewhere.test --user "Max Mustermann:$P" \
		--login-options AUTH=PLAIN -T "$work/mail.txt" >"$work/curl.out" 2>&1; then
		echo "FAIL: curl"
		failures=$((failures + 1))
	fi
fi
if command -v swaks >/dev/null 2>&1; then
	checks=$((checks + 1))
	if ! swaks --server "127.0.0.1:$port" --from max@client.test --to friend@elsewhere.test \
		--auth LOGIN --auth-user "Max Mustermann" --auth-password "$P" \
		--timeout 10 >"$work/swaks.out" 2>&1; then
		echo "FAIL: swaks"
		sed 's/^/  | /' "$work/swaks.out" | tail -n 20
		failures=$((failures + 1))
	fi
fi
if command -v msmtp >/dev/null 2>&1; then
	checks=$((checks + 1))
	if ! printf 'Subject: msmtp\r\n\r\nfrom msmtp\r\n' | msmtp -C /dev/null \
		--host=127.0.0.1 --port="$port" --tls=off --auth=cram-md5 --user="Max Mustermann" \
		--passwordeval="echo $P" --from=max@client.test friend@elsewhere.test \
		>"$work/msmtp.out" 2>&1; then
		echo "FAIL: msmtp"
		sed 's/^/  | /' "$work/msmtp.out" | tail -n 20
		failures=$((failures + 1))
	fi
fi
stop class
log=class.log
has $log "  # every session saved in $work/sessions"
# the sessions' lines, without the banner (which prints the seed's password)
# and without their numbers
grep '^\[' "$work/$log" >"$work/lines"
sed 's/^\[[0-9]*\] //' "$work/lines" >"$work/bare-lines"
has_seq bare-lines "S: 334 VXNlcm5hbWU6" "  # decoded: Username:"
has_seq bare-lines "C: TWF4IE11c3Rlcm1hbm4=" "  # decoded: Max Mustermann"
has_seq bare-lines "C: AUTH PLAIN ********" "  # AUTH  Authenticate"
has_seq bare-lines "C: ********" \
	"  # a secret (the password, or what reveals it), masked; Base64 is an encoding, not encryption"
# decoded Base64: the prompts and the user name
has $log "   # decoded: Username:"
has $log "   # decoded: Password:"
has $log "   # decoded: Max Mustermann"
has $log "   # decoded: <"          # the CRAM-MD5 challenge
# meanings, one line under each line
has $log "   # EHLO  Extended hello"
has $log "   # Answering AUTH: Authenticated"
has $log "   # Answering RCPT: Recipient accepted"
has $log "   # After the message data: Message accepted"
has $log "   # Diagnosis (certain): Authentication failed"
# the password and PLAIN's message masked everywhere
has $log "C: ********"
has $log "C: AUTH PLAIN ********"
lacks lines "$P"
lacks lines "$P64"
lacks lines "$PLAIN64"
# the student who typed the name in clear, and the hostile bytes escaped
has $log "C: Max Mustermann"
has $log "   # ! not valid Base64: the server will reject it with 501"
has $log 'C: NOOP \x1b[2J\x1b]0;pwned\x07'
check "no control byte reached the log" "python3 '$here/serve_students.py' clean '$work/$log'"
# the message's content is neither logged nor saved
lacks $log "the content stays private"
check "the content is in no file" "! grep -rqF 'the content stays private' '$work/sessions'"
check "the password is in no file" "! grep -rqF -e '$P' -e '$P64' -e '$PLAIN64' '$work/sessions'"

# every session has its file: private, named by time, peer, port and number
check "sessions directory stays 0700" "[ \"\$(stat -c %a '$work/sessions')\" = 700 ]"
nsessions=$(grep -c '^\[[0-9]*\]   # connection from ' "$work/$log")
nfiles=$(ls "$work/sessions" | wc -l)
check "one file per session ($nsessions sessions, $nfiles files)" "[ $nsessions -eq $nfiles ] && [ $nfiles -ge 5 ]"
for f in "$work/sessions"/*; do
	b=$(basename "$f")
	check "$b: a name of time, address, port and number" \
		"echo '$b' | grep -Eq '^[0-9]{8}T[0-9]{6}Z-127\.0\.0\.1-[0-9]+-[0-9]+\.txt\$'"
	check "$b: mode 0600" "[ \"\$(stat -c %a '$f')\" = 600 ]"
	id=$(echo "$b" | sed 's/.*-\([0-9]*\)\.txt$/\1/')
	port_of=$(echo "$b" | sed 's/.*-127\.0\.0\.1-\([0-9]*\)-[0-9]*\.txt$/\1/')
	has "$log" "[$id]   # connection from 127.0.0.1:$port_of"
	# the log's protocol lines of session id, and the replay's, must agree
	sed -n "s/^\[$id\] \([SC]: .*\)/\1/p" "$work/$log" >"$work/want-$id"
	checks=$((checks + 1))
	if ! "$SMTPDBG" replay --text "$f" >"$work/replay-$id" 2>&1; then
		echo "FAIL: replay --text $b"
		failures=$((failures + 1))
	fi
	grep '^[SC]: ' "$work/replay-$id" >"$work/got-$id"
	check "$b replays to the lines session $id logged" "cmp -s '$work/want-$id' '$work/got-$id'" ||
		diff "$work/want-$id" "$work/got-$id" | head -n 10
	check "$b: replay has the session's greeting" "grep -q '^S: 220 ' '$work/got-$id'"
	check "$b: replay sees a complete session" "! grep -q 'the transcript ends here' '$work/replay-$id'"
done

# --- strict-submission: PLAIN before STARTTLS --------------------------------
serve strict --personality strict-submission --save-dir "$work/strict"
students plain-first
stop strict
has strict.log "   # ! this client sent PLAIN before STARTTLS, which the server offered"
has strict.log "   # Answering STARTTLS: Start TLS now"
has strict.log "   # TLS established"
lacks strict.log "$PLAIN64"
f=$(ls "$work/strict"/*.txt)
check "strict: the directory was made 0700" "[ \"\$(stat -c %a '$work/strict')\" = 700 ]"
check "strict: lines after STARTTLS are flagged T" "grep -q '^S [0-9]* T 250-AUTH PLAIN LOGIN CRAM-MD5' '$f'"
check "strict: the early PLAIN is masked" "grep -q '^C [0-9]* SM AUTH PLAIN \*\*\*\*\*\*\*\*' '$f'"
"$SMTPDBG" replay --text "$f" >"$work/strict.replay" 2>&1
has strict.replay "S: 235 2.7.0 Authentication successful"

# --- a file read while its session is still open ---------------------------
serve held --save-dir "$work/held"
checks=$((checks + 1))
if ! python3 "$here/serve_students.py" hold "$port" sh -c \
	"\"$SMTPDBG\" replay --text \"$work\"/held/*.txt >\"$work/partial.out\" 2>&1"; then
	echo "FAIL: replay of an open session's file"
	sed 's/^/  | /' "$work/partial.out" | tail -n 20
	failures=$((failures + 1))
fi
stop held
has partial.out "S: 334 VXNlcm5hbWU6"
has partial.out "the transcript ends here, but the connection had not ended"
"$SMTPDBG" replay --text "$work"/held/*.txt >"$work/whole.out" 2>&1
lacks whole.out "the transcript ends here"
has whole.out "S: 221 2.0.0 Bye"

# --- bare: the lines alone ----------------------------------------------------
serve bare --log-format bare
students class
stop bare
has bare.log "C: ********"
lacks bare.log "   # decoded:"
lacks bare.log "   # Answering"
grep '^\[' "$work/bare.log" >"$work/bare.lines"
lacks bare.lines "$P"
lacks bare.lines "$P64"

# --- refusals -----------------------------------------------------------------
mkdir "$work/open" && chmod 777 "$work/open"
expect_status 19 "$SMTPDBG" serve --listen 127.0.0.1:0 --save-dir "$work/open"
expect_out "may write to it" "$SMTPDBG" serve --listen 127.0.0.1:0 --save-dir "$work/open"
ln -s "$work/sessions" "$work/link"
expect_out "symbolic link" "$SMTPDBG" serve --listen 127.0.0.1:0 --save-dir "$work/link"
expect_status 19 "$SMTPDBG" serve --listen 127.0.0.1:0 --save-dir "$work/no/such/parent"
expect_status 2 "$SMTPDBG" serve --log-format fancy
expect_out "--save-dir" "$SMTPDBG" serve --help
expect_out "--log-format" "$SMTPDBG" serve --help

finish
