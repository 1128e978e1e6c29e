# STEP and REPLAY mode in a real terminal (a private tmux server): smtpdbg
# with no arguments steps through the auth-login lesson against the
# embedded server, a typed line is explained, :save then smtpdbg replay
# shows the same lines and explanations. No lab and no network: this runs
# as any user. Run by ctest as: sh test_steps.sh PATH-TO-SMTPDBG.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_tmux
work=$(mktemp -d)
sock=$work/tmux.sock
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"

# start NAME ARGS...: smtpdbg ARGS in a new tmux window NAME, 120x40.
start() {
	name=$1; shift
	cmd="env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	tui_window "$name" "$cmd"
}

# wait_for WIN TEXT: poll the screen until TEXT shows (at most 15 s).
# The current row of the table (from its '>' line to the next row), one
# line, spaces squeezed: its wire line, decoded form and explanation.
current_row() {
	screen "$1" | sed -n 's/^[^|]*|//p' | awk '
		/^ ?>[SC#!]/ { on = 1; print; next }
		on && /^ ?[ .][SC#!][ T] / { on = 0 }
		on { print }' | tr -s ' \n' '  '
}
# current WIN TEXT...: the current row shows every TEXT (polled).
current() {
	w=$1; shift
	for want in "$@"; do
		want=$(printf '%s' "$want" | tr -s ' ')
		checks=$((checks + 1))
		i=0
		while [ $i -lt 150 ]; do
			current_row "$w" | grep -qF -- "$want" && break
			sleep 0.1
			i=$((i + 1))
		done
		[ $i -lt 150 ] || fail "window $w: the current row lacks '$want'" "$w"
	done
}
no_secret() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF IchbinkeinSpammer; then
		fail "window $1 shows the password without S" "$1"
	fi
}

# --- smtpdbg with no arguments: the seed's rows, in order, on PgDn --------
start main
wait_for main "STEP | step 0/9"
wait_for main "auth-login: SMTP AUTH LOGIN"
# step WIN N: one PgDn, then "step N/9" in the status bar.
step() { keys "$1" NPage; wait_for "$1" "step $2/9"; no_secret "$1"; }
step main 1
current main ">S  220 smtp.server.com ESMTP Postfix" "the server speaks first"
step main 2
current main ">C  EHLO relay.client.com" "The client introduces itself"
step main 3
current main "250-smtp.server.com Guten Tag 250 AUTH CRAM-MD5 LOGIN PLAIN" "A multi-line 250 reply"
step main 4
current main ">C  AUTH LOGIN" "The client picks LOGIN"
step main 5
current main ">S  334 VXNlcm5hbWU6  = Username:" "decoded it is the prompt \"Username:\"" \
	"334 Continue the authentication exchange"
step main 6
current main ">C  TWF4IE11c3Rlcm1hbm4=  = Max Mustermann" "The user name, \"Max Mustermann\", in Base64"
step main 7
current main ">S  334 UGFzc3dvcmQ6  = Password:" "the Base64 prompt \"Password:\""
step main 8
current main ">C  SWNoYmlua2VpblNwYW1tZXI=  = ********" "The password in Base64"
step main 9
current main ">S  235 OK" "the credentials were accepted" \
	"235 Authentication succeeded"
keys main NPage
wait_for main "the end:"
# The transcript pane holds every line so far.
wait_for main "Transcript so far: 10 lines"

# settled WIN: the screen once two captures 0.1 s apart agree (at most 5 s),
# so that a redraw is not caught half-way through.
settled() {
	a=$(screen "$1")
	i=0
	while [ $i -lt 50 ]; do
		sleep 0.1
		b=$(screen "$1")
		[ "$a" = "$b" ] && break
		a=$b
		i=$((i + 1))
	done
	printf '%s\n' "$a"
}

# --- back and forward give the same screen, with every step key -----------
for pair in "BSpace Space" "PPage NPage" "Left Right" ", ." ; do
	back=${pair% *} fwd=${pair#* }
	keys main "$back"
	wait_for main "step 8/9"
	before=$(settled main)
	keys main "$back"
	wait_for main "step 7/9"
	current main ">S  334 UGFzc3dvcmQ6  = Password:"
	keys main "$fwd"
	wait_for main "step 8/9"
	# The status bar can show the new step while the rest of the redraw
	# is still on its way to tmux: poll for the screen (at most 15 s).
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ] && [ "$(screen main)" != "$before" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ "$(screen main)" != "$before" ]; then
		echo "FAIL: '$back' then '$fwd' changed the screen"
		printf '%s\n' "$before" >"$work/before"
		screen main >"$work/after"
		diff "$work/before" "$work/after" | head -n 20
		failures=$((failures + 1))
	fi
	keys main "$fwd"
	wait_for main "step 9/9"
done

# --- S reveals the password, and masks it again ----------------------------
keys main S
wait_for main "= IchbinkeinSpammer"
keys main S
wait_for main "secrets masked"
no_secret main

# --- the help lists the step keys ------------------------------------------
keys main "?"
wait_for main "Keys in STEP and REPLAY mode"
wait_for main "Space, PgDn, Right, ."
wait_for main "Backspace, Ctrl-H, PgUp, Left, ,"
keys main q
wait_for main "STEP | step 9/9"

# --- :save writes the transcript format, the password masked --------------
typed main ":save $work/lesson.txt"
keys main Enter
wait_for main "saved the transcript to"
checks=$((checks + 1))
if ! grep -q '^smtpdbg-transcript 1$' "$work/lesson.txt" ||
	! grep -q '^S [0-9]* - 334 VXNlcm5hbWU6$' "$work/lesson.txt" ||
	! grep -q '^C [0-9]* SM \*\*\*\*\*\*\*\*$' "$work/lesson.txt" ||
	grep -q 'SWNoYmlua2VpblNwYW1tZXI=' "$work/lesson.txt"; then
	echo "FAIL: the saved transcript:"; sed 's/^/  | /' "$work/lesson.txt"
	failures=$((failures + 1))
fi
keys main BTab
keys main Q
clean_exit main

# --- smtpdbg replay FILE: the same lines and explanations, step by step ----
start rep replay "$work/lesson.txt"
wait_for rep "REPLAY | step 0/9"
rstep() { keys rep "$1"; wait_for rep "step $2/9"; }
rstep NPage 1
current rep ">S  220 smtp.server.com ESMTP Postfix" "220 Service ready"
rstep Space 2
current rep ">C  EHLO relay.client.com" "EHLO Extended hello"
rstep . 3
current rep "250-smtp.server.com Guten Tag 250 AUTH CRAM-MD5 LOGIN PLAIN"
rstep Right 4
current rep ">C  AUTH LOGIN"
rstep NPage 5
current rep ">S  334 VXNlcm5hbWU6  = Username:" "334 Continue the authentication exchange"
rstep NPage 6
current rep ">C  TWF4IE11c3Rlcm1hbm4=  = Max Mustermann"
rstep NPage 7
current rep ">S  334 UGFzc3dvcmQ6  = Password:"
rstep NPage 8
current rep ">C  ********"
rstep NPage 9
current rep ">S  235 OK" "235 Authentication succeeded"
rstep BSpace 8
rstep PPage 7
current rep ">S  334 UGFzc3dvcmQ6  = Password:"
keys rep S
wait_for rep "SECRETS SHOWN"
no_secret rep   # masked in the file: never shown, whatever is asked
keys rep q
clean_exit rep

# --- smtpdbg demo: a typed line instead of a step is explained ------------
start demo demo --lesson auth-login
wait_for demo "STEP | step 0/9"
keys demo Space
wait_for demo "step 1/9"
keys demo i
typed demo "HELO relay.client.com"
keys demo Enter
wait_for demo " C  HELO relay.client.com  (typed)"
wait_for demo "A different command: HELO where the lesson sends EHLO"
wait_for demo "Nothing is wrong with trying"
wait_for demo "step 1/9"     # the lesson's line is still next
keys demo NPage
wait_for demo "step 2/9"
current demo ">C  EHLO relay.client.com"
keys demo BTab
keys demo q
clean_exit demo

finish
