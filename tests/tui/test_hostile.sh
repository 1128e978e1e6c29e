# The TUI against hostile servers (tests/integration/hostile.py), driven in
# a private tmux server: for each misbehaviour, what a correct client shows.
# The problem is named on screen, no raw control byte reaches the terminal
# (only tmux's own SGR colours in capture-pane -e), the pane title stays
# the same, no password is shown, saved or sent where it must not be, the
# program stays responsive (help overlay, :b64) and quits at once with Q.
# No root and no lab: everything runs on 127.0.0.1. Run by ctest as:
#   sh test_hostile.sh PATH-TO-SMTPDBG
# Needs tmux and python3 (skips with 77 otherwise); openssl for the TLS
# scenarios (left out without it).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
fixture=$(cd "$here/../integration" && pwd)/hostile.py
for tool in tmux python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skipped: $tool is not installed (sh tests/deps.sh test)"
		exit 77
	fi
done
work=$(mktemp -d)
sockname=smtpdbg-hostile-$$
hpid=
tm() { tmux -L "$sockname" "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	if [ -n "$hpid" ]; then
		kill "$hpid" 2>/dev/null
		wait "$hpid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
H=127.0.0.1
export HOSTILE_PASSWORD='Hostile-s3cret!'
P=$HOSTILE_PASSWORD
b64() { printf '%s' "$1" | base64 | tr -d '\n'; }
secrets="$P $(b64 "$P") $(printf '\0%s\0%s' u "$P" | base64 | tr -d '\n')"
mkdir -p "$work/home" "$work/state"

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Certificates: "self" is self-signed for 127.0.0.1; "wrong" is signed by
# "ca" for another name.
mkcert() { # mkcert NAME SUBJECT SAN [CA]
	if [ -z "${4:-}" ]; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 2 -nodes \
			-subj "$2" -addext "subjectAltName=$3" -addext basicConstraints=critical,CA:TRUE \
			-keyout "$work/$1.key" -out "$work/$1.pem" 2>/dev/null
	else
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -nodes -subj "$2" \
			-keyout "$work/$1.key" -out "$work/$1.csr" 2>/dev/null &&
			printf 'subjectAltName=%s\n' "$3" >"$work/$1.ext" &&
			openssl x509 -req -in "$work/$1.csr" -CA "$work/$4.pem" -CAkey "$work/$4.key" \
				-CAcreateserial -days 2 -sha256 -extfile "$work/$1.ext" \
				-out "$work/$1.pem" 2>/dev/null
	fi
}
tls=no
if command -v openssl >/dev/null 2>&1 &&
	mkcert self /CN=127.0.0.1 IP:127.0.0.1 && mkcert ca "/CN=hostile test CA" DNS:ca.invalid &&
	mkcert wrong /CN=wrong-host.invalid DNS:wrong-host.invalid ca; then
	tls=yes
else
	echo "note: no openssl (or it failed): the TLS scenarios are left out"
fi

# One fixture process for every connection; each is served the way
# $work/port.next says when it is accepted.
python3 "$fixture" --multi "$work/port" >"$work/hostile.err" 2>&1 &
hpid=$!
i=0
while [ ! -s "$work/port" ] && [ $i -lt 600 ] && kill -0 "$hpid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
port=$(cat "$work/port" 2>/dev/null)
if [ -z "$port" ]; then
	cat "$work/hostile.err"
	echo "0 passed, 1 failed"
	exit 1
fi

# A window that is not smtpdbg gives the title every pane must keep.
tm -f /dev/null new-session -d -s tui -n base -x 120 -y 40 "sleep 900"
title0=$(tm display-message -p -t tui:base '#{pane_title}')

# open NAME 'SCENARIO [FIXTURE-OPTIONS]' [SMTPDBG-OPTIONS]: the next
# connection gets SCENARIO (its files: $work/NAME.rx, .log); the TUI opens
# on it in window NAME, 120x40. Returns once the fixture has taken it.
open() {
	name=$1 spec=$2
	shift 2
	printf '%s %s/%s\n' "${spec%% *}" "$work" "$name" >"$work/port.next.tmp"
	case $spec in *" "*) printf ' %s' "${spec#* }" >>"$work/port.next.tmp" ;; esac
	tr -d '\n' <"$work/port.next.tmp" >"$work/port.next.tmp2"
	mv "$work/port.next.tmp2" "$work/port.next"
	tm new-window -d -t tui -n "$name" \
		"env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		 TERM=xterm-256color '$SMTPDBG' $H:$port $* 2>'$work/$name.err'; \
		 echo SMTPDBG-EXITED-\$?; sleep 900"
	tm resize-window -t "tui:$name" -x 120 -y 40 2>/dev/null
	# Until the fixture has read port.next for this connection, the next
	# open must not replace it. 60 s: a sanitizer build in tmux on a busy
	# machine can take seconds to start; the bound only guards against a hang.
	i=0
	while [ ! -e "$work/$name.log" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$work/$name.log" ] || fail "$name: the fixture never got the connection"
}

# wait_for WIN TEXT: poll the whole screen until TEXT shows (at most 20 s).
wait_for() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 200 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 never showed '$2'"
	screen "$1" | sed 's/^/  | /'
	return 1
}
# wait_gone WIN TEXT: poll until TEXT is no longer on screen.
wait_gone() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 200 ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 still shows '$2'"
	return 1
}
not_on_screen() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		fail "window $1 shows '$2'"
	fi
}
# ok_screen WIN: capture-pane -e holds no ESC but tmux's SGR colours, no
# other C0 (TAB and LF aside), DEL, UTF-8-encoded C1, bidi or zero-width
# character, and is valid UTF-8.
esc=$(printf '\033')
ctl=$(printf '[\001-\010\013-\037\177]|\302[\200-\237]|\342\200[\213\216\217\252-\256]|\342\201[\246-\251]')
ok_screen() {
	checks=$((checks + 1))
	tm capture-pane -p -e -t "tui:$1" >"$work/$1.cap"
	LC_ALL=C sed "s/$esc\[[0-9;:]*m//g" "$work/$1.cap" >"$work/$1.plain"
	if LC_ALL=C grep -qE "$ctl" "$work/$1.plain"; then
		fail "window $1: a raw control byte or a bidi character reached the terminal"
		LC_ALL=C grep -nE "$ctl" "$work/$1.plain" | cat -v | cut -c1-200 | head -n 3
	elif ! iconv -f UTF-8 -t UTF-8 "$work/$1.plain" >/dev/null 2>&1; then
		fail "window $1: invalid UTF-8 reached the terminal"
	fi
	checks=$((checks + 1))
	t=$(tm display-message -p -t "tui:$1" '#{pane_title}')
	[ "$t" = "$title0" ] || fail "window $1: the pane title changed to '$t'"
}
no_secret_on_screen() {
	for s in $secrets; do not_on_screen "$1" "$s"; done
}
# file_lacks FILE TEXT / file_has FILE TEXT
file_lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$1" 2>/dev/null || fail "$1 contains '$2'"
}
file_has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$1" 2>/dev/null || fail "$1 lacks '$2'"
}
# saved WIN: :save the session; the file holds no secret.
saved() {
	line "$1" ":save $work/$1.saved"
	wait_for "$1" "saved the transcript"
	file_has "$work/$1.saved" "smtpdbg-transcript 1"
	for s in $secrets; do file_lacks "$work/$1.saved" "$s"; done
}
# password WIN: answer the hidden Password: field.
password() {
	wait_for "$1" "Password:"
	typed "$1" "$P"
	keys "$1" Enter
}
# finish_window WIN: clean screen and title, still responsive (the help
# overlay opens and Esc closes it; :b64 answers), then Q quits at once with
# status 0 and nothing on stderr (a sanitizer report would land there).
finish_window() {
	ok_screen "$1"
	no_secret_on_screen "$1"
	keys "$1" BTab
	keys "$1" "?"
	wait_for "$1" "smtpdbg help"
	ok_screen "$1"
	keys "$1" Escape
	wait_gone "$1" "smtpdbg help"
	keys "$1" i
	line "$1" ":b64 encode x"
	wait_for "$1" "x -> eA=="
	ok_screen "$1"
	keys "$1" BTab
	keys "$1" Q
	wait_for "$1" "SMTPDBG-EXITED-0"
	checks=$((checks + 1))
	if [ -s "$work/$1.err" ]; then
		fail "window $1 wrote to stderr:"
		sed 's/^/  | /' "$work/$1.err" | head -n 40
	fi
}
# rx_lacks WIN TEXT: the server never received TEXT.
rx_lacks() { file_lacks "$work/$1.rx" "$2"; }
no_secret_sent() { for s in $secrets; do rx_lacks "$1" "$s"; done; }

