# smtpdbg run's test message: --dump-message output read back by a real
# parser (Python's email package: headers, parts, types, names, contents
# equal to the files), bad input refused with exit 2 before anything is
# sent, and a real run on loopback showing the header lines and a summary.
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v python3 >/dev/null 2>&1; then
	echo "skipped: python3 is needed to parse the message"
	exit 77
fi
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"

printf 'plain text\nsecond line\n' >"$work/notes.txt"
head -c 3000 /dev/urandom >"$work/bild ü.png"
head -c 100000 /dev/urandom >"$work/Übersicht über alle Berichte des Jahres 2026 (endgültig).pdf"
: >"$work/empty.bin"

# check NAME SPEC: the message in $work/NAME.eml is what SPEC says
check() {
	checks=$((checks + 1))
	if ! python3 "$here/message_check.py" "$work/$1.eml" "$2" >"$work/$1.check" 2>&1; then
		echo "FAIL: $1: the message does not parse as it should:"
		sed 's/^/  | /' "$work/$1.check"
		failures=$((failures + 1))
	fi
}

# dump NAME ARGS...: run --dump-message, keep the message; it must exit 0
dump() {
	name=$1; shift
	checks=$((checks + 1))
	if ! "$SMTPDBG" run --dump-message "$@" >"$work/$name.eml" 2>"$work/$name.err"; then
		echo "FAIL: $name: --dump-message failed"
		sed 's/^/  | /' "$work/$name.err"
		failures=$((failures + 1))
	fi
}

# The default message: every generated field, a text saying what sent it.
dump default --from a@lab.test --to b@lab.test --to c@lab.test
check default '{"headers": {"From": "a@lab.test", "To": "b@lab.test, c@lab.test",
	"MIME-Version": "1.0"}, "text_contains": "sent by smtpdbg"}'
expect_out 'Subject: smtpdbg test message' cat "$work/default.eml"

# Headers, a non-ASCII subject and display name, an 8-bit text, and files
# (one inline, one with a long non-ASCII name, one empty).
dump full --from a@lab.test --to b@lab.test --subject 'Grüße aus Köln – ein Test' \
	--header 'From: Jürgen Müller <a@lab.test>' --header 'X-Case: one' \
	--add-header 'X-Twice: 1' --add-header 'X-Twice: 2' \
	--body "$(printf 'Hallo,\nhier ist Text mit Umlauten: äöü.\n.Zeile mit Punkt')" \
	--attach-inline "$work/bild ü.png" --attach "$work/notes.txt" \
	--attach "$work/Übersicht über alle Berichte des Jahres 2026 (endgültig).pdf" \
	--attach "$work/empty.bin"
check full '{"headers": {"Subject": "Grüße aus Köln – ein Test",
	"From": "Jürgen Müller <a@lab.test>", "To": "b@lab.test", "X-Case": "one",
	"X-Twice": ["1", "2"]},
	"text": "Hallo,\nhier ist Text mit Umlauten: äöü.\n.Zeile mit Punkt\n",
	"parts": [
	 {"disposition": "inline", "type": "image/png", "name": "bild ü.png",
	  "file": "'"$work"'/bild ü.png"},
	 {"disposition": "attachment", "type": "text/plain", "name": "notes.txt",
	  "file": "'"$work"'/notes.txt"},
	 {"disposition": "attachment", "type": "application/pdf",
	  "name": "Übersicht über alle Berichte des Jahres 2026 (endgültig).pdf",
	  "file": "'"$work"'/Übersicht über alle Berichte des Jahres 2026 (endgültig).pdf"},
	 {"disposition": "attachment", "type": "application/octet-stream", "name": "empty.bin",
	  "file": "'"$work"'/empty.bin"}]}'
# Exactly what is sent: CRLF lines, not dot-stuffed, Base64 lines of 76.
checks=$((checks + 1))
if ! python3 - "$work/full.eml" <<'EOF'
import sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "not all CRLF"
lines = raw.split(b"\r\n")
assert b".Zeile mit Punkt" in lines, "dot-stuffed before sending"
assert max(len(l) for l in lines) <= 78, "a line over 78"
b64 = [l for l in lines if len(l) == 76 and b" " not in l]
assert len(b64) > 1000, "Base64 lines of 76: %d" % len(b64)
EOF
then
	echo "FAIL: full: not the bytes that would be sent"
	failures=$((failures + 1))
fi

# --header replaces a generated field; no Subject twice.
dump replace --from a@lab.test --to b@lab.test --header 'Subject: mine' --header 'Date: Thu, 1 Jan 2026 00:00:00 +0000'
check replace '{"headers": {"Subject": "mine", "Date": "Thu, 01 Jan 2026 00:00:00 +0000"}}'

