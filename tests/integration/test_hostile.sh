# smtpdbg run against hostile servers (hostile.py), one scenario per
# misbehaviour: what a correct client does for each. No root and no lab:
# everything runs on 127.0.0.1. Run by ctest as:
#   sh test_hostile.sh PATH-TO-SMTPDBG
# Each run is bounded (timeout 30: exit 124 is a hang, a failure), its
# memory is bounded (ulimit -v; not under a sanitizer, whose own memory is
# no measure of the program's), and its output must hold no raw control byte.
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
hpid=
trap '[ -n "$hpid" ] && kill "$hpid" 2>/dev/null; rm -rf "$work"' EXIT
H=127.0.0.1
export HOSTILE_PASSWORD='Hostile-s3cret!' P='Hostile-s3cret!'
b64() { printf '%s' "$1" | base64 -w0; }
secrets="$P $(b64 "$P") $(printf '\0%s\0%s' u "$P" | base64 -w0)"

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# Memory: 256 MiB of address space, unless the binary cannot even start so:
# a sanitizer build reserves terabytes of shadow memory, and its footprint
# (shadow, quarantine, redzones) says nothing about the program's, so no
# memory bound is checked for it.
limit_kb=262144
if [ "$( (ulimit -v $limit_kb && "$SMTPDBG" --version >/dev/null 2>&1; echo $?) 2>/dev/null)" = 0 ]; then
	memcheck=ulimit
else
	memcheck=none
	echo "note: $SMTPDBG cannot start under ulimit -v (a sanitizer build?): no memory bound"
fi

# Certificates, made now: "self" is self-signed for 127.0.0.1 (trusted with
# --cafile itself, or not at all); "wrong" is signed by "ca" for another name.
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
mkcert self /CN=127.0.0.1 IP:127.0.0.1 && mkcert ca "/CN=hostile test CA" DNS:ca.invalid &&
	mkcert wrong /CN=wrong-host.invalid DNS:wrong-host.invalid ca ||
	{ echo "openssl could not make the test certificates"; echo "0 passed, 1 failed"; exit 1; }

# One server process for the whole script (Python can take seconds to
# start on a loaded machine); each connection is served the way the line in
# $work/port.next says. Wait for it to listen.
python3 "$here/hostile.py" --multi "$work/port" >"$work/hostile.err" 2>&1 &
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

# hostile SCENARIO [OPTIONS]: the next connection gets SCENARIO; what the
# client sends goes to $rx, the server's notes to $hlog.
n=0
hostile() {
	n=$((n + 1))
	sc=$1
	shift
	rx=$work/s$n.rx hlog=$work/s$n.log
	: >"$rx"
	: >"$hlog"
	printf '%s %s' "$sc" "$work/s$n" >"$work/port.next.tmp"
	for a in "$@"; do printf ' %s' "$a" >>"$work/port.next.tmp"; done
	mv "$work/port.next.tmp" "$work/port.next"
}

# Wait for the server's side of the connection to finish (it logs END), so
# that $rx and $hlog hold everything before they are checked. The client has
# exited by now, so END always comes; the 60 s bound only guards against a
# hang, and missing it is a failure, not a reason to check half a file.
stop_hostile() {
	i=0
	while [ $i -lt 600 ] && ! grep -qx END "$hlog" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -qx END "$hlog" 2>/dev/null ||
		{ checks=$((checks + 1)); fail "$name: the server did not finish within 60 s"; }
}

# clean FILE: no raw control byte (C0 but TAB and LF, DEL, C1 raw or UTF-8
# encoded), no bidi or zero-width character, and valid UTF-8.
ctl=$(printf '[\001-\010\013-\037\177]|\302[\200-\237]|\342\200[\213\216\217\252-\256]|\342\201[\246-\251]')
clean() {
	checks=$((checks + 1))
	if LC_ALL=C grep -qE "$ctl" "$1"; then
		fail "$1: a raw control byte or a bidi character reached the output"
		LC_ALL=C grep -nE "$ctl" "$1" | cat -v | cut -c1-200 | head -3
	elif ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
		fail "$1: invalid UTF-8 reached the output"
	fi
}

