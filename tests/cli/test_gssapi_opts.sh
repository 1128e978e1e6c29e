# GSSAPI's options without a KDC: where they belong, the keytab checked as a
# secret file before anything connects (exit 2), the offline calculator
# pointing to run, and every option in --help of run and the interactive
# mode. The exchange itself is tested against a real KDC in
# tests/integration/test_gssapi.sh.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
# Nothing listens here: every case must stop at the options.
T=127.0.0.1:1
printf 'not really a keytab' >"$work/kt"
chmod 600 "$work/kt"

expect_status 2 "$SMTPDBG" sasl gssapi --user tim
expect_out "cannot run offline: use smtpdbg run --auth GSSAPI" "$SMTPDBG" sasl GSSAPI --user tim
expect_status 2 "$SMTPDBG" run --auth PLAIN --user u --gss-host mail.example.org "$T"
expect_out "go with --auth GSSAPI" "$SMTPDBG" run --gss-service imap "$T"
expect_out "--principal goes with --keytab" "$SMTPDBG" run --auth GSSAPI --principal a@B "$T"
expect_out "--gss-host '': an empty value" "$SMTPDBG" run --auth GSSAPI --gss-host '' "$T"
expect_out "--keytab $work/none: No such file or directory" \
	"$SMTPDBG" run --auth GSSAPI --keytab "$work/none" "$T"
cp "$work/kt" "$work/open"
chmod 644 "$work/open"
expect_out "group or others may read or write it" \
	"$SMTPDBG" run --auth GSSAPI --keytab "$work/open" --principal a@B "$T"
ln -s "$work/kt" "$work/link"
expect_out "symbolic link" "$SMTPDBG" run --auth GSSAPI --keytab "$work/link" "$T"
: >"$work/empty"
expect_out "the file is empty" "$SMTPDBG" run --auth GSSAPI --keytab "$work/empty" "$T"
expect_status 2 "$SMTPDBG" run --auth GSSAPI --keytab "$work/empty" "$T"
# The interactive mode checks them the same way (before it needs a terminal).
expect_out "--principal goes with --keytab" "$SMTPDBG" "$T" --principal a@B
for o in --gss-service --gss-host --keytab --principal; do
	expect_out "$o" "$SMTPDBG" run --help
	expect_out "$o" "$SMTPDBG" 127.0.0.1 --help
done
expect_out "Kerberos (GSSAPI)" "$SMTPDBG" run --help
expect_line "$("$SMTPDBG" completion words mechanisms | grep -x GSSAPI)" echo GSSAPI
finish