# --body-file: the file as it is, line ends made CRLF; standard input too.
printf 'Subject: as is\nX-File: yes\n\nbody\n.dot\n' >"$work/msg.eml"
dump file --from a@lab.test --to b@lab.test --body-file "$work/msg.eml"
expect_line "$(printf 'Subject: as is\r\nX-File: yes\r\n\r\nbody\r\n.dot\r')" cat "$work/file.eml"
checks=$((checks + 1))
printf 'Subject: piped\n\nfrom stdin\n' |
	"$SMTPDBG" run --dump-message --from a@lab.test --to b@lab.test --body-file - \
		>"$work/stdin.eml" 2>&1
if [ "$(cat "$work/stdin.eml")" != "$(printf 'Subject: piped\r\n\r\nfrom stdin\r')" ]; then
	echo "FAIL: --body-file - did not send standard input"
	failures=$((failures + 1))
fi

# --dump-message connects nowhere: a HOST nobody listens on is fine.
expect_status 0 "$SMTPDBG" run --dump-message --from a@lab.test --to b@lab.test 127.0.0.1:1

# Bad input: exit 2, the option named, before anything is sent.
bad() {
	bad_says=$1; shift
	expect_status 2 "$SMTPDBG" run --from a@lab.test --to b@lab.test "$@" 127.0.0.1:1
	expect_out "$bad_says" "$SMTPDBG" run --from a@lab.test --to b@lab.test "$@" 127.0.0.1:1
	expect_no_out 'connect' "$SMTPDBG" run --from a@lab.test --to b@lab.test "$@" 127.0.0.1:1
}
bad '--attach /nonexistent/x.pdf' --attach /nonexistent/x.pdf
bad '--attach-inline' --attach-inline "$work"
bad '--body-file' --body-file /nonexistent/body
bad '--body-file' --body-file "$work"
bad '--header' --header 'NoColon'
bad '--header' --header 'Bad Name: x'
bad '--header' --header "$(printf 'X-A: one\r\nBcc: evil@example.com')"
bad '--add-header' --add-header ': empty name'
bad '--subject' --subject "$(printf 'two\nlines')"
bad '--body and --body-file' --body x --body-file "$work/msg.eml"
bad '--body-file sends FILE' --body-file "$work/msg.eml" --subject x
bad '--header Content-Type' --attach "$work/notes.txt" --header 'Content-Type: text/html'
expect_status 2 "$SMTPDBG" run --dump-message
expect_out 'needs --from and --to' "$SMTPDBG" run --subject x 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --dump-message --from a@lab.test --to b@lab.test \
	--output "$work/never"
checks=$((checks + 1))
[ ! -e "$work/never" ] || { echo "FAIL: --output made a file for --dump-message"; failures=$((failures + 1)); }

# A real run on loopback: the header lines as sent, a summary per part,
# and with --json the same facts, the size that of the dump.
log=$work/serve.log
serve_start "$log" --personality open-relay
set -- --from a@lab.test --to b@lab.test --subject 'Grüße' --header 'X-Case: run' \
	--attach "$work/notes.txt" --attach "$work/bild ü.png"
"$SMTPDBG" run --timeout 10 "$@" "127.0.0.1:$port" >"$work/run.out" 2>&1
expect_status 0 test $? -eq 0
expect_out 'C: Subject: =?UTF-8?B?R3LDvMOfZQ==?=' cat "$work/run.out"
expect_out 'C: X-Case: run' cat "$work/run.out"
expect_out 'C: Content-Type: multipart/mixed; boundary=' cat "$work/run.out"
expect_out 'attachment bild ü.png: image/png, 3000 bytes (4106 as Base64)' cat "$work/run.out"
expect_out 'attachment notes.txt: text/plain, 23 bytes' cat "$work/run.out"
expect_out 'C: .' cat "$work/run.out"
expect_no_out 'C: plain text' cat "$work/run.out"
"$SMTPDBG" run --json --timeout 10 "$@" "127.0.0.1:$port" >"$work/run.jsonl" 2>&1
"$SMTPDBG" run --dump-message "$@" >"$work/same.eml"
checks=$((checks + 1))
if ! python3 - "$work/run.jsonl" "$(wc -c <"$work/same.eml")" <<'EOF'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1]) if '"type":"message"' in l]
assert len(msgs) == 1, msgs
m = msgs[0]
assert m["size"] == int(sys.argv[2]), (m["size"], sys.argv[2])
assert not m["8bit"] and not m["utf8"] and not m["file"]
kinds = [(p["kind"], p["type"], p.get("name"), p["size"]) for p in m["parts"]]
assert kinds[1:] == [("attachment", "text/plain", "notes.txt", 23),
                     ("attachment", "image/png", "bild ü.png", 3000)], kinds
EOF
then
	echo "FAIL: run --json: the message object is not what was sent"
	failures=$((failures + 1))
fi
kill "$pid"
wait "$pid" 2>/dev/null
pid=

finish
