# smtpdbg run --lmtp against the lab's Dovecot LMTP server (RFC 2033), on
# its unix socket and on TCP: LHLO, and after the data one reply per
# accepted recipient, each matched to its RCPT line and explained. One
# recipient unknown at RCPT and one refused after the data (a full
# mailbox) make a partial refusal: exit 18, both named, and the message in
# the known one's Maildir. Also a typed session (--script) that gets one
# reply per recipient without calling any unsolicited, and relay-test's
# refusal of --lmtp.
# Run by ctest as: sh test_lmtp.sh PATH-TO-SMTPDBG. Needs root and the
# lab's packages (sh tests/deps.sh lab).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../lab/use.sh"

lab_up

run() { # run NAME WANT-EXIT ARGS...
	name=$1 want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" "$@" >"$work/$name.out" 2>"$work/$name.err"
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
	if grep -qF -- "$2" "$work/$1.out" "$work/$1.err"; then
		echo "FAIL: $1: output has '$2'"
		failures=$((failures + 1))
	fi
}

# after NAME FIRST THEN: THEN is on the line right after FIRST's
after() {
	checks=$((checks + 1))
	if ! grep -A1 -F -- "$2" "$work/$1.out" | tail -n 1 | grep -qF -- "$3"; then
		echo "FAIL: $1: '$3' does not follow '$2'"
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

full=$LAB_STATEDIR/mail/dovecot/full
U=$LAB_USER
N=nobody@$LAB_DOMAIN
F=full@$LAB_DOMAIN

# 1 and 2. The same session on the unix socket and on TCP.
for t in "unix:$LAB_LMTP_SOCKET" "127.0.0.1:$LAB_LMTP_PORT"; do
	case $t in unix:*) name=unix ;; *) name=tcp ;; esac
	tag="smtpdbg-lmtp-$name-$$"
	run "$name" 18 run --lmtp --from a@example.org --to "$U" --to "$N" --to "$F" \
		--subject "$tag" "$t"
	has "$name" "C: LHLO "
	lacks "$name" "C: EHLO"
	has "$name" "S: 550 5.1.1 <$N> User doesn't exist"
	# after the ".": tester's reply, then full's, each naming its RCPT
	after "$name" "C: ." "S: 250 2.0.0 <$U>"
	after "$name" "S: 250 2.0.0 <$U>" "answers: RCPT TO:<$U>"
	has "$name" "this reply says the message was delivered to this recipient"
	has "$name" "S: 552 5.2.2 <$F>"
	after "$name" "S: 552 5.2.2 <$F>" "answers: RCPT TO:<$F>"
	has "$name" "this reply says the message was NOT delivered to this recipient"
	has "$name" "LMTP: the message was delivered to 1 of 2 recipients"
	has "$name" "refused: $N (550), $F (552)"
	lacks "$name" "no command outstanding"
	delivered "$LAB_MAILDIR_DOVECOT" "$tag"
	checks=$((checks + 1))
	if grep -lsqF -- "$tag" "$full"/new/*; then
		echo "FAIL: $name: the message reached the full mailbox"
		failures=$((failures + 1))
	fi
done

# 3. RCPT pipelined with BDAT LAST (Dovecot offers PIPELINING and CHUNKING):
#    the replies after the data still go to the recipients accepted.
tag="smtpdbg-lmtp-bdat-$$"
run bdat 18 run --lmtp --pipeline --chunking --from a@example.org --to "$U" --to "$N" \
	--to "$F" --subject "$tag" "unix:$LAB_LMTP_SOCKET"
has bdat "C: BDAT "
after bdat "S: 552 5.2.2 <$F>" "answers: RCPT TO:<$F>"
has bdat "refused: $N (550), $F (552)"
lacks bdat "no command outstanding"
delivered "$LAB_MAILDIR_DOVECOT" "$tag"

# 4. Every accepted recipient refused after the data: the data stage, 17.
run allfull 17 run --lmtp --from a@example.org --to "$F" "unix:$LAB_LMTP_SOCKET"
has allfull "S: 552 5.2.2 <$F>"

# 5. A typed session (the interactive mode's engine, here from a script):
#    two replies after the ".", neither unsolicited.
tag="smtpdbg-lmtp-script-$$"
printf '%s\n' "MAIL FROM:<a@example.org>" "RCPT TO:<$U>" "RCPT TO:<$F>" DATA \
	"Subject: $tag" "" "typed" . QUIT >"$work/script.txt"
run script 0 run --lmtp --script "$work/script.txt" "unix:$LAB_LMTP_SOCKET"
after script "C: ." "S: 250 2.0.0 <$U>"
has script "answers: RCPT TO:<$F>"
has script "S: 221"
lacks script "no command outstanding"
delivered "$LAB_MAILDIR_DOVECOT" "$tag"

# 6. relay-test has nothing to test on an LMTP server: a usage error.
run relay 2 relay-test --lmtp "127.0.0.1:$LAB_LMTP_PORT"
has relay "relays nothing"

finish
