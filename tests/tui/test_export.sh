# :export in a real terminal (tmux) against the embedded server: a session
# typed by hand (EHLO, STARTTLS, AUTH LOGIN with the article's account, one
# message) becomes a run script (0600, no password in it, an existing file
# kept unless :export!) and the command line that plays it; played with
# that command, run gets the same server replies as the typed session.
# :export swaks shows swaks' command line. No lab, no root.
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

"$SMTPDBG" serve --personality strict-submission --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
spid=$!
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log")
	[ -n "$port" ] || sleep 0.05
	i=$((i + 1))
done
check() {
	what=$1; shift
	checks=$((checks + 1))
	if ! "$@"; then
		echo "FAIL: $what"
		failures=$((failures + 1))
	fi
}

w=ex
cmd="cd '$work' && env HOME='$work' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 \
     TERM=xterm-256color '$SMTPDBG' 127.0.0.1:$port --insecure 2>'$work/$w.err'; \
     echo SMTPDBG-EXITED-\$?; sleep 600"
tui_window $w "$cmd" 160 45
wait_for $w "220 "
line $w "EHLO laptop"
wait_for $w "250-STARTTLS"
line $w "STARTTLS"
wait_for $w "TLS is up"
line $w "EHLO laptop"
wait_for $w "250-AUTH PLAIN"
line $w "AUTH LOGIN"
bottom $w 1 "Username:"
line $w "Max Mustermann"
bottom $w 1 "Password:"
line $w "IchbinkeinSpammer"
wait_for $w "235 "
line $w "MAIL FROM:<max@example.org>"
wait_for $w "250 2.1.0"
line $w "RCPT TO:<erika@example.org>"
wait_for $w "250 2.1.5"
line $w "DATA"
wait_for $w "354 "
line $w "Subject: exported"
line $w ""
line $w "Hallo Erika"
line $w "."
wait_for $w "250 2.0.0"
line $w "QUIT"
wait_for $w "221 "
line $w ":save typed.tr"
wait_for $w "saved the transcript"

line $w ":export session.script"
wait_for $w "exported 8 lines to session.script"
line $w ":export session.script"
wait_for $w ":export! session.script replaces it"
line $w ":export! session.script"
line $w ":export swaks"
wait_for $w "swaks --server 127.0.0.1:$port --tls"
screen $w >"$work/screen.txt"
check "the swaks line names the user and reads the password from the environment" \
	grep -qF -- "--auth-user 'Max Mustermann' --auth-password \"\$SMTPDBG_PASSWORD\"" \
	"$work/screen.txt"

f=$work/session.script
check "the script exists" [ -f "$f" ]
check "the script is private" [ "$(stat -c %a "$f")" = 600 ]
check "no password in the script" sh -c "! grep -q -e IchbinkeinSpammer -e SWNoYmlua2VpblNwYW1tZXI= '$f'"
check "no AUTH line in the script" sh -c "! grep -q '^AUTH' '$f'"
check "the script starts with what plays it" grep -q '^#   SMTPDBG_PASSWORD=\.\.\. smtpdbg run --starttls --insecure --ehlo laptop --auth LOGIN --user '"'"'Max Mustermann'"'"' --password-env SMTPDBG_PASSWORD --script session.script 127.0.0.1:' "$f"
check "the message is in it" grep -qx 'Hallo Erika' "$f"
check "the session's own QUIT is its last line" [ "$(tail -n 1 "$f")" = QUIT ]

# Play it with the command it names (in the directory it was written to).
play=$(sed -n 's/^#   SMTPDBG_PASSWORD=\.\.\. //p' "$f")
play=$(printf '%s' "$play" | sed "s|^smtpdbg |'$SMTPDBG' |")
check "the command line was found" [ -n "$play" ]
(cd "$work" && export SMTPDBG_PASSWORD=IchbinkeinSpammer && eval "$play --output played.tr" \
	>"$work/played.out" 2>&1)
rc=$?
check "run --script plays it (exit $rc)" [ "$rc" -eq 0 ]
# The server's replies from AUTH's 235 on, typed and played: the same.
replies() { sed -n '/^S [0-9]* [^ ]* 235 /,$p' "$1" | sed -n 's/^S [0-9]* [^ ]* //p'; }
replies "$work/typed.tr" >"$work/typed.replies"
replies "$work/played.tr" >"$work/played.replies"
checks=$((checks + 1))
if [ ! -s "$work/typed.replies" ] || ! cmp -s "$work/typed.replies" "$work/played.replies"; then
	echo "FAIL: the played script got other replies than the typed session"
	diff "$work/typed.replies" "$work/played.replies" | head -n 20
	cat "$work/played.out" | tail -n 20
	failures=$((failures + 1))
fi
line $w ":q!"
clean_exit $w

finish