# --- open every session first (the timeouts run meanwhile) ---------------
open esc ansi-injection
open huge huge-line
open many many-lines
open silent silent --timeout 2
open slow slowloris --timeout 2
open stall stall-mid-reply --timeout 2
open drop drop-mid-reply
open dropb "drop-mid-reply --stage banner"
open rst rst
open code1 "bad-codes --case 1"
open code14 "bad-codes --case 14"
open code5b "bad-codes --case 5 --stage banner"
open nul nul-bytes
open lf lf-only
open desync pipelining-desync
open early early-talker
open loop auth-loop
open loop2 "auth-loop --case 2"
open b64 "bad-base64 --case 1"
open b64nul "bad-base64 --case 6"
open b64big "bad-base64 --case 0"
open stripped starttls-stripped --starttls
open refused starttls-refused
if [ $tls = yes ]; then
	C="--cert $work/self.pem --key $work/self.key"
	open frag "fragmented $C" --cafile "$work/self.pem"
	open inject "starttls-injection $C" --cafile "$work/self.pem"
	open selfs "tls-bad-cert $C"
	open selfi "tls-bad-cert $C --implicit" --tls
	open wrongs "tls-wrong-host --cert $work/wrong.pem --key $work/wrong.key" --cafile "$work/ca.pem"
	open wrongi "tls-wrong-host --cert $work/wrong.pem --key $work/wrong.key --implicit" \
		--tls --cafile "$work/ca.pem"
