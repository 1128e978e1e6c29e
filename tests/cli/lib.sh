# Shared helpers for the command-line tests. Each test script is run by ctest
# as `sh tests/cli/test_X.sh PATH-TO-SMTPDBG` and sources this file.
set -u
SMTPDBG=${1:?usage: $0 path-to-smtpdbg}
failures=0
checks=0

# expect_status WANT CMD...: run CMD, compare its exit status.
expect_status() {
	want=$1; shift
	checks=$((checks + 1))
	"$@" >/dev/null 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: exit $got, want $want: $*"
		failures=$((failures + 1))
	fi
}

# expect_out PATTERN CMD...: stdout+stderr of CMD must contain the fixed string.
expect_out() {
	pat=$1; shift
	checks=$((checks + 1))
	out=$("$@" 2>&1)
	case "$out" in
	*"$pat"*) ;;
	*) echo "FAIL: output of '$*' lacks '$pat'"; echo "$out" | sed 's/^/  | /'
	   failures=$((failures + 1)) ;;
	esac
}

# expect_no_out PATTERN CMD...: the fixed string must not appear.
expect_no_out() {
	pat=$1; shift
	checks=$((checks + 1))
	out=$("$@" 2>&1)
	case "$out" in
	*"$pat"*) echo "FAIL: output of '$*' contains '$pat'"; failures=$((failures + 1)) ;;
	esac
}

# expect_line LINE CMD...: stdout of CMD must be exactly LINE.
expect_line() {
	want=$1; shift
	checks=$((checks + 1))
	got=$("$@" 2>/dev/null)
	if [ "$got" != "$want" ]; then
		echo "FAIL: '$*' printed '$got', want '$want'"
		failures=$((failures + 1))
	fi
}

finish() {
	echo "$((checks - failures)) passed, $failures failed"
	[ "$failures" -eq 0 ]
}
