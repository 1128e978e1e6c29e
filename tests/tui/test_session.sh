# The TUI against real servers (the lab), driven in a private tmux server:
# keys go in with send-keys, the screen comes back with capture-pane.
# Run by ctest as: sh test_session.sh PATH-TO-SMTPDBG. Needs root (the lab)
# and tmux (sh tests/deps.sh test); skips with 77 otherwise.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
need_tmux
work=$(mktemp -d)
chmod 755 "$work" # the servers run as other users and must reach the lab
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
state=$work/lab
mkdir "$state"
sock=$work/tmux.sock
cleanup() {
	tm kill-server >/dev/null 2>&1
	sh "$lab/stop.sh" "$state" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE # the lab must not outlive a killed test
if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/lab.env"
H=127.0.0.1
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
PW_B64=$(b64 "$LAB_PASSWORD")
mkdir -p "$work/home" "$work/state"

# start NAME ARGS...: open the TUI in a new tmux window NAME, 120x40.
start() {
	name=$1; shift
	if [ -z "${started:-}" ]; then
		tm -f /dev/null new-session -d -s tui -n "$name" -x 120 -y 40 \
			"env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
			 '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
		started=1
	else
		tm new-window -d -t tui -n "$name" \
			"env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
			 '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	fi
	tm resize-window -t "tui:$name" -x 120 -y 40 2>/dev/null
}

# wait_for WIN TEXT: poll the screen until TEXT shows (at most 15 s).
# bottom WIN N TEXT: one of the last N rows (status bar, prompt) shows TEXT.
# wait_re WIN ERE: like wait_for, for an extended regular expression.
wait_re() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: window $1 never matched /$2/"
	screen "$1" | sed 's/^/  | /'
	failures=$((failures + 1))
	return 1
}
# not_on_screen WIN TEXT
not_on_screen() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		echo "FAIL: window $1 shows '$2'"
		failures=$((failures + 1))
	fi
}
lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$1"; then
		echo "FAIL: $1 contains '$2'"
		failures=$((failures + 1))
	fi
}
# clean_exit WIN: the program ended with status 0 and wrote nothing to
# stderr (a sanitizer report would land there).
has() {
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: $1 lacks '$2'"
		failures=$((failures + 1))
	fi
}

# --- submission: greeting, EHLO, STARTTLS, AUTH LOGIN ---------------------
start sub "$H:$LAB_SUBMISSION_PORT" --cafile "$LAB_CAFILE"
wait_for sub "220 postfix.lab.test"
wait_for sub "Greeted, hello expected"  # the greeting explained
wait_for sub "Transcript 2/2"            # connected, greeting: nothing sent
wait_for sub "S  + 220 postfix"           # the outcome marked without colour
# Tab completes SMTP verbs and tool commands (C-u clears the line).
typed sub "sta"
keys sub Tab
bottom sub 1 "smtp> STARTTLS"
keys sub C-u
typed sub ":sa"
keys sub Tab
bottom sub 1 "smtp> :save"
keys sub C-u
line sub "EHLO x"
wait_for sub "250 CHUNKING"
# Select the STARTTLS line with a search: its keyword is explained.
keys sub BTab
typed sub "/"
line sub "STARTTLS"
wait_for sub "STARTTLS  Start TLS  [RFC 3207]"
wait_for sub "The server can upgrade this connection to TLS"
keys sub i
line sub "STARTTLS"
bottom sub 2 "TLS TLSv1."
bottom sub 2 "verified"
wait_for sub "TLS is up"
line sub "EHLO x"
wait_for sub "AUTH PLAIN LOGIN"
line sub "AUTH LOGIN"
bottom sub 1 "Username:"
wait_for sub "= Username:"
line sub "$LAB_USER"
bottom sub 1 "Password:"
typed sub "$LAB_PASSWORD"
sleep 0.2
not_on_screen sub "$LAB_PASSWORD"
keys sub Enter
wait_for sub "235 2.7.0"
wait_for sub "Authentication succeeded  [RFC 4954"
bottom sub 2 "AUTH ok"
wait_for sub "********"
not_on_screen sub "$LAB_PASSWORD"
not_on_screen sub "$PW_B64"
# S reveals the secret on screen, and masks it again.
keys sub BTab S
wait_for sub "= $LAB_PASSWORD"
keys sub S
wait_for sub "secrets masked"
not_on_screen sub "$LAB_PASSWORD"
keys sub i
line sub ":save $work/saved.txt"
wait_for sub "saved the transcript"
has "$work/saved.txt" "smtpdbg-transcript 1"
has "$work/saved.txt" " T 235 2.7.0"
has "$work/saved.txt" " - STARTTLS"
has "$work/saved.txt" " TSM ********"
lacks "$work/saved.txt" "$LAB_PASSWORD"
lacks "$work/saved.txt" "$PW_B64"

