# The TUI in German, in a real terminal (a private tmux server): the lesson
# in STEP mode with --lang de, and with LANG=de_DE.UTF-8 alone (whether or
# not that locale is installed); then a live session against the embedded
# server on loopback: status bar, the question before credentials go out in
# clear, the :auth prompts (Benutzername:, Passwort:), the help screen. No
# lab and no network. Run by ctest as: sh test_german.sh PATH-TO-SMTPDBG.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
need_tmux
work=$(mktemp -d)
sock=$work/tmux.sock
pid=
cleanup() {
	tm kill-server >/dev/null 2>&1
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$work/home" "$work/state"

# start NAME LOCALE ARGS...: smtpdbg ARGS in a new tmux window NAME, 120x40.
start() {
	name=$1 loc=$2; shift 2
	cmd="env -u LANGUAGE -u LC_ALL -u LC_MESSAGES HOME='$work/home' XDG_STATE_HOME='$work/state' \
	     XDG_CONFIG_HOME='$work/config' LANG=$loc TERM=xterm-256color \
	     '$SMTPDBG' $* 2>'$work/$name.err'; echo SMTPDBG-EXITED-\$?; sleep 600"
	tui_window "$name" "$cmd"
}

# wait_for WIN TEXT: poll the screen until TEXT shows (at most 15 s).
never() {
	checks=$((checks + 1))
	if screen "$1" | grep -qF -- "$2"; then
		fail "window $1 shows '$2'" "$1"
	fi
}

# --- the lesson in STEP mode, --lang de on a C.UTF-8 terminal ---------------
start lesson C.UTF-8 demo --lang de
wait_for lesson "SCHRITT | Schritt 0/9"
wait_for lesson "SCHRITT-Modus: Leertaste oder PgDn für die nächste Zeile"
wait_for lesson "Geheimnisse maskiert"
# The lesson itself is German (part 2): its title and its rows.
wait_for lesson "SMTP AUTH LOGIN, Zeile für Zeile"
never lesson "one line at a time"
keys lesson NPage
wait_for lesson "Schritt 1/9"
# The wire stays as it is; its explanation is German.
wait_for lesson "220 smtp.server.com ESMTP Postfix"
wait_for lesson "Die TCP-Verbindung steht"
never lesson "The TCP connection is open"
keys lesson "?"
wait_for lesson "Tasten im SCHRITT- und WIEDERGABE-Modus"
wait_for lesson "nächster Bereich: Mitschnitt, Erklärung, Eingabe"
never lesson "Keys in STEP"
keys lesson q
wait_for lesson "SCHRITT | Schritt 1/9"
for n in 2 3 4 5 6 7 8 9; do
	keys lesson NPage
	wait_for lesson "Schritt $n/9"
done
keys lesson NPage
wait_for lesson "das Ende: Backspace oder PgUp geht zurück, q beendet"
wait_for lesson "Mitschnitt bisher: 10 Zeilen"
# A step back clears the note about the end (no English read back).
keys lesson BSpace
wait_for lesson "Schritt 8/9"
checks=$((checks + 1))
i=0
while [ $i -lt 50 ] && screen lesson | grep -qF "das Ende:"; do sleep 0.1; i=$((i + 1)); done
[ $i -lt 50 ] || fail "the note about the end stayed" lesson
keys lesson q
clean_exit lesson

# --- smtpdbg with no arguments: the tour, the German auth-login lesson -------
start tour C.UTF-8 --lang de
wait_for tour "SMTP AUTH LOGIN, Zeile für Zeile"
keys tour NPage
wait_for tour "Die TCP-Verbindung steht"
keys tour NPage
keys tour NPage
wait_for tour "Der Client stellt sich mit seinem eigenen Hostnamen vor"
never tour "The client introduces itself"
keys tour q
clean_exit tour

# --- LANG=de_DE.UTF-8 alone is German too ------------------------------------
start envlang de_DE.UTF-8 demo
wait_for envlang "SCHRITT | Schritt 0/9"
keys envlang q
clean_exit envlang

# --- a live session against the embedded server ------------------------------
log=$work/serve.log
"$SMTPDBG" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
pid=$!
i=0
port=
while [ $i -lt 100 ] && [ -z "$port" ]; do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { echo "FAIL: the server did not start"; cat "$log"; exit 1; }

start live C.UTF-8 --lang de "127.0.0.1:$port"
wait_for live "VERBUNDEN | 127.0.0.1:$port | Klartext"
wait_for live "Geheimnisse maskiert | ?:Hilfe q:Ende"
line live "EHLO x"
wait_for live "250 AUTH CRAM-MD5 LOGIN PLAIN"
line live ":auth LOGIN"
wait_for live "Anmeldedaten im Klartext senden? (j/N)"
line live "j"
wait_for live "Benutzername:"
line live "Max Mustermann"
wait_for live "Passwort:"
wait_for live "(verborgen)"
line live "IchbinkeinSpammer"
wait_for live "235 OK"
never live "IchbinkeinSpammer"
line live ":nonsense"
wait_for live "unbekannter Befehl; :help listet sie"
keys live BTab
keys live "?"
wait_for live "smtpdbg-Hilfe"
keys live j j j j j j       # the commands below the keys: scroll the help
wait_for live "Befehle (an der Eingabezeile tippen"
keys live j j j j j j j j
wait_for live "die letzte CRAM-MD5-Challenge beantworten"
keys live q
keys live q
wait_for live "Beenden und die Verbindung zu 127.0.0.1:$port schließen? (j/n)"
keys live j
clean_exit live

finish
