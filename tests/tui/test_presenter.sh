# The presenter's layout and the handout saved from STEP mode, in a real
# terminal (a private tmux server): with --presenter the explanation pane
# (the lesson table) takes two thirds of the width and the status bar is
# gone, the step counter at the message line's end; :save NAME.html and
# NAME.md write a handout of the rows played, 0600, secrets masked even
# while they are shown, an existing file kept. No lab and no network.
# Run by ctest as: sh test_presenter.sh PATH-TO-SMTPDBG.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_tmux
check=$(dirname "$0")/../cli/handout_check.py
work=$(mktemp -d)
sock=$work/tmux.sock
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"

# start NAME COLSxROWS ARGS...: smtpdbg ARGS in a new tmux window NAME.
start() {
	name=$1 cols=${2%x*} rows=${2#*x}; shift 2
	cmd="env HOME='$work/home' XDG_STATE_HOME='$work/state' LANG=C.UTF-8 TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	if [ -z "${started:-}" ]; then
		tm -f /dev/null new-session -d -s tui -n "$name" -x "$cols" -y "$rows" "$cmd"
		started=1
	else
		tm new-window -d -t tui -n "$name" "$cmd"
	fi
	tm resize-window -t "tui:$name" -x "$cols" -y "$rows" 2>/dev/null
}

# wait_for WIN TEXT: poll the screen until TEXT shows (at most 15 s).
not_shown() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		fail "window $1 shows '$2'" "$1"
	fi
}
# divider WIN: the column (from 0) of the divider between the panes on the
# screen's second line, where both panes have text.
divider() {
	screen "$1" | sed -n 2p | awk '{ print index($0, "|") - 1 }'
}
# expect_divider WIN COL: within 15 s (a window is made at the session's
# size and then resized: the program redraws after the SIGWINCH).
expect_divider() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		got=$(divider "$1")
		[ "$got" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1: the divider is at column $got, want $2" "$1"
}

# --- the normal STEP layout, for comparison: 40/60, a status bar -----------
start plain 120x40 demo --lesson starttls
wait_for plain "starttls: STARTTLS"
expect_divider plain 48
wait_for plain "Space/PgDn: next"
wait_for plain "secrets masked"
keys plain q

# --- --presenter: one third and two thirds, no status bar -------------------
start pres 120x40 demo --presenter --lesson starttls
wait_for pres "starttls: STARTTLS"
# 120 * 33 / 100: the transcript 39 columns, the divider, the table 80
expect_divider pres 39
not_shown pres "Space/PgDn: next"
not_shown pres "secrets masked"
not_shown pres "?:help q:quit"
keys pres NPage
keys pres NPage
wait_for pres "step 2/15"
# the counter stands at the right end of the line above the input
checks=$((checks + 1))
line=$(screen pres | sed -n 39p)
case "$line" in
*"step 2/15 ") ;;
*"step 2/15") ;;
*) fail "the step counter is not at the end of the message line: '$line'" pres ;;
esac
# the panes reach the message line: 38 rows (the status bar's row is theirs)
checks=$((checks + 1))
rows=$(screen pres | awk 'index($0, "|") == 40' | wc -l)
[ "$rows" -ge 37 ] || fail "the panes have $rows rows with the divider, want 37 or more" pres
keys pres q

# A zoomed-in terminal (fewer columns): still side by side at 80 columns.
start zoom 80x24 demo --presenter --lesson auth-login
wait_for zoom "auth-login: SMTP AUTH LOGIN"
expect_divider zoom 26
keys zoom q

# --- :save of a lesson writes a handout -------------------------------------
start save 120x40 demo --presenter --lesson auth-login
wait_for save "auth-login: SMTP AUTH LOGIN"
i=0
while [ $i -lt 8 ]; do keys save NPage; i=$((i + 1)); done
wait_for save "step 8/9"
# secrets shown on screen: the handout masks them all the same
keys save S
wait_for save "IchbinkeinSpammer"
wait_for save "SECRETS SHOWN"
typed save ":save $work/h.html"
keys save Enter
wait_for save "saved 8 rows as a handout to"
typed save ":save $work/h.md"
keys save Enter
wait_for save "h.md (secrets masked)"
# an existing file is kept unless :save!
typed save ":save $work/h.md"
keys save Enter
wait_for save "cannot write"
typed save ":save! $work/h.md"
keys save Enter
wait_for save "h.md (secrets masked)"
# still shown on screen after saving
wait_for save "IchbinkeinSpammer"
keys save q

for f in h.html h.md; do
	checks=$((checks + 1))
	[ "$(stat -c %a "$work/$f" 2>/dev/null)" = 600 ] || {
		echo "FAIL: $f is not mode 0600"; failures=$((failures + 1)); }
	checks=$((checks + 1))
	if grep -q IchbinkeinSpammer "$work/$f"; then
		echo "FAIL: $f holds the password"; failures=$((failures + 1))
	fi
done
# The rows played, with the lesson's words; the last step is not there yet
# and the handout says so.
"$SMTPDBG" demo --lesson auth-login --print | sed -n 's/^[SC]: //p' | head -n 8 >"$work/wire"
checks=$((checks + 1))
python3 "$check" html "$work/h.html" "$work/wire" \
	--text "The user name, \"Max Mustermann\", in Base64." \
	--text "The lesson goes on for 1 more step" ||
	failures=$((failures + 1))
checks=$((checks + 1))
grep -qF '| Client | `TWF4IE11c3Rlcm1hbm4=` | `Max Mustermann` | The user name' "$work/h.md" || {
	echo "FAIL: the Markdown handout lacks the user name row"; sed 's/^/  | /' "$work/h.md"
	failures=$((failures + 1)); }
checks=$((checks + 1))
if grep -q "235 2.7.0" "$work/h.md"; then
	echo "FAIL: the handout shows a row not played"; failures=$((failures + 1))
fi

finish
