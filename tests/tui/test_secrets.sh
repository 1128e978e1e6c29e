# Secrets and files in the TUI, against the embedded server on loopback (no
# lab, no root): a hidden password never reaches readline's kill ring
# (Ctrl-U in the Password: field, then Ctrl-Y at smtp> pastes nothing);
# :save makes a new file 0600, refuses an existing one and a symbolic link,
# :save! replaces; a state directory that is not private is refused with a
# message and the TUI runs on without history.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"

need_tmux
work=$(mktemp -d)
sock=$work/tmux.sock
spid=
cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
umask 022

"$SMTPDBG" serve --personality tutorial --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
spid=$!
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log")
	[ -n "$port" ] || sleep 0.05
	i=$((i + 1))
done

# start NAME STATE-DIR ARGS...: the TUI in tmux window NAME, 120x40.
start() {
	name=$1 st=$2; shift 2
	cmd="env HOME='$work' XDG_STATE_HOME='$st' LANG=C.UTF-8 TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	tui_window "$name" "$cmd"
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
mode() { stat -c %a "$1"; }

# --- the kill ring never holds a hidden password ---------------------------
w=kill
start $w "$work/state" "127.0.0.1:$port"
wait_for $w "220 "
line $w "EHLO me"
wait_for $w "250 AUTH"
line $w "AUTH LOGIN"
bottom $w 1 "Send credentials in clear?"
line $w y
bottom $w 1 "Username:"
line $w alice
bottom $w 1 "Password:"
typed $w "Hunter2Secret"
keys $w C-u                   # killed in the hidden field: nothing kept
typed $w "Other9Secret"
keys $w C-w
typed $w "wrongpw"
keys $w Enter
bottom $w 1 "smtp>"
# The refusal's diagnosis is in the explanation pane: the credentials, not
# another mechanism (535 stays 535 with every mechanism).
wait_for $w "Diagnosis (certain)"
not_on_screen $w ":auth next"
keys $w C-y                   # yank at smtp>: must paste no password
keys $w M-y
sleep 0.5
not_on_screen $w "Hunter2Secret"
not_on_screen $w "Other9Secret"
not_on_screen $w "wrongpw"
# Undo at smtp> brings back nothing of it either.
keys $w C-_
sleep 0.3
not_on_screen $w "Hunter2Secret"
not_on_screen $w "wrongpw"
keys $w C-u

# --- :save and :save! --------------------------------------------------------
line $w ":save $work/t1"
wait_for $w "saved the transcript to $work/t1"
check ":save makes a new file 0600" [ "$(mode "$work/t1")" = 600 ]
echo keep >"$work/t2"
chmod 644 "$work/t2"
line $w ":save $work/t2"
wait_for $w "it exists; :save! $work/t2 replaces it"
check ":save keeps an existing file" [ "$(cat "$work/t2")" = keep ]
line $w ":save! $work/t2"
wait_for $w "saved the transcript to $work/t2"
check ":save! replaces it" grep -q '^smtpdbg-transcript' "$work/t2"
check ":save! leaves it 0600" [ "$(mode "$work/t2")" = 600 ]
echo precious >"$work/victim"
ln -s "$work/victim" "$work/link"
line $w ":save! $work/link"
wait_for $w "symbolic link"
check ":save! follows no link" [ "$(cat "$work/victim")" = precious ]
check ":save! leaves the link" [ -L "$work/link" ]
for s in Hunter2Secret Other9Secret; do
	check "no $s in the saved file" sh -c "! grep -q $s '$work/t1'"
done
line $w ":q!"
wait_for $w "SMTPDBG-EXITED-0"
check "the history is 0600" [ "$(mode "$work/state/smtpdbg/history")" = 600 ]
check "the state directory is 0700" [ "$(mode "$work/state/smtpdbg")" = 700 ]
for s in Hunter2Secret Other9Secret wrongpw; do
	check "no $s in the history" sh -c "! grep -q $s '$work/state/smtpdbg/history'"
done

# --- a state directory that is not private is refused ----------------------
mkdir -p "$work/open/smtpdbg"
chmod 777 "$work/open/smtpdbg"
echo "victim line" >"$work/victim2"
chmod 644 "$work/victim2"
ln -s "$work/victim2" "$work/open/smtpdbg/history"
w=open
start $w "$work/open" "127.0.0.1:$port"
wait_for $w "the state directory $work/open/smtpdbg is refused"
wait_for $w "220 "
line $w "NOOP"                 # the TUI runs on
wait_for $w "250 "
line $w ":q!"
wait_for $w "SMTPDBG-EXITED-0"
check "the history link's target is untouched" [ "$(cat "$work/victim2")" = "victim line" ]
check "the history link's target keeps its mode" [ "$(mode "$work/victim2")" = 644 ]
check "the refused directory keeps its mode" [ "$(mode "$work/open/smtpdbg")" = 777 ]

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$work/foreign/smtpdbg"
	chown 65534 "$work/foreign/smtpdbg"
	chmod 700 "$work/foreign/smtpdbg"
	w=foreign
	start $w "$work/foreign" "127.0.0.1:$port"
	wait_for $w "belongs to another user"
	line $w ":q!"
	wait_for $w "SMTPDBG-EXITED-0"
	check "nothing written into a foreign directory" [ ! -e "$work/foreign/smtpdbg/history" ]
fi

finish
