# smtpdbg run's generated message delivered by real servers (the lab's
# Postfix and Exim) into their Maildirs, then read back by Python's email
# package: the headers, the text and two attachments (one with a non-ASCII
# name) as they were given. Run by ctest as: sh test_message.sh PATH-TO-SMTPDBG
# Needs root and the lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/../lab/use.sh"
check_py=$(cd "$here/../cli" && pwd)/message_check.py

lab_up
H=127.0.0.1

# run NAME WANT-EXIT ARGS...: smtpdbg run, its output kept in $work/NAME.out
run() {
	name=$1 run_want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run --timeout 30 "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if [ "$got" -ne "$run_want" ]; then
		echo "FAIL: $name: exit $got, want $run_want"
		sed 's/^/  | /' "$work/$name.out" "$work/$name.err" | tail -n 25
		failures=$((failures + 1))
	fi
}

# delivered MAILDIR TAG NAME: the message whose X-Tag is TAG arrives within
# 60 s (a bound against a hang, not a timing goal); copied to $work/NAME.eml
delivered() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 600 ]; do
		f=$(grep -lsF -- "X-Tag: $2" "$1"/new/* | head -n 1)
		if [ -n "$f" ]; then
			cp "$f" "$work/$3.eml"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: no message tagged $2 in $1"
	failures=$((failures + 1))
	: >"$work/$3.eml"
}

# parsed NAME SPEC: the delivered message is what SPEC says (message_check.py)
parsed() {
	checks=$((checks + 1))
	if ! python3 "$check_py" "$work/$1.eml" "$2" >"$work/$1.check" 2>&1; then
		echo "FAIL: $1: the delivered message is not what was sent:"
		sed 's/^/  | /' "$work/$1.check"
		failures=$((failures + 1))
	fi
}

head -c 200000 /dev/urandom >"$work/Jahresübersicht 2026.pdf"
printf 'line one\nline two\n.a line with a leading dot\n' >"$work/notes.txt"

for server in postfix exim; do
	if [ $server = postfix ]; then
		port=$LAB_MX_PORT maildir=$LAB_MAILDIR_POSTFIX
	else
		port=$LAB_EXIM_PORT maildir=$LAB_MAILDIR_EXIM
	fi
	tag="msg-$server-$$"
	run "$server" 0 --from "$LAB_USER" --to "$LAB_USER" --subject "Grüße von smtpdbg ($server)" \
		--header "From: Jürgen Tester <$LAB_USER>" --header "X-Tag: $tag" \
		--add-header 'X-Extra: one' --add-header 'X-Extra: two' \
		--body "$(printf 'Hallo,\nein Text mit Umlauten: äöü.\n.und ein Punkt am Zeilenanfang')" \
		--attach "$work/Jahresübersicht 2026.pdf" --attach-inline "$work/notes.txt" \
		"$H:$port"
	delivered "$maildir" "$tag" "$server"
	parsed "$server" '{"headers": {"Subject": "Grüße von smtpdbg ('$server')",
		"From": "Jürgen Tester <'"$LAB_USER"'>", "To": "'"$LAB_USER"'",
		"X-Extra": ["one", "two"], "X-Tag": "'"$tag"'"},
		"text": "Hallo,\nein Text mit Umlauten: äöü.\n.und ein Punkt am Zeilenanfang\n",
		"parts": [
		 {"disposition": "inline", "type": "text/plain", "name": "notes.txt",
		  "file": "'"$work"'/notes.txt"},
		 {"disposition": "attachment", "type": "application/pdf",
		  "name": "Jahresübersicht 2026.pdf", "file": "'"$work"'/Jahresübersicht 2026.pdf"}]}'
	# The transcript: header lines as sent, a line per part, no Base64.
	checks=$((checks + 1))
	if ! grep -qF "C: X-Tag: $tag" "$work/$server.out" ||
		! grep -qF "attachment Jahresübersicht 2026.pdf: application/pdf, 200000 bytes" \
			"$work/$server.out" ||
		[ "$(grep -c '^C: ' "$work/$server.out")" -gt 40 ]; then
		echo "FAIL: $server: the transcript does not show the message as it should"
		sed 's/^/  | /' "$work/$server.out" | grep -F '  | C:' | head -n 40
		failures=$((failures + 1))
	fi
done

# A message from standard input (LF line ends) through Postfix: spooled,
# sent with CRLF, delivered whole.
tag="stdin-$$"
checks=$((checks + 1))
printf 'From: <%s>\nTo: <%s>\nSubject: piped\nX-Tag: %s\n\nfrom a pipe\n.dot\n' \
	"$LAB_USER" "$LAB_USER" "$tag" |
	"$SMTPDBG" run --timeout 30 --from "$LAB_USER" --to "$LAB_USER" --body-file - \
		"$H:$LAB_MX_PORT" >"$work/stdin.out" 2>&1 ||
	{ echo "FAIL: stdin: run failed"; tail -n 20 "$work/stdin.out"; failures=$((failures + 1)); }
delivered "$LAB_MAILDIR_POSTFIX" "$tag" stdin
parsed stdin '{"as_is": true, "headers": {"Subject": "piped"}, "text": "from a pipe\n.dot\n"}'

finish
