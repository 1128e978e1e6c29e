# The interactive mode with --lmtp against the lab's Dovecot LMTP server, in
# a private tmux server: LHLO typed by hand, two recipients accepted, and
# after the typed "." one reply per recipient (one delivered, one refused
# for a full mailbox), neither taken as unsolicited; the explanation of the
# refused one names its RCPT line.
# Run by ctest as: sh test_lmtp.sh PATH-TO-SMTPDBG. Needs root (the lab) and
# tmux; skips with 77 otherwise. LAB_PORT_BASE moves the lab.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib.sh"
start() { tui_start "$@"; }
line() { line_taken "$@"; }
. "$(dirname "$0")/../lab/use.sh"

need_tmux
lab_cleanup='tm kill-server >/dev/null 2>&1'
lab_up
trap 'exit 1' INT TERM HUP PIPE # the lab must not outlive a killed test
sock=$work/tmux.sock
mkdir -p "$work/home" "$work/state"


subject="lmtp-typed-$$"
start lmtp "unix:$LAB_LMTP_SOCKET" --lmtp
wait_for lmtp "220 "
line lmtp "LHLO x"
wait_for lmtp "250 PIPELINING"
line lmtp "MAIL FROM:<a@example.org>"
wait_for lmtp "250 2.1.0"
line lmtp "RCPT TO:<$LAB_USER>"
wait_for lmtp "250 2.1.5"
line lmtp "RCPT TO:<full@$LAB_DOMAIN>"
line lmtp "DATA"
wait_for lmtp "354 OK"
line lmtp "Subject: $subject"
line lmtp ""
line lmtp "typed by hand"
line lmtp "."
wait_for lmtp "250 2.0.0 <$LAB_USER>"
wait_for lmtp "552 5.2.2 <full@$LAB_DOMAIN>"
not_on_screen lmtp "no command outstanding"
# The last reply is the one selected: its explanation names its RCPT.
wait_for lmtp "answers: RCPT TO:<full@$LAB_DOMAIN>"
wait_for lmtp "the message was NOT delivered to"
checks=$((checks + 1))
i=0
while ! grep -lsqF "Subject: $subject" "$LAB_MAILDIR_DOVECOT"/new/* && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ $i -ge 100 ]; then
	echo "FAIL: the typed message is not in $LAB_MAILDIR_DOVECOT"
	failures=$((failures + 1))
fi
line lmtp "QUIT"
wait_for lmtp "221 "
keys lmtp BTab Q
clean_exit lmtp

finish
