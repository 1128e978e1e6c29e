# smtpdbg explain: offline explanations, exit status, escaping.
. "$(dirname "$0")/lib.sh"

# A failed login, code and enhanced code together.
expect_status 0 "$SMTPDBG" explain 535 5.7.8
expect_out "RFC 4954" "$SMTPDBG" explain 535 5.7.8
expect_out "RFC 3463" "$SMTPDBG" explain 535 5.7.8
expect_out "authentication failed" "$SMTPDBG" explain 535 5.7.8
expect_out "Authentication credentials invalid" "$SMTPDBG" explain 535 5.7.8
# The same as one argument.
expect_out "5.7.8  Authentication credentials invalid" "$SMTPDBG" explain '535 5.7.8'

# A keyword line of an EHLO reply.
expect_status 0 "$SMTPDBG" explain '250-STARTTLS'
expect_out "RFC 3207" "$SMTPDBG" explain '250-STARTTLS'
expect_out "STARTTLS  Start TLS" "$SMTPDBG" explain '250-STARTTLS'

# The seed's greeting and its AUTH LOGIN prompt.
expect_out "The server names itself: smtp.server.com" "$SMTPDBG" explain '220 smtp.server.com ESMTP Postfix'
expect_out "Decoded challenge: Username:" "$SMTPDBG" explain '334 VXNlcm5hbWU6'
expect_out "STARTTLS (or AUTH) first" "$SMTPDBG" explain 530
expect_out "PIPELINING (EHLO keyword)" "$SMTPDBG" explain PIPELINING CHUNKING
expect_out "CHUNKING (EHLO keyword)" "$SMTPDBG" explain PIPELINING CHUNKING
expect_out "RCPT  Add a recipient" "$SMTPDBG" explain rcpt

# A command carrying credentials is explained, never decoded.
expect_status 0 "$SMTPDBG" explain 'AUTH PLAIN AGFsaWNlAHNlY3JldA=='
expect_no_out "alice" "$SMTPDBG" explain 'AUTH PLAIN AGFsaWNlAHNlY3JldA=='
expect_no_out "AGFsaWNl" "$SMTPDBG" explain 'AUTH PLAIN AGFsaWNlAHNlY3JldA=='

# Nothing known: exit 1, and the text is echoed escaped.
expect_status 1 "$SMTPDBG" explain xyzzy
expect_status 1 "$SMTPDBG" explain '2500 ok'
esc=$(printf '\033')
expect_status 1 "$SMTPDBG" explain "${esc}[2Jboom"
expect_out '\x1b[2Jboom' "$SMTPDBG" explain "${esc}[2Jboom"
expect_no_out "$esc" "$SMTPDBG" explain "${esc}[2Jboom"
expect_no_out "$esc" "$SMTPDBG" explain "250-X${esc}]0;title$(printf '\007')"

# Usage errors: exit 2. Without TEXT, standard input is read: nothing
# there is "nothing found", exit 1, and says so.
expect_status 2 "$SMTPDBG" explain --bogus
expect_out "--help" "$SMTPDBG" explain --bogus
expect_status 1 sh -c '"$0" explain </dev/null' "$SMTPDBG"
expect_out "no SMTP reply or refusal found" sh -c '"$0" explain </dev/null' "$SMTPDBG"
expect_no_out "$esc" "$SMTPDBG" explain "--${esc}[2J"

# -- lets TEXT start with a dash; an empty TEXT explains nothing.
expect_status 1 "$SMTPDBG" explain -- -x
expect_status 1 "$SMTPDBG" explain ''

# Help and version.
expect_status 0 "$SMTPDBG" explain --help
expect_out "Usage: smtpdbg explain [--brief] [TEXT... | -]" "$SMTPDBG" explain --help
expect_out "smtpdbg explain 535 5.7.8" "$SMTPDBG" explain -h
expect_status 0 "$SMTPDBG" explain --version
expect_out "smtpdbg " "$SMTPDBG" explain --version

# The diagnosis reads the text (the cases the admins reported).
run_in() { # run_in INPUT ARGS...: smtpdbg explain ARGS with INPUT on stdin
	input=$1; shift
	printf '%s\n' "$input" | "$SMTPDBG" explain "$@"
}
helo='504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname'
expect_out "Diagnosis (likely): HELO name is not a fully-qualified domain name" "$SMTPDBG" explain "$helo"
expect_no_out "SASL" "$SMTPDBG" explain "$helo"
expect_out "Diagnosis (" "$SMTPDBG" explain '554 5.7.9 Message rejected (DMARC reject)'
expect_no_out "5.7.9  Authentication mechanism is too weak" "$SMTPDBG" explain '554 5.7.9 Message rejected (DMARC reject)'
expect_out "Greylisting" "$SMTPDBG" explain '451 4.7.1 <b@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html'
for r in '421 4.7.0 Try again later, closing connection.' '554 5.7.1 Service unavailable' \
	'554 5.7.9 Message not accepted for policy reasons' '421 4.7.28 Unusual rate'; do
	expect_no_out "names itself" "$SMTPDBG" explain "$r"
done
expect_no_out "Temporary authentication failure" "$SMTPDBG" explain '421 4.7.0 Too many connections'
expect_no_out ":auth next" "$SMTPDBG" explain '535 5.7.8 Error: authentication failed'
expect_out "journalctl" "$SMTPDBG" explain '535 5.7.8 Error: authentication failed'

# Logs on standard input: one explanation per refusal, the rest skipped;
# --brief gives one line each.
log='Dec  7 10:15:01 mx1 postfix/smtp[2211]: 4F1A23C0B2: to=<bob@example.org>, relay=mx.example.org[192.0.2.25]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.25] said: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))
Dec  7 10:15:02 mx1 postfix/qmgr[12]: 4F1A23C0B2: removed
Dec  7 10:15:03 mx1 postfix/smtpd[99]: NOQUEUE: reject: RCPT from unknown[192.0.2.10]: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<laptop>'
expect_line "1: rcpt.unknown-user (certain) 550 5.1.1 RCPT mx.example.org[192.0.2.25]: The recipient's mailbox does not exist
3: rdns.missing (likely) 450 4.7.1 RCPT unknown[192.0.2.10]: The client's IP address has no valid reverse DNS (PTR)" run_in "$log" --brief
expect_out "1: Postfix (smtp): mx.example.org[192.0.2.25] refused the recipient <bob@example.org> (bounced)" run_in "$log"
expect_out "3: Postfix (smtpd): this server refused the recipient <b@example.org> from unknown[192.0.2.10] (reject)" run_in "$log"
expect_no_out "2:" run_in "$log"
expect_status 0 run_in "$log" -
expect_status 1 run_in 'Dec  7 10:15:02 mx1 postfix/qmgr[12]: 4F1A23C0B2: removed'
# A pasted multi-line reply is one reply; hostile bytes in a log are escaped.
expect_out "Diagnosis (" run_in "$(printf '550-5.7.26 This mail has been blocked because the sender is\n550 5.7.26 unauthenticated. Gmail requires all senders to authenticate.')"
expect_no_out "$esc" run_in "Diagnostic-Code: smtp; 550 5.1.1 ${esc}[2Jgone"
expect_out '\x1b[2Jgone' run_in "Diagnostic-Code: smtp; 550 5.1.1 ${esc}[2Jgone"

finish
