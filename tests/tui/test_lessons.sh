# Lessons a student types into, in a real terminal (a private tmux server,
# no network): the lesson's credentials typed as text at the 334 fields
# reach 235 and the password never shows; a wrong password reaches 535, the
# row explains the real reply and how it differs, r goes back; the lesson
# scrolls (j/k, the arrows, Ctrl-D/Ctrl-U) and g/G, Home/End jump; a typed
# line after which the lesson's line no longer fits says so; :b64, :cram
# and :auth work in a lesson, :b64 and :cram in a replay; the lesson table
# takes each theme's colours (a colour capture per theme), and no theme
# underlines its paragraphs. Run by ctest as: sh test_lessons.sh SMTPDBG.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_tmux
if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is not installed (sh tests/deps.sh test)"
	exit 77
fi
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
# wait_gone WIN TEXT: poll until TEXT is no longer on the screen.
wait_gone() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1 still shows '$2'" "$1"
	return 1
}
# prompt_is WIN TEXT: the input line (the last) starts with TEXT.
prompt_is() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 150 ]; do
		case "$(screen "$1" | tail -n 1)" in "$2"*) return 0 ;; esac
		sleep 0.1
		i=$((i + 1))
	done
	fail "window $1: the prompt is not '$2'" "$1"
}
not_on_screen() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		fail "window $1 shows '$2'" "$1"
	fi
}
# The current row of the lesson table (from its '>' line to the next row),
# one line, spaces squeezed.
current_row() {
	screen "$1" | sed -n 's/^[^|]*|//p' | awk '
		/^ ?>[SC#!]/ { on = 1; print; next }
		on && /^ ?[ .][SC#!][ T] / { on = 0 }
		on { print }' | tr -s ' \n' '  '
}
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
steps() { # WIN N TOTAL: Space until "step N/TOTAL"
	k=0
	while [ $k -lt "$2" ]; do keys "$1" Space; k=$((k + 1)); done
	wait_for "$1" "step $2/$3"
}

# --- the lesson's credentials typed as text reach 235 ---------------------
start login demo --lesson auth-login
wait_for login "STEP | step 0/9"
steps login 5 9
current login ">S  334 VXNlcm5hbWU6  = Username:"
wait_for login "Username:  (i or Enter to type"
keys login i
line login "Max Mustermann"
# Encoded for the student, shown beside the text; the lesson's own line,
# so its step, and the server's next question came at once.
current login ">S  334 UGFzc3dvcmQ6  = Password:"
wait_for login " C  TWF4IE11c3Rlcm1hbm4=  = Max Mustermann  (typed)"
wait_for login "step 7/9"
wait_for login "Password: (hidden)"
typed login "IchbinkeinSpammer"
wait_for login "Password: (hidden)"
not_on_screen login "IchbinkeinSpammer"
keys login Enter
current login ">S  235 OK" "235 means the credentials were accepted"
wait_for login "step 9/9"
wait_for login "sent the password, Base64-encoded (masked on screen)"
not_on_screen login "IchbinkeinSpammer"
not_on_screen login "(not the reply the lesson expected)"

# --- a wrong password reaches 535; the lesson says why; r goes back --------
keys login BTab
keys login BSpace
wait_for login "step 7/9"
current login ">S  334 UGFzc3dvcmQ6"
keys login i
line login "Geheim123"
current login ">S  535 5.7.8" "The lesson expected \"235\" here; the server answered otherwise." \
	"Your answer (masked) differs from the lesson's: that is the likely reason." \
	"r goes back to the last row that followed the lesson"
not_on_screen login "Geheim123"
not_on_screen login "credentials were accepted"

# --- the lesson scrolls: k, Up, Ctrl-D, Ctrl-U, j, Down ---------------------
# The current row is taller than the pane: it shows from its start, the
# rows before it are above.
keys login BTab
wait_gone login "Another 334, and the Base64 prompt"
keys login k k k Up Up Up
wait_for login "Another 334, and the Base64 prompt"
wait_for login ">S  535 5.7.8"
keys login C-d
wait_gone login ">S  535 5.7.8"
keys login C-u
wait_for login ">S  535 5.7.8"
wait_for login "Another 334, and the Base64 prompt"
keys login j j j j Down Down Down Down
wait_gone login "Another 334, and the Base64 prompt"
keys login r
wait_for login "back to the last row that followed the lesson"
current login ">S  334 UGFzc3dvcmQ6"
wait_for login "step 7/9"
not_on_screen login "535 5.7.8"

# --- g and G, Home and End: the first and the last step --------------------
keys login G
wait_for login "step 9/9"
current login ">S  235 OK"
keys login g
wait_for login "step 0/9"
wait_for login "Before a submission server accepts mail"
keys login End
wait_for login "step 9/9"
keys login Home
wait_for login "step 0/9"

# --- a typed line after which the lesson's line no longer fits ------------
steps login 3 9
keys login i
line login "AUTH PLAIN"
wait_for login "no longer fits"
wait_for login " C  AUTH PLAIN  (typed)"
wait_for login "r goes back to the last row that followed the lesson"
keys login BTab
keys login r
wait_for login "step 3/9"
wait_gone login "AUTH PLAIN  (typed)"
# :auth in a lesson types the AUTH line; the server's question follows.
keys login :
line login "auth LOGIN"
wait_for login "step 5/9"
prompt_is login "Username:"
keys login BTab
keys login Q
clean_exit login
checks=$((checks + 1))
if grep -qE 'Max Mustermann|IchbinkeinSpammer|Geheim123' "$work/state/smtpdbg/history" 2>/dev/null; then
	echo "FAIL: an answer to a field went into the history:"
	sed 's/^/  | /' "$work/state/smtpdbg/history"
	failures=$((failures + 1))
fi

# --- :b64 and :cram in a lesson ... ------------------------------------------
start tools demo --lesson cram-md5
wait_for tools "STEP | step 0/7"
keys tools :
line tools "b64 encode Max"
wait_for tools "b64 encode: Max -> TWF4"
keys tools :
line tools "b64 decode VXNlcm5hbWU6"
wait_for tools "b64 decode: VXNlcm5hbWU6 -> Username:"
keys tools BTab
steps tools 5 7
current tools ">S  334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"
keys tools :
line tools cram
wait_for tools "CRAM-MD5: type the user name"
prompt_is tools "Username:"
line tools "tim"
wait_for tools "Password: (hidden)"
line tools "tanstaaftanstaaf"
wait_for tools "sent the CRAM-MD5 response, the Base64 of \"tim b913a602c7eda7a495b4e6e7334d3890\""
current tools ">S  235 2.7.0 Authentication successful"
keys tools :
line tools "save $work/cram.txt"
wait_for tools "saved the transcript to"
keys tools BTab
keys tools q
clean_exit tools

# --- ... and in a replay, which sends nothing ------------------------------
start rep replay "$work/cram.txt"
wait_for rep "REPLAY | step 0/"
keys rep :
line rep "b64 decode TWF4"
wait_for rep "b64 decode: TWF4 -> Max"
keys rep NPage NPage NPage NPage NPage
current rep ">S  334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"
keys rep :
line rep cram
prompt_is rep "Username:"
line rep "tim"
wait_for rep "Password: (hidden)"
line rep "tanstaaftanstaaf"
wait_for rep "tim b913a602c7eda7a495b4e6e7334d3890"
wait_for rep "a replay sends nothing"
current rep ">S  334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"
not_on_screen rep "dGFuc3RhYWZ0YW5zdGFhZg"  # the password in Base64: never sent, never shown
keys rep BTab
keys rep q
clean_exit rep

# --- the themes' colours: a colour capture per theme ------------------------
# sgr.py WHAT FILE [ARGS]: checks on a capture-pane -e of the lesson table
# (the part right of the first '|').
cat >"$work/sgr.py" <<'PY'
import re, sys
SGR = re.compile(r'\x1b\[([0-9;]*)m')

def cells(line):
    """(text, params-in-force) runs of the right pane of a captured line."""
    out, cur, pos = [], set(), 0
    for m in SGR.finditer(line):
        if m.start() > pos:
            out.append((line[pos:m.start()], frozenset(cur)))
        ps = [p for p in m.group(1).split(';')] if m.group(1) else ['0']
        i = 0
        while i < len(ps):
            p = ps[i]
            if p in ('38', '48'):
                n = 3 if ps[i + 1] == '5' else 5
                cur = {c for c in cur if not c.startswith(p + ':')}
                cur.add(p + ':' + ';'.join(ps[i + 1:i + n]))
                i += n
                continue
            if p.isdigit() and (30 <= int(p) <= 37 or 90 <= int(p) <= 97):
                p = '38:' + str(int(p) % 10 + (8 if int(p) >= 90 else 0))
                cur = {c for c in cur if not c.startswith('38:')}
            elif p.isdigit() and (40 <= int(p) <= 47 or 100 <= int(p) <= 107):
                p = '48:' + str(int(p) % 10 + (8 if int(p) >= 100 else 0))
                cur = {c for c in cur if not c.startswith('48:')}
            if p in ('', '0'):
                cur = set()
            elif p == '39':
                cur = {c for c in cur if not c.startswith('38:')}
            elif p == '49':
                cur = {c for c in cur if not c.startswith('48:')}
            else:
                cur.add(p)
            i += 1
        pos = m.end()
    out.append((line[pos:], frozenset(cur)))
    return out

def right(line):
    runs, seen, res = cells(line), False, []
    for text, attrs in runs:
        if not seen and '|' in text:
            seen = True
            text = text.split('|', 1)[1]
        if seen:
            res.append((text, attrs))
    return res

what, path = sys.argv[1], sys.argv[2]
lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
if what == 'attrs':  # attrs TEXT: the attributes TEXT is drawn with
    for l in lines:
        for text, attrs in right(l):
            if sys.argv[3] in text:
                print(' '.join(sorted(attrs)))
                sys.exit(0)
    sys.exit(1)
if what == 'underlined':  # underlined TEXT...: which of them are underlined
    for want in sys.argv[3:]:
        for l in lines:
            for text, attrs in right(l):
                if want in text and '4' in attrs:
                    print(want)
PY
# theme: the 2xx line's and the client line's attributes in the lesson table
for spec in \
	"default|1 38:2|38:6" \
	"dark|1 38:5;114|38:5;117" \
	"light|1 38:5;22|38:5;24" \
	"okabe-ito|1 38:5;35|38:5;74" \
	"high-contrast|1 38:5;16 48:5;46|1" \
	"mono|1|1"; do
	th=${spec%%|*} rest=${spec#*|}
	want2=${rest%%|*} wantc=${rest#*|}
	start "c-$th" demo --lesson auth-login --theme "$th"
	wait_for "c-$th" "STEP | step 0/9"
	steps "c-$th" 5 9
	current "c-$th" ">S  334 VXNlcm5hbWU6"
	sleep 0.3
	tm capture-pane -e -p -t "tui:c-$th" >"$work/c-$th.txt"
	checks=$((checks + 3))
	got2=$(python3 "$work/sgr.py" attrs "$work/c-$th.txt" " S  220 smtp.server.com ESMTP Postfix")
	gotc=$(python3 "$work/sgr.py" attrs "$work/c-$th.txt" " C  EHLO relay.client.com")
	if [ "$got2" != "$want2" ]; then
		echo "FAIL: theme $th: the 2xx line is drawn with '$got2', want '$want2'"
		failures=$((failures + 1))
	fi
	if [ "$gotc" != "$wantc" ]; then
		echo "FAIL: theme $th: the client line is drawn with '$gotc', want '$wantc'"
		failures=$((failures + 1))
	fi
	under=$(python3 "$work/sgr.py" underlined "$work/c-$th.txt" \
		"Before a submission server" "The TCP connection is open" \
		"The client introduces itself" "334 means \"go on" "Continue the authentication")
	if [ -n "$under" ]; then
		echo "FAIL: theme $th underlines paragraphs:"; printf '%s\n' "$under" | sed 's/^/  | /'
		failures=$((failures + 1))
	fi
	keys "c-$th" q
	clean_exit "c-$th"
done

# --- the gssapi lesson: a recorded Kerberos login, played back --------------
# The AP-REQ row explains what the token holds; a typed line the recording
# lacks is not sent (the row says why), and the lesson goes on; Backspace
# goes back as in any lesson; the end is the server's 221.
start gss demo --lesson gssapi
wait_for gss "STEP | step 0/24"
wait_for gss "gssapi: SMTP AUTH GSSAPI: a Kerberos ticket instead of a password"
steps gss 6 24
current gss ">C  YIICxw" "inside is a Kerberos AP-REQ"
keys gss i
line gss "NOOP"
current gss ">#  not sent: NOOP" "only the recorded lines have an answer"
not_on_screen gss "sent Tk9PUA=="
keys gss BTab
keys gss Space
current gss ">C" "no more token to send"
keys gss Space
keys gss Space
wait_for gss "step 10/24"
current gss ">C  BQQE/w" "everything from now on, addresses and message included"
keys gss BSpace
wait_for gss "step 9/24"
keys gss End
wait_for gss "step 24/24"
current gss ">S  221 2.0.0 Bye"
keys gss q
clean_exit gss

finish
