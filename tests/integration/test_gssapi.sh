# GSSAPI (RFC 4752) against a real MIT KDC and Dovecot's GSSAPI behind
# Postfix (tests/lab/gssapi.sh): with the user's ticket (kinit) and with a
# client keytab, with and without TLS, delivered to the Maildir; then every
# way it goes wrong, each with its cause and the command that helps, exit
# 14 and no hang: no ticket, an expired ticket, a service principal the KDC
# does not know, one the server has no key for, a clock beyond the KDC's
# skew (faketime), no KDC answering, a keytab others may read, and a server
# that answers the AP-REQ with garbage (hostile.py gss-garbage). The saved
# session replays.
# Run by ctest as: sh test_gssapi.sh PATH-TO-SMTPDBG
# Needs root and the lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
lab=$(cd "$here/../lab" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the lab needs root (CI runs as root)"
	exit 77
fi
work=$(mktemp -d)
chmod 755 "$work"
state=$work/lab
mkdir "$state"
hpid=
trap '[ -n "$hpid" ] && kill "$hpid" 2>/dev/null; sh "$lab/gssapi.sh" stop "$state" >/dev/null 2>&1; rm -rf "$work"' EXIT
if ! sh "$lab/gssapi.sh" start "$state" >"$work/start.log" 2>&1; then
	cat "$work/start.log"
	echo "0 passed, 1 failed"
	exit 1
fi
. "$state/gss.env"
export KRB5_CONFIG
H=127.0.0.1
U=tester@lab.test

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
run() { # run NAME WANT-EXIT ARGS... (bounded: exit 124 is a hang)
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	timeout 30 "$SMTPDBG" run "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name: exit $got, want $want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | grep -v '^  |   #   ' | tail -n 25
	fi
}
has() { # has NAME TEXT
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1.out" "$work/$1.err" || fail "$1: output lacks '$2'"
}
lacks() { # lacks NAME TEXT
	checks=$((checks + 1))
	! grep -qF -- "$2" "$work/$1.out" "$work/$1.err" || fail "$1: output contains '$2'"
}
delivered() { # delivered TAG, within 60 s (a bound against a hang)
	checks=$((checks + 1))
	i=0
	while [ $i -lt 600 ]; do
		grep -qsF -- "$1" "$GSS_MAILDIR"/new/* && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "no message '$1' in $GSS_MAILDIR"
}
gss() { echo "--auth GSSAPI --gss-host $GSS_HOST"; }
login() { # login CACHE [KINIT-OPTIONS]: a ticket for the test user
	cc=$1
	shift
	rm -f "$cc"
	echo "$GSS_PASSWORD" | KRB5CCNAME=FILE:$cc kinit "$@" "$GSS_USER" >/dev/null 2>&1 ||
		fail "kinit $GSS_USER did not get a ticket"
}

# 1. kinit, then GSSAPI without TLS: 235, every step explained, the tokens
# masked; the message arrives; the session is saved and replays.
login "$work/cc"
export KRB5CCNAME=FILE:$work/cc
tag="smtpdbg-gssapi-$$"
run plain 0 $(gss) --explain-auth --from "$U" --to "$U" --subject "$tag" \
	--output "$work/plain.tr" "$H:$GSS_PORT"
has plain "S: 250-AUTH GSSAPI PLAIN"
has plain "client principal: $GSS_USER"
has plain "service name: smtp@$GSS_HOST (GSS_C_NT_HOSTBASED_SERVICE"
has plain "service ticket: for smtp/$GSS_HOST@$GSS_REALM"
has plain "TOK_ID 01 00, AP-REQ"
has plain "TOK_ID 02 00, AP-REP"
has plain "mutual authentication done"
has plain "offered layers: 0x01 = no security layer"
has plain "maximum message size: "
has plain "chosen: 0x01, no security layer, maximum size 0"
has plain "no password crossed the wire"
has plain "the mail itself, is unprotected"
# Without --explain-auth that warning is still said (it is no detail).
run plain_brief 0 $(gss) --from "$U" --to "$U" --subject "$tag-brief" "$H:$GSS_PORT"
has plain_brief "the mail itself, is unprotected"
# The security-layer offer the server sent is shown as it came: gss_unwrap
# works in place, on a copy (its Wrap token starts 05 04 in every face).
run plain_json 0 $(gss) --json --from "$U" --to "$U" --subject "$tag-json" "$H:$GSS_PORT"
checks=$((checks + 1))
grep '"type":"auth"' "$work/plain_json.out" | grep -qF '"challenge":"\\x05\\x04\\x05' ||
	fail "plain_json: the security-layer challenge is not the server's Wrap token: $(grep '"type":"auth"' "$work/plain_json.out" | cut -c1-300)"
has plain "a Kerberos token"
has plain "S: 235 "
# The AP-REQ (Base64 "YII...") never reaches the output or the file.
checks=$((checks + 1))
! grep -qE '^C: YII|AUTH GSSAPI YII' "$work/plain.out" "$work/plain.tr" ||
	fail "plain: the client's token is not masked"
delivered "$tag"
checks=$((checks + 1))
timeout 30 "$SMTPDBG" replay --text "$work/plain.tr" >"$work/replay.out" 2>&1 ||
	fail "replay: smtpdbg replay could not open the saved GSSAPI session"
has replay "C: AUTH GSSAPI"
has replay "GSSAPI token: initial-context token (RFC 2743 §3.1): "
has replay "TOK_ID 02 00, AP-REP"
has replay "GSSAPI token: Wrap token"
has replay "a Kerberos token"
has replay "S: 235 "

# 1a. The gssapi lesson is this session, recorded: a fresh recording made
# as the lesson's was (no TLS, its message) has the same lines, but for the
# tokens and the queue id, and the server's replies are the same.
printf 'Subject: Kerberos\r\n\r\nHello, from a Kerberos login.\r\n' >"$work/lesson-msg.txt"
run rec 0 $(gss) --no-tls --show-secrets --ehlo client.lab.test --from "$U" --to "$U" \
	--body-file "$work/lesson-msg.txt" --output "$work/rec.tr" "$H:$GSS_PORT"
skeleton() { # the lines, tokens and queue ids replaced (sed), one a line
	sed -e 's/^\(334\|C\) [A-Za-z0-9+\/=]\{40,\}$/\1 TOKEN/' \
		-e 's/^\([A-Za-z0-9+\/=]\{40,\}\)$/TOKEN/' -e 's/queued as [0-9A-F]*/queued as ID/'
}
# The recording: client lines and reply lines; the message's own lines
# are not kept in a transcript, so they are left out of both.
sed -n 's/^\([CS]\) [0-9]* [-S] \{0,1\}//p' "$work/rec.tr" | skeleton >"$work/rec.lines"
lesson=$here/../../docs/lessons/gssapi.lesson
sed -n -e 's/^send$//p' -e 's/^send //p' -e 's/^reply //p' "$lesson" |
	grep -v '^Hello, from a Kerberos login\.$' | skeleton >"$work/lesson.lines"
checks=$((checks + 1))
if ! diff "$work/lesson.lines" "$work/rec.lines" >"$work/lesson.diff"; then
	fail "the gssapi lesson differs from a fresh recording:"
	sed 's/^/  | /' "$work/lesson.diff" | head -20
fi
checks=$((checks + 1))
timeout 30 "$SMTPDBG" demo --lesson "$lesson" --print >"$work/lesson.out" 2>&1 ||
	fail "the gssapi lesson does not play to its end"

# 1b. --auth auto after kinit: the ticket is a credential, GSSAPI chosen;
# with no ticket and nothing else, a usage error naming kinit.
run auto 0 --auth auto --gss-host "$GSS_HOST" --from "$U" --to "$U" "$H:$GSS_PORT"
has auto "chosen: GSSAPI"
has auto "S: 235 "
KRB5CCNAME=FILE:$work/none run auto_none 2 --auth auto --gss-host "$GSS_HOST" --from "$U" \
	--to "$U" "$H:$GSS_PORT"
has auto_none "a Kerberos ticket (kinit)"

# 2. STARTTLS: the same, and why no security layer is chosen.
run tls 0 $(gss) --starttls --cafile "$GSS_CAFILE" --verify-name "$GSS_HOST" --explain-auth \
	--from "$U" --to "$U" --subject "$tag-tls" "$H:$GSS_PORT"
has tls "why: TLS protects the whole session already"
has tls "S: 235 "
delivered "$tag-tls"

# 3. A client keytab, no kinit: tickets in a memory cache; the user's cache
# (KRB5CCNAME) is never written.
KRB5CCNAME=FILE:$work/never run keytab 0 $(gss) --keytab "$GSS_ROBOT_KEYTAB" \
	--principal "$GSS_ROBOT" --explain-auth --from "$U" --to "$U" --subject "$tag-kt" \
	"$H:$GSS_PORT"
has keytab "client principal: $GSS_ROBOT"
has keytab "memory cache"
has keytab "S: 235 "
delivered "$tag-kt"
checks=$((checks + 1))
[ ! -e "$work/never" ] || fail "keytab: the user's credential cache was written"
# A keytab others may read is refused before connecting (exit 2).
cp "$GSS_ROBOT_KEYTAB" "$work/open.keytab"
chmod 644 "$work/open.keytab"
run keytab_open 2 $(gss) --keytab "$work/open.keytab" --principal "$GSS_ROBOT" \
	--quit-after auth "$H:$GSS_PORT"
has keytab_open "group or others may read or write it"
run principal_alone 2 $(gss) --principal "$GSS_ROBOT" --quit-after auth "$H:$GSS_PORT"
has principal_alone "--principal goes with --keytab"
# A principal whose key the keytab lacks: said as such (not "no kinit"),
# with the command that lists the keytab, even under --quiet.
run keytab_wrong 14 $(gss) --keytab "$GSS_ROBOT_KEYTAB" --principal "$GSS_USER" --quiet \
	--from "$U" --to "$U" "$H:$GSS_PORT"
has keytab_wrong "gave no ticket for $GSS_USER: klist -k $GSS_ROBOT_KEYTAB"
lacks keytab_wrong "see the note above"

# 4. No ticket at all.
KRB5CCNAME=FILE:$work/none run none 14 $(gss) --from "$U" --to "$U" "$H:$GSS_PORT"
has none "KRB5_CC_NOTFOUND"
has none "kinit USER@REALM"
has none "failed at the auth stage"
# --quiet prints no notes: the reason is in the result line itself.
KRB5CCNAME=FILE:$work/none run none_quiet 14 $(gss) --quiet --from "$U" --to "$U" "$H:$GSS_PORT"
has none_quiet "failed at the auth stage: GSSAPI could not start: GSSAPI failed (KRB5_CC_NOTFOUND)"

# 5. An expired ticket (three seconds of life).
login "$work/short" -l 3s
sleep 4
KRB5CCNAME=FILE:$work/short run expired 14 $(gss) --from "$U" --to "$U" "$H:$GSS_PORT"
has expired "KRB5KRB_AP_ERR_TKT_EXPIRED"
has expired "kinit gets a new ticket"

# 6. A service principal the KDC does not know, and one it knows but the
# server has no key for (imap/mail.lab.test): the server's 535, explained.
run nokey 14 --auth GSSAPI --gss-host nokey.lab.test --from "$U" --to "$U" "$H:$GSS_PORT"
has nokey "KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN"
has nokey "--gss-service"
has nokey "the KDC knows no smtp/nokey.lab.test: kvno smtp/nokey.lab.test tests it"
# Connected by address, no --gss-host: the principal asked for is named,
# and the name is the likely fix.
run byaddr 14 --auth GSSAPI --quiet --user bob --from "$U" --to "$U" "$H:$GSS_PORT"
has byaddr "GSSAPI does not use --user"
has byaddr "the KDC knows no smtp/$H"
has byaddr "give the server's name with --gss-host NAME"
run imap 14 $(gss) --gss-service imap --from "$U" --to "$U" "$H:$GSS_PORT"
has imap "S: 535 "
has imap "the server's keytab lacks the key"
# No password was sent: no password advice for a Kerberos refusal.
has imap "GSSAPI sent no password"
lacks imap "Type the password again"
# The ticket accepted, the server proved itself (AP-REP), then the login
# refused (an authorisation identity the test user may not act as): said
# as such, not blamed on clocks or keys.
run authz 14 $(gss) --authzid "$GSS_ROBOT" --from "$U" --to "$U" "$H:$GSS_PORT"
has authz "S: 535 "
has authz "accepted the ticket and proved itself"
lacks authz "the clocks differ"
lacks authz "Type the password again"

# 7. A clock an hour ahead of the KDC's (beyond its 5 minutes of skew).
# A fresh cache, so the service ticket must be asked for (with the skewed
# clock in its authenticator).
login "$work/skew"
checks=$((checks + 1))
# (A sanitizer build lets faketime's library come before its runtime.)
KRB5CCNAME=FILE:$work/skew ASAN_OPTIONS=verify_asan_link_order=0:${ASAN_OPTIONS:-} \
	timeout 30 faketime -f +1h "$SMTPDBG" run $(gss) --from "$U" \
	--to "$U" "$H:$GSS_PORT" >"$work/skewed.out" 2>"$work/skewed.err"
[ $? -eq 14 ] || fail "skewed: want exit 14"
has skewed "KRB5KRB_AP_ERR_SKEW"
has skewed "time sync"

# 7a. No KDC answers (the realm's kdc line names a closed port): a fresh
# cache, so the service ticket must be asked for.
login "$work/unreach"
sed "s/kdc = 127.0.0.1:$GSS_KDC_PORT/kdc = 127.0.0.1:1/" "$KRB5_CONFIG" >"$work/unreach.conf"
KRB5_CONFIG=$work/unreach.conf KRB5CCNAME=FILE:$work/unreach run unreach 14 $(gss) \
	--from "$U" --to "$U" "$H:$GSS_PORT"
has unreach "KRB5_KDC_UNREACH"
has unreach "that the KDC runs and its port is reachable"

# 8. A server answering the AP-REQ with garbage: cancelled with "*", the
# reason given, exit 14, no hang.
k=0
for why in "GSS_S_DEFECTIVE_TOKEN" "GSS_S_DEFECTIVE_TOKEN" "could not be decoded (malformed ASN.1)" \
	"could not be decoded (malformed ASN.1)" \
	"the server sent an empty challenge where its Kerberos token"; do
	k=$((k + 1))
	rm -f "$work/h.port" "$work/h.port.log"
	python3 "$here/hostile.py" gss-garbage "$work/h.port" --case $k >"$work/h.err" 2>&1 &
	hpid=$!
	i=0
	while [ ! -s "$work/h.port" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	run "garbage-$k" 14 $(gss) --explain-auth --from "$U" --to "$U" "$H:$(cat "$work/h.port")"
	wait "$hpid"
	hpid=
	has "garbage-$k" "GSSAPI: the server's token"
	has "garbage-$k" "$why"
	has "garbage-$k" "C: *"
	checks=$((checks + 1))
	grep -q "OK: the client cancelled with" "$work/h.port.log" ||
		fail "garbage-$k: the client did not cancel: $(cat "$work/h.port.log")"
done

finish
