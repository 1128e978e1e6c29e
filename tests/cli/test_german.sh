# German (--lang de, the config file's lang, the environment): the
# program's own words change, nothing a script or the wire relies on does.
# Against the embedded server on loopback, as test_json.sh.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
# A neutral environment: English unless a test says otherwise.
unset LANGUAGE LC_MESSAGES LANG
export LC_ALL=C

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# out FILE CMD...: run CMD, stdout and stderr into FILE, the status in $rc.
out() {
	f=$1; shift
	checks=$((checks + 1))
	"$@" >"$f" 2>&1
	rc=$?
}

has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'"; cut -c1-200 "$1" | sed 's/^/  | /' | head -8; }
}

lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"
}

status() {
	[ "$rc" -eq "$1" ] || fail "exit $rc, want $1 ($2)"
}

# --help, before and after the command, and in the environment.
out "$work/help" "$SMTPDBG" --lang de --help
status 0 "--lang de --help"
has "$work/help" "Aufruf: smtpdbg BEFEHL"
has "$work/help" "Befehle:"
has "$work/help" "eine Antwortzeile, einen Code, ein EHLO-Schlüsselwort oder ein Mail-Log offline erklären"
out "$work/runhelp" "$SMTPDBG" run --help --lang=de
has "$work/runhelp" "Aufruf: smtpdbg run [OPTIONEN] HOST[:PORT]"
has "$work/runhelp" "STARTTLS verlangen"
has "$work/runhelp" "--cafile DATEI"
# Option names never change.
has "$work/runhelp" "--starttls"
has "$work/runhelp" "--lang de|en"
out "$work/help-en" "$SMTPDBG" --help
has "$work/help-en" "Usage: smtpdbg COMMAND"
lacks "$work/help-en" "Aufruf"
out "$work/help-env" env LANG=C.UTF-8 LANGUAGE=de LC_ALL= "$SMTPDBG" --help
has "$work/help-env" "Aufruf: smtpdbg BEFEHL"
out "$work/help-env2" env LC_ALL= LANG=de_DE.UTF-8 "$SMTPDBG" --help
has "$work/help-env2" "Aufruf: smtpdbg BEFEHL"
# LC_ALL=C means untranslated, LANGUAGE or not (as gettext has it).
out "$work/help-c" env LC_ALL=C LANGUAGE=de "$SMTPDBG" --help
has "$work/help-c" "Usage: smtpdbg COMMAND"
# --lang beats the environment, both ways.
out "$work/help-en2" env LC_ALL= LANG=C.UTF-8 LANGUAGE=de "$SMTPDBG" --lang en --help
has "$work/help-en2" "Usage: smtpdbg COMMAND"

# Usage errors in German, with the usual status.
out "$work/usage" "$SMTPDBG" --lang de run
status 2 "run without a server"
has "$work/usage" "smtpdbg run: welcher Server? smtpdbg run HOST[:PORT]"
has "$work/usage" "„smtpdbg run --help“ zeigt weitere Informationen."
out "$work/usage2" "$SMTPDBG" run --lang de --bogus
status 2 "an unknown option"
has "$work/usage2" "unbekannte Option '--bogus'"
out "$work/usage3" "$SMTPDBG" --lang de run --timeout 5x h
status 2 "a bad value"
has "$work/usage3" "--timeout '5x': keine Dauer von 1 bis 86400 Sekunden"

# An unknown language is a usage error that names the ones there are.
for args in "--lang xx --help" "run --lang xx h" "--lang=xx b64 encode a" "--lang"; do
	# shellcheck disable=SC2086
	out "$work/xx" "$SMTPDBG" $args
	status 2 "$args"
	has "$work/xx" "de"
	has "$work/xx" "en"
	lacks "$work/xx" "Aufruf"
done
out "$work/xx" "$SMTPDBG" --lang xx --help
has "$work/xx" "the languages are de (German) and en (English)"
out "$work/xx" "$SMTPDBG" run --lang fr h
has "$work/xx" "--lang 'fr': choose one of de, en"

