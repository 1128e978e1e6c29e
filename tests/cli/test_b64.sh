# smtpdbg b64: both directions, stdin, escaping, strict errors, --raw.
. "$(dirname "$0")/lib.sh"

expect_line 'TWF4IE11c3Rlcm1hbm4=' "$SMTPDBG" b64 encode 'Max Mustermann'
expect_line 'TWF4IE11c3Rlcm1hbm4=' "$SMTPDBG" b64 encode Max Mustermann
expect_line 'SWNoYmlua2VpblNwYW1tZXI=' "$SMTPDBG" b64 encode IchbinkeinSpammer
expect_line 'Username:' "$SMTPDBG" b64 decode VXNlcm5hbWU6
expect_line 'Password:' "$SMTPDBG" b64 decode UGFzc3dvcmQ6
expect_line 'Max Mustermann' "$SMTPDBG" b64 decode TWF4IE11c3Rlcm1hbm4=
expect_line '' "$SMTPDBG" b64 encode ''
expect_line 'Username:
Password:' "$SMTPDBG" b64 decode VXNlcm5hbWU6 UGFzc3dvcmQ6
expect_line 'Zm9vYmFy' "$SMTPDBG" b64 encode -- foobar
expect_line 'LW4=' "$SMTPDBG" b64 encode -- -n

# standard input: encode takes the bytes exactly, decode ignores the
# whitespace around the value
expect_line 'TWF4IE11c3Rlcm1hbm4=' sh -c 'printf %s "Max Mustermann" | "$1" b64 encode' sh "$SMTPDBG"
expect_line 'TWF4IE11c3Rlcm1hbm4K' sh -c 'echo "Max Mustermann" | "$1" b64 encode' sh "$SMTPDBG"
expect_line 'Username:' sh -c 'echo VXNlcm5hbWU6 | "$1" b64 decode' sh "$SMTPDBG"
expect_line 'Username:' sh -c 'printf "  VXNlcm5hbWU6\r\n\n" | "$1" b64 decode' sh "$SMTPDBG"
expect_line '' sh -c ': | "$1" b64 decode' sh "$SMTPDBG"

# non-printable bytes come out escaped, never raw
expect_line '\x00tim\x00tanstaaftanstaaf' "$SMTPDBG" b64 decode AHRpbQB0YW5zdGFhZnRhbnN0YWFm
expect_line '\x1b[2J\x07' "$SMTPDBG" b64 decode G1sySgc=
expect_line 'a\r\nb' "$SMTPDBG" b64 decode YQ0KYg==
expect_line 'Gr\xc3\xbc\xc3\x9fe' env LC_ALL=C "$SMTPDBG" b64 decode R3LDvMOfZQ==
if env LC_ALL=C.UTF-8 locale charmap 2>/dev/null | grep -q UTF-8; then
	expect_line 'Grüße' env LC_ALL=C.UTF-8 "$SMTPDBG" b64 decode R3LDvMOfZQ==
	expect_line 'x<U+202E>y' env LC_ALL=C.UTF-8 "$SMTPDBG" b64 decode eOKArnk=
fi
checks=$((checks + 1))
if "$SMTPDBG" b64 decode G1sySgc= | od -An -c | grep -q '033'; then
	echo "FAIL: decode wrote a raw ESC"
	failures=$((failures + 1))
fi

# --raw writes the bytes themselves, but only into a pipe or a file
checks=$((checks + 1))
got=$("$SMTPDBG" b64 decode --raw AHRpbQ== | od -An -tx1 | tr -d ' \n')
if [ "$got" != "0074696d" ]; then
	echo "FAIL: --raw wrote '$got', want 0074696d"
	failures=$((failures + 1))
fi
if command -v script >/dev/null 2>&1; then
	expect_out 'refuses to write to a terminal' \
		script -qec "$SMTPDBG b64 decode --raw AHRpbQ==" /dev/null
fi
expect_status 2 "$SMTPDBG" b64 encode --raw x

# strict decoding: exit 2, with the problem and where it is
expect_status 2 "$SMTPDBG" b64 decode 'QUJD!'
expect_out 'at offset 4: character outside the Base64 alphabet' "$SMTPDBG" b64 decode 'QUJD!'
expect_out 'multiple of 4' "$SMTPDBG" b64 decode QQ
expect_out 'non-canonical' "$SMTPDBG" b64 decode QR==
expect_out "data after '=' padding" "$SMTPDBG" b64 decode QQ==QQ==
expect_out 'in argument 2 at offset 2: whitespace' "$SMTPDBG" b64 decode QQ== 'QU JD'
expect_status 2 sh -c 'printf "QUJD\nQUJD\n" | "$1" b64 decode' sh "$SMTPDBG"
expect_out 'on standard input at offset 4' sh -c 'printf "QUJD\nQUJD\n" | "$1" b64 decode' sh "$SMTPDBG"
expect_out 'at offset 4 (line 3, column 3)' sh -c 'printf "\n\nQU!D\n" | "$1" b64 decode' sh "$SMTPDBG"
# the offending input is echoed escaped, never raw
checks=$((checks + 1))
if "$SMTPDBG" b64 decode "$(printf 'QU\033]0;x\007')" 2>&1 | od -An -c | grep -q '033'; then
	echo "FAIL: an error message echoed a raw ESC"
	failures=$((failures + 1))
fi

# usage
expect_status 2 "$SMTPDBG" b64
expect_status 2 "$SMTPDBG" b64 upside-down x
expect_status 2 "$SMTPDBG" b64 --bogus encode x
expect_status 0 "$SMTPDBG" b64 --help
expect_out 'Usage: smtpdbg b64' "$SMTPDBG" b64 --help
expect_out 'printf %s' "$SMTPDBG" b64 --help
expect_out 'smtpdbg 0.' "$SMTPDBG" b64 --version

finish
