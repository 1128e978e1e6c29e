# smtpdbg sasl: responses for CRAM-MD5, PLAIN and LOGIN, secrets kept out of
# the output, and the error paths.
. "$(dirname "$0")/lib.sh"

CHAL=PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
export P=tanstaaftanstaaf SEED=IchbinkeinSpammer T=1234

# the response line of each step: "C: <base64>"
responses() {
	"$@" 2>/dev/null | sed -n 's/^C: //p'
}

# CRAM-MD5, RFC 2195's example
expect_out 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_line 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	responses "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_status 0 "$SMTPDBG" sasl CRAM-MD5 --user tim --password-env P --challenge "$CHAL"
expect_out 'S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_out '   challenge: <1896.697170952@postoffice.reston.mci.net>' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_out '= b913a602c7eda7a495b4e6e7334d3890' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
expect_no_out tanstaaf "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL"
# curl test 905
expect_line 'dXNlciA3MDMxNzI1NTk5ZmRiYjVkNDEyNjg5YWEzMjNlM2UwYg==' \
	responses env S=secret "$SMTPDBG" sasl cram-md5 -u user --password-env S \
	-c PDE5NzIuOTg3NjU0MzIxQGN1cmw+
# every line is protocol ("S: ", "C: ") or indented explanation
checks=$((checks + 1))
stray=$("$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge "$CHAL" |
	grep -v -e '^S: ' -e '^C: ' -e '^   ')
if [ -n "$stray" ]; then
	echo "FAIL: stray output lines: $stray"
	failures=$((failures + 1))
fi

# PLAIN: initial response, or the answer to an empty 334
expect_line 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm' responses "$SMTPDBG" sasl plain --user tim --password-env P
expect_line 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm' \
	responses "$SMTPDBG" sasl plain --user tim --password-env P --challenge ''
expect_line 'dGVzdAB0ZXN0ADEyMzQ=' \
	responses "$SMTPDBG" sasl PLAIN --user test --authzid test --password-env T
expect_no_out tanstaaf "$SMTPDBG" sasl plain --user tim --password-env P
expect_out '\x00tim\x00********' "$SMTPDBG" sasl plain --user tim --password-env P
expect_out 'decoded response (--show-secrets): \x00tim\x00tanstaaftanstaaf' \
	"$SMTPDBG" sasl plain --user tim --password-env P --show-secrets

# LOGIN: the seed's lesson, with the usual prompts by default
expect_line 'TWF4IE11c3Rlcm1hbm4=
SWNoYmlua2VpblNwYW1tZXI=' responses "$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED
expect_line 'TWF4IE11c3Rlcm1hbm4=
SWNoYmlua2VpblNwYW1tZXI=' responses "$SMTPDBG" sasl login --user 'Max Mustermann' \
	--password-env SEED -c dXNlcm5hbWU6 -c cGFzc3dvcmQ6
expect_out 'prompt: Username:' "$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED
expect_no_out "$SEED" "$SMTPDBG" sasl login --user 'Max Mustermann' --password-env SEED
expect_status 2 "$SMTPDBG" sasl login --user tim --password-env P -c VXNlcm5hbWU6 \
	-c UGFzc3dvcmQ6 -c UGFzc3dvcmQ6
expect_out 'C: *' "$SMTPDBG" sasl login --user tim --password-env P -c VXNlcm5hbWU6 \
	-c UGFzc3dvcmQ6 -c UGFzc3dvcmQ6

# password sources
pwfile=$(mktemp)
trap 'rm -f "$pwfile"' EXIT
printf 'tanstaaftanstaaf\n' >"$pwfile"
expect_line 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	responses "$SMTPDBG" sasl cram-md5 --user tim --password-file "$pwfile" --challenge "$CHAL"
expect_line 'dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw' \
	responses "$SMTPDBG" sasl cram-md5 --user tim --password tanstaaftanstaaf --challenge "$CHAL"
expect_out 'warning: a password on the command line' \
	"$SMTPDBG" sasl cram-md5 --user tim --password tanstaaftanstaaf --challenge "$CHAL"
printf 'tans\000taaf\n' >"$pwfile"
expect_status 2 "$SMTPDBG" sasl plain --user tim --password-file "$pwfile"
expect_out 'contains a NUL byte' "$SMTPDBG" sasl plain --user tim --password-file "$pwfile"

# error paths: exit 2 with a clear message, and no prompt without a terminal
unset NOPE
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env NOPE --challenge "$CHAL"
expect_out 'environment variable NOPE is not set' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env NOPE --challenge "$CHAL"
expect_status 2 sh -c '"$1" sasl plain --user tim </dev/null' sh "$SMTPDBG"
expect_out 'no password given' sh -c '"$1" sasl plain --user tim </dev/null' sh "$SMTPDBG"
expect_status 2 "$SMTPDBG" sasl scram-sha-7 --user tim --password-env P
expect_out 'known: CRAM-MD5, PLAIN, LOGIN' "$SMTPDBG" sasl scram-sha-7 --user tim --password-env P
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env P
expect_out 'needs the server' "$SMTPDBG" sasl cram-md5 --user tim --password-env P
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge ''
expect_out 'empty' "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge ''
expect_status 2 "$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge 'PDE4!'
expect_out 'challenge 1 is not valid Base64 at offset 4' \
	"$SMTPDBG" sasl cram-md5 --user tim --password-env P --challenge 'PDE4!'
expect_status 2 "$SMTPDBG" sasl plain --password-env P
expect_out '--user is required' "$SMTPDBG" sasl plain --password-env P
expect_status 2 "$SMTPDBG" sasl login --user tim --authzid x --password-env P
expect_status 2 "$SMTPDBG" sasl plain --user tim --password-env P --password-file /dev/null
expect_status 2 "$SMTPDBG" sasl plain --user
expect_status 2 "$SMTPDBG" sasl
expect_status 2 "$SMTPDBG" sasl plain extra --user tim --password-env P

expect_status 0 "$SMTPDBG" sasl --help
expect_out 'Usage: smtpdbg sasl MECH' "$SMTPDBG" sasl --help
expect_out 'smtpdbg 0.' "$SMTPDBG" sasl --version

finish
