# smtpdbg run against real servers (the lab: Postfix + Dovecot SASL, Exim)
# and against a hostile one. Run by ctest as: sh test_run.sh PATH-TO-SMTPDBG
# Needs root and the lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work" # the servers run as other users and must reach the lab
: "${LAB_CACHE:=${TMPDIR:-/tmp}/smtpdbg-lab-cache}"
export LAB_CACHE
state=$work/lab
mkdir "$state"
trap 'sh "$lab/stop.sh" "$state" >/dev/null 2>&1; rm -rf "$work"' EXIT
if ! sh "$lab/start.sh" "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/lab.env"
export P="$LAB_PASSWORD"
H=127.0.0.1

# run NAME WANT-EXIT ARGS...: run smtpdbg run, keep its output in $work/NAME.out
run() {
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 25
		failures=$((failures + 1))
	fi
}

# has NAME TEXT: the output of run NAME contains TEXT
has() {
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output lacks '$2'"
		failures=$((failures + 1))
	fi
}

# lacks FILE TEXT: FILE does not contain TEXT
lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$1"; then
		echo "FAIL: $1 contains '$2'"
		failures=$((failures + 1))
	fi
}

# delivered MAILDIR TAG: a message with TAG in its subject arrives within
# 60 s (a bound against a hang: delivery takes longer on a loaded machine)
delivered() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 600 ]; do
		grep -qsF -- "$2" "$1"/new/* && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: no message '$2' in $1"
	failures=$((failures + 1))
}

body() { # body TAG: a small message whose subject carries TAG
	printf 'From: <%s>\nTo: <%s>\nSubject: %s\n\nhello from smtpdbg\n.leading dot\n' \
		"$LAB_USER" "$LAB_USER" "$1" >"$work/$1.eml"
	echo "$work/$1.eml"
}

# What would reveal the password: itself, its Base64, PLAIN's message.
b64() { printf '%s' "$1" | base64 -w0; }
secrets="$LAB_PASSWORD $(b64 "$LAB_PASSWORD") $(printf '\0%s\0%s' "$LAB_USER" "$LAB_PASSWORD" | base64 -w0)"
no_secrets() {
	for s in $secrets; do lacks "$1" "$s"; done
}

# 1. STARTTLS + each mechanism delivers to the mailbox.
for mech in PLAIN LOGIN CRAM-MD5; do
	tag="smtpdbg-$mech-$$"
	run "sub-$mech" 0 --starttls --cafile "$LAB_CAFILE" --auth "$mech" --user "$LAB_USER" \
		--password-env P --from "$LAB_USER" --to "$LAB_USER" --body-file "$(body "$tag")" \
		--output "$work/sub-$mech.transcript" "$H:$LAB_SUBMISSION_PORT"
	delivered "$LAB_MAILDIR_POSTFIX" "$tag"
	has "sub-$mech" "S: 235"
	has "sub-$mech" "TLSv1."
	no_secrets "$work/sub-$mech.out"
	no_secrets "$work/sub-$mech.transcript"
	# the saved session replays with the same lines and explanations
	"$SMTPDBG" replay --text "$work/sub-$mech.transcript" >"$work/replay-$mech.out" 2>&1
	checks=$((checks + 1))
	grep '^S: \|^C: ' "$work/sub-$mech.out" >"$work/live-$mech.lines"
	grep '^S: \|^C: ' "$work/replay-$mech.out" >"$work/replay-$mech.lines"
	if ! cmp -s "$work/live-$mech.lines" "$work/replay-$mech.lines"; then
		echo "FAIL: sub-$mech: the replayed transcript differs from the live one"
		diff "$work/live-$mech.lines" "$work/replay-$mech.lines" | head -n 10
		failures=$((failures + 1))
	fi
	has "replay-$mech" "235  Authentication succeeded"
	no_secrets "$work/replay-$mech.out"
done
has sub-LOGIN "Decoded challenge: Username:"

# 2. Implicit TLS.
tag="smtpdbg-smtps-$$"
run smtps 0 --tls --cafile "$LAB_CAFILE" --auth PLAIN --user "$LAB_USER" --password-env P \
	--from "$LAB_USER" --to "$LAB_USER" --body-file "$(body "$tag")" "$H:$LAB_SMTPS_PORT"
delivered "$LAB_MAILDIR_POSTFIX" "$tag"

# 3. A wrong password: the AUTH stage's exit code, 535 explained.
P=wrong-password run wrongpw 14 --starttls --cafile "$LAB_CAFILE" --auth PLAIN \
	--user "$LAB_USER" --password-env P --from "$LAB_USER" --to "$LAB_USER" \
	"$H:$LAB_SUBMISSION_PORT"
has wrongpw "535"
has wrongpw "Authentication credentials invalid"
has wrongpw "failed at the auth stage"
lacks "$work/wrongpw.out" "wrong-password"

# 4. Relaying through the MX port is refused at RCPT.
run relay 16 --from someone@outside.example --to victim@foreign.example "$H:$LAB_MX_PORT"
has relay "Relay access denied"
has relay "failed at the rcpt stage"

# 5. The self-signed certificate: refused without --cafile, with the reason.
run nocafile 13 --starttls --quit-after tls "$H:$LAB_SUBMISSION_PORT"
has nocafile "certificate"
has nocafile "failed at the tls stage"
run cafile 0 --starttls --cafile "$LAB_CAFILE" --quit-after tls "$H:$LAB_SUBMISSION_PORT"
run insecure 0 --starttls --insecure --quit-after tls "$H:$LAB_SUBMISSION_PORT"

# 6. No credentials in clear unless asked for.
run clear 14 --auth PLAIN --user "$LAB_USER" --password-env P --from "$LAB_USER" \
	--to "$LAB_USER" "$H:$LAB_LEGACY_PORT"
has clear "--starttls"
no_secrets "$work/clear.out"

# 7. JSON Lines: every line is a JSON object; no secrets.
run json 0 --json --starttls --cafile "$LAB_CAFILE" --auth LOGIN --user "$LAB_USER" \
	--password-env P --quit-after auth "$H:$LAB_SUBMISSION_PORT"
checks=$((checks + 1))
if ! python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$work/json.out"; then
	echo "FAIL: --json output is not JSON Lines"; failures=$((failures + 1))
fi
no_secrets "$work/json.out"
run json-secrets 0 --json --show-secrets --starttls --cafile "$LAB_CAFILE" --auth LOGIN \
	--user "$LAB_USER" --password-env P --quit-after auth "$H:$LAB_SUBMISSION_PORT"
has json-secrets "$(b64 "$LAB_PASSWORD")"

# 8. Exim.
tag="smtpdbg-exim-$$"
run exim 0 --starttls --cafile "$LAB_CAFILE" --auth PLAIN --user "$LAB_USER" --password-env P \
	--from "$LAB_USER" --to "$LAB_USER" --body-file "$(body "$tag")" "$H:$LAB_EXIM_PORT"
delivered "$LAB_MAILDIR_EXIM" "$tag"
tag="smtpdbg-exim-cram-$$"
run exim-cram 0 --starttls --cafile "$LAB_CAFILE" --auth CRAM-MD5 --user "$LAB_USER" \
	--password-env P --from "$LAB_USER" --to "$LAB_USER" --body-file "$(body "$tag")" \
	"$H:$LAB_EXIM_PORT"
delivered "$LAB_MAILDIR_EXIM" "$tag"

# 9. --quit-after and a script.
run quit-ehlo 0 --quit-after ehlo "$H:$LAB_MX_PORT"
has quit-ehlo "C: QUIT"
printf 'NOOP\nVRFY postmaster\nHELP\n' >"$work/script"
run script 0 --script "$work/script" "$H:$LAB_MX_PORT"
has script "C: VRFY postmaster"

# 10. Hostile servers: escaped output, bounded errors, timeouts; never a hang.
# wait_port WHAT: wait for the server just started ($hpid) to write its port
# to $work/port. Python can take seconds to start on a loaded machine: the
# 60 s bound only guards against a server that never starts, which fails.
wait_port() {
	i=0
	while [ ! -s "$work/port" ] && [ $i -lt 600 ] && kill -0 "$hpid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -s "$work/port" ]; then
		echo "FAIL: $1 did not start"
		sed 's/^/  | /' "$work/hostile.log" "$work/plus.log" 2>/dev/null | tail -n 20
		failures=$((failures + 1))
	fi
}
hostile() { # hostile SCENARIO: start it; sets $port and $hpid
	rm -f "$work/port"
	python3 "$here/hostile.py" "$1" "$work/port" >"$work/hostile.log" 2>&1 &
	hpid=$!
	wait_port "$1"
	port=$(cat "$work/port" 2>/dev/null || echo 1)
}
stop_hostile() { kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null; }
hostile escapes
run escapes 0 --from a@client.test --to b@evil.test "$H:$port"
checks=$((checks + 1))
if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$work/escapes.out"; then
	echo "FAIL: a control byte reached the output"; failures=$((failures + 1))
fi
has escapes '\x1b[2J'
has escapes '<U+202E>'
stop_hostile

hostile hugeline
run hugeline 0 --quit-after banner "$H:$port"
has hugeline "limit"
stop_hostile

hostile silent
run silent 11 --timeout 2 "$H:$port"
has silent "no answer from the server within 2 s"
stop_hostile

# 11. Mechanisms with mutual authentication, and the automatic choice.
for mech in SCRAM-SHA-256 SCRAM-SHA-1 DIGEST-MD5; do
	tag="smtpdbg-$mech-$$"
	run "mutual-$mech" 0 --starttls --cafile "$LAB_CAFILE" --auth "$mech" --user "$LAB_USER" \
		--password-env P --explain-auth --from "$LAB_USER" --to "$LAB_USER" \
		--body-file "$(body "$tag")" "$H:$LAB_SUBMISSION_PORT"
	delivered "$LAB_MAILDIR_POSTFIX" "$tag"
	has "mutual-$mech" "S: 235"
	no_secrets "$work/mutual-$mech.out"
done
has mutual-SCRAM-SHA-256 "verified"
# Initial responses on demand: LOGIN with one, PLAIN without.
run login-ir 0 --starttls --cafile "$LAB_CAFILE" --auth LOGIN --initial-response --user "$LAB_USER" \
	--password-env P --quit-after auth "$H:$LAB_SUBMISSION_PORT"
has login-ir "C: AUTH LOGIN $(printf %s "$LAB_USER" | base64)"
has login-ir "S: 235"
run plain-no-ir 0 --starttls --cafile "$LAB_CAFILE" --auth PLAIN --no-initial-response \
	--user "$LAB_USER" --password-env P --quit-after auth "$H:$LAB_SUBMISSION_PORT"
has plain-no-ir "C: AUTH PLAIN"
has plain-no-ir "S: 334"
has plain-no-ir "S: 235"
no_secrets "$work/plain-no-ir.out"
run auto 0 --starttls --cafile "$LAB_CAFILE" --auth auto --user "$LAB_USER" --password-env P \
	--quit-after auth "$H:$LAB_SUBMISSION_PORT"
has auto "chosen: SCRAM-SHA-256"
has auto "AUTH offered before TLS: none; after TLS:"
# A server whose signature is wrong, or missing, is not believed, even with 235.
for scenario in scram-badsig scram-nosig; do
	hostile "$scenario"
	run "$scenario" 14 --auth SCRAM-SHA-256 --user u --password-env P --quit-after auth "$H:$port"
	has "$scenario" "failed at the auth stage"
	stop_hostile
done

# 12. Channel binding (SCRAM-SHA-256-PLUS) against a server that checks it:
# TLS 1.2, so tls-server-end-point, the hash of the server's certificate.
# Without verification (--insecure) the binding is what exposes a proxy in
# the middle: "mitm" computes it from another certificate and refuses.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -subj /CN=localhost \
	-addext subjectAltName=IP:127.0.0.1 -days 2 -nodes -keyout "$work/plus.key" \
	-out "$work/plus.pem" 2>/dev/null
export SP=pencil
plus() { # plus MODE NAME WANT-EXIT ARGS...: run against scram_plus.py MODE
	rm -f "$work/port"
	python3 "$here/scram_plus.py" "$1" "$work/plus.pem" "$work/plus.key" "$work/port" \
		>"$work/plus.log" 2>&1 &
	hpid=$!
	wait_port "scram_plus.py $1"
	pname=$2 pwant=$3; shift 3
	run "$pname" "$pwant" --starttls --insecure --user u --password-env SP \
		--quit-after auth "$@" "$H:$(cat "$work/port" 2>/dev/null || echo 1)"
	stop_hostile
}
plus good plus-good 0 --auth SCRAM-SHA-256-PLUS --explain-auth
has plus-good "tls-server-end-point"
has plus-good "verified"
has plus-good "S: 235"
plus good plus-auto 0 --auth auto
has plus-auto "chosen: SCRAM-SHA-256-PLUS"
plus mitm plus-mitm 14 --auth SCRAM-SHA-256-PLUS
has plus-mitm "channel-bindings-dont-match"

# 13. Nothing listening: the connect stage.
run refused 10 --timeout 5 "$H:1"
has refused "refused"

# 12. One masked line in every face: the text transcript, JSON Lines, the
# saved transcript replayed as text and as Markdown show the AUTH exchange
# the same way ("AUTH PLAIN ********", "********"), and the secret nowhere.
for mech in PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256; do
	f=faces-$mech
	run "$f" 0 --starttls --cafile "$LAB_CAFILE" --auth "$mech" --user "$LAB_USER" \
		--password-env P --quit-after auth --output "$work/$f.transcript" "$H:$LAB_SUBMISSION_PORT"
	run "$f-json" 0 --json --starttls --cafile "$LAB_CAFILE" --auth "$mech" --user "$LAB_USER" \
		--password-env P --quit-after auth "$H:$LAB_SUBMISSION_PORT"
	"$SMTPDBG" replay --text "$work/$f.transcript" >"$work/$f-replay.out" 2>&1
	"$SMTPDBG" replay --markdown "$work/$f.transcript" >"$work/$f-md.out" 2>&1
	# The client's lines from AUTH on, as each face shows them.
	sed -n 's/^C: //p' "$work/$f.out" | sed -n '/^AUTH /,$p' >"$work/$f.text.lines"
	sed -n 's/^C: //p' "$work/$f-replay.out" | sed -n '/^AUTH /,$p' >"$work/$f.replay.lines"
	python3 -c 'import json,sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "sent": print(o["line"])' "$work/$f-json.out" |
		sed -n '/^AUTH /,$p' >"$work/$f.json.lines"
	sed -n 's/^| Client | `\([^`]*\)`.*/\1/p' "$work/$f-md.out" | sed -n '/^AUTH /,$p' \
		>"$work/$f.md.lines"
	# Nonces differ between sessions: compare what is masked and what shows.
	for face in text replay json md; do
		python3 -c 'import sys