fi

# --- escapes in every reply, the AUTH LOGIN prompts included --------------
w=esc
wait_for $w "220 evil.test ESMTP"
wait_for $w '\x1b[2J\x1b]0;pwned\x07\x1b]52;c;'
line $w "EHLO x"
wait_for $w "250 AUTH LOGIN"
line $w "HELP"
wait_for $w "214 help"
line $w "AUTH LOGIN"
wait_for $w "Send credentials in clear?"
line $w y
wait_for $w "Username:"
ok_screen $w                    # the prompt carries the escapes too
line $w u
password $w
wait_for $w "235 2.7.0"
line $w "NOOP"
wait_for $w "250 2.0.0 ok"
saved $w
file_has "$work/$w.saved" '\x1b]52;c;'
finish_window $w

# --- a 10 MB line: capped and reported; nothing planted in it is a reply --
w=huge
wait_for $w "220 normal greeting"
wait_for $w "longer than the 512 octets"
checks=$((checks + 1))
! screen $w | grep -q '^.S.. 250 INJECTED' || fail "$w: a fragment of the long line became a reply"
line $w "EHLO x"
wait_for $w "250 ok"
finish_window $w

# --- 100,000 EHLO lines ----------------------------------------------------
w=many
line $w "EHLO x"
wait_for $w "250 AUTH PLAIN LOGIN"
wait_for $w "too many lines in one reply"
finish_window $w

# --- silence, one byte a second, a reply that stops midway ----------------
for w in silent slow stall; do
	# (the stalled reply is incomplete: none of it is shown yet)
	[ $w = stall ] && { wait_for $w "220 hostile.test"; line $w "EHLO x"; }
	wait_for $w "no answer from the server within 2 s"
	finish_window $w
