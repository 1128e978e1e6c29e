# --password-file reads at most 4 KiB: /dev/zero or a big file by mistake
# is refused at once with a clear message (exit 2), before any connection.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_pw() { "$SMTPDBG" run --auth PLAIN --user u --password-file "$1" --timeout 1 127.0.0.1:1; }

if [ -r /dev/zero ]; then
	expect_status 2 run_pw /dev/zero
	expect_out "/dev/zero is longer than 4 KiB" run_pw /dev/zero
fi
head -c 5000 /dev/zero | tr '\0' 'a' >"$work/big"
expect_out "is longer than 4 KiB" run_pw "$work/big"
# A first line within 4 KiB is read, whatever follows it.
{ echo secret; head -c 8000 /dev/zero | tr '\0' 'a'; } >"$work/long-tail"
expect_no_out "longer than 4 KiB" run_pw "$work/long-tail"
: >"$work/empty"
expect_out "is empty" run_pw "$work/empty"
printf 'a\0b\n' >"$work/nul"
expect_out "contains a NUL byte" run_pw "$work/nul"
echo secret >"$work/ok"
# Read fine: the run goes on to the connection (refused on port 1: exit 10).
expect_status 10 run_pw "$work/ok"

finish