for l in open(sys.argv[1]):
    l = l.rstrip("\n")
    if not l:
        continue
    words = l.split(" ")
    if words[0] == "AUTH":
        print(" ".join(words[:2] + [w if w == "********" else "<shown>" for w in words[2:]]))
    else:
        print(l if l == "********" else "<shown>")' "$work/$f.$face.lines" >"$work/$f.$face.shape"
	done
	for face in replay json md; do
		checks=$((checks + 1))
		if [ ! -s "$work/$f.text.shape" ] ||
			! cmp -s "$work/$f.text.shape" "$work/$f.$face.shape"; then
			echo "FAIL: $mech: the $face face shows the AUTH exchange differently"
			diff "$work/$f.text.shape" "$work/$f.$face.shape" | head -n 8
			failures=$((failures + 1))
		fi
	done
	case $mech in
	PLAIN) has "$f" "C: AUTH PLAIN ********" ;;
	*) has "$f" "C: AUTH $mech" ;;
	esac
	for out in "$f.out" "$f-json.out" "$f-replay.out" "$f-md.out" "$f.transcript"; do
		no_secrets "$work/$out"
	done
done

# A local MTA over --pipe: Postfix's own sendmail -bs with the lab's
# configuration; the message goes through its queue to the Maildir.
tag="smtpdbg-pipe-$$"
run pipe 0 --pipe "/usr/sbin/sendmail -C $LAB_STATEDIR/postfix/etc -bs" --from "$LAB_USER" \
	--to "$LAB_USER" --body-file "$(body "$tag")"
delivered "$LAB_MAILDIR_POSTFIX" "$tag"
has pipe "connected to the command /usr/sbin/sendmail"
has pipe "S: 220 "
has pipe "the command exited with status 0"

# Some recipients refused by the real Postfix (an unknown local user):
# exit 18, the refused one named, the message delivered to the other.
tag="smtpdbg-partial-$$"
run partial 18 --starttls --cafile "$LAB_CAFILE" --auth PLAIN --user "$LAB_USER" \
	--password-env P --from "$LAB_USER" --to "$LAB_USER" --to "nobody-$$@$LAB_DOMAIN" \
	--body-file "$(body "$tag")" "$H:$LAB_SUBMISSION_PORT"
delivered "$LAB_MAILDIR_POSTFIX" "$tag"
has partial "refused: nobody-$$@$LAB_DOMAIN (550)"

finish