done
checks=$((checks + 1))
[ ! -s "$work/slow.rx" ] || fail "slow: the client sent something before the greeting ended"
checks=$((checks + 1))
[ ! -s "$work/silent.rx" ] || fail "silent: the client sent something unasked"

# --- dropped in the middle of a reply, or reset ---------------------------
w=drop
line $w "EHLO x"
wait_for $w "250-SIZ"
wait_for $w "closed in the middle"
wait_for $w "OFFLINE"
finish_window $w
w=dropb
wait_for $w "closed in the middle"
wait_for $w "OFFLINE"
finish_window $w
w=rst
wait_for $w "220 hostile.test"
line $w "EHLO x"
wait_for $w "reset by peer"
wait_for $w "OFFLINE"
finish_window $w

# --- malformed codes: named, never success; the session goes on -----------
for w in code1 code14; do
	wait_for $w "220 hostile.test"
	line $w "EHLO x"
	[ $w = code1 ] && wait_for $w "malformed reply"
	[ $w = code14 ] && wait_for $w "carry different"
	wait_for $w "not taken as succ"
	line $w "NOOP"
	wait_for $w "250 2.0.0 ok"
	finish_window $w
done
w=code5b
wait_for $w "25O ok"
wait_for $w "malformed reply"
finish_window $w

# --- NUL bytes, bare LF ----------------------------------------------------
w=nul
wait_for $w 'nul\x00.test'
line $w "EHLO x"
wait_for $w 'STARTTLS\x00IGNORED'
wait_for $w "NUL byte inside a line"
finish_window $w
w=lf
wait_for $w "220 hostile.test"
line $w "EHLO x"
wait_for $w "250 SIZE 1000000"
wait_for $w "bare LF"
line $w "NOOP"
wait_for $w "250 2.0.0 ok"
finish_window $w
checks=$((checks + 1))
python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
sys.exit(1 if d.count(b"\n") != d.count(b"\r\n") or not d.endswith(b"\r\n") else 0)' \
	"$work/lf.rx" || fail "lf: the client sent a line without CRLF"

# --- unsolicited replies, replies before the client speaks -----------------
w=desync
wait_for $w "no command outstanding"
line $w "EHLO x"
wait_for $w "250 AUTH PLAIN LOGIN CRAM-MD5"
line $w "NOOP"
wait_for $w "250 2.0.0 ok"
finish_window $w
w=early
wait_for $w "no command outstanding"
line $w "EHLO x"
wait_for $w "250 AUTH CRAM-MD5"
not_on_screen $w "AUTH ok"      # the early 235 is no login
finish_window $w

# --- an endless AUTH loop: cancelled with *, the password sent once ------
w=loop
wait_for $w "220 hostile.test"
line $w "EHLO x"
wait_for $w "250 AUTH PLAIN LOGIN CRAM-MD5"
line $w ":auth PLAIN"
wait_for $w "Send credentials in clear?"
line $w y
wait_for $w "Username:"
line $w u
password $w
wait_for $w "501 5.7.0 cancelled"
wait_for $w "AUTH failed 501"
saved $w
finish_window $w
w=loop2
wait_for $w "220 hostile.test"
line $w "EHLO x"
wait_for $w "250 AUTH PLAIN LOGIN CRAM-MD5"
line $w ":auth LOGIN"
wait_for $w "Send credentials in clear?"
line $w y
wait_for $w "Username:"
line $w u
password $w
wait_for $w "C    *"
saved $w
finish_window $w
for w in loop loop2; do
	file_has "$work/$w.log" "OK: the client cancelled"
	checks=$((checks + 1))
	n=$(grep -c -- "$(b64 "$P")" "$work/$w.rx")
	[ "$n" -le 1 ] || fail "$w: the password was sent $n times"
done

