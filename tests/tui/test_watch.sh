# serve --watch in a real terminal (tmux), with real clients as students:
# Python's smtplib logging in with AUTH LOGIN and AUTH PLAIN and sending
# mail, swaks when it is installed, and a hostile client typing escape
# sequences line by line. The list shows every session and its user, the
# panes the selected one's decoded credentials and explanations, passwords
# masked until S (which says what S means on a projector), escape bytes
# escaped; q asks while a session is open, and the open one gets 421.
# Without a terminal, and on one that cannot be drawn on, --watch says so
# and the log goes on.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"

need_tmux
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is not installed"
	exit 77
fi
work=$(mktemp -d)
sock=$work/tmux.sock
pids=
cleanup() {
	tm kill-server >/dev/null 2>&1
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: window $1 never showed '$2'"
	screen "$1" | sed 's/^/  | /'
	failures=$((failures + 1))
	return 1
}
not_on_screen() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		echo "FAIL: window $1 shows '$2'"
		screen "$1" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
}
check() {
	what=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $what"
		failures=$((failures + 1))
	fi
}
wait_file() { # FILE TEXT: the file shows TEXT within 15 s
	i=0
	while [ $i -lt 150 ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# The students. smtplib sends AUTH LOGIN's user name on the AUTH line.
cat >"$work/student.py" <<'EOF'
import smtplib, socket, sys
port, mech, user, pw, hold = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
s = smtplib.SMTP('127.0.0.1', port, timeout=30)
s.ehlo('student')
s.user, s.password = user, pw
try:
    s.auth(mech, s.auth_login if mech == 'LOGIN' else s.auth_plain)
    s.sendmail('student@example.org', ['teacher@example.org'],
               'Subject: homework\r\n\r\nHello teacher\r\n')
    print('sent', flush=True)
except smtplib.SMTPException as e:
    print('refused', e, flush=True)
if hold == 'hold':
    # Stay until the server stops: its 421 is the last thing read.
    s.sock.settimeout(600)
    print('read', s.sock.recv(1000), flush=True)
else:
    s.quit()
EOF
# A hostile client typing one line at a time, each after its cue file.
cat >"$work/hostile.py" <<'EOF'
import base64, os, socket, sys, time
port, cue = int(sys.argv[1]), sys.argv[2]
c = socket.create_connection(('127.0.0.1', port))
c.recv(1000)
def wait(n):
    while not os.path.exists('%s.%d' % (cue, n)):
        time.sleep(0.05)
lines = [b'EHLO \x1b]0;pwned\x07\x1b[2Jhostile',
         b'AUTH LOGIN ' + base64.b64encode(b'\x1b[31mevil'),
         base64.b64encode(b'Secret-Evil-9'),
         b'QUIT']
for i, l in enumerate(lines):
    wait(i)
    c.sendall(l + b'\r\n')
    time.sleep(0.1)
    c.recv(4000)
EOF

# --- the watch ----------------------------------------------------------------
cmd="env LANG=C.UTF-8 TERM=xterm-256color '$SMTPDBG' serve --watch --listen 127.0.0.1:0 \
     --save-dir '$work/saved' 2>'$work/watch.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
tm -f /dev/null new-session -d -s tui -n w -x 150 -y 45 "$cmd"
tm resize-window -t tui:w -x 150 -y 45 2>/dev/null
wait_for w "WATCH | 127.0.0.1:"
port=$(screen w | sed -n 's/.*WATCH | 127\.0\.0\.1:\([0-9]*\) .*/\1/p' | head -n 1)
check "the watch shows the port it listens on" [ -n "$port" ]
wait_for w "passwords are masked"
wait_for w "user \"Max Mustermann\", password"   # the server's row: the article's account

# Student 1: AUTH LOGIN, the article's account, one message.
python3 "$work/student.py" "$port" LOGIN "Max Mustermann" IchbinkeinSpammer once \
	>"$work/s1.out" 2>&1
check "student 1 sent its message" grep -q '^sent' "$work/s1.out"
wait_for w "#1"
wait_for w "Max Mustermann"
wait_for w "the session ended"
# Student 2: AUTH PLAIN with a wrong password, and stays.
python3 "$work/student.py" "$port" PLAIN alice Wrong-Secret-42 hold >"$work/s2.out" 2>&1 &
pids="$pids $!"
wait_file "$work/s2.out" refused
wait_for w "alice?"
wait_for w "Sessions: 1 open, 1 closed"
# The newest session is followed: its transcript is on the screen.
wait_for w "AUTH PLAIN ********"
wait_for w "535 5.7.8"
# Its AUTH line chosen: the explanation has PLAIN's fields decoded, the
# password masked, and the warning (PLAIN before STARTTLS).
keys w Tab
keys w / "AUTH PLAIN" Enter
wait_for w "= Transcript"
wait_for w "authcid: alice"
wait_for w "passwd: ********"
wait_for w "the connection is not encrypted"
not_on_screen w "Wrong-Secret-42"
keys w BTab                        # back to the list, which follows again at G
keys w G

# swaks as a third student, when installed.
n=2
if command -v swaks >/dev/null 2>&1; then
	swaks --server "127.0.0.1:$port" --auth PLAIN --auth-user "Max Mustermann" \
	      --auth-password IchbinkeinSpammer --from swaks@example.org \
	      --to teacher@example.org >"$work/swaks.out" 2>&1
	check "swaks sent its message" grep -q '^<- *250 2.0.0 Ok' "$work/swaks.out"
	n=3
	wait_for w "#3"
	wait_for w "Sessions: 1 open, 2 closed"
fi

# The hostile student, line by line: the watch follows as it types.
h=$((n + 1))
python3 "$work/hostile.py" "$port" "$work/cue" >"$work/hostile.out" 2>&1 &
pids="$pids $!"
wait_for w "#$h"
touch "$work/cue.0"
wait_for w 'EHLO \x1b]0;pwned\x07\x1b[2Jhostile'
touch "$work/cue.1"
wait_for w "= \\x1b[31mevil"        # LOGIN's user name decoded, escaped
wait_for w "\\x1b[31mevil?"         # ... and in the list
touch "$work/cue.2"
wait_for w "535 5.7.8"
not_on_screen w "Secret-Evil-9"
touch "$work/cue.3"
wait_for w "Sessions: 1 open, $((h - 1)) closed"
check "the client's OSC never set the pane's title" \
	[ "$(tm display -p -t tui:w '#{pane_title}')" != pwned ]

# Student 1 chosen in the list: its AUTH LOGIN, decoded; the password masked.
keys w g j
wait_for w "> #1"
keys w Tab
wait_for w "= Transcript"
keys w / "AUTH LOGIN" Enter
wait_for w "AUTH LOGIN TWF4IE11c3Rlcm1hbm4=  = Max Mustermann"
wait_for w "235 OK"
not_on_screen w "IchbinkeinSpammer"
# S shows every password, and says what that means on a projector.
keys w S
wait_for w "on a projector the whole class can read them"
wait_for w "SECRETS SHOWN"
wait_for w "= IchbinkeinSpammer"
keys w S
wait_for w "passwords masked"
not_on_screen w "= IchbinkeinSpammer"
# The help has the watch's keys, from the one key table.
keys w "?"
wait_for w "Keys in serve --watch"
wait_for w "j, Down, Ctrl-N"
keys w Escape
# The explanation pane: Tab, and the usual scrolling.
keys w Tab
wait_for w "= Explain: line"
# A key that would type at a student's prompt only says the watch watches.
keys w i
wait_for w "serve --watch only watches"

# q asks while a session is open; n keeps serving, y stops.
keys w q
wait_for w "Stop the server? 1 session is open"
keys w n
wait_for w "not quitting"
python3 "$work/student.py" "$port" LOGIN "Max Mustermann" IchbinkeinSpammer once \
	>"$work/s5.out" 2>&1
check "still serving after n" grep -q '^sent' "$work/s5.out"
keys w q
wait_for w "Stop the server?"
keys w y
wait_for w "SMTPDBG-EXITED-0"
check "the open session got 421 when the server stopped" wait_file "$work/s2.out" "421 4.3.2"
check "nothing on standard error" [ ! -s "$work/watch.err" ]
# --save-dir works under --watch too: student 1's session, replayable.
first=$(grep -l "AUTH LOGIN" "$work/saved"/* 2>/dev/null | head -n 1)
check "--watch --save-dir saved the sessions" [ -n "$first" ]
check "a saved session is private" [ "$(stat -c %a "$first" 2>/dev/null)" = 600 ]
"$SMTPDBG" replay --text "$first" >"$work/saved.txt" 2>&1
check "a saved session replays with its message" grep -q "250 2.0.0 Ok" "$work/saved.txt"
check "the saved password is masked" sh -c "! grep -q SWNoYmlua2VpblNwYW1tZXI '$first'"

# --- without a terminal: says so, and serves with the log --------------------
"$SMTPDBG" serve --watch --listen 127.0.0.1:0 </dev/null >"$work/plain.log" 2>"$work/plain.err" &
spid=$!
pids="$pids $spid"
wait_file "$work/plain.log" "listening on"
check "no terminal: --watch says so" grep -q -- "--watch needs a terminal" "$work/plain.err"
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/plain.log")
python3 "$work/student.py" "$port" LOGIN "Max Mustermann" IchbinkeinSpammer once >/dev/null 2>&1
check "no terminal: the log goes on" wait_file "$work/plain.log" "[1] S: 235 OK"
kill "$spid"

# --- a terminal that cannot be drawn on: the same ----------------------------
cmd="env LANG=C.UTF-8 TERM=dumb '$SMTPDBG' serve --watch --listen 127.0.0.1:0 \
     2>'$work/dumb.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
tm new-window -d -t tui -n dumb "$cmd"
wait_for dumb "listening on 127.0.0.1:"
check "TERM=dumb: --watch says so" wait_file "$work/dumb.err" "cannot show --watch"
port=$(screen dumb | sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' | head -n 1)
python3 "$work/student.py" "$port" LOGIN "Max Mustermann" IchbinkeinSpammer once >/dev/null 2>&1
wait_for dumb "[1] S: 235 OK"
keys dumb C-c
wait_for dumb "SMTPDBG-EXITED-0"

finish
