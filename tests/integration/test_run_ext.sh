# smtpdbg run with the SMTP extensions against the lab's Postfix and Exim:
# PIPELINING, CHUNKING (BDAT), SMTPUTF8, DSN, PRDR; and the refusals before
# anything is sent when a server lacks what was asked for (smtpdbg serve).
# Run by ctest as: sh test_run_ext.sh PATH-TO-SMTPDBG. Needs root and the
# lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/../lab/use.sh"

serve_pid=
lab_cleanup='[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null'
lab_up
H=127.0.0.1

run() { # run NAME WANT-EXIT ARGS...
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

has() { # has NAME TEXT
	checks=$((checks + 1))
	if ! grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output lacks '$2'"
		failures=$((failures + 1))
	fi
}

lacks() { # lacks NAME TEXT
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1.out"; then
		echo "FAIL: $1: output has '$2'"
		failures=$((failures + 1))
	fi
}

# found MAILDIR TAG: the file of the message with TAG, within 60 s
found() {
	i=0
	while [ $i -lt 600 ]; do
		f=$(grep -lsF -- "$2" "$1"/new/* | head -n 1)
		[ -n "$f" ] && { echo "$f"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

delivered() { # delivered MAILDIR TAG
	checks=$((checks + 1))
	if ! found "$1" "$2" >/dev/null; then
		echo "FAIL: no message '$2' in $1"
		failures=$((failures + 1))
	fi
}

# intact MAILDIR TAG BODYFILE: the delivered message's body is the file's,
# byte for byte (line ends aside), as Python's email parser reads it
intact() {
	checks=$((checks + 1))
	f=$(found "$1" "$2") || { echo "FAIL: no message '$2' in $1"; failures=$((failures + 1)); return; }
	if ! python3 - "$f" "$3" <<'PY'
import email, sys
from email import policy
got = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
want = email.message_from_binary_file(open(sys.argv[2], "rb"), policy=policy.default)
a = got.get_payload(decode=True).replace(b"\r\n", b"\n")
b = want.get_payload(decode=True).replace(b"\r\n", b"\n")
if a != b or got["Subject"] != want["Subject"]:
    print("body differs: %r ... vs %r ..." % (a[:80], b[:80]))
    sys.exit(1)
PY
	then
		echo "FAIL: the message '$2' in $1 is not the one sent"
		failures=$((failures + 1))
	fi
}

# body TAG: a message with TAG in its subject, leading dots, an empty line,
# a long line and a line of only a dot: what dot-stuffing and BDAT sizes
# must both get right
body() {
	{
		printf 'From: <%s>\nTo: <%s>\nSubject: %s\n\n' "$LAB_USER" "$LAB_USER" "$1"
		printf 'first line\n.leading dot\n..two dots\n.\n\nafter an empty line\n'
		i=0
		while [ $i -lt 40 ]; do printf 'line %d of a longer body, to cut it into chunks\n' $i; i=$((i + 1)); done
		printf 'last line\n'
	} >"$work/$1.eml"
	echo "$work/$1.eml"
}

# 1. PIPELINING on Postfix: MAIL, both RCPTs and DATA in one write, each
#    reply explained against its own command, the time saved said.
tag="smtpdbg-pipe-$$"
run pipe 18 --pipeline --from "$LAB_USER" --to "$LAB_USER" --to "nobody@$LAB_DOMAIN" \
	--body-file "$(body "$tag")" "$H:$LAB_MX_PORT"
intact "$LAB_MAILDIR_POSTFIX" "$tag" "$work/$tag.eml"
has pipe "answers: RCPT TO:<nobody@$LAB_DOMAIN>"
has pipe "answers: MAIL FROM:<$LAB_USER>"
has pipe "refused: nobody@$LAB_DOMAIN (550)"
has pipe "PIPELINING: 4 commands in one write"
checks=$((checks + 1))
# the four commands went before the first reply
if ! awk '/^C: MAIL/{m=1} m&&/^S: /{exit} m&&/^C: /{n++} END{exit n!=4}' "$work/pipe.out"; then
	echo "FAIL: pipe: MAIL, RCPT, RCPT and DATA were not sent before the first reply"
	failures=$((failures + 1))
fi
# the refused recipient's 550 follows the accepted one's 250, as sent
checks=$((checks + 1))
if ! grep -A1 '^S: 550' "$work/pipe.out" | grep -qF "answers: RCPT TO:<nobody@$LAB_DOMAIN>"; then
	echo "FAIL: pipe: the 550 is not matched to the unknown recipient"
	failures=$((failures + 1))
fi

# ... and as JSON Lines: valid against the schema, the time saved an
# "extension" note, the answered command an item of the reply.
run pipe-json 18 --json --pipeline --from "$LAB_USER" --to "$LAB_USER" --to "nobody@$LAB_DOMAIN" \
	--body-file "$work/$tag.eml" "$H:$LAB_MX_PORT"
checks=$((checks + 1))
if ! python3 "$here/../cli/json_check.py" "$here/../../docs/json-lines.schema.json" \
	"$work/pipe-json.out" >"$work/pipe-json.check"; then
	echo "FAIL: pipe-json: not valid JSON Lines"
	cat "$work/pipe-json.check"
	failures=$((failures + 1))
fi
has pipe-json '"type":"extension","text":"PIPELINING: 4 commands'
has pipe-json "answers: RCPT TO:<nobody@$LAB_DOMAIN>"

# 2. PIPELINING on Exim.
tag="smtpdbg-pipe-exim-$$"
run pipe-exim 0 --pipeline --from "$LAB_USER" --to "$LAB_USER" --body-file "$(body "$tag")" \
	"$H:$LAB_EXIM_PORT"
intact "$LAB_MAILDIR_EXIM" "$tag" "$work/$tag.eml"
has pipe-exim "PIPELINING: 3 commands in one write"

# 3. CHUNKING: the message in BDAT chunks of 100 octets, delivered intact
#    (no dot-stuffing in BDAT: the leading dots must arrive as they were).
for srv in postfix exim; do
	tag="smtpdbg-bdat-$srv-$$"
	if [ $srv = postfix ]; then port=$LAB_MX_PORT md=$LAB_MAILDIR_POSTFIX; else port=$LAB_EXIM_PORT md=$LAB_MAILDIR_EXIM; fi
	run "bdat-$srv" 0 --chunking --chunk-size 100 --from "$LAB_USER" --to "$LAB_USER" \
		--body-file "$(body "$tag")" "$H:$port"
	intact "$md" "$tag" "$work/$tag.eml"
	has "bdat-$srv" "C: BDAT 100"
	lacks "bdat-$srv" "C: DATA"
	checks=$((checks + 1))
	if ! grep -q '^C: BDAT [0-9]* LAST$' "$work/bdat-$srv.out"; then
		echo "FAIL: bdat-$srv: no BDAT ... LAST"
		failures=$((failures + 1))
	fi
	# and with PIPELINING: every chunk in flight at once
	tag="smtpdbg-bdat-pipe-$srv-$$"
	run "bdat-pipe-$srv" 0 --chunking --pipeline --chunk-size 64 --from "$LAB_USER" \
		--to "$LAB_USER" --body-file "$(body "$tag")" "$H:$port"
	intact "$md" "$tag" "$work/$tag.eml"
done

# A chunked session saved with --output replays with the same lines: the
# file marks the BDAT lines whose octets it does not hold (flag D).
tag="smtpdbg-bdat-saved-$$"
run bdat-saved 0 --chunking --chunk-size 100 --output "$work/bdat.transcript" \
	--from "$LAB_USER" --to "$LAB_USER" --body-file "$(body "$tag")" "$H:$LAB_MX_PORT"
"$SMTPDBG" replay --text "$work/bdat.transcript" >"$work/bdat-replay.out" 2>&1
grep '^S: \|^C: ' "$work/bdat-saved.out" >"$work/bdat-live.lines"
grep '^S: \|^C: ' "$work/bdat-replay.out" >"$work/bdat-replay.lines"
checks=$((checks + 1))
if ! cmp -s "$work/bdat-live.lines" "$work/bdat-replay.lines" ||
	grep -q 'no command outstanding' "$work/bdat-replay.out"; then
	echo "FAIL: the replayed chunked session differs from the live one"
	diff "$work/bdat-live.lines" "$work/bdat-replay.lines" | head -n 10
	failures=$((failures + 1))
fi
checks=$((checks + 1))
grep -q '^C [0-9]* D BDAT 100$' "$work/bdat.transcript" ||
	{ echo "FAIL: no BDAT record flagged D"; failures=$((failures + 1)); }

# A message of several default-sized (1 MiB) chunks, pipelined: the driver
# must keep reading while the engine gathers a chunk (it once waited for a
# write that never came).
tag="smtpdbg-bdat-big-$$"
big=$(body "$tag")
python3 -c 'import sys
with open(sys.argv[1], "a") as f:
    for i in range(60000):
        f.write("line %d of a message bigger than one chunk\n" % i)' "$big"
run bdat-big 0 --timeout 20 --chunking --pipeline --from "$LAB_USER" --to "$LAB_USER" \
	--body-file "$big" "$H:$LAB_MX_PORT"
intact "$LAB_MAILDIR_POSTFIX" "$tag" "$big"
has bdat-big "C: BDAT 1048576"

# 4. A hand-scripted BDAT: its octets follow it, the reply comes (it used
#    to hang until the timeout and fail "at the ehlo stage", exit 12).
tag="smtpdbg-script-bdat-$$"
printf 'MAIL FROM:<%s>\nRCPT TO:<%s>\nBDAT 22\nSubject: %s\nBDAT 6 LAST\n\nhi\n' \
	"$LAB_USER" "$LAB_USER" "$tag" >"$work/bdat.script"
# "Subject: <tag>" + CRLF must be exactly 22 octets for this script
len=$(printf 'Subject: %s\r\n' "$tag" | wc -c)
sed -i "s/^BDAT 22$/BDAT $len/" "$work/bdat.script"
run script-bdat 0 --timeout 10 --script "$work/bdat.script" "$H:$LAB_MX_PORT"
delivered "$LAB_MAILDIR_POSTFIX" "$tag"
has script-bdat "S: 250 2.0.0 Ok"

# 5. SMTPUTF8: a UTF-8 local part, SMTPUTF8 added by itself and said why.
tag="smtpdbg-utf8-$$"
run utf8 0 --from "$LAB_USER" --to "$LAB_UTF8_USER" --body-file "$(body "$tag")" \
	"$H:$LAB_MX_PORT"
delivered "$LAB_MAILDIR_POSTFIX_UTF8" "$tag"
has utf8 "C: MAIL FROM:<$LAB_USER> SIZE="
has utf8 " SMTPUTF8"
has utf8 "C: RCPT TO:<$LAB_UTF8_USER>"
has utf8 "SMTPUTF8: the address $LAB_UTF8_USER is not ASCII"

# 6. DSN: NOTIFY=SUCCESS makes Postfix send the sender a delivery report,
#    which quotes the ENVID and the ORCPT.
tag="smtpdbg-dsn-$$"
envid="dsn+$$=id"
run dsn 0 --dsn-notify SUCCESS,FAILURE --dsn-ret HDRS --envid "$envid" --orcpt \
	--from "$LAB_USER" --to "postmaster@$LAB_DOMAIN" --body-file "$(body "$tag")" \
	"$H:$LAB_MX_PORT"
has dsn "RET=HDRS ENVID=dsn+2B$$+3Did"
has dsn "NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;postmaster@$LAB_DOMAIN"
delivered "$LAB_MAILDIR_POSTFIX" "Original-Envelope-Id: $envid"
checks=$((checks + 1))
if f=$(found "$LAB_MAILDIR_POSTFIX" "Original-Envelope-Id: $envid") &&
	! grep -q "report-type=delivery-status" "$f"; then
	echo "FAIL: dsn: the report is not a delivery-status report"
	failures=$((failures + 1))
fi

# 7. PRDR on Exim: 353, then a reply per recipient, each matched to its
#    RCPT (postmaster refuses, tester accepts), then the final reply.
tag="smtpdbg-prdr-$$"
run prdr 18 --prdr --from "$LAB_USER" --to "$LAB_USER" --to "postmaster@$LAB_DOMAIN" \
	--body-file "$(body "$tag")" "$H:$LAB_EXIM_PORT"
has prdr "C: MAIL FROM:<$LAB_USER> SIZE="
has prdr " PRDR"
has prdr "refused: postmaster@$LAB_DOMAIN (550)"
has prdr "S: 353"
has prdr "answers: RCPT TO:<postmaster@$LAB_DOMAIN>"
has prdr "PRDR: the message was accepted for 1 of 2 recipients"
delivered "$LAB_MAILDIR_EXIM" "$tag"

# 8. --mail-param: sent as given, with a note when the server does not
#    advertise the extension; Postfix then refuses the unknown parameter.
run mail-param 15 --mail-param MT-PRIORITY=3 --from "$LAB_USER" --to "$LAB_USER" \
	"$H:$LAB_MX_PORT"
has mail-param " MT-PRIORITY=3"
has mail-param "MT-PRIORITY: the server does not advertise MT-PRIORITY"
has mail-param "Transfer priority"
has mail-param "S: 555"

# 9. Refused before anything is sent: smtpdbg serve offers neither
#    SMTPUTF8 nor CHUNKING; Postfix offers no REQUIRETLS.
"$SMTPDBG" serve --personality open-relay --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
serve_pid=$!
i=0
while ! port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -n 1) ||
	[ -z "$port" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "FAIL: serve did not start"; cat "$work/serve.log"; exit 1; }
	sleep 0.1
done
run no-utf8 15 --from a@example.org --to "$LAB_UTF8_USER" "$H:$port"
has no-utf8 "is not ASCII and needs SMTPUTF8"
lacks no-utf8 "C: MAIL"
run no-chunking 15 --chunking --from a@example.org --to b@example.org "$H:$port"
has no-chunking "does not offer CHUNKING"
lacks no-chunking "C: MAIL"
run no-dsn 15 --dsn-notify NEVER --from a@example.org --to b@example.org "$H:$port"
has no-dsn "does not offer DSN"
run requiretls-clear 2 --requiretls --from "$LAB_USER" --to "$LAB_USER" "$H:$LAB_MX_PORT"
has requiretls-clear "--requiretls needs TLS"
run requiretls-none 15 --requiretls --starttls --cafile "$LAB_CAFILE" --from "$LAB_USER" \
	--to "$LAB_USER" "$H:$LAB_MX_PORT"
has requiretls-none "does not offer REQUIRETLS"
lacks requiretls-none "C: MAIL"

finish
