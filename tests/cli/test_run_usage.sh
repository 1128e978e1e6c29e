# smtpdbg run: usage errors exit 2 with a clear message, before any
# connection, and free what they parsed (the ASan build checks for leaks).
. "$(dirname "$0")/lib.sh"

expect_status 2 "$SMTPDBG" run
expect_out 'say which server' "$SMTPDBG" run
expect_status 2 "$SMTPDBG" run 127.0.0.1:
expect_out 'no port' "$SMTPDBG" run 127.0.0.1:
expect_status 2 "$SMTPDBG" run --bogus 127.0.0.1:25
expect_out "unknown option '--bogus'" "$SMTPDBG" run --bogus 127.0.0.1:25
expect_status 2 "$SMTPDBG" run 127.0.0.1:25 127.0.0.1:26
expect_status 2 "$SMTPDBG" run --timeout 0 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --auth NOPE --user u 127.0.0.1:25
expect_out "unknown --auth mechanism 'NOPE'" "$SMTPDBG" run --auth NOPE --user u 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --auth PLAIN 127.0.0.1:25
expect_out '--auth PLAIN needs --user' "$SMTPDBG" run --auth PLAIN 127.0.0.1:25
# no password source and no terminal: an error, never a prompt
expect_status 2 sh -c '"$1" run --auth PLAIN --user u 127.0.0.1:25 </dev/null' sh "$SMTPDBG"
expect_status 2 "$SMTPDBG" run --auth XOAUTH2 --user u 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --from a@b.example 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --from 'a@b.example>' --to c@d.example 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --quit-after lunch 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --body-file /nonexistent/body --from a@b.example \
	--to c@d.example 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --script /nonexistent/script 127.0.0.1:25
expect_status 2 "$SMTPDBG" run --ehlo "$(printf 'a\r\nRSET')" 127.0.0.1:25
expect_status 0 "$SMTPDBG" run --help
expect_out '--initial-response' "$SMTPDBG" run --help

finish
