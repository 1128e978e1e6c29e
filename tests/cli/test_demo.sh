# smtpdbg demo: lessons played against the embedded server, printed.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_status 0 "$SMTPDBG" demo --help
expect_out "--lesson NAME" "$SMTPDBG" demo --help

# The seed's rows, in order, with nothing in between but annotations.
out=$("$SMTPDBG" demo --lesson auth-login --print)
rows='S: 220 smtp.server.com ESMTP Postfix
C: EHLO relay.client.com
S: 250-smtp.server.com Guten Tag
S: 250 AUTH CRAM-MD5 LOGIN PLAIN
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: TWF4IE11c3Rlcm1hbm4=
S: 334 UGFzc3dvcmQ6
C: SWNoYmlua2VpblNwYW1tZXI=
S: 235 OK'
checks=$((checks + 1))
got=$(printf '%s\n' "$out" | grep -E '^(S|C): ')
if [ "$got" != "$rows" ]; then
	echo "FAIL: lesson rows differ:"; printf '%s\n' "$got" | sed 's/^/  | /'
	failures=$((failures + 1))
fi
checks=$((checks + 1))
if printf '%s\n' "$out" | grep -vqE '^(S: |C: |  # )'; then
	echo "FAIL: a line that is neither protocol nor annotation"
	failures=$((failures + 1))
fi
expect_out "  # decoded: Username:" "$SMTPDBG" demo --lesson auth-login --print
expect_out "  # decoded: Max Mustermann" "$SMTPDBG" demo --lesson auth-login --print
expect_out "  # decoded: Password:" "$SMTPDBG" demo --lesson auth-login --print
# The password is never shown in clear unless asked for.
expect_no_out "IchbinkeinSpammer" "$SMTPDBG" demo --lesson auth-login --print
expect_no_out "IchbinkeinSpammer" "$SMTPDBG" demo --lesson auth-login --markdown
expect_no_out "IchbinkeinSpammer" "$SMTPDBG" demo --lesson auth-plain --print
expect_out "decoded: IchbinkeinSpammer" "$SMTPDBG" demo --lesson auth-login --print --show-secrets
# The default lesson is auth-login; not a terminal means the printed form.
expect_out "S: 334 VXNlcm5hbWU6" "$SMTPDBG" demo

# The Markdown handout: the title, the lesson and personality, the
# introduction, then a header, a separator, one row per step.
md=$("$SMTPDBG" demo --lesson auth-login --markdown)
expect_line "### SMTP AUTH LOGIN, one line at a time" sh -c "printf '%s\n' \"\$1\" | sed -n 1p" - "$md"
expect_line "Lesson auth-login, played against the server personality tutorial" \
	sh -c "printf '%s\n' \"\$1\" | sed -n 3p" - "$md"
expect_out "Before a submission server accepts mail for other domains" printf '%s\n' "$md"
expect_line "| Party | Line | Decoded | Explanation |" sh -c "printf '%s\n' \"\$1\" | sed -n 7p" - "$md"
expect_line "|---|---|---|---|" sh -c "printf '%s\n' \"\$1\" | sed -n 8p" - "$md"
expect_line 9 sh -c "printf '%s\n' \"\$1\" | grep -cE '^\| (Server|Client) \| ' " - "$md"
expect_out '| Server | `334 VXNlcm5hbWU6` | `Username:` |' "$SMTPDBG" demo --lesson auth-login --markdown
expect_out '| Server | `250-smtp.server.com Guten Tag`<br>`250 AUTH CRAM-MD5 LOGIN PLAIN` |' \
	"$SMTPDBG" demo --lesson auth-login --markdown

# Every shipped lesson runs to its end as written.
for l in auth-login auth-plain cram-md5 starttls open-relay-test ports client-settings; do
	expect_status 0 "$SMTPDBG" demo --lesson "$l" --print
	expect_out "$l" "$SMTPDBG" demo --list
