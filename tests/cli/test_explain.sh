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

# Usage errors: exit 2.
expect_status 2 "$SMTPDBG" explain
expect_status 2 "$SMTPDBG" explain --bogus
expect_out "--help" "$SMTPDBG" explain
expect_no_out "$esc" "$SMTPDBG" explain "--${esc}[2J"

# -- lets TEXT start with a dash; an empty TEXT explains nothing.
expect_status 1 "$SMTPDBG" explain -- -x
expect_status 1 "$SMTPDBG" explain ''

# Help and version.
expect_status 0 "$SMTPDBG" explain --help
expect_out "Usage: smtpdbg explain TEXT" "$SMTPDBG" explain --help
expect_out "smtpdbg explain 535 5.7.8" "$SMTPDBG" explain -h
expect_status 0 "$SMTPDBG" explain --version
expect_out "smtpdbg " "$SMTPDBG" explain --version

finish
