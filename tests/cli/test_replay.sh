# smtpdbg replay: saved transcripts back through the engine.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_status 0 "$SMTPDBG" replay --help
expect_out "--markdown" "$SMTPDBG" replay --help

# The worked example smtpdbg prints without arguments, saved by hand in the
# transcript format: replaying it must narrate it exactly as the live
# engine did (the tour shows secrets and the SASL steps).
cat >"$tmp/tour.txt" <<'T'
smtpdbg-transcript 1
@peer smtp.server.com:25
@start 2024-05-01T10:00:00Z
@tool smtpdbg
S 0 - 220 smtp.server.com ESMTP Postfix
C 10 - EHLO relay.client.com
S 12 - 250-smtp.server.com Guten Tag
S 12 - 250 AUTH CRAM-MD5 LOGIN PLAIN
C 20 - AUTH LOGIN
S 21 - 334 VXNlcm5hbWU6
C 30 - TWF4IE11c3Rlcm1hbm4=
S 31 - 334 UGFzc3dvcmQ6
C 40 S SWNoYmlua2VpblNwYW1tZXI=
S 41 - 235 OK
C 50 - QUIT
S 51 - 221 2.0.0 Bye
X 52 - the server hung up after 221, as it should
T
"$SMTPDBG" | sed -n '/^S: 220/,$p' >"$tmp/tour.want"
"$SMTPDBG" replay --text --show-secrets --explain-auth "$tmp/tour.txt" >"$tmp/tour.got"
checks=$((checks + 1))
if ! cmp -s "$tmp/tour.want" "$tmp/tour.got"; then
	echo "FAIL: replay differs from the live narration:"
	diff "$tmp/tour.want" "$tmp/tour.got" | sed 's/^/  | /' | head -20
	failures=$((failures + 1))
fi
# Without --show-secrets the secret line is masked; not a terminal: text.
expect_out "C: ********" "$SMTPDBG" replay "$tmp/tour.txt"
expect_no_out "SWNoYmlua2VpblNwYW1tZXI=" "$SMTPDBG" replay "$tmp/tour.txt"
expect_out "S: 235 OK" "$SMTPDBG" replay - <"$tmp/tour.txt"

# A line masked in the file stays masked, whatever is asked.
sed 's/^C 40 S .*/C 40 SM ********/' "$tmp/tour.txt" >"$tmp/masked.txt"
expect_out "C: ********" "$SMTPDBG" replay --show-secrets "$tmp/masked.txt"
expect_out "a secret (the password, or what reveals it), masked" \
	"$SMTPDBG" replay --show-secrets "$tmp/masked.txt"
expect_no_out "not valid Base64" "$SMTPDBG" replay --show-secrets "$tmp/masked.txt"

# Markdown: a heading, a table with four columns, decoded Base64 beside
# the wire form, masked secrets still masked.
md=$("$SMTPDBG" replay --markdown "$tmp/masked.txt")
expect_line '### Transcript of a session with smtp.server.com:25' sh -c "printf '%s\n' \"\$1\" | sed -n 1p" - "$md"
expect_line 'Started 2024-05-01T10:00:00Z' sh -c "printf '%s\n' \"\$1\" | sed -n 3p" - "$md"
expect_out "| Party | Line | Decoded | Explanation |" printf '%s\n' "$md"
expect_out "|---|---|---|---|" printf '%s\n' "$md"
expect_out '| Server | `334 VXNlcm5hbWU6` | `Username:` |' printf '%s\n' "$md"
expect_out '| Client | `TWF4IE11c3Rlcm1hbm4=` | `Max Mustermann` |' printf '%s\n' "$md"
expect_out '| Client | `********` | `********` |' printf '%s\n' "$md"
expect_line 12 sh -c "printf '%s\n' \"\$1\" | grep -cE '^\| (Server|Client|Note|Warning) \| '" - "$md"