# The config file: lang = de, and the command line over it.
mkdir -p "$XDG_CONFIG_HOME/smtpdbg"
printf 'lang = de\n' >"$XDG_CONFIG_HOME/smtpdbg/config"
chmod 600 "$XDG_CONFIG_HOME/smtpdbg/config"
out "$work/conf" "$SMTPDBG" run
has "$work/conf" "welcher Server?"
out "$work/conf-en" "$SMTPDBG" run --lang en
has "$work/conf-en" "say which server"
printf '[run]\nlang = de\n' >"$XDG_CONFIG_HOME/smtpdbg/config"
out "$work/conf2" "$SMTPDBG" run
has "$work/conf2" "welcher Server?"
out "$work/conf3" "$SMTPDBG" b64 --help
has "$work/conf3" "Usage: smtpdbg b64"
printf 'lang = fr\n' >"$XDG_CONFIG_HOME/smtpdbg/config"
out "$work/conf4" "$SMTPDBG" run h
status 2 "lang = fr"
has "$work/conf4" "config:1: lang 'fr': choose one of de, en"
rm "$XDG_CONFIG_HOME/smtpdbg/config"

# The offline commands still work, their wire forms unchanged.
out "$work/explain" "$SMTPDBG" --lang de explain 535
status 0 "explain 535"
has "$work/explain" "535"
out "$work/b64" "$SMTPDBG" --lang de b64 encode 'Max Mustermann'
status 0 "b64 encode"
has "$work/b64" "TWF4IE11c3Rlcm1hbm4="
out "$work/b64bad" "$SMTPDBG" --lang de b64 decode 'a b'
status 2 "b64 decode of bad Base64"
has "$work/b64bad" "ungültiges Base64"

# A lesson printed: the frame German, the wire lines as they are.
out "$work/demo-de" "$SMTPDBG" demo --print --lang de
status 0 "demo --print --lang de"
has "$work/demo-de" "# Lektion auth-login:"
has "$work/demo-de" "# Server-Persönlichkeit: tutorial"
has "$work/demo-de" "dekodiert: Username:"
out "$work/demo-en" "$SMTPDBG" demo --print
grep '^[SC]: ' "$work/demo-en" >"$work/demo-en.wire"
grep '^[SC]: ' "$work/demo-de" >"$work/demo-de.wire"
checks=$((checks + 1))
cmp -s "$work/demo-en.wire" "$work/demo-de.wire" || fail "demo: the wire lines differ by language"
out "$work/md" "$SMTPDBG" demo --markdown --lang de
has "$work/md" "| Seite | Zeile | Dekodiert | Erklärung |"

# The theme check counts warnings by severity, not by their words.
printf 'format 1\ntheme w\ncolor code.9xx red - bold\n' >"$work/warn.theme"
out "$work/theme" "$SMTPDBG" --lang de theme check "$work/warn.theme"
status 0 "theme check with a warning"
has "$work/theme" "Warnung: unbekannte Rolle 'code.9xx'"
has "$work/theme" ": in Ordnung, 1 Warnung"

# A session against the embedded server, in both languages.
serve() {
	log=$work/serve.log
	: >"$log"
	"$SMTPDBG" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
	pid=$!
	i=0
	port=
	while [ $i -lt 100 ] && [ -z "$port" ]; do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log")
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || { echo "FAIL: the server did not start"; cat "$log"; exit 1; }
}
stop() {
	kill -TERM "$pid"
	wait "$pid"
	pid=
}

export PW=IchbinkeinSpammer
# A fixed message: the generated one carries the time and the process id,
# whose length differs between the two runs.
printf 'Subject: t\r\n\r\nHallo.\r\n' >"$work/body.txt"
serve --personality strict-submission
session() {
	"$SMTPDBG" run "$@" --timeout 10 --starttls --insecure --auth LOGIN --user 'Max Mustermann' \
		--password-env PW --from a@example.org --to b@example.org --body-file "$work/body.txt" \
		"127.0.0.1:$port"
}
for l in en de; do
	out "$work/run-$l.txt" session --lang $l
	status 0 "run --lang $l"
	session --lang $l --json >"$work/run-$l.jsonl" 2>"$work/run-$l.err"
	rc=$?
	status 0 "run --json --lang $l"
	grep '^[SC]: ' "$work/run-$l.txt" >"$work/run-$l.wire"
