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

# serve_start LOG ARGS...: smtpdbg serve ARGS on a free loopback port in
# the background ($pid), its log in LOG; $port once it listens. The log
# exists before the first look for the port (sed would complain).
serve_start() {
	serve_log=$1; shift
	: >"$serve_log"
	"$SMTPDBG" serve --listen 127.0.0.1:0 "$@" >"$serve_log" 2>&1 &
	pid=$!
	port=
	_i=0
	while [ $_i -lt 150 ] && [ -z "$port" ]; do
		port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$serve_log")
		[ -n "$port" ] || sleep 0.1
		_i=$((_i + 1))
	done
	[ -n "$port" ] || { echo "FAIL: the server did not start"; cat "$serve_log"; exit 1; }
}

# run_keep NAME WANT ARGS...: smtpdbg run ARGS (a 10 s timeout), stdout in
# $work/NAME.out and stderr in $work/NAME.err; the exit status must be WANT.
run_keep() {
	_name=$1 _want=$2; shift 2
	checks=$((checks + 1))
	"$SMTPDBG" run --timeout 10 "$@" >"$work/$_name.out" 2>"$work/$_name.err"
	_got=$?
	if [ "$_got" -ne "$_want" ]; then
		echo "FAIL: $_name: exit $_got, want $_want"
		sed 's/^/  | /' "$work/$_name.out" "$work/$_name.err" | tail -n 20
		failures=$((failures + 1))
	fi
}

# out_has FILE TEXT, out_lacks FILE TEXT: $work/FILE has (lacks) the fixed TEXT.
out_has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$work/$1" || { echo "FAIL: $1 lacks '$2'"; failures=$((failures + 1)); }
}
out_lacks() {
	checks=$((checks + 1))
	if grep -qF -- "$2" "$work/$1"; then
		echo "FAIL: $1 has '$2'"
		failures=$((failures + 1))
	fi
}

finish() {
	echo "$((checks - failures)) passed, $failures failed"
	[ "$failures" -eq 0 ]
}
