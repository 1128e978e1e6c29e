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
# The extension options: checked before connecting (nothing listens on :1).
ab="--from a@b.example --to c@d.example"
expect_status 2 "$SMTPDBG" run --pipeline 127.0.0.1:1
expect_out 'need --from and --to' "$SMTPDBG" run --pipeline 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --chunk-size 4K 127.0.0.1:1
expect_out '--chunk-size needs --chunking' "$SMTPDBG" run $ab --chunk-size 4K 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --chunking --chunk-size 65M 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --dsn-notify NEVER,SUCCESS 127.0.0.1:1
expect_out '--dsn-notify takes NEVER' "$SMTPDBG" run $ab --dsn-notify ALWAYS 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --dsn-ret BODY 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --envid "$(printf 'x\303\274')" 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --requiretls 127.0.0.1:1
expect_out '--requiretls needs TLS' "$SMTPDBG" run $ab --requiretls 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --mail-param 'BY=1 RSET' 127.0.0.1:1
expect_out "--mail-param 'A=b=c' is not KEYWORD" "$SMTPDBG" run $ab --mail-param A=b=c 127.0.0.1:1
expect_status 2 "$SMTPDBG" run $ab --rcpt-param '=x' 127.0.0.1:1
expect_status 2 "$SMTPDBG" run --from a@b.example --to "$(printf 'j\374rgen@d.example')" 127.0.0.1:1
expect_out '--to is not valid UTF-8' "$SMTPDBG" run --from a@b.example \
	--to "$(printf 'j\374rgen@d.example')" 127.0.0.1:1
# well-formed, they get as far as connecting (the connect stage's code)
expect_status 10 "$SMTPDBG" run $ab --pipeline --chunking --chunk-size 1 --dsn-notify \
	SUCCESS,DELAY --dsn-ret HDRS --envid x+y --orcpt --prdr --mail-param BY=120\;R \
	--rcpt-param X-Y=1 --to "$(printf 'j\303\274rgen@d.example')" --timeout 2 127.0.0.1:1
expect_status 0 "$SMTPDBG" run --help
expect_out '--initial-response' "$SMTPDBG" run --help

finish