# --- invalid Base64 challenges; a 64 KB one is answered -------------------
for w in b64 b64nul b64big; do
	wait_for $w "220 hostile.test"
	line $w "EHLO x"
	wait_for $w "250 AUTH CRAM-MD5"
	line $w ":auth CRAM-MD5"
	wait_for $w "Username:"
	line $w u
	password $w
	if [ $w = b64big ]; then
		wait_for $w "235 2.7.0 ok"
	else
		wait_for $w "not valid Base64"
		wait_for $w "501 5.7.0 cancelled"
		file_has "$work/$w.log" "OK: the client cancelled with *"
	fi
	saved $w
	finish_window $w
	no_secret_sent $w
done

# --- STARTTLS not offered, or refused: no credential leaves in clear ------
w=stripped
wait_for $w "220 hostile.test"
line $w "EHLO x"
wait_for $w "250 AUTH PLAIN LOGIN"
wait_for $w "does not offer STARTTLS"
line $w ":auth PLAIN"
wait_for $w "Send credentials in clear?"
line $w n
wait_for $w "not sent"
line $w "AUTH LOGIN"
wait_for $w "Send credentials in clear?"
line $w n
wait_for $w "not sent"
line $w "NOOP"
wait_for $w "250 2.0.0 ok"
finish_window $w
rx_lacks $w "AUTH"
no_secret_sent $w
w=refused
wait_for $w "220 hostile.test"
line $w "EHLO x"
wait_for $w "250 AUTH PLAIN LOGIN"
line $w "STARTTLS"
wait_for $w "454 4.7.0"
line $w "AUTH PLAIN"
wait_for $w "Send credentials in clear?"
line $w n
wait_for $w "not sent"
finish_window $w
rx_lacks $w "AUTH"
no_secret_sent $w

if [ $tls = yes ]; then
	# --- one-byte segments and TLS records: a whole session works -----
	w=frag
	wait_for $w "220 hostile.test"
	line $w "EHLO x"
	wait_for $w "250 AUTH PLAIN LOGIN CRAM-MD5"
	line $w "STARTTLS"
	wait_for $w "TLS is up"
	wait_for $w "verified"
	line $w "EHLO x"
	wait_for $w "ST   250 AUTH PLAIN LOGIN CRAM-MD5"
	line $w ":auth PLAIN"
	wait_for $w "Username:"
	line $w u
	password $w
	wait_for $w "235 2.7.0 authenticated"
	wait_for $w "AUTH ok"
	saved $w
	finish_window $w

	# --- plaintext injected after the STARTTLS 220 -----------------------
	w=inject
	wait_for $w "220 hostile.test"
	line $w "EHLO x"
	wait_for $w "250 STARTTLS"
	line $w "STARTTLS"
	wait_for $w "TLS is up"
	wait_for $w "in clear after its 220"
	not_on_screen $w "X-INJECTED"
	not_on_screen $w "AUTH ok"
	line $w "EHLO x"
	wait_for $w "ST   250 AUTH CRAM-MD5"
	line $w ":auth CRAM-MD5"
	wait_for $w "Username:"
	line $w u
	password $w
	wait_for $w "235 2.7.0 authenticated"
	saved $w
	finish_window $w
	no_secret_sent $w
	file_lacks "$work/$w.log" "VIOLATION"

	# --- certificates that must not verify, STARTTLS and implicit TLS ---
	for w in selfs wrongs; do
		wait_for $w "220 hostile.test"
		line $w "EHLO x"
		wait_for $w "250-STARTTLS"
		line $w "STARTTLS"
	done
	for w in selfs selfi; do
		wait_for $w "certificate verify failed: self-signed certificate"
		wait_for $w "OFFLINE"
		finish_window $w
	done
	for w in wrongs wrongi; do
		wait_for $w 'certificate is not valid for "127.0.0.1"'
		wait_for $w "OFFLINE"
		finish_window $w
	done
	checks=$((checks + 1))
	[ ! -s "$work/selfi.rx" ] || fail "selfi: the client sent something over an unverified session"
	checks=$((checks + 1))
	[ ! -s "$work/wrongi.rx" ] || fail "wrongi: the client sent something over an unverified session"
fi

finish
