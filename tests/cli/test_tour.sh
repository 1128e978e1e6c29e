# smtpdbg without arguments: usage, then the AUTH LOGIN lesson explained.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$SMTPDBG"
expect_out "Usage: smtpdbg" "$SMTPDBG"

out=$("$SMTPDBG")
# The lesson's rows, in order.
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
got=$(printf '%s\n' "$out" | grep -E '^(S|C): ' | head -n 10)
if [ "$got" != "$rows" ]; then
	echo "FAIL: lesson rows differ:"; printf '%s\n' "$got" | sed 's/^/  | /'
	failures=$((failures + 1))
fi
expect_out "Decoded challenge: Username:" "$SMTPDBG"
expect_out "Decoded challenge: Password:" "$SMTPDBG"
expect_out "Base64 of: Max Mustermann" "$SMTPDBG"
expect_out "RFC 4954" "$SMTPDBG"
# The unencrypted AUTH LOGIN is called out.
expect_out "not encrypted" "$SMTPDBG"
# Annotation lines can be dropped with grep, leaving only the protocol.
checks=$((checks + 1))
if printf '%s\n' "$out" | sed -n '/^S: 220/,$p' | grep -v '^  #' | grep -vqE '^(S|C): '; then
	echo "FAIL: lines after the lesson start that are neither protocol nor annotation"
	failures=$((failures + 1))
fi
finish