# --- the saved session replays with the explanations it had live ---------
start rep replay "$work/saved.txt"
wait_for rep "REPLAY | step 0/"
# One PgDn at a time, each waited for (the step counter in the status bar
# moves on) before the screen is read again: keys sent while the screen
# lags behind would step past the line.
step_of() { screen "$1" | sed -n 's/.*REPLAY | step \([0-9]*\)\/.*/\1/p'; }
i=0
while [ $i -lt 40 ] && ! screen rep | grep -q '^.*| >ST 235 2.7.0'; do
	i=$((i + 1))
	was=$(step_of rep)
	keys rep NPage
	j=0
	while [ "$(step_of rep)" = "$was" ] && [ $j -lt 150 ]; do
		sleep 0.1
		j=$((j + 1))
	done
	[ "$(step_of rep)" != "$was" ] || break # the end, or no answer: wait_for reports it
done
wait_for rep ">ST 235 2.7.0"
wait_for rep "235  Authentication succeeded  [RFC 4954"
not_on_screen rep "$LAB_PASSWORD"
keys rep q
clean_exit rep

# --- a tiny terminal, then back: the session goes on ----------------------
tm resize-window -t tui:sub -x 200 -y 50
wait_for sub "Authentication successful"
tm resize-window -t tui:sub -x 40 -y 12
wait_for sub "ONE PANE (Tab: explanation)"
tm resize-window -t tui:sub -x 30 -y 8
wait_for sub "Terminal too small"
tm resize-window -t tui:sub -x 50 -y 14
wait_for sub "ONE PANE (Tab: explanation)"
tm resize-window -t tui:sub -x 120 -y 40
wait_for sub "Transcript"
not_on_screen sub "Terminal too small"
line sub "NOOP"
wait_for sub "250 2.0.0 Ok"

# --- zoom, layout, timestamps ---------------------------------------------
keys sub BTab
typed sub '\'
wait_re sub "^= Transcript [0-9]+/[0-9]+  FOLLOW =+$"  # one pane, the whole width
not_on_screen sub "Explain: line"
typed sub '\'
wait_for sub "Explain: line"
keys sub '|'
wait_re sub "^- Explain: line"                      # stacked: below, full width
keys sub '|'
wait_re sub "[|]- Explain: line"                    # side by side again
keys sub t
wait_re sub "^ +[0-9]+[.][0-9]{3} >?[SC#]"          # seconds since connecting
keys sub t i

# --- the help overlay lists every key ------------------------------------
keys sub BTab "?"
wait_for sub "smtpdbg help"
wait_for sub "Shift-Tab"
keys sub q
wait_for sub "Transcript"

# --- quitting asks while connected ---------------------------------------
keys sub i
line sub ":quit"
wait_for sub "Quit and close the connection"
keys sub y
clean_exit sub
hist=$work/state/smtpdbg/history
has "$hist" "EHLO x"
has "$hist" "AUTH LOGIN"
lacks "$hist" "$LAB_PASSWORD"
lacks "$hist" "$PW_B64"
lacks "$hist" "$LAB_USER"
checks=$((checks + 1))
if [ "$(stat -c %a "$hist")" != 600 ]; then
	echo "FAIL: $hist has mode $(stat -c %a "$hist"), want 600"
	failures=$((failures + 1))