# Bytes a hostile server sent are restored for the engine but never reach
# the terminal raw.
printf 'smtpdbg-transcript 1\nS 0 - 220 evil\\x1b]0;pwned\\x07 ESMTP\n# 1 - note\\x1b[2J\n' \
	>"$tmp/evil.txt"
checks=$((checks + 1))
if "$SMTPDBG" replay "$tmp/evil.txt" | grep -q "$(printf '\033')"; then
	echo "FAIL: an escape byte reached the output"
	failures=$((failures + 1))
fi
expect_out 'S: 220 evil\x1b]0;pwned\x07 ESMTP' "$SMTPDBG" replay "$tmp/evil.txt"

# A session saved by demo replays with the same protocol lines.
"$SMTPDBG" demo --lesson starttls --output "$tmp/starttls.txt" >"$tmp/demo.out"
checks=$((checks + 1))
if [ "$(grep -E '^(S|C): ' "$tmp/demo.out")" != \
     "$("$SMTPDBG" replay "$tmp/starttls.txt" | grep -E '^(S|C): ')" ]; then
	echo "FAIL: demo and replay of its transcript show different lines"
	failures=$((failures + 1))
fi
expect_out "S: 250-AUTH PLAIN LOGIN CRAM-MD5" "$SMTPDBG" replay "$tmp/starttls.txt"

# Errors: exit 2, FILE:LINE for a bad line, the good lines still shown.
expect_status 2 "$SMTPDBG" replay
expect_status 2 "$SMTPDBG" replay "$tmp/missing.txt"
expect_out "cannot open" "$SMTPDBG" replay "$tmp/missing.txt"
expect_status 2 "$SMTPDBG" replay --text --markdown "$tmp/tour.txt"
expect_status 2 "$SMTPDBG" replay --bogus "$tmp/tour.txt"
head -n 7 "$tmp/tour.txt" >"$tmp/broken.txt"
echo 'C 12 Q EHLO again' >>"$tmp/broken.txt"
expect_status 2 "$SMTPDBG" replay "$tmp/broken.txt"
expect_out "broken.txt:8: unknown flag" "$SMTPDBG" replay "$tmp/broken.txt"
expect_out "C: EHLO relay.client.com" "$SMTPDBG" replay "$tmp/broken.txt"
echo "hello" >"$tmp/notone.txt"
expect_out "notone.txt:1: not an smtpdbg transcript" "$SMTPDBG" replay "$tmp/notone.txt"

# A file written as its session went (@live 1, serve --save-dir) and read
# while the session was open ends without its X record: replay shows the
# lines so far and says so; not after QUIT, and not for a file written whole.
printf 'smtpdbg-transcript 1\n@peer 127.0.0.1:5000\n@live 1\nS 0 - 220 x ESMTP\nC 1 - EHLO a\nS 2 - 250 x\nC 3 - AUTH LOGIN\nS 4 - 334 VXNlcm5hbWU6\n' >"$tmp/open.txt"
expect_status 0 "$SMTPDBG" replay --text "$tmp/open.txt"
expect_out "S: 334 VXNlcm5hbWU6" "$SMTPDBG" replay --text "$tmp/open.txt"
expect_out "the transcript ends here, but the connection had not ended" \
	"$SMTPDBG" replay --text "$tmp/open.txt"
expect_out "the transcript ends here" "$SMTPDBG" replay --markdown "$tmp/open.txt"
grep -v '^@live' "$tmp/open.txt" >"$tmp/whole.txt"
expect_no_out "the transcript ends here" "$SMTPDBG" replay --text "$tmp/whole.txt"
printf 'C 5 - *\nS 6 - 501 5.7.0 cancelled\nC 7 - QUIT\nS 8 - 221 bye\n' >>"$tmp/open.txt"
expect_no_out "the transcript ends here" "$SMTPDBG" replay --text "$tmp/open.txt"
# cut in the middle of a line: the lines before it, no crash
head -c 90 "$tmp/open.txt" >"$tmp/cut.txt"
expect_out "S: 220 x ESMTP" "$SMTPDBG" replay --text "$tmp/cut.txt"
finish