done
expect_out "strict-submission" "$SMTPDBG" demo --list
expect_out "submission         a submission port (587)" "$SMTPDBG" demo --list
# The ports lesson on a submission port: TLS first, then AUTH, then mail.
expect_out "S: 530 5.7.0 Must issue a STARTTLS command first" "$SMTPDBG" demo --lesson ports
expect_out "S: 530 5.7.0 Authentication required" "$SMTPDBG" demo --lesson ports
expect_out "RFC 6409" "$SMTPDBG" demo --lesson ports
expect_out "RFC 8314" "$SMTPDBG" demo --lesson ports
expect_status 1 "$SMTPDBG" demo --lesson ports --personality strict-submission
# client-settings: what "Verschlüsseltes Passwort" sends.
expect_out "C: AUTH CRAM-MD5" "$SMTPDBG" demo --lesson client-settings
expect_out "decoded: Max Mustermann 21c874b82e537eedfc110691b0027dd0" \
	"$SMTPDBG" demo --lesson client-settings
# The relay test against an open relay and against a server that refuses.
expect_out "S: 250 2.1.5 Ok" "$SMTPDBG" demo --lesson open-relay-test
expect_out "S: 554 5.7.1 <somebody@elsewhere.example>: Relay access denied" \
	"$SMTPDBG" demo --lesson open-relay-test --personality tutorial
expect_out "S: 530 5.7.0" "$SMTPDBG" demo --lesson starttls
expect_out "HMAC-MD5(key = the password" "$SMTPDBG" demo --lesson cram-md5 --explain-auth
# A lesson written for one server, run on another, says where it went off.
expect_status 1 "$SMTPDBG" demo --lesson auth-login --personality open-relay
expect_out "not the reply the lesson expected" "$SMTPDBG" demo --lesson auth-login --personality open-relay

# Errors: exit 2 and a clear message.
expect_status 2 "$SMTPDBG" demo --lesson no-such-lesson
expect_out "no lesson 'no-such-lesson'" "$SMTPDBG" demo --lesson no-such-lesson
expect_status 2 "$SMTPDBG" demo --personality nobody
expect_status 2 "$SMTPDBG" demo --print --markdown
expect_status 2 "$SMTPDBG" demo --lesson
printf 'smtpdbg-lesson 1\ntitle T\npersonality tutorial\nstep client\nsend EHLO x\nexpect 250\n' \
	>"$tmp/bad.lesson"
expect_status 2 "$SMTPDBG" demo --lesson "$tmp/bad.lesson"
expect_out "bad.lesson:6: " "$SMTPDBG" demo --lesson "$tmp/bad.lesson"

# A lesson file given by path, and the session saved as a transcript.
cp "$(dirname "$0")/../../docs/lessons/auth-login.lesson" "$tmp/mine.lesson"
expect_status 0 "$SMTPDBG" demo --lesson "$tmp/mine.lesson" --output "$tmp/t.txt"
expect_line "smtpdbg-transcript 1" head -n 1 "$tmp/t.txt"
expect_out "C 8000 SM ********" cat "$tmp/t.txt"
expect_no_out "SWNoYmlua2VpblNwYW1tZXI=" cat "$tmp/t.txt"
# --output is written like every file smtpdbg writes: an existing file is
# kept unless --force, a symbolic link is never followed, the file is 0600.
echo keep >"$tmp/exists.txt"
expect_status 19 "$SMTPDBG" demo --print --output "$tmp/exists.txt"
expect_out "exists" "$SMTPDBG" demo --print --output "$tmp/exists.txt"
expect_line "keep" cat "$tmp/exists.txt"
expect_status 0 "$SMTPDBG" demo --print --force --output "$tmp/exists.txt"
expect_line "smtpdbg-transcript 1" head -n 1 "$tmp/exists.txt"
expect_line "600" stat -c %a "$tmp/exists.txt"
echo victim >"$tmp/victim.txt"
ln -s "$tmp/victim.txt" "$tmp/link.txt"
expect_status 19 "$SMTPDBG" demo --print --force --output "$tmp/link.txt"
expect_line "victim" cat "$tmp/victim.txt"
finish