fi

# --- implicit TLS and a wrong password: 535 explained ---------------------
start smtps "$H:$LAB_SMTPS_PORT" --tls --cafile "$LAB_CAFILE"
wait_for smtps "220 postfix.lab.test"
bottom smtps 2 "TLS TLSv1."
line smtps "EHLO x"
wait_for smtps "250 CHUNKING"
line smtps "AUTH LOGIN"
bottom smtps 1 "Username:"
line smtps "$LAB_USER"
bottom smtps 1 "Password:"
line smtps "not-the-password"
wait_for smtps "x 535 5.7.8"
wait_for smtps "Authentication credentials invalid"
bottom smtps 2 "AUTH failed 535"
not_on_screen smtps "not-the-password"
# :auth runs a whole exchange: SCRAM-SHA-256 (the server proves itself too)
line smtps ":auth SCRAM-SHA-256"
bottom smtps 1 "Username:"
line smtps "$LAB_USER"
bottom smtps 1 "Password:"
line smtps "$LAB_PASSWORD"
wait_for smtps "+ 235 2.7.0"
bottom smtps 2 "AUTH ok"
not_on_screen smtps "$LAB_PASSWORD"
keys smtps BTab Q
clean_exit smtps

# --- AUTH in clear asks first; CRAM-MD5 is computed for you ---------------
start legacy "$H:$LAB_LEGACY_PORT"
wait_for legacy "220 postfix.lab.test"
line legacy "EHLO x"
wait_for legacy "250 CHUNKING"
count() { screen "$1" | grep -o 'Transcript [0-9]*/[0-9]*'; }
before=$(count legacy)
line legacy "AUTH PLAIN"
bottom legacy 1 "Send credentials in clear?"
wait_for legacy "anyone on the path can read it"
line legacy "n"
wait_for legacy "not sent"
wait_for legacy "$before"                # nothing added: AUTH PLAIN was not sent
line legacy "AUTH CRAM-MD5"
bottom legacy 1 "Username:"
line legacy "$LAB_USER"
bottom legacy 1 "Password:"
line legacy "$LAB_PASSWORD"
wait_for legacy "235 2.7.0"
keys legacy BTab k
wait_for legacy "HMAC-MD5"
not_on_screen legacy "$LAB_PASSWORD"
keys legacy Q
clean_exit legacy

# --- a hostile server cannot reach the terminal ----------------------------
# It sends a title change (OSC), a screen clear (CSI), a bell, a C1 CSI and a
# bidi override in its greeting; all must show as visible escapes.
cat >"$work/hostile.py" <<'PY'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
c, _ = s.accept()
c.sendall(b"220 evil \x1b]2;PWNED\x07\x1b[2J\xc2\x9b31m \xe2\x80\xaeright-to-left\r\n")
c.recv(100)
c.close()
PY
python3 "$work/hostile.py" "$work/hostile.port" &
hostile_pid=$!
# Python can take seconds to start on a loaded machine: up to 60 s, a bound
# against a hang only.
i=0
while [ ! -s "$work/hostile.port" ] && [ $i -lt 600 ] && kill -0 "$hostile_pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
[ -s "$work/hostile.port" ] || { echo "FAIL: the hostile server did not start"; failures=$((failures + 1)); }
start evil "$H:$(cat "$work/hostile.port" 2>/dev/null || echo 1)"
wait_for evil '220 evil \x1b]2;PWNED\x07\x1b[2J<U+009B>31m <U+202E>right-t'
checks=$((checks + 1))
title=$(tm display-message -p -t tui:evil '#{pane_title}')
case "$title" in
*PWNED*) echo "FAIL: the server set the terminal title: $title"; failures=$((failures + 1)) ;;
esac
keys evil BTab Q
clean_exit evil
kill "$hostile_pid" 2>/dev/null
wait "$hostile_pid" 2>/dev/null

finish
