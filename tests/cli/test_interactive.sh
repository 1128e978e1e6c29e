# smtpdbg HOST[:PORT]: the command line of the interactive mode, without a
# terminal (the screen itself is tested in tests/tui/).
. "$(dirname "$0")/lib.sh"

expect_status 0 "$SMTPDBG" mx.example --help
expect_out "Usage: smtpdbg HOST[:PORT] [OPTIONS]" "$SMTPDBG" mx.example --help
expect_out "--starttls" "$SMTPDBG" mx.example --help
expect_out "history" "$SMTPDBG" mx.example --help
expect_status 2 "$SMTPDBG" mx.example --bogus
expect_status 2 "$SMTPDBG" mx.example --tls --starttls
expect_status 2 "$SMTPDBG" mx.example --timeout 0
expect_status 2 "$SMTPDBG" mx.example --cert c.pem
expect_status 2 "$SMTPDBG" mx.example other.example
# Without a terminal it says what to use instead, and sends nothing.
expect_status 2 "$SMTPDBG" 127.0.0.1:1 </dev/null
expect_out "smtpdbg run" "$SMTPDBG" 127.0.0.1:1 </dev/null
expect_out "HOST[:PORT]" "$SMTPDBG" --help
finish