done
stop
checks=$((checks + 1))
cmp -s "$work/run-en.wire" "$work/run-de.wire" ||
	{ fail "run: the wire lines differ by language"; diff "$work/run-en.wire" "$work/run-de.wire"; }
has "$work/run-de.txt" "# verbunden mit 127.0.0.1:$port"
has "$work/run-de.txt" "# Sitzung abgeschlossen"
has "$work/run-en.txt" "# session completed"
checks=$((checks + 1))
if ! python3 "$here/json_lang_compare.py" "$work/run-en.jsonl" "$work/run-de.jsonl" >"$work/cmp" 2>&1; then
	fail "run --json: the languages differ in more than words"
	sed 's/^/  | /' "$work/cmp"
fi
has "$work/run-de.jsonl" '"text":"Sitzung abgeschlossen"'

# relay-test: the verdict line and JSON's values stay English, a German
# sentence follows the line.
serve --personality open-relay
for l in en de; do
	out "$work/relay-$l.txt" "$SMTPDBG" relay-test --lang $l --timeout 10 "127.0.0.1:$port"
	status 3 "relay-test --lang $l"
	"$SMTPDBG" relay-test --lang $l --json --timeout 10 "127.0.0.1:$port" >"$work/relay-$l.jsonl" 2>&1
	rc=$?
	status 3 "relay-test --json --lang $l"
	grep '^[SC]: ' "$work/relay-$l.txt" | sed 's/relay-test\.[0-9.]*@/relay-test.N@/; s/test [0-9.]*, try/test N, try/' \
		>"$work/relay-$l.wire"
done
stop
has "$work/relay-de.txt" "verdict: open relay"
has "$work/relay-de.txt" "  Der Server leitet Mail für Fremde weiter: er ist ein Open Relay."
has "$work/relay-de.txt" "Einschränkungen:"
has "$work/relay-en.txt" "verdict: open relay"
lacks "$work/relay-en.txt" "Der Server"
has "$work/relay-de.jsonl" '"verdict":"open relay"'
has "$work/relay-de.jsonl" '"result":"accepted"'
has "$work/relay-de.jsonl" '"label":"plain foreign sender and recipient"'
checks=$((checks + 1))
cmp -s "$work/relay-en.wire" "$work/relay-de.wire" ||
	{ fail "relay-test: the wire lines differ by language"; diff "$work/relay-en.wire" "$work/relay-de.wire"; }
checks=$((checks + 1))
if ! python3 "$here/json_lang_compare.py" "$work/relay-en.jsonl" "$work/relay-de.jsonl" >"$work/cmp" 2>&1; then
	fail "relay-test --json: the languages differ in more than words"
	sed 's/^/  | /' "$work/cmp"
fi

# A missing or broken catalogue: English, after one warning.
mkdir -p "$work/bin/share/locale/de/LC_MESSAGES" "$work/bin2"
cp "$SMTPDBG" "$work/bin2/smtpdbg"
out "$work/nocat" "$work/bin2/smtpdbg" --lang de run
status 2 "without a catalogue"
has "$work/nocat" "say which server"
has "$work/nocat" "warning: no usable message catalogue for 'de'"
checks=$((checks + 1))
[ "$(grep -c 'message catalogue' "$work/nocat")" -eq 1 ] || fail "the warning came more than once"
cp "$SMTPDBG" "$work/bin/smtpdbg"
printf 'not a catalogue\n' >"$work/bin/share/locale/de/LC_MESSAGES/smtpdbg.mo"
out "$work/badcat" "$work/bin/smtpdbg" --lang de --help
status 0 "with a broken catalogue"
has "$work/badcat" "Usage: smtpdbg COMMAND"
has "$work/badcat" "warning: no usable message catalogue for 'de'"
out "$work/nocat-en" "$work/bin2/smtpdbg" --help
lacks "$work/nocat-en" "warning"

finish