# run NAME WANT-EXIT ARGS...: smtpdbg run against the current server, with
# the transcript in $work/NAME.tr; output in $work/NAME.out and .err.
run() {
	name=$1 want=$2
	shift 2
	checks=$((checks + 1))
	case $memcheck in
	ulimit) (ulimit -v $limit_kb; exec timeout 30 "$SMTPDBG" run --output "$work/$name.tr" "$@" \
		"$H:$port") >"$work/$name.out" 2>"$work/$name.err" ;;
	*) timeout 30 "$SMTPDBG" run --output "$work/$name.tr" "$@" "$H:$port" \
		>"$work/$name.out" 2>"$work/$name.err" ;;
	esac
	got=$?
	if [ "$got" -eq 124 ]; then
		fail "$name: hung (killed after 30 s)"
	elif [ "$got" -ne "$want" ]; then
		fail "$name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | cut -c1-200 | tail -n 25
	fi
	clean "$work/$name.out"
	clean "$work/$name.err"
	clean "$work/$name.tr"
	stop_hostile
	cp "$rx" "$work/$name.rx" 2>/dev/null
	cp "$hlog" "$work/$name.log" 2>/dev/null
}

# has NAME TEXT: stdout or stderr of run NAME has TEXT; lacks: has not.
has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1.out" "$work/$1.err" || fail "$1: output lacks '$2'"
}
lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$work/$1.out" "$work/$1.err" || fail "$1: output has '$2'"
}
# sent NAME TEXT / not_sent NAME TEXT: the server received TEXT, or not.
sent() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1.rx" || fail "$1: the client did not send '$2'"
}
not_sent() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$work/$1.rx" || fail "$1: the client sent '$2'"
}
no_secrets() { # no_secrets NAME: neither sent nor shown
	for secret in $secrets; do
		not_sent "$1" "$secret"
		shown_nowhere "$1" "$secret"
	done
}
not_shown() { # not_shown NAME: sent (over TLS, or allowed), but never shown
	for secret in $secrets; do shown_nowhere "$1" "$secret"; done
}
shown_nowhere() {
	lacks "$1" "$2"
	checks=$((checks + 1))
	! grep -qF -- "$2" "$work/$1.tr" || fail "$1: the transcript has '$2'"
}
# kept NAME "K: TEXT": the --output transcript (docs/transcript-format.md)
# has a record of kind K with TEXT (the lines up to the failure)
kept() {
	checks=$((checks + 1))
	kind=${2%%: *} text=${2#*: }
	grep -F -- "$text" "$work/$1.tr" | grep -q "^$kind [0-9]* [A-Z-]* " ||
		fail "$1: the transcript lacks '$2'"
}
# crlf NAME: every line the client sent ends in CRLF
crlf() {
	checks=$((checks + 1))
	python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
sys.exit(1 if d.count(b"\n") != d.count(b"\r\n") or not d.endswith(b"\r\n") else 0)' \
		"$work/$1.rx" || fail "$1: the client sent a line without CRLF"
}
logged() { # logged NAME TEXT: the server's notes have TEXT
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1.log" || fail "$1: the server did not log '$2'"
}
auth=" --user u --password-env P"

# 1. Escape sequences in every reply of a whole session, the AUTH LOGIN
# prompts included: all shown escaped, the session itself works.
hostile ansi-injection
run ansi 0 --auth LOGIN $auth --allow-plaintext-auth --from a@client.test --to b@evil.test
has ansi '\x1b[2J'
has ansi '\x1b]52;c;'
has ansi '\x1b]8;;http://evil.invalid/'
has ansi '<U+202E>'
has ansi '\xff'
has ansi 'Decoded challenge: Password: \x1b[2J'
has ansi 'S: 221'
kept ansi 'S: 354 go ahead \x1b[2J'
not_shown ansi
crlf ansi
# The same, outside a UTF-8 locale: every byte above 0x7f escaped.
hostile ansi-injection
LC_ALL=C LANG=C run ansi-c 0 --from a@client.test --to b@evil.test
has ansi-c '\xe2\x80\xae'

# 2. A 10 MB line: capped, reported, nothing planted in it taken as a reply.
hostile huge-line
run huge 0 --quit-after banner
has huge "limit"
checks=$((checks + 1))
! grep -q '^S: 250 INJECTED' "$work/huge.out" || fail "huge: a fragment of the long line became a reply"

# 3. 100,000 EHLO lines: bounded, the dropped lines reported, the last kept.
hostile many-lines
run many 0 --quit-after ehlo
has many "too many lines in one reply"
has many "S: 250 AUTH PLAIN LOGIN"

# 4. Timeouts: silence, one byte a second, a reply that stops midway. The
# deadline is per reply, not per byte; the stage is named.
hostile silent
run silent 11 --timeout 2
has silent "no answer from the server within 2 s"
has silent "failed at the banner stage"
checks=$((checks + 1))
[ ! -s "$work/silent.rx" ] || fail "silent: the client spoke before the greeting"
hostile slowloris
run slow 11 --timeout 3
has slow "no answer from the server within 3 s"
has slow "failed at the banner stage"
checks=$((checks + 1))
[ ! -s "$work/slow.rx" ] || fail "slow: the client spoke before the greeting ended"
! grep -q VIOLATION "$work/slow.log" || fail "slow: the server saw a violation"
hostile stall-mid-reply
run stall 12 --timeout 2 --auth PLAIN $auth --allow-plaintext-auth
has stall "failed at the ehlo stage"
kept stall "C: EHLO"
not_sent stall "AUTH"
no_secrets stall

# 5. The connection dropped in the middle of a reply, or reset.
hostile drop-mid-reply
run drop 12 --auth PLAIN $auth --allow-plaintext-auth
has drop "closed in the middle"
has drop "failed at the ehlo stage"
kept drop "S: 250-SIZ"
not_sent drop "AUTH"
no_secrets drop
hostile drop-mid-reply --stage banner
run drop-banner 11
has drop-banner "closed in the middle"
checks=$((checks + 1))
[ ! -s "$work/drop-banner.rx" ] || fail "drop-banner: the client spoke after a cut greeting"
hostile rst
run rst 12
has rst "reset"
has rst "failed at the ehlo stage"
kept rst "S: 220 hostile.test"
kept rst "C: EHLO"

# 6. Malformed codes, in the EHLO reply and in the greeting: never success,
# never waiting for more lines, the reply shown escaped.
k=1
for line in '2500 ok' 'abc' '25' '999 x' '25O ok' '250x ok' ' 250 ok' '250\tok' \
	'100 continue' '650 x' '-250 x' 'arabic digits' '250ok' 'mixed 250/251' \
	'malformed middle' 'mixed 250/252/250'; do
	hostile bad-codes --case $k
	run "code$k" 12 --starttls --auth PLAIN $auth
	has "code$k" "failed at the ehlo stage"
	not_sent "code$k" "STARTTLS"
	not_sent "code$k" "AUTH"
	k=$((k + 1))
done
has code1 "S: 2500 ok"
has code1 "the server's reply was malformed"
has code8 'S: 250\tok'
has code12 'S: ٢٥٠ ok'
has code14 "carry different codes"
has code15 "no command outstanding"
for k in 1 5 14; do
	hostile bad-codes --case $k --stage banner
	run "banner-code$k" 11
	has "banner-code$k" "failed at the banner stage"
	not_sent "banner-code$k" "EHLO"
done

# 7. NUL bytes: shown, and "STARTTLS\0..." is not STARTTLS.
hostile nul-bytes
run nul 13 --starttls
has nul 'S: 220 nul\x00.test'
has nul 'STARTTLS\x00IGNORED'
has nul "does not offer STARTTLS"
not_sent nul "STARTTLS"

# 8. Bare LF, CR CR LF, and both mixed: accepted and flagged; the client
# itself sends CRLF only.
hostile lf-only
run lf 0 --from a@client.test --to b@lf.test
has lf "bare LF"
has lf 'S: 250-PIPELINING\r'
has lf "session completed"
crlf lf

# 9. Unsolicited replies after every answer: flagged, never taken as the
# answer to the next command.
hostile pipelining-desync
run desync 0 --from a@client.test --to b@desync.test
has desync "no command outstanding"
has desync "session completed"
lacks desync "failed at"

# 10. Replies before the client speaks: capabilities only from the real EHLO
# (CRAM-MD5), so AUTH PLAIN is not sent; the early 235 is no login.
hostile early-talker
run early 14 --auth PLAIN $auth --allow-plaintext-auth
has early "no command outstanding"
has early "does not offer AUTH PLAIN (it offers: CRAM-MD5)"
not_sent early "AUTH"
no_secrets early

# 11. Every reply in one-byte segments (and TLS records): the same session
# as with a normal server.
for s in normal fragmented; do
	hostile "$s" --cert "$work/self.pem" --key "$work/self.key"
	run "$s" 0 --starttls --cafile "$work/self.pem" --auth PLAIN $auth \
		--from a@client.test --to b@frag.test
	not_shown "$s"
	grep -E '^(S|C): ' "$work/$s.out" | grep -v '^C: Subject\|^C: Date\|^C: Message-ID' \
		>"$work/$s.lines"
done
has fragmented "S: 235"
checks=$((checks + 1))
cmp -s "$work/normal.lines" "$work/fragmented.lines" ||
	fail "fragmented: the session differs from the normal one"

# 12. Plaintext injected after the STARTTLS 220: discarded and reported; the
# capabilities come from the encrypted EHLO only.
hostile starttls-injection --cert "$work/self.pem" --key "$work/self.key"
run inject 14 --starttls --cafile "$work/self.pem" --auth PLAIN $auth
has inject "CVE-2011-0411"
has inject "AUTH offered before TLS: none; after TLS: CRAM-MD5"
not_sent inject "AUTH"
no_secrets inject
lacks inject "X-INJECTED"
hostile starttls-injection --cert "$work/self.pem" --key "$work/self.key"
run inject-cram 0 --starttls --cafile "$work/self.pem" --auth auto $auth --quit-after auth
has inject-cram "chosen: CRAM-MD5"
sent inject-cram "AUTH CRAM-MD5"

# 13. STARTTLS refused, or not offered while AUTH PLAIN is: no credential
# leaves the client.
for code in 454 502 354; do
	hostile starttls-refused --reply $code
	run "refused$code" 13 --starttls --auth PLAIN $auth --from a@client.test --to b@x.test
	has "refused$code" "failed at the tls stage"
	not_sent "refused$code" "AUTH"
	not_sent "refused$code" "MAIL"
	no_secrets "refused$code"
done
has refused454 "the server answered 454"
hostile starttls-stripped
run stripped 13 --starttls --auth PLAIN $auth
has stripped "does not offer STARTTLS"
not_sent stripped "AUTH"
no_secrets stripped
hostile starttls-stripped
run stripped-clear 14 --auth PLAIN $auth
has stripped-clear "refusing to send the password in clear"
not_sent stripped-clear "AUTH"
no_secrets stripped-clear
hostile starttls-stripped
run stripped-auto 14 --auth auto $auth
has stripped-auto "it would send the secret in clear"
not_sent stripped-auto "AUTH"
no_secrets stripped-auto

# 14. Certificates: self-signed, and valid for another name. Verification
# fails with the reason and nothing is sent over the session; --insecure
# continues and says the certificate was not verified.
for mode in starttls implicit; do
	if [ $mode = implicit ]; then tls=--tls srv=--implicit; else tls=--starttls srv=; fi
	hostile tls-bad-cert --cert "$work/self.pem" --key "$work/self.key" $srv
	run "self-$mode" 13 $tls --auth PLAIN $auth
	has "self-$mode" "self-signed certificate"
	has "self-$mode" "failed at the tls stage"
	not_sent "self-$mode" "AUTH"
	no_secrets "self-$mode"
	hostile tls-wrong-host --cert "$work/wrong.pem" --key "$work/wrong.key" $srv
	run "wrong-$mode" 13 $tls --cafile "$work/ca.pem" --auth PLAIN $auth
	has "wrong-$mode" "mismatch"
	has "wrong-$mode" 'not valid for "127.0.0.1"'
	not_sent "wrong-$mode" "AUTH"
	no_secrets "wrong-$mode"
	hostile tls-bad-cert --cert "$work/self.pem" --key "$work/self.key" $srv
	run "insecure-$mode" 0 $tls --insecure --quit-after tls
	has "insecure-$mode" "FAILED: self-signed certificate (ignored: verification is off)"
done
checks=$((checks + 1))
grep -q '^EHLO' "$work/self-implicit.rx" && fail "self-implicit: EHLO sent over an unverified session"

# 15. An endless AUTH loop: the client cancels with "*" once its mechanism
# is done, never re-sends the password, and stops when the server asks on.
for mech in PLAIN LOGIN CRAM-MD5; do
	hostile auth-loop
	run "loop-$mech" 14 --auth $mech $auth --allow-plaintext-auth
	sent "loop-$mech" "*"
	logged "loop-$mech" "OK: the client cancelled"
	checks=$((checks + 1))
	n=$(grep -c -- "$(b64 "$P")" "$work/loop-$mech.rx")
	[ "$n" -le 1 ] || fail "loop-$mech: the password was sent $n times"
done
hostile auth-loop --case 2
run loop-endless 14 --auth LOGIN $auth --allow-plaintext-auth --timeout 10
has loop-endless "kept asking"
lacks loop-endless "no answer from the server"

# 16. Invalid Base64 challenges: cancelled with "*", reported; and a 64 KB
# CRAM-MD5 challenge (just under the line cap) is answered.
for k in 1 2 3 4 5 6 7; do
	hostile bad-base64 --case $k
	run "b64-$k" 14 --auth CRAM-MD5 $auth
	has "b64-$k" "not valid Base64"
	logged "b64-$k" "OK: the client cancelled with *"
done
hostile bad-base64 --case 0
run b64-huge 0 --auth CRAM-MD5 $auth --quit-after auth
has b64-huge "S: 235"

# 16a. Garbage NTLM CHALLENGE messages (none at all, or fields pointing
# outside the message): cancelled with "*", explained, exit 14, no hang.
k=0
for why in "not an NTLM message" "the target name lies outside the message" \
	"the target information is malformed" "the target information lies outside the message" \
	"the target information is malformed"; do
	k=$((k + 1))
	hostile ntlm-garbage --case $k
	run "ntlm-$k" 14 --auth NTLM $auth --explain-auth
	sent "ntlm-$k" "*"
	has "ntlm-$k" "NTLM message 2, CHALLENGE"
	has "ntlm-$k" "$why"
	logged "ntlm-$k" "OK: the client cancelled with *"
done


# 16b. Secrets by role: AUTH LOGIN whose password prompt says "Kennwort:",
# or is empty, or binary: the second answer is the password all the same,
# masked in the output and the transcript file.
for k in 1 2 3; do
	hostile login-prompts --case $k
	run "login-$k" 0 --auth LOGIN --allow-plaintext-auth $auth --quit-after auth
	logged "login-$k" "answers: dQ== "
	pw64=$(printf %s "$P" | base64)
	lacks "login-$k" "$pw64"
	lacks "login-$k" "$P"
	checks=$((checks + 1))
	! grep -qF -- "$pw64" "$work/login-$k.tr" || fail "login-$k: the transcript file has the password"
	has "login-$k" "C: ********"
done

# 17. Floods after the EHLO reply: one-line unsolicited replies as fast as
# the client reads them, a reply that never ends, 60 KB binary lines. run
# ends by itself (within bounds far above what it needs), its output stays
# clean and its memory bounded (run above), and SIGTERM in the middle of a
# flood ends it within 5 s, non-zero, with a message.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# within NAME T0 MS: at most MS milliseconds since T0
within() {
	checks=$((checks + 1))
	took=$(($(now_ms) - $2))
	[ "$took" -le "$3" ] || fail "$1: took $took ms (bound $3 ms)"
}
# killed NAME ARGS...: smtpdbg run ARGS in the background (its output to
# $work/NAME.err, stdout thrown away: it can be gigabytes), SIGTERM after
# 2 s; it must end within 5 s, non-zero, and say why on stderr.
killed() {
	name=$1
	shift
	"$SMTPDBG" run "$@" "$H:$port" >/dev/null 2>"$work/$name.err" &
	kpid=$!
	sleep 2
	checks=$((checks + 1))
	kill -0 "$kpid" 2>/dev/null || fail "$name: run had ended before the SIGTERM"
	kill -TERM "$kpid" 2>/dev/null
	i=0
	while kill -0 "$kpid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	checks=$((checks + 1))
	if kill -0 "$kpid" 2>/dev/null; then
		fail "$name: still running 5 s after SIGTERM"
		kill -KILL "$kpid" 2>/dev/null
	fi
	wait "$kpid"
	got=$?
	checks=$((checks + 1))
	[ "$got" -ne 0 ] || fail "$name: exit 0 after SIGTERM"
	checks=$((checks + 1))
	[ -s "$work/$name.err" ] || fail "$name: no message on stderr after SIGTERM"
	clean "$work/$name.err"
	stop_hostile
}
noops() { i=0; while [ $i -lt "$1" ]; do echo NOOP; i=$((i + 1)); done; }
noops 10000 >"$work/noop10000.script"
noops 100 >"$work/noop100.script"

hostile flood
t0=$(now_ms)
run flood 0 --timeout 5 --quit-after ehlo
within flood "$t0" 15000
has flood "S: 250 2.0.0 unsolicited"
has flood "no command outstanding"
has flood "session completed"
# the EHLO reply itself never ends: --timeout cuts it at 5 s
hostile flood --case 3
t0=$(now_ms)
run flood-endless 12 --timeout 5 --quit-after ehlo
within flood-endless "$t0" 15000
has flood-endless "failed at the ehlo stage"
# a script of NOOPs sent in the middle of the flood (4 s of it): each takes
# the next line as its answer, so which line that is depends on timing
hostile flood --seconds 4
t0=$(now_ms)
run flood-script 0 --timeout 10 --script "$work/noop100.script"
within flood-script "$t0" 25000
has flood-script "session completed"
hostile binary60k
run binary 0 --timeout 5 --quit-after ehlo
has binary "longer than the 512 octets"
has binary "session completed"
hostile binary60k
run binary-script 0 --timeout 10 --script "$work/noop100.script"
has binary-script "session completed"
has binary-script "longer than the 512 octets"
# SIGTERM in the middle: inside the endless reply, and while a long script
# is answered between unsolicited lines
hostile flood --case 3
killed flood-term-reply --timeout 30 --quit-after ehlo
hostile flood
killed flood-term-script --timeout 30 --script "$work/noop10000.script"
hostile binary60k
killed binary-term --timeout 30 --script "$work/noop10000.script"

finish
